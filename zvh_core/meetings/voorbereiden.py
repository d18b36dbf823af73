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

The coming overleggen include the one of each of the partner's types on its next regular day that the chair
has not opened yet (``Gepland``): its agenda is what opening it now would put on it (agenda.candidate_melding_ids),
and the answers wait per melding (gepland_antwoord) until the chair opens it, when they become the partner's
Bekendheid rows with the same versions (zvh_core.meetings.planned). An answer typed on the planned agenda
after the chair opened it goes to the opened overleg's bespreking.

Every view (per person shown) and every answer is logged with the partner's account. A screen that stays open
and reads the same agenda again (a live screen refreshing because the chair moved or someone answered) shows
the same view: it passes what it has shown (``shown``) and only persons new on its screen are logged again.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import or_
from sqlmodel import Session, col, select

from zvh_core.access import audit
from zvh_core.access.audit import Handeling
from zvh_core.access.rights import Recht, partner_scope, require
from zvh_core.config.regio import Regio
from zvh_core.kernel import clock
from zvh_core.kernel.models import (
    Bekendheid,
    Besluit,
    Bespreking,
    GeplandAntwoord,
    Melding,
    MeldingPersoon,
    Overleg,
    OverlegPartner,
    Persoon,
)
from zvh_core.kernel.read_models import BekendheidView, BesluitView, PersonView
from zvh_core.kernel.to_view import bekendheid_view, besluit_view, person_view
from zvh_core.meetings.agenda import candidate_melding_ids
from zvh_core.meetings.bespreking import KEEP, BekendheidChange, apply_answer
from zvh_core.meetings.overleggen import AANWEZIG, MeetingError
from zvh_core.store import Store

NOT_ASKED = "niet_nagevraagd"


@dataclass(frozen=True)
class Gepland:
    """The overleg of a type on its next regular day, not opened by the chair yet."""

    type: str
    datum: date


@dataclass(frozen=True)
class TeVoorbereiden:
    """A coming (or running) overleg where the partner is expected."""

    overleg_id: int | None
    """None: not opened by the chair yet (``gepland``)."""
    type: str
    type_naam: str
    datum: date
    gestart: bool
    """The chair has started it: the partner's screen follows the chair."""
    huidige_bespreking_id: int | None
    aantal: int
    voorbereid: int
    """How many meldingen on its agenda this partner has answered."""

    @property
    def key(self) -> int | Gepland:
        """What voorbereiding() and answers take: the overleg's id, or the planned overleg."""
        return self.overleg_id if self.overleg_id is not None else Gepland(self.type, self.datum)


@dataclass(frozen=True)
class VoorbereidingItem:
    """One melding on the agenda as a preparing partner sees it."""

    bespreking_id: int | None
    """None on the agenda of an overleg not opened yet."""
    melding_id: int
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


ShownKey = tuple[int, int | None]
"""(melding id, person id, or None for a melding without persons): one view a partner's screen logged."""


@dataclass(frozen=True)
class Voorbereiding:
    overleg: TeVoorbereiden
    items: tuple[VoorbereidingItem, ...]
    getoond: frozenset[ShownKey] = frozenset()
    """What this agenda shows, per melding and person: logged by this read unless the caller had shown it."""


class AntwoordConflict(MeetingError):
    """The answer changed since the version the partner saw; nothing was stored. ``stored`` is the answer now."""

    def __init__(self, bespreking_id: int | None, stored: BekendheidView, melding_id: int | None = None) -> None:
        super().__init__(
            "Dit antwoord is intussen gewijzigd (door de voorzitter of op een ander scherm); uw wijziging is "
            "niet opgeslagen. U ziet nu wat er is vastgelegd: voer uw wijziging zo nodig opnieuw in."
        )
        self.bespreking_id = bespreking_id
        self.melding_id = melding_id
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


def _find_overleg(session: Session, type_code: str, datum: date) -> Overleg | None:
    return session.exec(select(Overleg).where(col(Overleg.type) == type_code, col(Overleg.datum) == datum)).first()


def planned_overleggen(session: Session, regio: Regio, partner: str, today: date) -> list[Gepland]:
    """Per type this partner sits at (with regular days), its next overleg when the chair has not opened it
    yet: today's or the next regular day's, or the one after when today's is already closed."""
    result = []
    for code, otype in regio.overlegtypen.items():
        if partner not in otype.partners or not otype.dagen:
            continue
        datum = clock.next_weekday_on_or_after(today, otype.dagen)
        existing = _find_overleg(session, code, datum)
        if existing is not None and existing.status != "open":  # today's is over: the next one
            datum = clock.next_weekday_on_or_after(datum + timedelta(days=1), otype.dagen)
            existing = _find_overleg(session, code, datum)
        if existing is None:
            result.append(Gepland(code, datum))
    return result


