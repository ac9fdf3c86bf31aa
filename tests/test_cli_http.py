"""``marsad ingest URL`` and ``marsad watch`` against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import http.server
import json
import sqlite3
import threading
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from marsad.cli import cli

PAGE = (Path(__file__).parent / "fixtures" / "article_jsonld.html").read_bytes()
ITEM = (
    "<item><title>{title}</title><link>http://news.test/{guid}</link><guid>{guid}</guid>"
    "<pubDate>Wed, 01 May 2024 09:00:00 GMT</pubDate>"
    "<description>{title}: نص الخبر الكامل كما نشرته الوكالة اليوم.</description></item>"
)


class Feed:
    items: ClassVar[list[tuple[str, str]]] = [("g1", "وزير الخارجية يصل الدوحة"), ("g2", "ارتفاع دخل السياحة بعسير")]
    requests: ClassVar[list[dict[str, str]]] = []


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        Feed.requests.append({"path": self.path, **{k.lower(): v for k, v in self.headers.items()}})
        if self.path == "/robots.txt":
            return self._reply(200, b"User-agent: *\nAllow: /\n", "text/plain")
        if self.path == "/article.html":
            return self._reply(200, PAGE, "text/html; charset=utf-8")
        if self.path == "/rss.xml":
            body = "".join(ITEM.format(guid=g, title=t) for g, t in Feed.items)
            xml = f'<?xml version="1.0"?><rss version="2.0"><channel><title>موجز</title>{body}</channel></rss>'
            etag = f'"v{len(Feed.items)}"'
            if self.headers.get("If-None-Match") == etag:
                return self._reply(304, b"", "application/rss+xml")
            return self._reply(200, xml.encode(), "application/rss+xml", {"ETag": etag})
        return self._reply(404, b"not here", "text/plain")

    def _reply(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def base_url():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_ingest_url_needs_permission_for_loopback(base_url, db_path):
    refused = run("ingest", f"{base_url}/article.html", "--db", str(db_path))
    assert refused.exit_code == 1 and "blocked_address" in refused.output
    allowed = run("ingest", f"{base_url}/article.html", "--db", str(db_path), "--allow-private")
    assert allowed.exit_code == 0 and "1 new" in allowed.output
    with sqlite3.connect(db_path) as conn:
        (url,) = conn.execute("SELECT url FROM provenances").fetchone()
    assert url.startswith(base_url)


def test_watch_stores_only_new_items_and_sends_validators(base_url, db_path, tmp_path):
    state = tmp_path / "feeds.json"
    feed = f"{base_url}/rss.xml"
    args = ["watch", feed, "--db", str(db_path), "--once", "--state", str(state), "--allow-private"]
    Feed.items = Feed.items[:2]
    assert run(*args).exit_code == 0
    assert json.loads(state.read_text())[feed]["etag"] == '"v2"'
    again = run(*args)
    assert "0 new items" in again.output
    assert Feed.requests[-1].get("if-none-match") == '"v2"'  # conditional GET on re-poll
    Feed.items = [*Feed.items, ("g3", "بدء أولى تجارب عبور السفن")]
    third = run(*args)
    assert "1 new items" in third.output
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
