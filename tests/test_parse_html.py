"""HTML article pages: body, metadata, dates (markup, URL, visible), hostile markup, errors."""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.models import Provenance
from marsad.parse.errors import ParseError
from marsad.parse.html import html_to_paragraphs, parse_html
from marsad.parse.metadates import date_from_iso, date_from_rfc822, date_from_text
from marsad.parse.urldates import date_from_url

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(os.environ.get("MARSAD_SHARED", Path(__file__).resolve().parents[1] / ".." / "shared"))
HTML_DATA = SHARED / "data" / "html"
CNN_URL = "http://arabic.cnn.com/2013/middle_east/8/3/syria.clashes/index.html"


def shared_file(*parts: str) -> Path:
    path = HTML_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not found: {path} (set MARSAD_SHARED)")
    return path


def parse_one(data: bytes | str, url: str | None = None, file: str | None = None):
    articles = parse_html(data, Provenance(file=file, url=url))
    assert len(articles) == 1
    return articles[0]


def visible_dates_available() -> bool:
    from marsad.parse.dates import parse_date

    try:
        parse_date("5 مارس 2024")
    except NotImplementedError:
        return False
    return True


# --- a realistic synthetic page -------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic():
    data = (FIXTURES / "article_jsonld.html").read_bytes()
    return parse_one(data, url="https://news.example.com/politics/2024/03/05/foreign-minister?ref=rss")


def test_synthetic_metadata(synthetic):
    assert synthetic.title == "وزير الخارجية يبحث مع نظيره المصري تثبيت وقف إطلاق النار"
    assert synthetic.author == "سارة الخطيب"
    assert synthetic.source == "صحيفة المرصد"
    assert synthetic.url == "https://news.example.com/politics/2024/03/05/foreign-minister"
    assert synthetic.language == "ar"
    assert synthetic.tags == ["الدبلوماسية", "وقف إطلاق النار", "مصر", "الأردن", "السياسة الخارجية"]
    assert synthetic.provenance.format == "html"


def test_synthetic_dates_from_jsonld_are_utc(synthetic):
    assert synthetic.published.at == datetime(2024, 3, 5, 6, 15, tzinfo=UTC)
    assert synthetic.published.day == date(2024, 3, 5)
    assert synthetic.published.time == "09:15"
    assert synthetic.updated.at == datetime(2024, 3, 5, 8, 40, tzinfo=UTC)
    assert synthetic.extra["date_evidence"] == "json-ld"


def test_synthetic_body_is_the_story_only(synthetic):
    assert len(synthetic.body) == 4
    assert synthetic.body[0].startswith("بحث وزير الخارجية اليوم الثلاثاء")
    assert synthetic.body[-1].endswith("بحسب ما أفاد مصدر دبلوماسي مطلع.")
    text = synthetic.text
    for leaked in ("الأكثر قراءة", "اقرأ أيضاً", "أسعار الذهب", "البنك المركزي", "سياسة\n"):
        assert leaked not in text
    assert synthetic.title not in text


def test_hostile_markup_never_reaches_the_body(synthetic):
    text = synthetic.text.lower()
    for hostile in ("alert", "javascript", "steal", "onerror", "onclick", "tracker", "document.", "إعلان مدمج"):
        assert hostile not in text
    assert "انقر هنا للتفاصيل" not in synthetic.text  # the javascript: link's text goes with it


def test_dates_fall_back_to_the_url_when_markup_has_none():
    page = (
        """<html><head><title>خبر</title></head><body><article><h1>عنوان الخبر المحلي</h1>
    <p>"""
        + "نص الخبر الطويل الذي يصف ما جرى في المدينة بالتفصيل. " * 8
        + "</p></article></body></html>"
    )
    article = parse_one(page, url="https://example.org/news/2019/11/02/local-story.html")
    assert article.published.day == date(2019, 11, 2)
    assert article.published.precision == "day"
    assert article.published.at is None
    assert article.extra["date_evidence"] == "url"


def test_visible_dates_bylines_and_inline_read_also():
    if not visible_dates_available():
        pytest.skip("marsad.parse.dates.parse_date is not implemented on this branch yet")
    data = (FIXTURES / "article_visible_dates.html").read_bytes()
    article = parse_one(data, url="https://gate.example.com/economy/vegetables-ramadan")
    assert article.title == "ارتفاع أسعار الخضار في الأسواق مع بداية شهر رمضان"
    assert article.author == "منى عبد الرحمن"  # "بقلم:" stripped, the commenter ignored
    assert article.source == "بوابة الأخبار"  # from the <title> suffix
    assert article.tags == ["الأسعار", "رمضان"]
    # the byline under the headline, not the header's "today" date (day only)
    assert (article.published.day, article.published.time) == (date(2024, 3, 12), "10:30")
    assert article.extra["date_evidence"] == "visible"
    assert article.updated.time == "14:00"
    assert len(article.body) == 4
    for leaked in ("رغيف الخبز", "الدواجن", "الأسعار نار", "خبر شائع", "شارك على فيسبوك", "الوسوم", "الحقوق"):
        assert leaked not in article.text


