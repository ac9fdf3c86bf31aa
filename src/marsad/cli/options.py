"""Options shared by several commands, declared once."""

from __future__ import annotations

import click

from marsad.store.sqlite import ENGINES, ENV_DB, ENV_ENGINE

db_option = click.option(
    "--db",
    "db",
    envvar=ENV_DB,
    type=click.Path(dir_okay=False),
    default=None,
    help=f"SQLite database file (default: ${ENV_DB}, else marsad.db in the user data directory).",
)

engine_option = click.option(
    "--engine",
    "engine",
    envvar=ENV_ENGINE,
    type=click.Choice(ENGINES),
    default=None,
    help=(
        f"Search engine of the SQLite store (default: ${ENV_ENGINE}, else the store's own: fts5 unless it was "
        "reindexed with tantivy). tantivy needs `pip install 'marsad[tantivy]'` and `marsad reindex --engine tantivy`."
    ),
)
