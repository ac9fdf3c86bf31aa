"""RSS 2.0, Atom and JSON Feed: items, full text vs summary, dates, authors, hostile HTML."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.models import Provenance
from marsad.parse.errors import ParseError
from marsad.parse.feed import looks_like_json_feed, parse_feed

SHARED = Path(os.environ.get("MARSAD_SHARED", Path(__file__).resolve().parents[1] / ".." / "shared"))
FEEDS = SHARED / "data" / "html" / "nabdsharqi-2015" / "feeds"

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>وكالة الأنباء التجريبية</title>
  <link>https://wire.example.com/</link>
  <language>ar</language>
  <item>
    <title>افتتاح مستشفى جديد في &lt;b&gt;الزرقاء&lt;/b&gt;</title>
    <link>https://wire.example.com/2024/05/01/hospital</link>
    <guid isPermaLink="false">wire-1001</guid>
    <pubDate>Wed, 01 May 2024 14:30:00 +0300</pubDate>
    <dc:creator>مراسل الوكالة</dc:creator>
    <category>صحة</category>
    <category>الأردن</category>
    <description>افتتح وزير الصحة مستشفى جديداً.</description>
    <content:encoded><![CDATA[
      <p>افتتح وزير الصحة اليوم مستشفى جديداً في مدينة الزرقاء بسعة مئتي سرير.</p>
      <script>alert('x')</script>
      <p>وقال الوزير إن <a href="javascript:steal()">رابط خبيث</a>المستشفى يخدم نصف مليون نسمة.</p>
      <img src="x" onerror="alert(2)">
      <p>ظهرت المقالة <a href="https://wire.example.com/h">افتتاح مستشفى</a> أولاً على <a href="/">الوكالة</a>.</p>
    ]]></content:encoded>
  </item>
  <item>
    <title>خبر قصير بلا نص كامل</title>
    <link>https://wire.example.com/2024/05/01/brief</link>
    <pubDate>Wed, 01 May 2024 09:00:00 GMT</pubDate>
    <source url="https://other.example.com/rss">صحيفة أخرى</source>
    <description>&lt;p&gt;ملخص الخبر القصير فقط.&lt;/p&gt;</description>
  </item>
  <item><title></title><description></description></item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar">
  <title>مدونة الأخبار</title>
  <id>urn:example:feed</id>
  <updated>2024-05-02T08:00:00Z</updated>
  <entry>
    <title type="html">قمة اقتصادية في &lt;i&gt;الرياض&lt;/i&gt;</title>
    <id>urn:example:1</id>
    <link rel="alternate" href="https://blog.example.com/summit"/>
    <published>2024-05-02</published>
    <updated>2024-05-02T10:15:00+03:00</updated>
    <author><name>ليلى حسن</name></author>
    <summary>قمة في الرياض.</summary>
    <content type="html">&lt;p&gt;انطلقت في الرياض أعمال القمة الاقتصادية.&lt;/p&gt;
      &lt;p&gt;وتستمر يومين.&lt;/p&gt;</content>
  </entry>
</feed>
"""

JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "نشرة جسون",
    "language": "ar",
    "items": [
        {
            "id": "j1",
            "url": "https://json.example.com/j1",
            "title": "انخفاض أسعار النفط",
            "content_html": "<p>انخفضت أسعار النفط اليوم.</p><p onclick='x()'>بنسبة اثنين في المئة.</p>",
            "date_published": "2024-05-03T07:00:00+02:00",
            "authors": [{"name": "فريق الاقتصاد"}],
            "tags": ["نفط", "أسواق"],
        },
        {
            "id": "j2",
            "title": "نص عادي",
            "content_text": "الفقرة الأولى <ليست وسماً>.\n\nالفقرة الثانية.",
        },
        {"id": "j3"},
    ],
}


def test_rss_full_text_and_metadata():
    articles = parse_feed(RSS.encode(), Provenance(file="wire.xml"))
    assert len(articles) == 2  # the empty item is dropped
    first, brief = articles
    assert first.title == "افتتاح مستشفى جديد في الزرقاء"
    assert first.body == [
        "افتتح وزير الصحة اليوم مستشفى جديداً في مدينة الزرقاء بسعة مئتي سرير.",
        "وقال الوزير إن المستشفى يخدم نصف مليون نسمة.",
    ]
    assert first.extra == {"guid": "wire-1001", "full_text": True}
    assert first.summary == "افتتح وزير الصحة مستشفى جديداً."
    assert first.published.at == datetime(2024, 5, 1, 11, 30, tzinfo=UTC)
    assert first.published.day == date(2024, 5, 1) and first.published.time == "14:30"
    assert first.author == "مراسل الوكالة"
    assert first.tags == ["صحة", "الأردن"]
    assert first.source == "وكالة الأنباء التجريبية"
    assert first.url == "https://wire.example.com/2024/05/01/hospital"
    assert first.language == "ar"
    assert (first.provenance.format, first.provenance.position, first.provenance.file) == ("rss", 0, "wire.xml")
    for hostile in ("alert", "javascript", "steal", "رابط خبيث", "onerror"):
        assert hostile not in first.text
    assert brief.extra["full_text"] is False
    assert brief.body == ["ملخص الخبر القصير فقط."]
    assert brief.provenance.position == 1
    assert brief.source == "صحيفة أخرى"  # the item's own <source>, not the channel


