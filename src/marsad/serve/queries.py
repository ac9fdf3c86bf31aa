"""Read-only queries the web layer needs beyond the store's own API: filtered listings, indexes.

Listings page by cursor (newest first, like :meth:`SqliteStore.latest`) and accept every
search filter, including the ones whose data other stages produce (``entity``, ``topic``,
``story``): those match nothing until the data exists. Entities and topics are read from
their own table and column (``article_entities``, ``articles.topic``) where the schema has
them, else from ``extra``. Rows are mapped to :class:`StoredArticle` through the store's own
row mapping so the shapes never drift.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, timedelta

from marsad.search.query import Query
from marsad.store import SqliteStore, StoredArticle
from marsad.text import normalize_for_identity

# Where enrichment lives without its own tables: ``extra["entities"]`` is a list of
# ``{"text", "type", "key"}`` objects, ``extra["topic"]`` a label (or ``{"label": ...}``).
_ENTITY_MATCH_JSON = (
    "EXISTS (SELECT 1 FROM json_each(a.extra, '$.entities') e "
    "WHERE json_extract(e.value, '$.key') IN (?, ?) OR json_extract(e.value, '$.text') = ?)"
)
_ENTITY_MATCH_TABLE = "a.pk IN (SELECT article_pk FROM article_entities WHERE key IN (?, ?) OR text = ?)"
_TOPIC_JSON = "COALESCE(json_extract(a.extra, '$.topic.label'), json_extract(a.extra, '$.topic'))"


@dataclass(frozen=True, slots=True)
class Schema:
    """Which optional enrichment storage this database has."""

    entities_table: bool = False
    topic_column: bool = False

    @classmethod
    def of(cls, conn: sqlite3.Connection) -> Schema:
        """Inspect the database (two catalogue lookups)."""
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        columns = {row[1] for row in conn.execute("PRAGMA table_info(articles)")}
        return cls("article_entities" in tables, "topic" in columns)

    @property
    def topic_expr(self) -> str:
        """SQL for an article's topic label (alias ``a``)."""
        return f"COALESCE(a.topic, {_TOPIC_JSON})" if self.topic_column else _TOPIC_JSON


@dataclass(slots=True)
class ArticleFilter:
    """Every filter a listing accepts; empty lists mean "any"."""

    sources: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    stories: list[str] = field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None

    @classmethod
    def from_query(cls, query: Query) -> ArticleFilter:
        """The filters of a parsed search query (its words are ignored)."""
        return cls(
            sources=list(query.sources),
            tags=list(query.tags),
            languages=list(query.languages),
            entities=list(query.entities),
            topics=list(query.topics),
            date_from=query.date_from,
            date_to=query.date_to,
        )

    def to_sql(self, schema: Schema | None = None) -> tuple[str, list[object]]:
        """``AND ...`` clauses over alias ``a`` (articles) and their parameters."""
        schema = schema or Schema()
        clauses: list[str] = []
        params: list[object] = []
        if self.sources:
            clauses.append(f"a.source IN ({', '.join('?' * len(self.sources))})")
            params += self.sources
        if self.languages:
            clauses.append(f"a.language IN ({', '.join('?' * len(self.languages))})")
            params += self.languages
        for tag in self.tags:
            clauses.append("a.pk IN (SELECT article_pk FROM article_tags WHERE tag_key = ?)")
            params.append(normalize_for_identity(tag))
        for entity in self.entities:  # by key (as given or normalized) or by the name as written
            clauses.append(_ENTITY_MATCH_TABLE if schema.entities_table else _ENTITY_MATCH_JSON)
            params += [entity, normalize_for_identity(entity), entity]
        for topic in self.topics:
            clauses.append(f"{schema.topic_expr} = ?")
            params.append(topic)
        for story in self.stories:
            clauses.append("a.id IN (SELECT src_id FROM relations WHERE kind = 'story' AND dst_id = ?)")
            params.append(story)
        if self.date_from:
            clauses.append("a.sort_at >= ?")
            params.append(self.date_from.isoformat())
        if self.date_to:
            clauses.append("a.sort_at < ?")
            params.append((self.date_to + timedelta(days=1)).isoformat())
        return "".join(f" AND {c}" for c in clauses), params


