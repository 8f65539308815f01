"""The transactional outbox: writers enqueue, relays claim rows and push them to Meilisearch.

Exactly once in effect, with any number of relays:
- a relay *claims* due rows (a lease: `claimed_by` + `claimed_until`) in a short transaction that
  is serialised between relays (an advisory lock and `FOR UPDATE SKIP LOCKED` on PostgreSQL, the
  write lock on SQLite), and never claims an entity another relay holds, so one entity is only
  ever pushed by one relay at a time and pushes of it cannot overtake each other;
- the documents are built from the database after the claim, so they hold the newest state;
- a row is done only when Meilisearch's task succeeded; a relay whose lease ran out meanwhile
  (it stalled) re-enqueues what it pushed, since its push may have landed after a newer one.
"""

import os
import socket
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from typing import cast as typed

from meilisearch import Client
from meilisearch.errors import MeilisearchError
from requests import RequestException
from sqlalchemy import Engine, Select, String, Table, cast, func, insert, literal, text, update
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, delete, or_, select

from app.db import begin_write, utcnow
from search.client import SearchTarget
from search.documents import ENTITIES
from search.models import SearchOutbox

BATCH = 2000
LEASE_SECONDS = 120
MAX_BACKOFF_SECONDS = 60
RETENTION_DAYS = 7
# Any constant: the key of the PostgreSQL advisory lock that serialises claims between relays.
_CLAIM_LOCK_KEY = 7_314_159_265


def enqueue(session: Session, *, entity: str, entity_id: int | str) -> None:
    """Record that an entity changed; call inside the writing transaction."""
    if entity not in ENTITIES:
        raise ValueError(f"unknown search entity {entity!r}")
    session.add(SearchOutbox(entity=entity, entity_id=str(entity_id)))


def enqueue_many(session: Session, *, entity: str, entity_ids: Sequence[int | str]) -> None:
    """Record that many entities changed, in one bulk insert; call inside the writing transaction."""
    if entity not in ENTITIES:
        raise ValueError(f"unknown search entity {entity!r}")
    if not entity_ids:
        return
    # One model instance gives every column's default (whatever columns the outbox has).
    template = SearchOutbox(entity=entity, entity_id="").model_dump(exclude={"id"})
    session.execute(insert(SearchOutbox), [{**template, "entity_id": str(i)} for i in entity_ids])


def enqueue_selected(session: Session, *, entity: str, ids: Select[Any]) -> None:
    """Record that the entities a query selects (its one column: their ids) changed, in one INSERT ... SELECT."""
    if entity not in ENTITIES:
        raise ValueError(f"unknown search entity {entity!r}")
    template = SearchOutbox(entity=entity, entity_id="").model_dump(exclude={"id"})
    names = list(template)
    chosen = ids.subquery()
    values = [
        cast(chosen.c[0], String).label(name) if name == "entity_id" else literal(template[name], _OUTBOX.c[name].type)
        for name in names
    ]
    session.execute(insert(_OUTBOX).from_select(names, select_columns(*values).select_from(chosen)))


_OUTBOX: Table = SearchOutbox.__table__  # type: ignore[attr-defined]


