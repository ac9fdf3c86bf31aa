"""Facet columns held in memory, so counting a query's matches costs a few array passes.

Counting facets in SQL means one B-tree probe per match and per facet (a tag facet over
10,000 matches is 10,000 index lookups), which made facets the slowest part of a search.
Here every article's source, day and language live in numpy columns indexed by ``pk``, and
the tag and entity rows in parallel ``(pk, value id)`` arrays; the counts for a set of
matching ``pk`` are ``bincount`` over a boolean mask.

One index per database file and process, shared by every connection to that file. It
follows the database cheaply: new articles, tags and entities (rows past the last ``pk`` or
``rowid`` seen) are appended; when facet rows were deleted or rewritten in place (as
re-enrichment does), which the store's ``facet_changes`` counter records, it is rebuilt.
Memory is about 12 bytes per article and 8 per tag or entity row (roughly 90 MB for a
million articles with five tags and five entities each).
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass, field

import numpy as np

Facets = dict[str, list[tuple[str, int]]]


@dataclass
class _Vocab:
    """Values of one facet and their ids; ``shown`` is the display form of each id."""

    ids: dict[str, int] = field(default_factory=dict)
    shown: list[str] = field(default_factory=list)

    def id_of(self, key: str, shown: str | None = None) -> int:
        found = self.ids.get(key)
        if found is None:
            found = self.ids[key] = len(self.shown)
            self.shown.append(shown if shown is not None else key)
        elif shown is not None and shown < self.shown[found]:
            self.shown[found] = shown  # the smallest written form, as SQL's min() gave
        return found


@dataclass
class _Columns:
    """An immutable snapshot of the facet columns (replaced, never changed in place)."""

    source: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int32))
    day: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int32))
    language: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int32))
    tag_pk: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    tag_id: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    entity_pk: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    entity_id: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    # The value lists the ids above point into (they only ever grow until a rebuild).
    vocab: dict[str, _Vocab] = field(default_factory=dict)


class FacetIndex:
    """In-memory facet columns of one database; :meth:`count` gives a query's facets."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        # Id 0 of source, day and language is "none" (and the filler for pks never stored).
        vocab = {name: _Vocab() for name in ("source", "day", "language", "tag", "entity")}
        for name in ("source", "day", "language"):
            vocab[name].id_of("")
        self.columns = _Columns(vocab=vocab)
        self._last = (0, 0, 0)  # last articles.pk, article_tags rowid, article_entities rowid
        self._changes = -1  # facet_changes.n when last read

    def refresh(self, conn: sqlite3.Connection) -> None:
        """Bring the columns up to date with the database behind ``conn`` (one cheap query when current)."""
        with self._lock:
            *last, changes = conn.execute(
                "SELECT (SELECT COALESCE(max(pk), 0) FROM articles), "
                "(SELECT COALESCE(max(rowid), 0) FROM article_tags), "
                "(SELECT COALESCE(max(rowid), 0) FROM article_entities), "
                "(SELECT n FROM facet_changes)"
            ).fetchone()
            if changes == self._changes and tuple(last) == self._last:
                return
            if changes != self._changes or any(now < seen for now, seen in zip(last, self._last, strict=True)):
                self._reset()
            self._append(conn)
            self._changes = changes

    def _append(self, conn: sqlite3.Connection) -> None:
        last_pk, last_tag, last_entity = self._last
        cols = self.columns
        vocab = cols.vocab
        source, day, language = vocab["source"], vocab["day"], vocab["language"]
        rows = conn.execute(
            "SELECT pk, COALESCE(source, ''), substr(sort_at, 1, 10), COALESCE(language, '') "
            "FROM articles WHERE pk > ? ORDER BY pk",
            (last_pk,),
        ).fetchall()
        top = max(rows[-1][0] if rows else 0, last_pk)
        grown = [cols.source, cols.day, cols.language]
        if rows:  # new articles: longer copies of the per-article columns
            grown = [np.concatenate([old, np.zeros(top + 1 - len(old), np.int32)]) for old in grown]
            pks = np.fromiter((r[0] for r in rows), np.int64, len(rows))
            grown[0][pks] = [source.id_of(r[1]) for r in rows]
            grown[1][pks] = [day.id_of(r[2] or "") for r in rows]
            grown[2][pks] = [language.id_of(r[3]) for r in rows]
        tag_rows = conn.execute(
            "SELECT rowid, article_pk, tag_key, tag FROM article_tags WHERE rowid > ?", (last_tag,)
        ).fetchall()
        entity_rows = conn.execute(
            "SELECT rowid, article_pk, key, text FROM article_entities WHERE rowid > ?", (last_entity,)
        ).fetchall()
        tag_pk, tag_id = _pairs(tag_rows, vocab["tag"])
        entity_pk, entity_id = _pairs(entity_rows, vocab["entity"])
        self.columns = _Columns(
            *grown,
            np.concatenate([cols.tag_pk, tag_pk]),
            np.concatenate([cols.tag_id, tag_id]),
            np.concatenate([cols.entity_pk, entity_pk]),
            np.concatenate([cols.entity_id, entity_id]),
            vocab,
        )
        self._last = (
            top,
            max((r[0] for r in tag_rows), default=last_tag),
            max((r[0] for r in entity_rows), default=last_entity),
        )

    def count(self, pks: list[int], size: int = 10) -> Facets:
        """Facet counts (top ``size`` per facet; days newest first) over the articles ``pks``."""
        cols = self.columns  # one snapshot (columns and the values they point into) for the whole count
        shown = {name: vocab.shown for name, vocab in cols.vocab.items()}
        hits = np.asarray(pks, np.int64)
        hits = hits[(hits > 0) & (hits < len(cols.source))]
        mask = np.zeros(len(cols.source), bool)
        mask[hits] = True
        facets: Facets = {
            "source": _top(shown["source"], np.bincount(cols.source[hits], minlength=1), size),
            "day": _days(shown["day"], np.bincount(cols.day[hits], minlength=1), size),
            "language": _top(shown["language"], np.bincount(cols.language[hits], minlength=1), size),
        }
        tags = cols.tag_id[mask[cols.tag_pk]] if len(cols.tag_pk) else cols.tag_id
        facets["tag"] = _top(shown["tag"], np.bincount(tags, minlength=1), size)
        # An article counts once per entity, whatever types its mentions were given.
        chosen = mask[cols.entity_pk] if len(cols.entity_pk) else np.zeros(0, bool)
        width = len(shown["entity"]) + 1
        pairs = np.unique(cols.entity_pk[chosen].astype(np.int64) * width + cols.entity_id[chosen])
        entity_ids = pairs % width
        facets["entity"] = _top(shown["entity"], np.bincount(entity_ids, minlength=1), size)
        return facets


