"""Machine-readable dates from markup and records: ISO 8601 and RFC 822, then visible text.

Meta tags, JSON-LD, feeds and record fields mostly carry ISO 8601 (``2026-01-08T11:42:50Z``)
or RFC 822 (``Wed, 11 Nov 2015 00:00:00 +0100``). Those are read here exactly; anything else
goes to :func:`marsad.parse.dates.parse_date`, the Arabic/English visible-date parser.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

from marsad.models import PublishedDate

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_RFC822 = re.compile(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}")


def date_from_iso(text: str | None) -> PublishedDate | None:
    """Read an ISO 8601 date or datetime; a bare date stays a day, a zoneless time is UTC-assumed.

    Example:
        >>> date_from_iso("2015-08-24").precision
        'day'
        >>> date_from_iso("2026-01-08T11:42:50+00:00").at.isoformat()
        '2026-01-08T11:42:50+00:00'
    """
    raw = (text or "").strip()
    if _ISO_DAY.match(raw):
        try:
            return PublishedDate(day=date.fromisoformat(raw), precision="day", raw=raw)
        except ValueError:
            return None
    if not _ISO_LIKE.match(raw):
        return None
    try:
        value = datetime.fromisoformat(raw.replace(" ", "T", 1))
    except ValueError:
        return None
    return date_from_datetime(value, raw)


def date_from_rfc822(text: str | None) -> PublishedDate | None:
    """Read an RFC 822 date as RSS ``pubDate`` and HTTP headers write it."""
    raw = (text or "").strip()
    if not _RFC822.match(raw):
        return None
    try:
        value = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    return date_from_datetime(value, raw)


def date_from_datetime(value: datetime, raw: str = "") -> PublishedDate:
    """Wrap a datetime as written (its local day and clock) with its UTC instant."""
    assumed = value.tzinfo is None
    aware = value.replace(tzinfo=UTC) if assumed else value
    precision = "second" if value.second or value.microsecond else "minute"
    return PublishedDate(
        day=value.date(),
        time=value.strftime("%H:%M"),
        at=aware.astimezone(UTC),
        precision=precision,
        raw=raw or value.isoformat(),
        tz_assumed=assumed,
    )


def date_from_text(text: str | None, *, now: datetime | None = None) -> PublishedDate | None:
    """Any date string: ISO 8601, RFC 822, then the visible-date parser (Arabic months etc.)."""
    raw = (text or "").strip()
    if not raw:
        return None
    found = date_from_iso(raw) or date_from_rfc822(raw)
    return found or parse_visible_date(raw, now=now)


def parse_visible_date(text: str, *, now: datetime | None = None) -> PublishedDate | None:
    """Call :func:`marsad.parse.dates.parse_date`; ``None`` where it is absent or fails."""
    from marsad.parse.dates import parse_date

    try:
        return parse_date(text, now=now)
    except NotImplementedError:
        return None  # the visible-date parser has not landed yet
    except (ValueError, OverflowError):
        return None