def relay_name() -> str:
    """A name unique to one relay: host, process and a random part."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class RelayResult:
    """What one relay pass did."""

    processed: int = 0
    failed: int = 0
    documents: int = 0
    requeued: int = 0
    error: str = ""
    entities: tuple[str, ...] = ()


@dataclass
class Backlog:
    """Rows not yet pushed and how long the oldest has waited."""

    pending: int
    oldest_seconds: float | None


def pending_count(session: Session) -> int:
    """Outbox rows not yet pushed to Meilisearch."""
    query = select(func.count()).select_from(SearchOutbox).where(col(SearchOutbox.processed_at).is_(None))
    return int(session.exec(query).one())


def backlog(session: Session) -> Backlog:
    """The pending count and the age of the oldest pending row."""
    count, oldest = session.exec(
        select(func.count(), func.min(SearchOutbox.created_at)).where(col(SearchOutbox.processed_at).is_(None))
    ).one()
    age = None
    if oldest is not None:
        oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=utcnow().tzinfo)
        age = max(0.0, (utcnow() - oldest).total_seconds())
    return Backlog(int(count), age)


def latest_change(session: Session) -> int:
    """The id of the newest outbox row: it grows with every searchable write (a cheap change stamp)."""
    return int(session.exec(select(func.max(SearchOutbox.id))).one() or 0)


def has_due(engine: Engine) -> bool:
    """True when a row waits that a relay may push now (one indexed read; takes no lock)."""
    now = utcnow()
    with Session(engine) as session:
        found = session.exec(
            select(SearchOutbox.id)
            .where(col(SearchOutbox.processed_at).is_(None))
            .where(or_(col(SearchOutbox.next_attempt_at).is_(None), col(SearchOutbox.next_attempt_at) <= now))
            .where(or_(col(SearchOutbox.claimed_until).is_(None), col(SearchOutbox.claimed_until) <= now))
            .limit(1)
        ).first()
    return found is not None


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands timezone-aware columns back naive (they were stored as UTC).
    return moment.replace(tzinfo=utcnow().tzinfo) if moment and moment.tzinfo is None else moment


@dataclass(frozen=True)
class Claimed:
    """An outbox row this relay holds a lease on."""

    id: int
    entity: str
    entity_id: str


def claim(engine: Engine, *, relay: str, batch: int = BATCH, lease_seconds: float = LEASE_SECONDS) -> list[Claimed]:
    """Lease due rows for this relay, skipping entities another relay holds a lease on."""
    with Session(engine, expire_on_commit=False) as session:
        begin_write(session)
        if session.connection().dialect.name == "postgresql":
            session.exec(text("SELECT pg_advisory_xact_lock(:key)").bindparams(key=_CLAIM_LOCK_KEY))  # type: ignore[call-overload]
        now = utcnow()
        pending = col(SearchOutbox.processed_at).is_(None)
        held = {
            (entity, entity_id)
            for entity, entity_id in session.exec(
                select(SearchOutbox.entity, SearchOutbox.entity_id)
                .where(pending, col(SearchOutbox.claimed_until) > now)
                .distinct()
            ).all()
        }
        due = session.exec(
            select(SearchOutbox.id, SearchOutbox.entity, SearchOutbox.entity_id)
            .where(pending)
            .where(or_(col(SearchOutbox.next_attempt_at).is_(None), col(SearchOutbox.next_attempt_at) <= now))
            .where(or_(col(SearchOutbox.claimed_until).is_(None), col(SearchOutbox.claimed_until) <= now))
            .order_by(col(SearchOutbox.id))
            .limit(batch)
            .with_for_update(skip_locked=True)
        ).all()
        rows = [Claimed(typed(int, i), e, e_id) for i, e, e_id in due if (e, e_id) not in held]  # ids of stored rows
        until = now + timedelta(seconds=lease_seconds)
        # One UPDATE for the lot (an ORM flush would send one per row).
        for start in range(0, len(rows), 5000):
            session.exec(
                update(SearchOutbox)
                .where(col(SearchOutbox.id).in_([r.id for r in rows[start : start + 5000]]))
                .values(claimed_by=relay, claimed_until=until)
            )
        session.commit()
        return rows


def relay_once(
    engine: Engine, client: Client, target: SearchTarget, *, relay: str | None = None, batch: int = BATCH,
    lease_seconds: float = LEASE_SECONDS, wait_seconds: int = 120,
    on_loaded: Callable[[str, list[str]], None] | None = None,
) -> RelayResult:  # fmt: skip
    """Claim due rows, push the current documents of their entities, and mark rows done.

    `on_loaded(entity, ids)` runs between reading the documents and pushing them (tests stall there).
    """
    relay = relay or relay_name()
    result = RelayResult()
    rows = claim(engine, relay=relay, batch=batch, lease_seconds=lease_seconds)
    by_entity: dict[str, list[Claimed]] = defaultdict(list)
    for row in rows:
        by_entity[row.entity].append(row)
    result.entities = tuple(sorted(by_entity))
    for entity, entity_rows in by_entity.items():
        groups = [entity_rows]
        while groups:
            group = groups.pop()
            try:
                result.documents += _push_rows(engine, client, target, entity, group, wait_seconds, on_loaded)
            except (MeilisearchError, RequestException, TimeoutError) as error:
                _failed(engine, result, relay, group, error)
            except Exception as error:  # noqa: BLE001  (bad data: isolate the rows that cause it)
                ids = {r.entity_id for r in group}
                if len(ids) > 1:
                    by_id: dict[str, list[Claimed]] = defaultdict(list)
                    for row in group:
                        by_id[row.entity_id].append(row)
                    groups.extend(by_id.values())
                    continue
                _failed(engine, result, relay, group, error)
            else:
                result.processed += len(group)
                result.requeued += _complete(engine, relay=relay, entity=entity, rows=group)
    return result


def _push_rows(
    engine: Engine, client: Client, target: SearchTarget, entity: str, rows: list[Claimed],
    wait_seconds: int, on_loaded: Callable[[str, list[str]], None] | None,
) -> int:  # fmt: skip
    ids = sorted({r.entity_id for r in rows}, key=_id_order)
    with Session(engine) as session:
        return push(session, client, target, entity=entity, ids=ids, wait_seconds=wait_seconds, on_loaded=on_loaded)


def _failed(engine: Engine, result: RelayResult, relay: str, rows: list[Claimed], error: Exception) -> None:
    result.failed += len(rows)
    result.error = f"{type(error).__name__}: {error}"[:2000]
    _release(engine, relay=relay, row_ids=[r.id for r in rows], error=result.error)


def _id_order(entity_id: str) -> tuple[int, str]:
    return (int(entity_id), "") if entity_id.isdigit() else (0, entity_id)


def _complete(engine: Engine, *, relay: str, entity: str, rows: Sequence[Claimed]) -> int:
    """Mark our rows done; re-enqueue entities whose lease we lost (our push may be stale)."""
    row_ids = [r.id for r in rows]
    with Session(engine) as session:
        begin_write(session)
        still_ours = set(
            session.exec(
                select(SearchOutbox.id).where(
                    col(SearchOutbox.id).in_(row_ids),
                    SearchOutbox.claimed_by == relay,
                    col(SearchOutbox.processed_at).is_(None),
                )
            ).all()
        )
        now = utcnow()
        if still_ours:
            session.exec(
                update(SearchOutbox)
                .where(col(SearchOutbox.id).in_(still_ours))
                .values(processed_at=now, claimed_until=None, last_error="")
            )
        lost = sorted({r.entity_id for r in rows if r.id not in still_ours}, key=_id_order)
        for entity_id in lost:
            enqueue(session, entity=entity, entity_id=entity_id)
        session.commit()
    return len(lost)


def _release(engine: Engine, *, relay: str, row_ids: list[int], error: str) -> None:
    """Give rows back after a failed push, due again after a back-off."""
    with Session(engine) as session:
        begin_write(session)
        for row in session.exec(
            select(SearchOutbox).where(col(SearchOutbox.id).in_(row_ids), SearchOutbox.claimed_by == relay)
        ).all():
            row.attempts += 1
            row.last_error = error
            row.claimed_until = None
            delay = min(MAX_BACKOFF_SECONDS, 2 ** min(row.attempts, 6))
            row.next_attempt_at = utcnow() + timedelta(seconds=delay)
        session.commit()


def purge_done(engine: Engine, *, older_than: timedelta = timedelta(days=RETENTION_DAYS)) -> int:
    """Delete rows pushed longer ago than the retention period; how many went."""
    with Session(engine) as session:
        cutoff = utcnow() - older_than
        result = session.exec(
            delete(SearchOutbox).where(
                col(SearchOutbox.processed_at).is_not(None), col(SearchOutbox.processed_at) < cutoff
            )
        )
        session.commit()
        return int(result.rowcount or 0)


def push(
    session: Session, client: Client, target: SearchTarget, *, entity: str, ids: list[str],
    wait_seconds: int = 120, index_uid: str | None = None,
    on_loaded: Callable[[str, list[str]], None] | None = None,
) -> int:  # fmt: skip
    """Upsert or delete the documents of these ids and wait until Meilisearch applied them."""
    spec = ENTITIES[entity]
    index = client.index(index_uid or target.uid(spec.spec.name))
    documents, deletions = spec.load(session, ids)
    session.rollback()  # end the read transaction before the (slow) push
    if on_loaded:
        on_loaded(entity, ids)
    tasks = []
    if documents:
        tasks.append(index.add_documents(documents, primary_key=spec.spec.primary_key))
    if deletions:
        tasks.append(index.delete_documents(deletions))
    for task in tasks:
        done = client.wait_for_task(task.task_uid, timeout_in_ms=wait_seconds * 1000, interval_in_ms=20)
        if done.status != "succeeded":
            raise MeilisearchError(f"task {task.task_uid} {done.status}: {done.error}")
    return len(documents) + len(deletions)
