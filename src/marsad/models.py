"""The shared vocabulary of every stage: raw documents, articles, provenances and skips.

Stages depend on this module only; none imports a later stage. Display text in an
``Article`` is kept exactly as published (only whitespace is cleaned); normalization for
matching lives in :mod:`marsad.text` and is never written back into these fields.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Literal

DatePrecision = Literal["day", "minute", "second"]


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where one copy of an article came from."""

    file: str | None = None
    url: str | None = None
    format: str = "text"
    fetched_at: datetime | None = None
    position: int = 0  # index of the article within its input (a page can hold several)


@dataclass(frozen=True, slots=True)
class RawDocument:
    """Bytes read by ingest, with where they came from, before any parsing."""

    data: bytes
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class Skip:
    """An input that produced no article, with a machine-readable reason code.

    Reason codes: ``empty``, ``binary``, ``encoding``, ``too_large``, ``no_article``,
    ``bad_date``, ``unreadable``, ``parse_error``.
    """

    input: str
    reason: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class PublishedDate:
    """A publication date as far as the page tells it; nothing is invented.

    ``at`` is an aware UTC datetime only when the page gives a time of day; a page that gives
    only a calendar day has ``at=None``, ``day`` set and ``precision="day"``.
    """

    day: date
    time: str | None = None  # "HH:MM" as written on the page (local clock), or None
    at: datetime | None = None
    precision: DatePrecision = "day"
    raw: str = ""
    tz_assumed: bool = False  # the page gave a time but no zone; UTC was assumed


@dataclass(slots=True)
class Article:
    """One news item as a reader would see it, wherever it came from."""

    title: str
    body: list[str]
    published: PublishedDate | None = None
    updated: PublishedDate | None = None
    source: str | None = None
    url: str | None = None
    author: str | None = None
    tags: list[str] = field(default_factory=list)
    language: str = "und"
    summary: str | None = None
    read_also: list[int] = field(default_factory=list)  # indices into the same parse result
    provenance: Provenance = field(default_factory=Provenance)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """Body paragraphs joined by blank lines."""
        return "\n\n".join(self.body)

    @property
    def id(self) -> str:
        """Stable content identity: the same text from two files is one article."""
        from marsad.text import normalize_for_identity

        key = normalize_for_identity(self.title) + "\x1f" + normalize_for_identity(self.text)
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with ISO dates; the shape ``marsad parse`` prints."""
        return {
            "id": self.id,
            "title": self.title,
            "published_at": _iso(self.published.at) if self.published else None,
            "published_date": self.published.day.isoformat() if self.published else None,
            "published_time": self.published.time if self.published else None,
            "date_precision": self.published.precision if self.published else None,
            "date_raw": self.published.raw if self.published else None,
            "updated_at": _iso(self.updated.at) if self.updated else None,
            "source": self.source,
            "url": self.url,
            "author": self.author,
            "language": self.language,
            "tags": list(self.tags),
            "body": list(self.body),
            "summary": self.summary,
            "read_also": list(self.read_also),
            "provenance": _provenance_dict(self.provenance),
            **({"extra": self.extra} if self.extra else {}),
        }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def _provenance_dict(p: Provenance) -> dict[str, Any]:
    data = asdict(p)
    data["fetched_at"] = _iso(p.fetched_at)
    return data
