"""The relay with real Meilisearch: exactly once in effect with several relays, no stale document
after a stall, a loop that survives errors, and indexes that heal."""

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from meilisearch import Client
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.articles import service
from app.articles.content import parse_article
from app.places.service import search_synonyms
from search.client import SearchTarget, make_client
from search.indexes import ARTICLES
from search.models import SearchOutbox
from search.outbox import enqueue
from search.relay import RelayLoop
from tests.conftest import wait_for_sync

ARTICLE = """---
title: Article {n}
summary: "{summary}"
topics: [forced-displacement]
status: published
---
Body of article {n}.
"""


def _publish(engine: Engine, n: int, summary: str = "first version") -> int:
    with Session(engine) as session:
        draft = parse_article(ARTICLE.format(n=n, summary=summary), path=f"article-{n}.md", known_topics={
            "forced-displacement"})  # fmt: skip
        return service.publish(session, draft=draft).article_id


def _loop(engine: Engine, meili: SearchTarget, **options: Any) -> RelayLoop:
    def synonyms() -> dict[str, list[str]]:
        with Session(engine) as session:
            return search_synonyms(session)

    return RelayLoop(engine=engine, target=meili, synonyms=synonyms, interval=0.05, **options)


def _drain(loop: RelayLoop) -> None:
    while loop.step() == 0:
        pass


def _received_documents(client: Client, uid: str) -> int:
    tasks = client.get_tasks({"indexUids": [uid], "types": ["documentAdditionOrUpdate"], "limit": 1000})
    assert all(t.status == "succeeded" for t in tasks.results)
    return sum(int((t.details or {}).get("receivedDocuments", 0)) for t in tasks.results)


def test_two_relays_push_each_of_100_edits_exactly_once(engine: Engine, meili: SearchTarget) -> None:
    relays = [_loop(engine, meili, batch=7), _loop(engine, meili, batch=7)]
    _drain(relays[0])  # indexes exist before the race starts
    threads = [threading.Thread(target=relay.run_forever) for relay in relays]
    for thread in threads:
        thread.start()
    try:
        for n in range(100):
            _publish(engine, n)
        wait_for_sync(engine, timeout=120)
    finally:
        for relay in relays:
            relay.stop()
        for thread in threads:
            thread.join(timeout=30)
    client = make_client(meili, timeout=30)
    uid = meili.uid(ARTICLES.name)
    assert _received_documents(client, uid) == 100
    assert sum(r.state.pushed_documents for r in relays) == 100
    assert all(r.state.pushed_rows > 0 for r in relays), "both relays took part"
    assert client.index(uid).get_stats().number_of_documents == 100
    assert [r.state.errors for r in relays] == [0, 0]


class Stall:
    """Holds the first push between reading its documents and sending them."""

    def __init__(self) -> None:
        self.loaded, self.release = threading.Event(), threading.Event()

    def __call__(self, entity: str, ids: list[str]) -> None:
        if not self.loaded.is_set():
            self.loaded.set()
            assert self.release.wait(60)


def _in_thread(work: Callable[[], object]) -> threading.Thread:
    thread = threading.Thread(target=work)
    thread.start()
    return thread


@pytest.mark.parametrize("lease_runs_out", [False, True])
def test_a_stalled_relay_leaves_no_stale_document(engine: Engine, meili: SearchTarget, lease_runs_out: bool) -> None:
    other = _loop(engine, meili)
    _drain(other)
    article_id = _publish(engine, 1, "version one")
    stall = Stall()
    stalled = _loop(engine, meili, on_loaded=stall, lease_seconds=0.5 if lease_runs_out else 60)
    thread = _in_thread(stalled.step)
    assert stall.loaded.wait(30)
    _publish(engine, 1, "version two")
    if lease_runs_out:
        for _ in range(600):  # until the stalled relay's lease expires, the entity stays held
            other.step()
            if other.last.processed:
                break
            threading.Event().wait(0.05)
        assert other.last.processed == 2, "it took over the expired lease and pushed version two"
    else:
        other.step()
        assert other.last.processed == 0, "the entity is held by the stalled relay"
    stall.release.set()
    thread.join(timeout=60)
    assert stalled.last.processed == 1 and stalled.last.error == ""
    assert stalled.last.requeued == (1 if lease_runs_out else 0)
    _drain(other)
    wait_for_sync(engine)
    document = make_client(meili).index(meili.uid(ARTICLES.name)).get_document(str(article_id))
    assert document.summary == "version two"


