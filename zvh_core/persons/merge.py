"""Same person twice: merge two Persoon records, reversibly, and suggest likely duplicates.

A merge keeps one record (``behouden``) and removes the other (``vervallen``). The kept record takes
what it lacks from the removed one (BSN, geboortedatum; the name or the address only as a whole, as an
import does); every melding and casus of the removed record moves to the kept one. The merge record
(``persoon_samenvoeging``) holds all it takes to undo it exactly: the removed record's columns, the kept
record's columns before they were filled in, and which links moved or were dropped as double.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlmodel import Session, col

from zvh_core.access import audit
from zvh_core.access.audit import Handeling
from zvh_core.access.rights import Recht, require
from zvh_core.kernel.errors import InvalidInput
from zvh_core.kernel.models import (
    Casus,
    CasusPersoon,
    Melding,
    MeldingPersoon,
    Persoon,
    PersoonSamenvoeging,
    stored_id,
    utcnow,
)
from zvh_core.kernel.names import Naam, match_key
from zvh_core.kernel.read_models import DuplicateView, MergeRecordView
from zvh_core.persons.lookup import duplicates_among, load_persons
from zvh_core.store import Store
from zvh_core.store.search_index import reindex

COLUMNS = ("achternaam", "tussenvoegsel", "voornamen", "geboortedatum", "bsn", "adres", "postcode", "woonplaats")
_SINGLE = ("bsn", "geboortedatum")
_GROUPS = (("achternaam", "tussenvoegsel", "voornamen"), ("adres", "postcode", "woonplaats"))
_DATES = {"geboortedatum": date, "aangemaakt_op": datetime}
_CHUNK = 500
_LINKS: tuple[tuple[Any, Any, Any, str, str], ...] = (
    (MeldingPersoon, col(MeldingPersoon.melding_id), col(Melding.id), "meldingen_verplaatst", "meldingen_dubbel"),
    (CasusPersoon, col(CasusPersoon.casus_id), col(Casus.id), "casussen_verplaatst", "casussen_dubbel"),
)
"""Per link table: the table, its other key, that key's parent, and the record's fields for it."""


class MergeError(InvalidInput):
    """A merge or unmerge the rules refuse; the message is for the user (Dutch)."""


def _to_json(value):
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def _from_json(column: str, value):
    if value is None or column not in _DATES:
        return value
    return _DATES[column].fromisoformat(value)


def _snapshot(person: Persoon) -> dict:
    return {c: _to_json(getattr(person, c)) for c in ("id", *COLUMNS, "match_sleutel", "aangemaakt_op")}


def _fills(keep: Persoon, lose: Persoon) -> dict[str, object]:
    """What the kept record takes from the removed one (never overwriting a value)."""
    fills: dict[str, object] = {c: getattr(lose, c) for c in _SINGLE if not getattr(keep, c) and getattr(lose, c)}
    for group in _GROUPS:
        if not any(getattr(keep, c) for c in group) and any(getattr(lose, c) for c in group):
            fills.update({c: getattr(lose, c) for c in group if getattr(lose, c)})
    return fills


def _link_ids(session: Session, table, person_id: int, key) -> list[int]:
    return list(session.execute(select(key).where(table.persoon_id == person_id)).scalars())


def _move_links(session: Session, table, key, source: int, target: int, ids: list[int]) -> None:
    for start in range(0, len(ids), _CHUNK):
        session.execute(
            update(table)
            .where(table.persoon_id == source, key.in_(ids[start : start + _CHUNK]))
            .values(persoon_id=target)
        )


def _split_links(session: Session, table, key, lose_id: int, keep_id: int) -> tuple[list[int], list[int]]:
    """(moved, double): the removed record's links, and those the kept record already has."""
    theirs = _link_ids(session, table, lose_id, key)
    ours = set(_link_ids(session, table, keep_id, key))
    double = sorted(i for i in theirs if i in ours)
    moved = sorted(i for i in theirs if i not in ours)
    return moved, double


def merge_persons(store: Store, behouden_id: int, vervallen_id: int) -> int:
    """Merge ``vervallen_id`` into ``behouden_id``; returns the merge record's id."""
    if behouden_id == vervallen_id:
        raise MergeError("Een persoon kan niet met zichzelf worden samengevoegd.")
    with store.write() as session:
        require(session, Recht.PERSOON_SAMENVOEGEN)
        for persoon_id in (behouden_id, vervallen_id):
            audit.record(
                session,
                Handeling.GEWIJZIGD,
                object_type="persoon",
                object_id=persoon_id,
                persoon_id=persoon_id,
                details={"wat": "samengevoegd", "behouden": behouden_id, "vervallen": vervallen_id},
            )
        keep = session.get(Persoon, behouden_id)
        lose = session.get(Persoon, vervallen_id)
        if keep is None or lose is None:
            raise MergeError("Een van beide personen bestaat niet meer.")
        if keep.bsn and lose.bsn and keep.bsn != lose.bsn:
            raise MergeError(f"Verschillende BSN's ({keep.bsn} en {lose.bsn}): dit zijn twee personen.")
        keep_id, lose_id = stored_id(keep), stored_id(lose)
        record = PersoonSamenvoeging(behouden_id=keep_id, vervallen_id=lose_id, vervallen_gegevens=_snapshot(lose))
        fills = _fills(keep, lose)
        record.behouden_voor = {c: _to_json(getattr(keep, c)) for c in fills}
        for column, value in fills.items():
            setattr(keep, column, value)
        keep.match_sleutel = match_key(keep.achternaam, keep.tussenvoegsel, keep.geboortedatum, keep.voornamen)

        for table, key, _, moved_field, double_field in _LINKS:
            moved, double = _split_links(session, table, key, lose_id, keep_id)
            for start in range(0, len(double), _CHUNK):
                session.execute(
                    delete(table).where(table.persoon_id == lose_id, key.in_(double[start : start + _CHUNK]))
                )
            _move_links(session, table, key, lose_id, keep_id, moved)
            setattr(record, moved_field, moved)
            setattr(record, double_field, double)
        session.add(record)
        session.delete(lose)
        session.flush()
        reindex(session, [keep_id, lose_id])
        return stored_id(record)


