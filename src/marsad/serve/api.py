"""The JSON API under ``/api``: articles, search, stories, sources, tags, entities, stats, health.

Field names are stable; datetimes are ISO-8601 UTC with a ``Z``, and the date as written on
the page travels beside them (``published_date``, ``published_time``, ``date_precision``).
Errors are JSON objects ``{"status", "error", "message"}``: a malformed query is a 400 with
the :class:`QueryError` message, an unknown id a 404.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query

from marsad.search.query import Query as ParsedQuery
from marsad.search.query import QueryError, parse_query
from marsad.search.snippet import snippet_to_html, snippet_to_text
from marsad.serve.cache import ResultCache, cached_search
from marsad.serve.deps import StoreProvider, get_cache, get_store, get_stores
from marsad.serve.queries import (
    ArticleFilter,
    get_article,
    get_story,
    list_articles,
    list_entities,
    list_sources,
    list_stories,
    list_tags,
    list_topics,
)
from marsad.serve.views import article_detail_json, article_summary_json, build_context
from marsad.store import SqliteStore
from marsad.store.sqlite import SearchResults

router = APIRouter(prefix="/api", tags=["api"])

StoreDep = Annotated[SqliteStore, Depends(get_store)]
CacheDep = Annotated[ResultCache, Depends(get_cache)]
StoresDep = Annotated[StoreProvider, Depends(get_stores)]
ListParam = Annotated[list[str] | None, Query()]


@router.get("/health", summary="Liveness and database check")
async def health(store: StoreDep) -> dict[str, Any]:
    """``{"status": "ok", "articles": N}`` when the database answers."""
    count = store.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    return {"status": "ok", "articles": count}


@router.get("/stats", summary="Counts by source, language and month")
async def stats(store: StoreDep) -> dict[str, Any]:
    """The store's statistics."""
    return store.stats()


@router.get("/articles", summary="Newest first, with cursor pagination and every search filter")
async def articles(
    store: StoreDep,
    q: Annotated[str | None, Query(description="filters in query syntax, e.g. source:… tag:…")] = None,
    source: ListParam = None,
    tag: ListParam = None,
    lang: ListParam = None,
    entity: ListParam = None,
    topic: ListParam = None,
    story: ListParam = None,
    date_from: Annotated[date | None, Query(alias="from")] = None,
    date_to: Annotated[date | None, Query(alias="to")] = None,
    before: Annotated[str | None, Query(description="the `next` cursor of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    """A page of articles (without bodies) and ``next``, the cursor for the following page."""
    flt = ArticleFilter()
    if q:
        query = _parse(q)
        if query.positive_terms:
            raise HTTPException(400, "q takes filters only here; search words with /api/search")
        flt = ArticleFilter.from_query(query)
    flt.sources += source or []
    flt.tags += tag or []
    flt.languages += [v.lower() for v in lang or []]
    flt.entities += entity or []
    flt.topics += topic or []
    flt.stories += story or []
    flt.date_from = date_from or flt.date_from
    flt.date_to = date_to or flt.date_to
    if before and "|" not in before:
        raise HTTPException(400, "malformed cursor: pass the `next` value of the previous page")
    page = list_articles(store, flt, limit=limit, before=before)
    return {"items": [article_summary_json(s) for s in page.items], "next": page.next_cursor}


@router.get("/articles/{article_id}", summary="One article with copies, related items, story, entities, tags")
async def article(article_id: str, store: StoreDep) -> dict[str, Any]:
    """The full article; 404 when the id is unknown."""
    stored = get_article(store, article_id)
    if stored is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return article_detail_json(build_context(store, stored))


@router.get("/search", summary="Full-text search with facets and highlighted snippets")
async def search(
    cache: CacheDep,
    stores: StoresDep,
    q: Annotated[str, Query(description='words, "phrases", -exclude, OR, prefix*, source:, tag:, lang:, from:, to:')],
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
    facets: bool = True,
) -> dict[str, Any]:
    """Ranked hits with snippets (text, safe HTML and segments), the total and facet counts."""
    query = _parse(q)
    try:
        results = await cached_search(cache, stores, query, q, limit=limit, offset=offset, facets=facets)
    except QueryError as error:
        raise HTTPException(400, str(error)) from None
    return search_json(q, results, limit=limit, offset=offset)


def search_json(q: str, results: SearchResults, *, limit: int, offset: int) -> dict[str, Any]:
    """The JSON shape of a page of search results."""
    return {
        "query": q,
        "total": results.total,
        "offset": offset,
        "limit": limit,
        "hits": [
            {
                **article_summary_json(hit.article),
                "score": round(hit.score, 4),
                "also_in": getattr(hit, "also_in", 0),  # other sources with the same story, where collapsed
                "snippet": {
                    "text": snippet_to_text(hit.snippet, before="", after=""),
                    "html": snippet_to_html(hit.snippet),
                    "segments": [{"text": t, "match": m} for t, m in hit.snippet],
                },
            }
            for hit in results.hits
        ],
        "facets": {
            name: [{"value": value, "count": count} for value, count in values]
            for name, values in results.facets.items()
        },
    }


@router.get("/stories", summary="Story clusters, most recently active first")
async def stories(
    cache: CacheDep, stores: StoresDep, limit: Annotated[int, Query(ge=1, le=200)] = 20
) -> dict[str, Any]:
    """Stories (empty until the stories stage has run)."""
    return {"items": await cache.fetch(stores, ("stories", limit), lambda s: list_stories(s, limit=limit))}


@router.get("/stories/{story_id}", summary="One story with its articles, oldest first")
async def story(story_id: str, store: StoreDep) -> dict[str, Any]:
    """The story; 404 when no article belongs to it."""
    found = get_story(store, story_id)
    if found is None:
        raise HTTPException(404, f"no story with id {story_id!r}")
    return {**found, "articles": [article_summary_json(s) for s in found["articles"]]}  # type: ignore[attr-defined]


@router.get("/sources", summary="Sources with article counts")
async def sources(cache: CacheDep, stores: StoresDep) -> dict[str, Any]:
    """Every source, most articles first."""
    return {"items": await cache.fetch(stores, ("sources",), list_sources)}


@router.get("/tags", summary="The most used tags")
async def tags(cache: CacheDep, stores: StoresDep, limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> dict[str, Any]:
    """Tags with counts."""
    return {"items": await cache.fetch(stores, ("tags", limit), lambda s: list_tags(s, limit=limit))}


@router.get("/entities", summary="The most mentioned entities")
async def entities(
    cache: CacheDep, stores: StoresDep, limit: Annotated[int, Query(ge=1, le=1000)] = 200
) -> dict[str, Any]:
    """Entities with type and counts (empty until enrichment has run)."""
    return {"items": await cache.fetch(stores, ("entities", limit), lambda s: list_entities(s, limit=limit))}


@router.get("/topics", summary="Topics with article counts")
async def topics(cache: CacheDep, stores: StoresDep) -> dict[str, Any]:
    """Topics (empty until enrichment has run)."""
    return {"items": await cache.fetch(stores, ("topics",), list_topics)}


def _parse(q: str) -> ParsedQuery:
    try:
        return parse_query(q)
    except QueryError as error:
        raise HTTPException(400, str(error)) from None
