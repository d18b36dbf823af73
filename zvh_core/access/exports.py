"""Every file the product writes with personal or case data goes through here.

- Files are created readable by their user only (0600), in a folder only the user can enter (0700).
- CSV and XLSX cells that begin with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return are
  neutralised with a leading apostrophe, so a spreadsheet never runs them as a formula (CSV injection).
- Every export is logged (who, what, which file, how many rows) in the same write transaction; a file
  whose log entry could not be written is removed again.
- A Markdown export (a besluitenlijst, an inzage) ends with the number and hash of its own log entry: a
  copy of the chain's head outside the store, so an access log cut before that entry shows against the file.
- Nothing is destroyed (``check_target``): an existing file is only replaced when asked (``overwrite``,
  the CLI's ``--overschrijven``), and never the store itself, its -wal/-shm/-journal files, any SQLite
  database or anything in the backup folder, whatever is asked. Exports into the app's own export folder
  take a free name instead (``-2``, ``-3`` …). Folders made for an export are 0700 whatever the umask.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import overload

from db.engine import EncryptionUnavailable, connect_file, sqlite_path
from db.errors import SQLITE_ERRORS
from zvh_core.access import audit, logketen
from zvh_core.access.audit import Handeling
from zvh_core.config.settings import get_settings
from zvh_core.kernel.errors import InvalidInput

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@overload
def neutralise(value: str) -> str: ...
@overload
def neutralise(value: object) -> object: ...
def neutralise(value: object) -> object:
    """A text cell that a spreadsheet would read as a formula, made plain text; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_row(row: Iterable[object]) -> list[object]:
    return [neutralise(v) for v in row]


def csv_text(header: Sequence[object], rows: Iterable[Sequence[object]], *, delimiter: str = ";") -> str:
    """CSV (``;`` by default, as the reports use) with every text cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(neutralise_row(header))
    for row in rows:
        writer.writerow(neutralise_row(row))
    return buffer.getvalue()


SQLITE_HEADER = b"SQLite format 3\x00"
STORE_SIDE_FILES = ("", "-wal", "-shm", "-journal")
_UNOPENABLE: tuple[type[Exception], ...] = (*SQLITE_ERRORS, EncryptionUnavailable)


class OutputRefused(InvalidInput):
    """The file an export would write is refused (it exists, or it is the store or a backup); nothing written."""


def protected_paths(store) -> tuple[list[Path], list[Path]]:
    """(files, folders) no export may ever write: the SQLite store with its side files, the backup folder.
    Without ``store``: the configured one (a command that checks its target before opening the store)."""
    files: list[Path] = []
    folders: list[Path] = []
    settings = get_settings()
    url = (
        store.engine.url.render_as_string(hide_password=False) if store is not None else settings.resolved_database_url
    )
    store_path = sqlite_path(url) if url else None
    if store_path is not None:
        files += [Path(f"{store_path}{suffix}") for suffix in STORE_SIDE_FILES]
        folders.append(settings.backup_dir or store_path.parent / "backups")
    elif settings.backup_dir is not None:
        folders.append(settings.backup_dir)
    return files, folders


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _is_sqlite_file(path: Path) -> bool:
    """Whether ``path`` is an SQLite database: by its header, or (an encrypted store or backup has none) by
    opening it, read-only, with the configured key (ZVH_DB_SLEUTEL)."""
    try:
        with path.open("rb") as handle:
            if handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER:
                return True
        size = path.stat().st_size
    except OSError:
        return False
    key = get_settings().db_sleutel
    if not key or size == 0 or size % 512:  # SQLCipher files are whole pages
        return False
    try:
        connection = connect_file(path, key, read_only=True)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except _UNOPENABLE:
        return False
    return True


def check_target(path: Path, *, store=None, overwrite: bool = False) -> Path:
    """Refuse (OutputRefused, Dutch) a target that would destroy something; the path to write otherwise."""
    path = Path(path).expanduser()
    files, folders = protected_paths(store)
    for protected in files:
        if path.resolve() == protected.resolve() or _same_file(path, protected):
            raise OutputRefused(
                f"{path} is de database zelf (of een van haar bestanden); daar wordt nooit naar geschreven."
            )
    for folder in folders:
        if _inside(path, folder) or (path.exists() and any(_same_file(path, f) for f in _files_in(folder))):
            raise OutputRefused(f"{path} ligt in de back-upmap {folder}; daar wordt nooit een export geschreven.")
    if path.is_dir():
        raise OutputRefused(f"{path} is een map; geef een bestandsnaam.")
    if path.exists() or path.is_symlink():
        if _is_sqlite_file(path):
            raise OutputRefused(f"{path} is een database (of een back-up); die wordt nooit overschreven.")
        if not overwrite:
            raise OutputRefused(
                f"Het bestand {path} bestaat al; er is niets overschreven. Kies een andere naam, "
                "of geef --overschrijven om het te vervangen."
            )
    return path


def _files_in(folder: Path) -> list[Path]:
    try:
        return [p for p in folder.iterdir() if p.is_file()]
    except OSError:
        return []


def free_name(path: Path) -> Path:
    """``path``, or with -2, -3 … before the suffix when a file of that name exists."""
    path = Path(path)
    candidate, n = path, 2
    while candidate.exists() or candidate.is_symlink():
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` and any missing parents as 0700, whatever the umask; existing folders stay as they are."""
    folder = Path(folder)
    missing = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for made in reversed(missing):
        try:
            made.mkdir(mode=0o700)
        except FileExistsError:
            continue
        os.chmod(made, 0o700)


