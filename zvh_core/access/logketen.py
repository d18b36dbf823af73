"""The head of the access log's hash chain, kept outside the store, so that cutting the log's tail is evident.

The chain itself (zvh_core.access.audit) shows an edited, deleted or moved entry, but not the last entries
removed: what is left is still a sound chain. So the head (the newest entry's id and hash) is also written
to a small file outside the store, the anchor file (``zvh.logketen`` beside the backups, 0600): on every
backup (read from the backup itself), at the first start of each day and after every successful
``zvh audit controleer``. ``check`` compares the store against the newest anchor: an anchored entry that is
gone means the tail was cut, one with another hash means the chain was rewritten.

One line per anchor, newest last: ``time<TAB>source<TAB>id<TAB>hash<TAB>mac``. With a key in
ZVH_LOG_SLEUTEL every line carries an HMAC-SHA256 over the rest; a line whose HMAC does not hold is no
anchor (and is reported), so whoever rewrites the store and its chain cannot write a matching anchor
without the key. A new anchor is only written when the store still holds the newest one: a cut log never
overwrites the evidence.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, bindparam, text
from sqlmodel import Session

from db.backup import replace_private_file
from zvh_core.access.rights import Recht, require
from zvh_core.kernel import clock

KEEP_LINES = 1000
"""Anchors kept in the file (a few a day: years of them)."""

BACKUP = "back-up"
DAILY_START = "dagelijkse start"
CHECK = "controle"
RESTORE = "terugzetten"
_ARTICLE = {RESTORE: "het"}

_HEAD = "SELECT id, hash FROM toegangslog ORDER BY id DESC LIMIT 1"
_LOWEST = "SELECT min(id) FROM toegangslog"
_HASH_OF = "SELECT hash FROM toegangslog WHERE id = :id"
# The first entry numbered at or below an anchored id but written after the anchor: SQLite numbers a new row
# max(id) + 1, so after a cut the next entries take the numbers of the removed ones.
_RENUMBERED = "SELECT min(id) FROM toegangslog WHERE id <= :id AND tijd >= :after"


@dataclass(frozen=True)
class Chain:
    """What the check needs from a store's access log (read through a session or a bare connection)."""

    head: Callable[[], tuple[int, str] | None]
    lowest: Callable[[], int | None]
    hash_of: Callable[[int], str | None]
    renumbered: Callable[[int, datetime], int | None]
    """The lowest id <= the given one of an entry written at or after the given moment (UTC)."""


def _stored_time(moment: datetime) -> str:
    """A UTC moment as the store keeps ``toegangslog.tijd`` (naive UTC, the form SQLite's text compares)."""
    return moment.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def session_chain(session: Session) -> Chain:
    def head() -> tuple[int, str] | None:
        row = session.execute(text(_HEAD)).first()
        return (int(row[0]), str(row[1])) if row else None

    return Chain(
        head=head,
        lowest=lambda: session.execute(text(_LOWEST)).scalar(),
        hash_of=lambda entry_id: session.execute(text(_HASH_OF), {"id": entry_id}).scalar(),
        renumbered=lambda entry_id, after: session.execute(
            text(_RENUMBERED).bindparams(bindparam("after", type_=DateTime())),
            {"id": entry_id, "after": after.astimezone(UTC).replace(tzinfo=None)},
        ).scalar(),
    )


def connection_chain(connection: Any) -> Chain:
    """The chain of an SQLite file opened with a DB-API connection (a backup, or the store itself)."""

    def head() -> tuple[int, str] | None:
        row = connection.execute(_HEAD).fetchone()
        return (int(row[0]), str(row[1])) if row else None

    def lowest() -> int | None:
        return connection.execute(_LOWEST).fetchone()[0]

    def hash_of(entry_id: int) -> str | None:
        row = connection.execute(_HASH_OF.replace(":id", "?"), (entry_id,)).fetchone()
        return row[0] if row else None

    def renumbered(entry_id: int, after: datetime) -> int | None:
        sql = _RENUMBERED.replace(":id", "?").replace(":after", "?")
        return connection.execute(sql, (entry_id, _stored_time(after))).fetchone()[0]

    return Chain(head=head, lowest=lowest, hash_of=hash_of, renumbered=renumbered)


@dataclass(frozen=True)
class Anchor:
    tijd: datetime
    bron: str
    id: int
    hash: str
    mac: str

    def line(self) -> str:
        return "\t".join([_stamp(self.tijd), self.bron, str(self.id), self.hash, self.mac])

    def when(self) -> str:
        """'de back-up van 26-11-2026 08:30'."""
        return (
            f"{_ARTICLE.get(self.bron, 'de')} {self.bron} van {clock.local_time(self.tijd).strftime('%d-%m-%Y %H:%M')}"
        )

    def described(self) -> str:
        return f"bij {self.when()}"


@dataclass(frozen=True)
class Finding:
    ok: bool
    message: str
    altered: bool = False
    """The store no longer holds the newest anchor as it was: its log was cut, rewritten or has a gap there
    (not merely an anchor line that does not hold)."""


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _mac(key: str | None, tijd: datetime, bron: str, entry_id: int, entry_hash: str) -> str:
    if not key:
        return "-"
    body = "\t".join([_stamp(tijd), bron, str(entry_id), entry_hash]).encode("utf-8")
    return hmac.new(key.encode("utf-8"), body, hashlib.sha256).hexdigest()


