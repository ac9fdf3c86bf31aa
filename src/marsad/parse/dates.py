"""Publication dates from the text a page shows: a module of its own, used by every format.

Interface (stable):

* :func:`parse_date` turns a date string as written on a page into a
  :class:`marsad.models.PublishedDate`, or ``None`` when the string holds no possible date;
  :func:`parse_date_checked` returns a :class:`DateRejection` with the reason instead
  ("future", "too_old", "invalid", "no_date"), for callers that log what they drop.
* :func:`parse_date_line` accepts only a string that is *nothing but* a date (plus weekday
  names and filler words such as "الساعة"), which is how a page parser decides that a line is a
  date line. It reads no relative dates: a line parser has no fetch time.
* :func:`classify_date_label` tells a publication label ("نشر في", "نُشر بتاريخ", "تاريخ النشر",
  "بتاريخ", "Published") from an update label ("آخر تحديث", "تم التحديث", "محدث", "Updated");
  :func:`parse_dated_line` / :func:`parse_dated_lines` read a metadata line into
  ``(kind, date)`` pairs, wherever the label stands on the line.

How it works: the string is normalized with :func:`marsad.text.normalize_ar` (hamza forms,
ta marbuta, Arabic-Indic and Persian digits, case), then parts are cut out in turn: the time
zone (``GMT``, ``UTC``, ``+03:00``, ``(GMT+0400)``, ``GST``, ``ت.غ``, ``بتوقيت مكة``), Hijri
dates (:mod:`marsad.parse.hijri`, converted by Umm al-Qura), the calendar date (ISO, numeric
``DD/MM/YYYY``, day-month-year or month-day-year with English month names or the Arabic month
names of every region: Egyptian/Gulf, Levantine/Iraqi, Maghrebi, and combined forms such as
``28 آب/اغسطس 2013``) and the time of day (24-hour, or 12-hour with ص/م, صباحا/مساء, ظهرا,
ليلا, AM/PM). A Gregorian date on the string wins over a Hijri one; a Hijri-only string is
converted. When these rules find nothing, relative dates ("منذ ساعتين", "أمس", "2 hours ago",
:mod:`marsad.parse.relative_dates`) are resolved against ``now``, the fetch time; only then
does :mod:`dateparser` get a try, on a copy with Arabic month names translated to English.

Nothing is invented: a date without a time keeps ``time=None``, ``at=None`` and
``precision="day"``; a time without a zone is read as UTC and flagged ``tz_assumed``.
Dates before 1990 or more than two days after ``now`` are rejected as impossible.
Zone names map to fixed offsets (no daylight-saving rules): a page that says "بتوقيت مكة"
means +03:00 all year, which is exact for the Gulf and close enough elsewhere.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Literal

from marsad.models import PublishedDate
from marsad.parse.date_words import FILLER, MONTHS, PUBLISHED_WORDS, UPDATED_WORDS, WEEKDAYS, ZONE_CITIES
from marsad.parse.hijri import find_hijri
from marsad.parse.relative_dates import find_relative
from marsad.text import normalize_ar

DateLabel = Literal["published", "updated"]
RejectReason = Literal["future", "too_old", "invalid", "no_date"]

_MIN_YEAR = 1990
_MAX_FUTURE = timedelta(days=2)


@dataclass(frozen=True, slots=True)
class DateRejection:
    """Why :func:`parse_date_checked` stored no date, for the caller's log.

    ``reason`` is "future" (more than two days after ``now``), "too_old" (before 1990),
    "invalid" (a date-shaped string naming no real day, such as 31/02/2020 or 30 ذو القعدة
    1445 هـ) or "no_date" (nothing date-like at all); ``day`` is the impossible day that was
    read, when one was.
    """

    reason: RejectReason
    raw: str
    day: date | None = None


_MONTHS = MONTHS
_MONTH_RE = "|".join(
    re.escape(name).replace(r"\ ", r"\s+") for name in sorted((n.strip() for n in _MONTHS), key=len, reverse=True)
)
# A month, optionally doubled as "اب/اغسطس", "اب (اغسطس)" or "اب - اغسطس".
_MONTH_PAIR = (
    rf"(?P<mon>{_MONTH_RE})(?![^\W\d_])"
    rf"(?:\s*(?:/|-|\()\s*(?P<mon2>{_MONTH_RE})(?![^\W\d_])\s*\)?)?"
)
_ZONE_CITIES = ZONE_CITIES
_ZONE_GMT = re.compile(r"\(?\b(?:gmt|utc)\s*(?:(?P<sign>[+-])\s*(?P<hh>\d{1,2})(?::?(?P<mm>\d{2}))?)?\s*\)?")
# A numeric offset only right after a time ("10:22+03:00", "10:22:05 -0500"), so that the
# "-2024" of "23-05-2024" is never read as a zone.
_ZONE_OFFSET = re.compile(r"(?<=:\d\d)(?:\.\d+)?\s*(?P<sign>[+-])(?P<hh>\d{2}):?(?P<mm>\d{2})\b")
_ZONE_Z = re.compile(r"(?<=\d)z\b")
# Zone abbreviations Arabic sites print: GST (Gulf Standard Time, Al Arabiya), "ت.غ" (توقيت
# غرينتش, Al Jazeera). Ambiguous ones (AST, EST) are left alone.
_ZONE_ABBR = re.compile(r"\(?(?<![^\W\d_])(?P<abbr>gst|ت\s*\.?\s*غ)\.?(?![^\W\d_])\)?")
_ABBR_MINUTES = {"gst": 240}
_ZONE_CITY = re.compile(r"(?:ب|حسب\s+)?توقيت\s+(?P<city>[^\W\d_]+(?:\s+[^\W\d_]+)?)")

_TIME = re.compile(
    r"(?<![\d:])(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?(?![\d:])"
    r"(?:\s*(?P<ampm>a\.?m\.?|p\.?m\.?|صباحا|صباح|ص|مساء|مساءا|م|ظهرا|ظهر|عصرا|ليلا|فجرا)(?![^\W\d_]))?"
)
# An hour without minutes, only where it cannot be anything else: "الساعة 10 صباحا", "5 pm".
_HOUR_AFTER_LABEL = re.compile(
    r"الساعه\s+(?P<h>\d{1,2})(?![\d:])(?:\s*(?P<ampm>a\.?m\.?|p\.?m\.?|صباحا|ص|مساء|مساءا|م|ظهرا|عصرا|ليلا|فجرا)"
    r"(?![^\W\d_]))?"
)
_HOUR_WITH_MARKER = re.compile(
    r"(?<![\d:/.-])(?P<h>\d{1,2})\s*(?P<ampm>a\.?m\.?|p\.?m\.?|صباحا|مساء|مساءا|ظهرا|عصرا|ليلا|فجرا)(?![^\W\d_])"
)
# Compact ISO time ("2017-01-22T185600", as in the ANT corpus) is given its colon first.
_COMPACT_ISO_TIME = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})t(\d{2})(\d{2})(?:\d{2})?(?![\d:])")
_ISO = re.compile(r"(?<!\d)(?P<y>\d{4})[-/.](?P<mo>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)(?:t(?=\d))?")
_NUMERIC = re.compile(r"(?<!\d)(?P<a>\d{1,2})\s*[-/.]\s*(?P<b>\d{1,2})\s*[-/.]\s*(?P<y>\d{4})(?!\d)")
_ORDINAL = r"(?:st|nd|rd|th)?"
# "24 يونيو 2024", "24 يونيو، 2024", "24 - يونيو - 2024", "24/يونيو/2024", "25th of June 2024"
_DMY = re.compile(
    rf"(?<!\d)(?P<d>\d{{1,2}}){_ORDINAL}\s*[,،./-]?\s*(?:من\s+|of\s+)?{_MONTH_PAIR}"
    rf"\s*[,،./-]?\s*(?:سنه\s+|عام\s+)?(?P<y>\d{{4}})(?!\d)"
)
_MDY = re.compile(rf"{_MONTH_PAIR}\s+(?P<d>\d{{1,2}}){_ORDINAL}\s*[,،]?\s*(?P<y>\d{{4}})(?!\d)")
_LEFTOVER_WORD = re.compile(r"[^\W\d_]+|\d+")


def parse_date(text: str, *, now: datetime | None = None) -> PublishedDate | None:
    """Parse a date (and time, when given) as written on an Arabic or English page.

    ``now`` (the fetch time; default: the current time) resolves relative dates ("منذ ساعتين",
    "أمس") and bounds future dates. A date without a time keeps ``precision="day"`` and
    ``at=None``: no 00:00 is invented. Impossible dates give ``None``; use
    :func:`parse_date_checked` to learn why.

    Example:
        >>> parse_date("تاريخ النشر: 25th, June 2024 GMT").day
        datetime.date(2024, 6, 25)
        >>> parse_date("الأحد 13 تشرين الأول 2019 - 10:30 م").time
        '22:30'
        >>> parse_date("19 ذو الحجة 1445 هـ").day
        datetime.date(2024, 6, 25)
    """
    found = parse_date_checked(text, now)
    return found if isinstance(found, PublishedDate) else None


def parse_date_checked(text: str, now: datetime | None = None) -> PublishedDate | DateRejection:
    """Like :func:`parse_date`, but say why no date was stored.

    Order: marsad's own rules (Gregorian, then Hijri when the text has no Gregorian date),
    then relative dates against ``now``, then :mod:`dateparser` as a last resort. A date that
    marsad's own rules read but find impossible is rejected without asking dateparser.

    Example:
        >>> parse_date_checked("12 مارس 1985").reason
        'too_old'
    """
    raw = (text or "").strip()
    if not raw:
        return DateRejection("no_date", raw)
    moment = _aware(now)
    found = _parse_own(text, moment, strict=False)
    if found is None:
        found = _parse_relative(text, moment)
    if found is None:
        found = _parse_with_dateparser(text, moment)
    if isinstance(found, PublishedDate):
        return found
    return found or DateRejection("no_date", raw)


def parse_date_line(text: str, *, now: datetime | None = None) -> PublishedDate | None:
    """Parse ``text`` only when it is a date and nothing else (weekday and filler allowed).

    A body sentence that merely mentions a date ("وصل يوم 8 سبتمبر المقبل") is refused; a
    bare line such as "الجمعة 19 حزيران 2015", "2019-04-17 01:53" or "19 ذو الحجة 1445 هـ"
    is accepted. Relative dates are not read here: a line parser has no fetch time.
    """
    if not text or not text.strip() or len(text) > 80:
        return None
    found = _parse_own(text, _aware(now), strict=True)
    return found if isinstance(found, PublishedDate) else None


def classify_date_label(text: str) -> DateLabel | None:
    """Whether a date label announces the publication or the update date, else ``None``.

    Update words win, since update labels often repeat a publication word ("تاريخ التحديث").

    Example:
        >>> classify_date_label("نُشر بتاريخ"), classify_date_label("آخر تحديث:")
        ('published', 'updated')
        >>> classify_date_label("Last updated"), classify_date_label("المصدر") is None
        ('updated', True)
    """
    kinds = {_word_kind(word) for word in _LEFTOVER_WORD.findall(normalize_ar(text or ""))}
    if "updated" in kinds:
        return "updated"
    return "published" if "published" in kinds else None


def parse_dated_line(text: str, now: datetime | None = None) -> tuple[DateLabel, PublishedDate] | None:
    """The date of a metadata line and whether it is the publication or the update date.

    A line without a label is a publication date. The label may stand anywhere: in CNN
    Arabic's "الأربعاء، 28 آب/اغسطس 2013، آخر تحديث 14:00 (GMT+0400)" the whole moment,
    2013-08-28 10:00 UTC, is the update time. A line with both kinds of label gives its first
    date; :func:`parse_dated_lines` gives them all. Relative dates resolve against ``now``.

    Example:
        >>> kind, found = parse_dated_line("آخر تحديث: 2024-06-25 10:22 +03:00")
        >>> kind, found.at.hour
        ('updated', 7)
    """
    found = parse_dated_lines(text, now)
    return found[0] if found else None


def parse_dated_lines(text: str, now: datetime | None = None) -> list[tuple[DateLabel, PublishedDate]]:
    """Every labelled date of a line such as "نشر في: 5 مايو 2024 10:00 | آخر تحديث: 11:30".

    The line is cut where the kind of label changes; a part that gives only a time of day
    takes the day (and zone) of the part before it.
    """
    if not text or not text.strip() or len(text) > 240:
        return []
    moment = _aware(now)
    tokens = list(re.finditer(r"\S+", text))
    kinds = [classify_date_label(t.group()) for t in tokens]
    cuts: list[tuple[int, DateLabel]] = []
    for index, kind in enumerate(kinds):
        if kind is not None and (not cuts or cuts[-1][1] != kind):
            # start the part at the whole label: "آخر تحديث", "تاريخ التحديث", "Last updated"
            while index > 0 and normalize_ar(tokens[index - 1].group()).strip(":،,|-") in _LABEL_HEADS:
                index -= 1
            cuts.append((tokens[index].start(), kind))
    if len(cuts) <= 1:
        found = parse_date(text, now=moment)
        kind = cuts[0][1] if cuts else "published"
        return [(kind, found)] if found is not None else []
    result: list[tuple[DateLabel, PublishedDate]] = []
    bounds = [0] + [start for start, _ in cuts[1:]] + [len(text)]
    previous: PublishedDate | None = None
    for (_, kind), begin, end in zip(cuts, bounds[:-1], bounds[1:], strict=True):
        part = text[begin:end]
        found = parse_date(part, now=moment) or _time_on_day(part, previous, moment)
        if found is not None:
            result.append((kind, found))
            previous = found
    return result


def _word_kind(word: str) -> DateLabel | None:
    for form in _label_forms(word):
        if form in UPDATED_WORDS:
            return "updated"
        if form in PUBLISHED_WORDS:
            return "published"
    return None


def _label_forms(word: str) -> list[str]:
    """The word with a leading و/ف, ب/ل and ال stripped in turn: "والتحديث" → "تحديث"."""
    forms = [word]
    for prefixes in (("و", "ف"), ("ب", "ل"), ("ال",)):
        last = forms[-1]
        for prefix in prefixes:
            if last.startswith(prefix) and len(last) - len(prefix) >= 3:
                forms.append(last[len(prefix) :])
                break
    return forms


def _time_on_day(part: str, previous: PublishedDate | None, now: datetime) -> PublishedDate | None:
    """A part that gives only a time ("آخر تحديث 14:00") on the day of the part before it."""
    if previous is None:
        return None
    norm = _prepare(part)
    offset, norm = _cut_zone(norm)
    clock, _ = _cut_time(norm)
    if clock is None:
        return None
    if offset is None and previous.at is not None and not previous.tz_assumed and previous.time is not None:
        local = datetime.strptime(f"{previous.day} {previous.time}", "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
        offset = round((local - previous.at).total_seconds() / 60)
    found = _build(part, previous.day, clock, offset, now)
    return found if isinstance(found, PublishedDate) else None


def _aware(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    return now if now.tzinfo else now.replace(tzinfo=UTC)


def _prepare(text: str) -> str:
    norm = " " + normalize_ar(text).replace("\u060c", "،") + " "
    return _COMPACT_ISO_TIME.sub(r"\1t\2:\3", norm)


def _parse_own(text: str, now: datetime, *, strict: bool) -> PublishedDate | DateRejection | None:
    """marsad's rules: zone, Hijri dates, the Gregorian date, then the time of day."""
    norm = _prepare(text)
    offset, norm = _cut_zone(norm)
    hijri = find_hijri(norm)
    for match in reversed(hijri):  # cut every Hijri date out; the Gregorian one wins
        norm = norm[: match.start] + " " + norm[match.end :]
    day, why, norm = _cut_day(norm)
    if day is None:
        converted = [m for m in hijri if m.gregorian is not None]
        if converted:
            day = converted[0].gregorian
        elif hijri and hijri[0].reason is not None:
            why = why or (hijri[0].reason, None)
    if day is None:
        return None if why is None or strict else DateRejection(why[0], text.strip(), why[1])
    clock, norm = _cut_time(norm)
    if strict and not _only_filler(norm):
        return None
    return _build(text, day, clock, offset, now)


