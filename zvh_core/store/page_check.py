"""The page check: nothing is written to an SQLite store with damaged pages (issue 17), and a command that
finds the file exactly as a checked command left it does not read all of it again (issue 13).

SQLite's quick_check reads every page once: 1.4 s on a 1 GB store, most of what `zvh zoek` would cost. So a
command remembers, when it closes its store, the file's identity as it left it: device, inode, size, and the
modification and change times in nanoseconds, with no write-ahead log or journal left beside it. The next
command skips the check only when the file has exactly that identity. Whatever writes to the file (another
program, a copy over it, a restore) changes its size or times; a user can set the modification time back, never
the change time (so no memo on Windows, where ctime is the creation time). A store someone else still has
open keeps its write-ahead log, so it is checked every time.

What the memo cannot see: a page that goes bad on the disk without any write, or a write by another program
while a command runs. The app checks the whole file at every start (and the daily backup checks its copy), so
such damage is found at the latest there. PostgreSQL checks its own pages.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

import platformdirs

from db.errors import CorruptStore, translate
from db.session import Database
from zvh_core.config.settings import APP_NAME

MEMO_FOLDER = "paginacontrole"
MEMO_HERE = os.name == "posix"
"""Only where ctime is the change time: on Windows it is the creation time, which a write leaves alone."""


def check_pages(store: Database, *, memo: bool = False) -> None:
    """Refuse (CorruptStore) an SQLite store with damaged pages before anything is written to it. With
    ``memo`` (CLI commands), skip the check when the file is as a checked command left it, and remember the
    file when this store is disposed."""
    if store.dialect != "sqlite":
        return
    try:
        with store.engine.connect() as connection:
            path = _main_file(connection) if memo and MEMO_HERE else None
            unchanged = path is not None and _remembered(path) == identity(path)
            problems = ["ok"] if unchanged else quick_check(connection)
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
    if path is not None:
        store.on_dispose(lambda: remember(path))


def quick_check(connection) -> list[str]:
    """SQLite's own check of every page: ["ok"], or its first five findings."""
    return [row[0] for row in connection.exec_driver_sql("PRAGMA quick_check(5)")]


def identity(path: Path) -> list[int] | None:
    """What changes whenever anything writes to the file; None while a write-ahead log or journal holds
    changes not yet in it (or the file is gone)."""
    for beside in ("-wal", "-journal"):
        try:
            if os.stat(f"{path}{beside}").st_size:
                return None
        except FileNotFoundError:
            pass
    try:
        status = os.stat(path)
    except OSError:
        return None
    return [status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns]


def remember(path: Path) -> None:
    """Note the file as this command leaves it (after its last connection closed). Best effort: without a
    note the next command checks the whole file."""
    from db.backup import replace_private_file  # not at start-up: only a command that ran needs it

    now = identity(path)
    if now is None:
        return
    with contextlib.suppress(OSError):
        replace_private_file(_memo_file(path), json.dumps({"pad": str(path), "bestand": now}))


def _remembered(path: Path) -> list[int] | None:
    try:
        noted = json.loads(_memo_file(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(noted, dict) or noted.get("pad") != str(path):
        return None
    return noted.get("bestand")


def _memo_file(path: Path) -> Path:
    name = hashlib.sha256(str(path).encode()).hexdigest()[:32]
    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False)) / MEMO_FOLDER / f"{name}.json"


def _main_file(connection) -> Path | None:
    """The store's file, from SQLite itself (an encrypted store's engine has no path in its URL)."""
    for row in connection.exec_driver_sql("PRAGMA database_list"):
        if row[1] == "main" and row[2]:
            return Path(row[2]).resolve()
    return None
