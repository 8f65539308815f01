"""Run Alembic migrations from code (used by `dkb db upgrade` and tests)."""

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from app.config import PROJECT_ROOT


def alembic_config() -> Config:
    """The project's Alembic configuration."""
    return Config(str(PROJECT_ROOT / "alembic.ini"))


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database behind this engine to a revision (default head)."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