def _planned_agenda(session: Session, regio: Regio, gepland: Gepland) -> list[int]:
    """The melding ids opening the planned overleg now would put on its agenda, in agenda order."""
    return candidate_melding_ids(session, regio, gepland.type, gepland.datum)


def _planned_answers(session: Session, gepland: Gepland, partner: str, melding_ids: Sequence[int]):
    if not melding_ids:
        return {}
    return {
        row.melding_id: row
        for row in session.exec(
            select(GeplandAntwoord).where(
                col(GeplandAntwoord.overleg_type) == gepland.type,
                col(GeplandAntwoord.datum) == gepland.datum,
                col(GeplandAntwoord.partner) == partner,
                col(GeplandAntwoord.melding_id).in_(list(melding_ids)),
            )
        )
    }


def _planned_summary(session: Session, regio: Regio, gepland: Gepland, partner: str) -> TeVoorbereiden:
    ids = _planned_agenda(session, regio, gepland)
    answered = [a for a in _planned_answers(session, gepland, partner, ids).values() if a.voorbereid_door]
    return TeVoorbereiden(
        overleg_id=None,
        type=gepland.type,
        type_naam=regio.overlegtype(gepland.type).naam,
        datum=gepland.datum,
        gestart=False,
        huidige_bespreking_id=None,
        aantal=len(ids),
        voorbereid=len(answered),
    )


def coming_overleggen(session: Session, regio: Regio, today: date) -> list[TeVoorbereiden]:
    """The open overleggen from today on (and any already running) where the partner is expected, and per
    type it sits at the next one the chair has not opened yet (when its agenda has meldingen); soonest first."""
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
    planned = [_planned_summary(session, regio, g, partner) for g in planned_overleggen(session, regio, partner, today)]
    result += [p for p in planned if p.aantal]  # an empty agenda has nothing to prepare
    result.sort(key=lambda o: (o.datum, o.overleg_id is None, o.overleg_id or 0, o.type))
    audit.record(session, Handeling.BEKEKEN, object_type="voorbereiding", details={"overleggen": len(result)})
    return result


def _no_answer(partner: str) -> BekendheidView:
    return BekendheidView(partner=partner, code=NOT_ASKED, notitie=None, versie=0)


def _planned_view(row: GeplandAntwoord) -> BekendheidView:
    return BekendheidView(
        partner=row.partner,
        code=row.code,
        notitie=row.notitie,
        oordeel=row.oordeel,
        reden=row.reden_niet_delen,
        versie=row.versie,
        voorbereid_door=row.voorbereid_door,
        voorbereid_op=row.voorbereid_op,
    )


def _check_planned(session: Session, regio: Regio, gepland: Gepland, partner: str, today: date) -> None:
    """Refuse a planned overleg this partner is not expected at, or that is not a coming one."""
    otype = regio.overlegtypen.get(gepland.type)
    if otype is None or partner not in otype.partners:
        raise MeetingError(f"{regio.partner_label(partner)} wordt niet verwacht bij dit overleg.")
    if gepland not in planned_overleggen(session, regio, partner, today):
        raise MeetingError(f"Er is geen komend {otype.naam.lower()} op {gepland.datum:%d-%m-%Y} om voor te bereiden.")


