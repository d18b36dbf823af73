"""Schema creation and upgrades, only through the Alembic migrations in db/migrations."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData

from db.engine import WRITE_OPTION

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(target_metadata: MetaData | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["target_metadata"] = target_metadata
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` in one write transaction."""
    config = alembic_config()
    with engine.execution_options(**{WRITE_OPTION: True}).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def autogenerate(message: str, target_metadata: MetaData, engine: Engine) -> None:
    """Write a new migration from the difference between ``target_metadata`` and the store."""
    config = alembic_config(target_metadata)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)
