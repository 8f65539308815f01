"""Conflict events and figure claims: single reads, and every write to them."""

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from app.bulletins.extraction.drafts import EventDraft, FigureDraft, ParsedBulletin
from app.bulletins.models import Bulletin
from app.db import BULK_LOAD, analyze_after_bulk_load, bulk_insert
from app.errors import NotFound
from app.events import claims
from app.events.models import ConflictEvent, FigureClaim
from app.links import service as links_service
from app.places import regions as regions_table
from app.places import service as places_service
from app.places.models import Place, Region
from search import outbox


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


# --- Writes: the events domain owns its rows, their search documents and the links they feed. ---

_EVENTS: Table = ConflictEvent.__table__  # type: ignore[attr-defined]  # Core inserts: no ORM bookkeeping
_FIGURES: Table = FigureClaim.__table__  # type: ignore[attr-defined]

# Place resolutions an editor decided; re-extraction keeps them.
EDITOR_METHODS = {"correction", "manual"}


@dataclass
class EventChanges:
    """What a write did to events, so search and links can follow."""

    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)
    related: list[int] = field(default_factory=list)  # other claimants' events compared with deleted ones
    regions: set[str] = field(default_factory=set)
    former: set[tuple[str | None, str | None]] = field(default_factory=set)  # (place, region) events left
    figures: int = 0

    def merge(self, other: "EventChanges") -> None:
        """Add another write's changes to these."""
        self.created += other.created
        self.updated += other.updated
        self.deleted += other.deleted
        self.related += other.related
        self.regions |= other.regions
        self.former |= other.former
        self.figures += other.figures

    @property
    def touched(self) -> bool:
        """True when any event was created, changed or removed."""
        return bool(self.created or self.updated or self.deleted)


def create_from_drafts(
    session: Session, *, bulletin: Bulletin, parsed: ParsedBulletin,
    known_corrections: dict[tuple[str, str], str | None] | None = None,
) -> EventChanges:  # fmt: skip
    """Store a new bulletin's events and figures, resolved to places, and queue their documents."""
    return replace_from_drafts(session, bulletin=bulletin, parsed=parsed, known_corrections=known_corrections)


def replace_from_drafts(
    session: Session, *, bulletin: Bulletin, parsed: ParsedBulletin,
    known_corrections: dict[tuple[str, str], str | None] | None = None,
) -> EventChanges:  # fmt: skip
    """Make a bulletin's events and figures what the parse says; the caller commits.

    An event that is found again (same span, same action) keeps its id, so its links and search
    document stay; an editor's place decision on it is kept. Events no longer found are deleted.
    """
    assert bulletin.id is not None
    changes = EventChanges()
    known = places_service.corrections(session) if known_corrections is None else known_corrections
    old = list(session.exec(select(ConflictEvent).where(ConflictEvent.bulletin_id == bulletin.id)).all())
    if not old:
        return _insert_new(session, bulletin, parsed, known)
    by_key: dict[tuple[int, int, str], list[ConflictEvent]] = defaultdict(list)
    for event in old:
        by_key[(event.place_start, event.place_end, event.action)].append(event)
    for draft in parsed.events:
        previous = by_key.get((draft.place_span.start, draft.place_span.end, draft.action))
        found = previous.pop(0) if previous else None
        kept = _editor_resolution(found) if found and found.place_as_written == draft.place_as_written else None
        values = _values(session, bulletin, parsed, draft, known)
        if found is None:
            event = ConflictEvent(bulletin_id=bulletin.id, **values)
        else:
            event = found
            if (found.place_code, found.region_code) != (values["place_code"], values["region_code"]):
                changes.former.add((found.place_code, found.region_code))
            for name, value in values.items():
                setattr(event, name, value)
        if kept:
            _apply_resolution(event, **kept)
        is_new = event.id is None
        session.add(event)
        session.flush()
        assert event.id is not None
        (changes.created if is_new else changes.updated).append(event.id)
        if event.region_code:
            changes.regions.add(event.region_code)
        outbox.enqueue(session, entity="event", entity_id=event.id)
    leftovers = [event for events in by_key.values() for event in events]
    changes.merge(_delete_events(session, leftovers))
    changes.figures = _replace_figures(session, bulletin, parsed)
    return changes


