"""Opening the store: the URL from the settings, checked, and brought to the newest migration.

Before anything is migrated the store is inspected: a file of another program, a damaged file, a store of a
newer schema or a read-only file is refused with a StoreError (Dutch message) and left untouched.

``open_store`` gives an unbound Store: every service refuses it until it is bound to an actor with
``store.as_user(actor)`` (after a login, see zvh_core.access.accounts). Views logged during a read session
are written to the access log right after it, in a write transaction of their own.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Self
from urllib.parse import quote

from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool
from sqlmodel import Session

from db import migrate
from db.engine import make_engine, sqlite_path
from db.errors import CorruptStore, NotAStore, ReadOnlyStore, StoreError, translate
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

    @contextmanager
    def read(self) -> Iterator[Session]:
        with super().read() as session:
            yield session
            pending = audit.take_pending(session)
        if pending:
            with self.write() as log_session:
                audit.write_pending(log_session, pending)


__all__ = [
    "REQUIRED_TABLES",
    "ReadOnlyStore",
    "Store",
    "StoreError",
    "check_pages",
    "make_migration",
    "open_read_only",
    "open_store",
    "store_error",
    "store_file_warning",
]


def store_error(error: BaseException, where: str = "de database") -> StoreError | None:
    """The Dutch StoreError for a driver error that escaped a session (a damaged page, a full disk …),
    or None when it is no problem of the store."""
    return translate(error, where)


def open_store(url: str | None = None, *, settings: Settings | None = None) -> Store:
    """Open (and create or upgrade) the store at ``url`` or the configured one; a StoreError when it
    cannot be used. An existing store that needs a schema upgrade is backed up first (SQLite)."""
    settings = settings or get_settings()
    url = url or settings.resolved_database_url
    path = sqlite_path(url)
    if path is not None and path.is_file() and path.stat().st_size == 0:
        raise NotAStore(
            f"{path} is leeg (0 bytes): dat is geen ZVH-database, en er wordt niet stilzwijgend een nieuwe van "
            "gemaakt. Zet een back-up terug met `zvh herstel PAD`, of verwijder het lege bestand als u echt met "
            "een nieuwe database wilt beginnen."
        )
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


def open_read_only(url: str | None = None, *, settings: Settings | None = None) -> Store:
    """An SQLite store that may not be written (a read-only file), opened for reading only: nothing is
    created, migrated or logged (for ``zvh backup`` of such a store). A StoreError when it is no ZVH store
    of this version."""
    settings = settings or get_settings()
    url = url or settings.resolved_database_url
    path = sqlite_path(url)
    if path is None or not path.is_file() or settings.db_sleutel:
        raise StoreError(f"De database {path or url} kan niet alleen-lezen worden geopend.")
    revision = migrate.inspect_file(path, REQUIRED_TABLES, writable=False)
    if revision != migrate.head_revision():
        raise ReadOnlyStore(
            f"De database {path} is alleen-lezen en van een oudere schemaversie; kopieer het bestand zelf "
            "(cp) of geef het schrijfrechten."
        )
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    engine = create_engine(
        "sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False), poolclass=NullPool
    )
    return Store(engine)


def check_pages(store: Store) -> None:
    """Refuse (CorruptStore) an SQLite store with damaged pages before anything is written to it: SQLite's
    quick_check reads every page once (about a tenth of a second per 15 MB). PostgreSQL checks its own."""
    if store.dialect != "sqlite":
        return
    try:
        with store.engine.connect() as connection:
            problems = [row[0] for row in connection.exec_driver_sql("PRAGMA quick_check(5)")]
    except Exception as error:
        translated = translate(error, store.where)
        if translated is None:
            raise
        raise translated from error
    if problems != ["ok"]:
        raise CorruptStore(
            f"De database {store.where} is beschadigd ({'; '.join(problems)}). Er is niets aan veranderd en er "
            "wordt niets in geschreven. Zet een back-up terug met `zvh herstel PAD`."
        )


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
