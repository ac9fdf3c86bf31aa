"""The ``marsad`` command line: a thin layer over the library, one module per command."""

from __future__ import annotations

import click

from marsad import __version__


@click.group()
@click.version_option(__version__, prog_name="marsad")
def cli() -> None:
    """marsad (مرصد): ingest, parse, search and serve Arabic news."""


def _register() -> None:
    # Each command module adds itself to the group on import; one line per module.
    from marsad.cli import (  # noqa: F401
        demo_cmd,
        enrich_cmd,
        explain_cmd,
        export_cmd,
        ingest_cmd,
        parse_cmd,
        reindex_cmd,
        search_cmd,
        serve_cmd,
        stats_cmd,
        watch_cmd,
    )


_register()
