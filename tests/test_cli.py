"""The CLI end to end on real files, with the database reopened and checked afterwards."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from marsad.cli import cli
from marsad.data import sample_corpus_path

ANT_DOC = """<DOC>
<DOCNO>TEST-1</DOCNO>
<URL>http://example.org/a/1</URL>
<SRC>Jawhara FM</SRC>
<CAT>sport</CAT>
<TITLE>{title}</TITLE>
<TIME>2016-12-01T10:00:00+01:00</TIME>
<ABSTRACT></ABSTRACT>
<TEXT>
{body}
</TEXT>
</DOC>
"""


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def article_count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def ids(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute("SELECT id FROM articles")}


def write_ant(path: Path, title: str, body: str) -> Path:
    path.write_text(ANT_DOC.format(title=title, body=body), encoding="utf-8")
    return path


def test_ingest_twice_stores_nothing_new(tmp_path, db_path):
    sample = str(sample_corpus_path())
    first = run("ingest", sample, "--db", str(db_path))
    assert first.exit_code == 0, first.output
    count = article_count(db_path)
    assert count > 300
    second = run("ingest", sample, "--db", str(db_path))
    assert second.exit_code == 0
    assert "0 new" in second.output and f"{count} already known" in second.output
    assert article_count(db_path) == count


def test_bad_inputs_are_skipped_with_reasons_and_nothing_stored_changes(tmp_path, db_path):
    good = write_ant(tmp_path / "good.xml", "النجم الساحلي يفوز", "فاز النجم الساحلي على الترجي في سوسة.")
    assert run("ingest", str(good), "--db", str(db_path)).exit_code == 0
    before = ids(db_path)

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    with (bad / "huge.txt").open("wb") as out:  # 50 MB, written sparsely
        out.seek(50 * 1024 * 1024)
        out.write(b"x")
    cp1256 = write_ant(bad / "cp1256.xml", "الترجي يتعادل", "تعادل الترجي مع الافريقي.")
    cp1256.write_bytes(cp1256.read_text(encoding="utf-8").encode("cp1256"))
    utf16 = write_ant(bad / "utf16.xml", "الصفاقسي يتأهل", "تأهل النادي الصفاقسي إلى النهائي.")
    utf16.write_bytes(utf16.read_text(encoding="utf-8").encode("utf-16"))
    errors = tmp_path / "errors.jsonl"

    result = run("ingest", str(bad), "--db", str(db_path), "--errors", str(errors))
    assert result.exit_code == 1  # something failed, and the exit status says so
    reasons = {json.loads(line)["input"].rsplit("/", 1)[-1]: json.loads(line)["reason"] for line in errors.open()}
    assert reasons == {"empty.txt": "empty", "binary.txt": "binary", "huge.txt": "too_large"}
    assert "skipped" in result.output and "too_large" in result.output
    after = ids(db_path)
    assert before <= after and len(after) == len(before) + 2  # cp1256 and UTF-16 pages were stored
    titles = {row[0] for row in sqlite3.connect(db_path).execute("SELECT title FROM articles")}
    assert {"الترجي يتعادل", "الصفاقسي يتأهل"} <= titles


def test_stdin_and_globs(tmp_path, db_path):
    page = ANT_DOC.format(title="خبر من المدخل القياسي", body="نص الخبر القادم من المدخل القياسي.")
    assert run("ingest", "-", "--db", str(db_path), input=page.encode()).exit_code == 0
    write_ant(tmp_path / "x1.xml", "خبر أول", "نص الخبر الأول هنا.")
    write_ant(tmp_path / "x2.xml", "خبر ثان", "نص الخبر الثاني هنا.")
    assert run("ingest", str(tmp_path / "x*.xml"), "--db", str(db_path)).exit_code == 0
    assert article_count(db_path) == 3


def test_search_json_and_errors(tmp_path, db_path):
    run("ingest", str(sample_corpus_path()), "--db", str(db_path))
    result = run("search", "كرة", "القدم", "--db", str(db_path), "--json")
    data = json.loads(result.output)
    assert data["total"] > 0 and data["hits"][0]["title"]
    bad = CliRunner().invoke(cli, ["search", '"unclosed', "--db", str(db_path)])
    assert bad.exit_code == 2 and "quotes" in bad.output and "Traceback" not in bad.output


def test_stats_and_default_db_from_environment(tmp_path, monkeypatch):
    db = tmp_path / "env.db"
    monkeypatch.setenv("MARSAD_DB", str(db))
    write_ant(tmp_path / "a.xml", "خبر", "نص قصير للخبر.")
    assert run("ingest", str(tmp_path / "a.xml")).exit_code == 0
    stats = json.loads(run("stats").output)
    assert stats["articles"] == 1 and stats["sources"] == {"Jawhara FM": 1}
    assert db.exists()


def test_demo_runs_the_main_job(db_path):
    result = run("demo", "--db", str(db_path))
    assert result.exit_code == 0
    assert "Latest articles" in result.output and "results" in result.output


def test_export_jsonl_and_csv_round_trip(tmp_path, db_path):
    import csv

    run("ingest", str(sample_corpus_path()), "--db", str(db_path))
    out = tmp_path / "all.jsonl"
    assert run("export", "--db", str(db_path), "-o", str(out)).exit_code == 0
    rows = [json.loads(line) for line in out.open(encoding="utf-8")]
    assert len(rows) == article_count(db_path) and ids(db_path) == {r["id"] for r in rows}
    csv_out = tmp_path / "football.csv"
    assert run("export", "--db", str(db_path), "--format", "csv", "--query", "كرة", "-o", str(csv_out)).exit_code == 0
    matches = list(csv.DictReader(csv_out.open(encoding="utf-8")))
    assert 0 < len(matches) < len(rows)
    assert all(m["body"] for m in matches)
