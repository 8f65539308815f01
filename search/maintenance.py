"""Index set-up, settings-as-code, full rebuild into a new index then swap, status."""

import json
import time
from contextlib import suppress
from typing import Any

from meilisearch import Client
from meilisearch.errors import MeilisearchApiError
from sqlalchemy import Engine, update
from sqlmodel import Session, col

from app.db import utcnow
from search.client import SearchTarget
from search.documents import ENTITIES
from search.indexes import ALL, IndexSpec
from search.models import SearchOutbox
from search.outbox import pending_count

WAIT_MS = 120_000


def _wait(client: Client, task_uid: int, timeout_ms: int = WAIT_MS) -> None:
    done = client.wait_for_task(task_uid, timeout_in_ms=timeout_ms, interval_in_ms=50)
    if done.status != "succeeded":
        raise RuntimeError(f"Meilisearch task {task_uid} {done.status}: {done.error}")


def _differs(live: dict[str, Any], wanted: dict[str, Any]) -> bool:
    for key, value in wanted.items():
        current = live.get(key)
        if key == "embedders":
            for name, wanted_embedder in value.items():
                live_embedder = (current or {}).get(name)
                if live_embedder is not None and not isinstance(live_embedder, dict):
                    live_embedder = live_embedder.model_dump(by_alias=True, exclude_none=True)  # client model
                if live_embedder is None or any(live_embedder.get(k) != v for k, v in wanted_embedder.items()):
                    return True
            continue
        if key == "synonyms":
            current = {k: sorted(v) for k, v in (current or {}).items()}
            value = {k.lower(): sorted(x.lower() for x in v) for k, v in value.items()}
        elif key == "stopWords":
            current, value = sorted(current or []), sorted(value)
        if isinstance(value, dict) and isinstance(current, dict) and key != "synonyms":
            if any(current.get(k) != v for k, v in value.items() if not isinstance(v, dict)):
                return True
            continue
        if current != value:
            return True
    return False


def create_if_missing(client: Client, uid: str, spec: IndexSpec) -> None:
    """Create the index (empty, default settings) unless it exists."""
    try:
        client.get_index(uid)
    except MeilisearchApiError as error:
        if error.code != "index_not_found":
            raise
        task = client.create_index(uid, {"primaryKey": spec.primary_key})
        done = client.wait_for_task(task.task_uid, timeout_in_ms=WAIT_MS, interval_in_ms=50)
        # Another relay or worker may have created it first: that is as good.
        if done.status != "succeeded" and (done.error or {}).get("code") != "index_already_exists":
            raise RuntimeError(f"Meilisearch task {task.task_uid} {done.status}: {done.error}") from None


def ensure_index(client: Client, uid: str, spec: IndexSpec, synonyms: dict[str, list[str]]) -> bool:
    """Create the index if missing and apply its settings if they differ; True if changed."""
    create_if_missing(client, uid, spec)
    wanted = spec.full_settings(synonyms)
    embedders = wanted.pop("embedders")
    live = client.index(uid).get_settings()
    changed = False
    if embedders is None and live.get("embedders"):
        # No model this time: remove the embedder, or every document without vectors would fail.
        _wait(client, client.index(uid).reset_embedders().task_uid)
        changed = True
    if embedders is not None:
        wanted["embedders"] = embedders
    if _differs(live, wanted):
        _wait(client, client.index(uid).update_settings(wanted).task_uid)
        changed = True
    return changed


def ensure_indexes(client: Client, target: SearchTarget, synonyms: dict[str, list[str]]) -> None:
    """Every declared index exists with the settings in the code."""
    for spec in ALL:
        ensure_index(client, target.uid(spec.name), spec, synonyms)


REINDEX_BATCH = 5000  # documents per add_documents call of a full rebuild
HOLD_BYTES = 256 * 1024 * 1024  # JSON a rebuild reads ahead before it sends


