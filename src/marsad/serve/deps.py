"""Per-thread read connections to the store, handed to request handlers as a dependency.

Handlers are ``async`` and run their (short, indexed) SQLite reads on the event loop: on a
small machine that beats a thread pool fighting over the GIL. A connection must never serve
two threads at once, so each thread that asks gets its own (WAL mode lets them all read while
an ingest writes).
"""

from __future__ import annotations

import threading
from pathlib import Path

from fastapi import Request

from marsad.serve.cache import ResultCache
from marsad.store import SqliteStore


class StoreProvider:
    """Opens one :class:`SqliteStore` per thread on first use and closes them all at shutdown."""

    def __init__(self, db_path: str | Path, *, engine: str | None = None) -> None:
        self.db_path = str(db_path)
        self.engine = engine
        self._local = threading.local()
        self._opened: list[SqliteStore] = []
        self._lock = threading.Lock()

    def get(self) -> SqliteStore:
        """This thread's store."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = SqliteStore(self.db_path, engine=self.engine)
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    def close(self) -> None:
        """Close every connection opened so far."""
        with self._lock:
            for store in self._opened:
                store.close()
            self._opened.clear()
        self._local = threading.local()


async def get_store(request: Request) -> SqliteStore:
    """FastAPI dependency: the calling thread's store."""
    provider: StoreProvider = request.app.state.stores
    return provider.get()


async def get_cache(request: Request) -> ResultCache:
    """FastAPI dependency: the application's result cache."""
    return request.app.state.cache


async def get_stores(request: Request) -> StoreProvider:
    """FastAPI dependency: the per-thread store provider (for work handed to worker threads)."""
    return request.app.state.stores
