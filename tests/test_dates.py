"""parse_date on real-world date strings from every Arabic region, checked by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from marsad.parse import dates
from marsad.parse.dates import parse_date, parse_date_line

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)

# (string as written, day, local "HH:MM" or None, UTC "YYYY-MM-DD HH:MM" or None, tz_assumed)
CASES = [
    # English forms (seed family)
    ("تاريخ النشر: 25th, June 2024 GMT", date(2024, 6, 25), None, None, False),
    ("1st, February 2019 GMT", date(2019, 2, 1), None, None, False),
    ("23rd, March 2025 GMT", date(2025, 3, 23), None, None, False),
    ("June 25, 2024", date(2024, 6, 25), None, None, False),
    ("Jun 5 2024 3:45 PM", date(2024, 6, 5), "15:45", "2024-06-05 15:45", True),
    ("25 June 2024 10:00 GMT", date(2024, 6, 25), "10:00", "2024-06-25 10:00", False),
    # ISO
    ("2015-04-13 10:22", date(2015, 4, 13), "10:22", "2015-04-13 10:22", True),
    ("تاريخ النشر : 2015-04-13 03:52", date(2015, 4, 13), "03:52", "2015-04-13 03:52", True),
    ("2024-06-25T10:22:00+03:00", date(2024, 6, 25), "10:22", "2024-06-25 07:22", False),
    ("2024-06-25T23:30:00Z", date(2024, 6, 25), "23:30", "2024-06-25 23:30", False),
    ("2019/02/21", date(2019, 2, 21), None, None, False),
    # numeric with Arabic-Indic and Persian digits
    ("٢٣/٠٥/٢٠٢٤", date(2024, 5, 23), None, None, False),
    ("نشر في: ٠٨/٠٩/٢٠٢٤", date(2024, 9, 8), None, None, False),
    ("۱۲/۰۶/۲۰۱۹", date(2019, 6, 12), None, None, False),
    ("23-05-2024 14:10", date(2024, 5, 23), "14:10", "2024-05-23 14:10", True),
    ("05/23/2024", date(2024, 5, 23), None, None, False),  # only month-first fits
    # Egyptian / Gulf month names
    ("17 يوليو 2023", date(2023, 7, 17), None, None, False),
    ("الخميس 10 يوليه 2015", date(2015, 7, 10), None, None, False),
    ("26 أبريل 2019", date(2019, 4, 26), None, None, False),
    ("26 ابريل 2019", date(2019, 4, 26), None, None, False),
    ("الأحد، 3 يونيه 2018 - 11:20 ص", date(2018, 6, 3), "11:20", "2018-06-03 11:20", True),
    ("13 أكتوبر 2023 09:15 مساءً", date(2023, 10, 13), "21:15", "2023-10-13 21:15", True),
    ("الثلاثاء 25 يونيو 2024 10:22 صباحا بتوقيت مكة", date(2024, 6, 25), "10:22", "2024-06-25 07:22", False),
    ("السبت 2 نوفمبر 2024 | 12:05 م", date(2024, 11, 2), "12:05", "2024-11-02 12:05", True),
    ("22 ديسمبر 2023 12:30 ص", date(2023, 12, 22), "00:30", "2023-12-22 00:30", True),
    # Levantine / Iraqi month names
    ("الأحد 13 تشرين الأول 2019", date(2019, 10, 13), None, None, False),
    ("الخميس 25 كانون الثاني 2024", date(2024, 1, 25), None, None, False),
    ("الاثنين 16 كانون الأول 2019", date(2019, 12, 16), None, None, False),
    ("الأربعاء 27 آذار 2024", date(2024, 3, 27), None, None, False),
    ("الثلاثاء 4 آب 2015", date(2015, 8, 4), None, None, False),
    ("3 شباط 2020 - 18:45", date(2020, 2, 3), "18:45", "2020-02-03 18:45", True),
    ("الجمعة 19 حزيران 2015", date(2015, 6, 19), None, None, False),
    ("12 أيلول 2022 بتوقيت بيروت 14:00", date(2022, 9, 12), "14:00", "2022-09-12 12:00", False),
    ("1 تموز 2021", date(2021, 7, 1), None, None, False),
    ("9 نيسان 2017", date(2017, 4, 9), None, None, False),
    # Maghrebi month names
    ("10 جانفي 2020 على الساعة 14:05", date(2020, 1, 10), "14:05", "2020-01-10 14:05", True),
    ("12 أفريل 2021", date(2021, 4, 12), None, None, False),
    ("05 جويلية 2019", date(2019, 7, 5), None, None, False),
    ("15 أوت 2018", date(2018, 8, 15), None, None, False),
    ("3 فيفري 2022", date(2022, 2, 3), None, None, False),
    ("20 جوان 2023", date(2023, 6, 20), None, None, False),
    ("7 ماي 2016", date(2016, 5, 7), None, None, False),
    ("5 غشت 2019", date(2019, 8, 5), None, None, False),
    # combined forms and zones
    ("28 آب/اغسطس 2013", date(2013, 8, 28), None, None, False),
    ("الأربعاء 28 آب (أغسطس) 2013 - 09:00 (GMT+0400)", date(2013, 8, 28), "09:00", "2013-08-28 05:00", False),
    ("2019-06-13 14:10 +03:00", date(2019, 6, 13), "14:10", "2019-06-13 11:10", False),
    ("Sat, 12 Sep 2015 15:25:46 +0200", date(2015, 9, 12), "15:25", "2015-09-12 13:25", False),
    ("الأربعاء، 28 آب/اغسطس 2013، آخر تحديث 14:00 (GMT+0400)", date(2013, 8, 28), "14:00", "2013-08-28 10:00", False),
    ("8 مارس 2015 10:00 UTC", date(2015, 3, 8), "10:00", "2015-03-08 10:00", False),
    # Hijri beside Gregorian (Gulf sites): the Gregorian date is read
    ("الثلاثاء 18 ذو الحجة 1445 هـ - 25 يونيو 2024 م", date(2024, 6, 25), None, None, False),
    ("06/10/1436هـ الموافق 22/07/2015م", date(2015, 7, 22), None, None, False),
    ("آخر تحديث: 13 تشرين الأول 2019 - 10:30 م", date(2019, 10, 13), "22:30", "2019-10-13 22:30", True),
]


@pytest.mark.parametrize(("text", "day", "clock", "utc", "assumed"), CASES)
def test_parse_date_table(
    text: str,
    day: date,
    clock: str | None,
    utc: str | None,
    assumed: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The table is for marsad's own rules: the dateparser fallback must not be needed.
    monkeypatch.setattr(dates, "_parse_with_dateparser", lambda text, now: None)
    found = parse_date(text, now=NOW)
    assert found is not None, text
    assert found.day == day
    assert found.time == clock
    if utc is None:
        assert found.at is None
        assert found.precision == "day"
    else:
        assert found.at is not None and found.at.tzinfo is not None
        assert found.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M") == utc
        assert found.precision == "minute"
    assert found.tz_assumed is assumed
    assert found.raw == text.strip()


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize(
    "text",
    ["", "   ", "هذا نص بلا تاريخ", "المصدر: البوابة نيوز", "شارك", "حجم الخط", "Next Previous"],
)
def test_no_date_gives_none(text: str) -> None:
    assert parse_date(text, now=NOW) is None


@pytest.mark.parametrize(
    "text",
    [
        "12 مارس 1985",  # before 1990
        "2026-01-05",  # more than two days after now
        "31/02/2020",  # no such day
    ],
)
def test_impossible_dates_are_rejected(text: str) -> None:
    assert parse_date(text, now=NOW) is None


def test_two_days_ahead_is_still_allowed() -> None:
    found = parse_date("2026-01-03", now=NOW)
    assert found is not None and found.day == date(2026, 1, 3)


def test_relative_hours_use_now() -> None:
    found = parse_date("منذ ساعتين", now=NOW)
    assert found is not None
    assert found.at == datetime(2026, 1, 1, 10, 0, tzinfo=UTC)


def test_date_line_refuses_sentences() -> None:
    assert parse_date_line("الجمعة 19 حزيران 2015") is not None
    assert parse_date_line("2019-04-17 01:53") is not None
    assert parse_date_line("سيلعب المنتخب يوم 8 سبتمبر 2015 أمام المكسيك") is None
    assert parse_date_line("تاريخ النشر: 25th, June 2024 GMT") is None  # the label is not a date


def test_dateparser_fallback_reads_what_own_rules_miss() -> None:
    found = parse_date("25-Jun-2024", now=NOW)
    assert found is not None and found.day == date(2024, 6, 25)
    assert found.time is None
