"""The JSON API through FastAPI's in-process client, against real SQLite files."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from marsad.data import sample_corpus_path
from marsad.pipeline import ingest_paths
from marsad.serve import create_app
from marsad.serve.app import CSP
from marsad.store import SqliteStore
from tests.serve_fixtures import AHRAM, JAZEERA, STORY_ID, build_news_db

ISO_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


@pytest.fixture(scope="module")
def news(tmp_path_factory):
    path = tmp_path_factory.mktemp("news") / "news.db"
    ids = build_news_db(path)
    with TestClient(create_app(path)) as client:
        yield client, ids


@pytest.fixture(scope="module")
def sample_client(tmp_path_factory):
    path = tmp_path_factory.mktemp("sample") / "sample.db"
    with SqliteStore(path) as store:
        ingest_paths([str(sample_corpus_path())], store)
    with TestClient(create_app(path)) as client:
        yield client


def test_health_and_stats_count_the_stored_articles(news):
    client, _ = news
    assert client.get("/api/health").json() == {"status": "ok", "articles": 5}
    stats = client.get("/api/stats").json()
    assert stats["articles"] == 5
    assert stats["sources"][AHRAM] == 2
    assert stats["relations"] == {"copy_of": 1, "read_also": 1, "story": 3}


def test_cursor_pagination_walks_every_article_once_newest_first(sample_client):
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 50, **({"before": cursor} if cursor else {})}
        body = sample_client.get("/api/articles", params=params).json()
        seen += body["items"]
        pages += 1
        cursor = body["next"]
        if cursor is None:
            break
    assert pages == 7  # 335 articles, 50 a page
    assert len({item["id"] for item in seen}) == len(seen) == 335
    keys = [item["published_at"] or item["published_date"] for item in seen]
    assert [k[:10] for k in keys] == sorted((k[:10] for k in keys), reverse=True)
    assert "body" not in seen[0]


def test_list_filters_by_source_tag_dates_language_and_query_syntax(news):
    client, ids = news

    def listed(**params):
        return {item["id"] for item in client.get("/api/articles", params=params).json()["items"]}

    assert listed(source=AHRAM) == {ids["gaza_2"], ids["gaza_copy"]}
    assert listed(tag="غزة", source=JAZEERA) == {ids["gaza_1"]}
    assert listed(tag="رياضة") == {ids["sport"]}
    assert listed(**{"from": "2024-06-25", "to": "2024-06-25"}) == {ids["gaza_1"], ids["gaza_copy"]}
    assert listed(lang="en") == set()
    assert listed(q=f'source:"{AHRAM}" tag:مصر') == {ids["gaza_2"]}
    assert listed(entity="الامم المتحده") == {ids["gaza_1"]}
    assert listed(topic="سياسة") == {ids["gaza_1"], ids["gaza_2"]}
    assert listed(story=STORY_ID) == {ids["gaza_1"], ids["gaza_2"], ids["gaza_copy"]}


def test_list_rejects_words_bad_cursor_and_bad_parameters_with_json_400(news):
    client, _ = news
    for params in ({"q": "غزة"}, {"before": "garbage"}, {"limit": 0}, {"from": "yesterday"}, {"q": '"open'}):
        response = client.get("/api/articles", params=params)
        assert response.status_code == 400, params
        assert response.json()["message"]


def test_article_detail_has_dates_as_written_copies_related_story_entities(news):
    client, ids = news
    body = client.get(f"/api/articles/{ids['gaza_1']}").json()
    assert body["published_at"] == "2024-06-25T14:30:00Z"
    assert (body["published_date"], body["published_time"], body["date_precision"]) == ("2024-06-25", "14:30", "minute")
    assert ISO_Z.match(body["first_seen_at"][:19] + "Z")
    assert body["tags"] == ["غزة", "فلسطين"]
    assert body["author"] == "مراسل الجزيرة"
    assert body["story_id"] == STORY_ID
    assert body["topic"] == "سياسة"
    assert [e["key"] for e in body["entities"]] == ["غزة", "الامم المتحده"]
    assert [r["id"] for r in body["read_also"]] == [ids["gaza_2"]]
    assert [c["id"] for c in body["copies"]] == [ids["gaza_copy"]]
    assert body["copies"][0]["source"] == AHRAM
    assert body["provenances"][0]["file"] == "jazeera-1.html"
    assert body["body"][0].startswith("دخل وقف إطلاق النار")


def test_day_only_article_has_no_invented_time(news):
    client, ids = news
    body = client.get(f"/api/articles/{ids['gaza_2']}").json()
    assert body["published_at"] is None
    assert (body["published_date"], body["published_time"], body["date_precision"]) == ("2024-06-24", None, "day")


def test_copy_points_back_at_its_group(news):
    client, ids = news
    body = client.get(f"/api/articles/{ids['gaza_copy']}").json()
    assert [c["id"] for c in body["copies"]] == [ids["gaza_1"]]
    assert body["relations"]["copy_of"] == [ids["gaza_1"]]


def test_unknown_article_and_story_are_json_404(news):
    client, _ = news
    for url in ("/api/articles/0000000000000000", "/api/stories/nope", "/api/no-such-endpoint"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("application/json")
        assert response.json()["status"] == 404 and response.json()["message"]


def test_search_returns_ranked_hits_with_escaped_highlights_and_facets(news):
    client, ids = news
    body = client.get("/api/search", params={"q": "غزة"}).json()
    assert body["total"] == 3  # "بغزة" matches by its stem; the hostile article only carries the tag
    assert {h["id"] for h in body["hits"]} == {ids["gaza_1"], ids["gaza_2"], ids["gaza_copy"]}
    facets = {name: {v["value"]: v["count"] for v in values} for name, values in body["facets"].items()}
    assert facets["source"][AHRAM] == 2 and facets["source"][JAZEERA] == 1
    assert facets["tag"]["غزة"] == 3
    hit = next(h for h in body["hits"] if h["id"] == ids["gaza_2"])
    assert "<mark>غزة</mark>" in hit["snippet"]["html"]
    assert any(s["match"] and s["text"] == "غزة" for s in hit["snippet"]["segments"])
    hostile = client.get("/api/search", params={"q": "خبيثة"}).json()["hits"][0]
    assert "<img" not in hostile["snippet"]["html"] and "&lt;img" in hostile["snippet"]["html"]


def test_search_filters_offsets_and_no_facets(news):
    client, ids = news
    body = client.get("/api/search", params={"q": f'غزة source:"{AHRAM}"', "facets": "false"}).json()
    assert {h["id"] for h in body["hits"]} == {ids["gaza_2"], ids["gaza_copy"]}
    assert body["facets"] == {}
    first = client.get("/api/search", params={"q": "غزة", "limit": 2}).json()["hits"]
    second = client.get("/api/search", params={"q": "غزة", "limit": 2, "offset": 2}).json()["hits"]
    assert (len(first), len(second)) == (2, 1)
    assert not {h["id"] for h in first} & {h["id"] for h in second}


@pytest.mark.parametrize(
    ("query", "message"),
    [('"وقف إطلاق', "unbalanced quotes"), ("-غزة", "only excluded"), ("sort:sideways غزة", "sort: takes newest")],
)
def test_malformed_query_is_400_with_the_query_error_message(news, query, message):
    client, _ = news
    response = client.get("/api/search", params={"q": query})
    assert response.status_code == 400
    assert message in response.json()["message"]


def test_stories_sources_tags_entities_topics(news):
    client, ids = news
    stories = client.get("/api/stories").json()["items"]
    assert [(s["id"], s["articles"]) for s in stories] == [(STORY_ID, 3)]
    assert stories[0]["lead_article_id"] == ids["gaza_2"]  # the first report
    story = client.get(f"/api/stories/{STORY_ID}").json()
    assert [a["id"] for a in story["articles"]] == [ids["gaza_2"], ids["gaza_copy"], ids["gaza_1"]]
    assert story["sources"] == sorted([AHRAM, JAZEERA])
    sources = {s["name"]: s["articles"] for s in client.get("/api/sources").json()["items"]}
    assert sources[AHRAM] == 2 and sources[JAZEERA] == 2
    tags = {t["tag"]: t["articles"] for t in client.get("/api/tags").json()["items"]}
    assert tags["غزة"] == 4 and tags["رياضة"] == 1
    entities = {e["key"]: e for e in client.get("/api/entities").json()["items"]}
    assert entities["غزة"]["articles"] == 2 and entities["الامم المتحده"]["type"] == "ORG"
    assert client.get("/api/topics").json()["items"] == [{"topic": "سياسة", "articles": 2}]


def test_openapi_schema_and_docs_page(news):
    client, _ = news
    schema = client.get("/openapi.json").json()
    assert {"/api/articles", "/api/articles/{article_id}", "/api/search", "/api/stories"} <= set(schema["paths"])
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/search" in docs.text


def test_every_response_carries_the_security_headers(news):
    client, ids = news
    for url in ("/api/health", f"/api/articles/{ids['gaza_1']}", "/api/articles/missing", "/", "/static/style.css"):
        response = client.get(url)
        assert response.headers["content-security-policy"] == CSP
        assert response.headers["x-content-type-options"] == "nosniff"


def test_cached_searches_and_lists_see_new_articles_at_once(tmp_path):
    from marsad.models import Article

    path = tmp_path / "live.db"
    build_news_db(path)
    with TestClient(create_app(path)) as client:
        assert client.get("/api/search", params={"q": "المنتخب"}).json()["total"] == 1
        assert len(client.get("/api/sources").json()["items"]) == 3
        with SqliteStore(path) as writer:  # an ingest running beside the server
            writer.add_articles([Article(title="المنتخب يتأهل", body=["تأهل المنتخب إلى النهائي."], source="هسبريس")])
        assert client.get("/api/search", params={"q": "المنتخب"}).json()["total"] == 2
        assert "هسبريس" in {s["name"] for s in client.get("/api/sources").json()["items"]}


def test_marsad_serve_loads_the_bundled_sample_into_an_empty_database(tmp_path):
    import os
    import subprocess
    import sys
    import urllib.request

    cmd = [sys.executable, "-m", "marsad", "serve", "--db", str(tmp_path / "empty.db"), "--port", "0"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if match := re.search(r"(http://127\.0\.0\.1:\d+)/", line):
                break
        else:
            raise AssertionError("no address printed:\n" + "".join(lines))
        assert "Loaded the bundled sample: 335 articles" in "".join(lines)
        with urllib.request.urlopen(match.group(1) + "/api/health", timeout=10) as response:
            assert json.loads(response.read()) == {"status": "ok", "articles": 335}
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_entities_and_topic_from_their_own_table_and_column(tmp_path):
    """Where enrichment stores entities in ``article_entities`` and the topic in ``articles.topic``."""
    from urllib.parse import quote

    from marsad.text import normalize_for_identity

    path = tmp_path / "enriched.db"
    ids = build_news_db(path)
    with SqliteStore(path) as store:
        conn = store.conn
        conn.execute(
            "CREATE TABLE IF NOT EXISTS article_entities (article_pk INTEGER NOT NULL, type TEXT NOT NULL, "
            "text TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (article_pk, type, key))"
        )
        if "topic" not in {row[1] for row in conn.execute("PRAGMA table_info(articles)")}:
            conn.execute("ALTER TABLE articles ADD COLUMN topic TEXT")
        pk = conn.execute("SELECT pk FROM articles WHERE id = ?", (ids["sport"],)).fetchone()[0]
        conn.execute(
            "INSERT INTO article_entities VALUES (?, 'PER', 'محمد صلاح', ?)", (pk, normalize_for_identity("محمد صلاح"))
        )
        conn.execute("UPDATE articles SET topic = 'رياضة' WHERE pk = ?", (pk,))
    with TestClient(create_app(path)) as client:
        listed = client.get("/api/articles", params={"entity": "محمد صلاح"}).json()["items"]
        assert [a["id"] for a in listed] == [ids["sport"]]
        # A listing and a search select alike: a surname alone finds the whole name in both.
        by_surname = client.get("/api/articles", params={"entity": "صلاح"}).json()["items"]
        searched = client.get("/api/search", params={"q": "entity:صلاح"}).json()["hits"]
        assert [a["id"] for a in by_surname] == [h["id"] for h in searched] == [ids["sport"]]
        keys = {e["key"] for e in client.get("/api/entities").json()["items"]}
        assert normalize_for_identity("محمد صلاح") in keys
        detail = client.get(f"/api/articles/{ids['sport']}").json()
        assert [e["text"] for e in detail["entities"]] == ["محمد صلاح"]
        assert client.get(f"/article/{ids['sport']}").text.count(f"/topic/{quote('رياضة')}") == 1
        assert {"topic": "رياضة", "articles": 1} in client.get("/api/topics").json()["items"]
        assert [a["id"] for a in client.get("/api/articles", params={"topic": "رياضة"}).json()["items"]] == [
            ids["sport"]
        ]
        page = client.get(f"/entity/{normalize_for_identity('محمد صلاح')}").text
        assert "محمد صلاح" in page and ids["sport"] in page
