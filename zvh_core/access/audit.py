"""The access log (toegangslog), in the spirit of NEN 7513: who saw or changed what, when, where.

Append-only: this module only inserts. Each entry holds ``prev_hash`` (the hash of the entry before
it) and ``hash``: SHA-256 over a canonical serialisation of all its fields including ``prev_hash`` and
its id, so editing, deleting or reordering an entry breaks the chain, and ``verify`` names the first
broken link. The only removal is retention of the log itself (``prune_before``), which appends a
checkpoint entry naming the last removed entry and its hash, so the rest stays verifiable.

Changes are logged in the transaction that makes them: queued while it runs and appended just before
it commits (a rolled-back change leaves no entry). Views happen in read sessions, which hold no
write lock and never commit: their entries are queued in the session and written by the Store in a
write transaction of their own right after the read, before the data reaches the screen.

Concurrency: appends run in write transactions. On SQLite those begin IMMEDIATE, so only one process
appends at a time; on PostgreSQL a transaction-scoped advisory lock serialises appends, so two
processes never both extend the same head (no fork in the chain). That lock is the chain's own and
short: taken when the entries are appended at commit, not when the transaction starts, so writers of
different besprekingen work side by side until their last moment.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time as _time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import cast

from sqlalchemy import CursorResult, String, delete, event, func, select, text, type_coerce
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col

from db.session import Database
from zvh_core.access.rights import ACTOR, CONTEXT, Actor, Recht, actor_of, require
from zvh_core.kernel.bulk import insert_rows
from zvh_core.kernel.errors import ZvhError
from zvh_core.kernel.models import Toegangslog, stored_id, utcnow

GENESIS = "0" * 64
PENDING = "zvh_audit_pending"
WRITE_PENDING = "zvh_audit_write_pending"
"""Entries of a write transaction, appended just before it commits."""
ADVISORY_LOCK_KEY = 7513_2018
CHECKPOINT = "log_ingekort"
WRITE_INFO = Database.WRITE_INFO


VIEW_REPEAT_SECONDS = 60
"""The same view (same user, object, person, context) again within this time adds no entry."""
_recent_views: dict[tuple, float] = {}
_recent_lock = threading.Lock()


def _repeated_view(key: tuple) -> bool:
    now = _time.monotonic()
    with _recent_lock:
        last = _recent_views.get(key)
        if last is not None and now - last < VIEW_REPEAT_SECONDS:
            return True
        if len(_recent_views) > 10_000:
            _recent_views.clear()
        _recent_views[key] = now
        return False


class AuditError(ZvhError, RuntimeError):
    """The log cannot be written (no actor known)."""


# --- actions (what the log says) --------------------------------------------------------------
class Handeling:
    """What an access-log entry says was done (the `actie` column)."""

    AANMELDING = "aanmelding"
    AANMELDING_MISLUKT = "aanmelding_mislukt"
    ACCOUNT_GEBLOKKEERD = "account_geblokkeerd"
    SCHERM_VERGRENDELD = "scherm_vergrendeld"
    BEKEKEN = "bekeken"
    GEZOCHT = "gezocht"
    GEWIJZIGD = "gewijzigd"
    AANGEMAAKT = "aangemaakt"
    GEEXPORTEERD = "geexporteerd"
    INGELEZEN = "ingelezen"
    INZAGE = "inzage"
    BEWAARTERMIJN = "bewaartermijn_uitgevoerd"
    GEBRUIKER = "gebruikersbeheer"
    LOG_GECONTROLEERD = "log_gecontroleerd"
    LOG_BEKEKEN = "log_bekeken"
    BEHEER = "beheer"


@dataclass(frozen=True)
class Entry:
    id: int
    tijd: datetime
    gebruiker: str
    rol: str
    actie: str
    object_type: str | None
    object_id: str | None
    persoon_id: int | None
    context: str | None
    werkplek: str | None
    details: str | None
    prev_hash: str
    hash: str


def _utc_text(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(row) -> bytes:
    """The exact bytes an entry's hash covers (every field, in a fixed order)."""
    fields = [
        row.id,
        _utc_text(row.tijd),
        row.gebruiker,
        row.rol,
        row.actie,
        row.object_type,
        row.object_id,
        row.persoon_id,
        row.context,
        row.werkplek,
        row.details,
        row.prev_hash,
    ]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def entry_hash(row) -> str:
    return hashlib.sha256(canonical(row)).hexdigest()


