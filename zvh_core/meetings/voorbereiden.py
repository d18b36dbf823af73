"""Preparation by a partner (voorbereiden), before and during an overleg where its organisation is expected.

A partner account sees the coming overleggen where it is expected (present in the attendance once it is
set, else one of the type's partners) and, per melding on the agenda, only what it needs to look the persons
up in its own systems: names, birth date, address, soort, date, gemeente; the omschrijving only where the
regio file allows it for the type (``voorbereiden.omschrijving = true``). It records its own bekendheid,
fact, opinion or "deelt niet" with a reason. It never sees another partner's answers.

Each answer is one Bekendheid row with its own ``versie``: two partners answering at once never conflict,
and an answer changed on a version someone else changed meanwhile (the chair, or the same partner on
another screen) is refused with the stored answer (AntwoordConflict). A partner's answer does not touch the
bespreking's version, so the chair's queued changes are not refused because a partner typed.

Every view (per person shown) and every answer is logged with the partner's account.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import or_
from sqlmodel import Session, col, select

from zvh_core.access import audit
from zvh_core.access.audit import Handeling
from zvh_core.access.rights import Recht, partner_scope, require
from zvh_core.config.regio import Regio
from zvh_core.kernel.models import (
    Bekendheid,
    Besluit,
    Bespreking,
    Melding,
    MeldingPersoon,
    Overleg,
    OverlegPartner,
    Persoon,
)
from zvh_core.kernel.read_models import BekendheidView, BesluitView, PersonView
from zvh_core.kernel.to_view import bekendheid_view, besluit_view, person_view
from zvh_core.meetings.bespreking import KEEP, BekendheidChange, apply_answer
from zvh_core.meetings.overleggen import AANWEZIG, MeetingError
from zvh_core.store import Store

NOT_ASKED = "niet_nagevraagd"


@dataclass(frozen=True)
class TeVoorbereiden:
    """A coming (or running) overleg where the partner is expected."""

    overleg_id: int
    type: str
    type_naam: str
    datum: date
    gestart: bool
    """The chair has started it: the partner's screen follows the chair."""
    huidige_bespreking_id: int | None
    aantal: int
    voorbereid: int
    """How many meldingen on its agenda this partner has answered."""


@dataclass(frozen=True)
class VoorbereidingItem:
    """One melding on the agenda as a preparing partner sees it."""

    bespreking_id: int
    volgorde: int
    extern_id: str
    soort: str
    datum: date
    gemeente: str
    urgent: bool
    omschrijving: str | None
    """Only when the regio file allows it for this type."""
    personen: tuple[PersonView, ...]
    """Names, birth date and address (no BSN, no history)."""
    antwoord: BekendheidView
    """This partner's own answer (code niet_nagevraagd, versie 0 when it has none yet)."""
    besluit: BesluitView | None
    """The decision, once the chair has taken it."""


@dataclass(frozen=True)
class Voorbereiding:
    overleg: TeVoorbereiden
    items: tuple[VoorbereidingItem, ...]


class AntwoordConflict(MeetingError):
    """The answer changed since the version the partner saw; nothing was stored. ``stored`` is the answer now."""

    def __init__(self, bespreking_id: int, stored: BekendheidView) -> None:
        super().__init__(
            "Dit antwoord is intussen gewijzigd (door de voorzitter of op een ander scherm); uw wijziging is "
            "niet opgeslagen. U ziet nu wat er is vastgelegd: voer uw wijziging zo nodig opnieuw in."
        )
        self.bespreking_id = bespreking_id
        self.stored = stored


def _id(row: Overleg | Bespreking | Melding) -> int:
    """The id of a stored row (never None once it is in the store)."""
    assert row.id is not None
    return row.id


def _partner(session: Session) -> str:
    require(session, Recht.VOORBEREIDEN)
    partner = partner_scope(session)
    if not partner:
        raise MeetingError("Voorbereiden doet een ketenpartner met een account van zijn eigen organisatie.")
    return partner


def expected_clause(regio: Regio, partner: str):
    """SQL condition on Overleg: ``partner`` is expected (present once the attendance is set, else one of the
    type's partners)."""
    attendance_set = (
        select(col(OverlegPartner.overleg_id)).where(col(OverlegPartner.overleg_id) == col(Overleg.id)).exists()
    )
    present = (
        select(col(OverlegPartner.overleg_id))
        .where(
            col(OverlegPartner.overleg_id) == col(Overleg.id),
            col(OverlegPartner.partner) == partner,
            col(OverlegPartner.aanwezigheid) == AANWEZIG,
        )
        .exists()
    )
    types = [code for code, t in regio.overlegtypen.items() if partner in t.partners]
    return or_(present, (~attendance_set) & col(Overleg.type).in_(types))


