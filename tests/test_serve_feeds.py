"""Atom, RSS 2.0 and JSON Feed, parsed back with feedparser (and json for JSON Feed)."""

from __future__ import annotations

import json
import time
from urllib.parse import quote

import feedparser
import pytest
from fastapi.testclient import TestClient

from marsad.serve import create_app
from tests.serve_fixtures import AHRAM, HOSTILE_TITLE, JAZEERA, STORY_ID, build_news_db


@pytest.fixture(scope="module")
def news(tmp_path_factory):
    path = tmp_path_factory.mktemp("feeds") / "news.db"
    ids = build_news_db(path)
    with TestClient(create_app(path)) as client:
        yield client, ids


def fetch(client, path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.text)
    return response


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_latest_xml_feeds_parse_cleanly_with_dates_authors_and_unique_ids(news, fmt):
    client, ids = news
    response = fetch(client, f"/feeds/latest.{fmt}")
    assert response.headers["content-type"].startswith(f"application/{fmt}+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == ("atom10" if fmt == "atom" else "rss20")
    entries = {e.link.rsplit("/", 1)[-1]: e for e in parsed.entries}
    assert set(entries) == set(ids.values())
    assert len({e.id for e in parsed.entries}) == 5
    # A time given by the page is kept to the minute; a day-only date is that day at 00:00 UTC.
    assert time.strftime("%Y-%m-%dT%H:%M", entries[ids["gaza_1"]].published_parsed) == "2024-06-25T14:30"
    assert time.strftime("%Y-%m-%dT%H:%M", entries[ids["gaza_2"]].published_parsed) == "2024-06-24T00:00"
    assert entries[ids["gaza_1"]].author == "مراسل الجزيرة"
    assert entries[ids["gaza_2"]].author == AHRAM  # no byline: the source stands in
    assert [t.term for t in entries[ids["gaza_1"]].tags] == ["غزة", "فلسطين"]
    # Source text is escaped by the XML writer and comes back as the literal text.
    assert entries[ids["hostile"]].title == HOSTILE_TITLE
    newest_first = [e.link.rsplit("/", 1)[-1] for e in parsed.entries]
    assert newest_first[0] == ids["hostile"] and newest_first[-1] == ids["sport"]


def test_json_feed_has_items_with_dates_authors_and_unique_ids(news):
    client, ids = news
    response = fetch(client, "/feeds/latest.json")
    assert response.headers["content-type"].startswith("application/feed+json")
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    items = {item["url"].rsplit("/", 1)[-1]: item for item in feed["items"]}
    assert set(items) == set(ids.values())
    assert len({item["id"] for item in feed["items"]}) == 5
    assert items[ids["gaza_1"]]["date_published"] == "2024-06-25T14:30:00Z"
    assert items[ids["gaza_1"]]["authors"] == [{"name": "مراسل الجزيرة"}]
    assert items[ids["gaza_1"]]["external_url"].startswith("https://www.aljazeera.net/")
    assert items[ids["hostile"]]["title"] == HOSTILE_TITLE


def test_entry_ids_are_stable_across_hosts(news):
    client, _ = news
    first = feedparser.parse(fetch(client, "/feeds/latest.atom").content)
    with TestClient(create_app(client.app.state.stores.db_path), base_url="http://other.example") as other:
        second = feedparser.parse(other.get("/feeds/latest.atom").content)
    assert [e.id for e in first.entries] == [e.id for e in second.entries]
    assert first.entries[0].link != second.entries[0].link


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (f"/feeds/source/{quote(AHRAM)}", {"gaza_2", "gaza_copy"}),
        (f"/feeds/tag/{quote('غزة')}", {"gaza_1", "gaza_2", "gaza_copy", "hostile"}),
        (f"/feeds/entity/{quote('الامم المتحده')}", {"gaza_1"}),
        (f"/feeds/topic/{quote('سياسة')}", {"gaza_1", "gaza_2"}),
        (f"/feeds/story/{STORY_ID}", {"gaza_1", "gaza_2", "gaza_copy"}),
        (f"/feeds/search?q={quote('غزة source:' + chr(34) + JAZEERA + chr(34))}", {"gaza_1"}),
        (f"/feeds/search?q={quote('tag:رياضة')}", {"sport"}),
    ],
)
@pytest.mark.parametrize("fmt", ["atom", "rss", "json"])
def test_filtered_feeds_hold_exactly_their_articles(news, path, expected, fmt):
    client, ids = news
    base, _, query = path.partition("?")
    content = fetch(client, f"{base}.{fmt}" + (f"?{query}" if query else "")).content
    if fmt == "json":  # feedparser 6 does not read JSON Feed
        links = [item["url"] for item in json.loads(content)["items"]]
    else:
        parsed = feedparser.parse(content)
        assert not parsed.bozo, parsed.get("bozo_exception")
        links = [e.link for e in parsed.entries]
    assert {link.rsplit("/", 1)[-1] for link in links} == {ids[name] for name in expected}


def test_feed_errors_are_json(news):
    client, _ = news
    assert client.get("/feeds/latest.xml").status_code == 404
    assert client.get("/feeds/story/nope.atom").status_code == 404
    assert client.get("/feeds/planet/x.atom").status_code == 404
    bad = client.get("/feeds/search.atom", params={"q": '"open'})
    assert bad.status_code == 400 and "unbalanced" in bad.json()["message"]


def test_feeds_answer_conditional_get_and_head(news):
    client, _ = news
    first = fetch(client, "/feeds/latest.atom")
    etag = first.headers["etag"]
    assert "max-age" in first.headers["cache-control"]
    again = client.get("/feeds/latest.atom", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert client.head("/feeds/latest.rss").status_code == 200
    assert client.get("/feeds/latest.rss", headers={"If-None-Match": etag}).status_code == 200  # other body