def _cut_zone(norm: str) -> tuple[int | None, str]:
    """Find a time zone, return (minutes east of UTC or None, text without it)."""
    for pattern in (_ZONE_GMT, _ZONE_OFFSET):
        match = pattern.search(norm)
        if match:
            return _offset_minutes(match), _cut(norm, match)
    match = _ZONE_Z.search(norm)
    if match:
        return 0, _cut(norm, match)
    match = _ZONE_ABBR.search(norm)
    if match:
        return _ABBR_MINUTES.get(match.group("abbr"), 0), _cut(norm, match)
    match = _ZONE_CITY.search(norm)
    if match:
        words = match.group("city").split()
        for size in (2, 1):
            city = " ".join(words[:size])
            if city in _ZONE_CITIES:
                end = match.start("city") + len(city)
                return _ZONE_CITIES[city], norm[: match.start()] + " " + norm[end:]
    return None, norm


def _offset_minutes(match: re.Match[str]) -> int:
    if not match.group("hh"):
        return 0
    minutes = int(match.group("hh")) * 60 + int(match.group("mm") or 0)
    return -minutes if match.group("sign") == "-" else minutes


def _cut(norm: str, match: re.Match[str]) -> str:
    return norm[: match.start()] + " " + norm[match.end() :]


def _cut_day(norm: str) -> tuple[date | None, tuple[RejectReason, date | None] | None, str]:
    """Find the calendar date; ISO first, then numeric, then named months.

    Returns (the first possible day, else None; why the date-shaped matches were impossible;
    the text without the day).
    """
    why: tuple[RejectReason, date | None] | None = None
    for pattern in (_ISO, _NUMERIC, _DMY, _MDY):
        for match in pattern.finditer(norm):
            day = _day_from(match, pattern)
            if day is None:
                why = why or ("invalid", None)
            elif day.year < _MIN_YEAR:
                why = why or ("too_old", day)
            else:
                return day, None, _cut(norm, match)
    return None, why, norm


