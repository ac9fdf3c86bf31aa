# ruff: noqa: E501  -- realistic Arabic news paragraphs are longer than a code line
"""Ingest end to end with enrichment and dedup on: what a reader and a monitor rely on."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from marsad.cli import cli

WIRE = [
    "{dateline} أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في مدينة الرياض بسعة خمسمائة سرير لخدمة سكان الأحياء الشمالية والمناطق المجاورة لها.",
    "وقال المتحدث الرسمي باسم الوزارة إن المستشفى يضم أقساما متخصصة في أمراض القلب والأورام وجراحة الأعصاب إضافة إلى مركز للطوارئ يعمل على مدار الساعة.",
    "وأضاف أن تكلفة المشروع بلغت نحو مليار ريال وأنه يأتي ضمن خطة الوزارة لرفع الطاقة الاستيعابية للمستشفيات في المملكة خلال السنوات الخمس المقبلة.",
    "وأشار إلى أن المستشفى سيبدأ استقبال المرضى بشكل تدريجي اعتبارا من الشهر المقبل بعد استكمال تجهيز الأقسام وتعيين الكوادر الطبية والفنية اللازمة.",
]
FOLLOW_UP = [
    "استقبل مستشفى الرياض الجديد اليوم أول دفعة من المرضى بعد يوم من إعلان وزارة الصحة افتتاحه بسعة خمسمائة سرير في الأحياء الشمالية.",
    "وأوضح مدير المستشفى أن أقسام القلب والأورام وجراحة الأعصاب بدأت العمل وأن مركز الطوارئ استقبل عشرات الحالات منذ الصباح الباكر.",
]
DOC = "<DOC>\n<DOCNO>{no}</DOCNO>\n<SRC>{src}</SRC>\n<TITLE>{title}</TITLE>\n<TIME>{time}</TIME>\n<TEXT>\n{body}\n</TEXT>\n</DOC>\n"


def write(path: Path, *, no: str, src: str, title: str, time: str, body: list[str]) -> str:
    path.write_text(DOC.format(no=no, src=src, title=title, time=time, body="\n".join(body)), encoding="utf-8")
    return str(path)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def relations(db: Path) -> set[tuple[str, str, str]]:
    with sqlite3.connect(db) as conn:
        return set(conn.execute("SELECT src_id, dst_id, kind FROM relations"))


def ids_by_source(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT source, id FROM articles"))


def test_wire_copy_story_over_two_days_and_reingest_changes_nothing(tmp_path, db_path):
    original = [p.format(dateline="الرياض - واس:") for p in WIRE]
    copy = [WIRE[0].format(dateline="جدة – واس:"), *WIRE[1:3], "تابعونا على تويتر وفيسبوك للمزيد من الأخبار"]
    paths = [
        write(
            tmp_path / "a.xml",
            no="A",
            src="واس",
            title="افتتاح مستشفى جديد في الرياض",
            time="2015-07-21T09:00:00+03:00",
            body=original,
        ),
        write(
            tmp_path / "b.xml",
            no="B",
            src="عكاظ",
            title="الصحة تفتتح مستشفى بسعة 500 سرير",
            time="2015-07-21T11:30:00+03:00",
            body=copy,
        ),
        write(
            tmp_path / "c.xml",
            no="C",
            src="الرياض",
            title="مستشفى الرياض الجديد يستقبل أول المرضى",
            time="2015-07-22T10:00:00+03:00",
            body=FOLLOW_UP,
        ),
    ]
    assert run("ingest", *paths, "--db", str(db_path)).exit_code == 0
    ids = ids_by_source(db_path)
    edges = relations(db_path)
    assert (ids["عكاظ"], ids["واس"], "copy_of") in edges  # dateline changed, paragraph trimmed, boilerplate added
    story = {dst for src, dst, kind in edges if kind == "story"}
    assert len(story) == 1  # the follow-up a day later joins the same story
    assert {src for src, _, kind in edges if kind == "story"} == set(ids.values())

    again = run("ingest", *paths, "--db", str(db_path))
    assert "0 new" in again.output
    assert relations(db_path) == edges  # re-ingesting changes no group

    article = json.loads(run("article", ids["عكاظ"], "--db", str(db_path), "--json").output)
    assert article["copy_group"]["canonical"] == ids["واس"] and not article["copy_group"]["is_canonical"]
    assert sorted(article["story"]["articles"]) == sorted(ids.values())
    verdict = json.loads(run("compare", ids["عكاظ"], ids["واس"], "--db", str(db_path), "--json").output)
    assert verdict["decision"] == "copy" and verdict["reason"]
    apart = json.loads(run("compare", ids["الرياض"], ids["واس"], "--db", str(db_path), "--json").output)
    assert apart["decision"] in ("same_story", "different") and apart["decision"] != "copy"
    readable = run("article", ids["عكاظ"], "--db", str(db_path)).output  # the default is for people
    assert f"copy of {ids['واس']}" in readable and "story:" in readable
    told = run("compare", ids["عكاظ"], ids["واس"], "--db", str(db_path)).output
    assert "copy" in told and "containment" in told
    missing = CliRunner().invoke(cli, ["article", "nope", "--db", str(db_path)])
    assert missing.exit_code == 1 and "no stored article" in missing.output


def test_ingest_enriches_and_enrichment_is_searchable(seed_path, db_path):
    assert run("ingest", str(seed_path), "--db", str(db_path)).exit_code == 0
    with sqlite3.connect(db_path) as conn:
        extra, summary = conn.execute("SELECT extra, summary FROM articles ORDER BY pk LIMIT 1").fetchone()
    extra = json.loads(extra)
    assert 5 <= len(extra["keywords"]) <= 10 and extra["keywords_version"]
    assert extra["topic"]["label"] and extra["topic"]["version"]
    people = {e["text"] for e in extra["entities"] if e["type"] == "PERS"}
    assert "أنتوني بلينكن" in people
    assert summary and summary.startswith("التقى وزير الدفاع")
    for query in ["entity:بلينكن", 'entity:"أنتوني بلينكن" غزة', f"topic:{extra['topic']['label']} جالانت"]:
        hits = json.loads(run("search", query, "--db", str(db_path), "--json").output)["hits"]
        assert hits and hits[0]["title"].startswith("وزير الدفاع الإسرائيلي"), query


def test_enrich_command_fills_what_ingest_skipped_and_then_has_nothing_to_do(seed_path, db_path):
    assert run("ingest", str(seed_path), "--db", str(db_path), "--no-enrich", "--no-dedup").exit_code == 0
    with sqlite3.connect(db_path) as conn:
        assert all(json.loads(e) == {} for (e,) in conn.execute("SELECT extra FROM articles"))
    first = run("enrich", "--db", str(db_path))
    assert "enriched 2 articles" in first.output
    assert "enriched 0 articles, 2 already current" in run("enrich", "--db", str(db_path)).output
    hits = json.loads(run("search", "entity:بلينكن", "--db", str(db_path), "--json").output)["hits"]
    assert hits
