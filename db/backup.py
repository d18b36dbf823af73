"""Backups of an SQLite store, and putting one back, without ever leaving a half-written file.

A backup is made with SQLite's online backup API: one read transaction copies every page, so the copy is
consistent even while other processes keep writing (WAL readers never block writers). The copy is written
to a temporary file beside the target, turned into a self-contained file (no -wal), checked with
``PRAGMA integrity_check`` and only then given its name (a hard link, which never replaces an existing
file). Restoring checks the copy first, keeps the current store, and copies the pages back through the
same API, so processes that have the store open see the restored contents.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Collection
from pathlib import Path

from db.engine import BUSY_TIMEOUT_MS, ensure_private_file
from db.errors import CorruptStore, StoreError, sqlite_error
from db.migrate import check_sqlite_file, inspect_file

SIDE_FILES = ("-wal", "-shm", "-journal")


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)


def integrity_problems(path: Path, *, limit: int = 5) -> list[str]:
    """What ``PRAGMA integrity_check`` finds wrong in the SQLite file at ``path`` ([] when it is sound)."""
    try:
        connection = _connect(path)
        try:
            rows = [row[0] for row in connection.execute(f"PRAGMA integrity_check({limit})")]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return [str(error)]
    return [] if rows == ["ok"] else rows


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_pages(source: Path, target: Path) -> None:
    """Copy every page of ``source`` into ``target`` with the online backup API, in one step."""
    src = _connect(source)
    try:
        dst = _connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def backup_sqlite(source: Path, target: Path) -> Path:
    """A consistent, checked copy of the SQLite store ``source`` as the new file ``target`` (0600).

    Raises FileExistsError when ``target`` exists and a StoreError when the source cannot be read or the
    copy is not sound (then no file named ``target`` is left behind).
    """
    if target.exists():
        raise FileExistsError(target)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    _remove(temporary)
    ensure_private_file(temporary)
    try:
        try:
            _copy_pages(source, temporary)
            connection = _connect(temporary)
            try:
                connection.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            finally:
                connection.close()
        except sqlite3.Error as error:
            raise (sqlite_error(error, str(source)) or error) from None
        problems = integrity_problems(temporary)
        if problems:
            raise CorruptStore(
                f"De back-up van {source} is niet in orde ({'; '.join(problems)}): de database zelf is "
                "waarschijnlijk beschadigd. Zet een eerdere back-up terug met `zvh herstel PAD`."
            )
        with temporary.open("rb+") as file:
            os.fsync(file.fileno())
        os.link(temporary, target)  # never replaces an existing file
        _fsync_dir(target.parent)
    finally:
        _remove(temporary)
    return target


def check_copy(copy: Path, required_tables: Collection[str]) -> str | None:
    """Raise a StoreError unless ``copy`` is a sound ZVH store of a known schema; its revision."""
    if not copy.is_file():
        raise StoreError(f"Back-up niet gevonden: {copy}")
    if copy.stat().st_size == 0:
        raise CorruptStore(f"{copy} is leeg: dat is geen back-up.")
    check_sqlite_file(copy, writable=False)
    problems = integrity_problems(copy)
    if problems:
        raise CorruptStore(f"{copy} is beschadigd ({'; '.join(problems)}); deze back-up wordt niet teruggezet.")
    revision = inspect_file(copy, required_tables, writable=False)
    if revision is None:
        raise StoreError(f"{copy} is een lege database, geen back-up van een ZVH-database.")
    return revision


def restore_sqlite(copy: Path, store: Path, keep: Path, required_tables: Collection[str]) -> None:
    """Replace the contents of ``store`` with the checked ``copy``; the replaced store is kept as ``keep``.

    Nothing changes when the copy is not a sound ZVH store of a known schema (StoreError).
    """
    check_copy(copy, required_tables)
    if store.exists() and store.stat().st_size > 0:
        _keep_current(store, keep)
    ensure_private_file(store)
    try:
        _copy_pages(copy, store)
    except sqlite3.DatabaseError:
        # The current file is too damaged to take pages (it is kept): start from a fresh file.
        for suffix in ("", *SIDE_FILES):
            _remove(Path(f"{store}{suffix}"))
        ensure_private_file(store)
        _copy_pages(copy, store)
    problems = integrity_problems(store)
    if problems:
        raise CorruptStore(f"Het terugzetten is mislukt ({'; '.join(problems)}); het oude bestand staat in {keep}.")


def _keep_current(store: Path, keep: Path) -> None:
    """Save the store about to be replaced: a consistent copy, or the raw files when it cannot be read."""
    try:
        backup_sqlite(store, keep)
        return
    except FileExistsError:
        raise
    except (StoreError, sqlite3.Error):
        pass
    keep.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    for suffix in ("", *SIDE_FILES):
        source = Path(f"{store}{suffix}")
        if source.exists():
            target = Path(f"{keep}{suffix}")
            ensure_private_file(target)
            shutil.copyfile(source, target)


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
