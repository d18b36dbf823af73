"""Sessions: short read sessions and write sessions that hold the write lock from their start.

A Database may carry ``info`` (e.g. who is working): every session it opens starts with a copy in
``session.info``. ``bound(**info)`` gives another handle on the same engine with more info.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Self

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from db.engine import QUIET_OPTION, WRITE_OPTION, location
from db.errors import SQLITE_ERRORS, translate

_DRIVER_ERRORS: tuple[type[Exception], ...] = (DBAPIError, *SQLITE_ERRORS)


class Database:
    """The store behind the app: one engine, read and write sessions."""

    WRITE_INFO = WRITE_OPTION
    """Key in ``session.info``: True in write sessions (the same marker as the write engine's option)."""

    def __init__(self, engine: Engine, info: dict[str, Any] | None = None) -> None:
        self.engine = engine
        self._write_engine = engine.execution_options(**{WRITE_OPTION: True})
        self._log_engine = engine.execution_options(**{WRITE_OPTION: True, QUIET_OPTION: True})
        self.info: dict[str, Any] = dict(info or {})

    def bound(self, **info: Any) -> Self:
        """The same store, whose sessions carry ``info`` as well."""
        other = copy.copy(self)
        other.info = {**self.info, **info}
        return other

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def where(self) -> str:
        """How messages name this store: its file, or its URL without password."""
        return location(self.engine)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; objects stay usable after it closes."""
        with (
            self._translated_errors(),
            Session(self.engine, expire_on_commit=False, info={**self.info, self.WRITE_INFO: False}) as session,
        ):
            yield session

    @contextmanager
    def write(self, *, quiet: bool = False) -> Iterator[Session]:
        """A session whose transaction commits when the block ends and rolls back on error.

        Store problems (a full disk, a read-only or damaged file, an unreachable server) come out as a
        db.errors.StoreError with a Dutch message; the transaction is then rolled back as a whole.
        ``quiet``: a write that changes nothing anyone's screen shows (access-log entries of views): no
        change notification for live screens (db.changes).
        """
        engine = self._log_engine if quiet else self._write_engine
        with (
            self._translated_errors(),
            Session(engine, expire_on_commit=False, info={**self.info, self.WRITE_INFO: True}) as session,
            session.begin(),
        ):
            yield session

    @contextmanager
    def _translated_errors(self) -> Iterator[None]:
        """Driver errors the user can act on (full disk, read-only file …) as a StoreError in Dutch."""
        try:
            yield
        except _DRIVER_ERRORS as error:
            translated = translate(error, self.where)
            if translated is None:
                raise
            raise translated from error

    def dispose(self) -> None:
        self.engine.dispose()