def _day_from(match: re.Match[str], pattern: re.Pattern[str]) -> date | None:
    groups = match.groupdict()
    year = int(groups["y"])
    if pattern is _ISO:
        return _safe_date(year, int(groups["mo"]), int(groups["d"]))
    if pattern is _NUMERIC:
        first, second = int(groups["a"]), int(groups["b"])
        if first <= 12 < second:  # only month-first reads fit: MM/DD/YYYY
            return _safe_date(year, first, second)
        return _safe_date(year, second, first)
    month = _month_number(groups["mon"], groups.get("mon2"))
    return _safe_date(year, month, int(groups["d"])) if month else None


def _month_number(name: str, second: str | None) -> int | None:
    first = _MONTHS.get(" ".join(name.split()))
    if second is None:
        return first
    other = _MONTHS.get(" ".join(second.split()))
    # "اب/اغسطس" names the same month twice; disagreeing names mean it is not a month pair.
    return first if first == other else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _cut_time(norm: str) -> tuple[tuple[int, int] | None, str]:
    """Find a time of day; return ((hour, minute) on the 24-hour local clock, rest)."""
    for pattern in (_TIME, _HOUR_AFTER_LABEL, _HOUR_WITH_MARKER):
        for match in pattern.finditer(norm):
            groups = match.groupdict()
            hour, minute = int(groups["h"]), int(groups.get("m") or 0)
            hour = _to_24h(hour, groups["ampm"])
            if hour is not None and 0 <= hour <= 23 and 0 <= minute <= 59:
                return (hour, minute), _cut(norm, match)
    return None, norm


