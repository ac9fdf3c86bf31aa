"""JSONL / CSV records with a field mapping, gzip by magic bytes, and SaudiNewsNet in place."""

from __future__ import annotations

import gzip
import itertools
import json
import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.models import Provenance
from marsad.parse.errors import ParseError
from marsad.parse.records import (
    SNN_SOURCES,
    iter_records,
    iter_saudinewsnet,
    parse_field_mapping,
    parse_records,
    sniff_record_format,
)

SHARED = Path(os.environ.get("MARSAD_SHARED", Path(__file__).resolve().parents[1] / ".." / "shared"))
SNN = SHARED / "data" / "saudinewsnet"

RECORDS = [
    {
        "headline": "ارتفاع صادرات الفوسفات",
        "text": "ارتفعت صادرات الفوسفات بنسبة عشرة في المئة.\n\nوقالت الشركة إن الطلب الآسيوي قوي.",
        "when": "2024-02-10T08:00:00+03:00",
        "kw": "اقتصاد، تعدين، صادرات",
        "link": "https://example.com/a/1",
    },
    {"headline": "بلا نص", "text": "   "},
    {"headline": "خبر ثالث", "text": ["فقرة أولى", "فقرة ثانية"], "when": "2024-02-11", "kw": ["أ", "ب", "أ"]},
]
MAPPING = "title=headline, body=text, published=when, tags=kw, url=link"


def write_jsonl(path: Path, records: list, *, gz: bool = False) -> Path:
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
    path.write_bytes(gzip.compress(lines) if gz else lines)
    return path


def test_parse_field_mapping():
    assert parse_field_mapping(MAPPING) == {
        "title": "headline",
        "body": "text",
        "published": "when",
        "tags": "kw",
        "url": "link",
    }
    assert parse_field_mapping("") == {}
    for bad in ("title", "nonsense=x", "title="):
        with pytest.raises(ValueError):
            parse_field_mapping(bad)


@pytest.mark.parametrize("gz", [False, True])
def test_jsonl_with_mapping_streams_and_skips(tmp_path, gz):
    # a gzip body under a plain .jsonl name: detected by magic bytes
    path = write_jsonl(tmp_path / "dump.jsonl", RECORDS, gz=gz)
    skips = []
    articles = list(iter_records(path, parse_field_mapping(MAPPING), on_skip=skips.append))
    assert [a.title for a in articles] == ["ارتفاع صادرات الفوسفات", "خبر ثالث"]
    first, third = articles
    assert first.body == ["ارتفعت صادرات الفوسفات بنسبة عشرة في المئة.", "وقالت الشركة إن الطلب الآسيوي قوي."]
    assert first.published.at == datetime(2024, 2, 10, 5, 0, tzinfo=UTC)
    assert first.tags == ["اقتصاد", "تعدين", "صادرات"]
    assert first.url == first.provenance.url == "https://example.com/a/1"
    assert (first.provenance.format, first.provenance.position) == ("jsonl", 0)
    assert first.language == "ar"
    assert third.body == ["فقرة أولى", "فقرة ثانية"] and third.tags == ["أ", "ب"]
    assert third.published.precision == "day" and third.provenance.position == 2
    assert [(s.reason, s.input.endswith(":2")) for s in skips] == [("no_article", True)]


