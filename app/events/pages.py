"""Event pages."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.bulletins import service as bulletins_service
from app.deps import SessionDep
from app.events import claims, service, wording
from app.links import service as links_service
from app.places.models import Place
from app.text_context import paragraph_around
from app.web.templating import render

router = APIRouter()


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_detail(request: Request, session: SessionDep, event_id: int) -> HTMLResponse:
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
