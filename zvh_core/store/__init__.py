"""Opening the store: the URL from the settings, checked, and brought to the newest migration.

Before anything is migrated the store is inspected: a file of another program, a damaged file, a store of a
newer schema or a read-only file is refused with a StoreError (Dutch message) and left untouched.

``open_store`` gives an unbound Store: every service refuses it until it is bound to an actor with
``store.as_user(actor)`` (after a login, see zvh_core.access.accounts). Views logged during a read session
are written to the access log right after it, in a write transaction of their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Self

from sqlmodel import Session

from db import migrate
from db.changes import ChangeFeed
from db.engine import make_engine, sqlite_path
from db.errors import StoreError
from db.session import Database
from zvh_core.access import audit
from zvh_core.access.rights import ACTOR, CONTEXT, Actor
from zvh_core.config.settings import Settings, get_settings
from zvh_core.kernel import models
from zvh_core.store import search_index  # noqa: F401  (its ORM hook keeps the person search index in step)
from zvh_core.store.schema import REQUIRED_TABLES


class Store(Database):
    """The handle every service takes its sessions from (read() and write()), bound to who works."""

    def as_user(self, actor: Actor, context: str | None = None) -> Self:
        """This store, with every session carrying ``actor`` (and a context for the access log)."""
        return self.bound(**{ACTOR: actor, CONTEXT: context or self.info.get(CONTEXT)})

    @property
    def actor(self) -> Actor | None:
        return self.info.get(ACTOR)

    @contextmanager
    def write(self) -> Iterator[Session]:
        try:
            with super().write() as session:
                yield session
        except Exception as error:
            shown = getattr(error, "audit_pending", None)  # what a refused change showed (its view)
            if shown:
                with super().write() as log_session:
                    audit.write_pending(log_session, shown)
            raise

    def change_feed(self) -> ChangeFeed:
        """A feed that says when anyone (any process) committed to this store (db.changes); close it after use."""
        return ChangeFeed(self.engine)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with super().read() as session:
            yield session
            pending = audit.take_pending(session)
        if pending:
            with self.write() as log_session:
                audit.write_pending(log_session, pending)


__all__ = ["REQUIRED_TABLES", "Store", "StoreError", "make_migration", "open_store", "store_file_warning"]


def open_store(url: str | None = None, *, settings: Settings | None = None) -> Store:
    """Open (and create or upgrade) the store at ``url`` or the configured one; a StoreError when it
    cannot be used. An existing store that needs a schema upgrade is backed up first (SQLite)."""
    settings = settings or get_settings()
    url = url or settings.resolved_database_url
    path = sqlite_path(url)
    if path is not None and not settings.db_sleutel:  # an encrypted file has no readable SQLite header
        migrate.check_sqlite_file(path)
    engine = make_engine(url, key=settings.db_sleutel)
    try:
        encrypted = bool(settings.db_sleutel)
        revision = migrate.inspect_store(engine, REQUIRED_TABLES, through_engine=encrypted)
        if revision is not None and revision != migrate.head_revision() and path is not None and not encrypted:
            from zvh_core.store.backups import backup_before_upgrade

            backup_before_upgrade(path, revision, settings)
        migrate.upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine)


def store_file_warning(store: Store) -> str | None:
    """A Dutch warning when the SQLite store file can be read by others than its user (not 0600)."""
    path = sqlite_path(store.engine.url.render_as_string(hide_password=False))
    if path is None or not path.exists():
        return None
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        return (
            f"Let op: het databasebestand {path} is leesbaar voor anderen (rechten {mode:o}). "
            f"Zet het op 0600: chmod 600 {path}"
        )
    return None


def make_migration(message: str, url: str) -> None:
    """Developer tool: write a migration for what the models add to the store at ``url``."""
    engine = make_engine(url)
    migrate.upgrade(engine)
    migrate.autogenerate(message, models.SQLModel.metadata, engine)
