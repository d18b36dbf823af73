"""One melding on the table: what it shows, and every change the chair makes, stored at once.

Every change raises the bespreking's ``versie``. A writer that passes ``expected_versie`` (the version it
showed the user) is refused with ConcurrentChange when someone else changed the bespreking meanwhile,
so two chairs never overwrite each other silently; the error carries the fresh state to show.

A change made with an ``undo`` list appends an Undo to it: what the bespreking held before the change,
and the versions right after it. ``undo_change`` writes that state back as a new change of its own
(versioned, logged), refused like any change when someone else changed the melding since.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import and_, select
from sqlmodel import Session, col
from sqlmodel import select as typed_select

from zvh_core.access import audit, partner_visibility
from zvh_core.access.audit import Handeling
from zvh_core.access.rights import Recht, partner_scope, require
from zvh_core.acties.followup import acties_of, create_actie, earlier_open_acties
from zvh_core.casussen import procesregie
from zvh_core.casussen.procesregie import CasusRequest
from zvh_core.config.regio import DEELT_NIET, Regio
from zvh_core.kernel import clock
from zvh_core.kernel.models import (
    Actie,
    Bekendheid,
    Besluit,
    Bespreking,
    GeplandAntwoord,
    Melding,
    MeldingPersoon,
    Overleg,
    OverlegPartner,
    Persoon,
    utcnow,
)
from zvh_core.kernel.read_models import BekendheidView, BesprekingDetail, MeldingView
from zvh_core.kernel.to_view import (
    actie_view,
    bekendheid_view,
    besluit_view,
    person_view,
)
from zvh_core.meetings.overleggen import AANWEZIG, MeetingError, present_partners_query
from zvh_core.persons.history import casus_rows_of, history_for, read_earlier, repeated_in
from zvh_core.store import Store

KEEP = object()
"""Sentinel: leave this field as it is."""


class BesluitStored(NamedTuple):
    versie: int
    """The bespreking's version after the change."""
    casus_id: int | None
    """The casus this besluit opened, if its route opens one."""


@dataclass(frozen=True)
class AntwoordVoor:
    """One partner's answer as it was before a change, and the answer's version right after the change."""

    partner: str
    code: str
    notitie: str | None
    oordeel: str | None
    reden: str | None
    beoordeling: str | None
    versie_na: int
    versie_voor: int = 0
    """The answer's version the change was made on (0: none yet)."""


@dataclass(frozen=True)
class BesluitVoor:
    """The decision as it was before a change."""

    route: str
    toelichting: str | None
    genomen_op: datetime
    casus_id: int | None


@dataclass(frozen=True)
class Undo:
    """How to take back one change of the chair: the state it replaced. ``versie`` is the bespreking's
    version right after the change; undoing is refused once the bespreking moved on from it."""

    bespreking_id: int
    versie: int
    wat: str
    """What the change was, in Dutch ("bekendheid AMW", "route Aanhouden", "actie voor VT")."""
    antwoorden: tuple[AntwoordVoor, ...] = ()
    besluit: bool = False
    """The change touched the decision; ``besluit_voor`` is what it was (None: no decision yet)."""
    besluit_voor: BesluitVoor | None = None
    actie_toegevoegd: int | None = None
    """The actie the change added (undo removes it)."""
    actie_verwijderd: dict[str, Any] | None = None
    """The columns of the actie the change removed (undo puts it back, with its own id)."""
    terug_op_agenda: bool = False
    """The change took the melding off the agenda (undo puts it back in its place)."""
    voor: int = -1
    """The bespreking's version the change was made on (``versie`` - 1 when made; stays when ``versie`` is
    moved on by after_undo)."""

    def __post_init__(self) -> None:
        if self.voor < 0:
            object.__setattr__(self, "voor", self.versie - 1)


class ConcurrentChange(MeetingError):
    """The bespreking changed since the version the user saw; nothing was stored.

    ``versie`` is the stored version now; ``detail`` the stored state (when the service could load it)."""

    def __init__(
        self, bespreking_id: int, expected: int, versie: int, detail: BesprekingDetail | None, *, audit_pending=()
    ) -> None:
        super().__init__(
            "Iemand anders heeft deze melding intussen gewijzigd; uw wijziging is niet opgeslagen. "
            "U ziet nu wat er is vastgelegd: voer uw wijziging zo nodig opnieuw in."
        )
        self.bespreking_id = bespreking_id
        self.expected = expected
        self.versie = versie
        self.detail = detail
        self.audit_pending = list(audit_pending)
        """The view of ``detail``, logged by Store.write once the refused transaction has rolled back."""


