"""Shared fixtures: a migrated database per test, one real Meilisearch per run, the app."""

import itertools
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, make_url, text
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


# A PostgreSQL server URL runs the database tests on PostgreSQL (`make test` does a second
# run with it); unset, they run on SQLite.
TEST_DATABASE = os.environ.get("DKB_TEST_DATABASE", "")
_databases = itertools.count(1)


def pytest_report_header() -> str:
    """Say which database this run uses."""
    return f"database: {make_url(TEST_DATABASE).render_as_string() if TEST_DATABASE else 'sqlite'}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses the database, so `-m database` selects them."""
    for item in items:
        if "env" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.database)


class DatabaseCopies:
    """One migrated template database; a fresh copy of it for each test."""

    def __init__(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        self.postgres = TEST_DATABASE.startswith("postgresql")
        if self.postgres:
            self.server = make_url(TEST_DATABASE)
            self.admin = make_engine(self.server.render_as_string(hide_password=False))
            self.admin = self.admin.execution_options(isolation_level="AUTOCOMMIT")
            self.template = f"dkb_template_{os.getpid()}"
            self._execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
            self._execute(f'CREATE DATABASE "{self.template}"')
            template_url = self._url(self.template)
        else:
            self.path = tmp_path_factory.mktemp("template") / "template.sqlite3"
            template_url = f"sqlite:///{self.path}"
        engine = make_engine(template_url)
        upgrade(engine)
        with Session(engine) as session:
            reference_data(session)
        engine.dispose()

    def _url(self, database: str) -> str:
        return self.server.set(database=database).render_as_string(hide_password=False)

    def _execute(self, sql: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(sql))

    def create(self, directory: Path) -> str:
        """A new database copied from the template; its URL."""
        if not self.postgres:
            shutil.copy(self.path, directory / "dkb.sqlite3")
            return f"sqlite:///{directory / 'dkb.sqlite3'}"
        name = f"dkb_test_{os.getpid()}_{next(_databases)}"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return self._url(name)

    def drop(self, url: str) -> None:
        """Remove a test's database (SQLite files go with the test's temp dir)."""
        if self.postgres:
            self._execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')

    def close(self) -> None:
        """Drop the template."""
        if self.postgres:
            self._execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
            self.admin.dispose()


@pytest.fixture(scope="session")
def test_databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseCopies]:
    """The run's template database (SQLite file or PostgreSQL database)."""
    databases = DatabaseCopies(tmp_path_factory)
    yield databases
    databases.close()


@pytest.fixture
def env(tmp_path: Path, test_databases: DatabaseCopies, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Settings for one test: its own data dir and a copy of the migrated database."""
    url = test_databases.create(tmp_path)
    monkeypatch.setenv("DKB_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DKB_DATABASE_URL", url)
    monkeypatch.setenv("DKB_RELAY_INTERVAL", "0.2")
    get_settings.cache_clear()
    get_engine.cache_clear()
    yield tmp_path
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()
    test_databases.drop(url)


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
