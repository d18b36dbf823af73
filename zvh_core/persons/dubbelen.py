"""Stored persons that the matching rule (domain.md §4) says are one: for `zvh personen dubbelen`.

Persons stored before the tussenvoegsel rule (or typed in by hand) can be one person twice: 'Berg' with
'v.d.' and 'van der Berg' with the same birth date and first initial. ``matching_pairs`` lists every pair
the import would now have recognised (same BSN; or same match key, a tussenvoegsel that is the same in any
notation and no contradicting BSN), the older person first: that one is kept by a merge
(zvh_core.persons.merge, which can be undone).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import combinations

from sqlalchemy import func, select
from sqlmodel import Session, col

from zvh_core.access import audit
from zvh_core.access.audit import Handeling
from zvh_core.access.rights import Recht, require
from zvh_core.kernel.bulk import chunked
from zvh_core.kernel.models import MeldingPersoon, Persoon
from zvh_core.kernel.names import display_name, same_surname


@dataclass(frozen=True)
class PairPerson:
    id: int
    naam: str
    geboortedatum: date | None
    bsn: str | None
    meldingen: int


@dataclass(frozen=True)
class Pair:
    """Two stored persons that are one under the matching rule; ``behouden`` is the older record."""

    behouden: PairPerson
    vervallen: PairPerson
    reden: str


def _same_person(a: Persoon, b: Persoon) -> str | None:
    if a.bsn and b.bsn:
        return "zelfde BSN" if a.bsn == b.bsn else None
    same_key = a.match_sleutel and a.match_sleutel == b.match_sleutel
    if same_key and same_surname(a.achternaam, a.tussenvoegsel, b.achternaam, b.tussenvoegsel):
        return "zelfde naam, geboortedatum en voorletter"
    return None


def _id(person: Persoon) -> int:
    assert person.id is not None  # stored persons have one
    return person.id


def matching_pairs(session: Session) -> list[Pair]:
    """Every pair of stored persons that the matching rule makes one person, oldest first."""
    require(session, Recht.PERSOON_SAMENVOEGEN)
    groups: dict[tuple[str, str], list[Persoon]] = {}
    for name, column in (("match_sleutel", col(Persoon.match_sleutel)), ("bsn", col(Persoon.bsn))):
        shared = session.execute(
            select(column).where(column.is_not(None)).group_by(column).having(func.count() > 1)
        ).scalars()
        for chunk in chunked(sorted(shared)):
            query = select(Persoon).where(column.in_(chunk)).order_by(col(Persoon.id))
            for person in session.execute(query).scalars():
                groups.setdefault((name, getattr(person, name)), []).append(person)
    found: dict[tuple[int, int], tuple[Persoon, Persoon, str]] = {}
    for members in groups.values():
        for a, b in combinations(members, 2):
            reason = _same_person(a, b)
            if reason and (_id(a), _id(b)) not in found:
                found[(_id(a), _id(b))] = (a, b, reason)
    ids = sorted({_id(person) for a, b, _ in found.values() for person in (a, b)})
    counts: dict[int, int] = {}
    for chunk in chunked(ids):
        rows = session.execute(
            select(col(MeldingPersoon.persoon_id), func.count())
            .where(col(MeldingPersoon.persoon_id).in_(chunk))
            .group_by(col(MeldingPersoon.persoon_id))
        )
        counts.update((persoon_id, n) for persoon_id, n in rows)
    audit.record_persons(session, Handeling.BEKEKEN, ids, object_type="persoon", context="dubbelen")

    def view(p: Persoon) -> PairPerson:
        naam = display_name(p.achternaam, p.tussenvoegsel, p.voornamen)
        return PairPerson(_id(p), naam, p.geboortedatum, p.bsn, counts.get(_id(p), 0))

    return [Pair(view(a), view(b), reason) for _pair, (a, b, reason) in sorted(found.items())]