def voorbereiding(
    session: Session, regio: Regio, overleg: int | Gepland, today: date, *, shown: Collection[ShownKey] = ()
) -> Voorbereiding:
    """The agenda of one overleg for the partner: per melding the lookup fields, its own answer and, once
    taken, the decision. ``overleg``: an overleg's id, or a planned one (once the chair has opened it, the
    opened one). Every person shown is logged as a view by the partner's account, except those in ``shown``:
    what the same screen has shown since it opened (its ``getoond`` so far), so that a refresh of an open
    screen is not a new view."""
    partner = _partner(session)
    if isinstance(overleg, Gepland):
        opened = _find_overleg(session, overleg.type, overleg.datum)
        if opened is None:
            return _planned_voorbereiding(session, regio, overleg, partner, today, shown)
        overleg = _id(opened)
    overleg_id = overleg
    row = _expected_overleg(session, regio, overleg_id, partner)
    rows = session.exec(
        select(Bespreking, Melding)
        .join(Melding, col(Melding.id) == col(Bespreking.melding_id))
        .where(col(Bespreking.overleg_id) == overleg_id, col(Bespreking.afgevoerd).is_(False))
        .order_by(col(Bespreking.volgorde), col(Bespreking.id))
    ).all()
    bespreking_ids = [_id(b) for b, _ in rows]
    answers: dict[int, BekendheidView] = {}
    besluiten: dict[int, BesluitView] = {}
    if rows:
        by_bespreking = {_id(b): _id(m) for b, m in rows}
        answers = {
            by_bespreking[b.bespreking_id]: bekendheid_view(b)
            for b in session.exec(
                select(Bekendheid).where(
                    col(Bekendheid.bespreking_id).in_(bespreking_ids), col(Bekendheid.partner) == partner
                )
            )
        }
        besluiten = {
            by_bespreking[b.bespreking_id]: besluit_view(b)
            for b in session.exec(select(Besluit).where(col(Besluit.bespreking_id).in_(bespreking_ids)))
        }
    items, getoond = _items(
        session,
        regio,
        row.type,
        [(_id(b), b.volgorde, m) for b, m in rows],
        answers,
        besluiten,
        partner=partner,
        today=today,
        context=f"voorbereiding overleg {overleg_id}",
        shown=shown,
    )
    return Voorbereiding(_summary(session, regio, row, partner), items, getoond)


def _planned_voorbereiding(
    session: Session, regio: Regio, gepland: Gepland, partner: str, today: date, shown: Collection[ShownKey]
) -> Voorbereiding:
    _check_planned(session, regio, gepland, partner, today)
    ids = _planned_agenda(session, regio, gepland)
    meldingen = {_id(m): m for m in session.exec(select(Melding).where(col(Melding.id).in_(ids)))} if ids else {}
    answers = {m: _planned_view(a) for m, a in _planned_answers(session, gepland, partner, ids).items()}
    items, getoond = _items(
        session,
        regio,
        gepland.type,
        [(None, n, meldingen[m]) for n, m in enumerate(ids)],
        answers,
        {},
        partner=partner,
        today=today,
        context=f"voorbereiding {gepland.type} {gepland.datum.isoformat()}",
        shown=shown,
    )
    return Voorbereiding(_planned_summary(session, regio, gepland, partner), items, getoond)


def _items(
    session: Session,
    regio: Regio,
    type_code: str,
    rows: Sequence[tuple[int | None, int, Melding]],
    answers: dict[int, BekendheidView],
    besluiten: dict[int, BesluitView],
    *,
    partner: str,
    today: date,
    context: str,
    shown: Collection[ShownKey],
) -> tuple[tuple[VoorbereidingItem, ...], frozenset[ShownKey]]:
    """The agenda items as the partner sees them (answers and besluiten by melding id), and what they show;
    each person shown is logged as a view unless it is in ``shown``."""
    show_omschrijving = regio.overlegtype(type_code).voorbereiden.omschrijving
    melding_ids = [_id(m) for _, _, m in rows]
    persons: dict[int, list[Persoon]] = {m: [] for m in melding_ids}
    if melding_ids:
        for melding_id, persoon in session.exec(
            select(col(MeldingPersoon.melding_id), Persoon)
            .join(Persoon, col(Persoon.id) == col(MeldingPersoon.persoon_id))
            .where(col(MeldingPersoon.melding_id).in_(melding_ids))
            .order_by(col(Persoon.geboortedatum).is_(None), col(Persoon.geboortedatum), col(Persoon.id))
        ).all():
            persons[melding_id].append(persoon)
    items = []
    getoond: set[ShownKey] = set()
    for bespreking_id, volgorde, melding in rows:
        melding_id = _id(melding)
        on_screen = persons[melding_id]
        keys: list[ShownKey] = [(melding_id, p.id) for p in on_screen] or [(melding_id, None)]
        new = [key for key in keys if key not in shown]
        if new:  # what this screen had shown already is the same view, logged when it was first shown
            audit.record_persons(
                session,
                Handeling.BEKEKEN,
                [persoon_id for _, persoon_id in new if persoon_id is not None],
                object_type="melding",
                object_id=melding_id,
                context=context,
            )
        getoond.update(keys)
        items.append(
            VoorbereidingItem(
                bespreking_id=bespreking_id,
                melding_id=melding_id,
                volgorde=volgorde,
                extern_id=melding.extern_id,
                soort=melding.soort,
                datum=melding.datum,
                gemeente=melding.gemeente,
                urgent=melding.urgent,
                omschrijving=melding.omschrijving if show_omschrijving else None,
                personen=tuple(replace(person_view(p, today), bsn=None) for p in on_screen),
                antwoord=answers.get(melding_id) or _no_answer(partner),
                besluit=besluiten.get(melding_id),
            )
        )
    return tuple(items), frozenset(getoond)


