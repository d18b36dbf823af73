"""One melding on the table: what it shows, and every change the chair makes, stored at once.

Every change raises the bespreking's ``versie``. A writer that passes ``expected_versie`` (the version it
showed the user) is refused with ConcurrentChange when someone else changed the bespreking meanwhile,
so two chairs never overwrite each other silently; the error carries the fresh state to show.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from zvh_core import clock
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


class ConcurrentChange(MeetingError):
    """The bespreking changed since the version the user saw; nothing was stored.

    ``versie`` is the stored version now; ``detail`` the stored state (when the service could load it)."""

    def __init__(self, bespreking_id: int, expected: int, versie: int, detail: BesprekingDetail | None) -> None:
        super().__init__(
            "Iemand anders heeft deze melding intussen gewijzigd; uw wijziging is niet opgeslagen. "
            "U ziet nu wat er is vastgelegd: voer uw wijziging zo nodig opnieuw in."
        )
        self.bespreking_id = bespreking_id
        self.expected = expected
        self.versie = versie
        self.detail = detail


def _address(persoon: Persoon) -> str | None:
    parts = [p for p in (persoon.adres, " ".join(x for x in (persoon.postcode, persoon.woonplaats) if x)) if p]
    return ", ".join(parts) or None


def load_detail(session: Session, regio: Regio, bespreking_id: int, *, today: date) -> BesprekingDetail:
    """Everything the run screen shows for one agenda item."""
    bespreking = session.get(Bespreking, bespreking_id)
    if bespreking is None:
        raise MeetingError("Dit agendapunt bestaat niet meer.")
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
    acties = session.exec(select(Actie).where(Actie.bespreking_id == bespreking_id).order_by(Actie.id)).scalars()
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
                partner=partner,
                code=stored[partner].code if partner in stored else "niet_nagevraagd",
                notitie=stored[partner].notitie if partner in stored else None,
            )
            for partner in partners
        ),
        besluit=besluit_view(besluit) if besluit else None,
        acties=tuple(actie_view(a) for a in acties),
        history=history_for(session, melding.id, person_ids, exclude_bespreking_id=bespreking.id),
    )


def _open_bespreking(
    session: Session, bespreking_id: int, expected_versie: int | None = None, regio: Regio | None = None
) -> Bespreking:
    """The bespreking, when its overleg is still open and (``expected_versie``) nobody changed it since
    that version; marks it changed. The write session holds the store's write lock, so no other writer
    can come between this check and the commit."""
    bespreking = session.get(Bespreking, bespreking_id)
    if bespreking is None:
        raise MeetingError("Dit agendapunt bestaat niet meer.")
    overleg = session.get(Overleg, bespreking.overleg_id)
    if overleg.status != "open":
        raise MeetingError("Dit overleg is gesloten; er kan niets meer worden gewijzigd.")
    if expected_versie is not None and bespreking.versie != expected_versie:
        detail = load_detail(session, regio, bespreking_id, today=clock.today()) if regio is not None else None
        raise ConcurrentChange(bespreking_id, expected_versie, bespreking.versie, detail)
    bespreking.versie += 1
    bespreking.gewijzigd_op = utcnow()
    session.add(bespreking)
    return bespreking


def set_bekendheid(
    store: Store,
    regio: Regio,
    bespreking_id: int,
    partner: str,
    *,
    code=KEEP,
    notitie=KEEP,
    expected_versie: int | None = None,
) -> int:
    """Record what a partner knows: bekend / niet bekend / niet nagevraagd, and its note; the new versie."""
    if code is not KEEP and code not in regio.bekendheid:
        raise MeetingError(f"Onbekende bekendheid '{code}'.")
    with store.write() as session:
        bespreking = _open_bespreking(session, bespreking_id, expected_versie, regio)
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
        return bespreking.versie


def set_besluit(
    store: Store,
    regio: Regio,
    bespreking_id: int,
    route: str,
    toelichting: str | None,
    *,
    expected_versie: int | None = None,
) -> int:
    """Decide where the melding goes (replacing an earlier decision in this bespreking); the new versie."""
    with store.write() as session:
        bespreking = _open_bespreking(session, bespreking_id, expected_versie, regio)
        overleg = session.get(Overleg, bespreking.overleg_id)
        if route not in regio.overlegtype(overleg.type).routes:
            raise MeetingError(f"Route '{regio.route_label(route)}' hoort niet bij dit overleg.")
        besluit = session.exec(select(Besluit).where(Besluit.bespreking_id == bespreking_id)).scalars().first()
        besluit = besluit or Besluit(bespreking_id=bespreking_id, route=route)
        besluit.route = route
        besluit.toelichting = (toelichting or "").strip() or None
        besluit.genomen_op = utcnow()
        session.add(besluit)
        return bespreking.versie


def clear_besluit(store: Store, bespreking_id: int, *, expected_versie: int | None = None) -> int:
    """Withdraw the decision; the new versie."""
    with store.write() as session:
        bespreking = _open_bespreking(session, bespreking_id, expected_versie)
        besluit = session.exec(select(Besluit).where(Besluit.bespreking_id == bespreking_id)).scalars().first()
        if besluit is not None:
            session.delete(besluit)
        return bespreking.versie


def add_actie(
    store: Store,
    regio: Regio,
    bespreking_id: int,
    eigenaar: str,
    omschrijving: str,
    termijn: date,
    *,
    expected_versie: int | None = None,
) -> int:
    """A follow-up task for a partner, with a due date; its id."""
    if eigenaar not in regio.partners:
        raise MeetingError(f"Onbekende partner '{eigenaar}'.")
    if not omschrijving.strip():
        raise MeetingError("Een actie heeft een omschrijving nodig.")
    with store.write() as session:
        _open_bespreking(session, bespreking_id, expected_versie, regio)
        actie = Actie(bespreking_id=bespreking_id, eigenaar=eigenaar, omschrijving=omschrijving.strip(), termijn=termijn)
        session.add(actie)
        session.flush()
        return actie.id


def remove_actie(store: Store, actie_id: int, *, expected_versie: int | None = None) -> None:
    with store.write() as session:
        actie = session.get(Actie, actie_id)
        if actie is None:
            return
        if actie.bespreking_id is not None:
            _open_bespreking(session, actie.bespreking_id, expected_versie)
        session.delete(actie)
