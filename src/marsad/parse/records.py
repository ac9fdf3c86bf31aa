"""Record dumps → articles: JSON Lines and CSV with a field mapping, and SaudiNewsNet.

A mapping names, for each article field, the record key that holds it
(``title=headline,body=text,published=date``). Unmapped fields fall back to the usual key
names (``title``/``headline``, ``body``/``content``/``text``, ...). Files are streamed one
record at a time, gzip included (by magic bytes, not by name), so memory stays flat.

SaudiNewsNet (``source, url, date_extracted, title, author, content``) is recognised by its
keys: ``date_extracted`` is when the crawler fetched the page, so it becomes
``Provenance.fetched_at`` and never the publication date.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from marsad.models import Article, Provenance, Skip
from marsad.parse.errors import ParseError
from marsad.parse.html import html_to_paragraphs
from marsad.parse.htmlmeta import LANGUAGE_SAMPLE, clean_text
from marsad.parse.metadates import date_from_text
from marsad.parse.urldates import date_from_url
from marsad.text.language import detect_language

FIELDS = (
    "title",
    "body",
    "summary",
    "published",
    "updated",
    "source",
    "url",
    "author",
    "tags",
    "language",
    "fetched_at",
    "id",
)
DEFAULT_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "name"),
    "body": ("body", "content", "text", "article", "article_body", "articleBody"),
    "summary": ("summary", "description", "abstract", "lead"),
    "published": ("published", "published_at", "date_published", "datePublished", "pubDate", "date"),
    "updated": ("updated", "updated_at", "date_modified", "dateModified"),
    "source": ("source", "site", "site_name", "outlet", "publisher"),
    "url": ("url", "link", "canonical_url"),
    "author": ("author", "authors", "byline", "writer"),
    "tags": ("tags", "keywords", "categories"),
    "language": ("language", "lang"),
    "fetched_at": ("fetched_at", "crawled_at", "date_extracted"),
    "id": ("id", "guid", "article_id"),
}
SNN_KEYS = frozenset({"source", "url", "date_extracted", "title", "author", "content"})
SNN_SOURCES = {
    "aawsat": "الشرق الأوسط",
    "aleqtisadiya": "الاقتصادية",
    "aljazirah": "الجزيرة",
    "almadina": "المدينة",
    "alriyadh": "الرياض",
    "alwatan": "الوطن",
    "alweeam": "الوئام",
    "alyaum": "اليوم",
    "arreyadi": "الرياضي",
    "arreyadiyah": "الرياضية",
    "okaz": "عكاظ",
    "sabq": "سبق",
    "was": "واس",
    "3alyoum": "عين اليوم",
}
_GZIP_MAGIC = b"\x1f\x8b"
_TAG_SPLIT = re.compile(r"[,;،|]")
_PARAGRAPH_SPLIT = re.compile(r"\n\s*\n")
_HTML_BODY = re.compile(r"</p>|<br\s*/?>|</div>|<p[\s>]", re.I)
_SNIFF_BYTES = 4096
_CSV_FIELD_LIMIT = 16 * 1024 * 1024

OnSkip = Callable[[Skip], None]


def parse_field_mapping(spec: str | None) -> dict[str, str]:
    """Parse ``"title=headline,body=text"`` into ``{"title": "headline", "body": "text"}``.

    Raises ``ValueError`` for an unknown article field or a malformed pair.
    """
    mapping: dict[str, str] = {}
    for pair in filter(None, (p.strip() for p in (spec or "").split(","))):
        field, sep, key = (part.strip() for part in pair.partition("="))
        if not sep or not field or not key:
            raise ValueError(f"mapping entry {pair!r} is not FIELD=KEY")
        if field not in FIELDS:
            raise ValueError(f"unknown article field {field!r}; known: {', '.join(FIELDS)}")
        mapping[field] = key
    return mapping


def iter_records(
    path: str | Path,
    mapping: Mapping[str, str] | None = None,
    *,
    fmt: str | None = None,
    on_skip: OnSkip | None = None,
) -> Iterator[Article]:
    """Stream the articles of a JSONL or CSV file (gzip or not; ``-`` reads stdin).

    ``fmt`` is ``"jsonl"``, ``"csv"``, ``"tsv"`` or ``"snn"``; by default it comes from the
    name and the first bytes. A bad record raises :class:`ParseError` naming its line, unless
    ``on_skip`` is given: then it receives a :class:`Skip` and the stream goes on.
    """
    name = str(path)
    try:
        stream = sys.stdin.buffer if name == "-" else open(name, "rb")  # noqa: SIM115
    except OSError as error:
        raise ParseError("unreadable", f"{name}: {error.strerror or error}") from None
    try:
        yield from iter_record_stream(stream, mapping, fmt=fmt, file=name, on_skip=on_skip)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def iter_record_stream(
    stream: IO[bytes],
    mapping: Mapping[str, str] | None = None,
    *,
    fmt: str | None = None,
    file: str | None = None,
    on_skip: OnSkip | None = None,
) -> Iterator[Article]:
    """Like :func:`iter_records` over an open binary stream (gzip detected by magic bytes)."""
    yield from _stream_articles(stream, mapping, Provenance(file=file), fmt, on_skip)


def parse_records(
    data: str | bytes,
    provenance: Provenance,
    mapping: Mapping[str, str] | None = None,
    *,
    fmt: str | None = None,
) -> list[Article]:
    """Parse an in-memory JSONL/CSV document (what ``parse_document`` hands over)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    articles = list(_stream_articles(io.BytesIO(raw), mapping, provenance, fmt, None))
    if not articles:
        raise ParseError("no_article", "no record has a title and body")
    return articles


