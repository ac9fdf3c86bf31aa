"""Dates as real Arabic and English news pages write them, checked by hand.

The table lives in ``eval/data/dates_table.jsonl`` so that ``eval/dates.py`` measures the
same rows: one JSON object per line with the string as written, its region, the expected
local ``day``, local ``time`` (or null), UTC moment ``utc`` ("YYYY-MM-DD HH:MM", or null),
``precision``, ``tz_assumed``, and optionally ``now`` (the fetch time; default
2026-01-01 12:00 UTC) and ``label`` (published/updated, checked with parse_dated_line).
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from marsad.models import PublishedDate
from marsad.parse import dates
from marsad.parse.dates import (
    DateRejection,
    classify_date_label,
    parse_date,
    parse_date_checked,
    parse_date_line,
    parse_dated_line,
    parse_dated_lines,
)
from marsad.parse.hijri import hijri_to_gregorian

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
TABLE_PATH = Path(__file__).resolve().parents[1] / "eval" / "data" / "dates_table.jsonl"
TABLE: list[dict[str, Any]] = [json.loads(line) for line in TABLE_PATH.read_text(encoding="utf-8").splitlines()]


def _now(row: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(row["now"]) if row.get("now") else NOW


def _check(found: PublishedDate | None, row: dict[str, Any]) -> None:
    assert found is not None, row["text"]
    assert found.day == date.fromisoformat(row["day"])
    assert found.time == row["time"]
    assert found.precision == row["precision"]
    if row["utc"] is None:
        assert found.at is None
    else:
        assert found.at is not None and found.at.tzinfo is not None
        assert found.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M") == row["utc"]
    assert found.tz_assumed is row["tz_assumed"]
    assert found.raw == row["text"].strip()


@pytest.mark.parametrize("row", TABLE, ids=[f"{i:03d}-{r['region']}" for i, r in enumerate(TABLE)])
def test_parse_date_table(row: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    # The table is for marsad's own rules: the dateparser fallback must not be needed.
    monkeypatch.setattr(dates, "_parse_with_dateparser", lambda text, now: None)
    _check(parse_date(row["text"], now=_now(row)), row)


@pytest.mark.parametrize("row", [r for r in TABLE if r.get("label")], ids=lambda r: r["text"][:30])
def test_labelled_rows_tell_published_from_updated(row: dict[str, Any]) -> None:
    found = parse_dated_line(row["text"], _now(row))
    assert found is not None
    kind, when = found
    assert kind == row["label"]
    _check(when, row)


def test_table_covers_every_region() -> None:
    regions = Counter(row["region"] for row in TABLE)
    assert len(TABLE) >= 60
    for region in ("egypt", "gulf", "levant_iraq", "maghreb", "english", "hijri", "relative", "12_hour", "zones"):
        assert regions[region] >= 5, region
    assert len({(r["text"], r.get("now")) for r in TABLE}) == len(TABLE)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "هذا نص بلا تاريخ", "المصدر: البوابة نيوز", "شارك", "حجم الخط", "Next Previous"],
)
def test_no_date_gives_none(text: str) -> None:
    assert parse_date(text, now=NOW) is None
    found = parse_date_checked(text, NOW)
    assert isinstance(found, DateRejection) and found.reason == "no_date"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("12 مارس 1985", "too_old"),
        ("1 رمضان 1405 هـ", "too_old"),  # 1985 in the Gregorian calendar
        ("2026-01-05", "future"),  # more than two days after now
        ("2026-01-03 23:00 GMT", "future"),
        ("31/02/2020", "invalid"),  # no such day
        ("30 ذي القعدة 1445 هـ", "invalid"),  # Dhu al-Qa'da 1445 has 29 days by Umm al-Qura
        ("1445/13/01 هـ", "invalid"),
    ],
)
def test_impossible_dates_are_rejected_with_a_reason(text: str, reason: str) -> None:
    assert parse_date(text, now=NOW) is None
    found = parse_date_checked(text, NOW)
    assert isinstance(found, DateRejection)
    assert found.reason == reason
    assert found.raw == text


def test_rejection_keeps_the_impossible_day() -> None:
    found = parse_date_checked("12 مارس 1985", NOW)
    assert isinstance(found, DateRejection) and found.day == date(1985, 3, 12)


def test_two_days_ahead_is_still_allowed() -> None:
    found = parse_date("2026-01-03", now=NOW)
    assert found is not None and found.day == date(2026, 1, 3)


def test_gregorian_wins_over_hijri_on_the_same_line() -> None:
    # The page's Hijri day (18) is a day off Umm al-Qura's (19 = 25 June): the Gregorian is read.
    found = parse_date("الثلاثاء 18 ذو الحجة 1445 هـ - 25 يونيو 2024 م", now=NOW)
    assert found is not None and found.day == date(2024, 6, 25)
    found = parse_date("19 ذو الحجة 1445 هـ الموافق 26/06/2024", now=NOW)
    assert found is not None and found.day == date(2024, 6, 26)


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("محرم", 1),
        ("صفر", 2),
        ("ربيع الأول", 3),
        ("ربيع الاول", 3),
        ("ربيع الآخر", 4),
        ("ربيع الثاني", 4),
        ("جمادى الأولى", 5),
        ("جمادى الأول", 5),
        ("جمادى الآخرة", 6),
        ("جمادى الثانية", 6),
        ("رجب", 7),
        ("شعبان", 8),
        ("رمضان", 9),
        ("شوال", 10),
        ("ذو القعدة", 11),
        ("ذي القعدة", 11),
        ("ذو الحجة", 12),
        ("ذي الحجة", 12),
    ],
)
def test_every_hijri_month_name(text: str, month: int) -> None:
    for suffix in (" هـ", "ه", ""):
        found = parse_date(f"5 {text} 1445{suffix}", now=NOW)
        assert found is not None, suffix
        assert found.day == hijri_to_gregorian(1445, month, 5)


def test_umm_al_qura_anchor_days() -> None:
    assert hijri_to_gregorian(1445, 9, 1) == date(2024, 3, 11)  # Ramadan 1445 began in Saudi Arabia
    assert hijri_to_gregorian(1445, 10, 1) == date(2024, 4, 10)  # Eid al-Fitr 1445
    assert hijri_to_gregorian(1445, 12, 10) == date(2024, 6, 16)  # Eid al-Adha 1445


def test_hijri_line_is_a_date_line() -> None:
    found = parse_date_line("الثلاثاء 19 ذو الحجة 1445 هـ")
    assert found is not None and found.day == date(2024, 6, 25)
    assert parse_date_line("صام 12 رمضان 1445 هـ") is None


def test_relative_hours_use_now() -> None:
    found = parse_date("منذ ساعتين", now=NOW)
    assert found is not None
    assert found.at == datetime(2026, 1, 1, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    ["قال الرئيس اليوم إنه سيزور القاهرة", "منذ 3 أشهر", "الآن يمكنكم التسجيل في الموقع", "قبل سنوات"],
)
def test_relative_words_in_sentences_are_not_dates(text: str) -> None:
    assert parse_date(text, now=NOW) is None


def test_relative_dates_are_not_date_lines() -> None:
    assert parse_date_line("منذ ساعتين", now=NOW) is None  # a line parser has no fetch time


def test_date_line_refuses_sentences() -> None:
    assert parse_date_line("الجمعة 19 حزيران 2015") is not None
    assert parse_date_line("2019-04-17 01:53") is not None
    assert parse_date_line("سيلعب المنتخب يوم 8 سبتمبر 2015 أمام المكسيك") is None
    assert parse_date_line("تاريخ النشر: 25th, June 2024 GMT") is None  # the label is not a date


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("نشر في", "published"),
        ("نُشر بتاريخ:", "published"),
        ("تاريخ النشر", "published"),
        ("بتاريخ", "published"),
        ("Published", "published"),
        ("Posted on", "published"),
        ("أضيف في", "published"),
        ("آخر تحديث", "updated"),
        ("تم التحديث", "updated"),
        ("محدث", "updated"),
        ("حُدّث في", "updated"),
        ("تاريخ التحديث", "updated"),
        ("Updated", "updated"),
        ("Last updated:", "updated"),
        ("Modified", "updated"),
        ("المصدر", None),
        ("بقلم", None),
        ("", None),
    ],
)
def test_classify_date_label(text: str, kind: str | None) -> None:
    assert classify_date_label(text) == kind


def test_unlabelled_line_is_a_publication_date() -> None:
    assert parse_dated_line("الجمعة 19 حزيران 2015", NOW) == ("published", parse_date("الجمعة 19 حزيران 2015"))
    assert parse_dated_line("حجم الخط", NOW) is None


def test_line_with_both_labels_gives_both_dates() -> None:
    found = parse_dated_lines("نشر في: 5 مايو 2024 10:00 +03:00 | آخر تحديث: 11:30", NOW)
    assert [kind for kind, _ in found] == ["published", "updated"]
    published, updated = found[0][1], found[1][1]
    assert published.at == datetime(2024, 5, 5, 7, 0, tzinfo=UTC)
    # the update part gives only a time: it takes the day and the +03:00 zone of the part before
    assert updated.day == date(2024, 5, 5) and updated.time == "11:30"
    assert updated.at == datetime(2024, 5, 5, 8, 30, tzinfo=UTC)
    assert parse_dated_line("نشر في: 5 مايو 2024 10:00 +03:00 | آخر تحديث: 11:30", NOW) == found[0]


def test_line_with_two_full_dates() -> None:
    found = parse_dated_lines("تاريخ النشر: 2024-05-05 | تاريخ التحديث: 2024-05-06 08:00", NOW)
    assert [(kind, d.day, d.time) for kind, d in found] == [
        ("published", date(2024, 5, 5), None),
        ("updated", date(2024, 5, 6), "08:00"),
    ]
    assert found[1][1].raw == "تاريخ التحديث: 2024-05-06 08:00"


def test_dateparser_fallback_reads_what_own_rules_miss() -> None:
    found = parse_date("25-Jun-2024", now=NOW)
    assert found is not None and found.day == date(2024, 6, 25)
    assert found.time is None


def _load_eval():
    import importlib.util
    import sys

    path = Path(__file__).resolve().parents[1] / "eval" / "dates.py"
    spec = importlib.util.spec_from_file_location("eval_dates", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_dates"] = module
    spec.loader.exec_module(module)
    return module


def test_eval_reads_the_ant_time_formats_by_their_own_rules() -> None:
    module = _load_eval()
    iso = module._ant_truth("2017-01-20T21:43:00+01:00", NOW)
    assert (iso.day, iso.time, iso.utc) == (date(2017, 1, 20), "21:43", "2017-01-20 20:43")
    compact = module._ant_truth("2017-01-22T185600", NOW)
    assert (compact.day, compact.time, compact.utc) == (date(2017, 1, 22), "18:56", None)
    numeric = module._ant_truth("05/04/2015", NOW)
    assert (numeric.day, numeric.time, numeric.utc) == (date(2015, 4, 5), None, None)


def test_eval_scores_both_systems_on_the_table() -> None:
    module = _load_eval()
    items = module.table_items(TABLE_PATH)
    assert len(items) == len(TABLE)
    marsad = module.score(items, module.marsad_guess, invented=True)
    assert marsad["day_acc"] == 1.0 and marsad["time_acc"] == 1.0 and marsad["utc_acc"] == 1.0
    assert marsad["invented_time"] == 0.0
    # DD/MM read as MM/DD, as dateparser does on ANT's "05/04/2015": the score must be able to fail
    swapped = module.Guess(date(2015, 5, 4), "00:00", None)
    wrong = module.score([module._ant_truth("05/04/2015", NOW)], lambda item: swapped, invented=True)
    assert wrong["day_acc"] == 0.0 and wrong["parse_rate"] == 1.0 and wrong["invented_time"] == 1.0


def test_eval_ant_floor() -> None:
    module = _load_eval()
    data = module.default_data_dir()
    items = module.ant_items(data, datetime.now(UTC))
    if not items:
        pytest.skip(f"ANT not found under {data} (set MARSAD_SHARED)")
    assert len(items) > 6000
    result = module.score(items, module.marsad_guess, invented=True)
    assert result["parse_rate"] == 1.0 and result["day_acc"] >= 0.999 and result["utc_acc"] >= 0.999


def test_update_label_in_mid_sentence() -> None:
    found = parse_dated_lines("نشر في 5 مايو 2024 وتم تحديثه في 6 مايو 2024 14:00", NOW)
    assert [(kind, d.day, d.time) for kind, d in found] == [
        ("published", date(2024, 5, 5), None),
        ("updated", date(2024, 5, 6), "14:00"),
    ]
    assert found[0][1].raw == "نشر في 5 مايو 2024"
