"""The CLI end to end against a real PostgreSQL server (started by .ci/run)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from marsad.cli import cli
from marsad.data import sample_corpus_path
from marsad.store import open_store
from marsad.store.postgres import PostgresStore
from tests.conftest import POSTGRES_DSN, fresh_postgres_database

pytestmark = pytest.mark.skipif(
    not POSTGRES_DSN, reason="PostgreSQL tests need MARSAD_TEST_POSTGRES=postgresql://... (.ci/run starts a server)"
)


def test_ingest_search_stats_on_postgres_are_idempotent():
    with fresh_postgres_database(POSTGRES_DSN or "") as dsn:
        with open_store(dsn) as store:
            assert isinstance(store, PostgresStore)  # a DSN, never mistaken for a SQLite file name
        runner = CliRunner()
        first = runner.invoke(cli, ["ingest", str(sample_corpus_path()), "--db", dsn], catch_exceptions=False)
        assert first.exit_code == 0 and "335 new" in first.output
        again = runner.invoke(cli, ["ingest", str(sample_corpus_path()), "--db", dsn], catch_exceptions=False)
        assert "0 new" in again.output and "335 already known" in again.output
        stats = json.loads(runner.invoke(cli, ["stats", "--db", dsn]).output)
        assert stats["articles"] == 335
        hits = json.loads(runner.invoke(cli, ["search", "كرة", "القدم", "--db", dsn, "--json"]).output)
        assert hits["total"] > 0
