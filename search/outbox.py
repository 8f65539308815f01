"""The transactional outbox: writers enqueue, the relay pushes to Meilisearch with retries."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from meilisearch import Client
from meilisearch.errors import MeilisearchError
from requests import RequestException
from sqlalchemy import Engine, func, insert
from sqlmodel import Session, col, or_, select

from app.db import utcnow
from search.client import SearchTarget
from search.documents import ENTITIES
from search.models import SearchOutbox

BATCH = 500
MAX_BACKOFF_SECONDS = 30


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


@dataclass
class RelayResult:
    """What one relay pass did."""

    processed: int = 0
    failed: int = 0
    error: str = ""


def pending_count(session: Session) -> int:
    """Outbox rows not yet pushed to Meilisearch."""
    query = select(func.count()).select_from(SearchOutbox).where(col(SearchOutbox.processed_at).is_(None))
    return int(session.exec(query).one())


def relay_once(engine: Engine, client: Client, target: SearchTarget, *, wait_seconds: int = 60) -> RelayResult:
    """Push due outbox rows: rebuild each document from the database, then mark rows done."""
    result = RelayResult()
    with Session(engine) as session:
        now = utcnow()
        due = session.exec(
            select(SearchOutbox)
            .where(col(SearchOutbox.processed_at).is_(None))
            .where(
                or_(
                    col(SearchOutbox.next_attempt_at).is_(None),
                    col(SearchOutbox.next_attempt_at) <= now,
                )
            )
            .order_by(col(SearchOutbox.id))
            .limit(BATCH)
        ).all()
        by_entity: dict[str, list[SearchOutbox]] = defaultdict(list)
        for row in due:
            by_entity[row.entity].append(row)
        for entity, rows in by_entity.items():
            try:
                push(
                    session,
                    client,
                    target,
                    entity=entity,
                    ids=sorted({r.entity_id for r in rows}),
                    wait_seconds=wait_seconds,
                )
            except (MeilisearchError, RequestException, TimeoutError) as error:
                result.failed += len(rows)
                result.error = f"{type(error).__name__}: {error}"[:2000]
                for row in rows:
                    row.attempts += 1
                    row.last_error = result.error
                    delay = min(MAX_BACKOFF_SECONDS, 2 ** min(row.attempts, 5))
                    row.next_attempt_at = utcnow() + timedelta(seconds=delay)
            else:
                result.processed += len(rows)
                for row in rows:
                    row.processed_at = utcnow()
                    row.last_error = ""
        session.commit()
    return result


def push(session: Session, client: Client, target: SearchTarget, *, entity: str, ids: list[str],
         wait_seconds: int = 60, index_uid: str | None = None) -> None:  # fmt: skip
    """Upsert or delete the documents of these ids and wait until Meilisearch applied them."""
    spec = ENTITIES[entity]
    index = client.index(index_uid or target.uid(spec.spec.name))
    documents, deletions = spec.load(session, ids)
    tasks = []
    if documents:
        tasks.append(index.add_documents(documents, primary_key=spec.spec.primary_key))
    if deletions:
        tasks.append(index.delete_documents(deletions))
    for task in tasks:
        done = client.wait_for_task(task.task_uid, timeout_in_ms=wait_seconds * 1000, interval_in_ms=50)
        if done.status != "succeeded":
            raise MeilisearchError(f"task {task.task_uid} {done.status}: {done.error}")