def write_private_bytes(path: Path, data: bytes) -> Path:
    """Write ``data`` to a new file only its user can read (exports hold personal data). The file is
    created exclusively: an existing file or a symlink is never followed or replaced (FileExistsError)."""
    path = Path(path)
    make_private_folder(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(path, 0o600)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def write_private_file(path: Path, text: str | bytes) -> Path:
    """Text (UTF-8) or bytes to a new private file; for exports use ``export`` (it also logs)."""
    return write_private_bytes(path, text if isinstance(text, bytes) else text.encode("utf-8"))


def export(
    store,
    path: Path,
    content: str | bytes,
    *,
    soort: str,
    object_type: str | None = None,
    object_id: object = None,
    persoon_ids: Iterable[int] = (),
    details: dict | None = None,
    actie: str = Handeling.GEEXPORTEERD,
    overwrite: bool = False,
    unique: bool = False,
) -> Path:
    """Write an export file (0600) and log it in one write transaction; no log, no file.

    An existing file is refused (OutputRefused) unless ``overwrite``; ``unique`` (the app's own export
    folder) takes a free name instead. The store, its side files, databases and backups: always refused."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    path = Path(path)
    if unique:
        path = free_name(path)
    path = check_target(path, store=store, overwrite=overwrite)
    # With ``overwrite`` the new contents go to a temporary file that takes the name only after the log
    # entry is committed: a failed log leaves the old file as it was.
    staged = path.with_name(f".{path.name}.{os.getpid()}.export") if overwrite else path
    written = False
    try:
        with store.write() as session:
            audit.record_persons(
                session,
                actie,
                list(persoon_ids),
                object_type=object_type or soort,
                object_id=object_id,
                details={"soort": soort, "bestand": str(path), "bytes": len(data), **(details or {})},
            )
            if path.suffix == ".md" and isinstance(content, str):
                audit.append_now(session)  # the footer names the entry: it must be in the chain already
                data += log_footer(session).encode("utf-8")
            if overwrite:
                staged.unlink(missing_ok=True)
            try:
                write_private_bytes(staged, data)
            except FileExistsError:
                raise OutputRefused(f"Het bestand {path} bestaat al; er is niets overschreven.") from None
            written = True
        if overwrite:
            os.replace(staged, path)
    except BaseException:
        if written:
            staged.unlink(missing_ok=True)
        raise
    return path


def log_footer(session) -> str:
    """The last line of a Markdown export: the access log's head, i.e. the entry that logs this export."""
    head = logketen.session_chain(session).head()
    if head is None:
        return ""
    return f"\n---\n\nToegangslog: deze export is vastgelegd als regel {head[0]} (hash {head[1]}).\n"


def log_export(store, *, soort: str, object_type: str | None = None, object_id: object = None, bestand: str) -> None:
    """Log an export that is not a file of ours (e.g. CSV to standard output)."""
    with store.write() as session:
        audit.record(
            session,
            Handeling.GEEXPORTEERD,
            object_type=object_type or soort,
            object_id=object_id,
            details={"soort": soort, "bestand": bestand},
        )
