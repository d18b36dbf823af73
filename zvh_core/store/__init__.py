"""Opening the store: the URL from the settings, checked, and brought to the newest migration.

Before anything is migrated the store is inspected: a file of another program, a damaged file, a store of a
newer schema or a read-only file is refused with a StoreError (Dutch message) and left untouched.

``open_store`` gives an unbound Store: every service refuses it until it is bound to an actor with
``store.as_user(actor)`` (after a login, see zvh_core.access.accounts). Views logged during a read session
are written to the access log right after it, before the read returns its data (a view that cannot be
logged is refused). Reads that end at the same time share one write transaction and one commit for
their entries (``LogBatches``: group commit), so concurrent searches do not queue behind each other's
synchronous commits; each still returns only once its own entries are committed.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool
from sqlmodel import Session

from db import migrate
from db.changes import ChangeFeed
from db.engine import connect_file, make_engine, sqlite_path
from db.errors import NotAStore, ReadOnlyStore, StoreError, translate
from db.session import Database
from zvh_core.access import audit
from zvh_core.access.rights import ACTOR, CONTEXT, Actor
from zvh_core.config.settings import Settings, get_settings
from zvh_core.kernel import models
from zvh_core.store import search_index  # noqa: F401  (its ORM hook keeps the person search index in step)
from zvh_core.store.page_check import check_pages
from zvh_core.store.schema import REQUIRED_TABLES


class LogBatches:
    """Group commit of access-log entries: the first reader to arrive writes everything queued by then
    in one transaction; readers arriving meanwhile wait and go in the next batch. Every reader returns
    after the commit that holds its entries, or gets that commit's error."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._queue: list[tuple[list, dict]] = []
        self._writing = False

    def write(self, store: Store, pending: list) -> None:
        outcome: dict = {}
        with self._condition:
            self._queue.append((pending, outcome))
            while not outcome and self._writing:
                self._condition.wait()
            if outcome:
                if outcome.get("error") is not None:
                    raise outcome["error"]
                return
            batch, self._queue, self._writing = self._queue, [], True
        error: BaseException | None = None
        try:
            with Database.write(store, quiet=True) as log_session:  # view entries: nothing on screen changes
                audit.write_pending(log_session, [entry for entries, _ in batch for entry in entries])
        except BaseException as failure:
            error = failure
        with self._condition:
            for _, waiting in batch:
                waiting["error"] = error
                waiting["done"] = True
            self._writing = False
            self._condition.notify_all()
        if error is not None:
            raise error


class Store(Database):
    """The handle every service takes its sessions from (read() and write()), bound to who works."""

    def __init__(self, engine, info=None) -> None:
        super().__init__(engine, info)
        self.log_batches = LogBatches()
        """Shared by every binding of this store (``bound`` copies the handle, not this)."""

    def as_user(self, actor: Actor, context: str | None = None) -> Self:
        """This store, with every session carrying ``actor`` (and a context for the access log)."""
        return self.bound(**{ACTOR: actor, CONTEXT: context or self.info.get(CONTEXT)})

    @property
    def actor(self) -> Actor | None:
        return self.info.get(ACTOR)

    @contextmanager
    def write(self, *, quiet: bool = False) -> Iterator[Session]:
        try:
            with super().write(quiet=quiet) as session:
                yield session
        except Exception as error:
            shown = getattr(error, "audit_pending", None)  # what a refused change showed (its view)
            if shown:
                with super().write(quiet=True) as log_session:
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
            self.log_batches.write(self, pending)


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


def open_store(url: str | None = None, *, settings: Settings | None = None, must_exist: bool = False) -> Store:
    """Open (and create or upgrade) the store at ``url`` or the configured one; a StoreError when it
    cannot be used. An existing store that needs a schema upgrade is backed up first (SQLite).
    ``must_exist``: a missing SQLite file is refused instead of made (a mistyped path must not give an
    empty store and all-zero figures)."""
    settings = settings or get_settings()
    url = url or settings.resolved_database_url
    path = sqlite_path(url)
    if must_exist and path is not None and not path.exists():
        raise StoreError(
            f"De database {path} bestaat niet. Controleer het pad (ZVH_DATABASE_URL). Een nieuwe database "
            "maakt u door de app te starten (zvh) of met zvh demo."
        )
    if path is not None and path.is_file() and path.stat().st_size == 0:
        raise NotAStore(
            f"{path} is leeg (0 bytes): dat is geen ZVH-database, en er wordt niet stilzwijgend een nieuwe van "
            "gemaakt. Zet een back-up terug met `zvh herstel PAD`, of verwijder het lege bestand als u echt met "
            "een nieuwe database wilt beginnen."
        )
    if path is not None:
        migrate.check_sqlite_file(path, encrypted=bool(settings.db_sleutel))
    engine = make_engine(url, key=settings.db_sleutel)
    try:
        revision = migrate.inspect_store(engine, REQUIRED_TABLES, key=settings.db_sleutel or None)
        due = revision != migrate.head_revision()
        if revision is not None and due and path is not None:
            from zvh_core.store.backups import backup_before_upgrade

            backup_before_upgrade(path, revision, settings)
        if due:  # an up-to-date store is not handed to Alembic (not even imported)
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
    if path is None or not path.is_file():
        raise StoreError(f"De database {path or url} kan niet alleen-lezen worden geopend.")
    key = settings.db_sleutel or None
    revision = migrate.inspect_file(path, REQUIRED_TABLES, writable=False, key=key)
    if revision != migrate.head_revision():
        raise ReadOnlyStore(
            f"De database {path} is alleen-lezen en van een oudere schemaversie; kopieer het bestand zelf "
            "(cp) of geef het schrijfrechten."
        )
    engine = create_engine(  # an encrypted store through SQLCipher with its key, read-only all the same
        "sqlite://",
        creator=lambda: connect_file(path, key, read_only=True, check_same_thread=False),
        poolclass=NullPool,
    )
    return Store(engine)


def store_file_warning(store: Store, *, system: str = os.name) -> str | None:
    """A Dutch warning when others may read the SQLite store file.

    POSIX: the file's mode must be 0600. Windows has no such bits (NTFS rights live in ACLs, which the
    standard library cannot read): there the file must lie inside the user's own profile, whose ACL
    admits only that user, never on a shared drive."""
    path = sqlite_path(store.engine.url.render_as_string(hide_password=False))
    if path is None or not path.exists():
        return None
    if system == "nt":
        return _windows_location_warning(path)
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        return (
            f"Let op: het databasebestand {path} is leesbaar voor anderen (rechten {mode:o}). "
            f"Zet het op 0600: chmod 600 {path}"
        )
    return None


def _windows_location_warning(path: Path) -> str | None:
    profile = os.environ.get("USERPROFILE") or os.environ.get("LOCALAPPDATA")
    if profile and path.resolve().is_relative_to(Path(profile).resolve()):
        return None
    return (
        f"Let op: het databasebestand {path} staat buiten uw gebruikersprofiel"
        f"{f' ({profile})' if profile else ''}. Alleen uw profiel is standaard afgeschermd voor andere "
        "gebruikers van deze computer of het netwerk: zet de database in uw profiel (de standaardplaats) "
        "of laat IT de rechten van deze map controleren."
    )


def make_migration(message: str, url: str) -> None:
    """Developer tool: write a migration for what the models add to the store at ``url``."""
    engine = make_engine(url)
    migrate.upgrade(engine)
    migrate.autogenerate(message, models.SQLModel.metadata, engine)
