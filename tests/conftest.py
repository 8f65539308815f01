"""Shared fixtures: a migrated database per test, one real Meilisearch per run, the app."""

import itertools
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from app.bootstrap import reference_data
from app.config import get_settings
from app.db import get_engine, make_engine
from app.migrate import upgrade
from search.client import SearchTarget
from search.outbox import pending_count
from search.server import MeiliServer
from tests.paths import SEED, WILSON

_prefixes = itertools.count(1)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database migrated once with Alembic and loaded with reference data."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with Session(engine) as session:
        reference_data(session)
    engine.dispose()
    return path


@pytest.fixture
def env(tmp_path: Path, template_db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Settings for one test: its own data dir and a copy of the migrated database."""
    db = tmp_path / "dkb.sqlite3"
    shutil.copy(template_db, db)
    monkeypatch.setenv("DKB_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DKB_DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.setenv("DKB_RELAY_INTERVAL", "0.2")
    get_settings.cache_clear()
    get_engine.cache_clear()
    yield tmp_path
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


@pytest.fixture
def engine(env: Path) -> Engine:
    """The test's database engine."""
    return get_engine()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on the test's database."""
    with Session(engine) as session:
        yield session


@pytest.fixture(scope="session")
def meili_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MeiliServer]:
    """One real Meilisearch for the whole run; failing to start fails the tests (never skips)."""
    server = MeiliServer(data_dir=tmp_path_factory.mktemp("meili"))
    server.start(timeout=60)
    yield server
    server.stop()


@pytest.fixture
def meili(meili_server: MeiliServer, env: Path, monkeypatch: pytest.MonkeyPatch) -> SearchTarget:
    """The shared server with index uids unique to this test."""
    prefix = f"t{next(_prefixes)}_{int(time.time())}_"
    target = SearchTarget(meili_server.url, meili_server.key, prefix)
    for name, value in {
        "DKB_MEILI_URL": target.url,
        "DKB_MEILI_KEY": target.key,
        "DKB_MEILI_INDEX_PREFIX": prefix,
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    return target


@pytest.fixture
def client(meili: SearchTarget) -> Iterator[TestClient]:
    """The app with its lifespan running (relay to the test's indexes)."""
    from app.main import create_app

    with TestClient(create_app()) as test_client:
        yield test_client


def wait_for_sync(engine: Engine, *, timeout: float = 30) -> None:
    """Wait until the relay has pushed every outbox row."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with Session(engine) as session:
            if pending_count(session) == 0:
                return
        time.sleep(0.1)
    raise AssertionError("the search outbox did not drain in time")


def seed(session: Session) -> None:
    """Publish the Wilson Center article and ingest the seed bulletin."""
    from app.articles.flows import publish_paths
    from app.bulletins.flows import ingest_sources

    report = publish_paths(session, paths=[WILSON])
    assert not report.errors, report.errors
    ingested = ingest_sources(session, sources_=[str(SEED)])
    assert not ingested.errors, ingested.errors
