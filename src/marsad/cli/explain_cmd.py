"""``marsad article`` and ``marsad compare``: why articles were joined, or kept apart."""

from __future__ import annotations

import json
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from marsad.cli import cli
from marsad.cli.options import db_option
from marsad.explain import NotFound, compare_articles, describe_article
from marsad.store import open_store

SCORES = (
    "jaccard",
    "containment",
    "coverage",
    "title_similarity",
    "story_similarity",
    "hours_apart",
    "semantic_similarity",
)


@cli.command("article")
@click.argument("id_or_url")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the whole record as JSON.")
def article_command(id_or_url: str, db: str | None, as_json: bool) -> None:
    """Show a stored article with its copy group, story and related articles.

    Example:
        marsad article 32c5603acf0c82b2 --json
    """
    with open_store(db) as store:
        try:
            data = describe_article(store, id_or_url)
        except NotFound as error:
            raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        print_article(Console(), data)


@cli.command("compare")
@click.argument("first")
@click.argument("second")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the decision and scores as JSON.")
@click.option("--semantic", is_flag=True, help="Also report embedding similarity (needs marsad[semantic]).")
def compare_command(first: str, second: str, db: str | None, as_json: bool, semantic: bool) -> None:
    """Decide copy / same_story / different for two stored articles, with scores and the reason.

    Example:
        marsad compare 32c5603acf0c82b2 3436bb29d1afb51c --json
    """
    with open_store(db) as store:
        try:
            data = compare_articles(store, first, second, semantic=semantic)
        except NotFound as error:
            raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=1, default=str))
    else:
        print_comparison(Console(), data)


def print_article(console: Console, data: dict[str, Any]) -> None:
    """The article's headline facts, then its copy group, story, related and read-also lists."""
    console.print(f"[bold]{escape(data['title'])}[/bold]  [dim]{data['id']}[/dim]")
    console.print(
        f"{escape(data.get('source') or '-')} · {data.get('published_date') or '-'} · {data.get('url') or ''}"
    )
    group = data["copy_group"]
    role = "canonical" if group["is_canonical"] else f"copy of {group['canonical']}"
    console.print(f"copy group: {role}; {len(group['copies'])} other member(s) {', '.join(group['copies'])}")
    story = data.get("story")
    console.print(f"story: {story['id']} ({len(story['articles'])} articles)" if story else "story: none")
    for label in ("related", "read_also"):
        console.print(f"{label}:" if data[label] else f"{label}: none")
        for item in data[label]:
            title = escape(item.get("title") or "")
            console.print(f"  {item['id']}  {title}  [dim]{escape(item.get('source') or '')}[/dim]")


def print_comparison(console: Console, data: dict[str, Any]) -> None:
    """The decision and its reason, then the scores behind it."""
    for side in ("a", "b"):
        brief = data[side]
        console.print(
            f"{side}: {brief['id']}  {escape(brief.get('title') or '')}  [dim]{escape(brief.get('source') or '')}[/dim]"
        )
    console.print(f"[bold]{data['decision']}[/bold]: {escape(str(data.get('reason') or ''))}")
    table = Table("score", "value")
    for name in SCORES:
        if data.get(name) is not None:
            table.add_row(name, str(data[name]))
    for found in data.get("substitutions") or ():  # figures, dates, places, names that differ
        table.add_row("substitution", escape(str(found)))
    console.print(table)
