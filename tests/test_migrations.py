"""Migrations go down to an empty database and up again, on SQLite and PostgreSQL."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from app.db import metadata
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


def test_the_migrated_schema_is_the_models_schema(engine: Engine) -> None:
    import app.main  # noqa: F401  (every domain's models on the metadata)

    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []  # a model changed without its migration, or the other way round
