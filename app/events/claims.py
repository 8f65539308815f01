"""Cross-party claims: the same place on the same days, reported by different claimants."""

import bisect
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from typing import NamedTuple, Protocol

from sqlalchemy import distinct, func, or_, update
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from app.db import id_conditions
from app.events.models import ConflictEvent
from search import outbox

WINDOW = timedelta(days=1)  # "within the same day or two"

# What an action says about who holds the ground. A gain by one side against a hold (or a
# repelled attack) claimed by the other side at the same place is a contradiction.
GAINS = frozenset({"took_control", "advanced", "liberated", "captured", "occupied", "entered"})
HOLDS = frozenset(
    {"repelled", "attack_repelled", "repelled_attack", "repelled_assault", "held", "holding", "stopped", "thwarted"}
)
RANK = {"claimed": 0, "corroborated": 1, "contested": 2}


class Claim(Protocol):
    """What comparing two claims reads: an event, or its columns."""

    @property
    def action(self) -> str: ...

    @property
    def actor(self) -> str: ...


def stance(action: str) -> str:
    """'gain', 'hold' or 'activity': what an action claims about control of the place."""
    if action in GAINS:
        return "gain"
    if action in HOLDS:
        return "hold"
    return "activity"


def contradicts(a: Claim, b: Claim) -> bool:
    """True when two claims about one place cannot both be right (a gain against a hold)."""
    return {stance(a.action), stance(b.action)} == {"gain", "hold"} or (
        stance(a.action) == stance(b.action) == "gain" and a.actor != b.actor and bool(a.actor and b.actor)
    )


def counterparts(session: Session, *, event: ConflictEvent) -> list[ConflictEvent]:
    """Events by other claimants at the same resolved place within a day of this one."""
    if not event.place_code or event.date is None:
        return []
    query = (
        select(ConflictEvent)
        .where(ConflictEvent.place_code == event.place_code, ConflictEvent.claimant != event.claimant)
        .where(col(ConflictEvent.date) >= event.date - WINDOW, col(ConflictEvent.date) <= event.date + WINDOW)
        .order_by(col(ConflictEvent.date), col(ConflictEvent.id))
    )
    return list(session.exec(query).all())


def status_of(event: Claim, others: Sequence[Claim]) -> str:
    """claimed (one side only), corroborated (another claimant reports it) or contested."""
    if not others:
        return "claimed"
    return "contested" if any(contradicts(event, other) for other in others) else "corroborated"


def _near(ordered_days: list[date], day: date) -> bool:
    """True when a day lies within WINDOW of one of the sorted days."""
    at = bisect.bisect_left(ordered_days, day - WINDOW)
    return at < len(ordered_days) and ordered_days[at] <= day + WINDOW


def _by_day(claims_there: list["_Claim"]) -> dict[date, list["_Claim"]]:
    grouped: dict[date, list[_Claim]] = defaultdict(list)
    for claim in claims_there:
        if claim.date is not None:
            grouped[claim.date].append(claim)
    return grouped


class _Claim(NamedTuple):
    """The columns claim status depends on, read without loading whole events."""

    id: int
    place_code: str | None
    date: date | None
    claimant: str
    action: str
    actor: str
    claim_status: str


_CHUNK = 500  # ids or place codes per query: far below every database's parameter limit


def refresh_claims(session: Session, *, event_ids: Sequence[int]) -> list[int]:
    """Recompute claim status for these events and those they are compared with; the changed ids."""
    if not event_ids:
        return []
    session.flush()
    return apply(session, changed=compare(session, event_ids=event_ids))


def compare(session: Session, *, event_ids: Sequence[int]) -> dict[str, list[int]]:
    """The events whose claim status changes, by new status: these and those they are compared with.

    Only reads, so it may run on a connection of its own (a bulk ingest runs it in a worker process
    while links are computed). Reads in chunks and compares in memory (a constant number of queries
    per 500 events, one per run of consecutive ids), so a directory of bulletins refreshes in one pass.
    """
    if not event_ids:
        return {}
    columns = [col(ConflictEvent.id), col(ConflictEvent.place_code), col(ConflictEvent.date),
               col(ConflictEvent.claimant), col(ConflictEvent.action), col(ConflictEvent.actor),
               col(ConflictEvent.claim_status)]  # fmt: skip
    events: dict[int, _Claim] = {}
    for condition in id_conditions(col(ConflictEvent.id), event_ids, chunk=_CHUNK):
        events.update((row[0], _Claim(*row)) for row in session.execute(select_columns(*columns).where(condition)))
    days: dict[str, set[date]] = defaultdict(set)  # place -> the days of the given events there
    for event in events.values():
        if event.place_code and event.date:
            days[event.place_code].add(event.date)
    at_place: dict[str, list[_Claim]] = defaultdict(list)
    shared: set[str] = set()  # places more than one claimant reports on around these days
    places = sorted(days)
    for start in range(0, len(places), _CHUNK):
        chunk = places[start : start + _CHUNK]
        low = min(min(days[p]) for p in chunk) - 2 * WINDOW
        high = max(max(days[p]) for p in chunk) + 2 * WINDOW
        around = [col(ConflictEvent.place_code).in_(chunk), col(ConflictEvent.date).between(low, high)]
        by_claimants = select_columns(col(ConflictEvent.place_code)).where(*around).group_by(ConflictEvent.place_code)
        shared_here: set[str] = set(
            session.scalars(by_claimants.having(func.count(distinct(col(ConflictEvent.claimant))) > 1))
        )
        shared |= shared_here
        # Elsewhere every event is "claimed" (the usual case): only those marked otherwise may change.
        wanted = or_(
            col(ConflictEvent.place_code).in_(sorted(shared_here)), col(ConflictEvent.claim_status) != "claimed"
        )
        for row in session.execute(select_columns(*columns).where(*around, wanted)):
            at_place[row[1]].append(events.get(row[0]) or _Claim(*row))
    touched = dict(events)
    for place, claims_there in at_place.items():
        ordered = sorted(days[place])
        for claim in claims_there:
            if claim.date is not None and _near(ordered, claim.date):
                touched.setdefault(claim.id, claim)
    by_day = {place: _by_day(at_place[place]) for place in shared}
    changed: dict[str, list[int]] = defaultdict(list)
    for event_id, event in touched.items():
        others = []
        if event.place_code in shared and event.date is not None:
            there = by_day.get(event.place_code, {})
            span = range(-WINDOW.days, WINDOW.days + 1)
            nearby = [o for offset in span for o in there.get(event.date + timedelta(days=offset), ())]
            others = [o for o in nearby if o.claimant != event.claimant]
        status = status_of(event, others)
        if status != event.claim_status:
            changed[status].append(event_id)
    return dict(changed)


def apply(session: Session, *, changed: dict[str, list[int]]) -> list[int]:
    """Store the new claim statuses `compare` found and queue the events for search; the changed ids."""
    for status, ids in changed.items():
        for start in range(0, len(ids), _CHUNK):
            batch = ids[start : start + _CHUNK]
            session.exec(update(ConflictEvent).where(col(ConflictEvent.id).in_(batch)).values(claim_status=status))
            for event_id in batch:
                outbox.enqueue(session, entity="event", entity_id=event_id)
    return [event_id for ids in changed.values() for event_id in ids]
