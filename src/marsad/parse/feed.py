"""RSS 2.0 / RSS 1.0 / Atom feeds (feedparser) and JSON Feed: one article per item.

An item's body is its full text where the feed carries it (``content:encoded``, Atom
``<content>``, JSON Feed ``content_html``/``content_text``); otherwise the summary stands in
and ``extra["full_text"]`` is ``False`` so a caller can fetch ``Article.url`` for the rest.
HTML in items is reduced to plain paragraphs; scripts and ``javascript:`` links are dropped.
"""

from __future__ import annotations

import io
import json
import re
from calendar import timegm
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from marsad.models import Article, Provenance, PublishedDate
from marsad.parse.errors import ParseError
from marsad.parse.html import html_to_paragraphs
from marsad.parse.htmlmeta import LANGUAGE_SAMPLE, clean_text
from marsad.parse.metadates import date_from_datetime, date_from_text
from marsad.text.language import detect_language

JSON_FEED_PREFIX = "https://jsonfeed.org/version/"
_SPACES = re.compile(r"\s+")
_XML_ENCODING = re.compile(r"^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*[\"'][^\"']*[\"']", re.I)
_FEED_FOOTER = re.compile(
    r"^The post .+ appeared first on .+\.?$"
    r"|^(?:ظهرت|نشرت|نُشرت) (?:المقالة|التدوينة|المشاركة|الخبر) .+ (?:أولاً|أولا) (?:على|في) .+$"
)
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


