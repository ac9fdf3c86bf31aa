"""Polite HTTP fetching of pages and feeds (httpx), for ``marsad ingest URL`` and ``watch``.

Every request: only ``http``/``https``; robots.txt honoured (RFC 9309, with ``Crawl-delay``);
at most one request per host per ``min_interval`` seconds; connect/read timeouts plus a
deadline for the whole response; a byte cap on the decoded body (gzip bombs included);
redirects followed by hand, at most ``max_redirects``, each hop checked again; a clear
``marsad/<version>`` User-Agent; and private, loopback and link-local addresses refused
unless ``allow_private=True``. Re-polls send ``If-None-Match``/``If-Modified-Since`` from a
small cache interface the caller can persist.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import urllib.robotparser
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from marsad.models import Article, Provenance, RawDocument
from marsad.parse.errors import ParseError

DEFAULT_TIMEOUT = 15.0
DEFAULT_DEADLINE = 60.0
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 5
DEFAULT_MIN_INTERVAL = 1.0
ROBOTS_MAX_BYTES = 512 * 1024
ROBOTS_TTL = 24 * 3600.0  # seconds a robots.txt is trusted before it is read again
ROBOTS_RETRY = 600.0  # seconds before an unreachable robots.txt is tried again
MAX_RETRY_AFTER = 3600
ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/feed+json,application/xml;q=0.9,*/*;q=0.5"
)
_REDIRECTS = {301, 302, 303, 307, 308}


def default_user_agent() -> str:
    """``marsad/<version>``: who is asking, so site owners can tell (and block) us."""
    from marsad import __version__

    return f"marsad/{__version__}"


class FetchError(ParseError):
    """A URL that could not be fetched. Reasons: ``bad_url``, ``blocked_address``,
    ``robots``, ``timeout``, ``too_large``, ``too_many_redirects``, ``http_error``,
    ``unreadable``."""


@dataclass(slots=True)
class CacheEntry:
    """What a later conditional GET needs: validators, and optionally the last body."""

    etag: str | None = None
    last_modified: str | None = None
    content: bytes | None = None
    fetched_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready validators (the body is left out: persist it yourself if wanted)."""
        data = asdict(self)
        data.pop("content")
        data["fetched_at"] = self.fetched_at.isoformat() if self.fetched_at else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CacheEntry:
        """Inverse of :meth:`to_dict`."""
        stamp = data.get("fetched_at")
        return cls(
            etag=data.get("etag"),
            last_modified=data.get("last_modified"),
            fetched_at=datetime.fromisoformat(stamp) if stamp else None,
        )


class FetchCache(Protocol):
    """Where validators live between polls; :class:`MemoryCache` or the lead's store."""

    def get(self, url: str) -> CacheEntry | None: ...

    def put(self, url: str, entry: CacheEntry) -> None: ...


class MemoryCache:
    """A process-local :class:`FetchCache`."""

    def __init__(self) -> None:
        self._entries: dict[str, CacheEntry] = {}

    def get(self, url: str) -> CacheEntry | None:
        return self._entries.get(url)

    def put(self, url: str, entry: CacheEntry) -> None:
        self._entries[url] = entry


