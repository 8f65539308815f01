"""Event pages."""

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app.bulletins import service as bulletins_service
from app.deps import SessionDep
from app.events import browse, claims, service, wording
from app.events.params import FiltersDep
from app.links import service as links_service
from app.params import EventId
from app.places.models import Place
from app.text_context import paragraph_around
from app.web.templating import render

router = APIRouter()


@router.get("/events", response_class=HTMLResponse)
def event_list(
    request: Request, session: SessionDep, filters: FiltersDep,
    page: int = Query(1, ge=1, le=10_000),
) -> HTMLResponse:  # fmt: skip
    """Browse events: every filter a facet with counts, sorted, paginated, with CSV and GeoJSON exports."""
    size = 50
    events, total = browse.list_events(session, filters=filters, limit=size, offset=(page - 1) * size)
    places, _ = service.places_and_regions(session, events=events)
    query = request.url.query
    return render(request, "events/list.html", {
        "events": events, "total": total, "page": page, "pages": max(1, -(-total // size)),
        "facets": browse.facets(session, filters=filters), "filters": filters,
        "params": dict(request.query_params), "query": query,
        "titles": {e.id: wording.event_title(e, place_name=places[e.place_code].name if e.place_code in places
                                             else None) for e in events},
    })  # fmt: skip


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_detail(request: Request, session: SessionDep, event_id: EventId) -> HTMLResponse:
    """An event: who claims it, where, and its quote inside its bulletin paragraph."""
    event = service.get(session, event_id=event_id)
    bulletin = bulletins_service.get(session, bulletin_id=event.bulletin_id)
    place = session.get(Place, event.place_code) if event.place_code else None
    return render(request, "events/detail.html", {
        "event": event, "bulletin": bulletin, "place": place,
        "title": wording.event_title(event, place_name=place.name if place else None),
        "others": claims.counterparts(session, event=event),
        "paragraph": paragraph_around(bulletin.text, event.quote_start, event.quote_end),
        "figures": service.figures_for_event(session, event=event),
        "articles": links_service.articles_for_event(session, event_id=event_id),
    })  # fmt: skip