def versie_of(session: Session, bespreking_id: int) -> int | None:
    """The bespreking's current version (None if it is gone): one indexed read, no personal data, so a
    screen can tell whether the copy it holds is still the stored state without reading it again."""
    require(session, Recht.OVERLEG_LEZEN)
    return session.scalars(select(col(Bespreking.versie)).where(col(Bespreking.id) == bespreking_id)).first()


def load_detail(session: Session, regio: Regio, bespreking_id: int, *, today: date) -> BesprekingDetail:
    """Everything the run screen shows for one agenda item (logged as a view of each person).

    Seven reads for the chair (a statement budget, tests/test_run_statements.py): the bespreking with its
    melding, besluit and persons; the present partners with their answers; the persons' meldingen and those
    meldingen's besprekingen (read once for 'Eerder bekend', HERHAALD and the earlier open actions); the
    earlier answers; the persons' casussen; and every action of all those besprekingen and casussen."""
    require(session, Recht.MELDING_DETAIL)
    rows = session.exec(  # type: ignore[call-overload]
        select(Bespreking, Melding, Besluit, Persoon)
        .join(Melding, col(Melding.id) == col(Bespreking.melding_id))
        .outerjoin(Besluit, col(Besluit.bespreking_id) == col(Bespreking.id))
        .outerjoin(MeldingPersoon, col(MeldingPersoon.melding_id) == col(Melding.id))
        .outerjoin(Persoon, col(Persoon.id) == col(MeldingPersoon.persoon_id))
        .where(col(Bespreking.id) == bespreking_id)
        .order_by(col(Persoon.geboortedatum).is_(None), col(Persoon.geboortedatum), col(Persoon.id))
    ).all()
    if not rows:
        raise MeetingError("Dit agendapunt bestaat niet meer.")
    bespreking, melding, besluit, _ = rows[0]
    partner = partner_scope(session)
    if (
        partner is not None
        and session.execute(
            select(col(Bespreking.id)).where(
                col(Bespreking.id) == bespreking_id, partner_visibility.bespreking_clause(regio, partner)
            )
        ).first()
        is None
    ):
        raise MeetingError("Deze melding is niet naar uw organisatie gerouteerd.")
    persons = [p for *_, p in rows if p is not None]
    person_ids = [p.id for p in persons]
    answers = session.exec(
        present_partners_query(bespreking.overleg_id)
        .add_columns(Bekendheid)
        .outerjoin(
            Bekendheid,
            and_(
                col(Bekendheid.bespreking_id) == bespreking_id, col(Bekendheid.partner) == col(OverlegPartner.partner)
            ),
        )
    ).all()
    earlier = read_earlier(session, melding, person_ids)
    repeated = repeated_in(earlier, melding, person_ids)
    casus_rows = casus_rows_of(session, person_ids)
    casus_ids = {casus.id for casus, _ in casus_rows}
    candidates = acties_of(session, [b.id for b, _, _ in earlier.besprekingen] + [bespreking.id], casus_ids)
    acties = [
        a for a, _ in candidates if a.bespreking_id == bespreking.id and (partner is None or a.eigenaar == partner)
    ]
    audit.record_persons(
        session,
        Handeling.BEKEKEN,
        person_ids,
        object_type="melding",
        object_id=melding.id,
        context=f"overleg {bespreking.overleg_id}",
    )
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
            personen=tuple(person_view(p, today, herhaald=p.id in repeated) for p in persons),
        ),
        bekendheid=tuple(
            _visible_bekendheid(bekendheid_view(stored), partner)
            if stored is not None
            else BekendheidView(partner=code, code="niet_nagevraagd", notitie=None, versie=0)
            for code, stored in answers
        ),
        besluit=besluit_view(besluit) if besluit else None,
        acties=tuple(actie_view(a) for a in acties),
        history=history_for(
            session,
            melding.id,
            person_ids,
            exclude_bespreking_id=bespreking.id,
            regio=regio,
            earlier=earlier,
            acties=[a for a, _ in candidates],
            casus_rows=casus_rows,
        ),
        eerdere_acties=tuple(
            earlier_open_acties(
                session,
                # a partner sees its own actions only (filtered before their context is read)
                [(a, is_open) for a, is_open in candidates if partner is None or a.eigenaar == partner],
                bespreking.id,
                casus_ids,
            )
        ),
    )


