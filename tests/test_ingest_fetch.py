"""HTTP fetching against a real http.server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import contextlib
import gzip
import http.server
import itertools
import threading
import time
from pathlib import Path

import pytest

from marsad.ingest.fetch import (
    CacheEntry,
    FeedState,
    Fetcher,
    FetchError,
    MemoryCache,
    PublicOnlyBackend,
    fetch_articles,
    poll_feed,
    refuse_private_host,
)
from marsad.parse.errors import ParseError
from marsad.parse.html import parse_html

PAGE = (Path(__file__).parent / "fixtures" / "article_jsonld.html").read_bytes()
ROBOTS = b"User-agent: *\nDisallow: /private/\n"
ITEM = """<item><title>{title}</title><link>http://feeds.test/{guid}</link><guid>{guid}</guid>
<pubDate>Wed, 01 May 2024 09:00:00 GMT</pubDate><description>{title} - نص الخبر.</description></item>"""


def rss(items: list[tuple[str, str]]) -> bytes:
    body = "".join(ITEM.format(guid=g, title=t) for g, t in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>موجز</title>{body}</channel></rss>'.encode()


class Site:
    """Mutable state the handler serves; the tests change it between requests."""

    def __init__(self) -> None:
        self.requests: list[tuple[float, str, dict[str, str]]] = []
        self.feed_items = [("g1", "الخبر الأول"), ("g2", "الخبر الثاني")]
        self.feed_version = 1
        self.robots_status = 200


class Handler(http.server.BaseHTTPRequestHandler):
    site: Site

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.site.requests.append((time.monotonic(), self.path, dict(self.headers.items())))
        route = self.path.split("?")[0]
        if route == "/robots.txt":
            return self.reply(self.site.robots_status, ROBOTS, "text/plain")
        if route in ("/article.html", "/private/secret.html"):
            return self.conditional(PAGE, etag='"page-v1"', ctype="text/html; charset=utf-8")
        if route.startswith("/hop/"):
            left = int(route.rsplit("/", 1)[1])
            target = "/article.html" if left == 0 else f"/hop/{left - 1}"
            return self.reply(302, b"", "text/plain", {"Location": target})
        if route == "/to-file":
            return self.reply(302, b"", "text/plain", {"Location": "file:///etc/passwd"})
        if route == "/gzip":
            return self.reply(200, gzip.compress(PAGE), "text/html", {"Content-Encoding": "gzip"})
        if route == "/bomb":
            return self.reply(200, gzip.compress(b" " * 3_000_000), "text/html", {"Content-Encoding": "gzip"})
        if route == "/big":
            return self.reply(200, b"x" * 300_000, "text/plain")
        if route == "/summary-feed.xml":
            host = f"http://{self.headers['Host']}"
            items = [(f"{host}/article.html", "وزير الخارجية يبحث تثبيت وقف إطلاق النار"), (f"{host}/gone", "خبر حذف")]
            body = "".join(
                f"<item><title>{title}</title><link>{link}</link><description>ملخص قصير.</description></item>"
                for link, title in items
            )
            return self.reply(
                200,
                f'<rss version="2.0"><channel><title>ملخصات</title>{body}</channel></rss>'.encode(),
                "application/rss+xml",
            )
        if route == "/busy":
            return self.reply(429, b"slow down", "text/plain", {"Retry-After": "1"})
        if route == "/slow":
            time.sleep(1.5)
            return self.reply(200, b"late", "text/plain")
        if route == "/feed.xml":
            tag = f'"feed-v{self.site.feed_version}"'
            return self.conditional(rss(self.site.feed_items), etag=tag, ctype="application/rss+xml")
        return self.reply(404, b"not here", "text/plain")

    def conditional(self, body: bytes, *, etag: str, ctype: str) -> None:
        if self.headers.get("If-None-Match") == etag:
            return self.reply(304, b"", ctype, {"ETag": etag})
        return self.reply(200, body, ctype, {"ETag": etag, "Last-Modified": "Wed, 01 May 2024 09:00:00 GMT"})

    def reply(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if body:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)


@pytest.fixture
def server():
    site = Site()
    handler = type("BoundHandler", (Handler,), {"site": site})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield base, site
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def fetcher():
    with Fetcher(allow_private=True, min_interval=0.0, timeout=0.5, max_bytes=200_000) as client:
        yield client


def paths(site: Site) -> list[str]:
    return [path for _, path, _ in site.requests]


def test_fetch_page_with_user_agent_and_robots(server, fetcher):
    base, site = server
    result = fetcher.fetch(base + "/article.html")
    assert result.status == 200 and result.content == PAGE
    assert result.content_type == "text/html"
    assert result.fetched_at.tzinfo is not None
    assert paths(site) == ["/robots.txt", "/article.html"]
    assert all(headers["User-Agent"].startswith("marsad/") for _, _, headers in site.requests)
    [article] = parse_html(result.content, result.to_raw_document().provenance)
    assert article.provenance.url == base + "/article.html"


def test_robots_disallow_is_honoured(server, fetcher):
    base, site = server
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(base + "/private/secret.html")
    assert caught.value.reason == "robots"
    assert isinstance(caught.value, ParseError)
    assert "/private/secret.html" not in paths(site)


def test_private_addresses_refused_by_default(server):
    base, site = server
    with Fetcher(min_interval=0.0) as strict:
        for url in (base + "/article.html", "http://localhost/", "http://10.1.2.3/", "http://[::1]/"):
            with pytest.raises(FetchError) as caught:
                strict.fetch(url)
            assert caught.value.reason == "blocked_address"
    assert site.requests == []  # nothing reached the server
    with pytest.raises(FetchError):
        refuse_private_host("169.254.169.254")  # cloud metadata endpoint


@pytest.mark.parametrize("url", ["ftp://example.com/x", "file:///etc/passwd", "javascript:alert(1)", "http:///x"])
def test_only_http_urls(fetcher, url):
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(url)
    assert caught.value.reason == "bad_url"


def test_redirects_are_followed_and_bounded(server, fetcher):
    base, _site = server
    result = fetcher.fetch(base + "/hop/3")
    assert result.final_url == base + "/article.html" and result.content == PAGE
    assert len(result.redirects) == 4
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(base + "/hop/9")
    assert caught.value.reason == "too_many_redirects"
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(base + "/to-file")
    assert caught.value.reason == "bad_url"


def test_size_cap_timeout_and_http_errors(server, fetcher):
    base, _ = server
    for route, reason in (("/big", "too_large"), ("/bomb", "too_large"), ("/slow", "timeout"), ("/nope", "http_error")):
        with pytest.raises(FetchError) as caught:
            fetcher.fetch(base + route)
        assert caught.value.reason == reason, route
    assert fetcher.fetch(base + "/gzip").content == PAGE  # content-encoding undone


def test_conditional_get_through_the_cache(server):
    base, site = server
    cache = MemoryCache()
    with Fetcher(allow_private=True, min_interval=0.0, cache=cache) as client:
        first = client.fetch(base + "/article.html")
        again = client.fetch(base + "/article.html")
    assert not first.not_modified
    assert again.not_modified and again.status == 304 and again.content == PAGE
    assert site.requests[-1][2]["If-None-Match"] == '"page-v1"'
    entry = cache.get(base + "/article.html")
    restored = CacheEntry.from_dict(entry.to_dict())
    assert (restored.etag, restored.last_modified) == ('"page-v1"', "Wed, 01 May 2024 09:00:00 GMT")


def test_per_host_rate_limit(server):
    base, site = server
    with Fetcher(allow_private=True, min_interval=0.2) as client:
        client.fetch(base + "/article.html")
        client.fetch(base + "/gzip")
    stamps = [stamp for stamp, _, _ in site.requests]  # robots, article, gzip
    assert len(stamps) == 3
    assert all(later - earlier >= 0.19 for earlier, later in itertools.pairwise(stamps))


def test_poll_feed_returns_only_new_items(server, fetcher):
    base, site = server
    state = FeedState(base + "/feed.xml")
    first = poll_feed(state.url, state, fetcher=fetcher)
    assert [a.title for a in first] == ["الخبر الأول", "الخبر الثاني"]
    assert first[0].provenance.url == state.url and first[0].provenance.format == "rss"
    assert state.etag == '"feed-v1"' and state.seen == ["g1", "g2"]
    assert poll_feed(state.url, state, fetcher=fetcher) == []  # 304: nothing parsed
    assert site.requests[-1][2]["If-None-Match"] == '"feed-v1"'
    site.feed_items = [("g3", "الخبر الثالث"), *site.feed_items]
    site.feed_version = 2
    restored = FeedState.from_dict(state.to_dict())  # persisted between polls
    assert [a.title for a in poll_feed(state.url, restored, fetcher=fetcher)] == ["الخبر الثالث"]
    assert restored.etag == '"feed-v2"'


def test_retry_after_holds_the_next_request(server, fetcher):
    base, site = server
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(base + "/busy")
    assert caught.value.reason == "http_error"
    fetcher.fetch(base + "/article.html")
    (busy_at, _, _), (next_at, _, _) = site.requests[-2:]
    assert next_at - busy_at >= 0.9  # Retry-After: 1, though min_interval is 0


@pytest.mark.parametrize(("status", "allowed"), [(404, True), (410, True), (500, False), (503, False)])
def test_unavailable_robots_allows_unreachable_robots_forbids(server, fetcher, status, allowed):
    base, site = server
    site.robots_status = status
    if allowed:
        assert fetcher.fetch(base + "/private/secret.html").status == 200  # no rules were readable
    else:
        with pytest.raises(FetchError) as caught:
            fetcher.fetch(base + "/article.html")
        assert caught.value.reason == "robots"


def test_connect_time_check_refuses_loopback(server):
    base, site = server
    port = int(base.rsplit(":", 1)[1])
    with pytest.raises(FetchError) as caught:
        PublicOnlyBackend().connect_tcp("127.0.0.1", port, timeout=1.0)
    assert caught.value.reason == "blocked_address"
    with Fetcher() as strict, pytest.raises(FetchError) as caught:
        strict._client.get(base + "/article.html")  # past the pre-check: the connection refuses
    assert caught.value.reason == "blocked_address"
    assert site.requests == []


def test_fetch_articles_completes_summary_only_items(server, fetcher):
    base, _ = server
    plain = fetch_articles(base + "/summary-feed.xml", fetcher=fetcher)
    assert [a.body for a in plain] == [["ملخص قصير."], ["ملخص قصير."]]
    full, gone = fetch_articles(base + "/summary-feed.xml", fetcher=fetcher, follow_items=True)
    assert full.extra["full_text"] is True and len(full.body) == 4
    assert full.body[0].startswith("بحث وزير الخارجية")
    assert full.author == "سارة الخطيب" and full.summary == "ملخص قصير."
    assert full.title == "وزير الخارجية يبحث تثبيت وقف إطلاق النار"  # the feed's own title stays
    assert gone.body == ["ملخص قصير."] and gone.extra["full_text_error"] == "http_error"
    [page] = fetch_articles(base + "/article.html", fetcher=fetcher)
    assert page.provenance.format == "html" and page.provenance.url == base + "/article.html"
