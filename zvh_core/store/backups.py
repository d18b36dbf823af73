"""Backups of the store: on request, once a day at the app's first start, before a schema upgrade, and
putting one back (db/backup.py does the copying and checking).

Names say what a file is: ``zvh-2026-11-26-083015.sqlite3`` (on request), ``zvh-dagelijks-…`` (the
automatic ones; the newest ``Settings.backup_keep`` are kept), ``zvh-voor-herstel-…`` (the store a restore
replaced) and ``zvh-voor-upgrade-…``. Only the daily ones are ever removed, and what a killed backup left
behind (db/backup.py: ``remove_leftovers``, at the next start and the next backup; a backup to another
folder is marked in the backups' folder while it runs, so its leftover there is found too). An encrypted store (ZVH_DB_SLEUTEL) gets the same backups,
encrypted with the same key. Every backup and the first start of each day also note the head of the access
log in ``zvh.logketen`` beside the backups (zvh_core.access.logketen). Every restore is logged in the
restored store and in ``beheer.log`` beside the backups (``restore_logged``). PostgreSQL stores are backed
up with pg_dump by whoever runs the server; the app says how.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from db import backup as db_backup
from db.engine import connect_file, sqlite_path
from db.errors import SQLITE_ERRORS, StoreError
from zvh_core.access import logketen
from zvh_core.config.settings import Settings, get_settings
from zvh_core.kernel import clock

SUFFIX = ".sqlite3"
DAILY = "dagelijks"
BEFORE_RESTORE = "voor-herstel"
BEFORE_UPGRADE = "voor-upgrade"
ANCHOR_SUFFIX = ".logketen"
_ANCHOR_FAILURES: tuple[type[Exception], ...] = (OSError, *SQLITE_ERRORS)


class NotForPostgres(StoreError):
    """Backups of a PostgreSQL store are made with pg_dump; the message says how."""


def backup_dir(store_path: Path, settings: Settings | None = None) -> Path:
    settings = settings or get_settings()
    return settings.backup_dir or store_path.parent / "backups"


def backup_name(store_path: Path, moment: datetime, label: str = "") -> str:
    """'zvh-2026-11-26-083015.sqlite3', with ``label`` after the store's name: 'zvh-dagelijks-2026-…'."""
    stamp = clock.local_time(moment).strftime("%Y-%m-%d-%H%M%S")
    return f"{store_path.stem}-{label + '-' if label else ''}{stamp}{SUFFIX}"


def _free_name(folder: Path, name: str) -> Path:
    """``folder/name``, or with -2, -3 … when a file of that name exists (two backups in one second)."""
    target = folder / name
    n = 2
    while target.exists():
        target = folder / f"{name.removesuffix(SUFFIX)}-{n}{SUFFIX}"
        n += 1
    return target


def _sqlite_store_path(url: str) -> Path:
    path = sqlite_path(url)
    if path is None:
        raise NotForPostgres(pg_dump_guidance(url))
    return path


def pg_dump_guidance(url: str) -> str:
    """How to back up and restore a PostgreSQL store (the app leaves that to pg_dump and pg_restore)."""
    parsed = make_url(url)
    target = URL.create("postgresql", parsed.username, None, parsed.host, parsed.port, parsed.database)
    plain = target.render_as_string(hide_password=False)  # without the password: it has none
    return (
        "Deze database staat op een PostgreSQL-server; maak de back-up met pg_dump (het wachtwoord komt uit "
        "~/.pgpass of PGPASSWORD):\n"
        f"  pg_dump --format=custom --file=zvh-$(date +%F).dump '{plain}'\n"
        "Terugzetten (eerst de app overal sluiten):\n"
        f"  pg_restore --clean --if-exists --no-owner --dbname='{plain}' zvh-JJJJ-MM-DD.dump\n"
        "Plan pg_dump dagelijks (cron of systemd-timer) en bewaar de bestanden versleuteld en alleen leesbaar "
        "voor de beheerder."
    )


