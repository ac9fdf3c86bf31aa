"""How dates and numbers are shown to a reader: Arabic month names, Arabic-Indic or Latin digits.

Only text that marsad itself writes (dates, counts, page numbers) follows the digits setting;
article text is shown exactly as the source published it.
"""

from __future__ import annotations

from datetime import date, datetime

from marsad.models import PublishedDate

DIGIT_STYLES = ("arab", "latn")
DEFAULT_DIGITS = "arab"

# Gregorian month names as most Arab newsrooms write them (Egypt, the Gulf, the Maghreb).
MONTHS_AR = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
)

_TO_ARAB = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def pick_digits(value: str | None) -> str:
    """A valid digits style (``arab`` or ``latn``) from a query parameter or cookie value."""
    return value if value in DIGIT_STYLES else DEFAULT_DIGITS


def format_digits(value: object, style: str) -> str:
    """``value`` as text, with Arabic-Indic digits when ``style`` is ``arab``."""
    text = str(value)
    return text.translate(_TO_ARAB) if style == "arab" else text


def format_day_ar(day: date, style: str) -> str:
    """A calendar day the Arabic way: ``٢٥ يونيو ٢٠٢٤`` (or ``25 يونيو 2024``)."""
    return format_digits(f"{day.day} {MONTHS_AR[day.month - 1]} {day.year}", style)


def format_published_ar(published: PublishedDate | None, style: str) -> str:
    """The publication date in Arabic; the time only when the page gave one."""
    if published is None:
        return ""
    text = format_day_ar(published.day, style)
    if published.time and published.precision != "day":
        text += "، الساعة " + format_digits(published.time, style)
    return text


def format_published_iso(published: PublishedDate | None) -> str:
    """The Gregorian/ISO form: ``2024-06-25`` or ``2024-06-25 22:15`` (the time as written)."""
    if published is None:
        return ""
    if published.time and published.precision != "day":
        return f"{published.day.isoformat()} {published.time}"
    return published.day.isoformat()


def machine_datetime(published: PublishedDate | None) -> str:
    """The value for ``<time datetime=…>``: the UTC instant when known, else the day."""
    if published is None:
        return ""
    if published.at is not None:
        return iso_utc(published.at)
    return published.day.isoformat()


def iso_utc(value: datetime) -> str:
    """An aware datetime as ISO-8601 UTC with a ``Z``."""
    from datetime import UTC

    return value.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"