def _insert_new(
    session: Session, bulletin: Bulletin, parsed: ParsedBulletin, known: dict[tuple[str, str], str | None]
) -> EventChanges:
    """A bulletin without events yet: its events, outbox rows and figures in three bulk inserts."""
    assert bulletin.id is not None
    return insert_rows(session, rows=[(bulletin.id, draft_rows(text=bulletin.text, parsed=parsed, known=known))])[0]


@dataclass
class DraftRows:
    """A new bulletin's events and figures as table rows (no bulletin id yet), resolved to places.

    Made without the database (see `draft_rows`), so worker processes can make them; the regions
    and places they refer to are stored by `insert_rows`.
    """

    events: list[dict[str, Any]]
    figures: list[dict[str, Any]]
    region_codes: set[str]
    place_codes: set[str]


def draft_rows(*, text: str, parsed: ParsedBulletin, known: Mapping[tuple[str, str], str | None]) -> DraftRows:
    """A parse's events (regions and places resolved with these editors' corrections) and figures as rows."""
    events = [_row(text, parsed, draft, known) for draft in parsed.events]
    figures = [_figure_values(text, parsed, draft) for draft in parsed.figures]
    regions = {row["region_code"] for row in events if row["region_code"]}
    places = {row["place_code"] for row in events if row["place_code"]}
    return DraftRows(events, figures, regions, places)


def insert_rows(session: Session, *, rows: Sequence[tuple[int, DraftRows]]) -> list[EventChanges]:
    """Store new bulletins' events and figures (bulletin id, rows) in a few bulk inserts; the caller commits.

    Returns each bulletin's changes, in order. The regions and places the events refer to are stored
    first; every event gets its search outbox row.
    """
    places_service.ensure_referenced(
        session, region_codes={c for _, r in rows for c in r.region_codes},
        place_codes={c for _, r in rows for c in r.place_codes},
    )  # fmt: skip
    connection = session.connection()
    events = [{**event, "bulletin_id": bulletin_id} for bulletin_id, r in rows for event in r.events]
    bulk_insert(connection, _EVENTS, events)  # no RETURNING (SQLite would insert row by row): ids read back
    figures = [{**figure, "bulletin_id": bulletin_id} for bulletin_id, r in rows for figure in r.figures]
    bulk_insert(connection, _FIGURES, figures)
    created: dict[int, list[int]] = defaultdict(list)
    if events:
        of_these = _EVENTS.c.bulletin_id.in_([bulletin_id for bulletin_id, _ in rows])
        outbox.enqueue_selected(session, entity="event", ids=select_columns(_EVENTS.c.id).where(of_these))
        query = select_columns(_EVENTS.c.bulletin_id, _EVENTS.c.id).where(of_these).order_by(_EVENTS.c.id)
        for bulletin_id, event_id in connection.execute(query):
            created[bulletin_id].append(event_id)
    return [
        EventChanges(created=created.get(bulletin_id, []), regions=set(r.region_codes), figures=len(r.figures))
        for bulletin_id, r in rows
    ]


def delete_for_bulletin(session: Session, *, bulletin_id: int) -> EventChanges:
    """Delete a bulletin's events and figures (search documents and links follow); the caller commits."""
    events = list(session.exec(select(ConflictEvent).where(ConflictEvent.bulletin_id == bulletin_id)).all())
    changes = _delete_events(session, events)
    for figure in session.exec(select(FigureClaim).where(FigureClaim.bulletin_id == bulletin_id)).all():
        session.delete(figure)
    return changes


def set_place_resolution(
    session: Session, *, event: ConflictEvent, place_code: str | None, method: str = "manual", score: float = 100.0
) -> EventChanges:
    """Pin an event on a place (or mark its name as not a place) as an editor decided; the caller commits."""
    assert event.id is not None
    if place_code is not None:
        place_code = places_service.store_place(session, code=place_code).code
    changes = EventChanges(updated=[event.id], regions={event.region_code} if event.region_code else set())
    if event.place_code != place_code:
        changes.former.add((event.place_code, event.region_code))
    _apply_resolution(event, place_code=place_code, place_method=method, place_score=score)
    session.add(event)
    outbox.enqueue(session, entity="event", entity_id=event.id)
    return changes


