"""Facet counts (sources, days, tags, languages) for the articles a query matches."""

from __future__ import annotations

import sqlite3

from marsad.search.fts import build_match, filter_sql
from marsad.search.query import Query

Facets = dict[str, list[tuple[str, int]]]

_FACET_SQL = {
    "source": "SELECT COALESCE(a.source, ''), count(*) c {base} GROUP BY 1 ORDER BY c DESC LIMIT ?",
    "day": "SELECT substr(a.sort_at, 1, 10), count(*) c {base} GROUP BY 1 ORDER BY 1 DESC LIMIT ?",
    "language": "SELECT a.language, count(*) c {base} GROUP BY 1 ORDER BY c DESC LIMIT ?",
    "tag": ("SELECT min(t.tag), count(*) c {base_tags} GROUP BY t.tag_key ORDER BY c DESC LIMIT ?"),
}


def compute_facets(conn: sqlite3.Connection, query: Query, *, size: int = 10) -> Facets:
    """Counts per facet value over every article the query matches (not just one page)."""
    match = build_match(query)
    where, params = filter_sql(query)
    base = f"FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid WHERE articles_fts MATCH ? {where}"
    base_tags = (
        "FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid "
        f"JOIN article_tags t ON t.article_pk = a.pk WHERE articles_fts MATCH ? {where}"
    )
    facets: Facets = {}
    for name, template in _FACET_SQL.items():
        sql = template.format(base=base, base_tags=base_tags)
        facets[name] = [(str(value), count) for value, count in conn.execute(sql, (match, *params, size)) if value]
    return facets