@dataclass(slots=True)
class Listing:
    """One page of a newest-first listing and the cursor of the next page (``None`` at the end)."""

    items: list[StoredArticle]
    next_cursor: str | None


def list_articles(
    store: SqliteStore, flt: ArticleFilter | None = None, *, limit: int = 20, before: str | None = None
) -> Listing:
    """Newest first with filters; ``before`` is the cursor of the previous page's last item."""
    where, params = (flt or ArticleFilter()).to_sql(Schema.of(store.conn))
    if before:
        sort_at, _, pk = before.partition("|")
        where += " AND (a.sort_at, a.pk) < (?, ?)"
        params += [sort_at, int(pk) if pk.isdigit() else 0]
    sql = f"SELECT a.* FROM articles a WHERE 1 {where} ORDER BY a.sort_at DESC, a.pk DESC LIMIT ?"
    rows = [stored for _, stored in store._iter_rows(sql, (*params, limit + 1))]
    more = len(rows) > limit
    rows = rows[:limit]
    return Listing(rows, rows[-1].cursor if more and rows else None)


def count_articles(store: SqliteStore, flt: ArticleFilter | None = None) -> int:
    """How many articles pass the filters."""
    where, params = (flt or ArticleFilter()).to_sql(Schema.of(store.conn))
    return int(store.conn.execute(f"SELECT count(*) FROM articles a WHERE 1 {where}", params).fetchone()[0])


def get_article(store: SqliteStore, article_id: str) -> StoredArticle | None:
    """One article by id, with provenances and relations (an indexed lookup)."""
    rows = list(store._iter_rows("SELECT * FROM articles WHERE id = ?", (article_id,)))
    if not rows:
        return store.get_article(article_id) if article_id.startswith(("http://", "https://")) else None
    stored = rows[0][1]
    store._attach_details(stored)
    return stored


def get_articles(store: SqliteStore, ids: list[str]) -> dict[str, StoredArticle]:
    """Articles by id (without details), for link lists; unknown ids are left out."""
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    return {s.id: s for _, s in store._iter_rows(f"SELECT * FROM articles WHERE id IN ({marks})", tuple(ids))}


def list_sources(store: SqliteStore) -> list[dict[str, object]]:
    """Every source with its article count and newest date."""
    rows = store.conn.execute(
        "SELECT source, count(*), max(sort_at) FROM articles WHERE source IS NOT NULL GROUP BY source "
        "ORDER BY count(*) DESC, source"
    )
    return [{"name": name, "articles": count, "latest": latest} for name, count, latest in rows]


def list_tags(store: SqliteStore, *, limit: int = 200) -> list[dict[str, object]]:
    """The most used tags with their counts."""
    rows = store.conn.execute(
        "SELECT min(tag), count(*) c FROM article_tags GROUP BY tag_key ORDER BY c DESC, 1 LIMIT ?", (limit,)
    )
    return [{"tag": tag, "articles": count} for tag, count in rows]


def list_entities(store: SqliteStore, *, limit: int = 200) -> list[dict[str, object]]:
    """The most mentioned entities (from enrichment), with type and article count."""
    if Schema.of(store.conn).entities_table:
        sql = (
            "SELECT key, min(text), min(type), count(DISTINCT article_pk) c FROM article_entities "
            "GROUP BY key ORDER BY c DESC, key LIMIT ?"
        )
    else:
        sql = (
            "SELECT COALESCE(json_extract(e.value, '$.key'), json_extract(e.value, '$.text')) k, "
            "min(json_extract(e.value, '$.text')), min(json_extract(e.value, '$.type')), count(DISTINCT a.pk) c "
            "FROM articles a, json_each(a.extra, '$.entities') e WHERE json_type(e.value) = 'object' "
            "GROUP BY k ORDER BY c DESC, k LIMIT ?"
        )
    rows = store.conn.execute(sql, (limit,))
    return [{"key": key, "text": text, "type": kind, "articles": count} for key, text, kind, count in rows if key]