def _to_24h(hour: int, marker: str | None) -> int | None:
    """The 24-hour hour of a 12-hour clock reading with ص/م, صباحا/مساء, ليلا, AM/PM..."""
    if not marker:
        return hour
    afternoon = marker.startswith(("p", "م", "ع", "ل")) or marker.startswith("ظهر")
    if hour > 12 or hour == 0:
        return hour if not afternoon or hour > 12 else None
    if marker.startswith("ظهر"):
        return hour if hour >= 11 else hour + 12
    if marker.startswith("ل"):  # at night: "10 ليلا" is 22:00, "2 ليلا" and "12 ليلا" are after midnight
        return 0 if hour == 12 else hour if hour < 6 else hour + 12
    if afternoon:
        return hour if hour == 12 else hour + 12
    return 0 if hour == 12 else hour


_ALLOWED_LEFTOVER = frozenset(normalize_ar(w) for w in (*WEEKDAYS, *FILLER, "ه"))
# Around a relative date, label words are fine too: "نشر منذ ساعتين", "Updated 2 hours ago".
_LABEL_FILLER = frozenset({"اخر", "تم", "منذ", "last", "ago", "was", "by"})
# Words that open a label before its kind word: "آخر تحديث", "تاريخ التحديث", "Last updated".
_LABEL_HEADS = frozenset({"اخر", "واخر", "تم", "وتم", "تاريخ", "وتاريخ", "last", "date"})


