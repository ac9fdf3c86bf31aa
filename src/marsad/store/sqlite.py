"""The default store: one SQLite file in WAL mode, written through one connection.

Writes happen in batches inside ``BEGIN IMMEDIATE`` transactions, so a killed run leaves
only whole batches and readers never see half an article.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

from marsad.models import Article, Provenance
from marsad.search.facets import Facets, compute_facets, compute_filter_facets
from marsad.search.fts import FtsIndex, SearchIndex, SearchPage, filter_sql
from marsad.search.query import Query, QueryError, parse_query
from marsad.search.snippet import make_snippet
from marsad.store.base import AddResult, SearchHit, SearchResults, Store, StoredArticle, collect_stats
from marsad.store.migrations import apply_migrations
from marsad.store.rows import iso_utc, lead_snippet, parse_iso, row_to_stored, sort_key
from marsad.text import normalize_for_identity

ENV_DB = "MARSAD_DB"
ENV_ENGINE = "MARSAD_SEARCH_ENGINE"
ENGINES = ("fts5", "tantivy")


def default_db_path() -> Path:
    """``$MARSAD_DB`` if set, else ``marsad.db`` in the user's data directory."""
    if os.environ.get(ENV_DB):
        return Path(os.environ[ENV_DB])
    from platformdirs import user_data_dir

    return Path(user_data_dir("marsad", appauthor=False)) / "marsad.db"


def open_store(location: str | Path | None = None, *, engine: str | None = None) -> Store:
    """Open the store at ``location``: a ``postgresql://`` DSN or a SQLite file path.

    Default: :func:`default_db_path` (SQLite). ``engine`` picks the SQLite store's search
    engine (see :class:`SqliteStore`).
    """
    location = str(location or default_db_path())
    if location.startswith(("postgres://", "postgresql://")):
        from marsad.store.postgres import PostgresStore

        if engine not in (None, "fts5") or os.environ.get(ENV_ENGINE, "fts5") not in ("", "fts5"):
            raise ValueError("the search engine can only be chosen for the SQLite store")
        return PostgresStore(location)  # type: ignore[return-value]
    return SqliteStore(location, engine=engine)


def tantivy_path(db_path: str) -> str | None:
    """The folder of a database's tantivy index (beside the file), None for an in-memory database."""
    return None if db_path == ":memory:" or db_path.startswith("file:") else f"{db_path}.tantivy"


