"""The store's change feed: learn that someone else committed, with what the databases offer (no server of our own).

PostgreSQL: every write transaction sends ``NOTIFY zvh_wijziging`` (db.engine; PostgreSQL delivers it at
commit and drops it on rollback); a feed LISTENs on a connection of its own and wakes up at once.

SQLite: ``PRAGMA data_version`` on a connection changes whenever *another* connection committed to the file
(any process on the machine); a feed keeps one connection and polls it, every 250 ms by default.

A feed says only *that* something changed; the screen then reads what it shows (cheaply: see
zvh_core.meetings.live). One feed per screen that follows; ``close`` gives its connection back.
"""

from __future__ import annotations

import threading
import time

from sqlalchemy import Engine

from db.engine import CHANGE_CHANNEL as CHANNEL
POLL_SECONDS = 0.25
"""How often an SQLite feed looks at data_version."""


class ChangeFeed:
    """Blocks in ``wait`` until the store changed (or the timeout passes); thread-safe to ``close``."""

    def __init__(self, engine: Engine, *, poll_seconds: float = POLL_SECONDS) -> None:
        self.poll_seconds = poll_seconds
        self.dialect = engine.dialect.name
        self._closed = threading.Event()
        self._in_use = threading.Lock()
        self._raw = engine.raw_connection()
        self._connection = self._raw.driver_connection
        self._raw.detach()  # ours alone, never back to the pool (LISTEN state, autocommit)
        if self.dialect == "postgresql":
            self._connection.autocommit = True
            self._connection.execute(f"LISTEN {CHANNEL}")
        elif self.dialect == "sqlite":
            self._version = self._data_version()
        else:  # pragma: no cover - the app supports these two
            raise ValueError(f"Geen wijzigingsfeed voor {self.dialect}.")

    def _data_version(self) -> int:
        return self._connection.execute("PRAGMA data_version").fetchone()[0]

    def wait(self, timeout: float) -> bool:
        """True as soon as another connection committed since the previous call; False after ``timeout``
        seconds without a change, or when the feed is closed."""
        deadline = time.monotonic() + timeout
        with self._in_use:
            if self._closed.is_set():
                return False
            if self.dialect == "postgresql":
                return self._wait_postgres(deadline)
            return self._wait_sqlite(deadline)

    def _wait_sqlite(self, deadline: float) -> bool:
        while not self._closed.is_set():
            version = self._data_version()
            if version != self._version:
                self._version = version
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self._closed.wait(min(self.poll_seconds, left))
        return False

    def _wait_postgres(self, deadline: float) -> bool:
        while not self._closed.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            # Short slices, so that close() is noticed; a notification ends the slice at once.
            got = list(self._connection.notifies(timeout=min(left, 0.5), stop_after=1))
            if got:
                # Several commits in a burst: one wake-up is enough (the reader reads the newest state).
                list(self._connection.notifies(timeout=0, stop_after=100))
                return True
        return False

    def close(self) -> None:
        """Stop waiting (a wait in another thread returns within half a second) and close the connection."""
        if self._closed.is_set():
            return
        self._closed.set()
        if not self._in_use.acquire(timeout=2):
            return  # pragma: no cover - a wait that never ends; the process exit closes the socket
        try:
            self._raw.close()
        except Exception:  # noqa: BLE001 - a connection that is already gone is closed enough
            pass
        finally:
            self._in_use.release()

    def __enter__(self) -> ChangeFeed:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