@dataclass(slots=True)
class FetchResult:
    """One fetched URL. ``not_modified`` means a 304: ``content`` is the cached body or empty."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    content: bytes
    fetched_at: datetime
    not_modified: bool = False
    redirects: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower-cased (``text/html``)."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def to_raw_document(self) -> RawDocument:
        """The body with its provenance (final URL, fetch time) for ``parse_document``."""
        return RawDocument(self.content, Provenance(url=self.final_url, fetched_at=self.fetched_at))


class Fetcher:
    """A polite HTTP client; use as a context manager or call :meth:`close`.

    Meant for one thread: the per-host wait sleeps while holding the fetcher's lock.

    Example:
        >>> with Fetcher(min_interval=2.0) as fetcher:            # doctest: +SKIP
        ...     page = fetcher.fetch("https://example.com/news/1")
    """

    def __init__(
        self,
        *,
        user_agent: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        deadline: float = DEFAULT_DEADLINE,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_redirects: int = DEFAULT_MAX_REDIRECTS,
        min_interval: float = DEFAULT_MIN_INTERVAL,
        respect_robots: bool = True,
        allow_private: bool = False,
        cache: FetchCache | None = None,
    ) -> None:
        self.user_agent = user_agent or default_user_agent()
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.min_interval = min_interval
        self.respect_robots = respect_robots
        self.allow_private = allow_private
        self.cache = cache
        self._client = httpx.Client(
            transport=_transport(allow_private),
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            headers={"User-Agent": self.user_agent, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"},
            trust_env=False,
        )
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._last_request: dict[str, float] = {}
        self._lock = threading.Lock()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        """GET ``url`` politely; raises :class:`FetchError` on any refusal or failure.

        ``etag``/``last_modified`` (or the cache's entry for ``url``) make it a conditional
        GET: a 304 answer comes back with ``not_modified=True``.
        """
        cached = self.cache.get(url) if self.cache else None
        validators = {
            "If-None-Match": etag or (cached.etag if cached else None),
            "If-Modified-Since": last_modified or (cached.last_modified if cached else None),
        }
        headers = {k: v for k, v in validators.items() if v}
        current, hops = url, []
        while True:
            self._check_allowed(current)
            response_status, response_headers, body = self._get(current, headers)
            if response_status not in _REDIRECTS:
                break
            location = response_headers.get("location")
            if not location:
                raise FetchError("http_error", f"HTTP {response_status} without a Location from {current}")
            if len(hops) >= self.max_redirects:
                raise FetchError("too_many_redirects", f"more than {self.max_redirects} redirects from {url}")
            hops.append(current)
            current = urljoin(current, location)
        return self._result(url, current, hops, response_status, response_headers, body, cached)

    def _result(
        self,
        url: str,
        final_url: str,
        hops: list[str],
        status: int,
        headers: dict[str, str],
        body: bytes,
        cached: CacheEntry | None,
    ) -> FetchResult:
        now = datetime.now(UTC).replace(microsecond=0)
        if status == 304:
            content = cached.content if cached and cached.content is not None else b""
            return FetchResult(url, final_url, status, headers, content, now, not_modified=True, redirects=hops)
        if not 200 <= status < 300:
            self._back_off(final_url, status, headers.get("retry-after", ""))
            raise FetchError("http_error", f"HTTP {status} for {final_url}")
        if self.cache is not None:
            entry = CacheEntry(headers.get("etag"), headers.get("last-modified"), body, now)
            self.cache.put(url, entry)
        return FetchResult(url, final_url, status, headers, body, now, redirects=hops)

    def _check_allowed(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError("bad_url", f"only http(s) URLs with a host can be fetched: {url!r}")
        if not self.allow_private:
            refuse_private_host(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
        if self.respect_robots and not self._robots_for(parts).can_fetch(self.user_agent, url):
            raise FetchError("robots", f"robots.txt of {parts.hostname} disallows {url}")

    def _back_off(self, url: str, status: int, retry_after: str) -> None:
        """A 429/503 with ``Retry-After: N`` holds the next request to that host N seconds."""
        if status in (429, 503) and retry_after.strip().isdigit():
            delay = min(int(retry_after), MAX_RETRY_AFTER)
            host = urlsplit(url).hostname or ""
            with self._lock:
                self._last_request[host] = time.monotonic() + delay - self.min_interval

    def _robots_for(self, parts: Any) -> urllib.robotparser.RobotFileParser:
        origin = f"{parts.scheme}://{parts.netloc}"
        robots = self._robots.get(origin)
        if robots is None or time.time() - robots.mtime() > ROBOTS_TTL:
            robots = self._load_robots(origin)
            robots.modified()
            if robots.disallow_all:  # a server error: ask again soon rather than in a day
                robots.last_checked -= ROBOTS_TTL - ROBOTS_RETRY
            self._robots[origin] = robots
        return robots

    def _load_robots(self, origin: str) -> urllib.robotparser.RobotFileParser:
        robots = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        try:
            status, _, body = self._get(origin + "/robots.txt", {}, limit=ROBOTS_MAX_BYTES)
        except FetchError:
            status, body = 503, b""
        if 200 <= status < 300:
            robots.parse(body.decode("utf-8", "replace").splitlines())
        elif 400 <= status < 500 or status in _REDIRECTS:
            robots.allow_all = True  # RFC 9309: an unavailable robots.txt allows everything
        else:
            robots.disallow_all = True  # unreachable (5xx, network): assume nothing is allowed
        return robots

    def _get(self, url: str, headers: dict[str, str], *, limit: int | None = None) -> tuple[int, dict[str, str], bytes]:
        limit = self.max_bytes if limit is None else limit
        self._wait_turn(urlsplit(url).hostname or "")
        started = time.monotonic()
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise FetchError("too_large", f"{url} declares {int(declared):,} bytes (cap {limit:,})")
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise FetchError("too_large", f"{url} is over the {limit:,}-byte cap")
                    if time.monotonic() - started > self.deadline:
                        raise FetchError("timeout", f"{url} took over {self.deadline:g}s")
                    chunks.append(chunk)
                return response.status_code, {k.lower(): v for k, v in response.headers.items()}, b"".join(chunks)
        except httpx.TimeoutException as error:
            raise FetchError("timeout", f"{url}: {type(error).__name__}") from None
        except httpx.HTTPError as error:
            raise FetchError("unreadable", f"{url}: {error}") from None
        finally:
            # The interval runs from the end of one response to the start of the next.
            self._last_request[urlsplit(url).hostname or ""] = time.monotonic()

    def _wait_turn(self, host: str) -> None:
        with self._lock:
            interval = max(self.min_interval, self._crawl_delay(host))
            wait = self._last_request.get(host, -1e9) + interval - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last_request[host] = time.monotonic()

    def _crawl_delay(self, host: str) -> float:
        for origin, robots in self._robots.items():
            if urlsplit(origin).hostname == host:
                delay = robots.crawl_delay(self.user_agent)
                if delay:
                    return float(delay)
        return 0.0


def refuse_private_host(host: str, port: int = 80) -> str:
    """Raise ``blocked_address`` when ``host`` resolves to a non-public address.

    Returns the first (public) address, so a caller can connect to exactly what was checked.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError("unreadable", f"cannot resolve {host}: {error}") from None
    addresses = [info[4][0].split("%", 1)[0] for info in infos]
    for address in addresses:
        if not is_public_address(ipaddress.ip_address(address)):
            raise FetchError("blocked_address", f"{host} resolves to non-public address {address}")
    if not addresses:
        raise FetchError("unreadable", f"{host} has no address")
    return addresses[0]


class PublicOnlyBackend(httpcore.SyncBackend):
    """Checks the address at connect time and connects to that very address.

    A check before the request alone can be beaten by DNS rebinding (public on the first
    lookup, private on the second); TLS still verifies the certificate for the host name.
    """

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        address = refuse_private_host(host, port)
        return super().connect_tcp(address, port, timeout, local_address, socket_options)


def _transport(allow_private: bool) -> httpx.HTTPTransport:
    transport = httpx.HTTPTransport()
    pool = getattr(transport, "_pool", None)
    if not allow_private and hasattr(pool, "_network_backend"):
        pool._network_backend = PublicOnlyBackend()  # httpx exposes no public hook for this
    return transport


def is_public_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """False for private, loopback, link-local, multicast, reserved and unspecified addresses."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


@dataclass(slots=True)
class FeedState:
    """What ``poll_feed`` remembers about one feed between polls; JSON-persistable."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    seen: list[str] = field(default_factory=list)  # item keys, oldest first, bounded
    last_polled: datetime | None = None
    max_seen: int = 5000

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready state."""
        data = asdict(self)
        data["last_polled"] = self.last_polled.isoformat() if self.last_polled else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeedState:
        """Inverse of :meth:`to_dict`."""
        stamp = data.get("last_polled")
        return cls(
            url=data["url"],
            etag=data.get("etag"),
            last_modified=data.get("last_modified"),
            seen=list(data.get("seen") or []),
            last_polled=datetime.fromisoformat(stamp) if stamp else None,
            max_seen=int(data.get("max_seen") or 5000),
        )


def poll_feed(url: str, state: FeedState | None = None, *, fetcher: Fetcher | None = None) -> list[Article]:
    """Fetch a feed and return only the items not seen on earlier polls (as articles).

    A 304 (validators from ``state``) returns ``[]`` without parsing. ``state`` is updated
    in place: validators, seen item keys (guid, else link, else content id) and poll time.
    """
    from marsad.parse.feed import parse_feed

    state = state or FeedState(url)
    owned = fetcher is None
    fetcher = fetcher or Fetcher()
    try:
        result = fetcher.fetch(url, etag=state.etag, last_modified=state.last_modified)
    finally:
        if owned:
            fetcher.close()
    state.last_polled = result.fetched_at
    if result.not_modified:
        return []
    state.etag = result.headers.get("etag") or state.etag
    state.last_modified = result.headers.get("last-modified") or state.last_modified
    provenance = Provenance(url=result.final_url, fetched_at=result.fetched_at)
    articles = parse_feed(result.content, provenance)
    seen = set(state.seen)
    fresh = []
    for article in articles:
        key = article.extra.get("guid") or article.url or article.id
        if key not in seen:
            seen.add(key)
            state.seen.append(key)
            fresh.append(article)
    del state.seen[: max(0, len(state.seen) - state.max_seen)]
    return fresh


def fetch_articles(url: str, *, fetcher: Fetcher, follow_items: bool = False) -> list[Article]:
    """Fetch a URL and parse it by what it turns out to be: a feed, an HTML page or a dump.

    With ``follow_items``, feed items that carry only a summary are completed from their own
    page (:func:`complete_from_page`). Raises :class:`FetchError` / :class:`ParseError`.
    """
    from marsad.ingest.detect import detect_format
    from marsad.parse.feed import parse_feed
    from marsad.parse.html import parse_html

    raw = fetcher.fetch(url).to_raw_document()
    fmt = detect_format(raw)
    if fmt in ("rss", "atom", "jsonfeed"):
        articles = parse_feed(raw.data, raw.provenance)
        if follow_items:
            articles = [a if a.extra.get("full_text") else complete_from_page(a, fetcher) for a in articles]
        return articles
    if fmt == "html":
        return parse_html(raw.data, raw.provenance)
    from marsad.parse import parse_document

    return parse_document(raw, fmt)


def complete_from_page(article: Article, fetcher: Fetcher) -> Article:
    """A summary-only feed item with its body (and missing metadata) from its own page.

    The feed's title and dates stay when the page gives none; a page that cannot be fetched
    or parsed leaves the item as it was, with the reason in ``extra["full_text_error"]``.
    """
    from dataclasses import replace

    from marsad.parse.html import parse_html

    if not article.url:
        return article
    try:
        result = fetcher.fetch(article.url)
        page = parse_html(result.content, Provenance(url=result.final_url, fetched_at=result.fetched_at))[0]
    except ParseError as error:  # FetchError included
        return replace(article, extra={**article.extra, "full_text_error": error.reason})
    return replace(
        article,
        body=page.body,
        published=article.published or page.published,
        updated=article.updated or page.updated,
        author=article.author or page.author,
        tags=article.tags or page.tags,
        summary=article.summary or " ".join(article.body),
        url=page.url or article.url,
        extra={**article.extra, "full_text": True, "full_text_from": result.final_url},
    )