@dataclass(frozen=True)
class _Pending:
    actor: Actor
    actie: str
    object_type: str | None
    object_id: str | None
    persoon_id: int | None
    context: str | None
    details: str | None
    tijd: datetime


def record(
    session: Session,
    actie: str,
    *,
    object_type: str | None = None,
    object_id: object = None,
    persoon_id: int | None = None,
    context: str | None = None,
    details: str | dict | None = None,
    actor: Actor | None = None,
) -> None:
    """Log one entry: now in a write session, else right after the read session ends (Store.read)."""
    actor = actor or actor_of(session)
    if actor is None:
        raise AuditError("Het toegangslog kan niet worden bijgewerkt: niemand aangemeld.")
    if isinstance(details, dict):
        details = json.dumps(details, ensure_ascii=False, sort_keys=True, default=str)
    pending = _Pending(
        actor=actor,
        actie=actie,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id)[:80],
        persoon_id=persoon_id,
        context=(context or session.info.get(CONTEXT)),
        details=details,
        tijd=utcnow(),
    )
    if actie == Handeling.BEKEKEN and _repeated_view(
        (actor, pending.object_type, pending.object_id, persoon_id, pending.context, session.get_bind().engine.url)
    ):
        return
    if session.info.get(WRITE_INFO):
        session.info.setdefault(WRITE_PENDING, []).append(pending)
    else:
        session.info.setdefault(PENDING, []).append(pending)


def record_persons(session: Session, actie: str, persoon_ids, **kwargs) -> None:
    """One entry per person (so an inzage finds every view of that person); one without a person if none."""
    ids = list(dict.fromkeys(persoon_ids))
    for persoon_id in ids or [None]:
        record(session, actie, persoon_id=persoon_id, **kwargs)


@contextmanager
def deferred(session: Session) -> Iterator[None]:
    """Records made in this block wait (as in a read session) instead of joining the write transaction:
    for a view shown from a transaction that is about to roll back (a refused change). Take them with
    ``take_pending`` and hand them on the exception as ``audit_pending``; Store.write logs them after."""
    was = session.info.get(WRITE_INFO)
    session.info[WRITE_INFO] = False
    try:
        yield
    finally:
        session.info[WRITE_INFO] = was


def take_pending(session: Session) -> list[_Pending]:
    return session.info.pop(PENDING, [])


def write_pending(session: Session, pending: list[_Pending]) -> None:
    """Called by Store.read in a write session of its own."""
    if pending:
        _append(session, pending)


def _lock_chain(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})


def _head(session: Session) -> tuple[int, str]:
    row = session.execute(
        select(col(Toegangslog.id), col(Toegangslog.hash)).order_by(col(Toegangslog.id).desc()).limit(1)
    ).first()
    return (row[0], row[1]) if row else (0, GENESIS)


def _append(session: Session, pending: list[_Pending], head: tuple[int, str] | None = None) -> None:
    """Chain the entries onto the head and insert them in one statement (a view logs one entry per person
    shown: an ORM object and a flush each cost more than the search they log)."""
    _lock_chain(session)
    last_id, last_hash = head or _head(session)
    rows = []
    for p in pending:
        entry = Entry(
            id=last_id + 1,
            tijd=p.tijd,
            gebruiker=p.actor.naam[:80],
            rol=p.actor.rol,
            actie=p.actie,
            object_type=p.object_type,
            object_id=p.object_id,
            persoon_id=p.persoon_id,
            context=p.context,
            werkplek=(p.actor.werkplek or "")[:120] or None,
            details=p.details,
            prev_hash=last_hash,
            hash="",
        )
        last_id, last_hash = entry.id, entry_hash(entry)
        rows.append(vars(entry) | {"hash": last_hash})
    insert_rows(session, Toegangslog.__table__, rows)  # type: ignore[attr-defined]


def _append_at_commit(session) -> None:
    """Before a write transaction commits: append what it logged (the chain's lock is held from here on)."""
    queued = session.info.pop(WRITE_PENDING, None)
    if queued:
        _append(session, queued)


