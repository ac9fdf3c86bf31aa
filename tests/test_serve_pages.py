"""Server-rendered pages: right-to-left, escaped, readable without JavaScript, linked feeds."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from fastapi.testclient import TestClient

from marsad.serve import create_app
from tests.serve_fixtures import AHRAM, JAZEERA, STORY_ID, build_news_db


class PageScan(HTMLParser):
    """Collects what the safety and structure checks need from one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.html_attrs: dict[str, str | None] = {}
        self.scripts: list[dict[str, str | None]] = []
        self.handlers: list[tuple[str, str]] = []
        self.hrefs: list[str] = []
        self.alternates: list[dict[str, str | None]] = []
        self.marks: list[str] = []
        self._in_mark = False

    def handle_starttag(self, tag, attrs):
        data = dict(attrs)
        if tag == "html":
            self.html_attrs = data
        if tag == "script":
            self.scripts.append(data)
        self.handlers += [(tag, name) for name, _ in attrs if name.startswith("on")]
        if tag == "a" and data.get("href"):
            self.hrefs.append(data["href"])
        if tag == "link" and data.get("rel") == "alternate":
            self.alternates.append(data)
        self._in_mark = tag == "mark"

    def handle_endtag(self, tag):
        if tag == "mark":
            self._in_mark = False

    def handle_data(self, data):
        if self._in_mark:
            self.marks.append(data)


def scan(text: str) -> PageScan:
    parser = PageScan()
    parser.feed(text)
    return parser


@pytest.fixture(scope="module")
def news(tmp_path_factory):
    path = tmp_path_factory.mktemp("pages") / "news.db"
    ids = build_news_db(path)
    with TestClient(create_app(path)) as client:
        yield client, ids


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.text[:500])
    assert response.headers["content-type"].startswith("text/html")
    return response


def all_page_urls(ids):
    return [
        "/",
        f"/article/{ids['gaza_1']}",
        f"/article/{ids['hostile']}",
        "/search?q=" + quote("غزة"),
        "/search?q=" + quote("خبيثة"),
        f"/source/{quote(AHRAM)}",
        f"/tag/{quote('غزة')}",
        f"/entity/{quote('غزة')}",
        f"/topic/{quote('سياسة')}",
        f"/story/{STORY_ID}",
        "/sources",
        "/tags",
        "/docs",
    ]


def test_every_page_is_rtl_arabic_without_inline_script_or_handlers(news):
    client, ids = news
    for url in all_page_urls(ids):
        found = scan(page(client, url).text)
        assert found.html_attrs == {"lang": "ar", "dir": "rtl"}, url
        assert all(s.get("src", "").startswith("/static/") for s in found.scripts), url  # no inline script
        assert found.handlers == [], url
        assert not [h for h in found.hrefs if h.lower().startswith(("javascript:", "data:"))], url
        assert found.alternates, f"{url} links no feed"


def test_hostile_article_is_shown_as_literal_text(news):
    client, ids = news
    text = page(client, f"/article/{ids['hostile']}").text
    assert "<script>window" not in text and "<img" not in text and "<b onmouseover" not in text
    assert "&lt;script&gt;window.__pwned" in text
    assert "&lt;img src=&#34;x&#34; onerror=" in text
    assert "javascript:" not in [h[:11] for h in scan(text).hrefs]
    assert "المصدر الأصلي" not in text  # the javascript: URL is not turned into a link
    assert "&lt;i&gt;وسم&lt;/i&gt;" in text  # a tag is text too


def test_article_page_shows_arabic_and_gregorian_dates_source_tags_entities_related_copies(news):
    client, ids = news
    text = page(client, f"/article/{ids['gaza_1']}").text
    assert "<h1>وقف إطلاق النار في غزة يدخل يومه الثاني</h1>" in text
    assert "٢٥ يونيو ٢٠٢٤، الساعة ١٤:٣٠" in text
    assert "2024-06-25 14:30" in text
    assert 'datetime="2024-06-25T14:30:00Z"' in text
    hrefs = scan(text).hrefs
    assert f"/source/{quote(JAZEERA)}" in hrefs
    assert f"/tag/{quote('فلسطين')}" in hrefs
    assert f"/entity/{quote('الامم المتحده')}" in hrefs
    assert f"/topic/{quote('سياسة')}" in hrefs
    assert f"/story/{STORY_ID}" in hrefs
    assert "اقرأ أيضاً" in text and f"/article/{ids['gaza_2']}" in hrefs
    assert "نشرته أيضاً" in text and f"/article/{ids['gaza_copy']}" in hrefs
    assert "هدوء حذر في اليوم الثاني للهدنة." in text  # the summary
    assert "https://www.aljazeera.net/news/2024/6/25/gaza-truce" in hrefs