def _only_filler(rest: str) -> bool:
    return all(word in _ALLOWED_LEFTOVER for word in _LEFTOVER_WORD.findall(rest))


def _only_labels_and_filler(rest: str) -> bool:
    return all(
        word in _ALLOWED_LEFTOVER or word in _LABEL_FILLER or _word_kind(word) is not None
        for word in _LEFTOVER_WORD.findall(rest)
    )


def _build(
    raw: str, day: date, clock: tuple[int, int] | None, offset: int | None, now: datetime
) -> PublishedDate | DateRejection:
    if day.year < _MIN_YEAR:
        return DateRejection("too_old", raw.strip(), day)
    if day > (now + _MAX_FUTURE).date():
        return DateRejection("future", raw.strip(), day)
    if clock is None:
        return PublishedDate(day=day, raw=raw.strip())
    zone = timezone(timedelta(minutes=offset or 0))
    local = datetime(day.year, day.month, day.day, clock[0], clock[1], tzinfo=zone)
    at = local.astimezone(UTC)
    if at > now + _MAX_FUTURE:
        return DateRejection("future", raw.strip(), day)
    return PublishedDate(
        day=day,
        time=f"{clock[0]:02d}:{clock[1]:02d}",
        at=at,
        precision="minute",
        raw=raw.strip(),
        tz_assumed=offset is None,
    )


