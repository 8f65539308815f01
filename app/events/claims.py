"""Cross-party claims: the same place on the same days, reported by different claimants."""

from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

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


def stance(action: str) -> str:
    """'gain', 'hold' or 'activity': what an action claims about control of the place."""
    if action in GAINS:
        return "gain"
    if action in HOLDS:
        return "hold"
    return "activity"


def contradicts(a: ConflictEvent, b: ConflictEvent) -> bool:
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


def status_of(event: ConflictEvent, others: Sequence[ConflictEvent]) -> str:
    """claimed (one side only), corroborated (another claimant reports it) or contested."""
    if not others:
        return "claimed"
    return "contested" if any(contradicts(event, other) for other in others) else "corroborated"


KEYS_PER_QUERY = 200


def refresh_claims(session: Session, *, event_ids: Sequence[int]) -> list[int]:
    """Recompute claim status for these events and those they are compared with; the changed ids."""
    if not event_ids:
        return []
    events = list(session.exec(select(ConflictEvent).where(col(ConflictEvent.id).in_(event_ids))).all())
    keys = {(e.place_code, e.date) for e in events if e.place_code and e.date}
    touched: dict[int, ConflictEvent] = {e.id: e for e in events if e.id is not None}
    ordered = sorted((place, day) for place, day in keys if place and day is not None)
    # In slices: one OR over thousands of keys exceeds SQLite's expression depth (1,000).
    for start in range(0, len(ordered), KEYS_PER_QUERY):
        near = or_(
            *(
                and_(
                    col(ConflictEvent.place_code) == place,
                    col(ConflictEvent.date) >= day - WINDOW,
                    col(ConflictEvent.date) <= day + WINDOW,
                )
                for place, day in ordered[start : start + KEYS_PER_QUERY]
            )
        )
        for other in session.exec(select(ConflictEvent).where(near)):
            if other.id is not None:
                touched.setdefault(other.id, other)
    changed = []
    for event_id, event in touched.items():
        status = status_of(event, counterparts(session, event=event))
        if status != event.claim_status:
            event.claim_status = status
            session.add(event)
            outbox.enqueue(session, entity="event", entity_id=event_id)
            changed.append(event_id)
    return changed
