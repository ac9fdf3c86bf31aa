"""Which parser a raw document needs: from its content first, its file name second.

Strong content signals win over the name (a ``.txt`` that starts with ``<!DOCTYPE html>`` is
HTML); the name settles what content alone cannot (a short CSV). Gzip is looked through by
its magic bytes, whatever the file is called, and only the first few kilobytes are read.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import re
import zlib
from pathlib import Path

from marsad.models import Provenance, RawDocument

FORMATS = ("text", "html", "rss", "atom", "jsonfeed", "warc", "jsonl", "csv", "ant", "snn")
SNIFF_BYTES = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_EXTENSIONS = {
    ".warc": "warc",
    ".arc": "warc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".php": "html",
    ".aspx": "html",
    ".rss": "rss",
    ".atom": "atom",
}
_SNN_KEYS = ("source", "url", "date_extracted", "title", "author", "content")
_XML_PROLOG = re.compile(r"^(?:\s*(?:<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[[^\]]*\])?>))*\s*", re.S | re.I)
_FEED_ROOT = re.compile(r"^<(?:(rss)\b|(rdf:RDF)\b|(feed)\b)", re.I)
_HTML_START = re.compile(r"^<(?:!doctype\s+html|html|head|body|meta|title|div|article|p)\b", re.I)
_HTML_TAGS = re.compile(r"</?(?:p|div|span|a|br|h[1-6]|ul|li|table|article|section|img)\b[^>]*>", re.I)
_HEADER_FIELD = re.compile(r"^[\w .\-]{1,40}$")
_MIN_HTML_TAGS = 5
_ARRAY_OF_OBJECTS = re.compile(r"^\[\s*\{\s*\"")


def detect_format(raw: RawDocument) -> str:
    """Name the format of a raw document: one of :data:`FORMATS`.

    Example:
        >>> from marsad.models import Provenance
        >>> detect_format(RawDocument(b"WARC/1.0\\r\\n", Provenance()))
        'warc'
    """
    head = sniff_head(raw.data)
    name = (raw.provenance.file or raw.provenance.url or "").lower()
    return detect_text_format(head, name)


def detect_file_format(path: str | Path) -> str:
    """:func:`detect_format` for a file on disk, reading only its first bytes (gzip included).

    Lets a caller route archives and record dumps to the streaming readers
    (:func:`marsad.ingest.warc.iter_warc_file`, :func:`marsad.parse.records.iter_records`)
    before anything reads the whole file.
    """
    with open(path, "rb") as stream:
        head = stream.read(SNIFF_BYTES * 4 if str(path).lower().endswith(".gz") else SNIFF_BYTES)
    return detect_format(RawDocument(head, Provenance(file=str(path))))


def sniff_head(data: bytes, size: int = SNIFF_BYTES) -> str:
    """The first ``size`` bytes as text, gunzipped when gzip; undecodable bytes are dropped."""
    head = data[:size]
    if head.startswith(_GZIP_MAGIC):
        try:
            head = zlib.decompressobj(wbits=47).decompress(data[: size * 4], size)
        except zlib.error:
            return ""
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom) :].decode(codec, "ignore").lstrip("\ufeff")
    return head.decode("utf-8", "ignore").lstrip("\ufeff")


def detect_text_format(head: str, name: str = "") -> str:
    """Like :func:`detect_format` for the start of an already decoded document."""
    base = _strip_compression(name.split("?", 1)[0])
    stripped = head.lstrip()
    if stripped.startswith("WARC/"):
        return "warc"
    if stripped.startswith(("{", "[")):
        return _json_kind(stripped) or _by_extension(base) or "text"
    if stripped.startswith("<"):
        markup = _markup_kind(stripped)
        if markup:
            return markup
    by_name = _by_extension(base)
    if by_name in ("csv", "warc", "html"):
        return by_name
    if _looks_like_csv(stripped):
        return "csv"
    if len(_HTML_TAGS.findall(stripped[:8192])) >= _MIN_HTML_TAGS:
        return "html"
    return "text"


def _strip_compression(name: str) -> str:
    for suffix in (".gz", ".gzip"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _by_extension(name: str) -> str | None:
    for extension, fmt in _EXTENSIONS.items():
        if name.endswith(extension):
            return fmt
    return None


def _json_kind(text: str) -> str | None:
    first_line = text.split("\n", 1)[0].strip()
    if '"version"' in text[:4096] and "jsonfeed.org/version" in text[:4096].replace("\\/", "/"):
        return "jsonfeed"
    if text.startswith("["):
        # an array of records (SaudiNewsNet's original files): named by the first record's keys
        if not _ARRAY_OF_OBJECTS.match(text):
            return None
        first = text[: text.find("}") + 1] if "}" in text else text[:4096]
        return "snn" if all(f'"{key}"' in first for key in _SNN_KEYS) else "jsonl"
    try:
        record = json.loads(first_line)
    except ValueError:
        return None  # a pretty-printed JSON document or a truncated line
    if not isinstance(record, dict):
        return None
    return "snn" if all(key in record for key in _SNN_KEYS) else "jsonl"


def _markup_kind(text: str) -> str | None:
    body = _XML_PROLOG.sub("", text[:8192], count=1)
    if body.startswith("<DOC>") or body.startswith("<DOC "):
        return "ant"
    feed = _FEED_ROOT.match(body)
    if feed:
        return "atom" if feed.group(3) else "rss"
    if _HTML_START.match(body) or re.search(r"<html\b", text[:4096], re.I):
        return "html"
    return None


def _looks_like_csv(text: str) -> bool:
    """A header of short field names, then rows with as many fields (quoted newlines allowed)."""
    complete = text[: text.rfind("\n")] if "\n" in text else ""
    if not complete:
        return False
    for delimiter in (",", "\t", ";"):
        try:
            rows = list(itertools.islice(csv.reader(io.StringIO(complete), delimiter=delimiter), 6))
        except csv.Error:
            continue
        header = rows[0] if rows else []
        if len(header) < 2 or not all(_HEADER_FIELD.match(field.strip()) for field in header):
            continue
        body = [row for row in rows[1:] if row]
        if body and all(len(row) == len(header) for row in body):
            return True
    return False
