"""Bulletin pages."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.bulletins import feeds, service
from app.deps import SessionDep
from app.events import browse as events_browse
from app.events import service as events_service
from app.params import BulletinId
from app.web.templating import render

router = APIRouter()


@router.get("/bulletins", response_class=HTMLResponse)
def bulletin_list(request: Request, session: SessionDep) -> HTMLResponse:
    """Every ingested bulletin."""
    bulletins, total = service.list_bulletins(session, limit=500)
    return render(request, "bulletins/list.html", {"bulletins": bulletins, "total": total})


@router.get("/bulletins/sources", response_class=HTMLResponse)
def source_list(request: Request, session: SessionDep) -> HTMLResponse:
    """Bulletin sources: followed feeds with their last poll and errors, then files and URLs."""
    return render(request, "bulletins/sources.html", {
        "sources": feeds.list_sources(session), "counts": feeds.entry_counts(session),
    })  # fmt: skip


@router.get("/bulletins/{bulletin_id}", response_class=HTMLResponse)
def bulletin_detail(request: Request, session: SessionDep, bulletin_id: BulletinId) -> HTMLResponse:
    """A bulletin's text with every extracted place and figure marked."""
    bulletin = service.get(session, bulletin_id=bulletin_id)
    events, _ = events_browse.list_events(session, filters=events_browse.EventFilters(bulletin=bulletin_id), limit=5000)
    figures = events_service.figures_for_bulletin(session, bulletin_id=bulletin_id)
    return render(request, "bulletins/detail.html", {
        "bulletin": bulletin, "events": events, "figures": figures,
        "segments": service.segments(bulletin, events, figures),
        "events_by_id": {e.id: e for e in events}, "figures_by_id": {f.id: f for f in figures},
    })  # fmt: skip