class SqliteStore:
    """Articles, provenances, tags, relations and the FTS5 index in one SQLite file.

    ``engine`` picks the search engine: ``"fts5"`` (the default, inside the file) or ``"tantivy"``
    (``pip install 'marsad[tantivy]'``; an index folder beside the file, ``news.db.tantivy``).
    When None, ``$MARSAD_SEARCH_ENGINE`` decides, else the engine the store was last reindexed
    with (or created with). FTS5 is always kept current; the tantivy index is kept current once
    it exists (created with the store, or built by ``marsad reindex --engine tantivy``).
    """

    def __init__(self, path: str | Path, *, engine: str | None = None) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("PRAGMA busy_timeout = 10000")
        apply_migrations(self.conn)
        self._fts = FtsIndex(self.conn)
        self.index: SearchIndex = self._fts
        self._indexes: list[SearchIndex] = [self._fts]  # every index kept current on writes
        self._open_engines(engine)

    # -- writes -----------------------------------------------------------------------------

    def add_articles(
        self, articles: Sequence[Article], relations: Sequence[tuple[str, str, str]] = ()
    ) -> list[AddResult]:
        """Store a batch, and edges ``(src_id, dst_id, kind)`` between them, in one transaction.

        A known article only gains its new provenance (ingest is idempotent).
        """
        now = _now()
        results = []
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            for article in articles:
                results.append(self._add_one(article, now))
            for src_id, dst_id, kind in relations:
                self.add_relation(src_id, dst_id, kind)
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            for index in self._indexes:
                index.rollback()
            raise
        for index in self._indexes:
            index.commit()  # one commit per batch, after the rows it indexes are committed
        return results

    def _add_one(self, article: Article, now: str) -> AddResult:
        article_id = article.id
        row = self.conn.execute("SELECT pk FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            pk = self._insert_article(article_id, article, now)
            for index in self._indexes:
                index.add(pk, article)
            status = "new"
        else:
            self._fill_missing(article_id, article)
            status = "known"
        self._add_provenance(article_id, article.provenance)
        return AddResult(article_id, status)  # type: ignore[arg-type]

    def _insert_article(self, article_id: str, article: Article, now: str) -> int:
        pub = article.published
        cursor = self.conn.execute(
            """INSERT INTO articles (id, title, body, published_at, published_date, published_time,
                   date_precision, date_raw, tz_assumed, updated_at, sort_at, source, url, author,
                   language, summary, tags, extra, first_seen_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                article_id,
                article.title,
                json.dumps(article.body, ensure_ascii=False),
                iso_utc(pub.at) if pub else None,
                pub.day.isoformat() if pub else None,
                pub.time if pub else None,
                pub.precision if pub else None,
                pub.raw if pub else None,
                int(pub.tz_assumed) if pub else 0,
                iso_utc(article.updated.at) if article.updated and article.updated.at else None,
                sort_key(article, now),
                article.source,
                article.url,
                article.author,
                article.language,
                article.summary,
                json.dumps(article.tags, ensure_ascii=False),
                json.dumps(article.extra, ensure_ascii=False),
                now,
            ),
        )
        pk = int(cursor.lastrowid or 0)
        self._set_tags(pk, article.tags)
        set_enrichment(self.conn, pk, article.extra)
        return pk

    def _fill_missing(self, article_id: str, article: Article) -> None:
        # The same text seen again may carry what the first copy lacked (a date, a source).
        pub = article.published
        self.conn.execute(
            """UPDATE articles SET
                   source = COALESCE(source, ?), url = COALESCE(url, ?), author = COALESCE(author, ?),
                   published_date = COALESCE(published_date, ?), published_at = COALESCE(published_at, ?),
                   published_time = COALESCE(published_time, ?), date_precision = COALESCE(date_precision, ?),
                   date_raw = COALESCE(date_raw, ?)
               WHERE id = ?""",
            (
                article.source,
                article.url,
                article.author,
                pub.day.isoformat() if pub else None,
                iso_utc(pub.at) if pub else None,
                pub.time if pub else None,
                pub.precision if pub else None,
                pub.raw if pub else None,
                article_id,
            ),
        )

    def _set_tags(self, pk: int, tags: list[str]) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO article_tags (article_pk, tag, tag_key) VALUES (?, ?, ?)",
            [(pk, tag, normalize_for_identity(tag)) for tag in tags if tag.strip()],
        )

    def _add_provenance(self, article_id: str, p: Provenance) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO provenances (article_id, file, url, format, fetched_at, position) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (article_id, p.file or "", p.url or "", p.format, iso_utc(p.fetched_at), p.position),
        )

    def add_relation(self, src_id: str, dst_id: str, kind: str, score: float | None = None) -> None:
        """Record a directed edge between two stored articles (idempotent)."""
        self.conn.execute(
            "INSERT OR IGNORE INTO relations (src_id, dst_id, kind, score) VALUES (?, ?, ?, ?)",
            (src_id, dst_id, kind, score),
        )

    def known_ids(self, ids: Sequence[str]) -> set[str]:
        """The subset of ``ids`` already stored."""
        found: set[str] = set()
        unique = list(dict.fromkeys(ids))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            found.update(row[0] for row in self.conn.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk))
        return found

    def add_relations(
        self,
        relations: Sequence[tuple[str, str, str, float | None]],
        repoint: Sequence[tuple[str, str, str]] = (),
    ) -> None:
        """Store edges and move edges (``(old_dst, new_dst, kind)``) in one transaction.

        Repointing is how a story merged into another, or a copy group with a new canonical
        article, keeps every member pointing at the right place.
        """
        if not relations and not repoint:
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            for old, new, kind in repoint:
                self.conn.execute(
                    "UPDATE OR IGNORE relations SET dst_id = ? WHERE dst_id = ? AND kind = ? AND src_id != ?",
                    (new, old, kind, new),
                )
                self.conn.execute("DELETE FROM relations WHERE dst_id = ? AND kind = ?", (old, kind))
            self.conn.executemany(
                "INSERT OR REPLACE INTO relations (src_id, dst_id, kind, score) VALUES (?, ?, ?, ?)", relations
            )
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def relation_sources(self, dst_id: str, kind: str) -> list[str]:
        """Ids of the articles with a ``kind`` edge to ``dst_id`` (the members of a story, ...)."""
        rows = self.conn.execute("SELECT src_id FROM relations WHERE dst_id = ? AND kind = ?", (dst_id, kind))
        return [row[0] for row in rows]

    def iter_since(self, sort_at: str) -> Iterator[StoredArticle]:
        """Articles published (or first seen) at or after ``sort_at``, oldest first, streaming."""
        for _, stored in self._iter_rows("SELECT * FROM articles WHERE sort_at >= ? ORDER BY sort_at, pk", (sort_at,)):
            yield stored

    def newest_sort_at(self) -> str | None:
        """The ``sort_at`` of the newest article, or ``None`` for an empty store."""
        row = self.conn.execute("SELECT max(sort_at) FROM articles").fetchone()
        return row[0] if row else None

    def update_enrichment(self, article_id: str, article: Article) -> None:
        """Replace an article's enrichment (``extra``, ``summary``) and its search mirrors."""
        row = self.conn.execute("SELECT pk FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.execute(
                "UPDATE articles SET extra = ?, summary = ? WHERE pk = ?",
                (json.dumps(article.extra, ensure_ascii=False), article.summary, row[0]),
            )
            self.conn.execute("DELETE FROM article_entities WHERE article_pk = ?", (row[0],))
            set_enrichment(self.conn, row[0], article.extra)
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        for index in self._indexes:
            index.update(row[0])  # tantivy holds entities and topic for its filters: re-add the article

    def reindex(self) -> int:
        """Rebuild the search engine's index from the stored articles; return how many were indexed.

        Rebuilding the tantivy index also makes it the store's engine and keeps it current from then on.
        """
        if self.engine == "tantivy":
            from marsad.search.tantivy_index import SCHEMA_VERSION

            count = self.index.rebuild()  # type: ignore[attr-defined]
            self._set_setting("tantivy_index", str(SCHEMA_VERSION))
            self._set_setting("search_engine", "tantivy")
            if self.index not in self._indexes:
                self._indexes.append(self.index)
            self._tantivy_stale = False
            return count
        count = 0
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.index.clear()
            for pk, stored in self._iter_rows("SELECT * FROM articles ORDER BY pk"):
                self.index.add(pk, stored.article)
                count += 1
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self._set_setting("search_engine", "fts5")
        return count

    # -- search engines ---------------------------------------------------------------------

    def _open_engines(self, engine: str | None) -> None:
        requested = engine or os.environ.get(ENV_ENGINE) or None
        if requested is not None and requested not in ENGINES:
            raise ValueError(f"unknown search engine {requested!r}: choose {' or '.join(ENGINES)}")
        built = self._setting("tantivy_index")
        self.engine = requested or self._setting("search_engine") or "fts5"
        self._tantivy_stale = False
        if self.engine != "tantivy" and built is None:
            return
        try:
            import tantivy as _tantivy  # noqa: F401  (an optional extra)

            from marsad.search.tantivy_index import SCHEMA_VERSION, TantivyIndex
        except ImportError as error:
            if requested == "tantivy":
                raise RuntimeError("the tantivy engine needs: pip install 'marsad[tantivy]'") from error
            # The store's index is tantivy but the package is missing here: search with FTS5 (always
            # current); the tantivy index catches up on the next write with tantivy installed.
            self.engine = "fts5"
            return

        tantivy = TantivyIndex(tantivy_path(self.path), conn=self.conn)
        current = built == str(SCHEMA_VERSION)
        if not current and self.conn.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is None:
            # A new (empty) store created with tantivy: its index is current from the first article.
            self._set_setting("tantivy_index", str(SCHEMA_VERSION))
            if requested == "tantivy":
                self._set_setting("search_engine", "tantivy")
            current = True
        if current:
            self._indexes.append(tantivy)
        self._tantivy_stale = not current
        if self.engine == "tantivy":
            self.index = tantivy

    def _setting(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM store_settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_setting(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO store_settings (key, value) VALUES (?, ?)", (key, value))

    def preload_search_index(self) -> int:
        """Pull the search engine's files into the OS page cache; returns the bytes read."""
        return self.index.preload()

    def _search_index(self) -> SearchIndex:
        if self._tantivy_stale and self.index is not self._fts:
            raise QueryError(
                "this store's tantivy index is missing or out of date: run `marsad reindex --engine tantivy`"
            )
        return self.index

    def facets(self, query: Query, *, size: int = 10) -> Facets:
        """Facet counts over every article the query matches (filters only: over the filtered articles)."""
        if query.positive_terms:
            return compute_facets(self.conn, query, size=size, index=self._search_index())
        return compute_filter_facets(self.conn, query, size=size)

    # -- reads ------------------------------------------------------------------------------

    def get_article(self, article_id: str) -> StoredArticle | None:
        """One article by id (or by URL), with provenances and relations."""
        rows = list(self._iter_rows("SELECT * FROM articles WHERE id = ? OR url = ? LIMIT 1", (article_id, article_id)))
        if not rows:
            return None
        stored = rows[0][1]
        self._attach_details(stored)
        return stored

    def latest(self, limit: int = 20, *, before: str | None = None) -> list[StoredArticle]:
        """Newest first; ``before`` is the ``sort_at|pk`` cursor of the previous page's last item."""
        if before:
            sort_at, _, pk = before.partition("|")
            sql = "SELECT * FROM articles WHERE (sort_at, pk) < (?, ?) ORDER BY sort_at DESC, pk DESC LIMIT ?"
            params: tuple[object, ...] = (sort_at, int(pk or 0), limit)
        else:
            sql, params = "SELECT * FROM articles ORDER BY sort_at DESC, pk DESC LIMIT ?", (limit,)
        return [stored for _, stored in self._iter_rows(sql, params)]

    def iter_articles(self) -> Iterator[StoredArticle]:
        """Every stored article in insertion order, streaming."""
        for _, stored in self._iter_rows("SELECT * FROM articles ORDER BY pk"):
            yield stored

    def search(
        self,
        query: str | Query,
        *,
        limit: int = 10,
        offset: int = 0,
        facets: bool = False,
        match: str | None = None,
        recency: float | None = None,
        collapse: bool = False,
    ) -> SearchResults:
        """Run a query (see :mod:`marsad.search.query`) and return highlighted hits (and facets).

        ``match="any"`` ranks articles holding any of the words (for whole headlines);
        ``recency`` > 0 favours newer articles; ``collapse=True`` folds copies of one story
        (``copy_of`` relations) into one hit with ``also_in`` other sources (off by default
        so that existing pages keep listing every copy; the CLI turns it on).
        """
        parsed = parse_query(query) if isinstance(query, str) else query
        if match is not None:
            if match not in ("all", "any"):
                raise QueryError("match: takes all or any")
            parsed.match = match
        if recency is not None:
            parsed.recency = recency
        if not parsed.positive_terms and parsed.has_filters:
            return self._filter_only(parsed, limit=limit, offset=offset, facets=facets)
        results = self.page_results(parsed, self.rank(parsed, limit=limit, offset=offset, collapse=collapse))
        if facets:
            results.facets = self.facets(parsed)
        return results

    def rank(self, query: Query, *, limit: int = 10, offset: int = 0, collapse: bool = False) -> SearchPage:
        """The ranked (pk, score) hits of a parsed query with words, and its total: no article is read.

        ``search`` is ``rank`` then :meth:`page_results`; a server caches a query's first ranks
        once and cuts every page it is asked for from them.
        """
        return self._search_index().search(query, limit=limit, offset=offset, collapse=collapse)

    def page_results(self, query: Query, page: SearchPage) -> SearchResults:
        """The stored articles of a ranked page, each with a snippet highlighting the query's words."""
        by_pk = self._articles_by_pk([pk for pk, _ in page.hits])
        hits = [
            SearchHit(
                by_pk[pk],
                score,
                make_snippet([*by_pk[pk].article.body, by_pk[pk].article.title], query),
                page.also_in.get(pk, 0),
            )
            for pk, score in page.hits
            if pk in by_pk
        ]
        return SearchResults(query, hits, page.total, {}, page.total_capped)

    def _filter_only(self, parsed: Query, *, limit: int, offset: int, facets: bool) -> SearchResults:
        # "entity:بلينكن" or "source:الرياض from:2015-07-01" alone: the matching articles,
        # newest first (oldest with sort:oldest), with no text to rank or highlight.
        where, params = filter_sql(parsed)
        order = "ASC" if parsed.sort == "oldest" else "DESC"
        rows = self.conn.execute(
            f"SELECT a.pk FROM articles a WHERE 1 = 1 {where} "
            f"ORDER BY a.sort_at {order}, a.pk {order} LIMIT ? OFFSET ?",
            (*params, limit, offset),
        ).fetchall()
        total = self.conn.execute(f"SELECT count(*) FROM articles a WHERE 1 = 1 {where}", params).fetchone()[0]
        by_pk = self._articles_by_pk([pk for (pk,) in rows])
        hits = [SearchHit(by_pk[pk], 0.0, lead_snippet(by_pk[pk])) for (pk,) in rows if pk in by_pk]
        found = compute_filter_facets(self.conn, parsed) if facets else {}
        return SearchResults(parsed, hits, total, found)

    def stats(self) -> dict[str, object]:
        """Totals and counts by source, language and publication month."""
        return collect_stats(lambda sql: self.conn.execute(sql).fetchall(), month="substr(published_date, 1, 7)")

    def close(self) -> None:
        """Close the connection (the WAL is checkpointed by SQLite) after the indexes' pending writes."""
        try:
            for index in self._indexes:
                index.close()
            if self.index not in self._indexes:
                self.index.close()
        finally:
            self.conn.close()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- row mapping ------------------------------------------------------------------------

    def _iter_rows(self, sql: str, params: tuple[object, ...] = ()) -> Iterator[tuple[int, StoredArticle]]:
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        for values in cursor:
            row = dict(zip(names, values, strict=True))
            stored = row_to_stored(row)
            stored.cursor = f"{row['sort_at']}|{row['pk']}"
            yield row["pk"], stored

    def _articles_by_pk(self, pks: list[int]) -> dict[int, StoredArticle]:
        if not pks:
            return {}
        marks = ", ".join("?" * len(pks))
        return dict(self._iter_rows(f"SELECT * FROM articles WHERE pk IN ({marks})", tuple(pks)))

    def _attach_details(self, stored: StoredArticle) -> None:
        stored.provenances = [
            Provenance(file or None, url or None, fmt, parse_iso(fetched), position)
            for file, url, fmt, fetched, position in self.conn.execute(
                "SELECT file, url, format, fetched_at, position FROM provenances WHERE article_id = ? ORDER BY rowid",
                (stored.id,),
            )
        ]
        relations: dict[str, list[str]] = {}
        for kind, dst in self.conn.execute(
            "SELECT kind, dst_id FROM relations WHERE src_id = ? ORDER BY rowid", (stored.id,)
        ):
            relations.setdefault(kind, []).append(dst)
        for kind, src in self.conn.execute(
            "SELECT kind, src_id FROM relations WHERE dst_id = ? ORDER BY rowid", (stored.id,)
        ):
            relations.setdefault(f"{kind}_of" if not kind.endswith("_of") else f"{kind}_by", []).append(src)
        stored.relations = relations


def set_enrichment(conn: sqlite3.Connection, pk: int, extra: dict[str, object]) -> None:
    """Mirror ``extra["entities"]`` and ``extra["topic"]`` into the tables search filters on.

    Enrichment keeps entities as ``{"text", "type", "key"}`` objects and the topic as a label
    (or ``{"label": ...}``) in ``extra``; ``article_entities`` and ``articles.topic`` index them.
    """
    entities = extra.get("entities") if isinstance(extra, dict) else None
    rows = []
    for entity in entities if isinstance(entities, list) else []:
        if isinstance(entity, dict) and str(entity.get("text") or "").strip():
            text = str(entity["text"])
            key = str(entity.get("key") or "") or normalize_for_identity(text)
            rows.append((pk, str(entity.get("type") or "MISC"), text, key))
    conn.executemany("INSERT OR IGNORE INTO article_entities (article_pk, type, text, key) VALUES (?, ?, ?, ?)", rows)
    topic = extra.get("topic") if isinstance(extra, dict) else None
    if isinstance(topic, dict):
        topic = topic.get("label")
    if isinstance(topic, str) and topic.strip():
        conn.execute("UPDATE articles SET topic = ? WHERE pk = ?", (topic.strip(), pk))


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()
