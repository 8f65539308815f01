"""JSON API for conflict events."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from sqlmodel import Session

from app.deps import SessionDep
from app.events import browse, claims, exports, service
from app.events import timeline as events_timeline
from app.events.models import ConflictEvent, FigureClaim
from app.events.params import FiltersDep
from app.events.schemas import EventPublic, TimelinePublic
from app.params import Cursor, EventId, Limit, Offset, next_cursor_url
from app.places.models import Place, Region
from app.schemas import Page
from search.documents import event_title

router = APIRouter(tags=["events"])


def figure_public(figure: FigureClaim) -> dict[str, Any]:
    """A figure claim as the API shows it: always with who claims it."""
    return {
        "id": figure.id, "category": figure.category, "value": figure.value,
        "qualifier": figure.qualifier, "unit": figure.unit, "scope": figure.scope,
        "group": figure.group_name or None, "since": figure.since or None,
        "claimant": figure.claimant, "quote": figure.quote,
        "span": {"start": figure.start, "end": figure.end},
        "check": {"status": figure.check_status, "detail": figure.check_detail} if figure.check_status else None,
    }  # fmt: skip


def event_public(
    session: Session, event: ConflictEvent, *, with_figures: bool = True,
    places: dict[str, Place] | None = None, regions: dict[str, Region] | None = None,
) -> dict[str, Any]:  # fmt: skip
    """An event as the API shows it (lists pass places and regions loaded once for the page)."""
    place = _lookup(session, Place, event.place_code, places)
    region = _lookup(session, Region, event.region_code, regions)
    others = claims.counterparts(session, event=event) if with_figures else []
    return {
        "id": event.id, "bulletin_id": event.bulletin_id,
        "title": event_title(event, place=place, region=region),
        "also_reported_by": [
            {"id": o.id, "claimant": o.claimant, "action": o.action, "date": o.date.isoformat() if o.date else None,
             "claim_status": o.claim_status, "url": f"/events/{o.id}"}
            for o in others
        ],
        "date": event.date.isoformat() if event.date else None, "date_precision": event.date_precision,
        "claimant": event.claimant, "claim_status": event.claim_status, "actor": event.actor or None,
        "target_actor": event.target_actor or None, "group": event.group_name,
        "group_as_written": event.group_as_written or None, "action": event.action,
        "place_as_written": event.place_as_written,
        "place_span": {"start": event.place_start, "end": event.place_end},
        "region_as_written": event.region_as_written or None,
        "place": {
            "id": place.code, "name": place.name, "name_uk": place.name_uk,
            "method": event.place_method, "score": event.place_score,
            "same_name_count": event.place_same_name_count,
        } if place else None,
        "place_resolution": {"status": event.place_status, "method": event.place_method,
                             "same_name_count": event.place_same_name_count},
        "region": {"code": region.code, "name": region.name, "method": event.region_method} if region else None,
        "geo_precision": event.geo_precision, "paragraph_truncated": event.paragraph_truncated,
        "quote": event.quote, "span": {"start": event.quote_start, "end": event.quote_end},
        "figures": [figure_public(f) for f in service.figures_for_event(session, event=event)] if with_figures else [],
        "url": f"/events/{event.id}",
    }  # fmt: skip


def _lookup(session: Session, model: Any, key: str | None, loaded: dict[str, Any] | None) -> Any:
    if not key:
        return None
    if loaded is not None and key in loaded:
        return loaded[key]
    return session.get(model, key)


def timeline_public(line: events_timeline.Timeline | None) -> dict[str, Any] | None:
    """A timeline as the API shows it (None when there is nothing to chart)."""
    if line is None:
        return None
    return {
        "unit": line.unit, "start": line.start, "end": line.end, "claimants": line.claimants,
        "total": line.total, "undated": line.undated,
        "buckets": [{"start": b.start, "label": line.label(b), "counts": b.counts, "total": b.total}
                    for b in line.buckets],
    }  # fmt: skip


@router.get("/events", response_model=Page[EventPublic])
def list_events(
    request: Request, session: SessionDep, filters: FiltersDep, limit: Limit = 50, offset: Offset = 0,
    cursor: Cursor = None,
) -> dict[str, Any]:  # fmt: skip
    """Conflict events filtered by region or place (any spelling), claimant, action, group, article or dates.

    `next` continues the list with a cursor, at any depth; `offset` stops at 10,000.
    """
    page = browse.page_events(session, filters=filters, limit=limit, offset=offset, cursor=cursor)
    places, regions = service.places_and_regions(session, events=page.events)
    items = [event_public(session, e, with_figures=False, places=places, regions=regions) for e in page.events]
    following = next_cursor_url(request, cursor=page.next_cursor)
    return {"items": items, "total": page.total, "limit": limit, "offset": page.offset, "next": following}


@router.get("/timeline", response_model=TimelinePublic | None)
def timeline(session: SessionDep, filters: FiltersDep) -> dict[str, Any] | None:
    """Claimed events per day (week or month for long windows) per claimant, for the same filters as /events."""
    start, end = filters.date_from, filters.date_to
    return timeline_public(events_timeline.timeline(session, filters=filters, start=start, end=end))


@router.get("/events.csv", response_class=StreamingResponse, responses={200: {"content": {"text/csv": {}}}})
def events_csv(request: Request, session: SessionDep, filters: FiltersDep) -> StreamingResponse:
    """The filtered events as CSV (claimant, quote, span, bulletin URL, name as written), streamed."""
    base = str(request.base_url).rstrip("/")
    lines = exports.csv_lines(session, filters=filters, base_url=base)
    headers = {"Content-Disposition": 'attachment; filename="events.csv"'}
    return StreamingResponse(lines, media_type="text/csv; charset=utf-8", headers=headers)


@router.get(
    "/events.geojson", response_class=StreamingResponse, responses={200: {"content": {"application/geo+json": {}}}}
)
def events_geojson(request: Request, session: SessionDep, filters: FiltersDep) -> StreamingResponse:
    """The filtered events with a resolved, located place as a GeoJSON FeatureCollection of Points."""
    base = str(request.base_url).rstrip("/")
    chunks = exports.geojson_chunks(session, filters=filters, base_url=base)
    return StreamingResponse(chunks, media_type="application/geo+json")


@router.get("/events/{event_id}", response_model=EventPublic)
def get_event(session: SessionDep, event_id: EventId) -> dict[str, Any]:
    """One event, with its quote, span and its group's figures."""
    return event_public(session, service.get(session, event_id=event_id))