def _visible_bekendheid(view: BekendheidView, partner: str | None) -> BekendheidView:
    """A partner account sees what the others know (the code), not their notes, opinions or reasons."""
    if partner is None or view.partner == partner:
        return view
    return replace(
        view, notitie=None, oordeel=None, reden=None, voorbereid_door=None, voorbereid_op=None, beoordeling=None
    )


def _open_bespreking(
    session: Session,
    bespreking_id: int,
    expected_versie: int | None = None,
    regio: Regio | None = None,
    *,
    wat: str = "gewijzigd",
) -> Bespreking:
    """The bespreking, when the actor may chair, its overleg is still open and (``expected_versie``) nobody
    changed it since that version; marks it changed and logs the change for each person of the melding.
    The write session holds the store's write lock, so no other writer can come between this check and
    the commit."""
    require(session, Recht.OVERLEG_VOEREN)
    # FOR UPDATE (PostgreSQL; SQLite's write transactions are exclusive anyway): a second writer of this
    # bespreking waits here and then sees the version the first one wrote, so it is refused, not lost.
    bespreking = session.scalars(
        select(Bespreking).where(col(Bespreking.id) == bespreking_id).with_for_update()
    ).first()
    if bespreking is None:
        raise MeetingError("Dit agendapunt bestaat niet meer.")
    overleg = session.get_one(Overleg, bespreking.overleg_id)
    if overleg.status != "open":
        raise MeetingError("Dit overleg is gesloten; er kan niets meer worden gewijzigd.")
    if expected_versie is not None and bespreking.versie != expected_versie:
        raise _refusal(session, regio, bespreking_id, bespreking.versie, expected_versie)
    bespreking.versie += 1
    bespreking.gewijzigd_op = utcnow()
    session.add(bespreking)
    persons = (
        session.execute(
            select(col(MeldingPersoon.persoon_id)).where(col(MeldingPersoon.melding_id) == bespreking.melding_id)
        )
        .scalars()
        .all()
    )
    audit.record_persons(
        session,
        Handeling.GEWIJZIGD,
        persons,
        object_type="melding",
        object_id=bespreking.melding_id,
        context=f"overleg {bespreking.overleg_id}",
        details={"wat": wat},
    )
    return bespreking


def _refusal(session: Session, regio: Regio | None, bespreking_id: int, versie: int, expected: int) -> ConcurrentChange:
    """The refusal of a change made on a stale version (the bespreking is at ``versie``), with the stored
    state to show (its view logged after the rollback)."""
    detail, shown = None, []
    if regio is not None:
        with audit.deferred(session):  # this transaction rolls back: the view is logged after it
            detail = load_detail(session, regio, bespreking_id, today=clock.today())
        shown = audit.take_pending(session)
    return ConcurrentChange(bespreking_id, expected, versie, detail, audit_pending=shown)


def _check_answer_versie(
    session: Session,
    regio: Regio,
    bespreking_id: int,
    partner: str,
    expected_versie: int | None,
    expected_rij_versie: int | None,
) -> None:
    """Refuse the chair's change of a partner's answer that changed since the chair saw it (the partner
    answered on its own screen meanwhile), with the stored state."""
    if expected_rij_versie is None:
        return
    require(session, Recht.OVERLEG_VOEREN)
    bespreking = session.get(Bespreking, bespreking_id)
    if bespreking is None:
        raise MeetingError("Dit agendapunt bestaat niet meer.")
    stored = session.exec(
        typed_select(col(Bekendheid.versie)).where(
            col(Bekendheid.bespreking_id) == bespreking_id, col(Bekendheid.partner) == partner
        )
    ).first()
    if (stored or 0) != expected_rij_versie:
        expected = bespreking.versie if expected_versie is None else expected_versie
        raise _refusal(session, regio, bespreking_id, bespreking.versie, expected)


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


