"""The PostgreSQL store, for a server that several ingest workers and web servers share.

Same interface and same identity rules as the SQLite store. Search uses a ``tsvector`` that
marsad builds itself from the same three token streams as the SQLite index (hamza-insensitive
surface keys, light stems marked ``_``, skeleton stems marked ``~``), written as a tsvector
literal so PostgreSQL's own parser and its Snowball Arabic stemmer (which mangles words:
وزير → زير) are never involved, whatever the server's locale. Title tokens carry weight A, body tokens weight D.

Install with ``pip install 'marsad[postgres]'`` and open with ``open_store("postgresql://...")``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from marsad.models import Article, Provenance
from marsad.search.analyzer import analyze_tokens, term_keys
from marsad.search.query import Query, QueryError, Term, parse_query
from marsad.search.snippet import make_snippet
from marsad.store.base import AddResult, SearchHit, SearchResults, StoredArticle, collect_stats
from marsad.store.rows import lead_snippet, row_to_stored, sort_key
from marsad.text import normalize_for_identity

MAX_POSITION = 16383  # PostgreSQL's largest tsvector position
_STEM_MARK = "_"  # never inside a token (the tokenizer excludes "_"), so stems cannot collide
_SKELETON_MARK = "~"

_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS articles (
        pk BIGSERIAL PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        body JSONB NOT NULL,
        published_at TIMESTAMPTZ,
        published_date DATE,
        published_time TEXT,
        date_precision TEXT,
        date_raw TEXT,
        tz_assumed BOOLEAN NOT NULL DEFAULT FALSE,
        updated_at TIMESTAMPTZ,
        sort_at TEXT NOT NULL,
        source TEXT,
        url TEXT,
        author TEXT,
        language TEXT NOT NULL DEFAULT 'und',
        summary TEXT,
        tags JSONB NOT NULL DEFAULT '[]',
        extra JSONB NOT NULL DEFAULT '{}',
        first_seen_at TEXT NOT NULL,
        search TSVECTOR NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS articles_search ON articles USING GIN (search)",
    "CREATE INDEX IF NOT EXISTS articles_sort ON articles (sort_at DESC, pk DESC)",
    "CREATE INDEX IF NOT EXISTS articles_source ON articles (source, sort_at)",
    "CREATE INDEX IF NOT EXISTS articles_url ON articles (url)",
    """CREATE TABLE IF NOT EXISTS provenances (
        article_id TEXT NOT NULL REFERENCES articles (id),
        file TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '', format TEXT NOT NULL,
        fetched_at TEXT, position INTEGER NOT NULL DEFAULT 0, seq BIGSERIAL,
        UNIQUE (article_id, file, url, position)
    )""",
    """CREATE TABLE IF NOT EXISTS article_tags (
        article_pk BIGINT NOT NULL REFERENCES articles (pk), tag TEXT NOT NULL, tag_key TEXT NOT NULL,
        PRIMARY KEY (article_pk, tag_key)
    )""",
    "CREATE INDEX IF NOT EXISTS article_tags_key ON article_tags (tag_key)",
    """CREATE TABLE IF NOT EXISTS relations (
        src_id TEXT NOT NULL, dst_id TEXT NOT NULL, kind TEXT NOT NULL, score REAL, seq BIGSERIAL,
        PRIMARY KEY (src_id, dst_id, kind)
    )""",
]

# Columns read back as the SQLite store stores them, so both share one row mapping.
_COLUMNS = """pk, id, title, body::text AS body, to_char(published_at AT TIME ZONE 'UTC',
    'YYYY-MM-DD"T"HH24:MI:SS"+00:00"') AS published_at, published_date::text AS published_date,
    published_time, date_precision, date_raw, tz_assumed, to_char(updated_at AT TIME ZONE 'UTC',
    'YYYY-MM-DD"T"HH24:MI:SS"+00:00"') AS updated_at, sort_at, source, url, author, language, summary,
    tags::text AS tags, extra::text AS extra, first_seen_at"""


def build_tsvector(article: Article) -> str:
    """The tsvector literal for an article: exact keys, marked light stems and marked skeletons
    (the same three streams as the SQLite index), title weight A, body weight D."""
    lexemes: dict[str, list[str]] = {}
    position = 0
    for text, weight in ((article.title, "A"), (article.text, "D")):
        for exact, stem, skeleton in analyze_tokens(text):
            position = min(position + 1, MAX_POSITION)
            for lexeme in (exact, _STEM_MARK + stem, _SKELETON_MARK + skeleton):
                lexemes.setdefault(lexeme, []).append(f"{position}{weight}")
    return " ".join(f"{_quote(lexeme)}:{','.join(dict.fromkeys(pos))}" for lexeme, pos in lexemes.items())


def build_tsquery(query: Query) -> str:
    """Translate a parsed query into a tsquery literal (no PostgreSQL parser involved)."""
    positive = [p for p in (_term_tsquery(t) for t in query.positive_terms) if p]
    if not positive:
        raise QueryError("nothing to search for: the query has no words")
    negative = [f"!{n}" for n in (_term_tsquery(t) for t in query.terms if t.negated) if n]
    return " & ".join(positive + negative)


def _term_tsquery(term: Term) -> str:
    sides = [s for s in (_single_tsquery(t) for t in (term, *term.alternatives)) if s]
    return "(" + " | ".join(sides) + ")" if sides else ""


def _single_tsquery(term: Term) -> str:
    keys = term_keys(term.text)
    if not keys:
        return ""
    if term.prefix:
        return " <-> ".join(f"{_quote(e)}:*" for e, _, _ in keys)
    exact = " <-> ".join(_quote(e) for e, _, _ in keys)
    stem = " <-> ".join(_quote(_STEM_MARK + s) for _, s, _ in keys)
    skeleton = " <-> ".join(_quote(_SKELETON_MARK + k) for _, _, k in keys)
    return f"(({exact}) | ({stem}) | ({skeleton}))"


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


class PostgresStore:
    """Articles and their search vectors in a PostgreSQL database."""

    def __init__(self, dsn: str) -> None:
        try:
            import psycopg
        except ImportError as error:  # an optional extra
            raise RuntimeError("the PostgreSQL store needs: pip install 'marsad[postgres]'") from error
        self.path = dsn
        self.conn = psycopg.connect(dsn, autocommit=True)
        with self.conn.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(7271)")  # one schema creator at a time
            for statement in _SCHEMA:
                self.conn.execute(statement)

    def add_articles(
        self, articles: Sequence[Article], relations: Sequence[tuple[str, str, str]] = ()
    ) -> list[AddResult]:
        """Store a batch and edges between them in one transaction; known articles gain a provenance."""
        now = datetime.now(UTC).replace(microsecond=0).isoformat()
        results = []
        with self.conn.transaction():
            for article in articles:
                results.append(self._add_one(article, now))
            for src_id, dst_id, kind in relations:
                self.add_relation(src_id, dst_id, kind)
        return results

    def _add_one(self, article: Article, now: str) -> AddResult:
        pub = article.published
        row = self.conn.execute(
            """INSERT INTO articles (id, title, body, published_at, published_date, published_time,
                   date_precision, date_raw, tz_assumed, updated_at, sort_at, source, url, author, language,
                   summary, tags, extra, first_seen_at, search)
               VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s::tsvector)
               ON CONFLICT (id) DO NOTHING RETURNING pk""",
            (
                article.id,
                article.title,
                json.dumps(article.body, ensure_ascii=False),
                pub.at if pub else None,
                pub.day if pub else None,
                pub.time if pub else None,
                pub.precision if pub else None,
                pub.raw if pub else None,
                bool(pub and pub.tz_assumed),
                article.updated.at if article.updated else None,
                sort_key(article, now),
                article.source,
                article.url,
                article.author,
                article.language,
                article.summary,
                json.dumps(article.tags, ensure_ascii=False),
                json.dumps(article.extra, ensure_ascii=False),
                now,
                build_tsvector(article),
            ),
        ).fetchone()
        if row is not None:
            for tag in article.tags:
                self.conn.execute(
                    "INSERT INTO article_tags VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                    (row[0], tag, normalize_for_identity(tag)),
                )
        else:
            self.conn.execute(
                """UPDATE articles SET source = COALESCE(source, %s), url = COALESCE(url, %s),
                       published_date = COALESCE(published_date, %s), published_at = COALESCE(published_at, %s)
                   WHERE id = %s""",
                (article.source, article.url, pub.day if pub else None, pub.at if pub else None, article.id),
            )
        p = article.provenance
        self.conn.execute(
            "INSERT INTO provenances (article_id, file, url, format, fetched_at, position) "
            "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
            (
                article.id,
                p.file or "",
                p.url or "",
                p.format,
                p.fetched_at.isoformat() if p.fetched_at else None,
                p.position,
            ),
        )
        return AddResult(article.id, "new" if row is not None else "known")

    def add_relation(self, src_id: str, dst_id: str, kind: str, score: float | None = None) -> None:
        """Record a directed edge between two stored articles (idempotent)."""
        self.conn.execute(
            "INSERT INTO relations (src_id, dst_id, kind, score) VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
            (src_id, dst_id, kind, score),
        )

    def known_ids(self, ids: Sequence[str]) -> set[str]:
        """The subset of ``ids`` already stored."""
        rows = self.conn.execute("SELECT id FROM articles WHERE id = ANY(%s)", (list(dict.fromkeys(ids)),))
        return {row[0] for row in rows}

    def add_relations(
        self,
        relations: Sequence[tuple[str, str, str, float | None]],
        repoint: Sequence[tuple[str, str, str]] = (),
    ) -> None:
        """Store edges and move edges (``(old_dst, new_dst, kind)``) in one transaction."""
        with self.conn.transaction():
            for old, new, kind in repoint:
                self.conn.execute(
                    "DELETE FROM relations r WHERE r.dst_id = %s AND r.kind = %s AND EXISTS (SELECT 1 FROM relations x "
                    "WHERE x.src_id = r.src_id AND x.dst_id = %s AND x.kind = r.kind)",
                    (old, kind, new),
                )
                self.conn.execute(
                    "UPDATE relations SET dst_id = %s WHERE dst_id = %s AND kind = %s AND src_id != %s",
                    (new, old, kind, new),
                )
                self.conn.execute("DELETE FROM relations WHERE dst_id = %s AND kind = %s", (old, kind))
            for src, dst, kind, score in relations:
                self.conn.execute(
                    "INSERT INTO relations (src_id, dst_id, kind, score) VALUES (%s, %s, %s, %s) "
                    "ON CONFLICT (src_id, dst_id, kind) DO UPDATE SET score = EXCLUDED.score",
                    (src, dst, kind, score),
                )

    def relation_sources(self, dst_id: str, kind: str) -> list[str]:
        """Ids of the articles with a ``kind`` edge to ``dst_id`` (the members of a story, ...)."""
        rows = self.conn.execute("SELECT src_id FROM relations WHERE dst_id = %s AND kind = %s", (dst_id, kind))
        return [row[0] for row in rows]

    def iter_since(self, sort_at: str) -> Iterator[StoredArticle]:
        """Articles at or after ``sort_at``, oldest first."""
        for _, stored in self._rows(
            f"SELECT {_COLUMNS} FROM articles WHERE sort_at >= %s ORDER BY sort_at, pk", (sort_at,)
        ):
            yield stored

    def newest_sort_at(self) -> str | None:
        """The ``sort_at`` of the newest article, or ``None`` for an empty store."""
        return self.conn.execute("SELECT max(sort_at) FROM articles").fetchone()[0]

    def update_enrichment(self, article_id: str, article: Article) -> None:
        """Replace an article's enrichment (``extra``, ``summary``)."""
        self.conn.execute(
            "UPDATE articles SET extra = %s, summary = %s WHERE id = %s",
            (json.dumps(article.extra, ensure_ascii=False), article.summary, article_id),
        )

    def reindex(self) -> int:
        """Recompute every search vector from the stored text; return how many."""
        count = 0
        with self.conn.transaction():
            for pk, stored in list(self._rows(f"SELECT {_COLUMNS} FROM articles ORDER BY pk")):
                self.conn.execute(
                    "UPDATE articles SET search = %s::tsvector WHERE pk = %s", (build_tsvector(stored.article), pk)
                )
                count += 1
        return count

    def get_article(self, article_id: str) -> StoredArticle | None:
        """One article by id (or URL), with provenances and relations."""
        rows = list(self._rows(f"SELECT {_COLUMNS} FROM articles WHERE id = %s OR url = %s LIMIT 1", (article_id,) * 2))
        if not rows:
            return None
        stored = rows[0][1]
        stored.provenances = [
            Provenance(file or None, url or None, fmt, datetime.fromisoformat(f) if f else None, position)
            for file, url, fmt, f, position in self.conn.execute(
                "SELECT file, url, format, fetched_at, position FROM provenances WHERE article_id = %s ORDER BY seq",
                (stored.id,),
            )
        ]
        for kind, dst in self.conn.execute(
            "SELECT kind, dst_id FROM relations WHERE src_id = %s ORDER BY seq", (stored.id,)
        ):
            stored.relations.setdefault(kind, []).append(dst)
        for kind, src in self.conn.execute(
            "SELECT kind, src_id FROM relations WHERE dst_id = %s ORDER BY seq", (stored.id,)
        ):
            stored.relations.setdefault(f"{kind}_of" if not kind.endswith("_of") else f"{kind}_by", []).append(src)
        return stored

    def latest(self, limit: int = 20, *, before: str | None = None) -> list[StoredArticle]:
        """Newest first; ``before`` is the cursor of the previous page's last article."""
        if before:
            sort_at, _, pk = before.partition("|")
            sql = (
                f"SELECT {_COLUMNS} FROM articles WHERE (sort_at, pk) < (%s, %s) "
                "ORDER BY sort_at DESC, pk DESC LIMIT %s"
            )
            return [s for _, s in self._rows(sql, (sort_at, int(pk or 0), limit))]
        sql = f"SELECT {_COLUMNS} FROM articles ORDER BY sort_at DESC, pk DESC LIMIT %s"
        return [s for _, s in self._rows(sql, (limit,))]

    def iter_articles(self) -> Iterator[StoredArticle]:
        """Every stored article in insertion order (server-side cursor: memory stays flat)."""
        with self.conn.transaction(), self.conn.cursor(name="marsad_iter") as cursor:
            cursor.execute(f"SELECT {_COLUMNS} FROM articles ORDER BY pk")
            names = [d.name for d in cursor.description or []]
            for values in cursor:
                yield _stored(dict(zip(names, values, strict=True)))

    def search(self, query: str | Query, *, limit: int = 10, offset: int = 0, facets: bool = False) -> SearchResults:
        """Run a query and return highlighted hits (and facets), as the SQLite store does."""
        parsed = parse_query(query) if isinstance(query, str) else query
        where, params = _filter_sql(parsed)
        if not parsed.positive_terms and parsed.has_filters:
            return self._filter_only(parsed, where, params, limit=limit, offset=offset, facets=facets)
        tsquery = build_tsquery(parsed)
        order = {"newest": "sort_at DESC", "oldest": "sort_at ASC"}.get(parsed.sort, "score DESC")
        base = f"FROM articles WHERE search @@ %s::tsquery {where}"
        sql = (
            f"SELECT {_COLUMNS}, ts_rank(search, %s::tsquery, 1) AS score {base} "
            f"ORDER BY {order}, pk LIMIT %s OFFSET %s"
        )
        try:
            rows = list(self._rows(sql, (tsquery, tsquery, *params, limit, offset), keep=("score",)))
            total = self.conn.execute(f"SELECT count(*) {base}", (tsquery, *params)).fetchone()[0]
            found = _facets(self.conn, base, (tsquery, *params)) if facets else {}
        except Exception as error:  # psycopg errors for a query we built: report, never crash
            if type(error).__module__.startswith("psycopg"):
                raise QueryError(f"the query could not be run ({error})") from None
            raise
        hits = [
            SearchHit(stored, float(extra["score"]), make_snippet([*stored.article.body, stored.article.title], parsed))
            for _, stored, extra in rows
        ]
        return SearchResults(parsed, hits, total, found)

    def _filter_only(
        self, parsed: Query, where: str, params: list[object], *, limit: int, offset: int, facets: bool
    ) -> SearchResults:
        order = "ASC" if parsed.sort == "oldest" else "DESC"
        base = f"FROM articles WHERE TRUE {where}"
        sql = f"SELECT {_COLUMNS} {base} ORDER BY sort_at {order}, pk {order} LIMIT %s OFFSET %s"
        rows = list(self._rows(sql, (*params, limit, offset)))
        total = self.conn.execute(f"SELECT count(*) {base}", params).fetchone()[0]
        hits = [SearchHit(stored, 0.0, lead_snippet(stored)) for _, stored in rows]
        return SearchResults(parsed, hits, total, _facets(self.conn, base, tuple(params)) if facets else {})

    def stats(self) -> dict[str, object]:
        """Totals and counts by source, language and month."""
        return collect_stats(lambda sql: self.conn.execute(sql).fetchall(), month="to_char(published_date, 'YYYY-MM')")

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _rows(self, sql: str, params: tuple[Any, ...] = (), keep: tuple[str, ...] = ()) -> Iterator[tuple[Any, ...]]:
        cursor = self.conn.execute(sql, params)
        names = [d.name for d in cursor.description or []]
        for values in cursor.fetchall():
            row = dict(zip(names, values, strict=True))
            stored = _stored(row)
            yield (row["pk"], stored, {k: row[k] for k in keep}) if keep else (row["pk"], stored)


