"""Honest health and fast failure: "starting" until search is ready; a frozen Meilisearch costs one timeout."""

import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from app.config import get_settings
from app.main import create_app
from search.client import SearchTarget, make_client
from search.runtime import SearchConfig, SearchRuntime
from search.server import MeiliServer
from search.synonyms import all_synonyms
from tests.conftest import seed, wait_for_sync


def _until(condition, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    """Wait for a state change (a generous bound against hanging, not a speed check)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        time.sleep(0.1)


def test_search_is_starting_until_indexes_and_the_backlog_are_in(engine: Engine, meili: SearchTarget) -> None:
    with Session(engine) as session:
        seed(session)  # 36 outbox rows written before search starts

    def synonyms() -> dict[str, list[str]]:
        with Session(engine) as session:
            return all_synonyms(session)

    config = SearchConfig(data_dir=get_settings().data_dir, url=meili.url, key=meili.key, prefix=meili.prefix,
                          relay_interval=0.2)  # fmt: skip
    runtime = SearchRuntime(config, engine=engine, synonyms=synonyms)
    assert runtime.state() == "starting"  # the server answers, but no index exists yet
    runtime.start()
    try:
        _until(lambda: runtime.state() == "ok")
        client = make_client(meili)
        articles = client.index(meili.uid("articles")).get_settings()
        assert articles["embedders"] and articles["synonyms"]
        assert client.index(meili.uid("events")).get_settings()["synonyms"]
        assert client.index(meili.uid("events")).get_stats().number_of_documents == 35
        assert client.index(meili.uid("articles")).get_stats().number_of_documents == 1
    finally:
        runtime.stop()


class CountingProxy:
    """A TCP proxy in front of Meilisearch that counts the search requests that reach the server."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.searches = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._stop:
            try:
                downstream, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            threading.Thread(target=self._pump, args=(downstream, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, downstream, False), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, counting: bool) -> None:
        try:
            while chunk := source.recv(65536):
                if counting:
                    # A search reads the index stamps (for kept answers), then searches.
                    self.searches += chunk.count(b"POST /multi-search") + chunk.count(b"GET /indexes?limit")
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        self._stop = True
        self._listener.close()


@pytest.fixture
def frozen_setup(
    env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[MeiliServer, CountingProxy]]:
    server = MeiliServer(data_dir=tmp_path / "own-meili")
    server.start(timeout=60)
    proxy = CountingProxy(server.port)
    monkeypatch.setenv("DKB_MEILI_URL", f"http://127.0.0.1:{proxy.port}")
    monkeypatch.setenv("DKB_MEILI_KEY", server.key)
    get_settings.cache_clear()
    yield server, proxy
    assert server.process is not None
    os.kill(server.process.pid, signal.SIGCONT)
    proxy.close()
    server.stop()


def test_a_frozen_meilisearch_costs_one_timeout_then_searches_fall_back_at_once(
    frozen_setup: tuple[MeiliServer, CountingProxy], engine: Engine
) -> None:
    server, proxy = frozen_setup
    assert server.process is not None
    with TestClient(create_app()) as client:
        with Session(engine) as session:
            seed(session)
        wait_for_sync(engine)
        _until(lambda: client.get("/healthz").json()["search"] == "ok")
        assert client.get("/api/v1/search", params={"q": "Podoly"}).json()["degraded"] is False

        os.kill(server.process.pid, signal.SIGSTOP)
        before = proxy.searches
        answers = [client.get("/api/v1/search", params={"q": q}).json() for q in ["Podoly", "Kharkov", "Sumy"] * 3]
        assert all(a["degraded"] is True for a in answers)
        assert "Podoly" in answers[0]["hits"][0]["title"]  # the database fallback
        assert proxy.searches - before == 1  # one search waited for the timeout; the others did not try
        health = client.get("/healthz").json()
        assert health["search"] == "unavailable" and health["status"] == "degraded"
        assert proxy.searches - before == 1

        os.kill(server.process.pid, signal.SIGCONT)
        _until(lambda: client.get("/api/v1/search", params={"q": "Podoly"}).json()["degraded"] is False)
        assert client.get("/healthz").json()["search"] == "ok"