def entities_of_article(store: SqliteStore, stored: StoredArticle) -> list[dict[str, str]]:
    """An article's entities as ``{"text", "type", "key"}``, from the table or from ``extra``."""
    found: dict[str, dict[str, str]] = {}
    if Schema.of(store.conn).entities_table:
        for kind, text, key in store.conn.execute(
            "SELECT e.type, e.text, e.key FROM article_entities e JOIN articles a ON a.pk = e.article_pk "
            "WHERE a.id = ? ORDER BY e.rowid",
            (stored.id,),
        ):
            found.setdefault(key, {"text": text, "type": kind, "key": key})
    for item in stored.article.extra.get("entities") or []:
        if isinstance(item, dict) and item.get("text"):
            key = str(item.get("key") or item["text"])
            found.setdefault(key, {"text": str(item["text"]), "type": str(item.get("type") or ""), "key": key})
    return list(found.values())


def topic_of_article(store: SqliteStore, stored: StoredArticle) -> str | None:
    """An article's topic label from ``articles.topic`` where the schema has it, else ``None``."""
    if not Schema.of(store.conn).topic_column:
        return None
    row = store.conn.execute("SELECT topic FROM articles WHERE id = ?", (stored.id,)).fetchone()
    return row[0] if row and isinstance(row[0], str) and row[0] else None


def list_topics(store: SqliteStore) -> list[dict[str, object]]:
    """Topics (from enrichment) with their article counts."""
    expr = Schema.of(store.conn).topic_expr
    rows = store.conn.execute(
        f"SELECT {expr} t, count(*) c FROM articles a WHERE t IS NOT NULL GROUP BY t ORDER BY c DESC, t"
    )
    return [{"topic": topic, "articles": count} for topic, count in rows if isinstance(topic, str)]


def list_stories(store: SqliteStore, *, limit: int = 20) -> list[dict[str, object]]:
    """Story clusters (``story`` relations, article → story id), most recently active first."""
    rows = store.conn.execute(
        "SELECT r.dst_id, count(*), max(a.sort_at), min(a.sort_at) FROM relations r "
        "JOIN articles a ON a.id = r.src_id WHERE r.kind = 'story' GROUP BY r.dst_id "
        "ORDER BY max(a.sort_at) DESC LIMIT ?",
        (limit,),
    ).fetchall()
    stories = []
    for story_id, count, latest, first in rows:
        lead = store.conn.execute(
            "SELECT a.id, a.title FROM relations r JOIN articles a ON a.id = r.src_id "
            "WHERE r.kind = 'story' AND r.dst_id = ? ORDER BY a.sort_at, a.pk LIMIT 1",
            (story_id,),
        ).fetchone()
        stories.append(
            {
                "id": story_id,
                "title": lead[1] if lead else story_id,
                "lead_article_id": lead[0] if lead else None,
                "articles": count,
                "first_at": first,
                "latest_at": latest,
            }
        )
    return stories


def get_story(store: SqliteStore, story_id: str) -> dict[str, object] | None:
    """One story with its member articles, oldest first; ``None`` when no article belongs to it."""
    members = list_articles(store, ArticleFilter(stories=[story_id]), limit=500).items
    if not members:
        return None
    members.reverse()
    return {
        "id": story_id,
        "title": members[0].article.title,
        "articles": members,
        "sources": sorted({m.article.source for m in members if m.article.source}),
    }


def story_of(stored: StoredArticle) -> str | None:
    """The story id an article belongs to, if stories have been computed."""
    ids = stored.relations.get("story") or []
    if ids:
        return ids[0]
    value = stored.article.extra.get("story")
    return str(value) if isinstance(value, str | int) else None