def test_inline_read_also_lines_go_but_the_same_words_in_prose_stay():
    prose = "فقرة من نص الخبر الطويل الذي يشرح الأحداث بالتفصيل للقارئ الكريم رقم {}."
    page = (
        "<html><body><article><h1>عنوان الخبر الرئيسي هنا</h1>"
        f"<p>{prose.format(1)}</p>"
        '<p><strong>اقرأ أيضاً:</strong> <a href="/x">الحكومة تثبت سعر رغيف الخبز</a></p>'
        f'<p>{prose.format(2)} <b>المزيد</b> من التفاصيل في <a href="/z">الموقع</a> لاحقا.</p>'
        '<p>اقرأ أيضا: <a href="/y">خبر مرتبط آخر عن الموضوع نفسه</a></p>'
        f"<p>{prose.format(3)}</p></article></body></html>"
    )
    article = parse_one(page)
    assert len(article.body) == 3
    assert "المزيد من التفاصيل في الموقع لاحقا." in article.body[1]
    assert "رغيف الخبز" not in article.text and "خبر مرتبط" not in article.text


# --- the shared real pages ---------------------------------------------------------------


def test_cnn_arabic_published_from_url_not_from_update_label():
    article = parse_one(shared_file("cnn-arabic-2013", "arabic_article.html").read_bytes(), url=CNN_URL)
    assert article.title == "معارضون يسيطرون على مخازن للصواريخ بريف دمشق"
    assert article.published.day == date(2013, 8, 3)
    assert article.published.precision == "day"
    assert article.published.at is None
    assert article.source == "CNNArabic"
    assert article.author is None


def test_cnn_arabic_updated_from_visible_label():
    if not visible_dates_available():
        pytest.skip("marsad.parse.dates.parse_date is not implemented on this branch yet")
    article = parse_one(shared_file("cnn-arabic-2013", "arabic_article.html").read_bytes(), url=CNN_URL)
    assert article.updated is not None
    assert article.updated.at == datetime(2013, 8, 28, 10, 0, tzinfo=UTC)
    assert article.published.day == date(2013, 8, 3)


def test_cnn_arabic_body_matches_reference_without_most_read():
    article = parse_one(shared_file("cnn-arabic-2013", "arabic_article.html").read_bytes(), url=CNN_URL)
    expected = shared_file("cnn-arabic-2013", "arabic_article.expected.txt").read_text("utf-8")
    paragraphs = [p.strip() for p in expected.split("\n\n") if p.strip()]
    assert article.body == paragraphs
    for headline in ("القبض على شاب تحرش بطفلة", "الأمير الوليد يلغي", "ترحب شبكة CNN"):
        assert headline not in article.text


def test_lbci_matches_fundus_reference():
    article = parse_one(shared_file("lbci-2026", "lbcgroup-1.html").read_bytes())
    expected = json.loads(shared_file("lbci-2026", "lbcgroup-1.fundus-expected.json").read_text("utf-8"))
    paragraphs = expected["V1"]["body"]["sections"][0]["paragraphs"]
    assert article.body == paragraphs
    assert article.published.at == datetime(2026, 1, 8, 11, 42, 50, tzinfo=UTC)
    assert article.author is None  # the site's own name in meta author is not a byline
    assert "لغز لون شعر دونالد ترامب" in article.title
    assert not article.title.endswith("Lebanon News")
    assert "/news/lifestyle/898682/" in article.url


NABD = [
    ("nabdsharqi-1.html", date(2015, 8, 24), None),
    ("nabdsharqi-2.html", date(2015, 9, 3), "عبد الكريم البليخ"),
    ("nabdsharqi-3.html", date(2015, 9, 14), "عبد الكريم البليخ"),
    ("nabdsharqi-4.html", date(2015, 10, 8), "ريناس سينو"),
    ("nabdsharqi-5.html", date(2015, 8, 31), "هدى ملكون"),
]


