"""Opening the store: the URL from the settings, the schema brought to the newest migration."""

from __future__ import annotations

from db import migrate
from db.engine import make_engine
from db.session import Database
from zvh_core import models
from zvh_core import search_index  # noqa: F401  (its ORM hook keeps the person search index in step)
from zvh_core.settings import Settings, get_settings

Store = Database
"""The handle every service takes its sessions from (read() and write())."""


def open_store(url: str | None = None, *, settings: Settings | None = None) -> Store:
    """Open (and create or upgrade) the store at ``url`` or the configured one."""
    settings = settings or get_settings()
    engine = make_engine(url or settings.resolved_database_url)
    migrate.upgrade(engine)
    return Database(engine)


def make_migration(message: str, url: str) -> None:
    """Developer tool: write a migration for what the models add to the store at ``url``."""
    engine = make_engine(url)
    migrate.upgrade(engine)
    migrate.autogenerate(message, models.SQLModel.metadata, engine)
