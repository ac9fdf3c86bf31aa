"""``marsad reindex``: rebuild the full-text index from the stored articles."""

from __future__ import annotations

import json
import time

import click

from marsad.cli import cli
from marsad.cli.options import db_option
from marsad.store import open_store


@cli.command("reindex")
@db_option
def reindex_command(db: str | None) -> None:
    """Rebuild the search index from the articles table (after an analyzer change, or to repair it).

    The index is derived data: rebuilding it changes no article. Prints a JSON summary.

    Example:
        marsad reindex --db news.db
    """
    started = time.perf_counter()
    with open_store(db) as store:
        count = store.reindex()
        store.conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('optimize')")
    click.echo(json.dumps({"indexed": count, "seconds": round(time.perf_counter() - started, 2)}))