def _expected_overleg(session: Session, regio: Regio, overleg_id: int, partner: str) -> Overleg:
    overleg = session.exec(
        select(Overleg).where(col(Overleg.id) == overleg_id, expected_clause(regio, partner))
    ).first()
    if overleg is None:
        raise MeetingError(f"{regio.partner_label(partner)} wordt niet verwacht bij dit overleg.")
    if overleg.status != "open":
        raise MeetingError("Dit overleg is gesloten; voorbereiden kan niet meer.")
    return overleg


def _summary(session: Session, regio: Regio, overleg: Overleg, partner: str) -> TeVoorbereiden:
    ids = list(
        session.exec(
            select(col(Bespreking.id)).where(
                col(Bespreking.overleg_id) == overleg.id, col(Bespreking.afgevoerd).is_(False)
            )
        )
    )
    answered = (
        session.exec(
            select(col(Bekendheid.id)).where(
                col(Bekendheid.bespreking_id).in_(ids),
                col(Bekendheid.partner) == partner,
                col(Bekendheid.voorbereid_door).is_not(None),
            )
        ).all()
        if ids
        else []
    )
    otype = regio.overlegtypen.get(overleg.type)
    return TeVoorbereiden(
        overleg_id=_id(overleg),
        type=overleg.type,
        type_naam=otype.naam if otype else overleg.type,
        datum=overleg.datum,
        gestart=overleg.gestart_op is not None,
        huidige_bespreking_id=overleg.huidige_bespreking_id,
        aantal=len(ids),
        voorbereid=len(answered),
    )


def coming_overleggen(session: Session, regio: Regio, today: date) -> list[TeVoorbereiden]:
    """The open overleggen from today on (and any already running) where the partner is expected, soonest first."""
    partner = _partner(session)
    rows = session.exec(
        select(Overleg)
        .where(
            col(Overleg.status) == "open",
            or_(col(Overleg.datum) >= today, col(Overleg.gestart_op).is_not(None)),
            expected_clause(regio, partner),
        )
        .order_by(col(Overleg.datum), col(Overleg.id))
    )
    result = [_summary(session, regio, o, partner) for o in rows]
    audit.record(session, Handeling.BEKEKEN, object_type="voorbereiding", details={"overleggen": len(result)})
    return result


def _no_answer(partner: str) -> BekendheidView:
    return BekendheidView(partner=partner, code=NOT_ASKED, notitie=None, versie=0)


def voorbereiding(session: Session, regio: Regio, overleg_id: int, today: date) -> Voorbereiding:
    """The agenda of one overleg for the partner: per melding the lookup fields, its own answer and, once
    taken, the decision. Every person shown is logged as a view by the partner's account."""
    partner = _partner(session)
    overleg = _expected_overleg(session, regio, overleg_id, partner)
    show_omschrijving = regio.overlegtype(overleg.type).voorbereiden.omschrijving
    rows = session.exec(
        select(Bespreking, Melding)
        .join(Melding, col(Melding.id) == col(Bespreking.melding_id))
        .where(col(Bespreking.overleg_id) == overleg_id, col(Bespreking.afgevoerd).is_(False))
        .order_by(col(Bespreking.volgorde), col(Bespreking.id))
    ).all()
    bespreking_ids = [_id(b) for b, _ in rows]
    melding_ids = [_id(m) for _, m in rows]
    persons: dict[int, list[Persoon]] = {m: [] for m in melding_ids}
    answers: dict[int, Bekendheid] = {}
    besluiten: dict[int, Besluit] = {}
    if rows:
        for melding_id, persoon in session.exec(
            select(col(MeldingPersoon.melding_id), Persoon)
            .join(Persoon, col(Persoon.id) == col(MeldingPersoon.persoon_id))
            .where(col(MeldingPersoon.melding_id).in_(melding_ids))
            .order_by(col(Persoon.geboortedatum).is_(None), col(Persoon.geboortedatum), col(Persoon.id))
        ).all():
            persons[melding_id].append(persoon)
        answers = {
            b.bespreking_id: b
            for b in session.exec(
                select(Bekendheid).where(
                    col(Bekendheid.bespreking_id).in_(bespreking_ids), col(Bekendheid.partner) == partner
                )
            )
        }
        besluiten = {
            b.bespreking_id: b
            for b in session.exec(select(Besluit).where(col(Besluit.bespreking_id).in_(bespreking_ids)))
        }
    items = []
    for bespreking, melding in rows:
        shown = persons[_id(melding)]
        audit.record_persons(
            session,
            Handeling.BEKEKEN,
            [p.id for p in shown],
            object_type="melding",
            object_id=melding.id,
            context=f"voorbereiding overleg {overleg_id}",
        )
        answer = answers.get(_id(bespreking))
        besluit = besluiten.get(_id(bespreking))
        items.append(
            VoorbereidingItem(
                bespreking_id=_id(bespreking),
                volgorde=bespreking.volgorde,
                extern_id=melding.extern_id,
                soort=melding.soort,
                datum=melding.datum,
                gemeente=melding.gemeente,
                urgent=melding.urgent,
                omschrijving=melding.omschrijving if show_omschrijving else None,
                personen=tuple(replace(person_view(p, today), bsn=None) for p in shown),
                antwoord=bekendheid_view(answer) if answer else _no_answer(partner),
                besluit=besluit_view(besluit) if besluit else None,
            )
        )
    return Voorbereiding(_summary(session, regio, overleg, partner), tuple(items))


