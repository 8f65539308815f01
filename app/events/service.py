"""Conflict events and figure claims: filtered lists and single reads."""

from collections.abc import Sequence

from sqlmodel import Session, col, select

from app.errors import NotFound
from app.events.models import ConflictEvent, FigureClaim
from app.places.models import Place, Region


def places_and_regions(
    session: Session, *, events: Sequence[ConflictEvent]
) -> tuple[dict[str, Place], dict[str, Region]]:
    """The places and regions of a page of events, loaded in two queries."""
    place_codes = {e.place_code for e in events if e.place_code}
    region_codes = {e.region_code for e in events if e.region_code}
    places = {p.code: p for p in session.exec(select(Place).where(col(Place.code).in_(place_codes)))}
    regions = {r.code: r for r in session.exec(select(Region).where(col(Region.code).in_(region_codes)))}
    return places, regions


def get(session: Session, *, event_id: int) -> ConflictEvent:
    """One event."""
    event = session.get(ConflictEvent, event_id)
    if event is None:
        raise NotFound(f"no event {event_id}")
    return event


def figures_for_bulletin(session: Session, *, bulletin_id: int) -> list[FigureClaim]:
    """Every figure a bulletin states, in text order."""
    query = select(FigureClaim).where(FigureClaim.bulletin_id == bulletin_id)
    return list(session.exec(query.order_by(col(FigureClaim.start))).all())


def figures_for_event(session: Session, *, event: ConflictEvent) -> list[FigureClaim]:
    """The figures of the event's group section (losses its group claims that day)."""
    if not event.group_name:
        return []
    query = (
        select(FigureClaim)
        .where(FigureClaim.bulletin_id == event.bulletin_id)
        .where(FigureClaim.scope == "group", FigureClaim.group_name == event.group_name)
        .order_by(col(FigureClaim.start))
    )
    return list(session.exec(query).all())
