"""Migrations go down to an empty database and up again, on SQLite and PostgreSQL."""

from alembic import command
from sqlalchemy import Engine, inspect, text

from app.migrate import alembic_config, upgrade


def _downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_downgrade_to_base_leaves_nothing_behind_and_upgrades_again(engine: Engine) -> None:
    _downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            enums = connection.execute(text("SELECT typname FROM pg_type WHERE typtype = 'e'")).scalars().all()
        assert enums == []
    upgrade(engine)
    assert {"article", "searchoutbox", "conflictevent"} <= set(inspect(engine).get_table_names())
