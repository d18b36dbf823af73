"""One engine per database URL, with the SQLite settings that keep decisions safe.

SQLite: WAL (readers never block the writer), foreign keys on, a busy timeout, synchronous FULL
(a committed decision survives a power cut) and write transactions that begin IMMEDIATE, so a
read-then-write fails or waits at its start instead of deadlocking half-way. A writer that finds another
one busy retries BEGIN IMMEDIATE every few milliseconds (for up to the same 30 s): SQLite's own busy
handler sleeps up to 100 ms between tries, which lets one of several busy writers wait for seconds.
An encrypted store (SQLCipher, through the sqlcipher3 driver) gets exactly the same: its driver's errors
are recognised as sqlite3's are (db.errors.SQLITE_OPERATIONAL_ERRORS).

PostgreSQL takes no global write lock: many writers work at once (the reason to offer it). What must not
interleave locks its own rows: a version check reads the row FOR UPDATE (zvh_core.meetings.bespreking),
the access log's chain takes a short advisory lock of its own at commit (zvh_core.access.audit). Waits
end after the same 30 s (lock_timeout). Every write transaction also sends NOTIFY (the change feed of a
live meeting, db.changes) on its schema's own channel, so that stores in other schemas of the same database
(two regio's, or the parallel test run's schemas) never wake each other. Sessions run in UTC, as the store
keeps UTC.
"""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from db.errors import SQLITE_OPERATIONAL_ERRORS

BUSY_TIMEOUT_MS = 30_000
MMAP_BYTES = 1 << 30
"""Reads through memory-mapped I/O (the OS page cache, shared by every connection) instead of a read()
call per page into each connection's own small cache: index lookups in a large store are 2-3x faster."""
CHANGE_CHANNEL = "zvh_wijziging"
"""Start of the PostgreSQL channel notified by every write transaction (db.changes listens); the schema
follows it (change_channel)."""
CHANNEL_INFO = "zvh_change_channel"
"""Key in a PostgreSQL connection's ``info``: the quoted channel of the schema it works in."""
IDENTIFIER_BYTES = 63
"""PostgreSQL identifiers (channel names among them) are at most NAMEDATALEN - 1 bytes; longer ones are cut."""
WRITE_OPTION = "zvh_write"
"""Execution option marking connections whose transactions take the write lock at BEGIN."""
QUIET_OPTION = "zvh_quiet"
"""A write no live screen needs to hear about (access-log entries of views): no NOTIFY."""


def change_channel(schema: str | None) -> str:
    """The channel of the stores in ``schema``: ``zvh_wijziging_<schema>``, at most 63 bytes (a schema whose
    name would make it longer gets a digest of that name instead, so that no two schemas share a channel by
    PostgreSQL cutting their names). Without a schema (a search_path naming none that exists) the bare prefix."""
    if not schema:
        return CHANGE_CHANNEL
    channel = f"{CHANGE_CHANNEL}_{schema}"
    if len(channel.encode()) > IDENTIFIER_BYTES:
        channel = f"{CHANGE_CHANNEL}_{hashlib.sha256(schema.encode()).hexdigest()[:32]}"
    return channel


def quote_identifier(name: str) -> str:
    """``name`` as a PostgreSQL quoted identifier (kept exactly: case, spaces and quotes included)."""
    return '"' + name.replace('"', '""') + '"'


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL, or None for in-memory databases and other backends."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def location(engine: Engine) -> str:
    """How messages name a store: its file, or its URL without the password."""
    path = sqlite_path(engine.url.render_as_string(hide_password=False))
    return str(path) if path is not None else engine.url.render_as_string(hide_password=True)


