"""``marsad parse``: print the articles found in inputs as JSON, storing nothing."""

from __future__ import annotations

import json

import click

from marsad.cli import cli
from marsad.ingest.sources import iter_input_paths
from marsad.parse.errors import ParseError
from marsad.pipeline import IngestOptions, parse_input


@cli.command("parse")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", default=None, help="Force the input format (default: detected).")
def parse_command(paths: tuple[str, ...], fmt: str | None) -> None:
    """Parse pages and print their articles as a JSON list (nothing is stored).

    Example:
        marsad parse ../shared/samples/000_89b64a676fe35307.txt
    """
    articles, failed = [], False
    for path in iter_input_paths(paths):
        try:
            parsed = parse_input(path, IngestOptions(fmt=fmt))
            for article in parsed:
                data = article.to_dict()
                data["read_also_ids"] = [parsed[i].id for i in article.read_also if 0 <= i < len(parsed)]
                articles.append(data)
        except ParseError as error:
            click.echo(f"skipped {path}: {error}", err=True)
            failed = True
    click.echo(json.dumps(articles, ensure_ascii=False, indent=1))
    if failed:
        raise SystemExit(1)
