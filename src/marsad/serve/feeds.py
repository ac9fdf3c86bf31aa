"""Feeds ("تابع أحدث الأخبار"): Atom, RSS 2.0 and JSON Feed for latest, search, tag, source, …

XML is written with :mod:`xml.etree.ElementTree`, so every piece of source text is escaped
by the writer; entries carry plain text only, never the source's HTML. Entry ids are tag URIs
built from the article id, so they stay the same whatever host serves the feed.

A feed entry needs a full timestamp: an article whose page gave only a day is dated at
00:00 UTC of that day in feeds (the API and pages keep the day as written).
"""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from marsad.search.query import QueryError, parse_query
from marsad.serve.cache import ResultCache, cached_search
from marsad.serve.deps import StoreProvider, get_cache, get_store, get_stores
from marsad.serve.queries import ArticleFilter, get_story, list_articles
from marsad.store import SqliteStore, StoredArticle

ATOM_NS = "http://www.w3.org/2005/Atom"
DC_NS = "http://purl.org/dc/elements/1.1/"
FORMATS = {
    "atom": ("application/atom+xml; charset=utf-8", "Atom"),
    "rss": ("application/rss+xml; charset=utf-8", "RSS"),
    "json": ("application/feed+json; charset=utf-8", "JSON Feed"),
}
KINDS = {"tag": "وسم", "source": "مصدر", "entity": "كيان", "topic": "موضوع", "story": "قصة"}
FEED_SIZE = 50
FEED_MAX_AGE_S = 300  # feed readers poll; five minutes of staleness is the norm
SITE_NAME = "مرصد"

router = APIRouter(prefix="/feeds", tags=["feeds"])


@dataclass(slots=True)
class Feed:
    """What every format needs: titles, links, and the entries newest first."""

    title: str
    feed_id: str
    self_path: str
    page_path: str
    entries: list[StoredArticle]


def feed_path(kind: str, value: str | None, fmt: str) -> str:
    """The path of a feed: ``/feeds/latest.atom``, ``/feeds/search.rss?q=…``, ``/feeds/tag/X.json``."""
    if kind == "latest":
        return f"/feeds/latest.{fmt}"
    if kind == "search":
        return f"/feeds/search.{fmt}?" + urlencode({"q": value or ""})
    return f"/feeds/{kind}/{quote(value or '', safe='')}.{fmt}"


def feed_links(kind: str, value: str | None = None, title: str = "") -> list[dict[str, str]]:
    """``<link rel="alternate">`` data (href, type, title) for a page's feeds, one per format."""
    return [
        {"href": feed_path(kind, value, fmt), "type": mime.split(";")[0], "title": f"{title or SITE_NAME} ({label})"}
        for fmt, (mime, label) in FORMATS.items()
    ]


def entry_time(stored: StoredArticle) -> datetime:
    """The instant an entry is dated by: publication (00:00 UTC for a day), else first seen."""
    pub = stored.article.published
    if pub and pub.at:
        return pub.at.astimezone(UTC)
    if pub:
        return datetime(pub.day.year, pub.day.month, pub.day.day, tzinfo=UTC)
    return datetime.fromisoformat(stored.first_seen_at).astimezone(UTC)


def entry_id(stored: StoredArticle) -> str:
    """A stable, host-independent id (tag URI) for one article."""
    return f"tag:marsad,2024:article/{stored.id}"


