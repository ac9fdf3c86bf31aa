"""Numbered, recorded schema migrations for the SQLite store.

Each migration is a function applied once, in order, inside a transaction; the applied
versions are recorded in ``schema_migrations``. Never edit a released migration: add one.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

log = logging.getLogger(__name__)

Migration = Callable[[sqlite3.Connection], None]


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT the migration's transaction first; run statements one by one.
    for statement in script.split(";\n"):
        if statement.strip():
            conn.execute(statement)


def _m001_articles(conn: sqlite3.Connection) -> None:
    _run_script(
        conn,
        """
        CREATE TABLE articles (
            pk INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            body TEXT NOT NULL,                 -- JSON list of paragraphs, display text
            published_at TEXT,                  -- ISO UTC, only when the page gave a time
            published_date TEXT,                -- the calendar day as written
            published_time TEXT,                -- HH:MM as written, local clock
            date_precision TEXT,
            date_raw TEXT,
            tz_assumed INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT,
            sort_at TEXT NOT NULL,              -- published_at, else published_date, else first seen
            source TEXT,
            url TEXT,
            author TEXT,
            language TEXT NOT NULL DEFAULT 'und',
            summary TEXT,
            tags TEXT NOT NULL DEFAULT '[]',
            extra TEXT NOT NULL DEFAULT '{}',
            first_seen_at TEXT NOT NULL
        );
        CREATE INDEX articles_sort ON articles (sort_at DESC, pk DESC);
        CREATE INDEX articles_source ON articles (source, sort_at);
        CREATE INDEX articles_language ON articles (language);

        CREATE TABLE provenances (
            article_id TEXT NOT NULL REFERENCES articles (id),
            file TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            format TEXT NOT NULL,
            fetched_at TEXT,
            position INTEGER NOT NULL DEFAULT 0,
            UNIQUE (article_id, file, url, position)
        );

        CREATE TABLE article_tags (
            article_pk INTEGER NOT NULL REFERENCES articles (pk),
            tag TEXT NOT NULL,
            tag_key TEXT NOT NULL,
            PRIMARY KEY (article_pk, tag_key)
        );
        CREATE INDEX article_tags_key ON article_tags (tag_key);

        CREATE TABLE relations (
            src_id TEXT NOT NULL,
            dst_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            score REAL,
            PRIMARY KEY (src_id, dst_id, kind)
        );
        CREATE INDEX relations_dst ON relations (dst_id, kind);
        """,
    )


def _m002_search_index(conn: sqlite3.Connection) -> None:
    # Columns hold marsad's analyzed tokens (normalized surface forms and light stems),
    # space-separated, so FTS5's own tokenizer only has to split on spaces.
    conn.execute(
        """
        CREATE VIRTUAL TABLE articles_fts USING fts5 (
            title_exact, body_exact, title_stem, body_stem,
            tokenize = "unicode61 remove_diacritics 0",
            prefix = '2 3'
        )
        """
    )


def _m003_entities_topics(conn: sqlite3.Connection) -> None:
    # Entities and a topic label, filled by enrichment; search filters and facets on them.
    _run_script(
        conn,
        """
        CREATE TABLE article_entities (
            article_pk INTEGER NOT NULL REFERENCES articles (pk),
            type TEXT NOT NULL,                 -- PER, LOC, ORG, MISC
            text TEXT NOT NULL,                 -- display form
            key TEXT NOT NULL,                  -- normalize_for_identity(text)
            PRIMARY KEY (article_pk, type, key)
        );
        CREATE INDEX article_entities_key ON article_entities (key, article_pk);
        ALTER TABLE articles ADD COLUMN topic TEXT;
        CREATE INDEX articles_topic ON articles (topic)
        """,
    )
    import json

    from marsad.store.sqlite import set_enrichment

    for pk, extra in conn.execute("SELECT pk, extra FROM articles WHERE extra != '{}'").fetchall():
        set_enrichment(conn, pk, json.loads(extra))


def _m004_search_index_skeleton(conn: sqlite3.Connection) -> None:
    # A third token stream (the skeleton key that joins verbs and verbal nouns) beside the
    # surface forms and light stems; the index is rebuilt from the stored articles.
    from marsad.search.fts import FTS_SCHEMA, rebuild_fts

    conn.execute("DROP TABLE IF EXISTS articles_fts")
    conn.execute(FTS_SCHEMA)
    rebuild_fts(conn)


def _m005_search_meta_index(conn: sqlite3.Connection) -> None:
    # A narrow copy of what search filters, facets and collapsing read per match: looking these
    # up in the wide rows (the body comes first) walks overflow pages for every match.
    conn.execute("CREATE INDEX articles_search_meta ON articles (pk, sort_at, source, language, id)")


def _m006_url_index(conn: sqlite3.Connection) -> None:
    # get_article() looks articles up by id or URL; without this the URL side scans the table.
    conn.execute("CREATE INDEX articles_url ON articles (url)")


def _m007_facet_changes(conn: sqlite3.Connection) -> None:
    # In-memory facet columns (marsad.search.facet_index) follow appends by the largest pk and
    # rowid; a counter bumped whenever a facet row is deleted or rewritten tells them to rebuild
    # (re-enrichment deletes and re-inserts entities, which can reuse the same rowids).
    _run_script(
        conn,
        """
        CREATE TABLE facet_changes (n INTEGER NOT NULL);
        INSERT INTO facet_changes VALUES (0);
        CREATE TRIGGER facet_entities_deleted AFTER DELETE ON article_entities
            BEGIN UPDATE facet_changes SET n = n + 1; END;
        CREATE TRIGGER facet_tags_deleted AFTER DELETE ON article_tags
            BEGIN UPDATE facet_changes SET n = n + 1; END;
        CREATE TRIGGER facet_articles_deleted AFTER DELETE ON articles
            BEGIN UPDATE facet_changes SET n = n + 1; END;
        CREATE TRIGGER facet_articles_changed AFTER UPDATE OF source, sort_at, language ON articles
            BEGIN UPDATE facet_changes SET n = n + 1; END
        """,
    )


def _m008_search_index_skeleton_alef(conn: sqlite3.Connection) -> None:
    # The skeleton stream joins more forms (تركيا ~ التركية, قياسيا ~ قياسي, تتراجع ~ تراجع):
    # the index is rebuilt from the stored articles so that old and new text share the keys.
    from marsad.search.fts import rebuild_fts

    rebuild_fts(conn)


def _m009_store_settings(conn: sqlite3.Connection) -> None:
    # Which search engine a store uses and which derived indexes it keeps current (the tantivy
    # index beside the file is kept in sync only once it was built, by reindex or at creation).
    # IF NOT EXISTS: stores made by a development build numbered this migration 8.
    conn.execute("CREATE TABLE IF NOT EXISTS store_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


MIGRATIONS: list[tuple[int, str, Migration]] = [
    (1, "articles, provenances, tags, relations", _m001_articles),
    (2, "full-text index over analyzed tokens", _m002_search_index),
    (3, "article entities and topic for search filters and facets", _m003_entities_topics),
    (4, "search index with a skeleton-stem stream", _m004_search_index_skeleton),
    (5, "narrow index of the columns search reads per match", _m005_search_meta_index),
    (6, "index on the canonical URL for lookups by URL", _m006_url_index),
    (7, "a counter of deleted or rewritten facet rows", _m007_facet_changes),
    (8, "search index rebuilt for the final-alef and تفعّل/تفاعل skeleton keys", _m008_search_index_skeleton_alef),
    (9, "store settings (the search engine)", _m009_store_settings),
]


def apply_migrations(conn: sqlite3.Connection) -> list[int]:
    """Apply every migration not yet recorded; return the versions applied now."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)"
    )
    done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
    applied = []
    for version, name, migrate in MIGRATIONS:
        if version in done:
            continue
        if done:  # an existing store is upgraded: some steps (index rebuilds) take minutes on a big one
            log.warning("upgrading the database, step %d: %s", version, name)
        conn.execute("BEGIN IMMEDIATE")
        try:
            migrate(conn)
            conn.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                (version, name, datetime.now(UTC).isoformat()),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied
