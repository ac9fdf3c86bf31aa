"""Facet counts (sources, days, languages, tags, entities) for the articles a query matches.

SQLite finds the matching articles (the FTS5 match and the query's filters); the counting is
done on in-memory columns (:mod:`marsad.search.facet_index`), a few array passes instead of
one index probe per match and facet. Counts cover every match up to FACET_WINDOW (the newest
ones beyond that).
"""

from __future__ import annotations

import sqlite3

from marsad.search.facet_index import Facets, facet_index
from marsad.search.fts import build_match, filter_sql
from marsad.search.query import Query, QueryError

__all__ = ["FACET_NAMES", "FACET_WINDOW", "Facets", "compute_facets", "compute_filter_facets"]

FACET_NAMES = ("source", "day", "language", "tag", "entity")
FACET_WINDOW = 50_000


def compute_facets(conn: sqlite3.Connection, query: Query, *, size: int = 10) -> Facets:
    """Counts per facet value over every article the query matches (not just one page)."""
    match = build_match(query)
    where, params = filter_sql(query)
    if where:
        sql = (
            "SELECT a.pk FROM articles_fts CROSS JOIN articles a INDEXED BY articles_search_meta "
            f"ON a.pk = articles_fts.rowid WHERE articles_fts MATCH ? {where} ORDER BY articles_fts.rowid DESC LIMIT ?"
        )
    else:  # no filter: the rowids straight from the index, no articles lookup per match
        sql = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?"
    try:
        pks = [row[0] for row in conn.execute(sql, (match, *params, FACET_WINDOW))]
    except sqlite3.OperationalError as error:
        raise QueryError(f"the query could not be run ({error})") from None
    return facet_index(conn).count(pks, size)


def compute_filter_facets(conn: sqlite3.Connection, query: Query, *, size: int = 10) -> Facets:
    """Facets for a query of filters only (``entity:…``, ``source:…``): no text match."""
    where, params = filter_sql(query)
    rows = conn.execute(
        f"SELECT a.pk FROM articles a WHERE 1 = 1 {where} ORDER BY a.sort_at DESC LIMIT ?", (*params, FACET_WINDOW)
    )
    return facet_index(conn).count([row[0] for row in rows], size)
