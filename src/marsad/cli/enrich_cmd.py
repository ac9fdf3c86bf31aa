"""``marsad enrich``: (re)compute keyphrases, entities, topic and summary for stored articles."""

from __future__ import annotations

import click
from rich.console import Console

from marsad.cli import cli
from marsad.cli.options import db_option
from marsad.enrich.apply import STAGES, EnrichOptions, enrich_article, is_current
from marsad.store import open_store


@cli.command("enrich")
@db_option
@click.option("--skip", "skip", multiple=True, type=click.Choice(STAGES), help="Leave this stage out (repeatable).")
@click.option("--all", "redo_all", is_flag=True, help="Recompute even results made by the current models.")
def enrich_command(db: str | None, skip: tuple[str, ...], redo_all: bool) -> None:
    """Enrich stored articles; by default only those whose results are missing or stale.

    Example:
        marsad enrich --skip summary
    """
    options = EnrichOptions.without(list(skip))
    console = Console(stderr=True)
    done = kept = 0
    with open_store(db) as store:
        for stored in list(store.iter_articles()):
            if not redo_all and is_current(stored.article, options):
                kept += 1
                continue
            store.update_enrichment(stored.id, enrich_article(stored.article, options))
            done += 1
    console.print(f"enriched {done} articles, {kept} already current")