def _stream_articles(
    stream: IO[bytes],
    mapping: Mapping[str, str] | None,
    base: Provenance,
    fmt: str | None,
    on_skip: OnSkip | None,
) -> Iterator[Article]:
    try:
        binary = _ungzip(stream)
        head = binary.peek(_SNIFF_BYTES)[:_SNIFF_BYTES]
    except (OSError, EOFError, zlib.error) as error:
        raise ParseError("unreadable", f"{base.file or 'input'}: {error}") from None
    fmt = fmt or sniff_record_format(head, base.file)
    if fmt == "csv" and _tab_separated(head):
        fmt = "tsv"
    text = io.TextIOWrapper(binary, encoding=guess_record_encoding(head), errors="strict", newline="")
    if fmt in ("csv", "tsv"):
        rows = _iter_csv(text, "\t" if fmt == "tsv" else ",")
    elif head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"["):
        rows = _iter_json_array(text)
    else:
        rows = _iter_jsonl(text)
    yield from _articles_from_rows(rows, mapping, replace(base, format=fmt), on_skip)


def iter_saudinewsnet(path: str | Path, *, on_skip: OnSkip | None = None) -> Iterator[Article]:
    """Stream a SaudiNewsNet ``YYYY-MM-DD.jsonl.gz`` file in place."""
    return iter_records(path, fmt="snn", on_skip=on_skip)


def sniff_record_format(head: bytes, name: str | None = None) -> str:
    """``jsonl``, ``snn``, ``csv`` or ``tsv`` from a file name and its first bytes."""
    lowered = (name or "").lower().removesuffix(".gz")
    text = head.decode("utf-8", "ignore").lstrip("\ufeff \t\r\n")
    if text.startswith(("{", "[")):
        first = text.split("\n", 1)[0] if text.startswith("{") else text.split("}", 1)[0]
        return "snn" if all(f'"{key}"' in first for key in SNN_KEYS) else "jsonl"
    if lowered.endswith(".tsv") or _tab_separated(head):
        return "tsv"
    return "csv"


