"""The FastAPI application: routers, error pages and the search lifespan."""

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from sqlmodel import Session
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.articles import api as articles_api
from app.articles import pages as articles_pages
from app.bulletins import api as bulletins_api
from app.bulletins import pages as bulletins_pages
from app.bulletins import write_api as bulletins_write_api
from app.config import PROJECT_ROOT, get_settings
from app.db import get_engine
from app.discovery import api as discovery_api
from app.discovery import pages as discovery_pages
from app.editor import pages as editor_pages
from app.errors import AppError
from app.events import api as events_api
from app.events import pages as events_pages
from app.places import api as places_api
from app.places import editor as places_editor
from app.places import pages as places_pages
from app.schemas import API_ERRORS
from app.topics import api as topics_api
from app.topics import pages as topics_pages
from app.users import pages as users_pages
from app.users import security as users_security
from app.users import web as users_web
from app.web import feeds as web_feeds
from app.web import routes as web_routes
from app.web.head import HeadAsGet
from app.web.templating import render
from search import analysis
from search.runtime import SearchConfig, SearchRuntime
from search.synonyms import all_synonyms

log = logging.getLogger(__name__)

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def make_search_runtime() -> SearchRuntime:
    """The search runtime for the configured settings."""
    settings = get_settings()
    engine = get_engine()

    def synonyms() -> dict[str, list[str]]:
        with Session(engine) as session:
            return all_synonyms(session)

    config = SearchConfig(
        data_dir=settings.data_dir, url=settings.meili_url, key=settings.meili_key,
        binary=settings.meili_binary, prefix=settings.meili_index_prefix,
        relay_interval=settings.relay_interval, start_timeout=settings.meili_start_timeout,
        relay=settings.relay, relay_retention_days=settings.relay_retention_days,
    )  # fmt: skip
    return SearchRuntime(config, engine=engine, synonyms=synonyms)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start search (embedded server and relay) with the app, stop it after."""
    users_security.secret_key()  # refuse a placeholder DKB_SECRET_KEY before serving anything
    runtime = make_search_runtime()
    app.state.search = runtime
    runtime.start()
    analysis.warm_up(get_engine())
    try:
        yield
    finally:
        runtime.stop()


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/healthz"


def create_app() -> FastAPI:
    """Build the application."""
    # Swagger UI and ReDoc assets come from the fastapi-offline package and are served by the app: /docs works offline.
    app = FastAPIOffline(
        title="displacement-kb", lifespan=lifespan, swagger_ui_parameters={"validatorUrl": None},
        description="Curated writing on forced displacement and IHL beside the conflict events "
        "around it, each event traced to the bulletin sentence that claims it.",
    )  # fmt: skip
    api = APIRouter(prefix="/api/v1", responses=API_ERRORS)
    for module in (discovery_api, articles_api, events_api, bulletins_api, bulletins_write_api, places_api, topics_api):
        api.include_router(module.router)
    app.include_router(api)
    for module in (web_routes, web_feeds, discovery_pages, articles_pages, events_pages, bulletins_pages,
                   places_pages, places_editor, topics_pages, users_pages, editor_pages):  # fmt: skip
        app.include_router(module.router)
    users_web.install(app)
    app.add_middleware(HeadAsGet)
    app.mount("/static", StaticFiles(directory=str(PROJECT_ROOT / "app" / "static")), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.url.path not in ("/docs", "/redoc"):  # the API explorer loads its own scripts
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response

    @app.exception_handler(AppError)
    async def app_error(request: Request, error: AppError) -> Response:
        return _error(request, error.status_code, error.message, field=getattr(error, "field", "") or None)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        return _error(request, error.status_code, str(error.detail), headers=error.headers)

    @app.exception_handler(OverflowError)
    async def overflow_error(request: Request, error: OverflowError) -> Response:
        # A number too large for the database names nothing that exists.
        return _error(request, 404, "Nothing has that number.")

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> Response:
        first = error.errors()[0] if error.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ()))
        message = f"{where}: {first.get('msg', 'not valid')}" if where else "the request is not valid"
        return _error(request, 422, message, field=where or None)

    return app


ERROR_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
               409: "conflict", 410: "gone", 413: "too_large", 422: "invalid", 429: "too_many_requests"}  # fmt: skip


def _error(
    request: Request, status: int, message: str, *, field: str | None = None, headers: Mapping[str, str] | None = None
) -> Response:
    """One error shape for the API ({"error": {"code", "message", "field"}}) and an error page elsewhere."""
    if _wants_json(request):
        code = ERROR_CODES.get(status, "error" if status >= 500 else "bad_request")
        body = {"error": {"code": code, "message": message, "field": field}}
        return JSONResponse(body, status_code=status, headers=dict(headers or {}))
    page: HTMLResponse = render(request, "error.html", {"status": status, "message": message}, status_code=status)
    for name, value in (headers or {}).items():
        page.headers[name] = value
    return page


app = create_app()
