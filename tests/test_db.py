"""Database helpers, on the test database (SQLite, and PostgreSQL when configured)."""

from sqlalchemy import Column, Integer, MetaData, Table, select
from sqlmodel import Session

from app.db import id_conditions


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