def _rfc3339(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _author(stored: StoredArticle) -> str:
    return stored.article.author or stored.article.source or SITE_NAME


def _summary(stored: StoredArticle) -> str:
    article = stored.article
    return article.summary or (article.body[0] if article.body else "")


def render_atom(feed: Feed, base: str) -> bytes:
    """An Atom 1.0 document."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    root = ET.Element(f"{{{ATOM_NS}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "ar"})
    sub(root, "title", feed.title)
    sub(root, "id", feed.feed_id)
    sub(root, "link", rel="self", href=base + feed.self_path)
    sub(root, "link", rel="alternate", type="text/html", href=base + feed.page_path)
    updated = max((entry_time(s) for s in feed.entries), default=datetime(2000, 1, 1, tzinfo=UTC))
    sub(root, "updated", _rfc3339(updated))
    sub(sub(root, "author"), "name", SITE_NAME)
    sub(root, "generator", "marsad")
    for stored in feed.entries:
        article = stored.article
        entry = sub(root, "entry")
        sub(entry, "id", entry_id(stored))
        sub(entry, "title", article.title, type="text")
        sub(entry, "link", rel="alternate", type="text/html", href=f"{base}/article/{stored.id}")
        if article.url:
            sub(entry, "link", rel="via", href=article.url)
        published = entry_time(stored)
        sub(entry, "published", _rfc3339(published))
        updated_at = article.updated.at if article.updated and article.updated.at else published
        sub(entry, "updated", _rfc3339(max(updated_at, published)))
        sub(sub(entry, "author"), "name", _author(stored))
        for tag in article.tags:
            sub(entry, "category", term=tag)
        sub(entry, "summary", _summary(stored), type="text")
        sub(entry, "content", article.text, type="text")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def render_rss(feed: Feed, base: str) -> bytes:
    """An RSS 2.0 document (authors as ``dc:creator``: RSS's own ``author`` wants an e-mail)."""
    ET.register_namespace("dc", DC_NS)
    ET.register_namespace("atom", ATOM_NS)
    root = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(root, "channel")

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, tag, attrs)
        if text is not None:
            element.text = text
        return element

    sub(channel, "title", feed.title)
    sub(channel, "link", base + feed.page_path)
    sub(channel, "description", f"{feed.title} — {SITE_NAME}")
    sub(channel, "language", "ar")
    sub(channel, f"{{{ATOM_NS}}}link", rel="self", type="application/rss+xml", href=base + feed.self_path)
    if feed.entries:
        sub(channel, "lastBuildDate", format_datetime(max(entry_time(s) for s in feed.entries), usegmt=True))
    sub(channel, "generator", "marsad")
    for stored in feed.entries:
        item = sub(channel, "item")
        sub(item, "title", stored.article.title)
        sub(item, "link", f"{base}/article/{stored.id}")
        sub(item, "guid", entry_id(stored), isPermaLink="false")
        sub(item, "pubDate", format_datetime(entry_time(stored), usegmt=True))
        sub(item, f"{{{DC_NS}}}creator", _author(stored))
        for tag in stored.article.tags:
            sub(item, "category", tag)
        sub(item, "description", _summary(stored))
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def render_json_feed(feed: Feed, base: str) -> bytes:
    """A JSON Feed 1.1 document."""
    items: list[dict[str, Any]] = []
    for stored in feed.entries:
        article = stored.article
        item: dict[str, Any] = {
            "id": entry_id(stored),
            "url": f"{base}/article/{stored.id}",
            "title": article.title,
            "content_text": article.text,
            "summary": _summary(stored),
            "date_published": _rfc3339(entry_time(stored)),
            "authors": [{"name": _author(stored)}],
            "language": article.language,
        }
        if article.url:
            item["external_url"] = article.url
        if article.updated and article.updated.at:
            item["date_modified"] = _rfc3339(article.updated.at)
        if article.tags:
            item["tags"] = list(article.tags)
        items.append(item)
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": base + feed.page_path,
        "feed_url": base + feed.self_path,
        "language": "ar",
        "authors": [{"name": SITE_NAME}],
        "items": items,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


RENDERERS = {"atom": render_atom, "rss": render_rss, "json": render_json_feed}


def _respond(feed: Feed, fmt: str, request: Request) -> Response:
    """The rendered feed, or ``304 Not Modified`` when the reader already has this version."""
    if fmt not in FORMATS:
        raise HTTPException(404, f"unknown feed format {fmt!r}: use atom, rss or json")
    base = str(request.base_url).rstrip("/")
    body = RENDERERS[fmt](feed, base)
    etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
    headers = {"ETag": etag, "Cache-Control": f"public, max-age={FEED_MAX_AGE_S}"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=FORMATS[fmt][0], headers=headers)


StoreDep = Annotated[SqliteStore, Depends(get_store)]
CacheDep = Annotated[ResultCache, Depends(get_cache)]
StoresDep = Annotated[StoreProvider, Depends(get_stores)]


@router.get("/latest.{fmt}", summary="The latest articles")
@router.head("/latest.{fmt}", include_in_schema=False)
async def latest_feed(fmt: str, request: Request, store: StoreDep) -> Response:
    """Latest articles as Atom, RSS or JSON Feed."""
    entries = list_articles(store, limit=FEED_SIZE).items
    feed = Feed("أحدث الأخبار — مرصد", "tag:marsad,2024:latest", feed_path("latest", None, fmt), "/", entries)
    return _respond(feed, fmt, request)


@router.get("/search.{fmt}", summary="Any search query")
@router.head("/search.{fmt}", include_in_schema=False)
async def search_feed(
    fmt: str, request: Request, store: StoreDep, cache: CacheDep, stores: StoresDep, q: Annotated[str, Query()]
) -> Response:
    """The newest matches of a search query (400 for a malformed query)."""
    try:
        query = parse_query(q)
        if query.positive_terms:
            query.sort = "newest"
            results = await cached_search(cache, stores, query, q, limit=FEED_SIZE, offset=0, facets=False)
            entries = [hit.article for hit in results.hits]
        else:
            entries = list_articles(store, ArticleFilter.from_query(query), limit=FEED_SIZE).items
    except QueryError as error:
        raise HTTPException(400, str(error)) from None
    page = "/search?" + urlencode({"q": q})
    feed = Feed(
        f"بحث: {q} — مرصد", f"tag:marsad,2024:search?{urlencode({'q': q})}", feed_path("search", q, fmt), page, entries
    )
    return _respond(feed, fmt, request)


@router.get("/{kind}/{value}.{fmt}", summary="A tag, source, entity, topic or story")
@router.head("/{kind}/{value}.{fmt}", include_in_schema=False)
async def filtered_feed(kind: str, value: str, fmt: str, request: Request, store: StoreDep) -> Response:
    """The newest articles of one tag, source, entity, topic or story."""
    if kind not in KINDS:
        raise HTTPException(404, f"unknown feed kind {kind!r}")
    if kind == "story" and get_story(store, value) is None:
        raise HTTPException(404, f"no story with id {value!r}")
    flt = ArticleFilter(**{_FILTER_FIELD[kind]: [value]})
    entries = list_articles(store, flt, limit=FEED_SIZE).items
    page = f"/{kind}/{quote(value, safe='')}"
    feed = Feed(
        f"{KINDS[kind]}: {value} — مرصد",
        f"tag:marsad,2024:{kind}/{quote(value, safe='')}",
        feed_path(kind, value, fmt),
        page,
        entries,
    )
    return _respond(feed, fmt, request)


_FILTER_FIELD = {"tag": "tags", "source": "sources", "entity": "entities", "topic": "topics", "story": "stories"}