def parse_feed(data: str | bytes, provenance: Provenance) -> list[Article]:
    """Parse an RSS, Atom or JSON Feed document into one article per item.

    Raises :class:`ParseError` (``parse_error`` for unreadable XML/JSON, ``no_article`` for a
    feed without usable items).
    """
    if looks_like_json_feed(data):
        return parse_json_feed(data, provenance)
    # Text was decoded already: its XML declaration's encoding no longer describes it.
    raw = _XML_ENCODING.sub(r"\1", data, count=1).encode("utf-8") if isinstance(data, str) else data
    # A stream, never a string: feedparser fetches strings that look like URLs or paths.
    # marsad reduces item HTML to text itself (scripts and javascript: links go with their
    # text), so feedparser's own sanitizer and URI rewriting are only extra work.
    parsed = feedparser.parse(io.BytesIO(raw), sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        if problem is not None and not parsed.get("version"):
            raise ParseError("parse_error", f"unreadable feed: {problem}")
        raise ParseError("no_article", "the feed has no items")
    fmt = "atom" if str(parsed.get("version", "")).startswith("atom") else "rss"
    feed = parsed.feed
    articles = []
    for position, entry in enumerate(parsed.entries):
        article = _entry_article(entry, feed, replace(provenance, format=fmt, position=position))
        if article is not None:
            articles.append(article)
    if not articles:
        raise ParseError("no_article", "no feed item has a title and text")
    return articles


def _entry_article(entry: Any, feed: Any, provenance: Provenance) -> Article | None:
    content = _best_content(entry.get("content") or [])
    summary_html = entry.get("summary") or ""
    body = _drop_feed_footer(html_to_paragraphs(content)) if content else []
    full_text = bool(body)
    summary = " ".join(html_to_paragraphs(summary_html)) or None
    if not body and summary:
        body = _drop_feed_footer(html_to_paragraphs(summary_html))
    title = " ".join(html_to_paragraphs(entry.get("title") or "")) or (body[0] if body else "")
    if not title or not body:
        return None
    updated = _entry_date(entry, "updated")
    # An Atom entry often has <updated> only: that is when it was published.
    published = _entry_date(entry, "published") or _entry_date(entry, "created") or updated
    return Article(
        title=title,
        body=body,
        published=published,
        updated=updated if updated != published else None,
        source=_item_source(entry) or clean_text(feed.get("title")) or None,
        url=_absolute(entry.get("link"), provenance.url),
        author=clean_text(entry.get("author")) or None,
        tags=_unique(clean_text(t.get("term") or t.get("label")) for t in entry.get("tags") or []),
        language=_language(title, body, feed.get("language")),
        summary=summary if summary != " ".join(body) else None,
        provenance=provenance,
        extra={"guid": entry.get("id") or entry.get("link"), "full_text": full_text},
    )


def _drop_feed_footer(paragraphs: list[str]) -> list[str]:
    """WordPress appends "The post X appeared first on Y." to every item; it is not the story."""
    if paragraphs and _FEED_FOOTER.search(paragraphs[-1]):
        return paragraphs[:-1]
    return paragraphs


def _item_source(entry: Any) -> str | None:
    """RSS ``<source>``: aggregator feeds name each item's own outlet there."""
    source = dict.get(entry, "source")
    return clean_text(source.get("title")) or None if isinstance(source, dict) else None


def _absolute(link: str | None, base: str | None) -> str | None:
    if not link:
        return None
    return urljoin(base, link) if base and not urlsplit(link).scheme else link


def _best_content(contents: list[Any]) -> str:
    """The longest content block, HTML preferred over plain text of equal standing."""
    best = ""
    for block in contents:
        value = block.get("value") or ""
        kind = (block.get("type") or "").lower()
        if kind and kind not in _HTML_TYPES and not kind.startswith("text/"):
            continue
        if len(value) > len(best):
            best = value
    return best


def _entry_date(entry: Any, key: str) -> PublishedDate | None:
    # dict.get: feedparser's own get() maps a missing "published" to "updated", with a warning.
    found = date_from_text(dict.get(entry, key))
    if found is not None:
        return found
    parsed = dict.get(entry, f"{key}_parsed")
    if parsed is None:
        return None
    # feedparser normalised a date we could not read ourselves; its struct_time is UTC.
    return date_from_datetime(datetime.fromtimestamp(timegm(parsed), UTC), dict.get(entry, key) or "")


def _language(title: str, body: list[str], declared: str | None) -> str:
    found = detect_language((title + "\n" + "\n".join(body[:3]))[:LANGUAGE_SAMPLE])
    if found == "und" and declared:
        return declared.split("-")[0].lower()
    return found


def _unique(values: Any) -> list[str]:
    seen: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.append(value)
    return seen


def looks_like_json_feed(data: str | bytes) -> bool:
    """A JSON object whose ``version`` names the JSON Feed spec (checked on the first 4 KB)."""
    head = data[:4096]
    if isinstance(head, bytes):
        head = head.decode("utf-8", "ignore")
    head = head.lstrip("\ufeff \t\r\n")
    return head.startswith("{") and "jsonfeed.org/version" in head.replace("\\/", "/")


def parse_json_feed(data: str | bytes, provenance: Provenance) -> list[Article]:
    """Parse a JSON Feed (version 1 or 1.1) into one article per item."""
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise ParseError("parse_error", f"unreadable JSON Feed: {error}") from None
    if not isinstance(document, dict) or not isinstance(document.get("items"), list):
        raise ParseError("parse_error", "a JSON Feed needs an object with an items list")
    source = clean_text(document.get("title")) or None
    articles = []
    for position, item in enumerate(document["items"]):
        if not isinstance(item, dict):
            continue
        item_provenance = replace(provenance, format="jsonfeed", position=position)
        article = _json_item_article(item, source, document.get("language"), item_provenance)
        if article is not None:
            articles.append(article)
    if not articles:
        raise ParseError("no_article", "no JSON Feed item has a title and text")
    return articles


def _json_item_article(
    item: dict[str, Any], source: str | None, language: Any, provenance: Provenance
) -> Article | None:
    if isinstance(item.get("content_html"), str):
        body = html_to_paragraphs(item["content_html"])
    else:
        body = _plain_paragraphs(_text(item.get("content_text")))
    full_text = bool(body)
    summary = clean_text(item.get("summary")) or None
    if not body and summary:
        body = [summary]
    title = clean_text(item.get("title")) or (body[0] if body else "")
    if not title or not body:
        return None
    authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
    names = [clean_text(a.get("name")) for a in authors if isinstance(a, dict)]
    return Article(
        title=title,
        body=body,
        published=date_from_text(_text(item.get("date_published"))),
        updated=date_from_text(_text(item.get("date_modified"))),
        source=source,
        url=_absolute(_text(item.get("url")) or _text(item.get("external_url")), provenance.url),
        author=", ".join(n for n in names if n) or None,
        tags=_unique(clean_text(t) for t in item.get("tags") or [] if isinstance(t, str)),
        language=_language(title, body, language if isinstance(language, str) else None),
        summary=summary,
        provenance=provenance,
        extra={"guid": _text(item.get("id")) or None, "full_text": full_text},
    )


def _plain_paragraphs(text: str) -> list[str]:
    parts = (_SPACES.sub(" ", part).strip() for part in re.split(r"\n\s*\n", text))
    return [part for part in parts if part]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
