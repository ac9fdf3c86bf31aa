"""``marsad article`` and ``marsad compare``: why articles were joined, or kept apart."""

from __future__ import annotations

import json

import click

from marsad.cli import cli
from marsad.cli.options import db_option
from marsad.explain import NotFound, compare_articles, describe_article
from marsad.store import open_store


@cli.command("article")
@click.argument("id_or_url")
@db_option
@click.option("--json", "as_json", is_flag=True, default=True, help="Print JSON (the default).")
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
    click.echo(json.dumps(data, ensure_ascii=False, indent=1))


@cli.command("compare")
@click.argument("first")
@click.argument("second")
@db_option
@click.option("--json", "as_json", is_flag=True, default=True, help="Print JSON (the default).")
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
    click.echo(json.dumps(data, ensure_ascii=False, indent=1, default=str))