def anchor_file(url: str, settings: Settings | None = None) -> Path:
    """Where the head of the access log is kept outside the store: ``zvh.logketen`` beside the backups (for
    PostgreSQL: named after the database, in the backup folder or the data folder)."""
    settings = settings or get_settings()
    store_path = sqlite_path(url)
    if store_path is not None:
        return backup_dir(store_path, settings) / f"{store_path.stem}{ANCHOR_SUFFIX}"
    database = make_url(url).database or "zvh"
    return (settings.backup_dir or settings.resolved_data_dir / "backups") / f"{database}{ANCHOR_SUFFIX}"


def _anchor(
    url: str, source: Path, bron: str, settings: Settings, *, now: datetime | None = None, replace: bool = False
) -> None:
    """Note the head of the access log in ``source`` (the store, or a copy of it) in the anchor file.

    An anchor that cannot be written does not undo the backup it follows: ``zvh audit controleer`` then
    says there is none, or compares with the one before."""
    try:
        connection = connect_file(source, settings.db_sleutel or None)
        try:
            logketen.record(
                logketen.connection_chain(connection),
                anchor_file(url, settings),
                bron,
                key=settings.log_sleutel or None,
                now=now,
                replace=replace,
            )
        finally:
            connection.close()
    except _ANCHOR_FAILURES:
        pass


def log_anchor_finding(store, url: str, settings: Settings | None = None) -> logketen.Finding:
    """Whether the access log of ``store`` (at ``url``) still holds the newest anchor in ``zvh.logketen``:
    the comparison `zvh audit controleer` makes, without the right to the log (nothing of it is shown,
    only whether its end is still there). Read at every start of the app."""
    settings = settings or get_settings()
    with store.read() as session:
        return logketen.compare(
            logketen.session_chain(session), anchor_file(url, settings), settings.log_sleutel or None
        )


def make_backup(
    url: str,
    target: Path | None = None,
    *,
    settings: Settings | None = None,
    now: datetime | None = None,
    label: str = "",
) -> Path:
    """A checked copy of the store at ``url``: at ``target`` (a new file, or a folder to put it in), by
    default in the backup folder. Never replaces an existing file (FileExistsError)."""
    settings = settings or get_settings()
    store_path = _sqlite_store_path(url)
    if not store_path.is_file():
        raise StoreError(f"Er is (nog) geen database om te back-uppen: {store_path} bestaat niet.")
    name = backup_name(store_path, now or clock.now(), label)
    folder = backup_dir(store_path, settings)
    db_backup.remove_leftovers(folder, store_path.stem)  # also what a killed backup left elsewhere (its marker)
    if target is None:
        target = _free_name(folder, name)
    elif target.is_dir():
        target = _free_name(target, name)
    made = db_backup.backup_sqlite(store_path, target, key=settings.db_sleutel or None, markers=folder)
    _anchor(url, made, logketen.DAILY_START if label == DAILY else logketen.BACKUP, settings, now=now)
    return made


def daily_backups(store_path: Path, settings: Settings | None = None) -> list[Path]:
    """The automatic backups of this store, oldest first."""
    folder = backup_dir(store_path, settings)
    return sorted(folder.glob(f"{store_path.stem}-{DAILY}-*{SUFFIX}"))


def daily_backup(url: str, *, settings: Settings | None = None, now: datetime | None = None) -> Path | None:
    """At the first start of a day: back up the store and keep the newest ``backup_keep`` daily backups.

    None when nothing was needed (PostgreSQL, a new store, backups switched off, one made today already).
    A StoreError when the copy failed its check: the store itself is then probably damaged.
    """
    settings = settings or get_settings()
    store_path = sqlite_path(url)
    if store_path is None:
        return None
    db_backup.remove_leftovers(backup_dir(store_path, settings), store_path.stem)
    if not store_path.is_file():
        return None
    if settings.backup_keep <= 0:  # no backups, but the day's anchor of the access log all the same
        moment = now or clock.now()
        if not _anchored_today(url, settings, moment):
            _anchor(url, store_path, logketen.DAILY_START, settings, now=moment)
        return None
    moment = now or clock.now()
    today = clock.local_time(moment).strftime("%Y-%m-%d")
    if any(p.name.startswith(f"{store_path.stem}-{DAILY}-{today}-") for p in daily_backups(store_path, settings)):
        return None
    made = make_backup(url, settings=settings, now=moment, label=DAILY)
    for old in daily_backups(store_path, settings)[: -settings.backup_keep]:
        old.unlink(missing_ok=True)
    return made