def test_bad_json_line_raises_unless_skipped(tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text('{"title": "عنوان", "body": "نص"}\n{not json\n[1, 2]\n{"title": "ثان", "body": "نص ثان"}\n')
    with pytest.raises(ParseError) as caught:
        list(iter_records(path))
    assert caught.value.reason == "parse_error" and "line 2" in caught.value.detail
    skips = []
    assert [a.title for a in iter_records(path, on_skip=skips.append)] == ["عنوان", "ثان"]
    assert [s.reason for s in skips] == ["parse_error", "parse_error"]


def test_csv_with_quotes_newlines_and_defaults(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text(
        "title,content,date,author\n"
        '"قمة ""عربية"" في الرياض","الفقرة الأولى، مع فاصلة.\n\nالفقرة الثانية.",2024-03-01,"أحمد, سلمى"\n'
        "عنوان بلا نص,,2024-03-02,\n",
        encoding="utf-8-sig",
    )
    with pytest.raises(ParseError):
        list(iter_records(path))  # the second row has no body and nobody asked to skip
    skips = []
    [article] = iter_records(path, on_skip=skips.append)
    assert article.title == 'قمة "عربية" في الرياض'
    assert article.body == ["الفقرة الأولى، مع فاصلة.", "الفقرة الثانية."]
    assert article.published.day == date(2024, 3, 1)
    assert article.author == "أحمد, سلمى"
    assert article.provenance.format == "csv"
    assert len(skips) == 1


def test_tsv_and_in_memory_records():
    data = "headline\tbody\nعنوان أول\tنص الخبر الأول\n".encode()
    assert sniff_record_format(data, "x.tsv") == "tsv"
    [article] = parse_records(data, Provenance(file="x.tsv"), {"title": "headline"})
    assert (article.title, article.body, article.provenance.format) == ("عنوان أول", ["نص الخبر الأول"], "tsv")
    [same] = parse_records(data, Provenance(), {"title": "headline"}, fmt="csv")  # as detect_format names it
    assert same.body == ["نص الخبر الأول"] and same.provenance.format == "tsv"
    with pytest.raises(ParseError):
        parse_records(b'{"title": "", "body": ""}\n', Provenance())


def test_windows_1256_csv_from_excel(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("title,body\nعنوان بترميز ويندوز,نص عربي بترميز 1256\n".encode("cp1256"))
    [article] = iter_records(path)
    assert (article.title, article.body) == ("عنوان بترميز ويندوز", ["نص عربي بترميز 1256"])


def test_invalid_utf8_after_the_head_is_an_encoding_error(tmp_path):
    path = tmp_path / "mixed.jsonl"
    good = '{"title": "عنوان", "body": "نص"}\n'.encode() * 400  # a UTF-8 head ...
    path.write_bytes(good + '{"title": "caf\u00e9", "body": "x"}\n'.encode("latin-1"))  # ... then not
    with pytest.raises(ParseError) as caught:
        list(iter_records(path))
    assert caught.value.reason == "encoding"


def test_missing_file_is_unreadable(tmp_path):
    with pytest.raises(ParseError) as caught:
        list(iter_records(tmp_path / "nope.jsonl"))
    assert caught.value.reason == "unreadable"


SNN_RECORD = {
    "source": "aleqtisadiya",
    "url": "http://www.aleqt.com/2015/07/20/article_974922.html",
    "date_extracted": "2015-07-21 02:47:05",
    "title": "النفط يتراجع",
    "author": "&nbsp;جنيف : (رويترز)",
    "content": "تراجعت أسعار النفط.\n\n وقال متعاملون إن المخزونات ارتفعت.",
}


def test_saudinewsnet_crawl_time_is_provenance_not_publication(tmp_path):
    path = write_jsonl(tmp_path / "2015-07-21.jsonl.gz", [SNN_RECORD], gz=True)
    [article] = iter_records(path)  # recognised by its keys
    assert article.provenance.format == "snn"
    assert article.provenance.fetched_at == datetime(2015, 7, 21, 2, 47, 5, tzinfo=UTC)
    assert article.published.day == date(2015, 7, 20)  # from the URL, not date_extracted
    assert article.published.precision == "day"
    assert article.source == "الاقتصادية" and article.extra["source_id"] == "aleqtisadiya"
    assert article.author == "جنيف : (رويترز)"
    assert article.body == ["تراجعت أسعار النفط.", "وقال متعاملون إن المخزونات ارتفعت."]


def test_shared_saudinewsnet_streams_in_place():
    files = sorted(SNN.glob("*.jsonl.gz"))
    if not files:
        pytest.skip(f"shared data not found: {SNN} (set MARSAD_SHARED)")
    skips = []
    articles = list(itertools.islice(iter_saudinewsnet(files[0], on_skip=skips.append), 300))
    assert len(articles) == 300
    assert all(a.provenance.format == "snn" and a.provenance.fetched_at.tzinfo is UTC for a in articles)
    assert all(a.url and a.title and a.body for a in articles)
    day = date.fromisoformat(files[0].name[:10])
    assert all(a.provenance.fetched_at.date() >= day for a in articles)
    assert all(a.published is None or a.published.day <= a.provenance.fetched_at.date() for a in articles)
    assert {a.source for a in articles} <= set(SNN_SOURCES.values())
    assert all(s.reason == "no_article" for s in skips)


RECORD_PIECES = [
    '{"title": "ع", "body": "ن"}',
    "{",
    '"a,b"',
    "title,body",
    "\n",
    ",",
    '{"title": [1]}',
    '{"date": "2015-99-01", "title": "t", "body": "b"}',
    "\x1f\x8b",
    "null",
]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=300),
        st.lists(st.sampled_from(RECORD_PIECES), max_size=12).map("".join),
    ),
    st.sampled_from([None, "jsonl", "csv", "snn"]),
)
def test_any_records_input_gives_articles_or_parse_error(data, fmt):
    try:
        articles = parse_records(data, Provenance(file="fuzz"), fmt=fmt)
    except ParseError as error:
        assert error.reason
        return
    assert all(a.title and a.body for a in articles)


def test_json_array_of_saudinewsnet_records(tmp_path):
    path = tmp_path / "2015-07-21.json"
    path.write_text(json.dumps([SNN_RECORD, {**SNN_RECORD, "title": ""}], ensure_ascii=False, indent=1))
    skips = []
    [article] = iter_records(path, on_skip=skips.append)
    assert article.provenance.format == "snn" and article.source == "الاقتصادية"
    assert [s.reason for s in skips] == ["no_article"]


def test_corrupt_gzip_is_a_parse_error(tmp_path):
    good = gzip.compress(b'{"title": "a", "body": "b"}\n' * 2000)
    path = tmp_path / "broken.jsonl.gz"
    path.write_bytes(good[:40] + bytes(200) + good[240:])
    with pytest.raises(ParseError) as caught:
        list(iter_records(path))
    assert caught.value.reason == "unreadable"


def test_html_bodies_in_records_become_paragraphs():
    record = {"title": "عنوان", "body": "<p>الفقرة الأولى</p><script>x()</script><p>الثانية<br><br>الثالثة</p>"}
    data = (json.dumps(record, ensure_ascii=False) + "\n").encode()
    [article] = parse_records(data, Provenance())
    assert article.body == ["الفقرة الأولى", "الثانية", "الثالثة"]
