"""WARC archives built by the test with warcio: HTML responses in, everything else passed over."""

from __future__ import annotations

import gzip
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from marsad.ingest.warc import iter_warc, iter_warc_articles, iter_warc_file, parse_warc
from marsad.models import Provenance
from marsad.parse.errors import ParseError

FIXTURES = Path(__file__).parent / "fixtures"
PAGE = (FIXTURES / "article_jsonld.html").read_bytes()
SECOND = (
    "<html><head><title>خبر ثان من الأرشيف</title></head><body><article><h1>خبر ثان من الأرشيف</h1>"
    + "<p>نص الخبر الثاني المحفوظ في أرشيف الويب، وهو نص طويل بما يكفي ليكون خبراً. </p>" * 4
    + "</article></body></html>"
).encode()


def add_response(writer, url, body, *, status="200 OK", ctype="text/html; charset=utf-8", date=None, gz=False):
    headers = [("Content-Type", ctype)]
    if gz:
        body = gzip.compress(body)
        headers.append(("Content-Encoding", "gzip"))
    headers.append(("Content-Length", str(len(body))))
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    warc_headers = {"WARC-Date": date} if date else None
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict=warc_headers
    )
    writer.write_record(record)


def build_warc(*, gzip_records: bool) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip_records)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "marsad tests"}))
    request = StatusAndHeaders("GET /news/1 HTTP/1.1", [("Host", "news.example.com")], is_http_request=True)
    writer.write_record(writer.create_warc_record("https://news.example.com/news/1", "request", http_headers=request))
    add_response(writer, "https://news.example.com/news/1", PAGE, date="2024-03-05T10:00:00Z")
    add_response(writer, "https://news.example.com/logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, ctype="image/png")
    add_response(writer, "https://news.example.com/gone", b"<html>not found</html>", status="404 Not Found")
    add_response(writer, "https://news.example.com/news/2", SECOND, date="2024-03-06T08:30:15Z", gz=True)
    return out.getvalue()


@pytest.mark.parametrize("gzip_records", [False, True])
def test_iter_warc_yields_html_responses_with_provenance(gzip_records):
    data = build_warc(gzip_records=gzip_records)
    docs = list(iter_warc(io.BytesIO(data), file="crawl.warc"))
    assert [d.provenance.url for d in docs] == ["https://news.example.com/news/1", "https://news.example.com/news/2"]
    assert docs[0].data == PAGE
    assert docs[1].data == SECOND  # the gzip content-encoding is undone
    assert docs[0].provenance.fetched_at == datetime(2024, 3, 5, 10, 0, tzinfo=UTC)
    assert docs[1].provenance.fetched_at == datetime(2024, 3, 6, 8, 30, 15, tzinfo=UTC)
    assert [d.provenance.position for d in docs] == [0, 1]
    assert {(d.provenance.format, d.provenance.file) for d in docs} == {("html", "crawl.warc")}


def test_warc_articles_keep_capture_provenance(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(build_warc(gzip_records=True))
    assert len(list(iter_warc_file(path))) == 2
    with path.open("rb") as stream:
        first, second = iter_warc_articles(stream, file=str(path))
    assert first.title.startswith("وزير الخارجية")
    assert first.provenance.url == "https://news.example.com/news/1"
    assert first.url == "https://news.example.com/politics/2024/03/05/foreign-minister"  # canonical
    assert second.title == "خبر ثان من الأرشيف"
    assert second.provenance.fetched_at == datetime(2024, 3, 6, 8, 30, 15, tzinfo=UTC)
    assert [a.title for a in parse_warc(path.read_bytes(), Provenance(file=str(path)))] == [first.title, second.title]


def test_oversized_record_is_skipped_or_raised():
    data = build_warc(gzip_records=False)
    skips = []
    docs = list(iter_warc(io.BytesIO(data), max_bytes=len(SECOND) + 10, on_skip=skips.append))
    assert [d.provenance.url for d in docs] == ["https://news.example.com/news/2"]
    assert [s.reason for s in skips] == ["too_large"]
    with pytest.raises(ParseError) as caught:
        list(iter_warc(io.BytesIO(data), max_bytes=len(SECOND) + 10))
    assert caught.value.reason == "too_large"


@pytest.mark.parametrize(
    "data",
    [b"<html><body>not a warc</body></html>", b"WARC/1.0\r\nWARC-Type: resp", gzip.compress(b"garbage")[:12]],
)
def test_broken_warc_raises_parse_error(data):
    with pytest.raises(ParseError):
        list(iter_warc(io.BytesIO(data)))


def test_warc_without_articles():
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    writer.write_record(writer.create_warcinfo_record("empty.warc", {"software": "marsad tests"}))
    with pytest.raises(ParseError) as caught:
        parse_warc(out.getvalue(), Provenance())
    assert caught.value.reason == "no_article"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=4000), st.binary(max_size=64), st.booleans())
def test_corrupted_warc_gives_documents_or_parse_error(cut, noise, gzip_records):
    data = build_warc(gzip_records=gzip_records)
    broken = data[:cut] + noise + data[cut + len(noise) :]
    try:
        docs = list(iter_warc(io.BytesIO(broken)))
    except ParseError as error:
        assert error.reason
        return
    assert all(d.provenance.url for d in docs)
