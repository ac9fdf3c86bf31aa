"""Store stage: articles, provenances, relations and the search index, behind one interface.

SQLite is the default (one file, zero set-up); :func:`open_store` picks the backend from
the database location.
"""

from marsad.store.base import AddResult, Store, StoredArticle
from marsad.store.sqlite import SqliteStore, open_store

__all__ = ["AddResult", "SqliteStore", "Store", "StoredArticle", "open_store"]
