"""Browsing events: filters, sort, facet counts and export rows over one query."""

import base64
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import and_, func, or_
from sqlmodel import Session, col, select

from app.articles.models import Article, ArticleStatus, ArticleTopic
from app.errors import AppError
from app.events.models import ConflictEvent
from app.links.models import ArticleEventLink
from search import outbox

SORTS = ("newest", "oldest")
# Deeper pages cost a scan of every row before them: past this, narrow the filters or export.
MAX_OFFSET = 10_000


class OffsetTooDeep(AppError):
    """A page further into the list than MAX_OFFSET."""

    status_code = 400
    field = "offset"


FACETS = ("region_code", "claimant", "action", "group_name", "claim_status")
FACET_SIZE = 25


@dataclass(frozen=True)
class EventFilters:
    """What a reader narrowed the event list to (region and place as codes, already resolved)."""

    region: str | None = None
    place: str | None = None
    bulletin: int | None = None
    claimant: str | None = None
    action: str | None = None
    group: str | None = None
    claim_status: str | None = None
    article: int | None = None
    topic: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    unresolved: bool = False
    sort: str = "newest"

    def without(self, name: str) -> "EventFilters":
        """The same filters less one (for that facet's counts)."""
        cleared: dict[str, Any] = {name: None}
        return replace(self, **cleared)


def where(query: Any, filters: EventFilters) -> Any:
    """The query narrowed to the events matching the filters (shared with the timeline)."""
    return _where(query, filters)


def _where(query: Any, filters: EventFilters) -> Any:
    if filters.region:
        query = query.where(ConflictEvent.region_code == filters.region)
    if filters.place:
        query = query.where(ConflictEvent.place_code == filters.place)
    if filters.bulletin is not None:
        query = query.where(ConflictEvent.bulletin_id == filters.bulletin)
    if filters.claimant:
        query = query.where(ConflictEvent.claimant == filters.claimant)
    if filters.action:
        query = query.where(ConflictEvent.action == filters.action)
    if filters.group:
        query = query.where(ConflictEvent.group_name == filters.group)
    if filters.claim_status:
        query = query.where(ConflictEvent.claim_status == filters.claim_status)
    if filters.article is not None:
        linked = select(ArticleEventLink.event_id).where(
            ArticleEventLink.article_id == filters.article, col(ArticleEventLink.hidden).is_(False)
        )
        query = query.where(col(ConflictEvent.id).in_(linked))
    if filters.topic:
        query = query.where(col(ConflictEvent.id).in_(_linked_to_topic(filters.topic)))
    if filters.date_from:
        query = query.where(col(ConflictEvent.date) >= filters.date_from)
    if filters.date_to:
        query = query.where(col(ConflictEvent.date) <= filters.date_to)
    if filters.unresolved:
        query = query.where(col(ConflictEvent.place_code).is_(None))
    return query


def _linked_to_topic(slug: str) -> Any:
    """Ids of events linked (visibly) to a published article on this topic."""
    return (
        select(ArticleEventLink.event_id)
        .join(ArticleTopic, col(ArticleTopic.article_id) == ArticleEventLink.article_id)
        .join(Article, col(Article.id) == ArticleEventLink.article_id)
        .where(ArticleTopic.topic_slug == slug, col(ArticleEventLink.hidden).is_(False))
        .where(Article.status == ArticleStatus.published)
    )


def _ordered(query: Any, sort: str) -> Any:
    # The id last makes the order total, so a cursor names one position in it.
    if sort == "oldest":
        return query.order_by(
            col(ConflictEvent.date).asc().nulls_last(), col(ConflictEvent.bulletin_id), col(ConflictEvent.place_start),
            col(ConflictEvent.id),
        )  # fmt: skip
    return query.order_by(
        col(ConflictEvent.date).desc().nulls_last(),
        col(ConflictEvent.bulletin_id).desc(),
        col(ConflictEvent.place_start),
        col(ConflictEvent.id),
    )


class BadCursor(AppError):
    """A cursor this list did not hand out."""

    status_code = 400
    field = "cursor"


@dataclass(frozen=True)
class Cursor:
    """A position in the event list: the sort key of the last event of a page."""

    day: date | None
    bulletin_id: int
    place_start: int
    event_id: int

    def encode(self) -> str:
        """The opaque text form a `next` link carries."""
        raw = f"{self.day.isoformat() if self.day else '-'}~{self.bulletin_id}~{self.place_start}~{self.event_id}"
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> "Cursor":
        """Read a cursor; BadCursor for anything this list did not hand out."""
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
            day, bulletin_id, place_start, event_id = raw.split("~")
            parsed = cls(None if day == "-" else date.fromisoformat(day), int(bulletin_id), int(place_start),
                         int(event_id))  # fmt: skip
        except (ValueError, UnicodeDecodeError) as error:
            raise BadCursor(f"cursor {text[:40]!r} is not one this list handed out ({error})") from None
        if not all(0 <= n <= MAX_KEY for n in (parsed.bulletin_id, parsed.place_start, parsed.event_id)):
            raise BadCursor(f"cursor {text[:40]!r} is out of range")
        return parsed

    @classmethod
    def after(cls, event: ConflictEvent) -> "Cursor":
        """The cursor just past this event."""
        assert event.id is not None
        return cls(event.date, event.bulletin_id, event.place_start, event.id)


MAX_KEY = 2**63 - 1