def _anchored_today(url: str, settings: Settings, moment: datetime) -> bool:
    anchors, _bad = logketen.read_anchors(anchor_file(url, settings), settings.log_sleutel or None)
    today = clock.local_time(moment).date()
    return any(a.bron == logketen.DAILY_START and clock.local_time(a.tijd).date() == today for a in anchors)


def backup_before_upgrade(store_path: Path, revision: str, settings: Settings | None = None) -> Path:
    """Before a schema upgrade changes an existing store: a copy of it as it was."""
    return make_backup(f"sqlite:///{store_path}", settings=settings, label=f"{BEFORE_UPGRADE}-{revision}")


def restore(url: str, copy: Path, *, settings: Settings | None = None, now: datetime | None = None) -> Path | None:
    """Put the backup ``copy`` back as the store at ``url``, after checking it; the replaced store is kept
    in the backup folder, and that file is returned (None when there was no store). Nothing changes when
    the copy does not pass."""
    from zvh_core.store.schema import REQUIRED_TABLES

    store_path = _sqlite_store_path(url)
    if copy.exists() and store_path.exists() and copy.resolve() == store_path.resolve():
        raise StoreError("Dat is de database zelf; kies een back-up.")
    keep = _free_name(backup_dir(store_path, settings), backup_name(store_path, now or clock.now(), BEFORE_RESTORE))
    had_store = store_path.is_file() and store_path.stat().st_size > 0
    settings = settings or get_settings()
    db_backup.restore_sqlite(copy, store_path, keep, REQUIRED_TABLES, key=settings.db_sleutel or None)
    _anchor(url, store_path, logketen.RESTORE, settings, now=now, replace=True)  # the older log is now the real one
    return keep if had_store else None


# --- a restore leaves a trace -----------------------------------------------------------------------------
BEHEER_LOG = "beheer.log"
"""Beside the backups: one paragraph per restore (with the log lines the restore took out of the store)
and per backup of a store that could not take a log entry (a read-only file)."""
_TAIL_COLUMNS = "id, tijd, gebruiker, rol, actie, object_type, object_id, persoon_id, context"


@dataclass(frozen=True)
class LogState:
    """The access log of one SQLite file as a restore sees it: its size, head and the lines after ``after``."""

    regels: int
    laatste_id: int | None
    laatste_hash: str | None
    staart: tuple[str, ...] = ()


def _log_state(path: Path, after: int | None = None, key: str | None = None) -> LogState | None:
    """Read the log of the file at ``path`` (encrypted: with ``key``) without changing it; None when it
    cannot be read (damaged)."""
    if not path.is_file() or path.stat().st_size == 0:
        return None
    try:
        connection = connect_file(path, key, read_only=True)
        try:
            count, last = connection.execute("SELECT count(*), max(id) FROM toegangslog").fetchone()
            head = connection.execute("SELECT hash FROM toegangslog WHERE id = ?", (last,)).fetchone()
            tail: list[str] = []
            if after is not None:
                for row in connection.execute(
                    f"SELECT {_TAIL_COLUMNS} FROM toegangslog WHERE id > ? ORDER BY id", (after,)
                ):
                    rid, tijd, gebruiker, rol, actie, object_type, object_id, persoon_id, context = row
                    what = " ".join(str(x) for x in (object_type, object_id) if x)
                    person = f" persoon {persoon_id}" if persoon_id is not None else ""
                    where = f" [{context}]" if context else ""
                    tail.append(f"{rid:>6}  {tijd}  {gebruiker} ({rol})  {actie}  {what}{person}{where}".rstrip())
            return LogState(count, last, head[0] if head else None, tuple(tail))
        finally:
            connection.close()
    except SQLITE_ERRORS:
        return None


