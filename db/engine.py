"""One engine per database URL, with the SQLite settings that keep decisions safe.

SQLite: WAL (readers never block the writer), foreign keys on, a busy timeout, synchronous FULL
(a committed decision survives a power cut) and write transactions that begin IMMEDIATE, so a
read-then-write fails or waits at its start instead of deadlocking half-way.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

BUSY_TIMEOUT_MS = 30_000
MMAP_BYTES = 1 << 30
"""Reads through memory-mapped I/O (the OS page cache, shared by every connection) instead of a read()
call per page into each connection's own small cache: index lookups in a large store are 2-3x faster."""
WRITE_OPTION = "zvh_write"
"""Execution option marking connections whose transactions take the write lock at BEGIN."""


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL, or None for in-memory databases and other backends."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def ensure_private_file(path: Path) -> None:
    """Create the store file (and its folder) readable by its user only, before SQLite opens it."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)


def _install_sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # The driver must not open transactions by itself: we issue BEGIN [IMMEDIATE] below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        immediate = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for ``url``; SQLite files are created private (0600) first."""
    if is_sqlite(url):
        path = sqlite_path(url)
        if path is not None:
            ensure_private_file(path)
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        )
        _install_sqlite_pragmas(engine)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)