def guess_record_encoding(head: bytes) -> str:
    """UTF-8 (BOM or not) unless the first bytes are not UTF-8: then windows-1256, the code
    page Arabic Excel and older Arabic CMSs export in."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1256"
    return "utf-8-sig"


def _tab_separated(head: bytes) -> bool:
    header = head.split(b"\n", 1)[0]
    return b"\t" in header and b"," not in header


def _ungzip(stream: IO[bytes]) -> io.BufferedReader:
    buffered = stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(stream)  # type: ignore[arg-type]
    if buffered.peek(2)[:2] == _GZIP_MAGIC:
        return io.BufferedReader(gzip.GzipFile(fileobj=buffered))  # type: ignore[arg-type]
    return buffered


def _iter_jsonl(text: IO[str]) -> Iterator[tuple[int, Any]]:
    line_no = 0
    try:
        for line_no, line in enumerate(text, 1):
            if not line.strip():
                continue
            try:
                yield line_no, json.loads(line)
            except ValueError as error:
                yield line_no, ParseError("parse_error", f"line {line_no}: bad JSON ({error})")
    except (UnicodeDecodeError, OSError, EOFError, zlib.error) as error:
        raise ParseError(_stream_reason(error), f"line {line_no + 1}: {error}") from None


def _iter_json_array(text: IO[str]) -> Iterator[tuple[int, Any]]:
    """A JSON array of records (SaudiNewsNet's original ``YYYY-MM-DD.json``): read whole."""
    try:
        records = json.loads(text.read())
    except (UnicodeDecodeError, OSError, EOFError, zlib.error) as error:
        raise ParseError(_stream_reason(error), str(error)) from None
    except ValueError as error:
        raise ParseError("parse_error", f"bad JSON array: {error}") from None
    if not isinstance(records, list):
        raise ParseError("parse_error", "a JSON document must be an array of records")
    yield from enumerate(records, 1)


def _iter_csv(text: IO[str], delimiter: str) -> Iterator[tuple[int, Any]]:
    csv.field_size_limit(_CSV_FIELD_LIMIT)
    reader = csv.DictReader(text, delimiter=delimiter)
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as error:
        raise ParseError("parse_error", f"line {reader.line_num}: {error}") from None
    except (UnicodeDecodeError, OSError, EOFError, zlib.error) as error:
        raise ParseError(_stream_reason(error), f"line {reader.line_num}: {error}") from None


def _stream_reason(error: Exception) -> str:
    return "encoding" if isinstance(error, UnicodeDecodeError) else "unreadable"


def _articles_from_rows(
    rows: Iterable[tuple[int, Any]],
    mapping: Mapping[str, str] | None,
    base: Provenance,
    on_skip: OnSkip | None,
) -> Iterator[Article]:
    for position, (line_no, row) in enumerate(rows):
        try:
            if isinstance(row, ParseError):
                raise row
            yield record_to_article(row, mapping, replace(base, position=position))
        except ParseError as error:
            if on_skip is None:
                raise
            on_skip(Skip(f"{base.file or '-'}:{line_no}", error.reason, error.detail))


def record_to_article(record: Any, mapping: Mapping[str, str] | None, provenance: Provenance) -> Article:
    """One record (a dict) → an article, or :class:`ParseError` (``no_article``, ``parse_error``)."""
    if not isinstance(record, dict):
        raise ParseError("parse_error", f"a record must be an object, not {type(record).__name__}")
    value = _field_reader(record, mapping or {})
    title = clean_text(_as_text(value("title")))
    body = _paragraphs(value("body"))
    if not title or not body:
        raise ParseError("no_article", "the record has no title or no body")
    url = clean_text(_as_text(value("url"))) or None
    fetched_at = _timestamp(_as_text(value("fetched_at"))) or provenance.fetched_at
    published = date_from_text(_as_text(value("published"))) or date_from_url(url)
    source_id = clean_text(_as_text(value("source"))) or None
    source = SNN_SOURCES.get(source_id or "", source_id) if provenance.format == "snn" else source_id
    extra = {"source_id": source_id} if source != source_id else {}
    if record_id := clean_text(_as_text(value("id"))):
        extra["record_id"] = record_id
    return Article(
        title=title,
        body=body,
        published=published,
        updated=date_from_text(_as_text(value("updated"))),
        source=source,
        url=url,
        author=_author(value("author")),
        tags=_tags(value("tags")),
        language=clean_text(_as_text(value("language"))) or detect_language((title + "\n" + body[0])[:LANGUAGE_SAMPLE]),
        summary=clean_text(_as_text(value("summary"))) or None,
        provenance=replace(provenance, url=url, fetched_at=fetched_at),
        extra=extra,
    )


def _field_reader(record: dict[str, Any], mapping: Mapping[str, str]) -> Callable[[str], Any]:
    def value(field: str) -> Any:
        if field in mapping:
            return record.get(mapping[field])
        for key in DEFAULT_KEYS[field]:
            if record.get(key) not in (None, ""):
                return record[key]
        return None

    return value


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _paragraphs(value: Any) -> list[str]:
    if isinstance(value, list):
        parts: Iterable[Any] = value
    else:
        text = _as_text(value).replace("\r\n", "\n")
        if _HTML_BODY.search(text):
            return html_to_paragraphs(text)  # dumps of a CMS often keep the body's markup
        parts = _PARAGRAPH_SPLIT.split(text) if _PARAGRAPH_SPLIT.search(text) else text.split("\n")
    return [p for p in (clean_text(_as_text(part)) for part in parts) if p]


def _author(value: Any) -> str | None:
    if isinstance(value, list):
        names = [clean_text(v.get("name") if isinstance(v, dict) else _as_text(v)) for v in value]
        return ", ".join(n for n in names if n) or None
    return clean_text(_as_text(value)) or None


def _tags(value: Any) -> list[str]:
    items = value if isinstance(value, list) else _TAG_SPLIT.split(_as_text(value))
    tags: list[str] = []
    for tag in (clean_text(_as_text(item)) for item in items):
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def _timestamp(text: str) -> datetime | None:
    """A crawl timestamp; a zoneless one is taken as UTC (SaudiNewsNet documents no zone)."""
    found = date_from_text(text)
    if found is None or found.at is None:
        return None
    return found.at.astimezone(UTC)