def answer(
    store: Store,
    regio: Regio,
    bespreking_id: int,
    *,
    code=KEEP,
    notitie=KEEP,
    oordeel=KEEP,
    reden=KEEP,
    expected_versie: int,
) -> BekendheidView:
    """Record the partner's own answer on one melding (before or during the meeting), on the version of its
    answer it saw (0: none yet). Returns the stored answer with its new version."""
    if code is not KEEP and code not in regio.bekendheid:
        raise MeetingError(f"Onbekende bekendheid '{code}'.")
    with store.write() as session:
        partner = _partner(session)
        actor = require(session, Recht.VOORBEREIDEN)
        bespreking = session.get(Bespreking, bespreking_id)
        if bespreking is None or bespreking.afgevoerd:
            raise MeetingError("Deze melding staat niet (meer) op de agenda.")
        _expected_overleg(session, regio, bespreking.overleg_id, partner)
        row = session.exec(
            select(Bekendheid).where(col(Bekendheid.bespreking_id) == bespreking_id, col(Bekendheid.partner) == partner)
        ).first()
        stored_versie = row.versie if row is not None else 0
        if stored_versie != expected_versie:
            raise AntwoordConflict(bespreking_id, bekendheid_view(row) if row else _no_answer(partner))
        if row is None:
            row = Bekendheid(bespreking_id=bespreking_id, partner=partner, versie=0)
        change = BekendheidChange(partner, code=code, notitie=notitie, oordeel=oordeel, reden=reden)
        apply_answer(row, regio, change)
        row.voorbereid_door = actor.naam
        row.voorbereid_op = row.gewijzigd_op
        row.beoordeling = None  # a new answer of the partner: not yet seen by the chair
        session.add(row)
        persons = session.exec(
            select(col(MeldingPersoon.persoon_id)).where(col(MeldingPersoon.melding_id) == bespreking.melding_id)
        )
        audit.record_persons(
            session,
            Handeling.GEWIJZIGD,
            list(persons),
            object_type="melding",
            object_id=bespreking.melding_id,
            context=f"voorbereiding overleg {bespreking.overleg_id}",
            details={"wat": f"voorbereiding {partner}"},
        )
        session.flush()
        return bekendheid_view(row)


def prepared_by(session: Session, overleg_id: int) -> dict[int, dict[str, datetime]]:
    """For the chair: per bespreking, which partners prepared their answer themselves, and when."""
    require(session, Recht.OVERLEG_LEZEN)
    query = (
        select(col(Bekendheid.bespreking_id), col(Bekendheid.partner), col(Bekendheid.voorbereid_op))
        .join(Bespreking, col(Bespreking.id) == col(Bekendheid.bespreking_id))
        .where(col(Bespreking.overleg_id) == overleg_id, col(Bekendheid.voorbereid_op).is_not(None))
    )
    scope = partner_scope(session)
    if scope is not None:  # a partner learns nothing about the others' preparation
        query = query.where(col(Bekendheid.partner) == scope)
    result: dict[int, dict[str, datetime]] = {}
    for bespreking_id, partner, op in session.exec(query).all():
        if op is None:
            continue
        result.setdefault(bespreking_id, {})[partner] = op
    return result
