"""``marsad demo``: the main job on the embedded default (SQLite + the bundled sample)."""

from __future__ import annotations

import click
from rich.console import Console

from marsad.cli import cli
from marsad.cli.options import db_option
from marsad.cli.search_cmd import print_results
from marsad.data import sample_corpus_path
from marsad.pipeline import ingest_paths
from marsad.store import open_store


@cli.command("demo")
@db_option
@click.option("--query", default="كرة القدم", show_default=True, help="The search to show.")
def demo_command(db: str | None, query: str) -> None:
    """Ingest the bundled sample corpus, then show the latest articles and a search.

    Example:
        marsad demo --db demo.db
    """
    console = Console()
    with open_store(db) as store:
        report = ingest_paths([str(sample_corpus_path())], store)
        console.print(f"[bold]Database[/] {store.path}")
        console.print(f"Bundled sample: {report.articles} articles, {report.new} new, {report.known} already stored")
        console.rule("Latest articles")
        for stored in store.latest(10):
            article = stored.article
            day = article.published.day.isoformat() if article.published else "—"
            console.print(f"{day}  {article.title}  [dim]{article.source or ''}[/]")
        console.rule(f"Search: {query}")
        print_results(console, store.search(query, limit=5))