@pytest.mark.parametrize(("name", "day", "author"), NABD)
def test_nabdsharqi_markup_date_and_author(name, day, author):
    article = parse_one(shared_file("nabdsharqi-2015", "pages", name).read_bytes())
    assert article.published.day == day  # page 1's lead says the 25th: the markup wins
    assert article.published.precision == "day"
    assert article.author == author
    assert article.source == "نبض شرقي"
    assert article.body and article.body[0] != article.title
    assert all(len(p) > 8 for p in article.body[-1:])  # no trailing location byline ("النمسا")


# --- malformed input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n", b"\x89PNG\r\n\x1a\n\x00\x00binary", "<html><body><nav><a href='/'>x</a></nav></body></html>"],
)
def test_malformed_pages_raise_parse_error(data):
    with pytest.raises(ParseError) as caught:
        parse_html(data, Provenance())
    assert caught.value.reason in {"empty", "binary", "encoding", "no_article", "parse_error"}


def test_xml_declared_page_parses():
    page = '<?xml version="1.0" encoding="utf-8"?>\n<html><body><article><h1>عنوان</h1><p>' + "جملة عربية. " * 40
    page += "</p></article></body></html>"
    assert parse_one(page).body


# --- helpers -----------------------------------------------------------------------------


def test_html_to_paragraphs_flattens_and_splits():
    fragment = (
        "<p>الفقرة <b>الأولى</b></p><script>alert(1)</script><div>الفقرة الثانية<br><br>الثالثة</div>"
        '<p><a href="javascript:evil()">خبيث</a>نص آمن</p>'
    )
    assert html_to_paragraphs(fragment) == ["الفقرة الأولى", "الفقرة الثانية", "الثالثة", "نص آمن"]
    assert html_to_paragraphs("سطر أول\n\nسطر ثان") == ["سطر أول", "سطر ثان"]
    assert html_to_paragraphs("") == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (CNN_URL, date(2013, 8, 3)),
        ("https://x.com/news/2015/08/24/story", date(2015, 8, 24)),
        ("https://x.com/a/2015-08-24-story.html", date(2015, 8, 24)),
        ("https://x.com/20150824/story", date(2015, 8, 24)),
        ("https://www.lbcgroup.tv/news/lifestyle/898682/x/ar", None),
        ("https://x.com/2015/08/", None),
        ("https://x.com/2015/13/45/story", None),
        ("https://x.com/story/20151399", None),
        ("https://x.com/2099/01/01/future", None),
        (None, None),
    ],
)
def test_date_from_url(url, expected):
    found = date_from_url(url)
    assert (found.day if found else None) == expected
    if found:
        assert found.precision == "day" and found.at is None


def test_metadata_date_strings():
    day_only = date_from_iso("2015-08-24")
    assert day_only.precision == "day" and day_only.at is None
    zoneless = date_from_iso("2024-03-05 09:15")
    assert zoneless.tz_assumed and zoneless.at == datetime(2024, 3, 5, 9, 15, tzinfo=UTC)
    rss = date_from_rfc822("Wed, 11 Nov 2015 00:00:00 +0100")
    assert rss.day == date(2015, 11, 11) and rss.at == datetime(2015, 11, 10, 23, 0, tzinfo=UTC)
    assert date_from_iso("2015-02-30") is None
    assert date_from_text("not a date at all") is None


# --- any input: articles or ParseError, never another exception ----------------------------

