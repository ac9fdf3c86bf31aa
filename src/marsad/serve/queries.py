"""Read-only queries the web layer needs beyond the store's own API: filtered listings, indexes.

Listings page by cursor (newest first, like :meth:`SqliteStore.latest`) and accept every
search filter, including the ones whose data other stages produce (``entity``, ``topic``,
``story``): those match nothing until the data exists. The filters' SQL is the search's own
(:func:`marsad.search.fts.filter_sql`), so a listing and a search select alike. Rows are
mapped to :class:`StoredArticle` through the store's own row mapping so the shapes never drift.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from marsad.search.fts import filter_sql
from marsad.search.query import Query
from marsad.store import SqliteStore, StoredArticle


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

    def to_sql(self) -> tuple[str, list[object]]:
        """``AND ...`` clauses over alias ``a`` (articles) and their parameters: the search filters' SQL."""
        return filter_sql(self, self.stories)


@dataclass(slots=True)
class Listing:
    """One page of a newest-first listing and the cursor of the next page (``None`` at the end)."""

    items: list[StoredArticle]
    next_cursor: str | None


def list_articles(
    store: SqliteStore, flt: ArticleFilter | None = None, *, limit: int = 20, before: str | None = None
) -> Listing:
    """Newest first with filters; ``before`` is the cursor of the previous page's last item."""
    where, params = (flt or ArticleFilter()).to_sql()
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
    where, params = (flt or ArticleFilter()).to_sql()
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
    sql = (
        "SELECT key, min(text), min(type), count(DISTINCT article_pk) c FROM article_entities "
        "GROUP BY key ORDER BY c DESC, key LIMIT ?"
    )
    rows = store.conn.execute(sql, (limit,))
    return [{"key": key, "text": text, "type": kind, "articles": count} for key, text, kind, count in rows if key]


def entities_of_article(store: SqliteStore, stored: StoredArticle) -> list[dict[str, str]]:
    """An article's entities as ``{"text", "type", "key"}``, from the table or from ``extra``."""
    found: dict[str, dict[str, str]] = {}
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
    """An article's topic label from ``articles.topic``, else ``None``."""
    row = store.conn.execute("SELECT topic FROM articles WHERE id = ?", (stored.id,)).fetchone()
    return row[0] if row and isinstance(row[0], str) and row[0] else None


def list_topics(store: SqliteStore) -> list[dict[str, object]]:
    """Topics (from enrichment) with their article counts."""
    rows = store.conn.execute(
        "SELECT topic t, count(*) c FROM articles WHERE t IS NOT NULL GROUP BY t ORDER BY c DESC, t"
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
