"""Article metadata from an HTML page: title, author, dates, site name, tags, canonical URL.

Evidence is read in a fixed order of trust: JSON-LD, then Open Graph / ``article:*`` meta
tags, then schema.org microdata, then other meta names, then the URL and finally the date
text the page shows. Every value is kept as the page writes it (HTML entities decoded,
whitespace collapsed); nothing is guessed.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from marsad.models import PublishedDate
from marsad.parse.metadates import date_from_text, parse_visible_date
from marsad.parse.urldates import date_from_url

_ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "blogposting",
    "report",
    "backgroundnewsarticle",
    "webpage",
}
_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.created",
    "date",
    "sailthru.date",
    "parsely-pub-date",
    "cxenseparse:recs:publishtime",
)
_UPDATED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
)
_AUTHOR_META = ("author", "article:author", "dc.creator", "sailthru.author", "parsely-author")
_SPACES = re.compile(r"\s+")
_LONE_SURROGATES = re.compile("[\ud800-\udfff]")  # from JSON "\\ud800" escapes; unencodable
_MAX_AUTHOR = 80
_MAX_SITE_NAME = 40
_MIN_SUMMARY_WORDS = 4
_EARLIEST_DAY = date(1990, 1, 1)
_TAGS = re.compile(r"</?[a-zA-Z][^<>]*>")
_SCRIPTS = re.compile(r"<(script|style)\b.*?(?:</\1\s*>|$)", re.I | re.S)
_JSONLD_JUNK = re.compile(r",\s*([}\]])|^\s*<!--|-->\s*$")
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " « ", " » ")
_BYLINE_PREFIX = re.compile(
    r"^(?:بقلم|كتب|كتبت|كتبه|كتابة|إعداد|اعداد|بواسطة|تحرير|by|written\s+by)\s*[:：\-–]?\s*", re.I
)
_BYLINE_XPATH = (
    "//*[(contains(@class, 'author') or contains(@class, 'Author') or contains(@class, 'byline')"
    " or contains(@class, 'writer') or contains(@id, 'author'))"
    " and not(ancestor-or-self::*[contains(@class, 'comment') or contains(@id, 'comment')])]"
)
_PUNCT = re.compile(r"[\W_]+")
_MONTHS_AR = (
    "يناير|فبراير|مارس|أبريل|ابريل|إبريل|مايو|يونيو|يونيه|يوليو|يوليه|أغسطس|اغسطس|سبتمبر|"
    "أكتوبر|اكتوبر|نوفمبر|ديسمبر|كانون الثاني|كانون الأول|كانون الاول|شباط|آذار|اذار|نيسان|"
    "أيار|ايار|حزيران|تموز|آب|اب|أيلول|ايلول|تشرين الأول|تشرين الاول|تشرين الثاني|جانفي|"
    "فيفري|أفريل|افريل|ماي|جوان|جويلية|أوت|اوت"
)
_MONTHS_EN = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_VISIBLE_DATE = re.compile(
    rf"(?:\d{{1,2}}\s*(?:{_MONTHS_AR})(?:\s*/\s*(?:{_MONTHS_AR}))?\s*،?\s*\d{{4}})"
    r"|(?:\b\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}\b)|(?:\b\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}\b)"
    rf"|(?:\b(?:{_MONTHS_EN})[a-z]*\.?\s+\d{{1,2}},?\s+\d{{4}})|(?:\b\d{{1,2}}\s+(?:{_MONTHS_EN})[a-z]*\.?\s+\d{{4}})"
    r"|(?:منذ\s+(?:\d+\s+)?(?:ثانية|ثوان|ثوانٍ|دقيقة|دقيقتين|دقائق|ساعة|ساعتين|ساعات|يوم|يومين|أيام|ايام))",
    re.I,
)
_UPDATED_LABEL = re.compile(r"آخر\s+تحديث|اخر\s+تحديث|تم\s+التحديث|تحديث|updated|modified", re.I)
_PUBLISHED_LABEL = re.compile(r"تاريخ\s+النشر|نشر\s+في|نُشر|published|posted", re.I)
_DATEISH = re.compile(r"date|time|stamp|byline|publish|posted|meta|info|tarikh|تاريخ", re.I)
_MAX_DATE_TEXT = 160
LANGUAGE_SAMPLE = 300  # characters: enough to tell the language; detection is per-character Python


@dataclass(slots=True)
class PageMeta:
    """What the page says about the article, before the body is read."""

    title: str | None = None
    author: str | None = None
    published: PublishedDate | None = None
    updated: PublishedDate | None = None
    source: str | None = None
    url: str | None = None
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    summary: str | None = None
    date_evidence: str | None = None  # "json-ld", "meta", "microdata", "url", "visible"


def extract_meta(tree: HtmlElement, url: str | None = None, *, now: datetime | None = None) -> PageMeta:
    """Read every metadata field the page offers; ``url`` is where the page was found."""
    metas = collect_meta_tags(tree)
    ld = find_jsonld_article(tree)
    meta = PageMeta()
    meta.url = _canonical_url(tree, metas, url)
    meta.title = _pick_title(tree, ld, metas)
    meta.author = _pick_author(tree, ld, metas)
    meta.source = _pick_source(tree, ld, metas, meta.url or url, meta.title)
    meta.title = _strip_known_site(meta.title, meta.source)
    if meta.author and meta.source and _title_key(meta.author) in _title_key(meta.source):
        meta.author = None  # the outlet named as its own author is no byline
    meta.tags = _pick_tags(tree, ld, metas)
    meta.language = _pick_language(tree, metas)
    meta.summary = _pick_summary(metas)
    _fill_dates(meta, tree, ld, metas, now=now)
    return meta


def clean_text(value: Any) -> str:
    """Decode entities and collapse whitespace; non-strings become ``""``."""
    if not isinstance(value, str):
        return ""
    return _SPACES.sub(" ", _LONE_SURROGATES.sub("", html.unescape(value))).strip()


def meta_text(value: Any) -> str:
    """:func:`clean_text` for attribute values: markup written into them is dropped too."""
    text = clean_text(value)
    return clean_text(_TAGS.sub(" ", _SCRIPTS.sub(" ", text))) if "<" in text else text


def collect_meta_tags(tree: HtmlElement) -> dict[str, list[str]]:
    """Map lower-cased ``name``/``property``/``itemprop`` of every ``<meta>`` to its contents."""
    found: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        content = element.get("content")
        if content is None:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = element.get(attr)
            if key:
                found.setdefault(key.strip().lower(), []).append(content)
    return found


def find_jsonld_article(tree: HtmlElement) -> dict[str, Any]:
    """The first JSON-LD object typed as an article (``@graph`` and lists searched too)."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        data = _load_jsonld(script.text or "")
        if data is None:
            continue  # broken JSON-LD is common; the other evidence still counts
        for item in _walk_jsonld(data):
            if _jsonld_types(item) & _ARTICLE_TYPES - {"webpage"}:
                return item
    return {}


