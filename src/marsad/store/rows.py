"""Row mapping shared by the store backends: a database row ↔ a :class:`StoredArticle`."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from marsad.models import Article, PublishedDate
from marsad.search.snippet import Segment
from marsad.store.base import StoredArticle


def lead_snippet(stored: StoredArticle, words: int = 30) -> list[Segment]:
    """The first words of the body, for hits that have no matched words to show."""
    lead = stored.article.body[0] if stored.article.body else stored.article.title
    parts = lead.split()
    return [(" ".join(parts[:words]) + (" …" if len(parts) > words else ""), False)]


def row_to_stored(row: dict[str, object]) -> StoredArticle:
    published = None
    if row["published_date"]:
        published = PublishedDate(
            day=date.fromisoformat(str(row["published_date"])),
            time=row["published_time"],  # type: ignore[arg-type]
            at=parse_iso(row["published_at"]),
            precision=row["date_precision"] or "day",  # type: ignore[arg-type]
            raw=str(row["date_raw"] or ""),
            tz_assumed=bool(row["tz_assumed"]),
        )
    updated_at = parse_iso(row["updated_at"])
    article = Article(
        title=str(row["title"]),
        body=json.loads(str(row["body"])),
        published=published,
        updated=PublishedDate(day=updated_at.date(), at=updated_at, precision="minute") if updated_at else None,
        source=row["source"],  # type: ignore[arg-type]
        url=row["url"],  # type: ignore[arg-type]
        author=row["author"],  # type: ignore[arg-type]
        tags=json.loads(str(row["tags"])),
        language=str(row["language"]),
        summary=row["summary"],  # type: ignore[arg-type]
        extra=json.loads(str(row["extra"])),
    )
    return StoredArticle(id=str(row["id"]), article=article, first_seen_at=str(row["first_seen_at"]))


def sort_key(article: Article, now: str) -> str:
    pub = article.published
    if pub and pub.at:
        return iso_utc(pub.at) or now
    if pub:
        return pub.day.isoformat()
    return now


def iso_utc(value: datetime | None) -> str | None:
    """An aware datetime as ISO-8601 in UTC, or ``None``."""
    return value.astimezone(UTC).isoformat() if value else None


def parse_iso(value: object) -> datetime | None:
    """The inverse of :func:`iso_utc` (``None`` for an empty value)."""
    return datetime.fromisoformat(str(value)) if value else None
