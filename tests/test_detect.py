"""Format detection from content, magic bytes and names."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from warcio.warcwriter import WARCWriter

from marsad.ingest.detect import FORMATS, detect_file_format, detect_format
from marsad.models import Provenance, RawDocument

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(os.environ.get("MARSAD_SHARED", Path(__file__).resolve().parents[1] / ".." / "shared")) / "data"

SNN_LINE = json.dumps(
    {
        "source": "sabq",
        "url": "http://sabq.org/x",
        "date_extracted": "2015-07-21 02:39:09",
        "title": "عنوان",
        "author": "",
        "content": "نص",
    },
    ensure_ascii=False,
)


def detect(data: bytes | str, name: str | None = None) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return detect_format(RawDocument(raw, Provenance(file=name)))


def warc_bytes(*, compressed: bool) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compressed)
    writer.write_record(writer.create_warcinfo_record("x.warc", {"software": "tests"}))
    return out.getvalue()


CASES = [
    ("html", (FIXTURES / "article_jsonld.html").read_bytes(), None),
    ("html", "<html><body><p>نص</p></body></html>", "page.txt"),
    ("html", "\n<!-- saved -->\n<!DOCTYPE html><html lang='ar'>", None),
    ("html", "<div><p>فقرة</p><p>فقرة</p><a href='/'>رابط</a><br><span>x</span></div>", None),
    ("rss", '<?xml version="1.0"?>\n<?xml-stylesheet href="a.xsl"?>\n<rss version="2.0"><channel>', None),
    ("rss", '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "x.dtd">\n<rss version="0.91">', None),
    (
        "html",
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">',
        "page.xml",
    ),
    ("rss", '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', None),
    ("atom", '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>', "feed.xml"),
    ("jsonfeed", '{\n  "version": "https://jsonfeed.org/version/1.1",\n  "items": []\n}', "feed.json"),
    ("jsonl", '{"title": "عنوان", "body": "نص"}\n{"title": "ثان", "body": "نص"}\n', "dump.txt"),
    ("snn", SNN_LINE + "\n", None),
    ("snn", "[\n " + SNN_LINE + ",\n " + SNN_LINE + "\n]", "2015-07-21.json"),
    ("jsonl", '[{"headline": "عنوان", "text": "نص"}]', "export.json"),
    ("text", "[1, 2, 3]", None),
    ("snn", gzip.compress((SNN_LINE + "\n").encode()), "2015-07-21.jsonl.gz"),
    ("jsonl", gzip.compress(b'{"title": "a", "body": "b"}\n'), "no-extension"),
    ("csv", "title,body,date\nعنوان,نص الخبر,2024-01-01\n", None),
    ("csv", 'title\tbody\n"عنوان"\t"سطر\nسطر"\nعنوان ثان\tنص\n', None),
    ("csv", "عنوان\n", "tiny.csv"),
    ("warc", warc_bytes(compressed=False), None),
    ("warc", warc_bytes(compressed=True), "crawl.bin"),
    ("ant", "<DOC>\n<DOCNO>JA-1</DOCNO>\n<TITLE>عنوان</TITLE>\n<TEXT>\nنص\n</TEXT>\n</DOC>\n", "a.txt"),
    ("text", "وزير الدفاع يلتقي نظيره\nتاريخ النشر: 25 يونيو 2024\nالتقى الوزير، اليوم، نظيره.\n", "a.txt"),
    ("text", "سطر واحد، وفيه فاصلة, وأخرى\nسطر ثان بلا فواصل\n", None),
    ("text", "", None),
    ("text", b"\x1f\x8b\x08broken", None),
]


@pytest.mark.parametrize(("expected", "data", "name"), CASES)
def test_detect_format(expected, data, name):
    assert expected in FORMATS
    assert detect(data, name) == expected


def test_utf16_html_is_seen_through():
    assert detect("<html><body>نص</body></html>".encode("utf-16")) == "html"


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("html/cnn-arabic-2013/arabic_article.html", "html"),
        ("html/lbci-2026/lbcgroup-1.html", "html"),
        ("html/nabdsharqi-2015/feeds/nabdsharqi-1.xml", "atom"),
        ("html/nabdsharqi-2015/feeds/nabdsharqi-2.xml", "rss"),
        ("saudinewsnet/2015-07-21.jsonl.gz", "snn"),
        ("ant/sport/JA-sport-1-20170121.txt", "ant"),
        ("ans/dev.csv", "csv"),
    ],
)
def test_detect_shared_files(relative, expected):
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"shared data not found: {path} (set MARSAD_SHARED)")
    with path.open("rb") as stream:
        head = stream.read(256 * 1024)
    assert detect_format(RawDocument(head, Provenance(file=str(path)))) == expected


def test_shared_text_samples_are_text():
    samples = sorted((SHARED.parent / "samples").glob("*.txt"))[:5] + sorted((SHARED / "pages-dev").glob("*.txt"))[:20]
    if not samples:
        pytest.skip("shared text samples not found (set MARSAD_SHARED)")
    assert {detect_format(RawDocument(p.read_bytes(), Provenance(file=str(p)))) for p in samples} == {"text"}


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=500), st.sampled_from([None, "a.csv", "b.jsonl.gz", "c.warc", "d.html", "e"]))
def test_detect_always_names_a_format(data, name):
    assert detect(data, name) in FORMATS


def test_detect_file_format_reads_only_the_head(tmp_path):
    import gzip as gz

    path = tmp_path / "dump.jsonl.gz"
    path.write_bytes(gz.compress((SNN_LINE + "\n").encode() * 5000))
    assert detect_file_format(path) == "snn"
    page = tmp_path / "page"
    page.write_bytes((FIXTURES / "article_jsonld.html").read_bytes())
    assert detect_file_format(page) == "html"
