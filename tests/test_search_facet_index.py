"""In-memory facet counts equal plain SQL counts, and follow appends and re-enrichment."""

from __future__ import annotations

import dataclasses
from datetime import date

from marsad.models import Article, PublishedDate
from marsad.search.facets import compute_facets, compute_filter_facets
from marsad.search.query import parse_query
from marsad.store import SqliteStore

SOURCES = ["الجزيرة نت", "الأهرام", "هسبريس"]
PLACES = ["غزة", "القاهرة", "الرباط", "بيروت"]


def _article(i: int) -> Article:
    place = PLACES[i % len(PLACES)]
    return Article(
        title=f"خبر رقم {i} عن {place}",
        body=[f"نص الخبر {i} من {place} حول الانتخابات والاقتصاد." + (" مهرجان ثقافي." if i % 3 == 0 else "")],
        published=PublishedDate(day=date(2024, 6, 1 + i % 20)),
        source=SOURCES[i % len(SOURCES)],
        tags=[place, "سياسة" if i % 2 else "اقتصاد"],
        language="ar",
        extra={
            "entities": [{"text": place, "type": "LOC", "key": place}, {"text": place, "type": "MISC", "key": place}]
        },
    )


def _sql_facets(store: SqliteStore, pks: list[int], size: int = 10) -> dict[str, list[tuple[str, int]]]:
    """The reference: GROUP BY over the same articles, straight from the tables."""
    marks = ", ".join("?" * len(pks))

    def grouped(sql: str) -> list[tuple[str, int]]:
        rows = [(str(v), int(c)) for v, c in store.conn.execute(sql, pks) if v]
        return sorted(rows, key=lambda vc: (-vc[1], vc[0]))[:size]

    days = store.conn.execute(
        f"SELECT substr(sort_at, 1, 10), count(*) FROM articles WHERE pk IN ({marks}) GROUP BY 1", pks
    ).fetchall()
    return {
        "source": grouped(f"SELECT source, count(*) FROM articles WHERE pk IN ({marks}) GROUP BY 1"),
        "day": sorted(days, reverse=True)[:size],
        "language": grouped(f"SELECT language, count(*) FROM articles WHERE pk IN ({marks}) GROUP BY 1"),
        "tag": grouped(f"SELECT min(tag), count(*) FROM article_tags WHERE article_pk IN ({marks}) GROUP BY tag_key"),
        "entity": grouped(
            f"SELECT min(text), count(DISTINCT article_pk) FROM article_entities WHERE article_pk IN ({marks}) "
            "GROUP BY key"
        ),
    }


def _matching_pks(store: SqliteStore, query: str) -> list[int]:
    hits = store.search(query, limit=1000)
    return sorted(
        store.conn.execute("SELECT pk FROM articles WHERE id = ?", (h.article.id,)).fetchone()[0] for h in hits.hits
    )


def test_counts_equal_sql_and_follow_appends_and_reenrichment(tmp_path) -> None:
    with SqliteStore(tmp_path / "facets.db") as store:
        store.add_articles([_article(i) for i in range(60)])
        for query in ("الانتخابات", "مهرجان", "غزة"):
            pks = _matching_pks(store, query)
            assert pks, query
            assert compute_facets(store.conn, parse_query(query)) == _sql_facets(store, pks), query

        # Appended articles are counted at once (no stale cache of the columns).
        store.add_articles([_article(i) for i in range(60, 90)])
        pks = _matching_pks(store, "مهرجان")
        assert compute_facets(store.conn, parse_query("مهرجان")) == _sql_facets(store, pks)

        # Re-enrichment rewrites entity rows in place (the same rowids may come back).
        first = store.search("مهرجان", limit=1).hits[0].article.id
        stored = store.get_article(first)
        assert stored is not None
        renamed = {
            "entities": [{"text": "دمشق", "type": "LOC", "key": "دمشق"}, {"text": "x", "type": "ORG", "key": "x"}]
        }
        store.update_enrichment(first, dataclasses.replace(stored.article, extra=renamed))
        pks = _matching_pks(store, "مهرجان")
        facets = compute_facets(store.conn, parse_query("مهرجان"))
        assert facets == _sql_facets(store, pks)
        assert ("دمشق", 1) in facets["entity"]


def test_filter_only_facets_equal_sql(tmp_path) -> None:
    with SqliteStore(tmp_path / "filters.db") as store:
        store.add_articles([_article(i) for i in range(40)])
        query = parse_query(f'source:"{SOURCES[1]}"')
        pks = [r[0] for r in store.conn.execute("SELECT pk FROM articles WHERE source = ?", (SOURCES[1],))]
        assert compute_filter_facets(store.conn, query) == _sql_facets(store, pks)
        assert compute_filter_facets(store.conn, query)["source"] == [(SOURCES[1], len(pks))]


def test_two_stores_on_two_files_keep_their_own_counts(tmp_path) -> None:
    with SqliteStore(tmp_path / "a.db") as a, SqliteStore(tmp_path / "b.db") as b:
        a.add_articles([_article(i) for i in range(10)])
        b.add_articles([_article(i) for i in range(10, 13)])
        total_a = sum(c for _, c in compute_facets(a.conn, parse_query("الانتخابات"))["source"])
        total_b = sum(c for _, c in compute_facets(b.conn, parse_query("الانتخابات"))["source"])
        assert (total_a, total_b) == (10, 3)
