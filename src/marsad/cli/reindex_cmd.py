"""``marsad reindex``: rebuild the full-text index from the stored articles."""

from __future__ import annotations

import json
import time

import click

from marsad.cli import cli
from marsad.cli.options import db_option, engine_option
from marsad.store import open_store


@cli.command("reindex")
@db_option
@engine_option
def reindex_command(db: str | None, engine: str | None) -> None:
    """Rebuild the search index from the articles table (after an analyzer change, or to repair it).

    The index is derived data: rebuilding it changes no article. ``--engine tantivy`` builds the
    tantivy index beside the database and makes it the store's search engine (kept current on
    every ingest from then on); ``--engine fts5`` rebuilds FTS5 and makes it the engine again.
    Prints a JSON summary.

    Example:
        marsad reindex --db news.db
        marsad reindex --db news.db --engine tantivy
    """
    started = time.perf_counter()
    with open_store(db, engine=engine) as store:
        count = store.reindex()
        chosen = getattr(store, "engine", "fts5")
        if chosen == "fts5":
            store.conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('optimize')")
    seconds = round(time.perf_counter() - started, 2)
    click.echo(json.dumps({"engine": chosen, "indexed": count, "seconds": seconds}))