def set_bekendheid(
    store: Store,
    regio: Regio,
    bespreking_id: int,
    partner: str,
    *,
    code=KEEP,
    notitie=KEEP,
    oordeel=KEEP,
    reden=KEEP,
    expected_versie: int | None = None,
    expected_rij_versie: int | None = None,
    undo: list[Undo] | None = None,
) -> int:
    """Record what a partner knows: bekend / niet bekend / niet nagevraagd / deelt niet (with a reason),
    the fact (``notitie``: what is registered) and the professional opinion (``oordeel``), kept apart.
    Returns the new versie.

    ``expected_rij_versie``: the version of this partner's answer the chair saw; when the partner changed its
    answer meanwhile (on its own screen) the change is refused with the stored state. Changing an answer the
    partner prepared marks it 'gewijzigd' by the chair."""
    change = BekendheidChange(
        partner, code=code, notitie=notitie, oordeel=oordeel, reden=reden, expected_rij_versie=expected_rij_versie
    )
    return set_bekendheden(store, regio, bespreking_id, [change], expected_versie=expected_versie, undo=undo)


@dataclass(frozen=True)
class BekendheidChange:
    """What changes for one partner (KEEP: unchanged)."""

    partner: str
    code: Any = KEEP
    notitie: Any = KEEP
    oordeel: Any = KEEP
    reden: Any = KEEP
    expected_rij_versie: int | None = None
    """The version of this partner's answer the screen showed (a partner may answer on its own screen)."""


def set_bekendheden(
    store: Store,
    regio: Regio,
    bespreking_id: int,
    changes: Sequence[BekendheidChange],
    *,
    expected_versie: int | None = None,
    undo: list[Undo] | None = None,
) -> int:
    """Several partners' bekendheid (codes, facts, opinions) in one transaction and one new versie: all or
    nothing (verrijken for the whole table, 'the rest niet bekend'). Returns the new versie; ``undo``
    receives how to take the change back."""
    for change in changes:
        if change.code is not KEEP and change.code not in regio.bekendheid:
            raise MeetingError(f"Onbekende bekendheid '{change.code}'.")
    with store.write() as session:
        for change in changes:
            _check_answer_versie(
                session, regio, bespreking_id, change.partner, expected_versie, change.expected_rij_versie
            )
        wat = "bekendheid " + ", ".join(c.partner for c in changes)
        bespreking = _open_bespreking(session, bespreking_id, expected_versie, regio, wat=wat)
        before = tuple(_apply_bekendheid(session, regio, bespreking, change) for change in changes)
        if undo is not None:
            labels = ", ".join(regio.partner_label(c.partner) for c in changes)
            undo.append(Undo(bespreking_id, bespreking.versie, f"bekendheid {labels}", antwoorden=before))
        return bespreking.versie


BEVESTIGD = "bevestigd"
GEWIJZIGD = "gewijzigd"
GEWIST = "gewist"
"""What the chair did with a partner's prepared answer (Bekendheid.beoordeling)."""


def review_prepared(
    store: Store,
    regio: Regio,
    bespreking_id: int,
    partner: str,
    *,
    keep: bool,
    expected_versie: int | None = None,
    expected_rij_versie: int | None = None,
) -> int:
    """The chair confirms (``keep``) or clears one partner's prepared answer (review_prepared_answers for
    one partner). Returns the bespreking's new versie."""
    return review_prepared_answers(
        store, regio, bespreking_id, {partner: expected_rij_versie}, keep=keep, expected_versie=expected_versie
    )