def test_a_relay_that_raises_keeps_running_and_says_so_on_healthz(
    engine: Engine, client: TestClient, meili: SearchTarget
) -> None:
    with Session(engine) as session:
        enqueue(session, entity="article", entity_id="not-a-number")  # a corrupt row
        session.commit()
    _publish(engine, 1, "still searchable")
    health: dict[str, Any] = {}
    for _ in range(300):
        health = client.get("/healthz").json()
        found = client.get("/api/v1/search", params={"q": "searchable", "type": "article"}).json()
        if health["relay"]["errors"] and found["total"] == 1:
            break
        threading.Event().wait(0.1)
    relay = health["relay"]
    assert relay["alive"] is True and relay["mode"] == "embedded"
    assert relay["errors"] >= 1 and "ValueError" in relay["last_error"] and relay["last_error_at"]
    assert relay["backlog"] == 1 and relay["oldest_pending_seconds"] is not None
    assert found["total"] == 1, "the good row went through beside the corrupt one"


def test_the_loop_survives_an_exception_outside_a_push(engine: Engine, meili: SearchTarget) -> None:
    calls = {"n": 0}

    def flaky_synonyms() -> dict[str, list[str]]:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("places table unavailable")
        return {}

    loop = RelayLoop(engine=engine, target=meili, synonyms=flaky_synonyms, interval=0.01)
    _publish(engine, 1)
    thread = _in_thread(loop.run_forever)
    try:
        wait_for_sync(engine, timeout=60)
    finally:
        loop.stop()
        thread.join(timeout=30)
    assert loop.state.errors == 1 and "places table unavailable" in loop.state.last_error
    assert loop.state.pushed_rows == 1 and loop.state.state == "stopped"


def test_a_deleted_index_comes_back_with_its_settings(engine: Engine, meili: SearchTarget) -> None:
    loop = _loop(engine, meili)
    _publish(engine, 1)
    _drain(loop)
    client = make_client(meili, timeout=30)
    uid = meili.uid(ARTICLES.name)
    wanted = client.index(uid).get_settings()["filterableAttributes"]
    assert wanted
    client.wait_for_task(client.delete_index(uid).task_uid)
    _publish(engine, 2)
    _drain(loop)
    index = client.index(uid)
    assert index.get_stats().number_of_documents == 1
    assert index.get_settings()["filterableAttributes"] == wanted


def test_done_rows_are_purged_after_the_retention(engine: Engine, meili: SearchTarget) -> None:
    from datetime import timedelta

    from search.outbox import purge_done

    _publish(engine, 1)
    _drain(_loop(engine, meili))
    assert purge_done(engine, older_than=timedelta(days=7)) == 0
    assert purge_done(engine, older_than=timedelta(0)) == 1
    with Session(engine) as session:
        assert session.exec(select(SearchOutbox)).all() == []


def test_sync_watch_waits_for_meilisearch_then_pushes(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import signal
    import subprocess
    import sys

    from search.server import MeiliServer, free_port

    server = MeiliServer(data_dir=tmp_path / "later-meili", port=free_port())
    monkeypatch.setenv("DKB_MEILI_URL", server.url)
    monkeypatch.setenv("DKB_MEILI_KEY", server.key)
    monkeypatch.setenv("DKB_MEILI_INDEX_PREFIX", "watch_")
    _publish(engine, 1, "written while search was down")
    dkb = Path(sys.executable).parent / "dkb"
    watcher = subprocess.Popen([str(dkb), "search", "sync", "--watch"], env=os.environ.copy())
    try:
        threading.Event().wait(3)
        assert watcher.poll() is None, "sync --watch must wait for Meilisearch, not exit"
        server.start(timeout=60)
        wait_for_sync(engine, timeout=60)
        index = make_client(SearchTarget(server.url, server.key, "watch_")).index("watch_articles")
        assert index.get_stats().number_of_documents == 1
        assert index.get_settings()["filterableAttributes"], "settings applied by the watcher"
    finally:
        watcher.send_signal(signal.SIGINT)
        watcher.wait(timeout=30)
        server.stop()


def test_an_idle_relay_finds_a_row_another_process_wrote_before_its_next_pass(
    engine: Engine, meili: SearchTarget
) -> None:
    loop = RelayLoop(engine=engine, target=meili, synonyms=dict, interval=3600)  # one full pass an hour
    thread = _in_thread(loop.run_forever)
    try:
        while loop.state.passes == 0:
            thread.join(timeout=0.05)
        _publish(engine, 1)  # no notify(): as a write from the CLI or another worker
        wait_for_sync(engine, timeout=60)
    finally:
        loop.stop()
        thread.join(timeout=30)
    assert loop.state.pushed_rows == 1 and loop.state.passes == 2
