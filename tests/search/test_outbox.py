"""Meilisearch down: writes still succeed, pages still render, and the relay catches up."""

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from app.articles.flows import publish_paths
from app.main import create_app
from search.client import SearchTarget
from search.server import MeiliServer
from tests.conftest import seed, wait_for_sync

ARTICLE = """---
title: Evacuation from front-line towns
summary: How evacuations are organised.
topics: [evacuation]
regions: [Kharkiv]
---
Evacuation buses leave {word}.
"""


def test_search_down_then_up(env: Path, engine: Engine, monkeypatch, tmp_path: Path, request) -> None:  # type: ignore[no-untyped-def]
    server = MeiliServer(data_dir=tmp_path / "own-meili")
    server.start(timeout=60)
    request.addfinalizer(server.stop)  # also when an assertion fails half-way (no orphan server)
    monkeypatch.setenv("DKB_MEILI_URL", server.url)
    monkeypatch.setenv("DKB_MEILI_KEY", server.key)
    from app.config import get_settings

    get_settings.cache_clear()
    article = tmp_path / "evacuation.md"
    article.write_text(ARTICLE.format(word="every morning"))
    with TestClient(create_app()) as client:
        with Session(engine) as session:
            seed(session)
            publish_paths(session, paths=[article])
        wait_for_sync(engine)
        assert client.get("/api/v1/search", params={"q": "morning"}).json()["total"] == 1

        server.stop()
        health = client.get("/healthz").json()
        assert (health["status"], health["search"], health["database"]) == (
            "degraded",
            "unavailable",
            "ok",
        )
        page = client.get("/search", params={"q": "Kharkov"})
        assert page.status_code == 200 and "Search is unavailable right now" in page.text
        api = client.get("/api/v1search".replace("v1search", "v1/search"), params={"q": "Kharkov"}).json()
        assert api["degraded"] is True and any(h["type"] == "event" for h in api["hits"])
        for path in [
            "/",
            "/articles/wilson-center-forced-displacement",
            "/events/1",
            "/bulletins/1",
        ]:
            assert client.get(path).status_code == 200, path

        article.write_text(ARTICLE.format(word="at dawnbreak"))
        with Session(engine) as session:
            report = publish_paths(session, paths=[article])
        assert [o.action for o in report.outcomes] == ["updated"]

        server.start(timeout=60)  # same port, same data
        wait_for_sync(engine, timeout=60)
        found = client.get("/api/v1/search", params={"q": "dawnbreak"}).json()
        assert [h["slug"] for h in found["hits"]] == ["evacuation"]
        assert client.get("/healthz").json()["status"] == "ok"
    server.stop()


def test_relay_records_failures_and_retries(env: Path, engine: Engine, meili: SearchTarget) -> None:
    from meilisearch import Client

    from search.models import SearchOutbox
    from search.outbox import enqueue, relay_once

    with Session(engine) as session:
        seed(session)
        enqueue(session, entity="event", entity_id=1)
        session.commit()
    dead = SearchTarget("http://127.0.0.1:9", "", meili.prefix)
    result = relay_once(engine, Client(dead.url, timeout=1), dead)
    assert result.processed == 0 and result.failed > 0 and "Error" in result.error
    with Session(engine) as session:
        row = session.get(SearchOutbox, 1)
        assert row is not None and row.attempts == 1 and row.next_attempt_at is not None and row.last_error
