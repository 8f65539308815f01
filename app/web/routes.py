"""Home, about and health: the pages that belong to no single domain."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy import text

from app.articles import service as articles_service
from app.bulletins import service as bulletins_service
from app.deps import SearchDep, SessionDep
from app.places import service as places_service
from app.topics import service as topics_service
from app.web.templating import render
from search.outbox import pending_count

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep) -> HTMLResponse:
    """Search box, topics, latest articles and bulletins."""
    articles, total = articles_service.list_published(session, limit=12)
    bulletins, _ = bulletins_service.list_bulletins(session, limit=5)
    return render(request, "home.html", {
        "articles": articles, "articles_total": total, "bulletins": bulletins,
        "topics": topics_service.list_topics(session), "regions": places_service.list_regions(session),
    })  # fmt: skip


@router.get("/about", response_class=HTMLResponse)
def about(request: Request) -> HTMLResponse:
    """What the knowledge base is, how events are extracted, and data credits."""
    return render(request, "about.html", {})


@router.get("/healthz")
def healthz(session: SessionDep, runtime: SearchDep) -> JSONResponse:
    """Database and search health; 200 while the database answers, even if search is down."""
    report: dict[str, Any] = {"status": "ok", "database": "ok", "search": "ok"}
    try:
        session.exec(text("SELECT 1"))  # type: ignore[call-overload]
        report["outbox_pending"] = pending_count(session)
        report["relay"] = runtime.relay_report(session)
    except Exception as error:  # noqa: BLE001  (health must report, never raise)
        report.update(status="error", database=f"error: {error}")
    report["search"] = runtime.state()  # "starting" until indexes and the start-up backlog are in
    if report["search"] != "ok" and report["status"] == "ok":
        report["status"] = "starting" if report["search"] == "starting" else "degraded"
    report["semantic"] = runtime.semantic()
    relay = runtime.relay.last if runtime.relay else None
    if relay and relay.error:
        report["search_detail"] = relay.error
    return JSONResponse(report, status_code=200 if report["database"] == "ok" else 503)