@dataclass(frozen=True)
class RestoreReport:
    kept: Path | None
    """The replaced store, kept in the backup folder (None when there was none)."""
    log_file: Path
    """The restore log beside the backups."""
    lost_log_lines: int
    """Log lines of the replaced store that the backup does not hold (kept readable in ``log_file``)."""


def restore_logged(
    url: str, copy: Path, actor, *, settings: Settings | None = None, now: datetime | None = None
) -> RestoreReport:
    """``restore``, and a trace of it where it cannot be lost: an entry in the restored store's access log
    (who, which backup, where the replaced store is kept and the head of its log) and a paragraph in
    ``beheer.log`` beside the backups with the replaced store's log lines that the backup does not
    hold, so a restore never hides who saw or changed what since the backup was made."""
    from zvh_core.access import audit
    from zvh_core.access.audit import Handeling
    from zvh_core.store import open_store

    settings = settings or get_settings()
    moment = now or clock.now()
    store_path = _sqlite_store_path(url)
    key = settings.db_sleutel or None
    restored_state = _log_state(copy, key=key)
    replaced = _log_state(store_path, after=(restored_state.laatste_id or 0) if restored_state else 0, key=key)
    kept = restore(url, copy, settings=settings, now=moment)
    store = open_store(url, settings=settings)  # an older backup is brought to the current schema
    details = {
        "wat": "herstel uitgevoerd",
        "back-up": str(copy),
        "vervangen_bewaard_als": str(kept) if kept else None,
        "vervangen_log_regels": replaced.regels if replaced else None,
        "vervangen_log_laatste_id": replaced.laatste_id if replaced else None,
        "vervangen_log_laatste_hash": replaced.laatste_hash if replaced else None,
        "niet_in_back_up": len(replaced.staart) if replaced else None,
    }
    try:
        with store.as_user(actor, context="zvh herstel").write() as session:
            audit.record(session, Handeling.BEHEER, object_type="database", details=details)
    finally:
        store.dispose()
    log_file = backup_dir(store_path, settings) / BEHEER_LOG
    _append_restore_log(log_file, moment, actor, copy, kept, replaced)
    return RestoreReport(kept, log_file, len(replaced.staart) if replaced else 0)


def _append_restore_log(
    log_file: Path, moment: datetime, actor, copy: Path, kept: Path | None, replaced: LogState | None
) -> None:
    when = clock.local_time(moment).strftime("%Y-%m-%d %H:%M:%S")
    lines = [
        f"{when}  herstel door {actor.naam} ({actor.rol}): back-up {copy} teruggezet.",
        f"  De vervangen database is bewaard als {kept}." if kept else "  Er was geen database om te vervangen.",
    ]
    if replaced is None:
        if kept:
            lines.append("  Het toegangslog van de vervangen database kon niet worden gelezen (beschadigd).")
    else:
        lines.append(
            f"  Toegangslog van de vervangen database: {replaced.regels} regels, laatste {replaced.laatste_id} "
            f"(hash {replaced.laatste_hash})."
        )
        if replaced.staart:
            lines.append(f"  {len(replaced.staart)} regel(s) van na de back-up, die nu alleen nog daar staan:")
            lines += [f"    {line}" for line in replaced.staart]
    append_beheer_log(log_file, lines)


def append_beheer_log(log_file: Path, lines: list[str]) -> None:
    """Add one paragraph to the log file beside the backups (0600, in a 0700 folder), synced to disk."""
    log_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(log_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n\n")
        handle.flush()
        os.fsync(handle.fileno())


def log_unlogged_backup(url: str, actor, made: Path, *, settings: Settings | None = None) -> Path:
    """A backup of a store that could not take the log entry itself (read-only): noted in beheer.log."""
    store_path = _sqlite_store_path(url)
    log_file = backup_dir(store_path, settings) / BEHEER_LOG
    when = clock.local_time(clock.now()).strftime("%Y-%m-%d %H:%M:%S")
    append_beheer_log(
        log_file,
        [
            f"{when}  back-up door {actor.naam} ({actor.rol}): {store_path} gekopieerd naar {made}.",
            "  De database is alleen-lezen; deze back-up staat daarom hier en niet in haar toegangslog.",
        ],
    )
    return log_file
