"""Relative dates ("منذ ساعتين", "قبل ٥ ساعات", "أمس", "2 hours ago"), resolved against ``now``.

``now`` is the fetch time of the page. Minutes and hours give a moment (precision "minute",
seconds dropped); days and weeks give a calendar day (precision "day"), since "منذ يومين" does
not say at what hour. Named days ("اليوم", "أمس", "أول أمس", "yesterday") give a day, and a
moment when a time of day is written beside them ("أمس الساعة 10:30 م"). Months and years ago
("منذ 3 أشهر") are too vague to store and are not read.

The day of a named day is taken in the zone the text gives ("بتوقيت مكة"), else in UTC.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta, timezone

from marsad.models import PublishedDate
from marsad.parse.date_words import DAY_WORDS, HOUR_FRACTIONS, NOW_WORDS, NUMBER_WORDS, RELATIVE_UNITS


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_UNIT = rf"(?P<unit>{_alternation(RELATIVE_UNITS)})(?![^\W\d_])"
_COUNT = rf"(?:(?P<n>\d+)|(?P<word>{_alternation(NUMBER_WORDS)})(?![^\W\d_])|(?P<frac>{_alternation(HOUR_FRACTIONS)}))"
_UNIT2 = rf"(?P<unit2>{_alternation(RELATIVE_UNITS)})(?![^\W\d_])"
# "منذ ساعتين", "قبل ٥ ساعات", "منذ ثلاث ساعات", "منذ نصف ساعة", "منذ 5 ساعات و 20 دقيقة",
# "منذ ساعتين ونصف"
_AGO_AR = re.compile(
    rf"(?<![^\W\d_])(?:منذ|قبل)\s+(?:حوالي\s+|نحو\s+)?(?:{_COUNT}\s*)?{_UNIT}"
    rf"(?:\s+و\s*(?:(?P<n2>\d+)\s*)?{_UNIT2}|\s+و\s*(?P<frac2>{_alternation(HOUR_FRACTIONS)}))?"
)
_AGO_EN = re.compile(rf"(?<![^\W\d_])(?:about\s+)?{_COUNT}\s*{_UNIT}\s+ago\b")
_NOW = re.compile(rf"(?<![^\W\d_])(?:{_alternation(NOW_WORDS)})(?![^\W\d_])")
_DAY = re.compile(rf"(?<![^\W\d_])(?P<day>{_alternation(DAY_WORDS)})(?![^\W\d_])")

# (minute, hour) clock and zone readers are passed in by marsad.parse.dates, which owns them.
ClockCutter = Callable[[str], tuple[tuple[int, int] | None, str]]
ZoneCutter = Callable[[str], tuple[int | None, str]]


def find_relative(
    norm: str, now: datetime, cut_time: ClockCutter, cut_zone: ZoneCutter
) -> tuple[PublishedDate, str] | None:
    """Read a relative date from normalized text; return it with the text that is left over.

    ``now`` must be aware. The leftover lets the caller decide whether the text held anything
    but the date (labels, weekday names and filler are fine; a sentence is not).
    """
    for pattern in (_AGO_AR, _AGO_EN):
        match = pattern.search(norm)
        if match:
            found = _ago(match, now)
            if found is not None:
                return found, norm[: match.start()] + " " + norm[match.end() :]
    match = _NOW.search(norm)
    if match:
        return _moment(now), norm[: match.start()] + " " + norm[match.end() :]
    match = _DAY.search(norm)
    if match:
        back = DAY_WORDS[" ".join(match.group("day").split())]
        rest = norm[: match.start()] + " " + norm[match.end() :]
        offset, rest = cut_zone(rest)
        clock, rest = cut_time(rest)
        return _named_day(back, clock, offset, now), rest
    return None


def _ago(match: re.Match[str], now: datetime) -> PublishedDate | None:
    unit = " ".join(match.group("unit").split())
    minutes, dual = RELATIVE_UNITS[unit]
    if match.group("frac"):
        if minutes != 60:
            return None  # "نصف يوم" and the like are not said on pages
        return _moment(now - timedelta(minutes=HOUR_FRACTIONS[match.group("frac")]))
    if match.group("n"):
        count = int(match.group("n"))
    elif match.group("word"):
        count = NUMBER_WORDS[match.group("word")]
    else:
        count = dual or 1
    total = count * minutes
    second = match.groupdict().get("unit2")
    if second:  # "5 ساعات و 20 دقيقة"
        minutes2, dual2 = RELATIVE_UNITS[" ".join(second.split())]
        total += minutes2 * (int(match.group("n2")) if match.group("n2") else dual2 or 1)
    elif match.groupdict().get("frac2") and minutes == 60:  # "ساعتين ونصف"
        total += HOUR_FRACTIONS[match.group("frac2")]
    if minutes >= 1440:
        return PublishedDate(day=(now - timedelta(minutes=total)).date())
    return _moment(now - timedelta(minutes=total))


def _moment(moment: datetime) -> PublishedDate:
    moment = moment.astimezone(UTC).replace(second=0, microsecond=0)
    return PublishedDate(day=moment.date(), time=moment.strftime("%H:%M"), at=moment, precision="minute")


def _named_day(back: int, clock: tuple[int, int] | None, offset: int | None, now: datetime) -> PublishedDate:
    zone = timezone(timedelta(minutes=offset or 0))
    day: date = now.astimezone(zone).date() - timedelta(days=back)
    if clock is None:
        return PublishedDate(day=day)
    local = datetime(day.year, day.month, day.day, clock[0], clock[1], tzinfo=zone)
    return PublishedDate(
        day=day,
        time=f"{clock[0]:02d}:{clock[1]:02d}",
        at=local.astimezone(UTC),
        precision="minute",
        tz_assumed=offset is None,
    )
