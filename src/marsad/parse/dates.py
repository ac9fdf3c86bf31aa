"""Publication dates from the text a page shows: a module of its own, used by every format.

Interface (stable): :func:`parse_date` turns a date string as written on a page into a
:class:`marsad.models.PublishedDate`, or ``None`` when the string holds no date;
:func:`parse_date_line` does the same but only accepts a string that is *nothing but* a date
(plus weekday names and filler words such as "الساعة"), which is how a page parser decides
that a line is a date line.

How it works: the string is normalized with :func:`marsad.text.normalize_ar` (hamza forms,
ta marbuta, Arabic-Indic and Persian digits, case), then three parts are cut out in turn:
the time zone (``GMT``, ``UTC``, ``+03:00``, ``(GMT+0400)``, ``بتوقيت مكة``), the time of day
(24-hour, or 12-hour with ص/م, صباحا/مساء, AM/PM) and the calendar date (ISO, numeric
``DD/MM/YYYY``, day-month-year or month-day-year with English month names or the Arabic month
names of every region: Egyptian/Gulf, Levantine/Iraqi, Maghrebi, and combined forms such as
``28 آب/اغسطس 2013``). Only when these own rules find nothing does :mod:`dateparser` get a
try, on a copy with Arabic month names translated to English.

Nothing is invented: a date without a time keeps ``time=None``, ``at=None`` and
``precision="day"``; a time without a zone is read as UTC and flagged ``tz_assumed``.
Dates before 1990 or more than two days after ``now`` are rejected as impossible.
Zone names map to fixed offsets (no daylight-saving rules): a page that says "بتوقيت مكة"
means +03:00 all year, which is exact for the Gulf and close enough elsewhere.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

from marsad.models import PublishedDate
from marsad.text import normalize_ar

_MIN_YEAR = 1990
_MAX_FUTURE = timedelta(days=2)

# Month names as normalize_ar writes them (أ→ا, ة→ه, ى→ي). Several spellings per region.
_MONTHS: dict[str, int] = {
    # English, full and abbreviated
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
    # Egyptian / Gulf (transliterated Latin names)
    "يناير": 1,
    "فبراير": 2,
    "مارس": 3,
    "ابريل": 4,
    "ابرايل": 4,
    "مايو": 5,
    "يونيو": 6,
    "يونيه": 6,
    "يوليو": 7,
    "يوليه": 7,
    "اغسطس": 8,
    "اغسطوس": 8,
    "سبتمبر": 9,
    "اكتوبر": 10,
    "نوفمبر": 11,
    "ديسمبر": 12,
    # Levantine / Iraqi (Syriac names)
    "كانون الثاني": 1,
    "شباط": 2,
    "اذار": 3,
    "نيسان": 4,
    "ايار": 5,
    "حزيران": 6,
    "تموز": 7,
    "اب": 8,
    "ايلول": 9,
    "تشرين الاول": 10,
    "تشرين الثاني": 11,
    "كانون الاول": 12,
    # Maghrebi (French-derived: Algeria, Tunisia; Moroccan forms)
    "جانفي": 1,
    "فيفري": 2,
    "افريل": 4,
    "ماي": 5,
    "جوان": 6,
    "جويليه": 7,
    "جويلييه": 7,
    "اوت": 8,
    "يوليوز": 7,
    "غشت": 8,
    "شتنبر": 9,
    "نونبر": 11,
    "دجنبر": 12,
}
_MONTH_RE = "|".join(
    re.escape(name).replace(r"\ ", r"\s+") for name in sorted((n.strip() for n in _MONTHS), key=len, reverse=True)
)
# A month, optionally doubled as "اب/اغسطس", "اب (اغسطس)" or "اب - اغسطس".
_MONTH_PAIR = (
    rf"(?P<mon>{_MONTH_RE})(?![^\W\d_])"
    rf"(?:\s*(?:/|-|\()\s*(?P<mon2>{_MONTH_RE})(?![^\W\d_])\s*\)?)?"
)

_WEEKDAYS = (
    "السبت",
    "الاحد",
    "الاثنين",
    "الثلاثاء",
    "الاربعاء",
    "الخميس",
    "الجمعه",
    "saturday",
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "sat",
    "sun",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
)
# Words that may surround a date on a page without changing it.
_FILLER = (
    "يوم",
    "الساعه",
    "ساعه",
    "في",
    "على",
    "الموافق",
    "الى",
    "بتاريخ",
    "تاريخ",
    "at",
    "on",
    "the",
    "of",
    "م",
    "ميلادي",
    "ميلاديه",
)

_ZONE_CITIES: dict[str, int] = {  # normalized "بتوقيت X" → minutes east of UTC
    "مكه": 180,
    "مكه المكرمه": 180,
    "الرياض": 180,
    "السعوديه": 180,
    "الكويت": 180,
    "بغداد": 180,
    "الدوحه": 180,
    "المنامه": 180,
    "عمان": 180,
    "دمشق": 180,
    "القدس": 120,
    "القاهره": 120,
    "مصر": 120,
    "بيروت": 120,
    "طرابلس": 120,
    "الخرطوم": 120,
    "ابوظبي": 240,
    "ابو ظبي": 240,
    "دبي": 240,
    "الامارات": 240,
    "مسقط": 240,
    "الجزائر": 60,
    "تونس": 60,
    "الرباط": 60,
    "المغرب": 60,
    "غرينتش": 0,
    "جرينتش": 0,
    "غرينيتش": 0,
    "جرينيتش": 0,
    "جرنتش": 0,
    "لندن": 0,
    "العالمي": 0,
}

_ZONE_GMT = re.compile(r"\(?\b(?:gmt|utc)\s*(?:(?P<sign>[+-])\s*(?P<hh>\d{1,2})(?::?(?P<mm>\d{2}))?)?\s*\)?")
# A numeric offset only right after a time ("10:22+03:00", "10:22:05 -0500"), so that the
# "-2024" of "23-05-2024" is never read as a zone.
_ZONE_OFFSET = re.compile(r"(?<=:\d\d)(?:\.\d+)?\s*(?P<sign>[+-])(?P<hh>\d{2}):?(?P<mm>\d{2})\b")
_ZONE_Z = re.compile(r"(?<=\d)z\b")
_ZONE_CITY = re.compile(r"(?:ب|حسب\s+)?توقيت\s+(?P<city>(?:\S+\s+)?\S+)")

_TIME = re.compile(
    r"(?<![\d:])(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?(?![\d:])"
    r"(?:\s*(?P<ampm>a\.?m\.?|p\.?m\.?|صباحا|صباح|ص|مساء|مساءا|م|ظهرا|ظهر|عصرا|ليلا)(?!\w))?"
)
_ISO = re.compile(r"(?<!\d)(?P<y>\d{4})[-/.](?P<mo>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)(?:t(?=\d))?")
_NUMERIC = re.compile(r"(?<!\d)(?P<a>\d{1,2})\s*[-/.]\s*(?P<b>\d{1,2})\s*[-/.]\s*(?P<y>\d{4})(?!\d)")
_ORDINAL = r"(?:st|nd|rd|th)?"
_DMY = re.compile(
    rf"(?<!\d)(?P<d>\d{{1,2}}){_ORDINAL}\s*[,،.]?\s*(?:من\s+|of\s+)?{_MONTH_PAIR}"
    rf"\s*[,،.]?\s*(?:سنه\s+|عام\s+)?(?P<y>\d{{4}})(?!\d)"
)
_MDY = re.compile(rf"{_MONTH_PAIR}\s+(?P<d>\d{{1,2}}){_ORDINAL}\s*[,،]?\s*(?P<y>\d{{4}})(?!\d)")
_HIJRI_MONTHS = (
    "محرم",
    "صفر",
    "ربيع الاول",
    "ربيع الاخر",
    "ربيع الثاني",
    "جمادي الاولي",
    "جمادي الاول",
    "جمادي الاخره",
    "جمادي الثانيه",
    "جمادي الاخر",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذو القعده",
    "ذي القعده",
    "ذو الحجه",
    "ذي الحجه",
)
# Hijri dates shown beside the Gregorian one ("18 ذو الحجة 1445 هـ الموافق ..."): cut out,
# never read, since the Gregorian date is the one the rest of the pipeline compares.
_HIJRI = re.compile(
    r"(?<!\d)(?:\d{1,2}\s+(?:"
    + "|".join(m.replace(" ", r"\s+") for m in _HIJRI_MONTHS)
    + r")\s*[,،]?\s*\d{3,4}|\d{1,4}\s*[-/]\s*\d{1,2}\s*[-/]\s*\d{1,4})\s*ه(?![^\W\d_])"
    r"|(?<!\d)\d{1,2}\s+(?:" + "|".join(m.replace(" ", r"\s+") for m in _HIJRI_MONTHS) + r")\s*[,،]?\s*14\d\d(?!\d)"
)
_RELATIVE = re.compile(r"منذ\s+(?:(?P<n>\d+)\s+)?(?P<unit>دقيقه|دقيقتين|دقائق|ساعه|ساعتين|ساعات|يوم|يومين|ايام)")
_UNIT_MINUTES = {
    "دقيقه": 1,
    "دقيقتين": 1,
    "دقائق": 1,
    "ساعه": 60,
    "ساعتين": 60,
    "ساعات": 60,
    "يوم": 1440,
    "يومين": 1440,
    "ايام": 1440,
}
_DUAL = {"دقيقتين", "ساعتين", "يومين"}
_LEFTOVER_WORD = re.compile(r"[^\W\d_]+|\d+")


def parse_date(text: str, *, now: datetime | None = None) -> PublishedDate | None:
    """Parse a date (and time, when given) as written on an Arabic or English page.

    ``now`` resolves relative dates ("منذ ساعتين") and bounds future dates.
    A date without a time keeps ``precision="day"`` and ``at=None``: no 00:00 is invented.

    Example:
        >>> parse_date("تاريخ النشر: 25th, June 2024 GMT").day
        datetime.date(2024, 6, 25)
        >>> parse_date("الأحد 13 تشرين الأول 2019 - 10:30 م").time
        '22:30'
    """
    if not text or not text.strip():
        return None
    now = _aware(now)
    found = _parse_own(text, now, strict=False)
    if found is None:
        found = _parse_relative(text, now)
    if found is None:
        found = _parse_with_dateparser(text, now)
    return found


def parse_date_line(text: str, *, now: datetime | None = None) -> PublishedDate | None:
    """Parse ``text`` only when it is a date and nothing else (weekday and filler allowed).

    A body sentence that merely mentions a date ("وصل يوم 8 سبتمبر المقبل") is refused; a
    bare line such as "الجمعة 19 حزيران 2015" or "2019-04-17 01:53" is accepted.
    """
    if not text or not text.strip() or len(text) > 80:
        return None
    return _parse_own(text, _aware(now), strict=True)


def _aware(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    return now if now.tzinfo else now.replace(tzinfo=UTC)


def _parse_own(text: str, now: datetime, *, strict: bool) -> PublishedDate | None:
    norm = " " + normalize_ar(text).replace("\u060c", "،") + " "
    offset, norm = _cut_zone(norm)
    norm = _HIJRI.sub(" ", norm)
    day, norm = _cut_day(norm)
    if day is None:
        return None
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


def _cut_day(norm: str) -> tuple[date | None, str]:
    """Find the calendar date; ISO first, then numeric, then named months."""
    for pattern in (_ISO, _NUMERIC, _DMY, _MDY):
        for match in pattern.finditer(norm):
            day = _day_from(match, pattern)
            if day is not None and day.year >= _MIN_YEAR:
                return day, _cut(norm, match)
    return None, norm


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
    for match in _TIME.finditer(norm):
        hour, minute = int(match.group("h")), int(match.group("m"))
        hour = _to_24h(hour, match.group("ampm"))
        if hour is not None and 0 <= hour <= 23 and 0 <= minute <= 59:
            return (hour, minute), _cut(norm, match)
    return None, norm


def _to_24h(hour: int, marker: str | None) -> int | None:
    if not marker:
        return hour
    afternoon = marker.startswith(("p", "م", "ع", "ل")) or marker.startswith("ظهر")
    if hour > 12 or hour == 0:
        return hour if not afternoon or hour > 12 else None
    if marker.startswith("ظهر"):
        return hour if hour >= 11 else hour + 12
    if afternoon:
        return hour if hour == 12 else hour + 12
    return 0 if hour == 12 else hour


_ALLOWED_LEFTOVER = frozenset(normalize_ar(w) for w in (*_WEEKDAYS, *_FILLER, "ه"))


def _only_filler(rest: str) -> bool:
    return all(word in _ALLOWED_LEFTOVER for word in _LEFTOVER_WORD.findall(rest))


def _build(
    raw: str, day: date, clock: tuple[int, int] | None, offset: int | None, now: datetime
) -> PublishedDate | None:
    if day.year < _MIN_YEAR or day > (now + _MAX_FUTURE).date():
        return None
    if clock is None:
        return PublishedDate(day=day, raw=raw.strip())
    zone = timezone(timedelta(minutes=offset or 0))
    local = datetime(day.year, day.month, day.day, clock[0], clock[1], tzinfo=zone)
    at = local.astimezone(UTC)
    if at > now + _MAX_FUTURE:
        return None
    return PublishedDate(
        day=day,
        time=f"{clock[0]:02d}:{clock[1]:02d}",
        at=at,
        precision="minute",
        raw=raw.strip(),
        tz_assumed=offset is None,
    )


def _parse_relative(text: str, now: datetime) -> PublishedDate | None:
    """Relative dates ("منذ ساعتين"): precise to the minute only for minutes and hours."""
    match = _RELATIVE.search(normalize_ar(text))
    if not match:
        return None
    unit = match.group("unit")
    count = 2 if unit in _DUAL else int(match.group("n") or 1)
    moment = now - timedelta(minutes=count * _UNIT_MINUTES[unit])
    if _UNIT_MINUTES[unit] >= 1440:
        return PublishedDate(day=moment.date(), raw=text.strip())
    moment = moment.replace(second=0, microsecond=0)
    return PublishedDate(
        day=moment.date(),
        time=moment.strftime("%H:%M"),
        at=moment.astimezone(UTC),
        precision="minute",
        raw=text.strip(),
    )


def _parse_with_dateparser(text: str, now: datetime) -> PublishedDate | None:
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
