"""A small result cache for what is costly and asked often: searches, facets and index lists.

Entries are keyed by the database's *generation* (the newest article and relation row ids),
so an ingest or a new relation makes every older entry unreachable at once; a time limit
bounds staleness for in-place updates (enrichment rewriting ``extra``). Searches for the
same few words dominate news traffic, and a facet count over thousands of matches costs far
more than rendering the page around it.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from marsad.search.facets import Facets, compute_facets
from marsad.search.query import Query
from marsad.store import SqliteStore
from marsad.store.sqlite import SearchResults

T = TypeVar("T")

DEFAULT_SIZE = 1024
DEFAULT_TTL_S = 60.0


class ResultCache:
    """A thread-safe LRU cache with a time limit, keyed by database generation plus a key."""

    def __init__(self, size: int = DEFAULT_SIZE, ttl_s: float = DEFAULT_TTL_S) -> None:
        self.size = size
        self.ttl_s = ttl_s
        self._items: OrderedDict[tuple[object, ...], tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_or_compute(self, store: SqliteStore, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        """The cached value for ``key`` in the store's current generation, computing it when absent."""
        full_key = (generation(store), *key)
        now = time.monotonic()
        with self._lock:
            found = self._items.get(full_key)
            if found is not None and now - found[0] < self.ttl_s:
                self._items.move_to_end(full_key)
                self.hits += 1
                return found[1]  # type: ignore[return-value]
        value = compute()  # outside the lock: a slow query must not block cache hits
        with self._lock:
            self.misses += 1
            self._items[full_key] = (now, value)
            self._items.move_to_end(full_key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._items.clear()


def generation(store: SqliteStore) -> tuple[int, int]:
    """Changes whenever an article or a relation is added (both lookups are O(1) in SQLite)."""
    row = store.conn.execute(
        "SELECT (SELECT COALESCE(max(pk), 0) FROM articles), (SELECT COALESCE(max(rowid), 0) FROM relations)"
    ).fetchone()
    return int(row[0]), int(row[1])


def cached_search(
    cache: ResultCache, store: SqliteStore, query: Query, text: str, *, limit: int, offset: int, facets: bool
) -> SearchResults:
    """``store.search`` through the cache; facets are cached once per query, not per page."""
    results: SearchResults = cache.get_or_compute(
        store, ("search", text, query.sort, limit, offset), lambda: store.search(query, limit=limit, offset=offset)
    )
    if not facets:
        return results
    counts: Facets = cache.get_or_compute(store, ("facets", text), lambda: compute_facets(store.conn, query))
    return SearchResults(results.query, results.hits, results.total, counts)
