"""Database engine, sessions and the metadata naming convention."""

import logging
import operator
import os
import random
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import ColumnDefault, ColumnElement, Connection, Engine, MetaData, Table, event, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
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
log = logging.getLogger(__name__)
T = TypeVar("T")
# PostgreSQL: unique violation, serialization failure, deadlock.
_RETRY_SQLSTATES = {"23505", "40001", "40P01"}


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def _create_private_file(path: str | None) -> None:
    """Create a new SQLite file readable by its owner only (SQLite gives its -wal/-shm the same mode)."""
    if path and path != ":memory:" and not os.path.exists(path):
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))


def make_engine(url: str) -> Engine:
    """An engine for this URL; SQLite gets foreign keys and cross-thread use."""
    if url.startswith("sqlite"):
        _create_private_file(make_url(url).database)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")  # WAL's recommended level: no fsync per commit
            # Bulk writes (ingest, link refresh) update many index pages: keep them in memory (64 MB
            # at most, only when used) and checkpoint the WAL less often than every 4 MB.
            cursor.execute("PRAGMA cache_size=-65536")
            cursor.execute("PRAGMA wal_autocheckpoint=16384")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def is_write_conflict(error: DBAPIError) -> bool:
    """True for errors a retry resolves: a concurrent insert of the same key, a lost lock race."""
    sqlstate = getattr(error.orig, "sqlstate", None)
    if sqlstate in _RETRY_SQLSTATES:
        return True
    message = str(error.orig)
    if isinstance(error, IntegrityError):
        return "UNIQUE constraint failed" in message
    return isinstance(error, OperationalError) and "database is locked" in message


