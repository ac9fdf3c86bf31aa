"""Server-rendered pages: home, article, search, story, source, tag, entity and topic.

Templates are Jinja2 with autoescape on for every file, so source text is always escaped;
pages work without JavaScript. The digits setting (``?digits=arab|latn``) is remembered in a
cookie and applies to what marsad writes (dates, counts), never to the articles' own text.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, quote_plus, urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape

from marsad.search.query import QueryError, parse_query
from marsad.serve.cache import ResultCache, cached_search
from marsad.serve.deps import StoreProvider, get_cache, get_store, get_stores
from marsad.serve.feeds import KINDS, feed_links
from marsad.serve.formatting import (
    format_day_ar,
    format_digits,
    format_published_ar,
    format_published_iso,
    machine_datetime,
    pick_digits,
)
from marsad.serve.queries import (
    ArticleFilter,
    get_article,
    get_story,
    list_articles,
    list_sources,
    list_stories,
    list_tags,
    list_topics,
)
from marsad.serve.views import build_context, entities_of, topic_of
from marsad.store import SqliteStore

TEMPLATES = Path(__file__).parent / "templates"
PAGE_SIZE = 20
SEARCH_PAGE_SIZE = 10
DIGITS_COOKIE = "digits"
FILTER_PARAMS = ("source", "tag", "entity", "topic", "lang", "from", "to")
FILTER_LABELS = {
    "source": "المصدر",
    "tag": "الوسم",
    "entity": "الاسم",
    "topic": "الموضوع",
    "lang": "اللغة",
    "from": "من",
    "to": "إلى",
}
FACET_LABELS = {"source": "المصادر", "day": "الأيام", "language": "اللغات", "tag": "الوسوم", "entity": "أسماء"}

router = APIRouter(include_in_schema=False)
StoreDep = Annotated[SqliteStore, Depends(get_store)]
CacheDep = Annotated[ResultCache, Depends(get_cache)]
StoresDep = Annotated[StoreProvider, Depends(get_stores)]


def http_url(value: object) -> str:
    """``value`` when it is an http(s) URL, else ``""``: no ``javascript:`` or ``data:`` links."""
    text = str(value or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else ""


def make_environment() -> Environment:
    """The Jinja2 environment: autoescape everywhere, with marsad's formatting filters."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        auto_reload=False,  # templates ship with the package: no stat() of the file per page
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )

    @pass_context
    def digits(ctx: Any, value: object) -> str:
        return format_digits(value, ctx.get("digits", "arab"))

    @pass_context
    def published_ar(ctx: Any, value: Any) -> str:
        return format_published_ar(value, ctx.get("digits", "arab"))

    @pass_context
    def day_ar(ctx: Any, value: Any) -> str:
        from datetime import date

        return format_day_ar(date.fromisoformat(str(value)[:10]), ctx.get("digits", "arab"))

    env.filters.update(
        digits=digits,
        published_ar=published_ar,
        published_iso=format_published_iso,
        machine_datetime=machine_datetime,
        day_ar=day_ar,
        urlpart=lambda value: quote(str(value), safe=""),
        http_url=http_url,
        topic_of=topic_of,
        entities_of=entities_of,
    )
    return env