def compare_claims(session: Session, *, event_ids: list[int]) -> dict[str, list[int]]:
    """The claim statuses these events change, by new status (reads only): what a ClaimsStarter runs."""
    return claims.compare(session, event_ids=event_ids)


# Starts comparing claims elsewhere (another process) for these event ids; gives a way to wait for the result.
ClaimsStarter = Callable[[list[int]], Callable[[], dict[str, list[int]]]]


def refresh_links(
    session: Session, *, changes: EventChanges, start_claims: ClaimsStarter | None = None,
    map_candidates: links_service.CandidatesMapper | None = None,
) -> None:  # fmt: skip
    """Follow event changes: cross-party claim status, then the links domain (which commits).

    A bulk ingest, whose events are all committed by then, has its idle worker processes compare
    claims (`start_claims`) and compute link candidates (`map_candidates`) while this process writes.
    """
    if not changes.touched:
        return
    live = changes.created + changes.updated
    gone = set(changes.deleted)
    # Another process reads only what is committed: a caller passing start_claims committed every event.
    pending = (start_claims or _claims_here(session))(live + [i for i in changes.related if i not in gone])
    links_service.refresh_for_events(session, event_ids=live, created=changes.created, mapper=map_candidates)
    if changes.former:  # articles about where removed or moved events were may take other events instead
        articles = links_service.articles_about(session, rows=sorted(changes.former, key=str))
        links_service.refresh_auto_links(session, article_ids=articles)
    claims.apply(session, changed=pending())
    session.commit()
    if len(changes.created) >= BULK_LOAD:
        analyze_after_bulk_load(session, [_EVENTS, _FIGURES])


def _claims_here(session: Session) -> ClaimsStarter:
    """Compare claims in this process, at once (pending writes included)."""

    def start(event_ids: list[int]) -> Callable[[], dict[str, list[int]]]:
        session.flush()
        changed = claims.compare(session, event_ids=event_ids)
        return lambda: changed

    return start


def _region(draft: EventDraft, country: str) -> places_service.RegionMatch | None:
    """The region as written; else the one the extractor inferred from lists and sections; else the place's."""
    if draft.region_as_written or not draft.region_code or not places_service.known_region(draft.region_code):
        return places_service.resolve_region(
            region_as_written=draft.region_as_written, place_as_written=draft.place_as_written, country=country
        )
    return places_service.RegionMatch(draft.region_code.upper(), "inferred")


def _values(
    session: Session, bulletin: Bulletin, parsed: ParsedBulletin, draft: EventDraft,
    known: dict[tuple[str, str], str | None],
) -> dict[str, Any]:  # fmt: skip
    """An event's columns from its draft, with the region and place it refers to stored."""
    values = _row(bulletin.text, parsed, draft, known)
    places_service.ensure_referenced(
        session, region_codes=[values["region_code"]] if values["region_code"] else [],
        place_codes=[values["place_code"]] if values["place_code"] else [],
    )  # fmt: skip
    return values


