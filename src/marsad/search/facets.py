"""Facet counts (sources, days, languages, tags, entities) for the articles a query matches.

The matching articles are found once (a materialized CTE) and every facet is grouped from
that set in the same statement, so a facet page costs one full-text match, not five.
"""

from __future__ import annotations

import sqlite3

from marsad.search.fts import build_match, filter_sql
from marsad.search.query import Query, QueryError

Facets = dict[str, list[tuple[str, int]]]

FACET_NAMES = ("source", "day", "language", "tag", "entity")

_PARTS = {
    "source": "SELECT COALESCE(a.source, ''), count(*) c FROM hits JOIN articles a ON a.pk = hits.pk "
    "GROUP BY 1 ORDER BY c DESC, 1 LIMIT :size",
    "day": "SELECT substr(a.sort_at, 1, 10), count(*) c FROM hits JOIN articles a ON a.pk = hits.pk "
    "GROUP BY 1 ORDER BY 1 DESC LIMIT :size",
    "language": "SELECT a.language, count(*) c FROM hits JOIN articles a ON a.pk = hits.pk "
    "GROUP BY 1 ORDER BY c DESC, 1 LIMIT :size",
    "tag": "SELECT min(t.tag), count(*) c FROM hits JOIN article_tags t ON t.article_pk = hits.pk "
    "GROUP BY t.tag_key ORDER BY c DESC, 1 LIMIT :size",
    "entity": "SELECT min(e.text), count(DISTINCT e.article_pk) c FROM hits "
    "JOIN article_entities e ON e.article_pk = hits.pk GROUP BY e.key ORDER BY c DESC, 1 LIMIT :size",
}


def compute_facets(conn: sqlite3.Connection, query: Query, *, size: int = 10) -> Facets:
    """Counts per facet value over every article the query matches (not just one page)."""
    match = build_match(query)
    where, params = filter_sql(query)
    named = {f"p{i}": value for i, value in enumerate(params)}
    for i in range(len(params)):
        where = where.replace("?", f":p{i}", 1)
    union = " UNION ALL ".join(f"SELECT '{name}', * FROM ({sql})" for name, sql in _PARTS.items())
    sql = (
        "WITH hits(pk) AS MATERIALIZED (SELECT a.pk FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid "
        f"WHERE articles_fts MATCH :match {where}) {union}"
    )
    facets: Facets = {name: [] for name in FACET_NAMES}
    try:
        rows = conn.execute(sql, {"match": match, "size": size, **named}).fetchall()
    except sqlite3.OperationalError as error:
        raise QueryError(f"the query could not be run ({error})") from None
    for name, value, count in rows:
        if value:
            facets[name].append((str(value), count))
    return facets