def _past(query: Any, cursor: Cursor, sort: str) -> Any:
    """The events after the cursor in the list's order (dates first, undated events last)."""
    later = sort == "oldest"
    day, bulletin, start, event_id = (col(ConflictEvent.date), col(ConflictEvent.bulletin_id),
                                      col(ConflictEvent.place_start), col(ConflictEvent.id))  # fmt: skip
    same_day_after = or_(
        (bulletin > cursor.bulletin_id) if later else (bulletin < cursor.bulletin_id),
        and_(bulletin == cursor.bulletin_id, or_(start > cursor.place_start,
                                                  and_(start == cursor.place_start, event_id > cursor.event_id))),
    )  # fmt: skip
    if cursor.day is None:
        return query.where(day.is_(None), same_day_after)
    beyond = (day > cursor.day) if later else (day < cursor.day)
    return query.where(or_(beyond, day.is_(None), and_(day == cursor.day, same_day_after)))


def list_events(
    session: Session, *, filters: EventFilters, limit: int = 50, offset: int = 0
) -> tuple[list[ConflictEvent], int]:
    """Events matching the filters in the chosen order, and how many match in all."""
    if offset > MAX_OFFSET:
        raise OffsetTooDeep(
            f"offset {offset} is beyond {MAX_OFFSET}: follow the `next` links (a cursor goes to any depth), narrow "
            "the list with filters (date_from, date_to, region, place, claimant), or download /api/v1/events.csv"
        )
    query = _where(select(ConflictEvent), filters)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(_ordered(query, filters.sort).offset(offset).limit(limit)).all()
    return list(rows), int(total)


@dataclass(frozen=True)
class EventPage:
    """One page of the list, how many match in all, where the page starts, and the next page's cursor."""

    events: list[ConflictEvent]
    total: int
    offset: int
    next_cursor: str | None  # None on the last page


def page_events(
    session: Session, *, filters: EventFilters, limit: int = 50, offset: int = 0, cursor: str | None = None
) -> EventPage:
    """A page by offset or by cursor (from `Cursor.after` of a page's last event, at any depth, with
    shallow reads); the next page is always named by a cursor, so it is never too deep."""
    if cursor is None:
        events, total = list_events(session, filters=filters, limit=limit + 1, offset=offset)
    else:
        query = _where(select(ConflictEvent), filters)
        after = _past(query, Cursor.decode(cursor), filters.sort)
        total = int(session.exec(select(func.count()).select_from(query.subquery())).one())
        remaining = int(session.exec(select(func.count()).select_from(after.subquery())).one())
        events, offset = list(session.exec(_ordered(after, filters.sort).limit(limit + 1)).all()), total - remaining
    more = len(events) > limit
    events = events[:limit]
    return EventPage(events, total, offset, Cursor.after(events[-1]).encode() if more and events else None)


FACET_TTL = 60.0  # seconds a computed set of counts may serve while the events are unchanged
_facet_cache: dict[tuple[Any, ...], tuple[float, dict[str, list[tuple[str, int]]]]] = {}


def facets(session: Session, *, filters: EventFilters) -> dict[str, list[tuple[str, int]]]:
    """Counts per value of each facet, each over the other filters (so a chosen value keeps its siblings).

    Five GROUP BY scans cost hundreds of milliseconds at 100,000 events, so counts are kept while
    no event changed: every event write queues a search update, whose id is the change stamp.
    """
    newest_event = session.exec(select(func.max(ConflictEvent.id))).one()
    key = (str(session.get_bind().engine.url), filters, newest_event, outbox.latest_change(session))
    kept = _facet_cache.get(key)
    if kept is not None and time.monotonic() - kept[0] < FACET_TTL:
        return kept[1]
    counts = _facet_counts(session, filters)
    if len(_facet_cache) >= 512:
        _facet_cache.clear()
    _facet_cache[key] = (time.monotonic(), counts)
    return counts


def _facet_counts(session: Session, filters: EventFilters) -> dict[str, list[tuple[str, int]]]:
    names = {"region_code": "region", "claimant": "claimant", "action": "action", "group_name": "group",
             "claim_status": "claim_status"}  # fmt: skip
    counts: dict[str, list[tuple[str, int]]] = {}
    for column_name, filter_name in names.items():
        column = getattr(ConflictEvent, column_name)
        query = _where(select(column, func.count()).select_from(ConflictEvent), filters.without(filter_name))
        query = query.where(column.is_not(None)).group_by(column).order_by(func.count().desc(), column)
        counts[filter_name] = [(str(value), int(n)) for value, n in session.exec(query.limit(FACET_SIZE)) if value]
    return counts


def stream(session: Session, *, filters: EventFilters, batch: int = 1000) -> Iterator[ConflictEvent]:
    """Every matching event in id order, read in batches (keyset), so an export of any size streams."""
    last_id = 0
    while True:
        query = _where(select(ConflictEvent), filters).where(col(ConflictEvent.id) > last_id)
        rows = list(session.exec(query.order_by(col(ConflictEvent.id)).limit(batch)).all())
        yield from rows
        if len(rows) < batch:
            return
        last_id = rows[-1].id or last_id


def top_values(session: Session, *, filters: EventFilters, column: str, limit: int = 10) -> list[tuple[str, int]]:
    """The most frequent values of one event column (place_code, claimant, ...) among the matching events."""
    field = getattr(ConflictEvent, column)
    query = _where(select(field, func.count()).select_from(ConflictEvent), filters).where(field.is_not(None))
    rows = session.exec(query.group_by(field).order_by(func.count().desc(), field).limit(limit)).all()
    return [(str(value), int(n)) for value, n in rows if value]


def count_by(session: Session, *, column: str) -> dict[str, int]:
    """How many events each value of one column has (e.g. events per region code)."""
    field = getattr(ConflictEvent, column)
    rows = session.exec(select(field, func.count()).where(field.is_not(None)).group_by(field)).all()
    return {str(value): int(n) for value, n in rows}