def _row(
    text: str, parsed: ParsedBulletin, draft: EventDraft, known: Mapping[tuple[str, str], str | None]
) -> dict[str, Any]:
    """An event's columns from its draft: region and place resolved, quote cut from the text (no database)."""
    country = draft.country or parsed.country
    region = _region(draft, country)
    region_code = region.code if region else None
    place = places_service.match_place(
        name=draft.place_as_written, region_code=region_code,
        context=_context(draft.neighbours, region_code), known_corrections=known, country=country,
    )  # fmt: skip
    return {
        "date": draft.event_date or parsed.as_of or parsed.published_on,
        "date_precision": draft.date_precision if draft.event_date else "day",
        "claimant": parsed.issuer or "Unknown issuer", "actor": draft.actor, "target_actor": draft.target_actor,
        "action": draft.action, "group_name": draft.group_name, "group_as_written": draft.group_as_written,
        "place_as_written": draft.place_as_written, "region_as_written": draft.region_as_written,
        "place_start": draft.place_span.start, "place_end": draft.place_span.end,
        "region_code": region_code, "region_method": region.method if region else "none",
        "place_same_name_count": place.same_name_count,
        **_resolution(place.code, place.method, place.score, has_region=region_code is not None),
        "paragraph_index": draft.paragraph_index, "paragraph_truncated": draft.paragraph_truncated,
        "quote": text[draft.quote_span.start : draft.quote_span.end],
        "quote_start": draft.quote_span.start, "quote_end": draft.quote_span.end,
        "confidence": 0.3 if draft.paragraph_truncated else 0.5,
    }  # fmt: skip


def _apply_resolution(event: ConflictEvent, *, place_code: str | None, place_method: str, place_score: float) -> None:
    values = _resolution(place_code, place_method, place_score, has_region=event.region_code is not None)
    for name, value in values.items():
        setattr(event, name, value)


def _resolution(code: str | None, method: str, score: float, *, has_region: bool) -> dict[str, Any]:
    """Place columns for a resolution; an editor's decision reads as corrected or not a place."""
    if method in EDITOR_METHODS:
        status = "corrected" if code else "not_a_place"
    else:
        status = "resolved" if code else "unresolved"
    precision = "settlement" if code else ("region" if has_region else "none")
    return {"place_code": code, "place_method": method, "place_score": score, "place_status": status,
            "geo_precision": precision}  # fmt: skip


def _editor_resolution(event: ConflictEvent) -> dict[str, Any] | None:
    if event.place_method not in EDITOR_METHODS:
        return None
    return {"place_code": event.place_code, "place_method": event.place_method, "place_score": event.place_score}


def _context(neighbours: tuple[tuple[str, str], ...], default_region: str | None) -> list[tuple[str, str]]:
    """Neighbouring names with their regions, so a namesake in another oblast is not evidence."""
    pairs = []
    for name, region_as_written in neighbours:
        region = regions_table.resolve(region_as_written) if region_as_written else None
        code = region.code if region else default_region
        if code:
            pairs.append((name, code))
    return pairs


def _delete_events(session: Session, events: list[ConflictEvent]) -> EventChanges:
    changes = EventChanges()
    ids = [event.id for event in events if event.id is not None]
    if not ids:
        return changes
    links_service.forget_events(session, event_ids=ids)
    session.flush()  # links go before the events they point to
    for event in events:
        changes.related += [other.id for other in claims.counterparts(session, event=event) if other.id is not None]
        changes.former.add((event.place_code, event.region_code))
        if event.region_code:
            changes.regions.add(event.region_code)
        session.delete(event)
    for event_id in ids:
        outbox.enqueue(session, entity="event", entity_id=event_id)  # the relay deletes missing ids
    changes.deleted = ids
    session.flush()
    return changes


def _replace_figures(session: Session, bulletin: Bulletin, parsed: ParsedBulletin) -> int:
    for figure in session.exec(select(FigureClaim).where(FigureClaim.bulletin_id == bulletin.id)).all():
        session.delete(figure)
    assert bulletin.id is not None
    for draft in parsed.figures:
        session.add(FigureClaim(bulletin_id=bulletin.id, **_figure_values(bulletin.text, parsed, draft)))
    return len(parsed.figures)


def _figure_values(text: str, parsed: ParsedBulletin, draft: FigureDraft) -> dict[str, Any]:
    return {
        "category": draft.category, "value": draft.value,
        "qualifier": draft.qualifier, "unit": draft.unit, "scope": draft.scope,
        "group_name": draft.group_name, "since": draft.since,
        "claimant": parsed.issuer or "Unknown issuer",
        "quote": text[draft.quote_span.start : draft.quote_span.end],
        "start": draft.span.start, "end": draft.span.end,
        "check_status": draft.check_status, "check_detail": draft.check_detail,
    }  # fmt: skip
