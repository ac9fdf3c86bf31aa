"""WARC web archives (warcio): the HTML pages inside, with where and when they were captured.

Each successful HTML ``response`` (or ``resource``) record becomes a
:class:`marsad.models.RawDocument` whose provenance keeps the record's ``WARC-Target-URI``
as ``url`` and its ``WARC-Date`` as ``fetched_at``. Chunked transfer and gzip/deflate/brotli
content encodings are undone by warcio. Records are streamed one at a time, plain or gzipped.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from marsad.models import Article, Provenance, RawDocument, Skip
from marsad.parse.errors import ParseError

DEFAULT_MAX_RECORD_BYTES = 20 * 1024 * 1024
_HTML_TYPES = ("text/html", "application/xhtml+xml")

OnSkip = Callable[[Skip], None]
logger = logging.getLogger(__name__)


class _QuietArchiveIterator(ArchiveIterator):
    """warcio writes misplaced-record warnings straight to stderr; count them, log once."""

    INC_RECORD = ""


def iter_warc(
    stream: IO[bytes],
    *,
    file: str | None = None,
    max_bytes: int = DEFAULT_MAX_RECORD_BYTES,
    on_skip: OnSkip | None = None,
) -> Iterator[RawDocument]:
    """Yield the HTML pages archived in a WARC stream (``.warc`` or ``.warc.gz``).

    Non-HTML records (requests, metadata, images, redirects, errors) are passed over.
    An HTML record over ``max_bytes`` goes to ``on_skip`` as ``too_large`` (or raises
    :class:`ParseError` without it). A stream that is not a WARC raises ``parse_error``.
    """
    position = records = 0
    archive = _QuietArchiveIterator(stream)
    try:
        for record in archive:
            records += 1
            if record.rec_headers.get_header("Content-Length") is None:
                raise ParseError("parse_error", f"record {records} has no Content-Length: truncated")
            if not _is_html_capture(record):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            payload = record.content_stream().read(max_bytes + 1)
            if len(payload) > max_bytes:
                _skip(on_skip, url or file, "too_large", f"record over {max_bytes:,} bytes")
                continue
            provenance = Provenance(
                file=file,
                url=url,
                format="html",
                fetched_at=parse_warc_date(record.rec_headers.get_header("WARC-Date")),
                position=position,
            )
            position += 1
            yield RawDocument(payload, provenance)
    except ArchiveLoadFailed as error:
        raise ParseError("parse_error", f"not a readable WARC: {error}") from None
    except (EOFError, OSError, ValueError, zlib.error) as error:
        raise ParseError("unreadable", f"broken WARC data: {error}") from None
    except (AttributeError, TypeError, KeyError, IndexError) as error:
        # warcio trips over some corrupted headers with these instead of its own error
        raise ParseError("parse_error", f"corrupted WARC record: {error!r}") from None
    finally:
        if archive.err_count:
            logger.warning("%s: %d WARC records with a wrong Content-Length", file or "WARC", archive.err_count)
    if records == 0:
        raise ParseError("parse_error", "no complete WARC record in the stream")


def iter_warc_file(path: str | Path, **options: Any) -> Iterator[RawDocument]:
    """:func:`iter_warc` over a file on disk (options as there)."""
    try:
        stream = open(path, "rb")  # noqa: SIM115
    except OSError as error:
        raise ParseError("unreadable", f"{path}: {error.strerror or error}") from None
    with stream:
        yield from iter_warc(stream, file=str(path), **options)


def iter_warc_articles(
    stream: IO[bytes], *, file: str | None = None, on_skip: OnSkip | None = None
) -> Iterator[Article]:
    """Parse every archived HTML page; a page that yields no article goes to ``on_skip``."""
    from marsad.parse.html import parse_html

    for raw in iter_warc(stream, file=file, on_skip=on_skip):
        try:
            yield from parse_html(raw.data, raw.provenance)
        except ParseError as error:
            if on_skip is None:
                raise
            on_skip(Skip(raw.provenance.url or file or "-", error.reason, error.detail))


def parse_warc(data: bytes, provenance: Provenance) -> list[Article]:
    """All articles of an in-memory WARC; pages without an article are left out."""
    import io

    skipped: list[Skip] = []
    articles = list(iter_warc_articles(io.BytesIO(data), file=provenance.file, on_skip=skipped.append))
    if not articles:
        detail = f"{len(skipped)} HTML records, none with an article" if skipped else "no HTML records"
        raise ParseError("no_article", detail)
    return articles


def parse_warc_date(value: str | None) -> datetime | None:
    """``WARC-Date`` (ISO 8601, UTC, ``Z``) as an aware datetime, or ``None``."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _is_html_capture(record: Any) -> bool:
    if record.rec_type == "response":
        headers = record.http_headers
        if headers is None:
            return False
        status = headers.get_statuscode() or ""
        kind = headers.get_header("Content-Type") or ""
        return status.startswith("2") and kind.split(";")[0].strip().lower() in _HTML_TYPES
    if record.rec_type == "resource":
        kind = record.rec_headers.get_header("Content-Type") or ""
        return kind.split(";")[0].strip().lower() in _HTML_TYPES
    return False


def _skip(on_skip: OnSkip | None, name: str | None, reason: str, detail: str) -> None:
    if on_skip is None:
        raise ParseError(reason, detail)
    on_skip(Skip(name or "-", reason, detail))
