"""``marsad stats``: what the database holds."""

from __future__ import annotations

import json

import click

from marsad.cli import cli
from marsad.cli.options import db_option
from marsad.store import open_store


@cli.command("stats")
@db_option
def stats_command(db: str | None) -> None:
    """Print counts of articles by source, language and month as JSON.

    Example:
        marsad stats --db news.db
    """
    with open_store(db) as store:
        click.echo(json.dumps(store.stats(), ensure_ascii=False, indent=1))
