"""``marsad reindex`` rebuilds the index that ``marsad search`` reads."""

import json

from click.testing import CliRunner

from marsad.cli import cli
from marsad.models import Article
from marsad.store import SqliteStore


def test_reindex_command_rebuilds_an_emptied_index(db_path):
    with SqliteStore(db_path) as store:
        store.add_articles([Article(title="غزة اليوم", body=["خبر عن غزة."], language="ar")])
        store.conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('delete-all')")
        assert store.search("غزة").total == 0
    result = CliRunner().invoke(cli, ["reindex", "--db", str(db_path)], catch_exceptions=False)
    assert result.exit_code == 0
    assert json.loads(result.output.strip().splitlines()[-1])["indexed"] == 1
    with SqliteStore(db_path) as store:
        assert store.search("غزة").total == 1
