"""The store's change feed: learn that someone else committed, with what the databases offer (no server of our own).

PostgreSQL: every write transaction sends ``NOTIFY "zvh_wijziging_<schema>"`` (db.engine; PostgreSQL delivers
it at commit and drops it on rollback); a feed LISTENs on a connection of its own, on the channel of the schema
that connection works in, so a store in another schema of the same database never wakes it.

SQLite: ``PRAGMA data_version`` on a connection changes whenever *another* connection committed to the file
(any connection, in any process on the machine); a feed keeps one connection of its own and looks at it.

A feed says only *that* something was committed (an access-log entry too); the screen then reads a cheap
marker of what it shows (zvh_core.meetings.live.stand) and only reads the rest when that marker moved.

Two ways to use it: ``changed()`` never blocks (a screen calls it from a timer every 250 ms: a pragma, or a
look at the notifications already received, costs microseconds); ``wait(timeout)`` blocks until a change
(benches, services). One feed per follower; ``close`` gives its connection back.
"""

from __future__ import annotations

import threading
import time
from typing import Any, cast

from sqlalchemy import Engine

from db.engine import CHANNEL_INFO

POLL_SECONDS = 0.25
"""How often an SQLite feed looks at data_version while waiting (and a screen at its feed)."""
_PG_SLICE_SECONDS = 0.5
"""A PostgreSQL wait listens in slices this long, so that ``close`` is noticed."""


class ChangeFeed:
    """Tells whether the store changed since the previous look; thread-safe to ``close``."""

    def __init__(self, engine: Engine, *, poll_seconds: float = POLL_SECONDS) -> None:
        self.poll_seconds = poll_seconds
        self.dialect = engine.dialect.name
        if self.dialect not in ("postgresql", "sqlite"):  # pragma: no cover - the app supports these two
            raise ValueError(f"Geen wijzigingsfeed voor {self.dialect}.")
        self._closed = threading.Event()
        self._in_use = threading.Lock()
        self._raw = engine.raw_connection()
        self._connection = cast(Any, self._raw.driver_connection)
        self.channel: str | None = self._raw.info.get(CHANNEL_INFO)
        """PostgreSQL: the (quoted) channel listened on, the one this store's schema is notified on."""
        self._raw.detach()  # ours alone, never back to the pool (LISTEN state, autocommit)
        if self.dialect == "postgresql":
            self._connection.autocommit = True
            self._connection.execute(f"LISTEN {self.channel}")
        else:
            self._version = self._data_version()

    @property
    def closed(self) -> bool:
        return self._closed.is_set()

    def _data_version(self) -> int:
        return self._connection.execute("PRAGMA data_version").fetchone()[0]

    def changed(self) -> bool:
        """Whether another connection committed since the previous look (never blocks)."""
        with self._in_use:
            if self._closed.is_set():
                return False
            if self.dialect == "postgresql":
                return self._drain(0.0)
            version = self._data_version()
            if version != self._version:
                self._version = version
                return True
            return False

    def _drain(self, timeout: float) -> bool:
        """PostgreSQL: wait up to ``timeout`` for a notification; a burst counts as one change."""
        got = list(self._connection.notifies(timeout=timeout, stop_after=1))
        if got:
            list(self._connection.notifies(timeout=0.0, stop_after=1000))  # the rest of the burst
        return bool(got)

    def wait(self, timeout: float) -> bool:
        """True as soon as another connection committed since the previous look; False after ``timeout``
        seconds without a change, or when the feed is closed."""
        deadline = time.monotonic() + timeout
        while not self._closed.is_set():
            if self.dialect == "postgresql":
                with self._in_use:
                    if self._closed.is_set():
                        return False
                    if self._drain(max(0.0, min(deadline - time.monotonic(), _PG_SLICE_SECONDS))):
                        return True
            elif self.changed():
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            if self.dialect == "sqlite":
                self._closed.wait(min(self.poll_seconds, left))
        return False

    def close(self) -> None:
        """Stop (a wait in another thread returns within half a second) and close the connection."""
        if self._closed.is_set():
            return
        self._closed.set()
        if not self._in_use.acquire(timeout=2):  # pragma: no cover - a wait that never ends
            return  # the process exit closes the socket
        try:
            self._raw.close()
        except Exception:  # a connection that is already gone is closed enough
            pass
        finally:
            self._in_use.release()

    def __enter__(self) -> ChangeFeed:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
