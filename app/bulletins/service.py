"""Bulletins: ingestion entry points, lists, single reads and the text split into marked segments."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.bulletins import flows, sources
from app.bulletins.models import STATUS_LABELS, Bulletin
from app.config import get_settings
from app.errors import AppError, InputError, NotFound
from app.events import service as events_service
from app.events.models import ConflictEvent, FigureClaim


@dataclass(frozen=True)
class Segment:
    """A run of bulletin text: plain, an event's place, a figure, or outside the bulletin."""

    text: str
    kind: str  # plain / place / figure / outside
    ref: int | None = None


def ingest_text(
    session: Session, *, text: str, origin: str = "api", format: str | None = None, known_date: date | None = None
) -> dict[str, Any]:
    """Ingest one bulletin given as text; raises InputError when refused. The entry says if extraction failed."""
    if not text.strip():
        raise InputError(f"{origin}: the text is empty")
    if len(text.encode("utf-8")) > sources.MAX_BYTES:
        raise InputError(f"{origin}: the text is larger than {sources.MAX_BYTES:,} bytes")
    if "\x00" in text:
        raise InputError(f"{origin}: the text holds a NUL character; bulletins are plain text")
    raw = sources.RawBulletin(origin, "text", text)
    return _ingest_one(session, raw=raw, format=format, known_date=known_date)


def ingest_url(
    session: Session, *, url: str, format: str | None = None, known_date: date | None = None
) -> dict[str, Any]:
    """Fetch and ingest one bulletin URL (same safety rules as the CLI); raises InputError when refused."""
    raw = sources.fetch_url(url, allow_private=get_settings().allow_private_urls)
    return _ingest_one(session, raw=raw, format=format, known_date=known_date)


def _ingest_one(
    session: Session, *, raw: sources.RawBulletin, format: str | None, known_date: date | None
) -> dict[str, Any]:
    try:
        outcome = flows.ingest_raw(session, raw=raw, format=format, known_date=known_date)
    except InputError:
        session.rollback()
        raise
    events_service.refresh_links(session, changes=outcome.changes)
    return outcome.entry


def list_bulletins(
    session: Session, *, limit: int = 50, offset: int = 0, status: str | None = None
) -> tuple[list[Bulletin], int]:
    """Bulletins, newest first; `status` (as stored or as labelled, e.g. "extraction failed") narrows them."""
    query = select(Bulletin)
    if status:
        wanted = {label: key for key, label in STATUS_LABELS.items()} | {key: key for key in STATUS_LABELS}
        if status not in wanted:
            raise AppError(f"unknown bulletin status {status!r} (known: {', '.join(STATUS_LABELS.values())})")
        query = query.where(Bulletin.status == wanted[status])
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    query = query.order_by(col(Bulletin.published_on).desc().nulls_last(), col(Bulletin.id).desc())
    return list(session.exec(query.offset(offset).limit(limit)).all()), int(total)


def get(session: Session, *, bulletin_id: int) -> Bulletin:
    """One bulletin."""
    bulletin = session.get(Bulletin, bulletin_id)
    if bulletin is None:
        raise NotFound(f"no bulletin {bulletin_id}")
    return bulletin


def segments(bulletin: Bulletin, events: list[ConflictEvent], figures: list[FigureClaim]) -> list[Segment]:
    """The text cut at every extracted span, so a page can mark each one."""
    marks = sorted(
        [(e.place_start, e.place_end, "place", e.id) for e in events]
        + [(f.start, f.end, "figure", f.id) for f in figures]
    )
    result: list[Segment] = []
    cursor = 0
    for start, end, kind, ref in marks:
        if start < cursor:
            continue  # overlapping spans: keep the first
        if start > cursor:
            result.append(Segment(bulletin.text[cursor:start], "plain"))
        result.append(Segment(bulletin.text[start:end], kind, ref))
        cursor = end
    body_end = bulletin.body_end or len(bulletin.text)
    if cursor < body_end:
        result.append(Segment(bulletin.text[cursor:body_end], "plain"))
    if body_end < len(bulletin.text):
        result.append(Segment(bulletin.text[body_end:], "outside"))
    return result
