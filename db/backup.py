"""Backups of an SQLite store, and putting one back, without ever leaving a half-written file.

A backup is made with SQLite's online backup API: one read transaction copies every page, so the copy is
consistent even while other processes keep writing (WAL readers never block writers). An encrypted store
(SQLCipher) is copied the same way through its own driver, into a file encrypted with the same key.

The copy is written to a temporary name in the target's folder (``.NAME.HOST-PID.tmp``), turned into a
self-contained file (no -wal), checked with ``PRAGMA integrity_check`` and only then given its name: the
name is claimed with an exclusive create (``open(..., "xb")``), which never replaces an existing file and
needs no hard links (FAT, exFAT and SMB shares have none), and the finished copy replaces that empty claim
in one rename. On any failure the temporary file (and a claim) is removed. A run that was killed (power
cut, a closed terminal) can leave a temporary file, or in the instant between claim and rename an empty
claim: ``remove_leftovers`` clears them at the next start, once their process no longer runs. A backup to
another folder than the backups' own (``zvh backup PAD``) first notes its temporary name in a marker file in
the backups' folder (``.elders-N.HOST-PID.tmp``); ``remove_leftovers`` there also clears what a killed run
left elsewhere, by its marker, so a folder the user chose is never searched for files to remove. Folders are
fsynced where the OS allows it (Windows refuses to open a folder).

Restoring checks the copy first, keeps the current store, and copies the pages back through the same API,
so processes that have the store open see the restored contents.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import re
import shutil
import socket
import time
from collections.abc import Collection
from pathlib import Path
from typing import Any

from db.engine import connect_file, ensure_private_file
from db.errors import SQLITE_DATABASE_ERRORS, SQLITE_ERRORS, CorruptStore, StoreError, sqlite_error
from db.migrate import check_sqlite_file, inspect_file

SIDE_FILES = ("-wal", "-shm", "-journal")
_HOST = re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname())[:40] or "host"
_TEMPORARY = re.compile(r"^\..+\.(?P<host>[A-Za-z0-9-]+)-(?P<pid>[0-9]+)\.tmp(-wal|-shm|-journal)?$")
_UNREADABLE: tuple[type[Exception], ...] = (StoreError, *SQLITE_ERRORS)
OTHER_HOST_AFTER_S = 24 * 3600
"""A temporary copy another machine left in a shared backup folder is removed once it is this old."""
_MARKER_PREFIX = ".elders-"
"""Markers (in the backups' folder) of temporary copies written elsewhere; their names match _TEMPORARY."""
_markers = itertools.count(1)


def _connect(path: Path, key: str | None = None) -> Any:
    return connect_file(path, key)


def integrity_problems(path: Path, *, limit: int = 5, key: str | None = None) -> list[str]:
    """What ``PRAGMA integrity_check`` finds wrong in the SQLite file at ``path`` ([] when it is sound)."""
    try:
        connection = _connect(path, key)
        try:
            rows = [row[0] for row in connection.execute(f"PRAGMA integrity_check({limit})")]
        finally:
            connection.close()
    except SQLITE_DATABASE_ERRORS as error:
        return [str(error)]
    return [] if rows == ["ok"] else rows


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable; skipped where the OS does not open folders (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except (PermissionError, IsADirectoryError):
        return  # Windows: a folder cannot be opened; NTFS makes the rename durable by itself
    try:
        with contextlib.suppress(OSError):  # some file systems (network shares) refuse fsync on a folder
            os.fsync(fd)
    finally:
        os.close(fd)


def _copy_pages(source: Path, target: Path, key: str | None = None) -> None:
    """Copy every page of ``source`` into ``target`` with the online backup API, in one step."""
    src = _connect(source, key)
    try:
        dst = _connect(target, key)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def temporary_name(target: Path) -> Path:
    """Where the copy for ``target`` is written before it gets its name: hidden, in the same folder, named
    after this machine and process (so a later start can tell a leftover from a backup still running)."""
    return target.with_name(f".{target.name}.{_HOST}-{os.getpid()}.tmp")


def replace_private_file(path: Path, content: str) -> None:
    """Replace ``path`` (0600, folder 0700) in one rename: a crash leaves the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = temporary_name(path)  # what a killed run leaves in the backups folder is cleared as a leftover
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def _claim(target: Path) -> None:
    """Reserve ``target`` with an exclusive create (FileExistsError when it exists); no hard link needed."""
    with open(target, "xb", opener=lambda path, flags: os.open(path, flags, 0o600)):
        pass


def _not_sound(source: Path, problems: list[str]) -> CorruptStore:
    return CorruptStore(
        f"De back-up van {source} is niet in orde ({'; '.join(problems)}): de database zelf is "
        "waarschijnlijk beschadigd. Zet een eerdere back-up terug met `zvh herstel PAD`."
    )


def _mark_elsewhere(markers: Path | None, temporary: Path, target: Path) -> Path | None:
    """Note in ``markers`` (the backups' folder) that ``temporary`` (for ``target``) is being written
    elsewhere; the marker, or None when it is not needed (the same folder) or cannot be written (then a
    killed run's leftover stays, as before: the backup itself goes on)."""
    if markers is None or markers.resolve() == temporary.parent.resolve():
        return None
    marker = markers / f"{_MARKER_PREFIX}{next(_markers)}.{_HOST}-{os.getpid()}.tmp"
    try:
        markers.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(f"{temporary.resolve()}\n{target.resolve()}\n")
            file.flush()
            os.fsync(file.fileno())
        _fsync_dir(markers)
    except OSError:
        return None
    return marker


def backup_sqlite(source: Path, target: Path, *, key: str | None = None, markers: Path | None = None) -> Path:
    """A consistent, checked copy of the SQLite store ``source`` as the new file ``target`` (0600); with
    ``key`` the store is an encrypted one and so is the copy (same key). ``markers``: the backups' folder,
    where a copy written to another folder is noted while it is made (``remove_leftovers`` there clears what
    a killed run left).

    Raises FileExistsError when ``target`` exists and a StoreError when the source cannot be read or the
    copy is not sound; on any failure (or interruption) no file named ``target`` and no temporary file is
    left behind.
    """
    if target.exists():
        raise FileExistsError(target)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = temporary_name(target)
    _remove_with_side_files(temporary)
    marker = _mark_elsewhere(markers, temporary, target)
    claimed = False
    try:
        ensure_private_file(temporary)
        try:
            _copy_pages(source, temporary, key)
            connection = _connect(temporary, key)
            try:
                connection.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            finally:
                connection.close()
        except SQLITE_ERRORS as error:
            translated = sqlite_error(error, str(source))
            # Some damage stops the copy with a bare "SQL logic error" (SQLCipher: a page that fails its
            # check): then the source's own check says what is wrong.
            if translated is None and (problems := integrity_problems(source, key=key)):
                raise _not_sound(source, problems) from None
            raise (translated or error) from None
        problems = integrity_problems(temporary, key=key)
        if problems:
            raise _not_sound(source, problems)
        with temporary.open("rb+") as file:
            os.fsync(file.fileno())
        _claim(target)  # only now: a run killed during the copy leaves no file under the backup's name
        claimed = True
        os.replace(temporary, target)  # replaces only the empty claim made just above
        claimed = False
        _fsync_dir(target.parent)
    finally:
        _remove_with_side_files(temporary)
        if claimed:
            _remove(target)
        if marker is not None:
            _remove(marker)
    return target


def _pid_running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":  # no safe signal 0 on Windows; a file still open there cannot be removed anyway
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _leftover(path: Path) -> bool:
    """Whether ``path`` is the temporary copy of a backup that no longer runs."""
    match = _TEMPORARY.match(path.name)
    if match is None:
        return False
    if match["host"] == _HOST:
        return not _pid_running(int(match["pid"]))
    try:  # made on another machine (a shared folder): its process cannot be asked, so only when old
        return time.time() - path.stat().st_mtime > OTHER_HOST_AFTER_S
    except OSError:
        return False


def remove_leftovers(folder: Path, stem: str) -> list[Path]:
    """Remove what a killed backup left in ``folder``: temporary copies of a process that no longer runs and
    empty claimed names of this store's backups (``stem-….sqlite3`` of 0 bytes). The removed files."""
    if not folder.is_dir():
        return []
    removed: list[Path] = []
    for path in sorted(folder.iterdir()):
        if _TEMPORARY.match(path.name):
            if _leftover(path) and path.name.startswith(_MARKER_PREFIX):
                removed += _remove_marked(path)
            elif _leftover(path):
                with contextlib.suppress(PermissionError):  # Windows: still open in a running backup
                    _remove(path)
                    removed.append(path)
        elif (
            path.name.startswith(f"{stem}-")
            and path.suffix == ".sqlite3"
            and _is_empty_file(path)
            and not _temporary_of_running(folder, path)
        ):
            _remove(path)
            removed.append(path)
    return removed


def _remove_marked(marker: Path) -> list[Path]:
    """A killed run's marker: remove the temporary copy it names (with its side files), the empty claim of
    its backup's name when the run got that far, and the marker. Only a file named as ``temporary_name``
    names a copy of that run is ever removed; an unreadable marker is removed alone."""
    removed: list[Path] = []
    match = _TEMPORARY.match(marker.name)
    try:
        lines = marker.read_text(encoding="utf-8").splitlines()
        made = marker.stat().st_mtime
    except (OSError, UnicodeDecodeError):
        lines, made = [], 0.0
    if match is not None and len(lines) == 2:
        temporary, target = Path(lines[0]), Path(lines[1])
        own = (
            temporary.name == f".{target.name}.{match['host']}-{match['pid']}.tmp" and temporary.parent == target.parent
        )
        if own:
            for suffix in ("", *SIDE_FILES):
                side = Path(f"{temporary}{suffix}")
                if side.exists():
                    with contextlib.suppress(PermissionError):
                        _remove(side)
                        removed.append(side)
            with contextlib.suppress(OSError):  # claimed in the instant before the rename: empty, made after
                if _is_empty_file(target) and target.stat().st_mtime >= made:
                    _remove(target)
                    removed.append(target)
    with contextlib.suppress(PermissionError):
        _remove(marker)
        removed.append(marker)
    return removed


def _is_empty_file(path: Path) -> bool:
    try:
        return path.is_file() and path.stat().st_size == 0
    except OSError:
        return False


def _temporary_of_running(folder: Path, claim: Path) -> bool:
    """Whether a backup that still runs is writing the copy for ``claim``."""
    return any(
        _TEMPORARY.match(candidate.name) and not _leftover(candidate)
        for candidate in folder.glob(f".{glob.escape(claim.name)}.*.tmp")
    )


def check_copy(copy: Path, required_tables: Collection[str], *, key: str | None = None) -> str | None:
    """Raise a StoreError unless ``copy`` is a sound ZVH store of a known schema; its revision."""
    if not copy.is_file():
        raise StoreError(f"Back-up niet gevonden: {copy}")
    if copy.stat().st_size == 0:
        raise CorruptStore(f"{copy} is leeg: dat is geen back-up.")
    if key is None:
        check_sqlite_file(copy, writable=False)
    else:  # an encrypted copy: first whether the key opens it at all (WrongKey)
        inspect_file(copy, required_tables, writable=False, key=key)
    problems = integrity_problems(copy, key=key)
    if problems:
        raise CorruptStore(f"{copy} is beschadigd ({'; '.join(problems)}); deze back-up wordt niet teruggezet.")
    revision = inspect_file(copy, required_tables, writable=False, key=key)
    if revision is None:
        raise StoreError(f"{copy} is een lege database, geen back-up van een ZVH-database.")
    return revision


def restore_sqlite(
    copy: Path, store: Path, keep: Path, required_tables: Collection[str], *, key: str | None = None
) -> None:
    """Replace the contents of ``store`` with the checked ``copy``; the replaced store is kept as ``keep``.
    With ``key`` both are encrypted with it.

    Nothing changes when the copy is not a sound ZVH store of a known schema (StoreError).
    """
    check_copy(copy, required_tables, key=key)
    if store.exists() and store.stat().st_size > 0:
        _keep_current(store, keep, key)
    ensure_private_file(store)
    try:
        _copy_pages(copy, store, key)
    except SQLITE_DATABASE_ERRORS:
        # The current file is too damaged to take pages (it is kept): start from a fresh file.
        for suffix in ("", *SIDE_FILES):
            _remove(Path(f"{store}{suffix}"))
        ensure_private_file(store)
        _copy_pages(copy, store, key)
    problems = integrity_problems(store, key=key)
    if problems:
        raise CorruptStore(f"Het terugzetten is mislukt ({'; '.join(problems)}); het oude bestand staat in {keep}.")


def _keep_current(store: Path, keep: Path, key: str | None) -> None:
    """Save the store about to be replaced: a consistent copy, or the raw files when it cannot be read."""
    try:
        backup_sqlite(store, keep, key=key)
        return
    except FileExistsError:
        raise
    except _UNREADABLE:
        pass
    keep.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    for suffix in ("", *SIDE_FILES):
        source = Path(f"{store}{suffix}")
        if source.exists():
            target = Path(f"{keep}{suffix}")
            ensure_private_file(target)
            shutil.copyfile(source, target)


def _remove_with_side_files(path: Path) -> None:
    for suffix in ("", *SIDE_FILES):
        _remove(Path(f"{path}{suffix}"))


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