def _load_jsonld(text: str) -> Any:
    """JSON-LD as sites write it: control characters in strings, trailing commas, comments."""
    for candidate in (text, _JSONLD_JUNK.sub(r"\1", text)):
        try:
            return json.loads(candidate, strict=False)
        except ValueError:
            continue
    return None


def _walk_jsonld(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk_jsonld(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if isinstance(data.get(key), list | dict):
                yield from _walk_jsonld(data[key], depth + 1)


def _jsonld_types(item: dict[str, Any]) -> set[str]:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def _first(metas: dict[str, list[str]], *keys: str) -> str | None:
    for key in keys:
        for value in metas.get(key, []):
            if value.strip():
                return value
    return None


def _canonical_url(tree: HtmlElement, metas: dict[str, list[str]], url: str | None) -> str | None:
    declared = [link.get("href", "") for link in tree.iter("link") if _is_canonical_link(link)]
    declared += metas.get("og:url", [])
    for href in declared:
        found = _absolute(href, url)
        # Some templates declare the home page as every article's canonical URL.
        if found and not (_is_site_root(found) and url and not _is_site_root(url)):
            return found
    return url


def _is_canonical_link(link: HtmlElement) -> bool:
    return "canonical" in (link.get("rel") or "").lower().split() and bool(link.get("href"))


def _is_site_root(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


def _absolute(href: str, base: str | None) -> str | None:
    href = href.strip()
    if not href or href.lower().startswith(("javascript:", "data:")):
        return base
    joined = urljoin(base, href) if base else href
    return joined if urlsplit(joined).scheme in ("http", "https") else base


def _pick_title(tree: HtmlElement, ld: dict[str, Any], metas: dict[str, list[str]]) -> str | None:
    declared = [
        meta_text(ld.get("headline")),
        meta_text(_first(metas, "og:title")),
        meta_text(_first(metas, "twitter:title")),
    ]
    declared = [t for t in declared if t]
    headings = [clean_text(h.text_content()) for h in tree.iter("h1")]
    # The visible <h1> wins when it is the declared title (it keeps the page's quotes);
    # the first <h1> is often the site's logo, so an unmatched one is not trusted.
    keys = {_title_key(t) for t in declared}
    for heading in headings:
        if heading and _title_key(heading) in keys:
            return heading
    if declared:
        return declared[0]
    page_title = meta_text(tree.findtext(".//title"))
    return _strip_site_suffix(page_title) or (headings[0] if headings else None) or None


def _title_key(text: str) -> str:
    return _PUNCT.sub("", text).lower()


def _strip_known_site(title: str | None, site: str | None) -> str | None:
    """``og:title`` sometimes carries the site name too: "Headline | Site" → "Headline"."""
    if not title or not site:
        return title
    for separator in _TITLE_SEPARATORS:
        head, sep, tail = title.rpartition(separator)
        if sep and _title_key(tail) == _title_key(site) and head.strip():
            return head.strip()
    return title


def _pick_summary(metas: dict[str, list[str]]) -> str | None:
    for value in metas.get("description", []) + metas.get("og:description", []):
        text = meta_text(value).strip(" |-–—:")
        if len(text.split()) >= _MIN_SUMMARY_WORDS:
            return text
    return None  # site-wide taglines ("| Lebanon News") are no summary


def _strip_site_suffix(title: str) -> str:
    for separator in _TITLE_SEPARATORS:
        if separator in title:
            head = title.rsplit(separator, 1)[0].strip()
            if len(head) >= 10:
                return head
    return title


def _pick_author(tree: HtmlElement, ld: dict[str, Any], metas: dict[str, list[str]]) -> str | None:
    names = _jsonld_names(ld.get("author"))
    if names:
        return ", ".join(names)
    for key in _AUTHOR_META:
        value = meta_text(_first(metas, key))
        if value and not value.lower().startswith(("http://", "https://")):
            return value
    for element in tree.xpath('//*[@itemprop="author"] | //*[@rel="author"]'):
        inner = element.xpath('.//*[@itemprop="name"]')
        text = _strip_byline(clean_text((inner[0] if inner else element).text_content()))
        if text and len(text) <= _MAX_AUTHOR:
            return text
    return _byline_by_class(tree)


def _byline_by_class(tree: HtmlElement) -> str | None:
    """A short element whose class or id says author/writer/byline (templates without microdata)."""
    for element in tree.xpath(_BYLINE_XPATH):
        if element.tag in ("html", "body", "meta", "link", "script", "style"):
            continue
        text = _strip_byline(clean_text(element.text_content()))
        if text and len(text) <= _MAX_AUTHOR and not re.search(r"\d", text):
            return text
    return None


def _strip_byline(text: str) -> str:
    return _BYLINE_PREFIX.sub("", text).strip(" :،,-–—|")


def _jsonld_names(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        text = meta_text(name)
        if text and not text.lower().startswith(("http://", "https://")):
            names.append(text)
    return names


def _pick_source(
    tree: HtmlElement, ld: dict[str, Any], metas: dict[str, list[str]], url: str | None, title: str | None
) -> str | None:
    names = _jsonld_names(ld.get("publisher"))
    if names:
        return names[0]
    site = meta_text(_first(metas, "og:site_name", "application-name"))
    site = site or _site_from_page_title(meta_text(tree.findtext(".//title")), title)
    site = site or meta_text(_first(metas, "twitter:site")).lstrip("@")
    if site:
        return site
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def _site_from_page_title(page_title: str, title: str | None) -> str | None:
    """``<title>`` = article title + separator + site name (either order): the site name."""
    if not page_title or not title:
        return None
    key = _title_key(title)
    for separator in _TITLE_SEPARATORS:
        if separator not in page_title:
            continue
        head, tail = (part.strip() for part in page_title.rsplit(separator, 1))
        if _title_key(head) == key and 1 < len(tail) <= _MAX_SITE_NAME:
            return tail
        head, tail = (part.strip() for part in page_title.split(separator, 1))
        if _title_key(tail) == key and 1 < len(head) <= _MAX_SITE_NAME:
            return head
    return None


def _pick_tags(tree: HtmlElement, ld: dict[str, Any], metas: dict[str, list[str]]) -> list[str]:
    raw: list[str] = list(metas.get("article:tag", []))
    raw += [a.text_content() for a in tree.xpath('//a[contains(concat(" ", @rel, " "), " tag ")]')]
    raw += [part for value in metas.get("news_keywords", []) for part in value.split(",")]
    keywords = ld.get("keywords")
    if isinstance(keywords, str):
        raw += keywords.split(",")
    elif isinstance(keywords, list):
        raw += [k for k in keywords if isinstance(k, str)]
    tags: list[str] = []
    for tag in map(meta_text, raw):
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def _pick_language(tree: HtmlElement, metas: dict[str, list[str]]) -> str | None:
    declared = tree.get("lang") or tree.get("xml:lang") or _first(metas, "content-language", "og:locale", "language")
    if not declared:
        return None
    code = re.split(r"[-_]", declared.strip().lower())[0]
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def _fill_dates(
    meta: PageMeta,
    tree: HtmlElement,
    ld: dict[str, Any],
    metas: dict[str, list[str]],
    *,
    now: datetime | None,
) -> None:
    meta.published, meta.date_evidence = _declared_date(
        ld.get("datePublished") or ld.get("dateCreated"), tree, metas, _PUBLISHED_META, "datePublished", now
    )
    meta.updated, _ = _declared_date(ld.get("dateModified"), tree, metas, _UPDATED_META, "dateModified", now)
    if meta.published is None:
        meta.published = date_from_url(meta.url, now=now)
        meta.date_evidence = "url" if meta.published else None
    if meta.published is None or meta.updated is None:
        _fill_visible_dates(meta, tree, now=now)


def _declared_date(
    ld_value: Any,
    tree: HtmlElement,
    metas: dict[str, list[str]],
    meta_keys: tuple[str, ...],
    itemprop: str,
    now: datetime | None,
) -> tuple[PublishedDate | None, str | None]:
    if isinstance(ld_value, str) and (found := _plausible_date(ld_value, now)):
        return found, "json-ld"
    for key in meta_keys:
        for value in metas.get(key, []):
            if found := _plausible_date(value, now):
                return found, "meta"
    for element in tree.xpath(f'//*[@itemprop="{itemprop}"]'):
        value = element.get("datetime") or element.get("content") or element.text_content()
        if found := _plausible_date(value, now):
            return found, "microdata"
    if itemprop == "datePublished":
        for element in tree.xpath("//time[@pubdate] | //article//time[@datetime]"):
            if found := _plausible_date(element.get("datetime"), now):
                return found, "microdata"
    return None, None


def _plausible_date(value: Any, now: datetime | None) -> PublishedDate | None:
    """A markup date, unless it is before the web had news sites or after tomorrow."""
    found = date_from_text(clean_text(value), now=now)
    if found is None:
        return None
    latest = (now or datetime.now(UTC)).date() + timedelta(days=1)
    return found if _EARLIEST_DAY <= found.day <= latest else None


def _fill_visible_dates(meta: PageMeta, tree: HtmlElement, *, now: datetime | None) -> None:
    for text in find_visible_date_texts(tree, meta.title):
        updated = bool(_UPDATED_LABEL.search(text)) and not _PUBLISHED_LABEL.search(text)
        found = parse_visible_date(_strip_labels(text), now=now)
        if found is None:
            continue
        if updated and meta.updated is None:
            meta.updated = found
        elif not updated and _improves(meta.published, found):
            meta.published, meta.date_evidence = found, "visible"
        if meta.published is not None and meta.updated is not None:
            return


def _improves(current: PublishedDate | None, found: PublishedDate) -> bool:
    # A URL gives a day only; visible text for the same day adds the time of day.
    return current is None or (current.at is None and found.at is not None and found.day == current.day)


def _strip_labels(text: str) -> str:
    """Drop "آخر تحديث"/"نشر في" so the date parser sees only the date and time."""
    stripped = _PUBLISHED_LABEL.sub(" ", _UPDATED_LABEL.sub(" ", text))
    stripped = re.sub(r"،\s*،", "،", _SPACES.sub(" ", stripped))
    return stripped.strip(" ،,:-|")


def find_visible_date_texts(tree: HtmlElement, title: str | None = None, limit: int = 4) -> list[str]:
    """Short texts the page shows that look like dates, best placed first.

    Dates after the headline come first, in page order (the byline sits under the title;
    "related" lists come later). Before the headline, date-labelled elements come first:
    a header's "today is ..." widget is the usual trap there.
    """
    headline = _find_headline(tree, title)
    after: list[str] = []
    before_labelled: list[str] = []
    before_other: list[str] = []
    seen_headline = headline is None
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "noscript", "title"):
            continue
        texts = (element.tail,) if element is headline else (element.text, element.tail)
        seen_headline = seen_headline or element is headline
        for text in map(clean_text, texts):
            if not text or len(text) > _MAX_DATE_TEXT or not _VISIBLE_DATE.search(text):
                continue
            if seen_headline:
                after.append(text)
            elif _DATEISH.search(f"{element.get('class', '')} {element.get('id', '')} {element.tag}"):
                before_labelled.append(text)
            else:
                before_other.append(text)
        if len(after) >= limit:
            break
    return (after + before_labelled + before_other)[:limit]


def _find_headline(tree: HtmlElement, title: str | None) -> HtmlElement | None:
    key = _title_key(title or "")
    headings = list(tree.iter("h1", "h2"))
    for heading in headings:
        if key and _title_key(heading.text_content()) == key:
            return heading
    return next(iter(tree.iter("h1")), None)