def test_atom_entry():
    [article] = parse_feed(ATOM, Provenance())
    assert article.title == "قمة اقتصادية في الرياض"
    assert article.body == ["انطلقت في الرياض أعمال القمة الاقتصادية.", "وتستمر يومين."]
    assert article.published.precision == "day" and article.published.at is None
    assert article.updated.at == datetime(2024, 5, 2, 7, 15, tzinfo=UTC)
    assert article.author == "ليلى حسن"
    assert article.url == "https://blog.example.com/summit"
    assert article.provenance.format == "atom"


def test_json_feed():
    data = json.dumps(JSON_FEED, ensure_ascii=False).encode()
    assert looks_like_json_feed(data)
    first, plain = parse_feed(data, Provenance())
    assert first.body == ["انخفضت أسعار النفط اليوم.", "بنسبة اثنين في المئة."]
    assert first.published.at == datetime(2024, 5, 3, 5, 0, tzinfo=UTC)
    assert first.author == "فريق الاقتصاد" and first.tags == ["نفط", "أسواق"]
    assert first.source == "نشرة جسون" and first.provenance.format == "jsonfeed"
    assert plain.body == ["الفقرة الأولى <ليست وسماً>.", "الفقرة الثانية."]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"this is not a feed at all",
        b"<rss version='2.0'><channel><title>x</title></channel></rss>",
        b'{"version": "https://jsonfeed.org/version/1.1", "items": "nope"}',
        b'{"version": "https://jsonfeed.org/version/1.1", "items": [',
        b"https://example.com/feed.xml",  # must never be fetched
    ],
)
def test_malformed_feeds_raise_parse_error(data):
    with pytest.raises(ParseError):
        parse_feed(data, Provenance())


def shared_feed(name: str) -> bytes:
    path = FEEDS / name
    if not path.exists():
        pytest.skip(f"shared data not found: {path} (set MARSAD_SHARED)")
    return path.read_bytes()


@pytest.mark.parametrize(
    ("name", "fmt", "first_day", "last_day", "full_text"),
    [
        ("nabdsharqi-1.xml", "atom", date(2015, 11, 11), date(2015, 11, 8), True),
        ("nabdsharqi-2.xml", "rss", date(2015, 11, 11), date(2015, 11, 8), False),
        ("nabdsharqi-3.xml", "atom", date(2015, 9, 12), date(2015, 9, 10), True),
        ("nabdsharqi-4.xml", "rss", date(2015, 9, 7), date(2015, 9, 3), False),
    ],
)
def test_shared_nabdsharqi_feeds(name, fmt, first_day, last_day, full_text):
    articles = parse_feed(shared_feed(name), Provenance(file=name))
    assert len(articles) == 10
    assert {a.provenance.format for a in articles} == {fmt}
    assert articles[0].published.day == first_day
    assert articles[-1].published.day == last_day
    assert all(a.source == "نبض شرقي" and a.language == "ar" for a in articles)
    assert all(a.url.startswith("http://nabd-sharqi.com/") for a in articles)
    assert all(a.extra["full_text"] is full_text for a in articles)
    assert all("&lt;" not in a.text and "<p>" not in a.text for a in articles)
    if fmt == "atom":
        # every entry's own <author><name> comes through; entries without one stay None
        raw = shared_feed(name).decode("utf-8")
        entry_authors = [re.search(r"<author>\s*<name>(.*?)</name>", entry, re.S) for entry in raw.split("<entry>")[1:]]
        assert [a.author for a in articles] == [m.group(1).strip() if m else None for m in entry_authors]
        assert len({a.author for a in articles if a.author}) >= 3


FEEDISH = st.lists(
    st.sampled_from(
        [
            '<?xml version="1.0"?>',
            "<rss version='2.0'>",
            "<channel>",
            "<item>",
            "</item>",
            "<title>",
            "</title>",
            "<description>",
            "</description>",
            "&lt;p&gt;",
            "<![CDATA[<script>x</script>",
            "]]>",
            "<pubDate>",
            "Wed, 31 Feb 2015 25:00:00 +9900",
            "</pubDate>",
            '<feed xmlns="http://www.w3.org/2005/Atom">',
            "<entry>",
            "<content type='html'>",
            "</content>",
            "نص",
            "&bogus;",
            "\x00",
            '{"version": "https://jsonfeed.org/version/1",',
            '"items": [{"title": 1, "content_html": null, "date_published": "2015-99-99"}]}',
            "[",
            "}",
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(FEEDISH, st.binary(max_size=400)))
def test_any_feed_input_gives_articles_or_parse_error(data):
    try:
        articles = parse_feed(data, Provenance())
    except ParseError as error:
        assert error.reason
        return
    assert all(a.title and a.body for a in articles)


def test_control_characters_and_lone_surrogates_are_dropped():
    feed = {
        "version": "https://jsonfeed.org/version/1",
        "items": [{"title": "عنوان\ud800", "content_html": "<p>نص\x00 الخبر\ud800</p><p>ثان\x07</p>"}],
    }
    [article] = parse_feed(json.dumps(feed).encode(), Provenance())
    assert article.title == "عنوان" and article.body == ["نص الخبر", "ثان"]
    article.text.encode("utf-8")  # storable


def test_decoded_text_ignores_its_stale_encoding_declaration():
    text = RSS.replace('encoding="utf-8"', 'encoding="windows-1256"')
    articles = parse_feed(text, Provenance())  # text, as parse_document hands it over
    assert articles[0].title == "افتتاح مستشفى جديد في الزرقاء"
    raw = text.encode("cp1256")  # bytes keep the declaration and are decoded by it
    assert parse_feed(raw, Provenance())[0].title == "افتتاح مستشفى جديد في الزرقاء"
