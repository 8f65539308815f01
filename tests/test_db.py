"""Database helpers, on the test database (SQLite, and PostgreSQL when configured)."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import Boolean, Column, DateTime, Integer, MetaData, String, Table, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.db import analyze_after_bulk_load, bulk_insert, id_conditions


def test_id_conditions_select_exactly_the_ids_with_one_between_per_long_run(session: Session) -> None:
    table = Table("numbers_for_test", MetaData(), Column("id", Integer, primary_key=True))
    connection = session.connection()
    table.create(connection)
    connection.execute(table.insert(), [{"id": i} for i in range(3000)])
    wanted = set(range(100, 1600)) | set(range(2000, 2063)) | {5, 7, 2999} | set(range(2100, 2900, 3))
    conditions = id_conditions(table.c.id, [*wanted, 5, 7], chunk=100)
    found: list[int] = []
    for condition in conditions:
        found += connection.execute(select(table.c.id).where(condition)).scalars()
    assert sorted(found) == sorted(wanted)  # each id once: the conditions do not overlap
    between = [c for c in conditions if "BETWEEN" in str(c)]
    assert len(between) == 1  # 100..1599; the run of 63 stays in IN lists, as the loose ids do
    assert len(conditions) == 1 + -(-(63 + 3 + 267) // 100)
    assert id_conditions(table.c.id, []) == []


def test_bulk_insert_puts_shared_values_and_defaults_in_their_columns(session: Session) -> None:
    when = datetime(2026, 12, 2, 4, 0, tzinfo=UTC)
    table = Table(
        "rows_for_test", MetaData(),
        Column("id", Integer, primary_key=True), Column("origin", String(10), nullable=False),
        Column("name", String(20), nullable=False), Column("flag", Boolean, nullable=False),
        Column("kind", String(10), nullable=False, default="plain"), Column("at", DateTime(timezone=True)),
        Column("size", Integer, nullable=False),
    )  # fmt: skip
    connection = session.connection()
    table.create(connection)
    rows = [{"size": i, "name": f"n{i}"} for i in range(5)]
    bulk_insert(connection, table, rows, same={"flag": True, "at": when, "origin": "auto"})
    bulk_insert(connection, table, [{"size": 9}], same={"name": "one", "flag": False, "origin": "manual", "kind": "x"})
    stored = connection.execute(select(table).order_by(table.c.id)).all()
    assert [(r.origin, r.name, r.flag, r.kind, r.size) for r in stored] == [
        *[("auto", f"n{i}", True, "plain", i) for i in range(5)],
        ("manual", "one", False, "x", 9),
    ]
    as_utc = {r.at.astimezone(UTC) if r.at.tzinfo else r.at.replace(tzinfo=UTC) for r in stored[:5]}  # SQLite: naive
    assert as_utc == {when} and stored[5].at is None


def test_bulk_insert_of_a_taken_key_is_an_integrity_error(session: Session) -> None:
    table = Table("keys_for_test", MetaData(), Column("id", Integer, primary_key=True), Column("name", String(9)))
    connection = session.connection()
    table.create(connection)
    bulk_insert(connection, table, [{"id": 1, "name": "a"}])
    with pytest.raises(IntegrityError):  # callers tell a race ("duplicate") from a fault by this type
        bulk_insert(connection, table, [{"id": 2, "name": "b"}, {"id": 1, "name": "again"}])


def test_statistics_after_a_bulk_load_count_every_row(session: Session) -> None:
    table = Table("loaded_for_test", MetaData(), Column("id", Integer, primary_key=True))
    connection = session.connection()
    table.create(connection)
    bulk_insert(connection, table, [{"id": i} for i in range(1, 501)])
    analyze_after_bulk_load(session, [table])  # commits
    if session.connection().dialect.name == "postgresql":  # SQLite keeps no planner statistics of ours
        query = text("SELECT reltuples FROM pg_class WHERE relname = 'loaded_for_test'")
        assert session.connection().execute(query).scalar() == 500
    assert session.connection().execute(select(func.count()).select_from(table)).scalar() == 500
