"""One melding on the table: what it shows, and every change the chair makes, stored at once."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from zvh_core import audit, scope
from zvh_core.access import P, partner_scope, require
from zvh_core.audit import A
from zvh_core.history import actie_view, besluit_view, history_for, repeated_person_ids
from zvh_core.meetings import MeetingError
from zvh_core.models import (
    Actie,
    Bekendheid,
    Besluit,
    Bespreking,
    Melding,
    MeldingPersoon,
    Overleg,
    OverlegPartner,
    Persoon,
    utcnow,
)
from zvh_core.naming import age_on, display_name
from zvh_core.regio import Regio
from zvh_core.store import Store
from zvh_core.views import BekendheidView, BesprekingDetail, MeldingView, PersonView

KEEP = object()
"""Sentinel: leave this field as it is."""


def _address(persoon: Persoon) -> str | None:
    parts = [p for p in (persoon.adres, " ".join(x for x in (persoon.postcode, persoon.woonplaats) if x)) if p]
    return ", ".join(parts) or None


def load_detail(session: Session, regio: Regio, bespreking_id: int, *, today: date) -> BesprekingDetail:
    """Everything the run screen shows for one agenda item (logged as a view of each person)."""
    require(session, P.MELDING_DETAIL)
    bespreking = session.get(Bespreking, bespreking_id)
    if bespreking is None:
        raise MeetingError("Dit agendapunt bestaat niet meer.")
    partner = partner_scope(session)
    if partner is not None and session.exec(
        select(Bespreking.id).where(Bespreking.id == bespreking_id, scope.bespreking_clause(regio, partner))
    ).first() is None:
        raise MeetingError("Deze melding is niet naar uw organisatie gerouteerd.")
    melding = session.get(Melding, bespreking.melding_id)
    persons = list(
        session.exec(
            select(Persoon)
            .join(MeldingPersoon, MeldingPersoon.persoon_id == Persoon.id)
            .where(MeldingPersoon.melding_id == melding.id)
            .order_by(Persoon.geboortedatum.is_(None), Persoon.geboortedatum, Persoon.id)
        ).scalars()
    )
    person_ids = [p.id for p in persons]
    repeated = repeated_person_ids(session, melding, person_ids)
    partners = session.exec(
        select(OverlegPartner.partner)
        .where(OverlegPartner.overleg_id == bespreking.overleg_id)
        .order_by(OverlegPartner.volgorde)
    ).scalars().all()
    stored = {
        b.partner: b
        for b in session.exec(select(Bekendheid).where(Bekendheid.bespreking_id == bespreking_id)).scalars()
    }
    besluit = session.exec(select(Besluit).where(Besluit.bespreking_id == bespreking_id)).scalars().first()
    acties_query = select(Actie).where(Actie.bespreking_id == bespreking_id).order_by(Actie.id)
    if partner is not None:
        acties_query = acties_query.where(Actie.eigenaar == partner)
    acties = session.exec(acties_query).scalars()
    audit.record_persons(session, A.BEKEKEN, person_ids, object_type="melding", object_id=melding.id,
                         context=f"overleg {bespreking.overleg_id}")
    return BesprekingDetail(
        bespreking_id=bespreking.id,
        overleg_id=bespreking.overleg_id,
        volgorde=bespreking.volgorde,
        versie=bespreking.versie,
        melding=MeldingView(
            id=melding.id,
            extern_id=melding.extern_id,
            bron=melding.bron,
            soort=melding.soort,
            datum=melding.datum,
            gemeente=melding.gemeente,
            omschrijving=melding.omschrijving,
            urgent=melding.urgent,
            personen=tuple(
                PersonView(
                    id=p.id,
                    naam=display_name(p.achternaam, p.tussenvoegsel, p.voornamen),
                    geboortedatum=p.geboortedatum,
                    leeftijd=age_on(p.geboortedatum, today),
                    bsn=p.bsn,
                    adres=_address(p),
                    herhaald=p.id in repeated,
                )
                for p in persons
            ),
        ),
        bekendheid=tuple(
            BekendheidView(
                partner=p,
                code=stored[p].code if p in stored else "niet_nagevraagd",
                notitie=stored[p].notitie if p in stored and partner in (None, p) else None,
            )
            for p in partners
        ),
        besluit=besluit_view(besluit) if besluit else None,
        acties=tuple(actie_view(a) for a in acties),
        history=history_for(session, melding.id, person_ids, exclude_bespreking_id=bespreking.id, regio=regio),
    )


def _open_bespreking(session: Session, bespreking_id: int, wat: str) -> Bespreking:
    """The bespreking, when its overleg is still open; marks it changed and logs the change per person."""
    require(session, P.OVERLEG_VOEREN)
    bespreking = session.get(Bespreking, bespreking_id)
    if bespreking is None:
        raise MeetingError("Dit agendapunt bestaat niet meer.")
    overleg = session.get(Overleg, bespreking.overleg_id)
    if overleg.status != "open":
        raise MeetingError("Dit overleg is gesloten; er kan niets meer worden gewijzigd.")
    bespreking.versie += 1
    bespreking.gewijzigd_op = utcnow()
    session.add(bespreking)
    persons = session.exec(
        select(MeldingPersoon.persoon_id).where(MeldingPersoon.melding_id == bespreking.melding_id)
    ).scalars().all()
    audit.record_persons(session, A.GEWIJZIGD, persons, object_type="melding", object_id=bespreking.melding_id,
                         context=f"overleg {bespreking.overleg_id}", details={"wat": wat})
    return bespreking


def set_bekendheid(
    store: Store, regio: Regio, bespreking_id: int, partner: str, *, code=KEEP, notitie=KEEP
) -> None:
    """Record what a partner knows: bekend / niet bekend / niet nagevraagd, and its note."""
    if code is not KEEP and code not in regio.bekendheid:
        raise MeetingError(f"Onbekende bekendheid '{code}'.")
    with store.write() as session:
        bespreking = _open_bespreking(session, bespreking_id, f"bekendheid {partner}")
        present = session.exec(
            select(OverlegPartner.partner).where(
                OverlegPartner.overleg_id == bespreking.overleg_id, OverlegPartner.partner == partner
            )
        ).first()
        if present is None:
            raise MeetingError(f"{regio.partner_label(partner)} is niet aanwezig bij dit overleg.")
        row = session.exec(
            select(Bekendheid).where(Bekendheid.bespreking_id == bespreking_id, Bekendheid.partner == partner)
        ).scalars().first() or Bekendheid(bespreking_id=bespreking_id, partner=partner)
        if code is not KEEP:
            row.code = code
        if notitie is not KEEP:
            row.notitie = (notitie or "").strip() or None
        row.gewijzigd_op = utcnow()
        session.add(row)


def set_besluit(store: Store, regio: Regio, bespreking_id: int, route: str, toelichting: str | None) -> None:
    """Decide where the melding goes (replacing an earlier decision in this bespreking)."""
    with store.write() as session:
        bespreking = _open_bespreking(session, bespreking_id, f"besluit {route}")
        overleg = session.get(Overleg, bespreking.overleg_id)
        if route not in regio.overlegtype(overleg.type).routes:
            raise MeetingError(f"Route '{regio.route_label(route)}' hoort niet bij dit overleg.")
        besluit = session.exec(select(Besluit).where(Besluit.bespreking_id == bespreking_id)).scalars().first()
        besluit = besluit or Besluit(bespreking_id=bespreking_id, route=route)
        besluit.route = route
        besluit.toelichting = (toelichting or "").strip() or None
        besluit.genomen_op = utcnow()
        session.add(besluit)


def clear_besluit(store: Store, bespreking_id: int) -> None:
    with store.write() as session:
        _open_bespreking(session, bespreking_id, "besluit ingetrokken")
        besluit = session.exec(select(Besluit).where(Besluit.bespreking_id == bespreking_id)).scalars().first()
        if besluit is not None:
            session.delete(besluit)


def add_actie(
    store: Store, regio: Regio, bespreking_id: int, eigenaar: str, omschrijving: str, termijn: date
) -> int:
    """A follow-up task for a partner, with a due date."""
    if eigenaar not in regio.partners:
        raise MeetingError(f"Onbekende partner '{eigenaar}'.")
    if not omschrijving.strip():
        raise MeetingError("Een actie heeft een omschrijving nodig.")
    with store.write() as session:
        _open_bespreking(session, bespreking_id, f"actie voor {eigenaar}")
        actie = Actie(bespreking_id=bespreking_id, eigenaar=eigenaar, omschrijving=omschrijving.strip(), termijn=termijn)
        session.add(actie)
        session.flush()
        return actie.id


def remove_actie(store: Store, actie_id: int) -> None:
    with store.write() as session:
        require(session, P.OVERLEG_VOEREN)
        actie = session.get(Actie, actie_id)
        if actie is None:
            return
        if actie.bespreking_id is not None:
            _open_bespreking(session, actie.bespreking_id, "actie verwijderd")
        session.delete(actie)
