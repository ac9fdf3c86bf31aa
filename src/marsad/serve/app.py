"""The application factory: JSON API, pages, feeds and static files over one SQLite database.

Every response carries a strict Content-Security-Policy (no inline script, no plugins, no
framing) and ``X-Content-Type-Options: nosniff``. Errors under ``/api`` and ``/feeds`` are
JSON ``{"status", "error", "message"}``; page errors are an HTML page.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http import HTTPStatus
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from marsad import __version__
from marsad.search.facet_index import facet_index
from marsad.serve import api, feeds, pages
from marsad.serve.cache import ResultCache, SharedResults
from marsad.serve.deps import StoreProvider
from marsad.store import SqliteStore

ENV_SERVE_DB = "MARSAD_SERVE_DB"
ENV_SHARED_CACHE = "MARSAD_SERVE_SHARED_CACHE"
STATIC = Path(__file__).parent / "static"
CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    """ASGI middleware adding the security headers to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *((k, v) for k, v in SECURITY_HEADERS if k not in names),
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(db_path: str | Path, *, engine: str | None = None, shared_cache: str | Path | None = None) -> FastAPI:
    """Build the web application over the SQLite database at ``db_path`` (``engine``: its search engine).

    ``shared_cache`` is a file where worker processes of one server share computed results
    (``marsad serve --workers N`` makes one); without it each process caches for itself.

    Example:
        >>> app = create_app("marsad.db")  # doctest: +SKIP
        >>> uvicorn.run(app, host="127.0.0.1", port=8000)  # doctest: +SKIP
    """
    with SqliteStore(db_path, engine=engine):  # create the file and apply migrations once, up front
        pass
    provider = StoreProvider(db_path, engine=engine)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Load the facet columns (and a tantivy index's files) off the event loop, so the first
        # searches do not pay for them.
        def warm_up() -> None:
            store = provider.get()
            facet_index(store.conn)
            store.preload_search_index()

        warm = asyncio.get_running_loop().run_in_executor(None, warm_up)
        yield
        await warm
        provider.close()

    app = FastAPI(
        title="marsad (مرصد) news API",
        version=__version__,
        description="Arabic news: articles, search with facets, stories, sources, tags, entities, feeds.",
        docs_url=None,  # FastAPI's own /docs loads Swagger UI from a CDN with an inline script
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.stores = provider
    app.state.cache = ResultCache(shared=SharedResults(shared_cache) if shared_cache else None)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(feeds.router)

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    async def docs(request: Request) -> HTMLResponse:
        """The API reference, rendered from the OpenAPI schema (served at /openapi.json)."""
        return pages.render(request, "docs.html", title="واجهة البرمجة", endpoints=_endpoints(app.openapi()))

    app.include_router(pages.router)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        return _error_response(request, error.status_code, str(error.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg', '')}" for e in error.errors()
        )
        return _error_response(request, 400, f"invalid parameters: {problems}")

    return app


def create_app_from_env() -> FastAPI:
    """The app over the database named by ``$MARSAD_SERVE_DB`` (for uvicorn worker processes),
    sharing results through ``$MARSAD_SERVE_SHARED_CACHE`` when it is set."""
    return create_app(os.environ[ENV_SERVE_DB], shared_cache=os.environ.get(ENV_SHARED_CACHE) or None)


def _error_response(request: Request, status: int, message: str) -> Response:
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    if request.url.path.startswith(("/api", "/feeds", "/openapi")):
        return JSONResponse({"status": status, "error": phrase, "message": message}, status_code=status)
    return pages.render(request, "error.html", status=status, title=phrase, status_code=status, message=message)


def _endpoints(schema: dict[str, Any]) -> list[dict[str, Any]]:
    endpoints = []
    for path, methods in schema.get("paths", {}).items():
        for method, spec in methods.items():
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": spec.get("summary", ""),
                    "description": spec.get("description", ""),
                    "params": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "description": p.get("description", ""),
                        }
                        for p in spec.get("parameters", [])
                    ],
                }
            )
    return endpoints
