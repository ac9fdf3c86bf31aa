"""A small result cache for what is costly and asked often: searches, facets, pages and index lists.

Entries are keyed by the database's *generation* (the newest article and relation row ids),
so an ingest or a new relation makes every older entry unreachable at once; a time limit
bounds staleness for in-place updates (enrichment rewriting ``extra``). Searches for the
same few words dominate news traffic, and a facet count over thousands of matches costs far
more than rendering the page around it.

Two tiers: an in-process LRU, and (when the server runs several worker processes) a
:class:`SharedResults` file that every worker reads and writes, so a search one worker has
answered is not computed again by the next worker a reader's connection lands on.
"""

from __future__ import annotations

import dataclasses
import logging
import pickle
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from marsad.search.facets import Facets
from marsad.search.fts import SearchPage
from marsad.search.query import Query
from marsad.store import SqliteStore
from marsad.store.sqlite import SearchResults

if TYPE_CHECKING:
    from marsad.serve.deps import StoreProvider

T = TypeVar("T")
log = logging.getLogger(__name__)

DEFAULT_SIZE = 2048  # entries: per search, its ranks, facets and finished page (a few KB each)
DEFAULT_TTL_S = 60.0
# A query's first RANKS_AHEAD ranks are computed once; every page within them is cut from that
# list, so pages 2..5 of a search cost no second ranking and no second count.
RANKS_AHEAD = 50


class SharedResults:
    """Pickled results in a SQLite file shared by a server's worker processes (the second tier).

    Written with ``synchronous=OFF``: the file is a cache, made afresh by each ``marsad serve``
    and deleted when it stops, so a crash can lose it whole and nothing else.
    """

    def __init__(self, path: str | Path, *, size: int = 8 * DEFAULT_SIZE) -> None:
        self.path = str(path)
        self.size = size
        self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=2.0)
        self._lock = threading.Lock()
        self._writes = 0
        with self._lock:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=OFF")
            self._conn.execute(
                "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, stored REAL, value BLOB) WITHOUT ROWID"
            )

    def get(self, key: tuple[object, ...], ttl_s: float) -> tuple[bool, object]:
        """(True, value) when another worker (or this one) stored ``key`` less than ``ttl_s`` ago."""
        try:
            with self._lock:
                row = self._conn.execute(
                    "SELECT value FROM results WHERE key = ? AND stored > ?", (repr(key), time.time() - ttl_s)
                ).fetchone()
        except sqlite3.Error as error:  # a busy or broken cache file is a miss, never an error page
            log.debug("shared cache read failed: %s", error)
            return False, None
        return (True, pickle.loads(row[0])) if row else (False, None)

    def put(self, key: tuple[object, ...], value: object) -> None:
        """Store ``value`` for every worker; values that cannot be pickled stay in-process only."""
        try:
            blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return
        try:
            with self._lock:
                self._conn.execute(
                    "INSERT OR REPLACE INTO results (key, stored, value) VALUES (?, ?, ?)",
                    (repr(key), time.time(), blob),
                )
                self._writes += 1
                if self._writes % 256 == 0:
                    self._trim()
        except sqlite3.Error as error:
            log.debug("shared cache write failed: %s", error)

    def _trim(self) -> None:
        # Keep the newest ``size`` entries; older ones would mostly be of past generations.
        self._conn.execute(
            "DELETE FROM results WHERE stored < (SELECT stored FROM results ORDER BY stored DESC LIMIT 1 OFFSET ?)",
            (self.size,),
        )

    def close(self) -> None:
        """Close this worker's connection (the file is removed by the process that made it)."""
        with self._lock:
            self._conn.close()


