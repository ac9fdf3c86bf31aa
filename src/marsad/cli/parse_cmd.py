"""``marsad parse``: print the articles found in pages as JSON."""

from __future__ import annotations

import click

from marsad.cli import cli


@cli.command("parse")
@click.argument("paths", nargs=-1, required=True)
def parse_command(paths: tuple[str, ...]) -> None:
    """Parse pages and print their articles as JSON (nothing is stored).

    Example:
        marsad parse ../shared/samples/000_89b64a676fe35307.txt
    """
    raise click.ClickException("not implemented yet")
