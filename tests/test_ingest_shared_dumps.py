"""Both real dumps read in place (ANT folder, SaudiNewsNet .jsonl.gz), skips grouped by reason."""

from __future__ import annotations

import json
import sqlite3

from click.testing import CliRunner

from marsad.cli import cli
from tests.conftest import SHARED, require_shared


def test_real_dumps_are_read_in_place_and_skips_grouped(tmp_path, db_path):
    ant = require_shared(SHARED / "data" / "ant" / "technology")
    snn = require_shared(SHARED / "data" / "saudinewsnet" / "2015-07-21.jsonl.gz")
    errors = tmp_path / "errors.jsonl"
    args = ["ingest", str(ant), str(snn), "--db", str(db_path), "--no-enrich", "--no-dedup", "--errors", str(errors)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    skipped = [json.loads(line) for line in errors.open(encoding="utf-8")]
    assert skipped and {s["reason"] for s in skipped} <= {"no_article", "empty"}
    assert result.exit_code == 1  # some records have no body: said, and the run went on
    assert "skipped (no_article:" in result.output
    with sqlite3.connect(db_path) as conn:
        formats = dict(conn.execute("SELECT format, count(DISTINCT article_id) FROM provenances GROUP BY format"))
        crawl = conn.execute("SELECT fetched_at FROM provenances WHERE format = 'snn' LIMIT 1").fetchone()[0]
    assert formats["ant"] >= 40 and formats["snn"] > 1000
    assert crawl.startswith("2015-07-2")  # SaudiNewsNet's crawl time is kept as provenance