def review_prepared_answers(
    store: Store,
    regio: Regio,
    bespreking_id: int,
    partners: Mapping[str, int | None],
    *,
    keep: bool,
    expected_versie: int | None = None,
    undo: list[Undo] | None = None,
) -> int:
    """The chair confirms (``keep``) or clears the prepared answers of ``partners`` (each with the version of
    its answer the chair saw, or None) in one transaction and one new versie: all or nothing. Clearing sets an
    answer back to 'niet nagevraagd' without notes and remembers that it was cleared. Returns the bespreking's
    new versie; ``undo`` receives how to take the review back (the prepared answers as they were)."""
    if not partners:
        raise MeetingError("Kies de partner(s) van wie u het voorbereide antwoord beoordeelt.")
    with store.write() as session:
        for partner, expected_rij_versie in partners.items():
            _check_answer_versie(session, regio, bespreking_id, partner, expected_versie, expected_rij_versie)
        wat = f"voorbereiding {', '.join(partners)} {'bevestigd' if keep else 'gewist'}"
        bespreking = _open_bespreking(session, bespreking_id, expected_versie, regio, wat=wat)
        rows = {
            row.partner: row
            for row in session.exec(
                typed_select(Bekendheid).where(
                    col(Bekendheid.bespreking_id) == bespreking_id, col(Bekendheid.partner).in_(list(partners))
                )
            )
        }
        now = utcnow()
        before: list[AntwoordVoor] = []
        for partner in partners:
            row = rows.get(partner)
            if row is None or not row.voorbereid_door:
                raise MeetingError(f"{regio.partner_label(partner)} heeft deze melding niet voorbereid.")
            before.append(
                AntwoordVoor(
                    partner,
                    row.code,
                    row.notitie,
                    row.oordeel,
                    row.reden_niet_delen,
                    row.beoordeling,
                    versie_na=row.versie + 1,
                    versie_voor=row.versie,
                )
            )
            if keep:
                row.beoordeling = BEVESTIGD
            else:
                row.code, row.notitie, row.oordeel, row.reden_niet_delen = "niet_nagevraagd", None, None, None
                row.beoordeling = GEWIST
            row.versie += 1
            row.gewijzigd_op = now
            session.add(row)
        if undo is not None:
            labels = ", ".join(regio.partner_label(p) for p in partners)
            wat = f"voorbereiding {labels} {'bevestigd' if keep else 'gewist'}"
            undo.append(Undo(bespreking_id, bespreking.versie, wat, antwoorden=tuple(before)))
        return bespreking.versie


def _apply_bekendheid(session: Session, regio: Regio, bespreking: Bespreking, change: BekendheidChange) -> AntwoordVoor:
    """Apply one partner's change; the answer as it was before (to take the change back)."""
    partner = change.partner
    present = session.execute(
        select(col(OverlegPartner.partner)).where(
            col(OverlegPartner.overleg_id) == bespreking.overleg_id,
            col(OverlegPartner.partner) == partner,
            col(OverlegPartner.aanwezigheid) == AANWEZIG,
        )
    ).first()
    if present is None:
        raise MeetingError(f"{regio.partner_label(partner)} is niet aanwezig bij dit overleg.")
    row = session.execute(
        select(Bekendheid).where(col(Bekendheid.bespreking_id) == bespreking.id, col(Bekendheid.partner) == partner)
    ).scalars().first() or Bekendheid(bespreking_id=bespreking.id, partner=partner, versie=0)  # type: ignore[arg-type]
    before = (row.code, row.notitie, row.oordeel, row.reden_niet_delen)
    beoordeling_before = row.beoordeling
    if apply_answer(row, regio, change) and row.voorbereid_door:
        row.beoordeling = GEWIJZIGD  # the chair changed what the partner prepared
    session.add(row)
    return AntwoordVoor(
        partner, *before, beoordeling=beoordeling_before, versie_na=row.versie, versie_voor=row.versie - 1
    )


def apply_answer(row: Bekendheid | GeplandAntwoord, regio: Regio, change: BekendheidChange) -> bool:
    """Change one partner's answer row as ``change`` says and raise the row's version: the one way an answer
    changes, whether the chair types it (set_bekendheden) or the partner prepares it (meetings.voorbereiden,
    also on the agenda of an overleg not opened yet: a GeplandAntwoord).
    A code other than 'deelt niet' drops the reason; 'deelt niet' needs one. Whether what the answer says
    (code, fact, opinion, reason) changed."""
    before = (row.code, row.notitie, row.oordeel, row.reden_niet_delen)
    if change.code is not KEEP:
        row.code = change.code
        if change.code != DEELT_NIET:
            row.reden_niet_delen = None
    if change.notitie is not KEEP:
        row.notitie = _text(change.notitie)
    if change.oordeel is not KEEP:
        row.oordeel = _text(change.oordeel)
    if change.reden is not KEEP:
        row.reden_niet_delen = _text(change.reden)
    if row.code == DEELT_NIET and not row.reden_niet_delen:
        raise MeetingError(f"Geef een reden waarom {regio.partner_label(change.partner)} niet deelt.")
    row.versie += 1
    row.gewijzigd_op = utcnow()
    return before != (row.code, row.notitie, row.oordeel, row.reden_niet_delen)


