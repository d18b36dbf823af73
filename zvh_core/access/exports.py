"""Every file the product writes with personal or case data goes through here.

- Files are created readable by their user only (0600), in a folder only the user can enter (0700).
- CSV and XLSX cells that begin with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return are
  neutralised with a leading apostrophe, so a spreadsheet never runs them as a formula (CSV injection).
- Every export is logged (who, what, which file, how many rows) in the same write transaction; a file
  whose log entry could not be written is removed again.
- A Markdown export (a besluitenlijst, an inzage) ends with the number and hash of its own log entry: a
  copy of the chain's head outside the store, so an access log cut before that entry shows against the file.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from zvh_core.access import audit, logketen
from zvh_core.access.audit import Handeling

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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


def write_private_bytes(path: Path, data: bytes) -> Path:
    """Write ``data`` to a file only its user can read (exports hold personal data)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(path, 0o600)
    return path


def write_private_file(path: Path, text: str | bytes) -> Path:
    """Text (UTF-8) or bytes to a private file; for exports use ``export`` (it also logs)."""
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
) -> Path:
    """Write an export file (0600) and log it in one write transaction; no log, no file."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    path = Path(path)
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
                data += log_footer(session).encode("utf-8")
            write_private_bytes(path, data)
            written = True
    except BaseException:
        if written:
            path.unlink(missing_ok=True)
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