def _check_code(regio: Regio, code: object) -> None:
    if code is not KEEP and code not in regio.bekendheid:
        raise MeetingError(f"Onbekende bekendheid '{code}'.")


def _log_answer(session: Session, melding_id: int, partner: str, context: str) -> None:
    persons = session.exec(select(col(MeldingPersoon.persoon_id)).where(col(MeldingPersoon.melding_id) == melding_id))
    audit.record_persons(
        session,
        Handeling.GEWIJZIGD,
        list(persons),
        object_type="melding",
        object_id=melding_id,
        context=context,
        details={"wat": f"voorbereiding {partner}"},
    )


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
    _check_code(regio, code)
    change = dict(code=code, notitie=notitie, oordeel=oordeel, reden=reden)
    with store.write() as session:
        bespreking = session.get(Bespreking, bespreking_id)
        return _answer_on(session, regio, bespreking, change, expected_versie)


def _answer_on(
    session: Session, regio: Regio, bespreking: Bespreking | None, change: dict, expected_versie: int
) -> BekendheidView:
    partner = _partner(session)
    actor = require(session, Recht.VOORBEREIDEN)
    if bespreking is None or bespreking.afgevoerd:
        raise MeetingError("Deze melding staat niet (meer) op de agenda.")
    bespreking_id = _id(bespreking)
    _expected_overleg(session, regio, bespreking.overleg_id, partner)
    row = session.exec(
        select(Bekendheid).where(col(Bekendheid.bespreking_id) == bespreking_id, col(Bekendheid.partner) == partner)
    ).first()
    stored_versie = row.versie if row is not None else 0
    if stored_versie != expected_versie:
        raise AntwoordConflict(
            bespreking_id, bekendheid_view(row) if row else _no_answer(partner), bespreking.melding_id
        )
    if row is None:
        row = Bekendheid(bespreking_id=bespreking_id, partner=partner, versie=0)
    apply_answer(row, regio, BekendheidChange(partner, **change))
    row.voorbereid_door = actor.naam
    row.voorbereid_op = row.gewijzigd_op
    row.beoordeling = None  # a new answer of the partner: not yet seen by the chair
    session.add(row)
    _log_answer(session, bespreking.melding_id, partner, f"voorbereiding overleg {bespreking.overleg_id}")
    session.flush()
    return bekendheid_view(row)


def answer_planned(
    store: Store,
    regio: Regio,
    gepland: Gepland,
    melding_id: int,
    *,
    code=KEEP,
    notitie=KEEP,
    oordeel=KEEP,
    reden=KEEP,
    expected_versie: int,
    today: date | None = None,
) -> BekendheidView:
    """Record the partner's own answer on a melding on the agenda of a planned overleg, on the version of its
    answer it saw (0: none yet). Once the chair has opened that overleg, the answer goes to its bespreking
    (the carried-over answer keeps its version, so this passes on the same ``expected_versie``)."""
    _check_code(regio, code)
    change = dict(code=code, notitie=notitie, oordeel=oordeel, reden=reden)
    with store.write() as session:
        partner = _partner(session)
        actor = require(session, Recht.VOORBEREIDEN)
        opened = _find_overleg(session, gepland.type, gepland.datum)
        if opened is not None:
            bespreking = session.exec(
                select(Bespreking).where(
                    col(Bespreking.overleg_id) == opened.id, col(Bespreking.melding_id) == melding_id
                )
            ).first()
            return _answer_on(session, regio, bespreking, change, expected_versie)
        _check_planned(session, regio, gepland, partner, today or clock.today())
        if melding_id not in _planned_agenda(session, regio, gepland):
            raise MeetingError("Deze melding staat niet (meer) op de agenda van dit overleg.")
        row = _planned_answers(session, gepland, partner, [melding_id]).get(melding_id)
        stored_versie = row.versie if row is not None else 0
        if stored_versie != expected_versie:
            raise AntwoordConflict(None, _planned_view(row) if row else _no_answer(partner), melding_id)
        if row is None:
            row = GeplandAntwoord(
                overleg_type=gepland.type, datum=gepland.datum, melding_id=melding_id, partner=partner, versie=0
            )
        apply_answer(row, regio, BekendheidChange(partner, **change))
        row.voorbereid_door = actor.naam
        row.voorbereid_op = row.gewijzigd_op
        session.add(row)
        _log_answer(session, melding_id, partner, f"voorbereiding {gepland.type} {gepland.datum.isoformat()}")
        session.flush()
        return _planned_view(row)


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