def set_besluit(
    store: Store,
    regio: Regio,
    bespreking_id: int,
    route: str,
    toelichting: str | None,
    casus: CasusRequest | None = None,
    *,
    expected_versie: int | None = None,
    undo: list[Undo] | None = None,
) -> BesluitStored:
    """Decide where the melding goes (replacing an earlier decision in this bespreking).

    A route that opens a casus needs ``casus`` (thema, procesregisseur): the casus is created in the same
    transaction, linked to the melding and its persons; its id is returned with the new versie. Deciding otherwise later in the
    same overleg removes the casus this besluit opened."""
    with store.write() as session:
        bespreking = _open_bespreking(session, bespreking_id, expected_versie, regio, wat=f"besluit {route}")
        overleg = session.get_one(Overleg, bespreking.overleg_id)
        if route not in regio.overlegtype(overleg.type).routes:
            raise MeetingError(f"Route '{regio.route_label(route)}' hoort niet bij dit overleg.")
        opens_casus = regio.routes[route].opent_casus
        if opens_casus and casus is None:
            raise MeetingError(f"Route '{regio.route_label(route)}' opent een casus: kies het thema.")
        besluit = session.execute(select(Besluit).where(col(Besluit.bespreking_id) == bespreking_id)).scalars().first()
        voor = _besluit_voor(besluit)
        besluit = besluit or Besluit(bespreking_id=bespreking_id, route=route)
        besluit.route = route
        besluit.toelichting = _text(toelichting)
        besluit.genomen_op = utcnow()
        if opens_casus and besluit.casus_id is not None:
            assert casus is not None  # checked above: a route that opens a casus has one
            procesregie.update_from_request(session, regio, besluit.casus_id, casus)
        elif opens_casus:
            assert casus is not None  # checked above: a route that opens a casus has one
            besluit.casus_id = procesregie.create_for_melding(
                session, regio, bespreking.melding_id, casus, overleg.datum
            )
        elif besluit.casus_id is not None:
            _drop_casus(session, besluit)
        session.add(besluit)
        if undo is not None:
            label = f"route {regio.route_label(route)}"
            undo.append(Undo(bespreking_id, bespreking.versie, label, besluit=True, besluit_voor=voor))
        return BesluitStored(bespreking.versie, besluit.casus_id)


def _drop_casus(session: Session, besluit: Besluit) -> None:
    casus_id, besluit.casus_id = besluit.casus_id, None
    assert casus_id is not None  # every caller drops only a besluit that opened a casus
    session.add(besluit)
    session.flush()
    procesregie.delete_casus(session, casus_id)


def _besluit_voor(besluit: Besluit | None) -> BesluitVoor | None:
    if besluit is None:
        return None
    return BesluitVoor(besluit.route, besluit.toelichting, besluit.genomen_op, besluit.casus_id)


def clear_besluit(
    store: Store, bespreking_id: int, *, expected_versie: int | None = None, undo: list[Undo] | None = None
) -> int:
    """Withdraw the decision (and the casus it opened); the new versie."""
    with store.write() as session:
        bespreking = _open_bespreking(session, bespreking_id, expected_versie, wat="besluit ingetrokken")
        besluit = session.execute(select(Besluit).where(col(Besluit.bespreking_id) == bespreking_id)).scalars().first()
        if undo is not None:
            undo.append(
                Undo(
                    bespreking_id,
                    bespreking.versie,
                    "besluit ingetrokken",
                    besluit=True,
                    besluit_voor=_besluit_voor(besluit),
                )
            )
        if besluit is not None:
            if besluit.casus_id is not None:
                _drop_casus(session, besluit)
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
    undo: list[Undo] | None = None,
) -> int:
    """A follow-up task for a partner, with a due date; its id."""
    with store.write() as session:
        bespreking = _open_bespreking(session, bespreking_id, expected_versie, regio, wat=f"actie voor {eigenaar}")
        actie_id = create_actie(session, regio, eigenaar, omschrijving, termijn, bespreking_id=bespreking_id)
        if undo is not None:
            label = f"actie voor {regio.partner_label(eigenaar)}"
            undo.append(Undo(bespreking_id, bespreking.versie, label, actie_toegevoegd=actie_id))
        return actie_id