def test_day_only_article_shows_no_time(news):
    client, ids = news
    text = page(client, f"/article/{ids['gaza_2']}").text
    assert "٢٤ يونيو ٢٠٢٤" in text and "2024-06-24" in text
    assert "الساعة" not in text
    assert "00:00" not in text and "٠٠:٠٠" not in text
    assert "اقرأ أيضاً" not in text  # nothing related: the section is absent


def test_digits_setting_switches_to_latin_and_is_remembered(news):
    client, ids = news
    url = f"/article/{ids['gaza_1']}"
    response = client.get(url + "?digits=latn")
    assert "25 يونيو 2024، الساعة 14:30" in response.text
    assert response.cookies.get("digits") == "latn"
    assert "25 يونيو 2024" in client.get(url).text  # the cookie keeps the choice
    assert "٢٥ يونيو ٢٠٢٤" in client.get(url + "?digits=arab").text
    client.cookies.clear()


def test_home_lists_latest_and_top_stories(news):
    client, ids = news
    text = page(client, "/").text
    hrefs = scan(text).hrefs
    assert f"/story/{STORY_ID}" in hrefs and "أبرز القصص" in text
    article_links = [h for h in hrefs if h.startswith("/article/")]
    assert article_links[0] == f"/article/{ids['hostile']}"  # newest first
    assert set(article_links) == {f"/article/{i}" for i in ids.values()}
    assert "/feeds/latest.atom" in [a["href"] for a in scan(text).alternates]


def test_search_page_highlights_facets_chips_and_removal(news):
    client, ids = news
    text = page(client, "/search?q=" + quote("غزة")).text
    found = scan(text)
    assert "غزة" in found.marks
    assert "٣ نتيجة" in text
    facet_links = [h for h in found.hrefs if "source=" in h]
    ahram = next(h for h in facet_links if dict(parse_qsl(urlsplit(h).query)).get("source") == AHRAM)
    narrowed = page(client, ahram).text
    narrowed_links = {h for h in scan(narrowed).hrefs if h.startswith("/article/")}
    assert narrowed_links == {f"/article/{ids['gaza_2']}", f"/article/{ids['gaza_copy']}"}
    assert "chip" in narrowed and AHRAM in narrowed
    remove = next(h for h in scan(narrowed).hrefs if h.startswith("/search") and "source=" not in h)
    assert dict(parse_qsl(urlsplit(remove).query)) == {"q": "غزة"}
    feeds = [a["href"] for a in scan(narrowed).alternates]
    assert any(f.startswith("/feeds/search.atom?q=") for f in feeds)


def test_search_pagination_and_errors(news):
    client, _ = news
    # One hit a page is not configurable, so page far past the end instead.
    text = page(client, "/search?q=" + quote("غزة") + "&page=2").text
    assert "لا نتائج" in text and 'rel="prev"' in text
    bad = page(client, "/search?q=" + quote('"غزة'), status=400).text
    assert "unbalanced quotes" in bad and 'role="alert"' in bad
    empty = page(client, "/search").text
    assert "<mark>" not in empty
    filters_only = page(client, "/search?q=" + quote("tag:رياضة")).text
    assert "المنتخب يفوز" in filters_only


def test_listing_pages_and_unknown_pages(news):
    client, ids = news
    text = page(client, f"/tag/{quote('غزة')}").text
    links = {h for h in scan(text).hrefs if h.startswith("/article/")}
    assert links == {f"/article/{ids[n]}" for n in ("gaza_1", "gaza_2", "gaza_copy", "hostile")}
    assert f"/feeds/tag/{quote('غزة', safe='')}.rss" in [a["href"] for a in scan(text).alternates]
    entity = page(client, f"/entity/{quote('الامم المتحده')}").text
    assert '<h1><span class="kind">كيان:</span> الأمم المتحدة</h1>' in entity  # the name as written
    story = page(client, f"/story/{STORY_ID}").text
    assert story.index(ids["gaza_2"]) < story.index(ids["gaza_1"])  # oldest first
    page(client, "/article/0000000000000000", status=404)
    page(client, "/story/nope", status=404)
    page(client, f"/tag/{quote('لا يوجد')}", status=404)
    page(client, "/?before=garbage", status=400)


def test_font_and_stylesheet_are_served_locally(news):
    client, _ = news
    css = client.get("/static/style.css")
    assert css.status_code == 200 and "prefers-color-scheme: dark" in css.text
    assert "fonts/noto-naskh-arabic-arabic-400-normal.woff2" in css.text
    font = client.get("/static/fonts/noto-naskh-arabic-arabic-400-normal.woff2")
    assert font.status_code == 200 and font.content[:4] == b"wOF2"
    assert client.get("/static/fonts/OFL.txt").status_code == 200
