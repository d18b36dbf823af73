"""Persons in a line: the short names of the persons of meldingen and casussen, and melding rows that carry them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlmodel import Session, col

from zvh_core.kernel.bulk import chunked
from zvh_core.kernel.models import CasusPersoon, Melding, MeldingPersoon, Persoon, stored_id
from zvh_core.kernel.names import Naam, Namen
from zvh_core.kernel.read_models import MeldingRow


def _short_names(session: Session, owner_column, person_column, owner_ids: Iterable[int]) -> dict[int, Namen]:
    ids = list(owner_ids)
    names: dict[int, list[Naam]] = defaultdict(list)
    for chunk in chunked(ids):
        rows = session.execute(
            select(owner_column, col(Persoon.voornamen), col(Persoon.tussenvoegsel), col(Persoon.achternaam))
            .join(Persoon, col(Persoon.id) == person_column)
            .where(owner_column.in_(chunk))
            .order_by(owner_column, col(Persoon.id))
        ).all()
        for owner_id, voornamen, tussenvoegsel, achternaam in rows:
            names[owner_id].append(Naam.kort(voornamen, tussenvoegsel, achternaam))
    return {oid: Namen(names.get(oid, ())) for oid in ids}


def melding_person_ids(session: Session, melding_ids: Iterable[int]) -> dict[int, tuple[int, ...]]:
    """The ids of the persons of each melding (for the access log: who was shown)."""
    found: dict[int, list[int]] = defaultdict(list)
    for chunk in chunked(list(melding_ids)):
        for melding_id, persoon_id in session.execute(
            select(col(MeldingPersoon.melding_id), col(MeldingPersoon.persoon_id))
            .where(col(MeldingPersoon.melding_id).in_(chunk))
            .order_by(col(MeldingPersoon.melding_id), col(MeldingPersoon.persoon_id))
        ).all():
            found[melding_id].append(persoon_id)
    return {melding_id: tuple(ids) for melding_id, ids in found.items()}


def casus_person_ids(session: Session, casus_ids: Iterable[int]) -> dict[int, tuple[int, ...]]:
    """The ids of the persons of each casus (for the access log: who was shown)."""
    found: dict[int, list[int]] = defaultdict(list)
    for chunk in chunked(list(casus_ids)):
        for casus_id, persoon_id in session.execute(
            select(col(CasusPersoon.casus_id), col(CasusPersoon.persoon_id))
            .where(col(CasusPersoon.casus_id).in_(chunk))
            .order_by(col(CasusPersoon.casus_id), col(CasusPersoon.persoon_id))
        ).all():
            found[casus_id].append(persoon_id)
    return {casus_id: tuple(ids) for casus_id, ids in found.items()}


def short_person_names(session: Session, melding_ids: Iterable[int]) -> dict[int, Namen]:
    """'J. de Vries, M. de Vries' per melding; 'onbekend' when no person is named."""
    return _short_names(session, MeldingPersoon.melding_id, MeldingPersoon.persoon_id, melding_ids)


def casus_person_names(session: Session, casus_ids: Iterable[int]) -> dict[int, Namen]:
    """'J. de Vries, M. de Vries' per casus; 'onbekend' without persons."""
    return _short_names(session, CasusPersoon.casus_id, CasusPersoon.persoon_id, casus_ids)


def melding_rows(session: Session, meldingen: Iterable[Melding]) -> list[MeldingRow]:
    """Meldingen as list rows, with the short names of their persons."""
    meldingen = list(meldingen)
    names = short_person_names(session, [stored_id(m) for m in meldingen])
    return [
        MeldingRow(
            id=stored_id(m),
            extern_id=m.extern_id,
            datum=m.datum,
            soort=m.soort,
            gemeente=m.gemeente,
            personen=names[stored_id(m)],
        )
        for m in meldingen
    ]