MARKUP = st.lists(
    st.sampled_from(
        [
            "<html>",
            "<body>",
            "<p>",
            "</p>",
            "<div class='date'>",
            "</div>",
            "<script>",
            "</script>",
            "<h1>",
            "</h1>",
            "<a href='javascript:x()'>",
            "</a>",
            "<meta property='og:title' content='",
            "'>",
            "&amp;",
            "&#1575;",
            "<!--",
            "-->",
            "<![CDATA[",
            "<?xml version='1.0'?>",
            "نص عربي طويل بما يكفي. ",
            "2013/8/3",
            "آخر تحديث 14:00",
            '<script type=\'application/ld+json\'>{"@type": "NewsArticle", "datePublished": ',
            '"2024-13-45T99:00"}',
            "\x00",
            "\ufeff",
            "<time datetime='",
            "2015-02-30",
            "'>",
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(MARKUP, st.binary(max_size=600)))
def test_any_input_gives_articles_or_parse_error(data):
    try:
        articles = parse_html(data, Provenance(url="https://example.com/2013/08/03/x"))
    except ParseError as error:
        assert error.reason
        return
    for article in articles:
        assert article.title and article.body
        assert "<script" not in article.text and "javascript:" not in article.text


def test_home_page_canonical_site_in_og_title_and_tagline_description():
    page = (
        '<html><head><link rel="canonical" href="https://site.example/">'
        '<meta property="og:title" content="انتخابات بلدية في ثلاث محافظات | موقع المثال">'
        '<meta property="og:site_name" content="موقع المثال">'
        '<meta name="description" content="| موقع المثال"></head><body><article>'
        "<p>" + "جرت اليوم انتخابات بلدية في ثلاث محافظات وسط إقبال متوسط من الناخبين. " * 5 + "</p>"
        "</article></body></html>"
    )
    article = parse_one(page, url="https://site.example/news/municipal-elections")
    assert article.url == "https://site.example/news/municipal-elections"
    assert article.title == "انتخابات بلدية في ثلاث محافظات"
    assert article.summary is None


def test_sloppy_jsonld_still_counts():
    page = (
        '<html><head><script type="application/ld+json">\n<!--\n{"@type": ["NewsArticle"], '
        '"headline": "مؤتمر للطاقة المتجددة", "datePublished": "2024-05-06T08:00:00+04:00",'
        '"author": "خالد يوسف",}\n-->\n</script></head><body><article><h1>مؤتمر للطاقة المتجددة</h1><p>'
        + "انطلقت أعمال مؤتمر الطاقة المتجددة بمشاركة واسعة من الخبراء والمستثمرين. " * 4
        + "</p></article></body></html>"
    )
    article = parse_one(page)
    assert article.published.at == datetime(2024, 5, 6, 4, 0, tzinfo=UTC)
    assert article.author == "خالد يوسف"
    assert article.extra["date_evidence"] == "json-ld"


def test_markup_inside_metadata_values_is_dropped():
    page = (
        '<html><head><meta property="og:title" '
        'content="&lt;b&gt;عنوان&lt;/b&gt; الخبر &lt;script&gt;x()&lt;/script&gt;">'
        '<meta name="author" content="&lt;a href=&quot;javascript:x()&quot;&gt;سامي&lt;/a&gt;">'
        '<meta property="article:tag" content="&lt;i&gt;وسم&lt;/i&gt;"></head><body><article><p>'
        + "نص الخبر الكامل الذي يروي تفاصيل ما حدث في المدينة أمس بحسب شهود. " * 4
        + "</p></article></body></html>"
    )
    article = parse_one(page)
    assert (article.title, article.author, article.tags) == ("عنوان الخبر", "سامي", ["وسم"])


@pytest.mark.parametrize("encode", [lambda t: t.encode("cp1256"), lambda t: b"\xef\xbb\xbf" + t.encode("utf-8")])
def test_windows_1256_and_bom_pages(encode):
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
        "<title>خبر بترميز ويندوز</title></head><body><article><h1>خبر بترميز ويندوز</h1><p>"
        + "هذا نص خبر عربي محفوظ بترميز قديم كما في المواقع القديمة. " * 4
        + "</p></article></body></html>"
    )
    article = parse_one(encode(page))
    assert article.title == "خبر بترميز ويندوز"
    assert article.body[0].startswith("هذا نص خبر عربي")


def test_implausible_markup_dates_are_ignored():
    page = (
        '<html><head><meta property="article:published_time" content="2099-01-01T00:00:00Z">'
        '<meta name="date" content="1970-01-01"></head><body><article><h1>خبر</h1><p>'
        + "نص خبر عادي عن أحداث اليوم في المدينة كما رواها الشهود للصحيفة. " * 4
        + "</p></article></body></html>"
    )
    article = parse_one(page, url="https://example.org/2021/06/30/story")
    assert article.published.day == date(2021, 6, 30)
    assert article.extra["date_evidence"] == "url"


def test_oversized_page_is_too_large():
    with pytest.raises(ParseError) as caught:
        parse_html("<html><body><p>" + "x" * 20_000_001 + "</p></body></html>", Provenance())
    assert caught.value.reason == "too_large"


def test_date_right_after_the_headline_beats_a_labelled_header_date():
    if not visible_dates_available():
        pytest.skip("marsad.parse.dates.parse_date is not implemented on this branch yet")
    page = (
        '<html><body><div class="date">الأحد 1 يناير 2023</div><article><h1>عنوان الخبر هنا</h1>'
        "12 مارس 2024 10:30<p>" + "نص الخبر الكامل عن الأحداث الجارية في المدينة. " * 5 + "</p></article></body></html>"
    )
    article = parse_one(page)
    assert (article.published.day, article.published.time) == (date(2024, 3, 12), "10:30")
