"""Bulletins: lists, single reads and the text split into marked segments."""

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.bulletins.models import Bulletin
from app.errors import NotFound
from app.events.models import ConflictEvent, FigureClaim


@dataclass(frozen=True)
class Segment:
    """A run of bulletin text: plain, an event's place, a figure, or outside the bulletin."""

    text: str
    kind: str  # plain / place / figure / outside
    ref: int | None = None


def list_bulletins(session: Session, *, limit: int = 50, offset: int = 0) -> tuple[list[Bulletin], int]:
    """Bulletins, newest first."""
    total = session.exec(select(func.count()).select_from(Bulletin)).one()
    query = select(Bulletin).order_by(col(Bulletin.published_on).desc().nulls_last(), col(Bulletin.id).desc())
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
