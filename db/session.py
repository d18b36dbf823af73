"""Sessions: short read sessions and write sessions that hold the write lock from their start.

A Database may carry ``info`` (e.g. who is working): every session it opens starts with a copy in
``session.info``. ``bound(**info)`` gives another handle on the same engine with more info.

Every handle of one store shares a ``WriteGate``: the app holds writes while it checks the store's pages in
the background after its first screen (tui/app.py), so a damaged store is never written to, however fast
the user logs in or types.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Self

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from db.engine import QUIET_OPTION, WRITE_OPTION, location
from db.errors import SQLITE_ERRORS, StoreError, translate

_DRIVER_ERRORS: tuple[type[Exception], ...] = (DBAPIError, *SQLITE_ERRORS)


class WriteGate:
    """Open, held or refusing: ``wait`` returns at once when open, waits while held, and raises the
    refusal's StoreError once the check that held it failed (then for good)."""

    def __init__(self) -> None:
        self._open = threading.Event()
        self._open.set()
        self._refusal: StoreError | None = None

    def hold(self) -> None:
        """Writes wait from now on, until ``release`` or ``refuse``."""
        if self._refusal is None:
            self._open.clear()

    def release(self) -> None:
        if self._refusal is None:
            self._open.set()

    def refuse(self, refusal: StoreError) -> None:
        """Every write, waiting or to come, fails with ``refusal``."""
        self._refusal = refusal
        self._open.set()

    @property
    def held(self) -> bool:
        return not self._open.is_set()

    def wait(self) -> None:
        self._open.wait()
        if self._refusal is not None:
            raise self._refusal


class Database:
    """The store behind the app: one engine, read and write sessions."""

    WRITE_INFO = WRITE_OPTION
    """Key in ``session.info``: True in write sessions (the same marker as the write engine's option)."""

    def __init__(self, engine: Engine, info: dict[str, Any] | None = None) -> None:
        self.engine = engine
        self._write_engine = engine.execution_options(**{WRITE_OPTION: True})
        self._log_engine = engine.execution_options(**{WRITE_OPTION: True, QUIET_OPTION: True})
        self.info: dict[str, Any] = dict(info or {})
        self.write_gate = WriteGate()
        """Shared by every ``bound`` handle (a copy keeps the same gate)."""
        self._after_dispose: list[Callable[[], None]] = []
        """Shared by every ``bound`` handle, like the gate: ``on_dispose``."""

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
        change notification for live screens (db.changes). While the store's ``write_gate`` is held (its
        pages are being checked) the write waits; when the check failed it raises that StoreError.
        """
        self.write_gate.wait()
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

    def on_dispose(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once this store's connections are closed (by any handle of it)."""
        self._after_dispose.append(callback)

    def dispose(self) -> None:
        self.engine.dispose()
        callbacks = self._after_dispose[:]
        self._after_dispose.clear()  # the list is shared by every handle: each callback runs once
        for callback in callbacks:
            callback()
