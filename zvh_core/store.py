"""Opening the store: the URL from the settings, checked, and brought to the newest migration.

Before anything is migrated the store is inspected: a file of another program, a damaged file, a store of a
newer schema or a read-only file is refused with a StoreError (Dutch message) and left untouched.
"""

from __future__ import annotations

from db import migrate
from db.engine import make_engine, sqlite_path
from db.errors import StoreError
from db.session import Database
from zvh_core import models
from zvh_core import search_index  # noqa: F401  (its ORM hook keeps the person search index in step)
from zvh_core.settings import Settings, get_settings

Store = Database
"""The handle every service takes its sessions from (read() and write())."""

__all__ = ["REQUIRED_TABLES", "Store", "StoreError", "make_migration", "open_store"]

REQUIRED_TABLES = ("melding", "persoon", "overleg", "bespreking", "besluit")
"""Tables every ZVH store has had since its first schema revision: how a ZVH store is recognised."""


def open_store(url: str | None = None, *, settings: Settings | None = None) -> Store:
    """Open (and create or upgrade) the store at ``url`` or the configured one; a StoreError when it
    cannot be used. An existing store that needs a schema upgrade is backed up first (SQLite)."""
    settings = settings or get_settings()
    url = url or settings.resolved_database_url
    path = sqlite_path(url)
    if path is not None:
        migrate.check_sqlite_file(path)
    engine = make_engine(url)
    try:
        revision = migrate.inspect_store(engine, REQUIRED_TABLES)
        if revision is not None and revision != migrate.head_revision() and path is not None:
            from zvh_core.backups import backup_before_upgrade

            backup_before_upgrade(path, revision, settings)
        migrate.upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    return Database(engine)


def make_migration(message: str, url: str) -> None:
    """Developer tool: write a migration for what the models add to the store at ``url``."""
    engine = make_engine(url)
    migrate.upgrade(engine)
    migrate.autogenerate(message, models.SQLModel.metadata, engine)
