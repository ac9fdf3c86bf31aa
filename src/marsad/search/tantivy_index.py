"""The tantivy engine behind the same :class:`~marsad.search.fts.SearchIndex` interface.

An optional alternative to FTS5 (``pip install 'marsad[tantivy]'``), selected per store with
``SqliteStore(path, engine="tantivy")``, ``--engine tantivy`` or ``MARSAD_SEARCH_ENGINE=tantivy``.
It indexes exactly marsad's analyzed token streams (surface form, light stem, skeleton) with
tantivy's whitespace tokenizer and ranks with tantivy's BM25 and the same column weights as
FTS5. Beside the text it holds what the query filters read, copied from the store's rows:
source, language, day and a sort key (``sort_at`` with the pk as tie-break, newest first),
tag keys, entity keys, names and name words, and the topic; so every filter, ``sort:`` and the
recency prior run inside tantivy. Copy collapsing, ``also in N sources`` and facet counting
finish in SQLite on the pks tantivy returns.

The index lives in a folder beside the database (``news.db.tantivy``). The store adds each new
article, commits once per ingest batch (after its SQLite transaction), re-adds an article whose
enrichment changed, and rebuilds everything on ``marsad reindex``. A writer that finds the index
behind the store (a run killed between the two commits) first indexes the missing articles.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from marsad.enrich.ner_keys import entity_key
from marsad.models import Article
from marsad.search.analyzer import analyze_document, conjunction_alternative, is_stop_key, term_keys
from marsad.search.fts import (
    COLUMN_WEIGHTS,
    PROXIMITY_WINDOW,
    RECENCY_HALF_LIFE_DAYS,
    TOTAL_CAP,
    SearchPage,
    function_words_only,
    proximity_pairs,
)
from marsad.search.query import Query, QueryError, Term
from marsad.text import normalize_for_identity

SCHEMA_VERSION = 2  # bump when the fields change: an index of another version must be rebuilt
MARKER = "marsad-index.json"
_FIELDS = ("title_exact", "body_exact", "title_stem", "body_stem", "title_root", "body_root")
_WEIGHT = dict(zip(_FIELDS, COLUMN_WEIGHTS, strict=True))
# sort_key = rank << PK_BITS | pk, where rank is twice the seconds since 1900 of sort_at (+1 when
# it has a time of day): newest first by sort_at, then by pk, as the store's listings order.
PK_BITS = 30
_RANK_MAX = (1 << (64 - PK_BITS)) - 1
_EPOCH = datetime(1900, 1, 1, tzinfo=UTC)
# The recency prior reranks this many BM25 matches first (and more while they could change the page).
RECENCY_POOL = 200
RECENCY_POOL_MAX = 20_000
# A writer commits after this many enrichment updates (and when the store closes).
UPDATE_BATCH = 1_000
# Catching up a writer's index silently is fine for a killed batch; more asks for a reindex.
CATCH_UP_MAX = 50_000
WRITER_HEAP = 256_000_000
WRITER_WAIT_S = 30.0


def sort_rank(sort_at: str | None) -> int:
    """An integer that orders like the ISO strings in ``articles.sort_at`` (a bare day sorts
    before any time of that day), at one-second resolution."""
    if not sort_at:
        return 0
    try:
        if len(sort_at) <= 10:
            days = (date.fromisoformat(sort_at) - _EPOCH.date()).days
            return min(max(0, 2 * days * 86_400), _RANK_MAX)
        at = datetime.fromisoformat(sort_at)
    except ValueError:
        return 0
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return min(max(0, 2 * int((at - _EPOCH).total_seconds()) + 1), _RANK_MAX)


def sort_key(sort_at: str | None, pk: int) -> int:
    """The u64 sort key: ``sort_rank`` then the pk (its low PK_BITS bits)."""
    return (sort_rank(sort_at) << PK_BITS) | (pk & ((1 << PK_BITS) - 1))


def _day(sort_at: str | None) -> int:
    try:
        return int(date.fromisoformat((sort_at or "")[:10]).strftime("%Y%m%d"))
    except ValueError:
        return 0


@dataclass(slots=True)
class Meta:
    """What the filters read about one article, as the store holds it."""

    source: str = ""
    language: str = ""
    sort_at: str = ""
    topic: str = ""
    tags: list[str] = field(default_factory=list)  # tag keys
    entities: list[tuple[str, str]] = field(default_factory=list)  # (key, text)


# One tantivy index object (and at most one writer) per folder and process, shared by every
# store opened on that database: tantivy allows one writer per index.
@dataclass
class _Shared:
    index: Any
    writer: Any = None
    stamp: tuple[int, int] = (0, 0)
    lock: threading.RLock = field(default_factory=threading.RLock)


_SHARED: dict[str, _Shared] = {}
_SHARED_LOCK = threading.Lock()


def build_schema() -> Any:
    """The tantivy schema: text streams, the pk, and the filter fields."""
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("pk", stored=True, indexed=True, fast=True)
    for name in _FIELDS:
        builder.add_text_field(name, tokenizer_name="whitespace", index_option="position")
    for name in ("source", "lang", "tag", "entity_key", "entity_text", "topic"):
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("entity_word", tokenizer_name="whitespace", index_option="position")
    builder.add_integer_field("day", indexed=True, fast=True)
    builder.add_unsigned_field("sort_key", fast=True)
    return builder.build()


class TantivyIndex:
    """A tantivy index in ``path`` (a folder), or in memory when ``path`` is None.

    With ``conn`` (the store's connection) it is a full engine of that store: metadata for the
    filters is read from the store's rows, and copy collapsing and the recency prior use them.
    Without it (``eval/search.py``) documents carry text only and are added with :meth:`add_many`.
    """

    def __init__(self, path: str | Path | None, conn: sqlite3.Connection | None = None) -> None:
        import tantivy

        self._t = tantivy
        self.path = None if path is None else str(path)
        self.conn = conn
        self.schema = build_schema()
        if self.path is None:  # an in-memory index is private to this object
            shared = _Shared(self._open_index())
        else:
            with _SHARED_LOCK:
                shared = _SHARED.get(self.path)
                if shared is None:
                    shared = _SHARED[self.path] = _Shared(self._open_index())
        self._shared = shared
        self._pending_updates = 0
        self._dirty = False

    # -- opening ----------------------------------------------------------------------------

    def _open_index(self) -> Any:
        t = self._t
        if self.path is None:
            return t.Index(self.schema)
        folder = Path(self.path)
        folder.mkdir(parents=True, exist_ok=True)
        marker = folder / MARKER
        if (folder / "meta.json").exists():
            version = json.loads(marker.read_text()).get("schema") if marker.exists() else None
            if version != SCHEMA_VERSION:
                _wipe(folder)  # another layout: derived data, rebuilt by reindex (is_current says so)
        marker.write_text(json.dumps({"schema": SCHEMA_VERSION}))
        return t.Index(self.schema, path=str(folder))

    @property
    def index(self) -> Any:
        """The tantivy ``Index``."""
        return self._shared.index

    def preload(self, chunk: int = 8 << 20) -> int:
        """Read the index files once so the OS keeps them in its page cache; returns the bytes read.

        Like Elasticsearch's ``index.store.preload``: a rare word's postings are by nature not
        in memory, and at a million articles a cold read of them costs tens of milliseconds
        on networked disks. A server calls this once at start, off its event loop. An
        in-memory index has nothing to read.
        """
        if self.path is None:
            return 0
        total = 0
        for file in sorted(Path(self.path).iterdir()):
            if not file.is_file():
                continue
            with file.open("rb") as handle:
                while block := handle.read(chunk):
                    total += len(block)
        return total

    # -- writes -----------------------------------------------------------------------------

    def document(self, pk: int, title: str, body: str, meta: Meta | None = None) -> Any:
        """The tantivy document of one article."""
        t, b = analyze_document(title, body)
        values = dict(zip(_FIELDS, (t.exact, b.exact, t.stem, b.stem, t.root, b.root), strict=True))
        doc = self._t.Document(pk=pk, **{k: v for k, v in values.items() if v})
        if meta is None:
            return doc
        if meta.source:
            doc.add_text("source", meta.source)
        if meta.language:
            doc.add_text("lang", meta.language)
        if meta.topic:
            doc.add_text("topic", meta.topic)
        for tag in meta.tags:
            doc.add_text("tag", tag)
        for key, text in meta.entities:
            doc.add_text("entity_key", key)
            doc.add_text("entity_text", text)
            doc.add_text("entity_word", key)
        doc.add_integer("day", _day(meta.sort_at))
        doc.add_unsigned("sort_key", sort_key(meta.sort_at, pk))
        return doc

    def _writer(self) -> Any:
        shared = self._shared
        with shared.lock:
            if shared.writer is None:
                deadline = time.monotonic() + WRITER_WAIT_S
                while True:
                    try:
                        shared.writer = self.index.writer(heap_size=WRITER_HEAP, num_threads=1)
                        break
                    except ValueError as error:  # another process holds the index's writer lock
                        if time.monotonic() > deadline:
                            raise RuntimeError(f"the tantivy index {self.path} is locked by another writer") from error
                        time.sleep(0.2)
            return shared.writer

    def add(self, pk: int, article: Article) -> None:
        """Add (or replace) one article; visible after :meth:`commit` (the store's batch commit)."""
        self._catch_up_before(pk)
        meta = read_meta(self.conn, pk) if self.conn is not None else _article_meta(article)
        writer = self._writer()
        writer.delete_documents_by_term("pk", pk)
        writer.add_document(self.document(pk, article.title, article.text, meta))
        self._dirty = True

    def _catch_up_before(self, pk: int) -> None:
        """On a writer's first add: index the stored articles below ``pk`` the index lacks."""
        if self._dirty or self.conn is None or self._shared.writer is not None:
            return
        indexed = self.max_pk()
        missing = self.conn.execute("SELECT count(*) FROM articles WHERE pk > ? AND pk < ?", (indexed, pk)).fetchone()[
            0
        ]
        if not missing:
            return
        if missing > CATCH_UP_MAX:
            raise RuntimeError(
                f"the tantivy index lacks {missing} stored articles: run `marsad reindex --engine tantivy`"
            )
        writer = self._writer()
        for row_pk, title, body, meta in iter_documents(self.conn, after=indexed, before=pk):
            writer.delete_documents_by_term("pk", row_pk)
            writer.add_document(self.document(row_pk, title, body, meta))
        self._dirty = True

    def update(self, pk: int) -> None:
        """Re-add a stored article whose tags, entities or topic changed (committed in batches)."""
        if self.conn is None:
            return
        row = self.conn.execute("SELECT title, body FROM articles WHERE pk = ?", (pk,)).fetchone()
        writer = self._writer()
        writer.delete_documents_by_term("pk", pk)
        if row is not None:
            writer.add_document(self.document(pk, row[0], "\n\n".join(json.loads(row[1])), read_meta(self.conn, pk)))
        self._dirty = True
        self._pending_updates += 1
        if self._pending_updates >= UPDATE_BATCH:
            self.commit()

    def add_many(self, rows: Iterable[tuple[int, str, str]]) -> None:
        """Bulk-add ``(pk, title, body)`` text-only documents and commit (evaluation runs)."""
        writer = self._writer()
        for pk, title, body in rows:
            writer.add_document(self.document(pk, title, body))
        self._dirty = True
        self.commit()

    def rebuild(self) -> int:
        """Replace the whole index with the store's articles; return how many were indexed."""
        if self.conn is None:
            raise RuntimeError("rebuilding needs the store's connection")
        writer = self._writer()
        writer.delete_all_documents()
        count = 0
        for pk, title, body, meta in iter_documents(self.conn):
            writer.add_document(self.document(pk, title, body, meta))
            count += 1
        self._dirty = True
        self.commit()
        return count

    def clear(self) -> None:
        """Remove every document."""
        self._writer().delete_all_documents()
        self._dirty = True
        self.commit()

    def commit(self) -> None:
        """Make pending writes searchable (one tantivy commit)."""
        shared = self._shared
        with shared.lock:
            if shared.writer is not None and self._dirty:
                shared.writer.commit()
            self._dirty = False
            self._pending_updates = 0
        self._reload()

    def rollback(self) -> None:
        """Drop the writes since the last commit (the store's transaction rolled back)."""
        shared = self._shared
        with shared.lock:
            if shared.writer is not None and self._dirty:
                shared.writer.rollback()
            self._dirty = False

    def close(self) -> None:
        """Commit what is pending and release the writer (and its lock on the folder)."""
        shared = self._shared
        with shared.lock:
            self.commit()
            if shared.writer is not None:
                shared.writer.wait_merging_threads()
                shared.writer = None

    # -- reads ------------------------------------------------------------------------------

    def _reload(self) -> None:
        self.index.reload()
        self._shared.stamp = self._meta_stamp()

    def _meta_stamp(self) -> tuple[int, int]:
        if self.path is None:
            return (0, 0)
        try:
            stat = os.stat(Path(self.path) / "meta.json")
        except OSError:
            return (0, 0)
        return (stat.st_mtime_ns, stat.st_size)

    def _searcher(self) -> Any:
        if self._dirty:  # this store's own uncommitted writes (outside a batch): make them visible
            self.commit()
        elif self.path is not None and self._meta_stamp() != self._shared.stamp:
            self._reload()  # another process (an ingest) committed
        return self.index.searcher()

    def max_pk(self) -> int:
        """The largest pk in the index (0 when empty)."""
        searcher = self._searcher()
        if not searcher.num_docs:
            return 0
        result = searcher.search(self._t.Query.all_query(), limit=1, count=False, order_by_field="pk")
        return int(result.hits[0][0]) if result.hits else 0

    def num_docs(self) -> int:
        """How many documents the index holds."""
        return int(self._searcher().num_docs)

    def search(self, query: Query, *, limit: int = 10, offset: int = 0, collapse: bool = True) -> SearchPage:
        """A page of (pk, score) hits with the query's filters, sort, recency prior and collapsing."""
        searcher = self._searcher()
        tq = self.build(query)
        collapse = collapse and self.conn is not None and _has_copies(self.conn)
        fetch, skip = ((offset + limit) * 4 + 20, 0) if collapse else (limit, offset)
        fetch = max(fetch, 1)
        try:
            if query.sort in ("newest", "oldest") or (
                query.sort == "relevance" and not query.recency and function_words_only(query)
            ):
                # As with FTS5: a query of function words only has nothing to rank by; newest stored first.
                by = "sort_key" if query.sort != "relevance" else "pk"
                order = self._t.Order.Asc if query.sort == "oldest" else self._t.Order.Desc
                result = searcher.search(tq, limit=fetch, offset=skip, count=True, order_by_field=by, order=order)
                ranked = [(pk, 0.0) for pk in self._pks(searcher, [a for _, a in result.hits])]
                count = int(result.count or 0)
            elif query.recency > 0:
                ranked, count = self._recency_ranked(searcher, tq, query.recency, fetch + skip)
                ranked = ranked[skip : skip + fetch]
            else:
                result = searcher.search(tq, limit=fetch, offset=skip, count=True)
                pks = self._pks(searcher, [a for _, a in result.hits])
                ranked = [(pk, float(score)) for pk, (score, _) in zip(pks, result.hits, strict=True)]
                count = int(result.count or 0)
        except ValueError as error:
            raise QueryError(f"the query could not be run ({error})") from None
        if not collapse:
            return SearchPage(hits=ranked[:limit], total=count)
        from marsad.search.fts import _collapsed_page

        assert self.conn is not None
        total, capped = self._collapsed_total(searcher, tq, count)
        groups = _groups(self.conn, [pk for pk, _ in ranked])
        rows = [(pk, score, groups.get(pk, pk)) for pk, score in ranked]
        return _collapsed_page(self.conn, rows, offset, limit, total, capped)

    def matching_pks(self, query: Query, limit: int) -> list[int]:
        """The pks of the ``limit`` matches with the largest pks (the newest stored), for facets."""
        searcher = self._searcher()
        tq = self.build(query)
        try:
            result = searcher.search(tq, limit=max(limit, 1), count=False, order_by_field="pk")
        except ValueError as error:
            raise QueryError(f"the query could not be run ({error})") from None
        return [int(key) for key, _ in result.hits]

    def _pks(self, searcher: Any, addresses: list[Any]) -> list[int]:
        if not addresses:
            return []
        if hasattr(searcher, "fast_field_values"):
            return [int(v) for v in searcher.fast_field_values("pk", addresses)]
        return [int(searcher.doc(a)["pk"][0]) for a in addresses]  # older tantivy-py: the stored pk

    def _recency_ranked(self, searcher: Any, tq: Any, weight: float, need: int) -> tuple[list[tuple[int, float]], int]:
        """BM25 times the recency prior, exact: rerank a pool of BM25 matches, grown until no
        match outside it could reach the page (the prior multiplies a score by at most 1 + weight)."""
        newest = self.conn.execute("SELECT max(sort_at) FROM articles").fetchone()[0] if self.conn else None
        newest_s = sort_rank(newest) // 2
        pool = max(RECENCY_POOL, 4 * need)
        while True:
            result = searcher.search(tq, limit=pool, count=True)
            addresses = [a for _, a in result.hits]
            pks = self._pks(searcher, addresses)
            keys = searcher.fast_field_values("sort_key", addresses) if addresses else []
            scored = []
            for pk, (score, _), key in zip(pks, result.hits, keys, strict=True):
                age_days = max(0.0, (newest_s - ((int(key or 0) >> PK_BITS) // 2)) / 86_400)
                scored.append((pk, float(score) * (1.0 + weight / (1.0 + age_days / RECENCY_HALF_LIFE_DAYS))))
            scored.sort(key=lambda ps: (-ps[1], ps[0]))
            count = int(result.count or 0)
            if len(result.hits) < pool or pool >= RECENCY_POOL_MAX:
                return scored, count
            bound = float(result.hits[-1][0]) * (1.0 + weight)  # the best any match outside the pool can reach
            if len(scored) >= need and scored[need - 1][1] >= bound:
                return scored, count
            pool = min(pool * 4, RECENCY_POOL_MAX)

    def _collapsed_total(self, searcher: Any, tq: Any, count: int) -> tuple[int, bool]:
        """Matches that are not copies, counted exactly up to TOTAL_CAP (as the FTS5 engine does)."""
        assert self.conn is not None
        limit = min(count, 2 * TOTAL_CAP)
        while limit:
            pks = [int(k) for k, _ in searcher.search(tq, limit=limit, count=False, order_by_field="pk").hits]
            originals = len(pks) - _copies_among(self.conn, pks)
            if originals > TOTAL_CAP:
                return TOTAL_CAP, True
            if limit >= count:
                return originals, False
            limit = min(count, limit * 4)
        return 0, False

    # -- query building ---------------------------------------------------------------------

    def build(self, query: Query) -> Any:
        """The tantivy query for a parsed query; :class:`QueryError` (with a message) when it cannot be built."""
        try:
            return self._build(query)
        except QueryError:
            raise
        except ValueError as error:  # tantivy refused a part of it
            raise QueryError(f"the query could not be run ({error})") from None

    def _build(self, query: Query) -> Any:
        t = self._t
        terms = query.positive_terms
        content = [term for term in terms if not _is_stop(term)] or terms
        broad = query.match == "any"
        clauses = [q for q in (self._term(term, broad) for term in content) if q is not None]
        if not clauses:
            raise QueryError("nothing to search for: the query has no words")
        if broad:  # as with FTS5's NEAR groups: neighbouring query words kept together in the body rank higher
            for pair in proximity_pairs(terms):
                near = t.Query.phrase_query(self.schema, "body_stem", list(pair), slop=PROXIMITY_WINDOW)
                clauses.append(t.Query.boost_query(near, _WEIGHT["body_stem"]))
        occur = t.Occur.Should if query.match == "any" else t.Occur.Must
        parts = [(occur, q) for q in clauses]
        for term in query.terms:
            if term.negated and (excluded := self._term(term, False)) is not None:
                parts.append((t.Occur.MustNot, excluded))
        filters = self._filters(query)
        if filters:
            parts = [(t.Occur.Must, t.Query.boolean_query(parts)), *filters]
        return t.Query.boolean_query(parts)

    def _term(self, term: Term, broad: bool) -> Any:
        t = self._t
        sides = [q for q in (self._single(s, broad) for s in (term, *term.alternatives)) if q is not None]
        if not sides:
            return None
        return sides[0] if len(sides) == 1 else t.Query.boolean_query([(t.Occur.Should, q) for q in sides])

    def _single(self, term: Term, broad: bool) -> Any:
        t = self._t
        triples = term_keys(term.text)
        if not triples:
            return None
        streams = {"exact": [x[0] for x in triples], "stem": [x[1] for x in triples], "root": [x[2] for x in triples]}
        should = []
        for name in _FIELDS:
            stream = name.split("_")[1]
            if stream == "root" and not broad:
                continue  # as with FTS5: the skeleton stream only widens ranked "any" queries
            words = streams[stream]
            if term.prefix:
                if stream != "exact":
                    continue
                if len(words) > 1:
                    q = t.Query.phrase_prefix_query(self.schema, name, words)
                else:
                    q = t.Query.regex_query(self.schema, name, re.escape(words[0]) + ".*")
            elif len(words) > 1:
                if stream == "root":
                    continue
                q = t.Query.phrase_query(self.schema, name, words)
            else:
                q = t.Query.term_query(self.schema, name, words[0])
                if alternative := conjunction_alternative(triples[0][0], triples[0][1]):
                    alt_word = alternative[("exact", "stem", "root").index(stream)]
                    alt = t.Query.term_query(self.schema, name, alt_word)
                    q = t.Query.boolean_query([(t.Occur.Should, q), (t.Occur.Should, alt)])
            should.append((t.Occur.Should, t.Query.boost_query(q, _WEIGHT[name])))
        return t.Query.boolean_query(should)

    def _any_term(self, name: str, values: Iterable[str]) -> Any:
        t = self._t
        unique = [v for v in dict.fromkeys(values) if v]
        return t.Query.boolean_query([(t.Occur.Should, t.Query.term_query(self.schema, name, v)) for v in unique])

    def _filters(self, query: Query) -> list[tuple[Any, Any]]:
        """The filters as non-scoring clauses, with the semantics of :func:`marsad.search.fts.filter_sql`."""
        t = self._t
        out = []
        if query.sources:
            out.append(self._any_term("source", query.sources))
        if query.languages:
            out.append(self._any_term("lang", query.languages))
        for tag in query.tags:
            out.append(self._any_term("tag", [normalize_for_identity(tag)]))
        for entity in query.entities:
            name_key = entity_key(entity)
            sides = [(t.Occur.Should, self._any_term("entity_key", [entity, normalize_for_identity(entity), name_key]))]
            sides.append((t.Occur.Should, self._any_term("entity_text", [entity])))
            words = name_key.split()
            if len(words) == 1:  # a whole word of a longer name (entity:بلينكن finds "أنتوني بلينكن")
                sides.append((t.Occur.Should, t.Query.term_query(self.schema, "entity_word", words[0])))
            elif words:
                sides.append((t.Occur.Should, t.Query.phrase_query(self.schema, "entity_word", words)))
            out.append(t.Query.boolean_query(sides))
        for topic in query.topics:
            out.append(self._any_term("topic", [topic.strip().lower()]))
        if query.date_from or query.date_to:
            low = int(query.date_from.strftime("%Y%m%d")) if query.date_from else 0
            high = int(query.date_to.strftime("%Y%m%d")) if query.date_to else 99_991_231
            out.append(t.Query.range_query(self.schema, "day", t.FieldType.Integer, low, high))
        return [(t.Occur.Must, t.Query.const_score_query(q, 0.0)) for q in out]


def _is_stop(term: Term) -> bool:
    if term.phrase or term.prefix or term.alternatives:
        return False
    triples = term_keys(term.text)
    return bool(triples) and all(is_stop_key(x[0]) for x in triples)


def _wipe(folder: Path) -> None:
    for child in folder.iterdir():
        if child.is_file():
            child.unlink()


def _article_meta(article: Article) -> Meta:
    """Metadata straight from an article (an index without a store)."""
    return Meta(
        source=article.source or "",
        language=article.language or "",
        sort_at=article.published.day.isoformat() if article.published else "",
        tags=[normalize_for_identity(tag) for tag in article.tags if tag.strip()],
    )


_META_COLUMNS = (
    "pk, COALESCE(source, ''), COALESCE(language, ''), sort_at, "
    "COALESCE(lower(COALESCE(topic, json_extract(extra, '$.topic'))), '')"
)


def read_meta(conn: sqlite3.Connection, pk: int) -> Meta:
    """One stored article's filter metadata (the rows :func:`fts.filter_sql` reads)."""
    row = conn.execute(f"SELECT {_META_COLUMNS} FROM articles WHERE pk = ?", (pk,)).fetchone()
    if row is None:
        return Meta()
    tags = [r[0] for r in conn.execute("SELECT tag_key FROM article_tags WHERE article_pk = ?", (pk,))]
    entities = conn.execute("SELECT key, text FROM article_entities WHERE article_pk = ?", (pk,)).fetchall()
    return Meta(row[1], row[2], row[3], row[4], tags, [(k, t) for k, t in entities])


def iter_documents(
    conn: sqlite3.Connection, *, after: int = 0, before: int | None = None
) -> Iterator[tuple[int, str, str, Meta]]:
    """(pk, title, body, metadata) of the stored articles with ``after < pk < before``, in pk order.

    Three ordered scans merged by pk, not three lookups per article (a reindex reads a million).
    """
    upper = before if before is not None else 1 << 62
    bounds = (after, upper)
    articles = conn.execute(
        f"SELECT {_META_COLUMNS}, title, body FROM articles WHERE pk > ? AND pk < ? ORDER BY pk", bounds
    )
    tags = conn.execute(
        "SELECT article_pk, tag_key FROM article_tags WHERE article_pk > ? AND article_pk < ? ORDER BY article_pk",
        bounds,
    )
    entities = conn.execute(
        "SELECT article_pk, key, text FROM article_entities WHERE article_pk > ? AND article_pk < ? "
        "ORDER BY article_pk",
        bounds,
    )
    tag_row = next(tags, None)
    entity_row = next(entities, None)
    for pk, source, language, sort_at, topic, title, body in articles:
        meta = Meta(source, language, sort_at, topic)
        while tag_row is not None and tag_row[0] <= pk:
            if tag_row[0] == pk:
                meta.tags.append(tag_row[1])
            tag_row = next(tags, None)
        while entity_row is not None and entity_row[0] <= pk:
            if entity_row[0] == pk:
                meta.entities.append((entity_row[1], entity_row[2]))
            entity_row = next(entities, None)
        yield pk, title, "\n\n".join(json.loads(body)), meta


def _has_copies(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM relations WHERE kind = 'copy_of' LIMIT 1").fetchone() is not None


def _groups(conn: sqlite3.Connection, pks: list[int]) -> dict[int, int]:
    """Each pk's story group: the pk of the canonical article it is a copy of, else itself."""
    if not pks:
        return {}
    rows = conn.execute(
        "SELECT a.pk, COALESCE((SELECT c.pk FROM relations r JOIN articles c ON c.id = r.dst_id "
        "WHERE r.src_id = a.id AND r.kind = 'copy_of' LIMIT 1), a.pk) "
        "FROM articles a WHERE a.pk IN (SELECT value FROM json_each(?))",
        (json.dumps(pks),),
    )
    return dict(rows)


def _copies_among(conn: sqlite3.Connection, pks: list[int]) -> int:
    if not pks:
        return 0
    row = conn.execute(
        "SELECT count(*) FROM articles a WHERE a.pk IN (SELECT value FROM json_each(?)) "
        "AND EXISTS (SELECT 1 FROM relations r WHERE r.src_id = a.id AND r.kind = 'copy_of')",
        (json.dumps(pks),),
    ).fetchone()
    return int(row[0])