def begin_write(session: Session) -> None:
    """Take SQLite's write lock now, so what this transaction reads stays true until it commits.

    PostgreSQL callers lock the rows they read instead (`with_for_update`); this is a no-op there.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    driver = connection.connection.driver_connection
    if driver is not None and not driver.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


BULK_LOAD = 10_000  # rows written at once from which PostgreSQL's planner statistics are refreshed


def analyze_after_bulk_load(session: Session, tables: Sequence[Table]) -> None:
    """PostgreSQL: refresh the planner's statistics of tables a bulk load just filled; commits.

    Autovacuum may have sampled them half-loaded (an article's 4,500 links estimated at 200 made
    its page join every link before sorting). SQLite plans from its indexes alone: a no-op there.
    """
    if session.connection().dialect.name != "postgresql":
        return
    session.commit()
    preparer = session.connection().dialect.identifier_preparer
    for table in tables:
        session.connection().exec_driver_sql(f"ANALYZE {preparer.format_table(table)}")
    session.commit()


def retry_write_conflicts(session: Session, action: Callable[[], T], *, attempts: int = 6) -> T:
    """Run a write; when it lost a race with another writer, roll back and run it again."""
    for attempt in range(1, attempts + 1):
        try:
            return action()
        except DBAPIError as error:
            session.rollback()
            if attempt == attempts or not is_write_conflict(error):
                raise
            log.info("write conflict (attempt %d): %s", attempt, error.orig)
            time.sleep(random.uniform(0.01, 0.05) * 2**attempt)
    raise AssertionError("unreachable")


def bulk_insert(
    connection: Connection, table: Table, rows: Sequence[dict[str, Any]], *, same: Mapping[str, Any] | None = None
) -> None:
    """INSERT many rows (all with the same keys) through the driver's executemany.

    The statement is compiled once for the connection's dialect and each value goes through its
    column type's bind processing, as a Core insert does, without Core's per-row bookkeeping
    (the bulk of the cost when 100,000 rows go in). `same` holds values every row shares, and
    column defaults join them: each is processed once. No RETURNING: read ids back by a key.
    """
    if not rows:
        return
    varying = list(rows[0])
    shared = {**_client_defaults(table, [*varying, *(same or {})]), **(same or {})}  # what a Core insert fills in
    keys = [*varying, *shared]
    dialect = connection.dialect
    compiled = table.insert().compile(dialect=dialect, column_keys=keys)

    def processor(key: str) -> Callable[[Any], Any] | None:
        return table.c[key].type.dialect_impl(dialect).bind_processor(dialect)

    constants = tuple(process(value) if (process := processor(key)) else value for key, value in shared.items())
    take = operator.itemgetter(*varying)
    special = [(j, process) for j, key in enumerate(varying) if (process := processor(key))]
    last: list[tuple[Any, Any]] = [(_NOTHING, None)] * len(varying)  # a value repeated (a date) is processed once
    params: list[Any] = []
    for row in rows:
        values = take(row)
        if len(varying) == 1:
            values = (values,)
        if special:
            values = [*values]
            for j, process in special:
                value = values[j]
                seen, processed = last[j]
                if value is not seen:
                    processed = process(value)
                    last[j] = (value, processed)
                values[j] = processed
            values = tuple(values)
        params.append(values + constants)
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        _copy(connection, table, keys, params)
        return
    if not compiled.positional:
        params = [dict(zip(keys, values, strict=True)) for values in params]
    elif (order := [keys.index(name) for name in compiled.positiontup or ()]) != list(range(len(keys))):
        reorder = operator.itemgetter(*order)
        params = [(reorder(values),) if len(order) == 1 else reorder(values) for values in params]
    connection.exec_driver_sql(str(compiled), params)


def _copy(connection: Connection, table: Table, keys: list[str], rows: list[tuple[Any, ...]]) -> None:
    """PostgreSQL: the rows through COPY FROM STDIN, in this transaction.

    An executemany of INSERTs costs the server one statement per row (384,000 links took 12 s
    of a 17 s refresh); COPY streams them. Constraints and triggers apply as for INSERT.
    """
    import psycopg  # only installed with the postgres extra

    quote = connection.dialect.identifier_preparer
    columns = ", ".join(quote.quote(table.c[key].name) for key in keys)
    statement = f"COPY {quote.format_table(table)} ({columns}) FROM STDIN"
    try:
        with connection.connection.driver_connection.cursor() as cursor:  # type: ignore[union-attr]
            with cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
    except psycopg.Error as error:  # as SQLAlchemy would raise it: IntegrityError, OperationalError...
        raise DBAPIError.instance(statement, None, error, psycopg.Error) from error


_NOTHING = object()
_RUN = 64  # consecutive ids from which one BETWEEN replaces IN lists


def id_conditions(column: Any, ids: Iterable[int], *, chunk: int = 500) -> list[ColumnElement[bool]]:
    """WHERE clauses that together select exactly these ids, one query each.

    A run of consecutive ids (what one ingest creates) is one BETWEEN; the others go in IN lists
    of `chunk` ids, far below every database's parameter limit.
    """
    ordered = sorted(set(ids))
    conditions: list[ColumnElement[bool]] = []
    loose: list[int] = []
    first = 0
    for at in range(1, len(ordered) + 1):
        if at == len(ordered) or ordered[at] != ordered[at - 1] + 1:  # the run first..at-1 ends here
            if at - first >= _RUN:
                conditions.append(column.between(ordered[first], ordered[at - 1]))
            else:
                loose += ordered[first:at]
            first = at
    conditions += [column.in_(loose[start : start + chunk]) for start in range(0, len(loose), chunk)]
    return conditions


def _client_defaults(table: Table, keys: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for column in table.columns:
        default = column.default
        if column.key in keys or default is None or not isinstance(default, ColumnDefault):
            continue
        values[column.key] = default.arg(None) if default.is_callable else default.arg
    return values


@cache
def get_engine() -> Engine:
    """The process-wide engine for the configured database."""
    settings = get_settings()
    settings.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    return make_engine(settings.resolved_database_url)


def get_session() -> Iterator[Session]:
    """A session per request (FastAPI dependency)."""
    with Session(get_engine()) as session:
        yield session
