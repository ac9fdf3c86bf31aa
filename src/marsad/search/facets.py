"""Facet counts (sources, days, languages, tags, entities) for the articles a query matches.

One pass over the matches reads source, day and language (counted here); tags and entities
are grouped in SQLite over the same set of matches. Counts cover every match up to
FACET_WINDOW (the newest ones beyond that; ``facets_capped`` tells).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter

from marsad.search.fts import build_match, filter_sql
from marsad.search.query import Query, QueryError

Facets = dict[str, list[tuple[str, int]]]

FACET_NAMES = ("source", "day", "language", "tag", "entity")
FACET_WINDOW = 50_000

_GROUPED = {
    "tag": "SELECT min(t.tag), count(*) c FROM article_tags t WHERE t.article_pk IN (SELECT value FROM json_each(?)) "
    "GROUP BY t.tag_key ORDER BY c DESC, 1 LIMIT ?",
    "entity": "SELECT min(e.text), count(DISTINCT e.article_pk) c FROM article_entities e "
    "WHERE e.article_pk IN (SELECT value FROM json_each(?)) GROUP BY e.key ORDER BY c DESC, 1 LIMIT ?",
}


def compute_facets(conn: sqlite3.Connection, query: Query, *, size: int = 10) -> Facets:
    """Counts per facet value over every article the query matches (not just one page)."""
    match = build_match(query)
    where, params = filter_sql(query)
    try:
        rows = conn.execute(
            "SELECT a.pk, COALESCE(a.source, ''), substr(a.sort_at, 1, 10), a.language "
            "FROM articles_fts CROSS JOIN articles a INDEXED BY articles_search_meta ON a.pk = articles_fts.rowid "
            f"WHERE articles_fts MATCH ? {where} ORDER BY articles_fts.rowid DESC LIMIT ?",
            (match, *params, FACET_WINDOW),
        ).fetchall()
    except sqlite3.OperationalError as error:
        raise QueryError(f"the query could not be run ({error})") from None
    return _aggregate(conn, rows, size)


def compute_filter_facets(conn: sqlite3.Connection, query: Query, *, size: int = 10) -> Facets:
    """Facets for a query of filters only (``entity:…``, ``source:…``): no text match."""
    where, params = filter_sql(query)
    rows = conn.execute(
        "SELECT a.pk, COALESCE(a.source, ''), substr(a.sort_at, 1, 10), a.language FROM articles a "
        f"WHERE 1 = 1 {where} ORDER BY a.sort_at DESC LIMIT ?",
        (*params, FACET_WINDOW),
    ).fetchall()
    return _aggregate(conn, rows, size)


def _aggregate(conn: sqlite3.Connection, rows: list[tuple[int, str, str, str]], size: int) -> Facets:
    facets: Facets = {
        "source": _top(Counter(r[1] for r in rows), size),
        "day": sorted(Counter(r[2] for r in rows if r[2]).items(), reverse=True)[:size],
        "language": _top(Counter(r[3] for r in rows), size),
    }
    pks = json.dumps([r[0] for r in rows])
    for name, sql in _GROUPED.items():
        facets[name] = [(str(value), count) for value, count in conn.execute(sql, (pks, size)) if value]
    return facets


def _top(counts: Counter[str], size: int) -> list[tuple[str, int]]:
    return sorted(((v, c) for v, c in counts.items() if v), key=lambda vc: (-vc[1], vc[0]))[:size]
