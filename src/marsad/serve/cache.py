"""A small result cache for what is costly and asked often: searches, facets and index lists.

Entries are keyed by the database's *generation* (the newest article and relation row ids),
so an ingest or a new relation makes every older entry unreachable at once; a time limit
bounds staleness for in-place updates (enrichment rewriting ``extra``). Searches for the
same few words dominate news traffic, and a facet count over thousands of matches costs far
more than rendering the page around it.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from starlette.concurrency import run_in_threadpool

from marsad.search.facets import Facets
from marsad.search.query import Query
from marsad.store import SqliteStore
from marsad.store.sqlite import SearchResults

if TYPE_CHECKING:
    from marsad.serve.deps import StoreProvider

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
        found, value = self._lookup(full_key)
        if found:
            return value  # type: ignore[return-value]
        value = compute()  # outside the lock: a slow query must not block cache hits
        self._put(full_key, value)
        return value

    async def fetch(self, stores: StoreProvider, key: tuple[object, ...], compute: Callable[[SqliteStore], T]) -> T:
        """Like :meth:`get_or_compute`, but a miss is computed in a worker thread with its own
        connection, so one slow search never stalls the event loop serving other pages."""
        full_key = (generation(stores.get()), *key)
        found, value = self._lookup(full_key)
        if found:
            return value  # type: ignore[return-value]
        value = await run_in_threadpool(lambda: compute(stores.get()))
        self._put(full_key, value)
        return value

    def _lookup(self, full_key: tuple[object, ...]) -> tuple[bool, object]:
        with self._lock:
            found = self._items.get(full_key)
            if found is not None and time.monotonic() - found[0] < self.ttl_s:
                self._items.move_to_end(full_key)
                self.hits += 1
                return True, found[1]
            self.misses += 1
            return False, None

    def _put(self, full_key: tuple[object, ...], value: object) -> None:
        with self._lock:
            self._items[full_key] = (time.monotonic(), value)
            self._items.move_to_end(full_key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

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


async def cached_search(
    cache: ResultCache, stores: StoreProvider, query: Query, text: str, *, limit: int, offset: int, facets: bool
) -> SearchResults:
    """``store.search`` through the cache, off the event loop; facets are cached once per query."""
    results: SearchResults = await cache.fetch(
        stores, ("search", text, query.sort, limit, offset), lambda s: s.search(query, limit=limit, offset=offset)
    )
    if not facets:
        return results
    counts: Facets = await cache.fetch(stores, ("facets", text), lambda s: s.facets(query))
    return dataclasses.replace(results, facets=counts)