def append_now(session: Session) -> None:
    """Append this write transaction's entries now instead of at commit (the chain's lock is then held until
    the commit): for a file that names its own entry, such as a Markdown export's footer."""
    _append_at_commit(session)


def _forget_at_rollback(session) -> None:
    session.info.pop(WRITE_PENDING, None)


event.listen(OrmSession, "before_commit", _append_at_commit)
event.listen(OrmSession, "after_rollback", _forget_at_rollback)


# --- checking -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Verification:
    ok: bool
    entries: int
    broken_id: int | None = None
    reason: str | None = None
    head_hash: str = GENESIS

    def message(self) -> str:
        if self.ok:
            return f"Toegangslog in orde: {self.entries} regels, keten ongebroken. Laatste hash: {self.head_hash}"
        return f"Toegangslog GEBROKEN bij regel {self.broken_id}: {self.reason}"

    def chain_only_message(self) -> str:
        """For a sound chain whose end no longer matches the anchor outside the store."""
        return f"De hashketen zelf is ongebroken ({self.entries} regels), maar:"


def _checkpoints(session: Session) -> dict[int, str]:
    """Retention checkpoints: first id kept → hash of the last removed entry."""
    found: dict[int, str] = {}
    for details in session.execute(
        select(col(Toegangslog.details)).where(col(Toegangslog.actie) == CHECKPOINT)
    ).scalars():
        try:
            data = json.loads(details or "{}")
            found[int(data["tot_id"]) + 1] = str(data["tot_hash"])
        except (ValueError, KeyError, TypeError):
            continue
    return found


def _first_unreadable_time(session: Session) -> tuple[int | None, int]:
    """The id (and position) of the first entry whose stored time cannot be read as a time."""
    raw = select(col(Toegangslog.id), type_coerce(col(Toegangslog.tijd), String)).order_by(col(Toegangslog.id))
    for position, (entry_id, stored) in enumerate(session.execute(raw), start=1):
        try:
            datetime.fromisoformat(str(stored))
        except ValueError:
            return entry_id, position
    return None, 0


def verify(session: Session) -> Verification:
    """Walk the chain in id order; report the first entry whose hash or link does not hold."""
    require(session, Recht.TOEGANGSLOG)
    checkpoints = _checkpoints(session)
    previous_hash: str | None = None
    previous_id: int | None = None
    count = 0
    rows = session.execute(
        select(Toegangslog).order_by(col(Toegangslog.id)).execution_options(yield_per=2000)
    ).scalars()
    try:
        for row in rows:
            count += 1
            if previous_hash is None:
                expected = GENESIS if row.prev_hash == GENESIS else checkpoints.get(row.id)
                if expected is None or row.prev_hash != expected:
                    return Verification(False, count, row.id, "het begin van het log ontbreekt of is gewijzigd")
            else:
                assert previous_id is not None  # set with previous_hash, on the row before
                if row.id != previous_id + 1:
                    return Verification(False, count, row.id, f"regel(s) {previous_id + 1}–{row.id - 1} ontbreken")
                if row.prev_hash != previous_hash:
                    return Verification(
                        False, count, row.id, "verwijst niet naar de vorige regel (verwijderd of verplaatst)"
                    )
            if entry_hash(row) != row.hash:
                return Verification(False, count, row.id, "de inhoud is gewijzigd (hash klopt niet)")
            previous_hash, previous_id = row.hash, row.id
    except ValueError:  # a time that is no time: someone wrote into the file by hand
        broken_id, position = _first_unreadable_time(session)
        return Verification(False, position, broken_id, "de tijd van deze regel is onleesbaar (gewijzigd)")
    record(session, Handeling.LOG_GECONTROLEERD, details={"regels": count})
    return Verification(True, count, head_hash=previous_hash or GENESIS)


