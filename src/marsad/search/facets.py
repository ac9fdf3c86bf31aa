"""Facet counts (sources, days, languages, tags, entities) for the articles a query matches.

The search engine finds the matching articles (the text match and the query's filters); the counting is
done on in-memory columns (:mod:`marsad.search.facet_index`), a few array passes instead of
one index probe per match and facet. Counts cover every match up to FACET_WINDOW (the newest
ones beyond that).
"""

from __future__ import annotations

import sqlite3

from marsad.search.facet_index import Facets, facet_index
from marsad.search.fts import FtsIndex, SearchIndex, filter_sql
from marsad.search.query import Query

__all__ = ["FACET_NAMES", "FACET_WINDOW", "Facets", "compute_facets", "compute_filter_facets"]

FACET_NAMES = ("source", "day", "language", "tag", "entity")
FACET_WINDOW = 50_000


def compute_facets(
    conn: sqlite3.Connection, query: Query, *, size: int = 10, index: SearchIndex | None = None
) -> Facets:
    """Counts per facet value over every article the query matches (not just one page).

    ``index`` is the engine that finds the matches (default: the FTS5 index in ``conn``).
    """
    engine = index if index is not None else FtsIndex(conn)
    return facet_index(conn).count(engine.matching_pks(query, FACET_WINDOW), size)


def compute_filter_facets(conn: sqlite3.Connection, query: Query, *, size: int = 10) -> Facets:
    """Facets for a query of filters only (``entity:…``, ``source:…``): no text match."""
    where, params = filter_sql(query)
    rows = conn.execute(
        f"SELECT a.pk FROM articles a WHERE 1 = 1 {where} ORDER BY a.sort_at DESC LIMIT ?", (*params, FACET_WINDOW)
    )
    return facet_index(conn).count([row[0] for row in rows], size)