def remove_actie(
    store: Store,
    actie_id: int,
    *,
    expected_versie: int | None = None,
    undo: list[Undo] | None = None,
    regio: Regio | None = None,
) -> None:
    with store.write() as session:
        require(session, Recht.OVERLEG_VOEREN)
        actie = session.get(Actie, actie_id)
        if actie is None:
            return
        if actie.bespreking_id is not None:
            bespreking = _open_bespreking(session, actie.bespreking_id, expected_versie, regio, wat="actie verwijderd")
            if undo is not None:
                label = regio.partner_label(actie.eigenaar) if regio is not None else actie.eigenaar
                columns = {c: getattr(actie, c) for c in Actie.model_fields}
                undo.append(
                    Undo(
                        actie.bespreking_id,
                        bespreking.versie,
                        f"actie van {label} verwijderd",
                        actie_verwijderd=columns,
                    )
                )
        session.delete(actie)


def undo_change(store: Store, regio: Regio, change: Undo) -> int:
    """Take back ``change``: the answers, decision and action it replaced are written back as a new change
    (a new versie, logged as 'ongedaan gemaakt'). Refused with the stored state when someone changed the
    melding, or one of the answers, since; refused when the casus an earlier decision opened is gone (that
    decision is not restored half). Returns the new versie."""
    with store.write() as session:
        for before in change.antwoorden:
            _check_answer_versie(session, regio, change.bespreking_id, before.partner, change.versie, before.versie_na)
        bespreking = _open_bespreking(
            session, change.bespreking_id, change.versie, regio, wat=f"ongedaan gemaakt: {change.wat}"
        )
        for before in change.antwoorden:
            row = session.exec(
                typed_select(Bekendheid).where(
                    col(Bekendheid.bespreking_id) == bespreking.id, col(Bekendheid.partner) == before.partner
                )
            ).one()
            row.code, row.notitie, row.oordeel = before.code, before.notitie, before.oordeel
            row.reden_niet_delen, row.beoordeling = before.reden, before.beoordeling
            row.versie += 1
            row.gewijzigd_op = utcnow()
            session.add(row)
        if change.terug_op_agenda:
            bespreking.afgevoerd = False
        if change.besluit:
            _restore_besluit(session, change.bespreking_id, change.besluit_voor)
        if change.actie_toegevoegd is not None:
            actie = session.get(Actie, change.actie_toegevoegd)
            if actie is not None:
                session.delete(actie)
        if change.actie_verwijderd is not None and session.get(Actie, change.actie_verwijderd["id"]) is None:
            session.add(Actie(**change.actie_verwijderd))
        return bespreking.versie


def after_undo(earlier: Undo, undone: Undo, versie: int) -> Undo:
    """``earlier``, once ``undone`` (a later change) was taken back and the bespreking stands at ``versie``:
    when ``undone`` came directly after it, the bespreking holds what ``earlier`` left again (at the new
    versions), so ``earlier`` can be taken back in turn; else it stays as it was (and is refused)."""
    if earlier.bespreking_id != undone.bespreking_id or earlier.versie != undone.voor:
        return earlier
    later = {a.partner: a for a in undone.antwoorden}
    antwoorden = tuple(
        replace(a, versie_na=later[a.partner].versie_na + 1)
        if a.partner in later and later[a.partner].versie_voor == a.versie_na
        else a
        for a in earlier.antwoorden
    )
    return replace(earlier, versie=versie, antwoorden=antwoorden)


def _restore_besluit(session: Session, bespreking_id: int, before: BesluitVoor | None) -> None:
    besluit = session.exec(typed_select(Besluit).where(col(Besluit.bespreking_id) == bespreking_id)).first()
    if before is not None and before.casus_id is not None and (besluit is None or besluit.casus_id != before.casus_id):
        raise MeetingError(
            "Dit besluit is niet ongedaan te maken: de casus die het vorige besluit opende is al verwijderd. "
            "Kies de route opnieuw (r)."
        )
    if before is None:
        if besluit is not None:
            if besluit.casus_id is not None:
                _drop_casus(session, besluit)
            session.delete(besluit)
        return
    besluit = besluit or Besluit(bespreking_id=bespreking_id, route=before.route)
    if besluit.casus_id is not None and before.casus_id is None:
        _drop_casus(session, besluit)  # the casus the undone decision opened
    besluit.route, besluit.toelichting, besluit.genomen_op = before.route, before.toelichting, before.genomen_op
    session.add(besluit)