# --- reading --------------------------------------------------------------------------------------
def entries(
    session: Session,
    *,
    persoon_id: int | None = None,
    gebruiker: str | None = None,
    van: date | None = None,
    tot: date | None = None,
    limit: int | None = None,
) -> list[Entry]:
    """Entries matching the filters, oldest first (dates inclusive, local calendar days as UTC bounds)."""
    require(session, Recht.TOEGANGSLOG)
    record(
        session,
        Handeling.LOG_BEKEKEN,
        object_type="toegangslog",
        persoon_id=persoon_id,
        details={"gebruiker": gebruiker, "van": van, "tot": tot},
    )
    return entries_unchecked(session, persoon_id=persoon_id, gebruiker=gebruiker, van=van, tot=tot, limit=limit)


def entries_unchecked(
    session: Session, *, persoon_id=None, gebruiker=None, van=None, tot=None, limit=None
) -> list[Entry]:
    """For services that already checked their own permission (the inzage)."""
    stmt = select(Toegangslog).order_by(col(Toegangslog.id))
    if persoon_id is not None:
        stmt = stmt.where(col(Toegangslog.persoon_id) == persoon_id)
    if gebruiker:
        stmt = stmt.where(func.lower(col(Toegangslog.gebruiker)) == gebruiker.lower())
    if van:
        stmt = stmt.where(col(Toegangslog.tijd) >= datetime.combine(van, time.min, UTC))
    if tot:
        stmt = stmt.where(col(Toegangslog.tijd) <= datetime.combine(tot, time.max, UTC))
    if limit:
        stmt = stmt.limit(limit)
    return [_entry(r) for r in session.execute(stmt).scalars()]


def _entry(row: Toegangslog) -> Entry:
    return Entry(
        id=stored_id(row),
        tijd=row.tijd,
        gebruiker=row.gebruiker,
        rol=row.rol,
        actie=row.actie,
        object_type=row.object_type,
        object_id=row.object_id,
        persoon_id=row.persoon_id,
        context=row.context,
        werkplek=row.werkplek,
        details=row.details,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


def iter_lines(items: list[Entry]) -> Iterator[str]:
    from zvh_core.kernel import clock

    for e in items:
        what = " ".join(x for x in (e.object_type, e.object_id) if x)
        person = f" persoon {e.persoon_id}" if e.persoon_id is not None else ""
        yield (
            f"{e.id:>6}  {clock.local_time(e.tijd):%Y-%m-%d %H:%M:%S}  {e.gebruiker} ({e.rol})  {e.actie}"
            f"{'  ' + what if what else ''}{person}"
            f"{'  [' + e.context + ']' if e.context else ''}{'  @' + e.werkplek if e.werkplek else ''}"
            f"{'  ' + e.details if e.details else ''}"
        )


# --- retention of the log itself ------------------------------------------------------------------
def prune_before(session: Session, cutoff: datetime) -> int:
    """Remove entries older than ``cutoff`` (the only deletion there is) and append a checkpoint."""
    actor = require(session, Recht.BEWAARTERMIJN)
    if not session.info.get(WRITE_INFO):
        raise AuditError("Het log inkorten kan alleen in een schrijftransactie.")
    _lock_chain(session)
    head = _head(session)
    last_removed = session.execute(
        select(col(Toegangslog.id), col(Toegangslog.hash))
        .where(col(Toegangslog.tijd) < cutoff)
        .order_by(col(Toegangslog.id).desc())
        .limit(1)
    ).first()
    if last_removed is None:
        return 0
    tot_id, tot_hash = last_removed
    if tot_id == head[0]:
        tot_id -= 1  # always keep the newest entry, so the chain head stays
        if tot_id < 1:
            return 0
        tot_hash = session.scalars(select(col(Toegangslog.hash)).where(col(Toegangslog.id) == tot_id)).one()
    count = cast(CursorResult, session.execute(delete(Toegangslog).where(col(Toegangslog.id) <= tot_id))).rowcount
    _append(
        session,
        [
            _Pending(
                actor=actor,
                actie=CHECKPOINT,
                object_type="toegangslog",
                object_id=None,
                persoon_id=None,
                context=session.info.get(CONTEXT),
                details=json.dumps({"tot_id": tot_id, "tot_hash": tot_hash, "regels": count}),
                tijd=utcnow(),
            )
        ],
        head=head,
    )
    return count


__all__ = [
    "ACTOR",
    "GENESIS",
    "AuditError",
    "Entry",
    "Handeling",
    "Verification",
    "entries",
    "prune_before",
    "record",
    "verify",
]
