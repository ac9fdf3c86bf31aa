"""``marsad search``: ranked results with highlighted snippets."""

from __future__ import annotations

import json

import click
from rich.console import Console

from marsad.cli import cli
from marsad.cli.options import db_option, engine_option
from marsad.search.query import QueryError
from marsad.search.snippet import snippet_to_text
from marsad.store import open_store
from marsad.store.sqlite import SearchResults, SqliteStore


@cli.command("search")
@click.argument("query", nargs=-1, required=True)
@db_option
@engine_option
@click.option("--limit", default=10, show_default=True, help="Results per page.")
@click.option("--offset", default=0, help="Skip this many results.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option("--any", "match_any", is_flag=True, help="Rank articles with any of the words (for a whole headline).")
@click.option("--recency", default=0.0, show_default=True, help="Weight of the prior for newer articles.")
def search_command(
    query: tuple[str, ...],
    db: str | None,
    engine: str | None,
    limit: int,
    offset: int,
    as_json: bool,
    match_any: bool,
    recency: float,
) -> None:
    """Search stored articles (words, "phrases", -exclude, OR, source:, tag:, lang:, from:, to:).

    Example:
        marsad search 'غزة "وقف إطلاق النار" from:2024-06-01'
    """
    with open_store(db, engine=engine) as store:
        options: dict[str, object] = {}
        if isinstance(store, SqliteStore):  # ranking options of the SQLite store's engines
            options = {"match": "any" if match_any else None, "recency": recency, "collapse": True}
        elif match_any or recency:
            raise click.UsageError("--any and --recency need the SQLite store")
        try:
            results = store.search(" ".join(query), limit=limit, offset=offset, **options)  # type: ignore[call-arg]
        except QueryError as error:
            raise click.UsageError(str(error)) from None
    if as_json:
        click.echo(json.dumps(results_to_json(results), ensure_ascii=False, indent=1))
    else:
        print_results(Console(), results)


def results_to_json(results: SearchResults) -> dict[str, object]:
    """The JSON shape of a page of results."""
    return {
        "total": results.total,
        "total_is_lower_bound": results.total_capped,
        "hits": [
            {
                "id": hit.article.id,
                "score": round(hit.score, 4),
                "title": hit.article.article.title,
                "source": hit.article.article.source,
                "published_date": hit.article.article.published.day.isoformat()
                if hit.article.article.published
                else None,
                "snippet": snippet_to_text(hit.snippet),
                "also_in_sources": hit.also_in,
            }
            for hit in results.hits
        ],
    }


def print_results(console: Console, results: SearchResults) -> None:
    """Human-readable results, matches in bold."""
    console.print(f"{results.total}{'+' if results.total_capped else ''} results")
    for rank, hit in enumerate(results.hits, 1):
        article = hit.article.article
        day = article.published.day.isoformat() if article.published else "—"
        also = f" (also in {hit.also_in} sources)" if hit.also_in else ""
        console.print(f"[bold]{rank}. {article.title}[/]  [dim]{article.source or ''} {day} {hit.article.id}{also}[/]")
        console.print("   " + snippet_to_text(hit.snippet, before="[bold yellow]", after="[/]"), highlight=False)