class ResultCache:
    """A thread-safe LRU cache with a time limit, keyed by database generation plus a key."""

    def __init__(self, size: int = DEFAULT_SIZE, ttl_s: float = DEFAULT_TTL_S, shared: SharedResults | None = None):
        self.size = size
        self.ttl_s = ttl_s
        self.shared = shared
        self._items: OrderedDict[tuple[object, ...], tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_or_compute(
        self, store: SqliteStore, key: tuple[object, ...], compute: Callable[[], T], *, share: bool = True
    ) -> T:
        """The cached value for ``key`` in the store's current generation, computing it when absent.

        ``share=False`` keeps the value in this process (large values that are cheaper to
        recompute than to pickle, or that a shared finished page already covers).
        """
        full_key = (generation(store), *key)
        found, value = self._lookup(full_key, share)
        if found:
            return value  # type: ignore[return-value]
        value = compute()
        self._put(full_key, value, share)
        return value

    async def fetch(
        self,
        stores: StoreProvider,
        key: tuple[object, ...],
        compute: Callable[[SqliteStore], T],
        *,
        share: bool = True,
    ) -> T:
        """Like :meth:`get_or_compute`, for request handlers (the store is the calling thread's).

        A miss is computed in place, on the event loop: with one worker process per core a
        search is CPU work that a thread pool would only slow with GIL hand-offs (measured ad hoc
        with `bench/serve.py`: lower throughput and a worse p99 than computing in place, see
        `docs/figures.md`).
        """
        store = stores.get()
        return self.get_or_compute(store, key, lambda: compute(store), share=share)

    def peek(self, store: SqliteStore, key: tuple[object, ...]) -> object | None:
        """The value cached for ``key`` in the store's current generation, or None."""
        found, value = self._lookup((generation(store), *key))
        return value if found else None

    def put(self, store: SqliteStore, key: tuple[object, ...], value: object) -> None:
        """Cache ``value`` for ``key`` in the store's current generation."""
        self._put((generation(store), *key), value)

    def _lookup(self, full_key: tuple[object, ...], share: bool = True) -> tuple[bool, object]:
        with self._lock:
            found = self._items.get(full_key)
            if found is not None and time.monotonic() - found[0] < self.ttl_s:
                self._items.move_to_end(full_key)
                self.hits += 1
                return True, found[1]
        if share and self.shared is not None:
            shared_hit, value = self.shared.get(full_key, self.ttl_s)
            if shared_hit:
                self._remember(full_key, value)
                with self._lock:
                    self.hits += 1
                return True, value
        with self._lock:
            self.misses += 1
        return False, None

    def _put(self, full_key: tuple[object, ...], value: object, share: bool = True) -> None:
        self._remember(full_key, value)
        if share and self.shared is not None:
            self.shared.put(full_key, value)

    def _remember(self, full_key: tuple[object, ...], value: object) -> None:
        with self._lock:
            self._items[full_key] = (time.monotonic(), value)
            self._items.move_to_end(full_key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        """Forget everything this process holds."""
        with self._lock:
            self._items.clear()


def generation(store: SqliteStore) -> tuple[int, int]:
    """Changes whenever an article or a relation is added (both lookups are O(1) in SQLite)."""
    row = store.conn.execute(
        "SELECT (SELECT COALESCE(max(pk), 0) FROM articles), (SELECT COALESCE(max(rowid), 0) FROM relations)"
    ).fetchone()
    return int(row[0]), int(row[1])


async def cached_search(
    cache: ResultCache,
    stores: StoreProvider,
    query: Query,
    text: str,
    *,
    limit: int,
    offset: int,
    facets: bool,
    keep_page: bool = True,
) -> SearchResults:
    """``store.search`` through the cache; facets are cached once per query.

    Within the first :data:`RANKS_AHEAD` hits, the query is ranked once and each page is cut
    from those ranks; only its articles and snippets are then read (and kept, unless
    ``keep_page`` is false: a caller that caches what it makes of them, a finished page).
    """
    key = (text, query.sort)
    if query.positive_terms and offset + limit <= RANKS_AHEAD:
        ranked: SearchPage = await cache.fetch(stores, ("ranks", *key), lambda s: s.rank(query, limit=RANKS_AHEAD))
        page = dataclasses.replace(ranked, hits=ranked.hits[offset : offset + limit])
        if keep_page:
            results: SearchResults = await cache.fetch(
                stores, ("page", *key, limit, offset), lambda s: s.page_results(query, page), share=False
            )
        else:
            results = stores.get().page_results(query, page)
    else:
        results = await cache.fetch(
            stores, ("search", *key, limit, offset), lambda s: s.search(query, limit=limit, offset=offset)
        )
    if not facets:
        return results
    counts: Facets = await cache.fetch(stores, ("facets", text), lambda s: s.facets(query))
    return dataclasses.replace(results, facets=counts)