def _create_new_index(client: Client, uid: str, spec: IndexSpec, synonyms: dict[str, list[str]]) -> list[int]:
    """Enqueue the creation of a new index and its settings, without waiting; the task uids."""
    settings = spec.full_settings(synonyms)
    if settings["embedders"] is None:
        del settings["embedders"]  # a new index has none to remove
    created = client.create_index(uid, {"primaryKey": spec.primary_key}).task_uid
    return [created, client.index(uid).update_settings(settings).task_uid]


def _send(client: Client, held: list[tuple[str, str, bytes]]) -> list[int]:
    """Enqueue the held batches (emptying the list); their task uids."""
    tasks = [client.index(uid).add_documents_json(body, primary_key=key).task_uid for uid, key, body in held]
    held.clear()
    return tasks


def rebuild(engine: Engine, client: Client, target: SearchTarget, synonyms: dict[str, list[str]]) -> dict[str, int]:
    """Fill fresh indexes from the database, swap them in atomically, drop the old ones.

    The new indexes and their settings are enqueued first, without waiting. The documents are
    then read ahead (as the JSON add_documents would send, up to HOLD_BYTES) and sent in a burst,
    so Meilisearch merges the batches of one index into one indexing run, as it does for a raw
    bulk load, and the reading does not compete with the indexing for the CPU (streaming each
    batch as it was read made Meilisearch index while the next was read, on the same cores, and
    split the load into more runs). Every task is checked at the end; if one failed, the new
    indexes are dropped and the live ones stay as they were. Returns the documents per index.
    """
    started = utcnow()
    stamp = int(time.time() * 1000)
    plan = [(entity, target.uid(entity.spec.name)) for entity in ENTITIES.values()]
    fresh = {live: f"{live}_next_{stamp}" for _, live in plan}
    counts: dict[str, int] = {}
    tasks: list[int] = []
    try:
        for entity, live in plan:
            create_if_missing(client, live, entity.spec)  # the swap needs it; its settings do not matter
            tasks += _create_new_index(client, fresh[live], entity.spec, synonyms)
        held: list[tuple[str, str, bytes]] = []  # (index uid, primary key, JSON body) not sent yet
        held_bytes = 0
        with Session(engine) as session:
            for entity, live in plan:
                counts[entity.spec.name] = 0
                for documents in entity.batches(session, REINDEX_BATCH):
                    body = json.dumps(documents).encode()  # what add_documents would send
                    held.append((fresh[live], entity.spec.primary_key, body))
                    held_bytes += len(body)
                    counts[entity.spec.name] += len(documents)
                    if held_bytes > HOLD_BYTES:
                        tasks += _send(client, held)
                        held_bytes = 0
        tasks += _send(client, held)
        for task_uid in tasks:  # queued behind each other: each may wait for the whole load
            _wait(client, task_uid, timeout_ms=10 * WAIT_MS)
    except BaseException:
        for uid in fresh.values():
            with suppress(Exception):  # best effort: the error that matters is re-raised
                _wait(client, client.delete_index(uid).task_uid)
        raise
    _wait(client, client.swap_indexes([{"indexes": [live, new]} for live, new in fresh.items()]).task_uid)
    for old in fresh.values():  # after the swap these uids hold the old indexes
        _wait(client, client.delete_index(old).task_uid)
    with Session(engine) as session:
        # Everything enqueued before the rebuild started is now in the index.
        session.execute(
            update(SearchOutbox)
            .where(col(SearchOutbox.processed_at).is_(None), col(SearchOutbox.created_at) <= started)
            .values(processed_at=utcnow())
        )
        session.commit()
    return counts


def status(engine: Engine, client: Client, target: SearchTarget) -> dict[str, Any]:
    """Server health, document counts per index and the outbox backlog."""
    with Session(engine) as session:
        report: dict[str, Any] = {"url": target.url, "outbox_pending": pending_count(session)}
    try:
        report["version"] = client.get_version()["pkgVersion"]
        report["indexes"] = {
            spec.name: client.index(target.uid(spec.name)).get_stats().number_of_documents for spec in ALL
        }
        report["healthy"] = True
    except Exception as error:  # noqa: BLE001  (status must report, never raise)
        report["healthy"] = False
        report["error"] = str(error)
    return report
