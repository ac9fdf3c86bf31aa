"""Hijri (Islamic) dates on Arabic pages, converted to the Gregorian calendar.

Gulf pages print the Hijri date beside the Gregorian one ("الثلاثاء 18 ذو الحجة 1445 هـ -
25 يونيو 2024 م") and some print only the Hijri one ("19 ذو الحجة 1445 هـ", "1436/10/06هـ").
:func:`find_hijri` finds such a date in normalized text; :func:`hijri_to_gregorian` converts it
by the Umm al-Qura calendar, Saudi Arabia's official one, through the small ``hijridate``
package (pure Python, MIT, its table covers 1343-1500 AH = 1924-2077 CE). Umm al-Qura is what
Gulf news sites print; other countries' sighting-based dates may differ by a day, which is why
a Gregorian date on the same page always wins (see :mod:`marsad.parse.dates`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from marsad.parse.date_words import HIJRI_EPITHETS, HIJRI_MONTHS

# Umm al-Qura's table covers these Hijri years; earlier ones are before marsad's 1990 floor.
MIN_YEAR = 1343
MAX_YEAR = 1500

_MONTH_RE = "|".join(re.escape(name).replace(r"\ ", r"\s*") for name in sorted(HIJRI_MONTHS, key=len, reverse=True))
_EPITHET_RE = "|".join(HIJRI_EPITHETS)
# The era mark: "هـ" (normalized to "ه"), "ه." or "هجري/هجريه"; never a letter of a longer word.
_ERA = r"\s*(?:هجريه|هجري|ه)\.?(?![^\W\d_])"
# "19 ذو الحجة 1445 هـ", "18 من ذي الحجة 1445ه", "12 رمضان المبارك 1445", "غرة رمضان 1445 هـ"
# (غرة/مستهل: the first day of the month): the named Hijri
# months are distinctive enough that the era mark is optional after a 14xx or 13xx year.
_NAMED = re.compile(
    rf"(?:(?<!\d)(?P<d>\d{{1,2}})|(?<![^\W\d_])(?P<first>غره|مستهل))\s*(?:من\s+)?(?P<mon>{_MONTH_RE})(?![^\W\d_])"
    rf"(?:\s+(?:{_EPITHET_RE}))?\s*[,،]?\s*(?:سنه\s+|عام\s+)?(?P<y>1[34]\d\d)(?!\d)(?P<era>{_ERA})?"
)
# Numeric: "06/10/1436هـ", "1436/10/06 هـ", "1445-12-19"; without the era mark only a
# 14xx year is read as Hijri (no Gregorian date of that year is news).
_NUMERIC_DMY = re.compile(
    rf"(?<![\d/.-])(?P<d>\d{{1,2}})\s*[-/.]\s*(?P<mo>\d{{1,2}})\s*[-/.]\s*(?P<y>1[34]\d\d)(?![\d/.-])(?P<era>{_ERA})?"
)
_NUMERIC_YMD = re.compile(
    rf"(?<![\d/.-])(?P<y>1[34]\d\d)\s*[-/.]\s*(?P<mo>\d{{1,2}})\s*[-/.]\s*(?P<d>\d{{1,2}})(?![\d/.-])(?P<era>{_ERA})?"
)


@dataclass(frozen=True, slots=True)
class HijriMatch:
    """A Hijri date found in text: where it is, what it says, and its Gregorian day."""

    start: int
    end: int
    year: int
    month: int
    day: int
    gregorian: date | None  # None when no such Hijri day exists or it is outside the table
    reason: Literal["invalid", "too_old", "future"] | None = None  # why gregorian is None


def hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian day of a Hijri date by Umm al-Qura.

    Raises ``ValueError`` for a day that does not exist (day 30 of a 29-day month, month 13)
    and ``OverflowError`` for a year outside 1343-1500 AH.

    Example:
        >>> hijri_to_gregorian(1445, 12, 19)
        datetime.date(2024, 6, 25)
    """
    from hijridate import Hijri

    if not MIN_YEAR <= year <= MAX_YEAR:
        raise OverflowError(f"Hijri year {year} is outside the Umm al-Qura table ({MIN_YEAR}-{MAX_YEAR})")
    found = Hijri(year, month, day, validate=True).to_gregorian()
    return date(found.year, found.month, found.day)


def find_hijri(norm: str) -> list[HijriMatch]:
    """Every Hijri date in normalized text, in order of position, without overlaps."""
    found: list[HijriMatch] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_NAMED, _NUMERIC_DMY, _NUMERIC_YMD):
        for match in pattern.finditer(norm):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            groups = match.groupdict()
            year, day = int(groups["y"]), int(groups["d"]) if groups.get("d") else 1
            if pattern is _NAMED:
                month = _month(groups["mon"])
            else:
                month = int(groups["mo"])
                if not groups["era"] and not 1400 <= year <= MAX_YEAR:
                    continue
            taken.append((match.start(), match.end()))
            found.append(_convert(match.start(), match.end(), year, month, day))
    return sorted(found, key=lambda m: m.start)


def _month(name: str) -> int:
    squeezed = "".join(name.split())
    for spelled, number in HIJRI_MONTHS.items():
        if "".join(spelled.split()) == squeezed:
            return number
    raise KeyError(name)  # pragma: no cover - the regex only matches listed names


def _convert(start: int, end: int, year: int, month: int, day: int) -> HijriMatch:
    try:
        gregorian = hijri_to_gregorian(year, month, day)
    except OverflowError:
        reason = "too_old" if year < MIN_YEAR else "future"
        return HijriMatch(start, end, year, month, day, None, reason)
    except ValueError:
        return HijriMatch(start, end, year, month, day, None, "invalid")
    return HijriMatch(start, end, year, month, day, gregorian)