def read_anchors(path: Path, key: str | None = None) -> tuple[list[Anchor], list[int]]:
    """The anchors in ``path`` that hold (oldest first), and the line numbers of those that do not (a
    damaged line, or with ``key`` one whose HMAC is missing or wrong)."""
    if not path.is_file():
        return [], []
    anchors: list[Anchor] = []
    bad: list[int] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            stamp, bron, entry_id, entry_hash, mac = line.split("\t")
            anchor = Anchor(
                datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC), bron, int(entry_id), entry_hash, mac
            )
        except ValueError:
            bad.append(number)
            continue
        if key and not hmac.compare_digest(mac, _mac(key, anchor.tijd, anchor.bron, anchor.id, anchor.hash)):
            bad.append(number)
            continue
        anchors.append(anchor)
    return anchors, bad


def compare(chain: Chain, path: Path, key: str | None = None) -> Finding:
    """Whether the store's access log still holds the newest anchor in ``path``, in Dutch."""
    anchors, bad = read_anchors(path, key)
    warning = ""
    if bad:
        which = ", ".join(map(str, bad[:5])) + (" …" if len(bad) > 5 else "")
        reason = "klopt niet met ZVH_LOG_SLEUTEL of is beschadigd" if key else "is beschadigd"
        warning = f" Let op: ankerbestand {path}, regel {which} {reason} en telt niet mee."
    if not anchors:
        return Finding(
            not bad,
            f"Nog geen anker buiten de database in {path}; het komt er bij de volgende back-up, start of "
            f"controle.{warning}",
        )
    newest = anchors[-1]
    head = chain.head()
    last_id = head[0] if head else 0
    stored = chain.hash_of(newest.id) if last_id >= newest.id else None
    if last_id < newest.id or (stored is not None and stored != newest.hash):
        # Evidence of a change decides; the entries' times only say where the cut began. After a cut SQLite
        # numbers new entries max(id) + 1, so they take the removed ones' numbers (the anchor's time is to
        # the second: one second later is surely after it).
        reused = chain.renumbered(newest.id, newest.tijd + timedelta(seconds=1))
        if last_id < newest.id or reused is not None:
            first_gone = min(reused, last_id + 1) if reused is not None else last_id + 1
            later = (
                f" Regel {first_gone}–{last_id} zijn daarna geschreven en kregen de nummers van verwijderde regels."
                if first_gone <= last_id
                else ""
            )
            return Finding(
                False,
                altered=True,
                message=f"Toegangslog INGEKORT: {newest.described()} liep het log tot regel {newest.id}, nu eindigt "
                f"het bij regel {last_id}: regel {first_gone}–{newest.id} (en wat daarna kwam) zijn verwijderd."
                f"{later}{warning}",
            )
    if stored is None:
        lowest = chain.lowest()
        if lowest is not None and lowest > newest.id:  # retention removed it (with a checkpoint in the chain)
            return Finding(not bad, f"Het laatste anker (regel {newest.id}) valt vóór de bewaartermijn.{warning}")
        return Finding(
            False, f"Toegangslog: regel {newest.id} ({newest.described()}) ontbreekt.{warning}", altered=True
        )
    if stored != newest.hash:
        return Finding(
            False,
            altered=True,
            message=f"Toegangslog HERSCHREVEN: regel {newest.id} heeft niet meer de hash die hij {newest.described()} "
            f"had.{warning}",
        )
    return Finding(
        not bad,
        f"Anker buiten de database klopt: regel {newest.id} is ongewijzigd sinds {newest.when()}.{warning}",
    )


def record(
    chain: Chain,
    path: Path,
    bron: str,
    *,
    key: str | None = None,
    now: datetime | None = None,
    replace: bool = False,
) -> Finding:
    """Compare with the newest anchor and, when the store still holds it, add the current head as the new
    anchor. A failed comparison writes nothing (the evidence stays) and is returned. ``replace``: the store
    was knowingly put back to an older state (a restore), whose head is the new anchor whatever came before."""
    finding = compare(chain, path, key)
    anchors, _bad = read_anchors(path, key)
    if anchors and not finding.ok and not replace:
        return finding
    head = chain.head()
    if head is None or (anchors and (anchors[-1].id, anchors[-1].hash) == head):
        return finding
    moment = now or clock.now()
    anchor = Anchor(moment, bron, head[0], head[1], _mac(key, moment, bron, head[0], head[1]))
    lines = [a.line() for a in anchors[-(KEEP_LINES - 1) :]] + [anchor.line()]
    replace_private_file(path, "\n".join(lines) + "\n")
    return Finding(True, f"Anker bijgewerkt: regel {head[0]}.")


def check_store(session: Session, path: Path, *, key: str | None = None, record_head: bool = False) -> Finding:
    """``zvh audit controleer``: compare the store with its anchor file (and, ``record_head``, note the
    current head when it holds). Needs the right to the access log."""
    require(session, Recht.TOEGANGSLOG)
    chain = session_chain(session)
    if not record_head:
        return compare(chain, path, key)
    finding = compare(chain, path, key)
    if finding.ok:
        record(chain, path, CHECK, key=key)
    return finding
