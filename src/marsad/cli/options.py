"""Options shared by several commands, declared once."""

from __future__ import annotations

import click

from marsad.store.sqlite import ENV_DB

db_option = click.option(
    "--db",
    "db",
    envvar=ENV_DB,
    type=click.Path(dir_okay=False),
    default=None,
    help=f"SQLite database file (default: ${ENV_DB}, else marsad.db in the user data directory).",
)
