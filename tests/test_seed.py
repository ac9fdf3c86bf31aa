"""The seed page end to end: parse → JSON, ingest → SQLite → search, through the CLI."""

from __future__ import annotations

import json
import sqlite3

from click.testing import CliRunner

from marsad.cli import cli
from tests.conftest import SEED_TAGS

TITLE_1 = "وزير الدفاع الإسرائيلي لبلينكن: علينا حل الخلافات بيننا بسرعة"
TITLE_2 = "وزير الخارجية يبحث تثبيت وقف إطلاق النار على قطاع غزة"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_parse_prints_both_articles_with_the_read_also_link(seed_path):
    result = run("parse", str(seed_path))
    assert result.exit_code == 0
    first, second = json.loads(result.output)
    assert first["title"] == TITLE_1
    assert (first["published_date"], first["published_time"], first["published_at"]) == ("2024-06-25", None, None)
    assert first["date_precision"] == "day"
    assert first["source"] == "البوابة نيوز" and first["language"] == "ar"
    assert len(first["body"]) == 8
    assert first["body"][0].startswith("التقى وزير الدفاع")
    assert first["body"][-1].endswith("حاسمة بالنسبة لمستقبل الحرب.")
    assert not any("تابع أحدث الأخبار" in p for p in first["body"])
    assert first["tags"] == SEED_TAGS
    assert second["title"] == TITLE_2
    assert len(second["body"]) == 3
    assert second["published_date"] is None and second["source"] is None
    assert first["read_also"] == [1] and first["read_also_ids"] == [second["id"]]


def test_ingest_seed_twice_then_find_it_by_variant_spellings(seed_path, db_path):
    assert run("ingest", str(seed_path), "--db", str(db_path)).exit_code == 0
    again = run("ingest", str(seed_path), "--db", str(db_path))
    assert "0 new" in again.output and "2 already known" in again.output
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
        first_id, second_id = (row[0] for row in conn.execute("SELECT id FROM articles ORDER BY pk"))
        edges = set(conn.execute("SELECT src_id, dst_id, kind FROM relations").fetchall())
        assert (first_id, second_id, "read_also") in edges
        assert not any(kind == "copy_of" for _, _, kind in edges)  # the glued item is not a copy of its host
    for query in ["اسرائيل", "بلينكن", "الاسرى", "جالانت", "إسرائيلّ", "غَالانت OR جالانت"]:
        hits = json.loads(run("search", query, "--db", str(db_path), "--json").output)["hits"]
        assert hits and hits[0]["title"] == TITLE_1, query


def test_pages_in_other_languages_are_stored_with_their_language(tmp_path, db_path):
    (tmp_path / "en.txt").write_text(
        "Israeli defence minister meets Blinken in Washington\n"
        "Published: 25th, June 2024 GMT\n"
        "The Israeli defence minister met the US Secretary of State on Tuesday in Washington.\n"
        "The two discussed the situation in Gaza and the return of the hostages.\n",
        encoding="utf-8",
    )
    (tmp_path / "fr.txt").write_text(
        "Le ministre israélien de la Défense rencontre Blinken à Washington\n"
        "Le ministre a rencontré le secrétaire d'État américain mardi dans la capitale américaine.\n"
        "Les deux hommes ont discuté de la situation dans la bande de Gaza et des otages.\n",
        encoding="utf-8",
    )
    result = run("ingest", str(tmp_path / "en.txt"), str(tmp_path / "fr.txt"), "--db", str(db_path))
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db_path) as conn:
        languages = dict(conn.execute("SELECT substr(title, 1, 10), language FROM articles"))
    assert sorted(languages.values()) == ["en", "fr"]


def test_a_page_of_boilerplate_only_is_skipped_with_a_reason(tmp_path, db_path):
    page = tmp_path / "furniture.txt"
    page.write_text("تابع أحدث الأخبار عبر تطبيق\nشارك\nحجم الخط\nتابعونا على فيسبوك\nإقرأ أيضاً:\n", encoding="utf-8")
    result = run("ingest", str(page), "--db", str(db_path))
    assert result.exit_code == 1
    assert "no_article" in result.output or "empty" in result.output
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 0


def test_an_impossible_date_is_dropped_with_a_reason_not_stored_or_shown_as_text(tmp_path, db_path):
    page = tmp_path / "future.txt"
    page.write_text(
        "عنوان خبر تجريبي عن الاقتصاد\n"
        "تاريخ النشر: 25th, June 2099 GMT\n"
        "قال وزير المالية اليوم إن الاقتصاد ينمو بسرعة كبيرة هذا العام وفق التقديرات الرسمية.\n"
        "المصدر: الأهرام\n",
        encoding="utf-8",
    )
    result = run("ingest", str(page), "--db", str(db_path))
    assert result.exit_code == 0
    assert "bad_date" in result.output and "future" in result.output
    with sqlite3.connect(db_path) as conn:
        published, body = conn.execute("SELECT published_date, body FROM articles").fetchone()
    assert published is None and "2099" not in body