def _top(shown: list[str], counts: np.ndarray, size: int) -> list[tuple[str, int]]:
    present = [(shown[i], int(counts[i])) for i in np.flatnonzero(counts) if shown[i]]
    return sorted(present, key=lambda vc: (-vc[1], vc[0]))[:size]


def _days(shown: list[str], counts: np.ndarray, size: int) -> list[tuple[str, int]]:
    return sorted(((shown[i], int(counts[i])) for i in np.flatnonzero(counts) if shown[i]), reverse=True)[:size]


def _pairs(rows: list[tuple[int, int, str, str]], vocab: _Vocab) -> tuple[np.ndarray, np.ndarray]:
    pks = np.fromiter((r[1] for r in rows), np.int32, len(rows))
    ids = np.fromiter((vocab.id_of(r[2], r[3]) for r in rows), np.int32, len(rows))
    return pks, ids


_INDEXES: dict[str, FacetIndex] = {}
_INDEXES_LOCK = threading.Lock()


def facet_index(conn: sqlite3.Connection) -> FacetIndex:
    """The up-to-date facet index of the database behind ``conn`` (one per file and process)."""
    path = next((row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"), "")
    key = path or f"memory:{id(conn)}"  # an in-memory database is private to its connection
    with _INDEXES_LOCK:
        index = _INDEXES.setdefault(key, FacetIndex())
    index.refresh(conn)
    return index