ENV = make_environment()


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render a template with the shared context and remember an explicit digits choice."""
    chosen = request.query_params.get("digits")
    style = pick_digits(chosen or request.cookies.get(DIGITS_COOKIE))
    context.setdefault("feeds", feed_links("latest", None, "أحدث الأخبار"))
    html = ENV.get_template(template).render(
        request=request,
        digits=style,
        digits_links=_digits_links(request),
        path=request.url.path,
        **context,
    )
    response = HTMLResponse(html, status_code=status)
    if chosen in ("arab", "latn"):
        response.set_cookie(DIGITS_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    return response


def _digits_links(request: Request) -> dict[str, str]:
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "digits"]
    return {style: request.url.path + "?" + urlencode([*params, ("digits", style)]) for style in ("arab", "latn")}


@router.get("/", response_class=HTMLResponse)
async def home(
    request: Request, store: StoreDep, cache: CacheDep, stores: StoresDep, before: str | None = None
) -> HTMLResponse:
    """Latest articles (newest first, paged by cursor) and the top stories."""
    page = list_articles(store, limit=PAGE_SIZE, before=_cursor(before))
    return render(
        request,
        "home.html",
        articles=page.items,
        next_url=f"/?before={quote(page.next_cursor)}" if page.next_cursor else None,
        stories=[] if before else await cache.fetch(stores, ("stories", 6), lambda s: list_stories(s, limit=6)),
        sources=(await cache.fetch(stores, ("sources",), list_sources))[:12],
        tags=await cache.fetch(stores, ("tags", 24), lambda s: list_tags(s, limit=24)),
        topics=(await cache.fetch(stores, ("topics",), list_topics))[:12],
    )


@router.get("/article/{article_id}", response_class=HTMLResponse)
async def article_page(article_id: str, request: Request, store: StoreDep) -> HTMLResponse:
    """One article: headline, dates, source, tags, entities, body, related and copies."""
    stored = get_article(store, article_id)
    if stored is None:
        raise HTTPException(404, "لم نجد هذا الخبر")
    context = build_context(store, stored)
    feeds = feed_links("source", stored.article.source, stored.article.source) if stored.article.source else None
    return render(request, "article.html", ctx=context, a=stored.article, title=stored.article.title, feeds=feeds)


@router.get("/search", response_class=HTMLResponse)
async def search_page(
    request: Request,
    store: StoreDep,
    cache: CacheDep,
    stores: StoresDep,
    q: str = "",
    page: Annotated[int, Query(ge=1, le=500)] = 1,
) -> HTMLResponse:
    """The query box, facets, highlighted snippets, removable filter chips and pagination.

    The finished page is cached (per address and digit style, in the database's current
    generation): the same search from the next reader costs a lookup, not a render.
    """
    page_key = _page_cache_key(request)
    if page_key is not None and (html := cache.peek(store, page_key)) is not None:
        return HTMLResponse(html)
    response = await _search_page(request, store, cache, stores, q, page)
    if page_key is not None and response.status_code == 200:
        cache.put(store, page_key, bytes(response.body))
    return response


def _page_cache_key(request: Request) -> tuple[object, ...] | None:
    """The page cache's key for a request, or None for one that sets the digits cookie."""
    if "digits" in request.query_params:
        return None
    return ("html", request.url.path, request.url.query, pick_digits(request.cookies.get(DIGITS_COOKIE)))


async def _search_page(
    request: Request, store: SqliteStore, cache: ResultCache, stores: StoreProvider, q: str, page: int
) -> HTMLResponse:
    filters = [(k, v) for k, v in request.query_params.multi_items() if k in FILTER_PARAMS and v]
    full = " ".join([q.strip(), *(f'{k}:"{v}"' for k, v in filters)]).strip()
    chips = [
        {"label": FILTER_LABELS[k], "value": v, "remove_url": _search_url(q, [f for f in filters if f != (k, v)])}
        for k, v in filters
    ]
    context: dict[str, Any] = {
        "search_page": True,
        "q": q,
        "chips": chips,
        "title": f"بحث: {q}" if q else "بحث",
        "full_query": full,
    }
    if not full:
        return render(request, "search.html", results=None, **context)
    context["feeds"] = feed_links("search", full, f"بحث: {full}")
    try:
        query = parse_query(full)
        if not query.positive_terms:
            listing = list_articles(store, ArticleFilter.from_query(query), limit=PAGE_SIZE)
            return render(request, "search.html", results=None, listing=listing.items, **context)
        offset = (page - 1) * SEARCH_PAGE_SIZE
        results = await cached_search(
            cache, stores, query, full, limit=SEARCH_PAGE_SIZE, offset=offset, facets=True, keep_page=False
        )
    except QueryError as error:
        return render(request, "search.html", status=400, results=None, error=str(error), **context)
    pages = max(1, math.ceil(results.total / SEARCH_PAGE_SIZE))
    here = _search_url(q, filters)  # a facet link adds its filter to this page's own address
    facets = [
        {
            "name": name,
            "label": FACET_LABELS.get(name, name),
            "options": [
                {"value": value, "count": count, "url": here + _facet_params(name, value)}
                for value, count in values
                if not _facet_active(name, value, filters)
            ],
        }
        for name, values in results.facets.items()
        if values
    ]
    return render(
        request,
        "search.html",
        results=results,
        facets=[f for f in facets if f["options"]],
        page=page,
        pages=pages,
        prev_url=_search_url(q, filters, page - 1) if page > 1 else None,
        next_url=_search_url(q, filters, page + 1) if page < pages else None,
        **context,
    )