def _parse_relative(text: str, now: datetime) -> PublishedDate | None:
    """Relative dates against ``now``, when the text is the relative date and labels only."""
    if len(text) > 80:
        return None
    found = find_relative(_prepare(text), now, _cut_time, _cut_zone)
    if found is None or not _only_labels_and_filler(found[1]):
        return None
    return dataclasses.replace(found[0], raw=text.strip())


def _parse_with_dateparser(text: str, now: datetime) -> PublishedDate | DateRejection | None:
    """Last resort: dateparser on a copy whose Arabic month names are made English."""
    english = _translate_months(normalize_ar(text))
    if not re.search(r"\d", english):
        return None  # dateparser turns bare words ("الآن", "today") into dates; pages don't
    try:
        import dateparser
    except ImportError:  # pragma: no cover - dateparser is a declared dependency
        return None
    settings = {
        "RELATIVE_BASE": now.replace(tzinfo=None),
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": True,
        "PREFER_DAY_OF_MONTH": "first",
        "DATE_ORDER": "DMY",
    }
    try:
        found = dateparser.parse(english, languages=["en", "ar"], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    if found is None:
        return None
    has_time = bool(_TIME.search(english))
    clock = (found.hour, found.minute) if has_time else None
    return _build(text, found.date(), clock, None, now)


_ENGLISH = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _translate_months(norm: str) -> str:
    pattern = re.compile(rf"(?<!\w)(?:{_MONTH_RE})(?!\w)")
    return pattern.sub(lambda m: _ENGLISH[_MONTHS[" ".join(m.group().split())]], norm)
