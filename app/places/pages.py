"""Region and place pages."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.articles import service as articles_service
from app.deps import SessionDep
from app.events import browse as events_browse
from app.places import regions as regions_table
from app.places import service, world_regions
from app.web.templating import render

router = APIRouter()


@router.get("/regions/{code}", response_class=HTMLResponse)
def region_detail(request: Request, session: SessionDep, code: str) -> HTMLResponse:
    """A region: its names, the events claimed there and the articles about it."""
    region = service.get_region(session, code=code)
    entry = regions_table.get(region.code)
    events, total = events_browse.list_events(
        session, filters=events_browse.EventFilters(region=region.code), limit=200
    )
    articles, _ = articles_service.list_published(session, region=region.code, limit=200)
    return render(request, "places/region.html", {
        "region": region,
        "variants": regions_table.name_variants(entry) if entry else world_regions.name_variants(region.code),
        "events": events, "events_total": total, "articles": articles,
    })  # fmt: skip


@router.get("/places/{code}", response_class=HTMLResponse)
def place_detail(request: Request, session: SessionDep, code: str) -> HTMLResponse:
    """A settlement: its names, the events claimed there and the articles about it."""
    place = service.get_place(session, code=code)
    events, total = events_browse.list_events(session, filters=events_browse.EventFilters(place=code), limit=200)
    return render(request, "places/place.html", {
        "place": place, "variants": service.place_variants(code=code),
        "events": events, "events_total": total,
        "articles": service.articles_naming_place(session, code=code),
    })  # fmt: skip