def ensure_private_file(path: Path) -> None:
    """Create the store file (and its folder) readable by its user only, before SQLite opens it."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)


class EncryptionUnavailable(RuntimeError):
    """A key for the store is set, but SQLCipher (the sqlcipher3 package) is not installed."""


def _sqlcipher_module():
    try:
        from sqlcipher3 import (
            dbapi2,  # provided by the sqlcipher3 / sqlcipher3-binary packages
        )
    except ImportError:
        raise EncryptionUnavailable(
            "ZVH_DB_SLEUTEL is gezet, maar SQLCipher ontbreekt: installeer het pakket sqlcipher3 "
            "(pip install sqlcipher3-binary) of laat de sleutel weg."
        ) from None
    return dbapi2


def apply_key(cursor: Any, key: str) -> None:
    """SQLCipher: the key must be the first statement on a connection. The driver's own log lines (a wrong
    key makes it print its HMAC check to stderr) are switched off: the user gets a Dutch message instead."""
    cursor.execute("PRAGMA key = '{}'".format(key.replace("'", "''")))
    cursor.execute("PRAGMA cipher_log_level = NONE")  # an unknown pragma (SQLCipher < 4.6) is ignored


def connect_file(
    path: Path,
    key: str | None = None,
    *,
    isolation_level: str | None = None,
    read_only: bool = False,
    check_same_thread: bool = True,
) -> Any:
    """A bare DB-API connection to the SQLite file at ``path``: sqlite3, or with ``key`` sqlcipher3 with the
    key applied (for backups and checks that work on the file itself). ``read_only``: opened with
    ``mode=ro``, so nothing (not even a -wal file) can be made or changed through it."""
    module = _sqlcipher_module() if key else sqlite3
    target, uri = (f"file:{quote(str(Path(path).resolve()))}?mode=ro", True) if read_only else (str(path), False)
    connection = module.connect(
        target,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=isolation_level,
        uri=uri,
        check_same_thread=check_same_thread,
    )
    if key:
        try:
            apply_key(connection, key)
        except BaseException:
            connection.close()
            raise
    return connection


def _install_sqlite_pragmas(engine: Engine, key: str | None = None) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # The driver must not open transactions by itself: we issue BEGIN [IMMEDIATE] below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if key is not None:
            apply_key(cursor, key)
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        if connection.get_execution_options().get(WRITE_OPTION, False):
            _begin_immediate(connection.connection.dbapi_connection)
        else:
            connection.exec_driver_sql("BEGIN")


SQLITE_BUSY = 5
_RETRY_FIRST_S = 0.0002
_RETRY_MAX_S = 0.002


def _begin_immediate(dbapi_connection: Any) -> None:
    """BEGIN IMMEDIATE, retried at short, jittered intervals while another writer holds the lock."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    delay = _RETRY_FIRST_S
    dbapi_connection.execute("PRAGMA busy_timeout = 0")
    try:
        while True:
            try:
                dbapi_connection.execute("BEGIN IMMEDIATE")
                return
            except SQLITE_OPERATIONAL_ERRORS as error:
                busy = (getattr(error, "sqlite_errorcode", 0) & 0xFF) == SQLITE_BUSY
                if not busy or time.monotonic() > deadline:
                    raise
            time.sleep(delay * random.uniform(0.5, 1.5))
            delay = min(delay * 2, _RETRY_MAX_S)
    finally:
        dbapi_connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _install_postgres_settings(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, record) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET TIME ZONE 'UTC'")
            cursor.execute(f"SET lock_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("SELECT current_schema()")  # what the URL's search_path made of it
            row = cursor.fetchone()
        dbapi_connection.commit()
        record.info[CHANNEL_INFO] = quote_identifier(change_channel(row[0] if row else None))

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        options = connection.get_execution_options()
        if options.get(WRITE_OPTION, False) and not options.get(QUIET_OPTION, False):
            # Delivered at commit (never on rollback) to every change feed LISTENing on this schema's channel.
            connection.exec_driver_sql(f"NOTIFY {connection.connection.info[CHANNEL_INFO]}")


def make_engine(url: str, *, echo: bool = False, key: str | None = None) -> Engine:
    """An engine for ``url``; SQLite files are created private (0600) first. With ``key`` the SQLite
    file is encrypted with SQLCipher (unreadable without the key)."""
    if is_sqlite(url):
        path = sqlite_path(url)
        if path is not None:
            ensure_private_file(path)
        extra = {"module": _sqlcipher_module()} if key else {}
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
            **extra,
        )
        _install_sqlite_pragmas(engine, key or None)
        return engine
    engine = create_engine(url, echo=echo, pool_pre_ping=True)
    if engine.dialect.name == "postgresql":
        _install_postgres_settings(engine)
    return engine
