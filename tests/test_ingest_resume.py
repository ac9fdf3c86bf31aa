"""Killing ingest at any point and running it again stores every article exactly once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

DOC = (
    "<DOC>\n<DOCNO>R-{i}</DOCNO>\n<SRC>Test</SRC>\n<TITLE>خبر رقم {i}</TITLE>\n"
    "<TIME>01/12/2016</TIME>\n<TEXT>\n{body}\n</TEXT>\n</DOC>\n"
)


def count(db: Path) -> int:
    try:
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_kill_mid_ingest_then_resume(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    total = 3000
    for i in range(total):
        body = f"هذا نص الخبر رقم {i} عن موضوع {i % 37} في مدينة {i % 11}."
        (corpus / f"{i:05d}.xml").write_text(DOC.format(i=i, body=body), encoding="utf-8")
    db = tmp_path / "news.db"
    # Batching and transactions are what is under test; enrichment and dedup only slow it down.
    command = [
        sys.executable,
        "-m",
        "marsad",
        "ingest",
        str(corpus),
        "--db",
        str(db),
        "--quiet",
        "--no-enrich",
        "--no-dedup",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while count(db) == 0 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    partial = count(db)
    assert partial < total, "ingest finished before it could be killed; make the corpus larger"

    finished = subprocess.run(command, capture_output=True, text=True, check=False)
    assert finished.returncode == 0, finished.stderr
    assert count(db) == total
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(DISTINCT id) FROM articles").fetchone()[0] == total
        assert conn.execute("SELECT count(*) FROM provenances").fetchone()[0] == total
        assert conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == total
