"""The server's result cache: pages cut from one ranking, the finished-page cache and the tier
shared by worker processes, all over real SQLite files."""

from __future__ import annotations

import threading

import pytest
from fastapi.testclient import TestClient

from marsad.data import sample_corpus_path
from marsad.models import Article
from marsad.pipeline import ingest_paths
from marsad.search.query import parse_query
from marsad.serve import create_app
from marsad.serve.cache import RANKS_AHEAD, ResultCache, SharedResults
from marsad.store import SqliteStore
from tests.serve_fixtures import build_news_db


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("sample") / "sample.db"
    with SqliteStore(path) as store:
        ingest_paths([str(sample_corpus_path())], store)
    return path


def _ids(payload: dict) -> list[str]:
    return [hit["id"] for hit in payload["hits"]]


def test_pages_cut_from_one_ranking_equal_pages_searched_one_by_one(sample_db):
    with SqliteStore(sample_db) as store, TestClient(create_app(sample_db)) as client:
        for text in ("تونس", "الحكومة الجديدة", '"وزير الخارجية"', "كرة sort:newest"):
            for offset in (0, 10, 20, RANKS_AHEAD - 10, RANKS_AHEAD):  # the last one lies past the cached ranks
                got = client.get("/api/search", params={"q": text, "limit": 10, "offset": offset}).json()
                direct = store.search(parse_query(text), limit=10, offset=offset)
                assert _ids(got) == [hit.article.id for hit in direct.hits], (text, offset)
                assert got["total"] == direct.total


def test_a_cached_search_page_shows_an_article_ingested_after_it(tmp_path):
    path = tmp_path / "live.db"
    build_news_db(path)
    with TestClient(create_app(path)) as client:
        before = client.get("/search", params={"q": "المنتخب"}).text
        assert client.get("/search", params={"q": "المنتخب"}).text == before  # served from the page cache
        assert "يتأهل" not in before
        with SqliteStore(path) as writer:
            writer.add_articles([Article(title="المنتخب يتأهل", body=["تأهل المنتخب إلى النهائي."], source="هسبريس")])
        assert "يتأهل" in client.get("/search", params={"q": "المنتخب"}).text


def test_the_page_cache_keeps_each_digit_style_apart(sample_db):
    with TestClient(create_app(sample_db)) as client:
        arab = client.get("/search", params={"q": "تونس"}).text
        client.cookies.set("digits", "latn")
        latn = client.get("/search", params={"q": "تونس"}).text
        assert arab != latn
        assert "٠" in arab or "١" in arab or "٢" in arab
        client.cookies.clear()
        assert client.get("/search", params={"q": "تونس"}).text == arab


def test_workers_share_results_through_the_shared_file(tmp_path, sample_db):
    shared = tmp_path / "results.sqlite"
    first, second = ResultCache(shared=SharedResults(shared)), ResultCache(shared=SharedResults(shared))
    calls: list[str] = []
    with SqliteStore(sample_db) as store:
        value = first.get_or_compute(store, ("facets", "تونس"), lambda: calls.append("first") or {"n": 1})
        again = second.get_or_compute(store, ("facets", "تونس"), lambda: calls.append("second") or {"n": 2})
        kept = second.get_or_compute(store, ("page", 1), lambda: calls.append("local") or [1], share=False)
        alone = first.get_or_compute(store, ("page", 1), lambda: calls.append("not shared") or [2], share=False)
    assert value == again == {"n": 1}
    assert (kept, alone) == ([1], [2])
    assert calls == ["first", "local", "not shared"]


def test_a_new_generation_is_never_served_an_older_shared_value(tmp_path):
    path = tmp_path / "live.db"
    build_news_db(path)
    shared = SharedResults(tmp_path / "results.sqlite")
    with SqliteStore(path) as store:
        ResultCache(shared=shared).get_or_compute(store, ("k",), lambda: "old")
        store.add_articles([Article(title="خبر جديد", body=["نص الخبر الجديد هنا."], source="هسبريس")])
        assert ResultCache(shared=shared).get_or_compute(store, ("k",), lambda: "new") == "new"


def test_values_that_cannot_be_pickled_stay_in_the_process(tmp_path, sample_db):
    shared = SharedResults(tmp_path / "results.sqlite")
    lock = threading.Lock()  # not picklable
    with SqliteStore(sample_db) as store:
        assert ResultCache(shared=shared).get_or_compute(store, ("lock",), lambda: lock) is lock
        assert ResultCache(shared=shared).get_or_compute(store, ("lock",), lambda: "computed") == "computed"


def test_a_broken_shared_file_is_a_miss_not_an_error(tmp_path, sample_db):
    shared = SharedResults(tmp_path / "results.sqlite")
    shared.close()  # every read and write now fails
    with SqliteStore(sample_db) as store:
        assert ResultCache(shared=shared).get_or_compute(store, ("k",), lambda: 42) == 42


def test_serve_with_two_workers_answers_on_one_port_and_removes_its_shared_cache(tmp_path):
    """``marsad serve --workers 2``: one port (a socket per worker), both processes serve, and the
    shared result file lives only as long as the server."""
    import glob
    import os
    import re
    import signal
    import subprocess
    import sys
    import urllib.request

    path = tmp_path / "news.db"
    build_news_db(path)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "TMPDIR": str(scratch)}
    cmd = [sys.executable, "-m", "marsad", "serve", "--db", str(path), "--port", "0", "--workers", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        for line in proc.stdout:
            if match := re.search(r"(http://127\.0\.0\.1:\d+)/ \(2 processes\)", line):
                break
        else:
            raise AssertionError("no address printed")
        for _ in range(20):  # fresh connections: the kernel spreads them over both workers
            with urllib.request.urlopen(match.group(1) + "/search?q=%D8%BA%D8%B2%D8%A9", timeout=10) as response:
                assert response.status == 200
                assert "غزة" in response.read().decode()
        assert glob.glob(str(scratch / "marsad-serve-*" / "results.sqlite"))
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=20)
    assert not glob.glob(str(scratch / "marsad-serve-*")), "the shared cache outlived the server"


def test_serve_with_workers_refuses_a_port_another_server_holds(tmp_path):
    """With a socket per worker (``SO_REUSEPORT``), a second server must not silently join the first's port."""
    import socket
    import subprocess
    import sys

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        cmd = [sys.executable, "-m", "marsad", "serve", "--db", str(tmp_path / "x.db"), "--no-sample"]
        done = subprocess.run([*cmd, "--port", str(port), "--workers", "2"], capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr
