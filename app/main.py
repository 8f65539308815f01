"""The FastAPI application: routers, error pages and the search lifespan."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlmodel import Session
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.articles import api as articles_api
from app.articles import pages as articles_pages
from app.bulletins import api as bulletins_api
from app.bulletins import pages as bulletins_pages
from app.config import PROJECT_ROOT, get_settings
from app.db import get_engine
from app.discovery import api as discovery_api
from app.discovery import pages as discovery_pages
from app.errors import AppError
from app.events import api as events_api
from app.events import pages as events_pages
from app.places import api as places_api
from app.places import editor as places_editor
from app.places import pages as places_pages
from app.places import service as places_service
from app.topics import api as topics_api
from app.topics import pages as topics_pages
from app.web import routes as web_routes
from app.web.templating import render
from search.runtime import SearchConfig, SearchRuntime

log = logging.getLogger(__name__)


def make_search_runtime() -> SearchRuntime:
    """The search runtime for the configured settings."""
    settings = get_settings()
    engine = get_engine()

    def synonyms() -> dict[str, list[str]]:
        with Session(engine) as session:
            return places_service.search_synonyms(session)

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
    runtime = make_search_runtime()
    app.state.search = runtime
    runtime.start()
    try:
        yield
    finally:
        runtime.stop()


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/healthz"


def create_app() -> FastAPI:
    """Build the application."""
    app = FastAPI(
        title="displacement-kb", lifespan=lifespan,
        description="Curated writing on forced displacement and IHL beside the conflict events "
        "around it, each event traced to the bulletin sentence that claims it.",
    )  # fmt: skip
    api = APIRouter(prefix="/api/v1")
    for module in (discovery_api, articles_api, events_api, bulletins_api, places_api, topics_api):
        api.include_router(module.router)
    app.include_router(api)
    for module in (web_routes, discovery_pages, articles_pages, events_pages, bulletins_pages,
                   places_pages, places_editor, topics_pages):  # fmt: skip
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=str(PROJECT_ROOT / "app" / "static")), name="static")

    @app.exception_handler(AppError)
    async def app_error(request: Request, error: AppError) -> Response:
        return _error(request, error.status_code, error.message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        return _error(request, error.status_code, str(error.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": error.errors()}, status_code=422)
        return _error(request, 422, "Some of the request's parameters are not valid.")

    return app


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=status)
    page: HTMLResponse = render(request, "error.html", {"status": status, "message": message}, status_code=status)
    return page


app = create_app()
