"""Database engine, sessions and the metadata naming convention."""

from collections.abc import Iterator
from datetime import UTC, datetime
from functools import cache

from sqlalchemy import Engine, MetaData, event
from sqlmodel import Session, SQLModel, create_engine

from app.config import get_settings

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata: MetaData = SQLModel.metadata


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def make_engine(url: str) -> Engine:
    """An engine for this URL; SQLite gets foreign keys and cross-thread use."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")  # WAL's recommended level: no fsync per commit
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


@cache
def get_engine() -> Engine:
    """The process-wide engine for the configured database."""
    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return make_engine(settings.resolved_database_url)


def get_session() -> Iterator[Session]:
    """A session per request (FastAPI dependency)."""
    with Session(get_engine()) as session:
        yield session
