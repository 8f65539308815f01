"""Conflict events and figure claims: filtered lists and single reads."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.errors import NotFound
from app.events.models import ConflictEvent, FigureClaim


@dataclass(frozen=True)
class EventFilters:
    """What a reader narrowed the event list to."""

    region: str | None = None
    place: str | None = None
    bulletin: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    unresolved: bool = False


def list_events(
    session: Session, *, filters: EventFilters, limit: int = 50, offset: int = 0
) -> tuple[list[ConflictEvent], int]:
    """Events matching the filters, newest first, in bulletin order within a day."""
    query = select(ConflictEvent)
    if filters.region:
        query = query.where(ConflictEvent.region_code == filters.region.upper())
    if filters.place:
        query = query.where(ConflictEvent.place_code == filters.place)
    if filters.bulletin is not None:
        query = query.where(ConflictEvent.bulletin_id == filters.bulletin)
    if filters.date_from:
        query = query.where(col(ConflictEvent.date) >= filters.date_from)
    if filters.date_to:
        query = query.where(col(ConflictEvent.date) <= filters.date_to)
    if filters.unresolved:
        query = query.where(col(ConflictEvent.place_code).is_(None))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    ordered = query.order_by(col(ConflictEvent.date).desc().nulls_last(), col(ConflictEvent.bulletin_id).desc(),
                             col(ConflictEvent.place_start))  # fmt: skip
    return list(session.exec(ordered.offset(offset).limit(limit)).all()), int(total)


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
