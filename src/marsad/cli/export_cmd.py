"""``marsad export``: stored articles as JSON Lines or CSV, all of them or a search's matches."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import TextIO

import click

from marsad.cli import cli
from marsad.cli.options import db_option
from marsad.search.query import QueryError
from marsad.store import open_store
from marsad.store.base import StoredArticle
from marsad.store.sqlite import SqliteStore

CSV_FIELDS = ["id", "title", "published_date", "published_time", "published_at", "source", "url", "language", "tags"]


@cli.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--query", default=None, help="Export only the matches of this search.")
@click.option(
    "--output", "-o", type=click.File("w", encoding="utf-8"), default="-", help="Output file (default: stdout)."
)
def export_command(db: str | None, fmt: str, query: str | None, output: TextIO) -> None:
    """Export stored articles (streaming, any size) as JSON Lines or CSV.

    Example:
        marsad export --query 'source:الرياض from:2015-07-01' --format csv -o riyadh.csv
    """
    with open_store(db) as store:
        try:
            articles = _select(store, query)
            count = write_jsonl(articles, output) if fmt == "jsonl" else write_csv(articles, output)
        except QueryError as error:
            raise click.UsageError(str(error)) from None
    click.echo(f"exported {count} articles", err=True)


def _select(store: SqliteStore, query: str | None) -> Iterator[StoredArticle]:
    if not query:
        yield from store.iter_articles()
        return
    page_size, offset = 500, 0
    while True:
        results = store.search(query, limit=page_size, offset=offset)
        yield from (hit.article for hit in results.hits)
        offset += page_size
        if offset >= results.total:
            return


def write_jsonl(articles: Iterator[StoredArticle], out: TextIO) -> int:
    """One JSON object per line; returns how many were written."""
    count = 0
    for stored in articles:
        out.write(json.dumps(stored.to_dict(), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(articles: Iterator[StoredArticle], out: TextIO) -> int:
    """A flat CSV (tags joined by ``|``, body as one field); returns how many were written."""
    writer = csv.DictWriter(out, fieldnames=[*CSV_FIELDS, "body"])
    writer.writeheader()
    count = 0
    for stored in articles:
        data = stored.to_dict()
        row = {name: data.get(name) for name in CSV_FIELDS}
        row["tags"] = "|".join(data["tags"])  # type: ignore[arg-type]
        row["body"] = "\n\n".join(data["body"])  # type: ignore[arg-type]
        writer.writerow(row)
        count += 1
    return count