def _stored(row: dict[str, Any]) -> StoredArticle:
    stored = row_to_stored(row)
    stored.cursor = f"{row['sort_at']}|{row['pk']}"
    return stored


def _filter_sql(query: Query) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if query.sources:
        clauses.append("source = ANY(%s)")
        params.append(query.sources)
    if query.languages:
        clauses.append("language = ANY(%s)")
        params.append(query.languages)
    for tag in query.tags:
        clauses.append("pk IN (SELECT article_pk FROM article_tags WHERE tag_key = %s)")
        params.append(normalize_for_identity(tag))
    if query.date_from:
        clauses.append("sort_at >= %s")
        params.append(query.date_from.isoformat())
    if query.date_to:
        clauses.append("sort_at < %s")
        params.append((query.date_to + timedelta(days=1)).isoformat())
    return "".join(f" AND {c}" for c in clauses), params


def _facets(conn: Any, base: str, params: tuple[Any, ...], size: int = 10) -> dict[str, list[tuple[str, int]]]:
    queries = {
        "source": f"SELECT COALESCE(source, ''), count(*) c {base} GROUP BY 1 ORDER BY c DESC LIMIT {size}",
        "day": f"SELECT substr(sort_at, 1, 10), count(*) c {base} GROUP BY 1 ORDER BY 1 DESC LIMIT {size}",
        "language": f"SELECT language, count(*) c {base} GROUP BY 1 ORDER BY c DESC LIMIT {size}",
        "tag": (
            "SELECT min(t.tag), count(*) c FROM article_tags t WHERE t.article_pk IN "
            f"(SELECT pk {base}) GROUP BY t.tag_key ORDER BY c DESC LIMIT {size}"
        ),
    }
    return {
        name: [(str(value), count) for value, count in conn.execute(sql, params) if value]
        for name, sql in queries.items()
    }