def _search_url(q: str, filters: list[tuple[str, str]], page: int = 1) -> str:
    params = [("q", q), *filters] + ([("page", str(page))] if page > 1 else [])
    return "/search?" + urlencode(params)


def _facet_params(name: str, value: str) -> str:
    """``&param=value`` for a facet value's filter, to append to the page's own address."""
    return "".join(f"&{k}={quote_plus(v)}" for k, v in _facet_filter(name, value))


def _facet_filter(name: str, value: str) -> list[tuple[str, str]]:
    if name == "day":
        return [("from", value), ("to", value)]
    return [({"language": "lang"}.get(name, name), value)]


def _facet_active(name: str, value: str, filters: list[tuple[str, str]]) -> bool:
    return all(f in filters for f in _facet_filter(name, value))


@router.get("/story/{story_id}", response_class=HTMLResponse)
async def story_page(story_id: str, request: Request, store: StoreDep) -> HTMLResponse:
    """A story: its articles from every source, oldest first."""
    story = get_story(store, story_id)
    if story is None:
        raise HTTPException(404, "لم نجد هذه القصة")
    return render(
        request,
        "story.html",
        story=story,
        title=story["title"],
        feeds=feed_links("story", story_id, f"قصة: {story['title']}"),
    )


@router.get("/sources", response_class=HTMLResponse)
async def sources_page(request: Request, store: StoreDep) -> HTMLResponse:
    """Every source with its article count."""
    items = [
        {"label": s["name"], "url": f"/source/{quote(str(s['name']), safe='')}", "count": s["articles"]}
        for s in list_sources(store)
    ]
    return render(request, "index.html", title="المصادر", items=items)


@router.get("/tags", response_class=HTMLResponse)
async def tags_page(request: Request, store: StoreDep) -> HTMLResponse:
    """The most used tags."""
    items = [
        {"label": t["tag"], "url": f"/tag/{quote(str(t['tag']), safe='')}", "count": t["articles"]}
        for t in list_tags(store, limit=500)
    ]
    return render(request, "index.html", title="الوسوم", items=items)


@router.get("/source/{value}", response_class=HTMLResponse)
async def source_page(value: str, request: Request, store: StoreDep, before: str | None = None) -> HTMLResponse:
    """One source's articles, newest first."""
    return filtered_page("source", value, request, store, before)


@router.get("/tag/{value}", response_class=HTMLResponse)
async def tag_page(value: str, request: Request, store: StoreDep, before: str | None = None) -> HTMLResponse:
    """One tag's articles, newest first."""
    return filtered_page("tag", value, request, store, before)


@router.get("/entity/{value}", response_class=HTMLResponse)
async def entity_page(value: str, request: Request, store: StoreDep, before: str | None = None) -> HTMLResponse:
    """Articles that mention one entity (from enrichment), newest first."""
    return filtered_page("entity", value, request, store, before)


@router.get("/topic/{value}", response_class=HTMLResponse)
async def topic_page(value: str, request: Request, store: StoreDep, before: str | None = None) -> HTMLResponse:
    """One topic's articles (from enrichment), newest first."""
    return filtered_page("topic", value, request, store, before)


def filtered_page(kind: str, value: str, request: Request, store: SqliteStore, before: str | None) -> HTMLResponse:
    """Articles of one source, tag, entity or topic, newest first, paged by cursor."""
    field = {"tag": "tags", "source": "sources", "entity": "entities", "topic": "topics"}[kind]
    page = list_articles(store, ArticleFilter(**{field: [value]}), limit=PAGE_SIZE, before=_cursor(before))
    if not page.items and not before:
        raise HTTPException(404, f"لا أخبار في {KINDS[kind]}: {value}")
    base = f"/{kind}/{quote(value, safe='')}"
    shown = value  # an entity's key is normalized: show the name as an article wrote it
    if kind == "entity" and page.items:
        shown = next((e["text"] for e in entities_of(page.items[0]) if e["key"] == value), value)
    return render(
        request,
        "listing.html",
        title=f"{KINDS[kind]}: {shown}",
        kind=kind,
        kind_label=KINDS[kind],
        value=shown,
        articles=page.items,
        next_url=f"{base}?before={quote(page.next_cursor)}" if page.next_cursor else None,
        feeds=feed_links(kind, value, f"{KINDS[kind]}: {shown}"),
    )


def _cursor(before: str | None) -> str | None:
    if before and "|" not in before:
        raise HTTPException(400, "رابط الصفحة التالية غير صالح")
    return before or None