def unmerge(store: Store, samenvoeging_id: int) -> int:
    """Undo a merge exactly: the removed record back (same id when free), its links and the kept record's
    columns as they were. Returns the restored person's id."""
    with store.write() as session:
        require(session, Recht.PERSOON_SAMENVOEGEN)
        record = session.get(PersoonSamenvoeging, samenvoeging_id)
        if record is not None:
            for persoon_id in (record.behouden_id, record.vervallen_id):
                audit.record(
                    session,
                    Handeling.GEWIJZIGD,
                    object_type="persoon",
                    object_id=persoon_id,
                    persoon_id=persoon_id,
                    details={"wat": "samenvoeging ongedaan", "samenvoeging": samenvoeging_id},
                )
        if record is None or record.ongedaan_op is not None:
            raise MergeError("Deze samenvoeging bestaat niet of is al ongedaan gemaakt.")
        keep = session.get(Persoon, record.behouden_id)
        if keep is None:
            raise MergeError(
                "De behouden persoon is later met een ander samengevoegd; maak die samenvoeging eerst ongedaan."
            )
        data = {c: _from_json(c, v) for c, v in record.vervallen_gegevens.items()}
        restored_id = data.pop("id")
        if session.get(Persoon, restored_id) is not None:
            restored_id = None  # the id was given to someone else meanwhile: take a new one
        for column, old in record.behouden_voor.items():
            if _to_json(getattr(keep, column)) == record.vervallen_gegevens.get(column):
                setattr(keep, column, _from_json(column, old))
        keep.match_sleutel = match_key(keep.achternaam, keep.tussenvoegsel, keep.geboortedatum, keep.voornamen)
        restored = Persoon(id=restored_id, **data)
        session.add(restored)
        session.flush()
        restored_id = stored_id(restored)  # the old id, or the new one it was given

        keep_id = stored_id(keep)
        for table, key, parent_id, moved_field, double_field in _LINKS:
            _move_links(session, table, key, keep_id, restored_id, list(getattr(record, moved_field)))
            double = list(getattr(record, double_field))
            for start in range(0, len(double), _CHUNK):
                chunk = double[start : start + _CHUNK]
                existing = set(session.execute(select(parent_id).where(parent_id.in_(chunk))).scalars())
                rows = [{key.key: i, "persoon_id": restored_id} for i in chunk if i in existing]
                if rows:
                    session.execute(insert(table.__table__), rows)
        record.ongedaan_op = utcnow()
        session.flush()
        reindex(session, [keep_id, restored_id])
        return restored_id


def merges_into(session: Session, persoon_id: int) -> list[MergeRecordView]:
    """Merges into this person that can still be undone, newest first."""
    records = session.execute(
        select(PersoonSamenvoeging)
        .where(col(PersoonSamenvoeging.behouden_id) == persoon_id, col(PersoonSamenvoeging.ongedaan_op).is_(None))
        .order_by(col(PersoonSamenvoeging.id).desc())
    ).scalars()
    return [
        MergeRecordView(
            id=r.id,
            behouden_id=r.behouden_id,
            vervallen_id=r.vervallen_id,
            vervallen_naam=Naam.volledig(
                r.vervallen_gegevens.get("achternaam"),
                r.vervallen_gegevens.get("tussenvoegsel"),
                r.vervallen_gegevens.get("voornamen"),
            ),
            samengevoegd_op=r.samengevoegd_op,
            meldingen=len(r.meldingen_verplaatst) + len(r.meldingen_dubbel),
            casussen=len(r.casussen_verplaatst) + len(r.casussen_dubbel),
            ongedaan_op=r.ongedaan_op,
        )
        for r in records
    ]


def likely_duplicates(session: Session, persoon_id: int) -> list[DuplicateView]:
    """Stored persons that are probably this same person (name + birth date, or name + address)."""
    person = load_persons(session, [persoon_id]).get(persoon_id)
    if person is None:
        return []
    found = duplicates_among(session, [person]).get(persoon_id, [])
    ids = [other["id"] for other, _ in found]
    counts = (
        dict(
            session.execute(
                select(col(MeldingPersoon.persoon_id), func.count())
                .where(col(MeldingPersoon.persoon_id).in_(ids))
                .group_by(col(MeldingPersoon.persoon_id))
            ).all()
        )
        if ids
        else {}
    )
    return [
        DuplicateView(
            persoon_id=other["id"],
            naam=Naam.volledig(other["achternaam"], other["tussenvoegsel"], other["voornamen"]),
            geboortedatum=other["geboortedatum"],
            adres=", ".join(x for x in (other.get("adres"), other.get("postcode"), other.get("woonplaats")) if x)
            or None,
            reden=reason,
            meldingen=counts.get(other["id"], 0),
        )
        for other, reason in found
    ]
