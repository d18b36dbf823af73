"""An overleg's life: open (with its agenda and the answers partners prepared for it), start, move, take off or
add, close."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session, col

from zvh_core.access import audit
from zvh_core.access.audit import Handeling
from zvh_core.access.rights import Recht, require, require_any
from zvh_core.config.regio import Regio
from zvh_core.kernel import clock
from zvh_core.kernel.errors import InvalidInput
from zvh_core.kernel.models import (
    Besluit,
    Bespreking,
    Melding,
    Overleg,
    OverlegPartner,
    Toegangslog,
    stored_id,
    utcnow,
)
from zvh_core.kernel.read_models import MeldingRow, OverlegView
from zvh_core.meetings import planned
from zvh_core.meetings.agenda import candidate_melding_ids
from zvh_core.persons.summaries import melding_rows
from zvh_core.store import Store


class MeetingError(InvalidInput):
    """A request the meeting rules refuse; the message is Dutch and meant for the user."""


AANWEZIG = "aanwezig"
AFGEMELD = "afgemeld"
"""Attendance of a partner at an overleg: present, or sent apologies (bericht van verhindering)."""


def present_partners_query(overleg_id: int):
    """The partner codes present at an overleg, in their order."""
    return (
        select(col(OverlegPartner.partner))
        .where(col(OverlegPartner.overleg_id) == overleg_id, col(OverlegPartner.aanwezigheid) == AANWEZIG)
        .order_by(col(OverlegPartner.volgorde), col(OverlegPartner.partner))
    )


def scheduled_date(regio: Regio, type_code: str, today: date) -> date:
    """Today when this type meets today, else its next regular day."""
    return clock.next_weekday_on_or_after(today, regio.overlegtype(type_code).dagen)


def _view(session: Session, regio: Regio, overleg: Overleg) -> OverlegView:
    attendance = session.execute(
        select(col(OverlegPartner.partner), col(OverlegPartner.aanwezigheid))
        .where(col(OverlegPartner.overleg_id) == overleg.id)
        .order_by(col(OverlegPartner.volgorde), col(OverlegPartner.partner))
    ).all()
    partners = tuple(p for p, a in attendance if a == AANWEZIG)
    afgemeld = tuple(p for p, a in attendance if a == AFGEMELD)
    aantal, besloten = session.execute(
        select(func.count(col(Bespreking.id)), func.count(col(Besluit.id)))
        .select_from(Bespreking)
        .outerjoin(Besluit, col(Besluit.bespreking_id) == col(Bespreking.id))
        .where(col(Bespreking.overleg_id) == overleg.id, col(Bespreking.afgevoerd).is_(False))
    ).one()
    otype = regio.overlegtypen.get(overleg.type)
    return OverlegView(
        id=stored_id(overleg),
        type=overleg.type,
        type_naam=otype.naam if otype else overleg.type,
        datum=overleg.datum,
        voorzitter=overleg.voorzitter,
        status=overleg.status,
        partners=partners,
        gestart_op=overleg.gestart_op,
        gesloten_op=overleg.gesloten_op,
        huidige_bespreking_id=overleg.huidige_bespreking_id,
        aantal=aantal,
        besloten=besloten,
        afgemeld=afgemeld,
        geheimhouding_gelezen_op=overleg.geheimhouding_gelezen_op,
    )


def get_overleg(session: Session, regio: Regio, overleg_id: int) -> OverlegView:
    require(session, Recht.OVERLEG_OVERZICHT)
    overleg = session.get(Overleg, overleg_id)
    if overleg is None:
        raise MeetingError(f"Overleg {overleg_id} bestaat niet.")
    return _view(session, regio, overleg)


def find_overleg(session: Session, regio: Regio, type_code: str, datum: date) -> OverlegView | None:
    require(session, Recht.OVERLEG_OVERZICHT)
    overleg = (
        session.execute(select(Overleg).where(col(Overleg.type) == type_code, col(Overleg.datum) == datum))
        .scalars()
        .first()
    )
    return _view(session, regio, overleg) if overleg else None


def recent_overleggen(session: Session, regio: Regio, limit: int = 12) -> list[OverlegView]:
    """Open overleggen first, then the most recent ones."""
    require(session, Recht.OVERLEG_OVERZICHT)
    rows = session.execute(
        select(Overleg)
        .order_by((col(Overleg.status) == "open").desc(), col(Overleg.datum).desc(), col(Overleg.id).desc())
        .limit(limit)
    ).scalars()
    return [_view(session, regio, o) for o in rows]


def voorzitter_of_account(session: Session, account: str) -> str | None:
    """The chair's name on the last overleg this account opened (from the access log), if any."""
    require(session, Recht.OVERLEG_OVERZICHT)
    last = session.execute(
        select(col(Toegangslog.object_id))
        .where(
            col(Toegangslog.gebruiker) == account,
            col(Toegangslog.actie) == Handeling.AANGEMAAKT,
            col(Toegangslog.object_type) == "overleg",
        )
        .order_by(col(Toegangslog.id).desc())
        .limit(1)
    ).scalar()
    if last is None or not str(last).isdigit():
        return None
    overleg = session.get(Overleg, int(last))
    return overleg.voorzitter if overleg is not None and overleg.voorzitter else None


def _check_attendance(regio: Regio, partners: list[str], afgemeld: list[str]) -> None:
    unknown = [p for p in [*partners, *afgemeld] if p not in regio.partners]
    if unknown:
        raise MeetingError(f"Onbekende partner(s): {', '.join(unknown)}.")
    if not partners:
        raise MeetingError("Kies ten minste één aanwezige partner.")
    both = [regio.partner_label(p) for p in partners if p in afgemeld]
    if both:
        raise MeetingError(f"{', '.join(both)} kan niet tegelijk aanwezig en afgemeld zijn.")


def _add_attendance(session: Session, overleg_id: int, partners: list[str], afgemeld: list[str]) -> None:
    for volgorde, partner in enumerate(partners):
        session.add(OverlegPartner(overleg_id=overleg_id, partner=partner, volgorde=volgorde))
    for volgorde, partner in enumerate(afgemeld, start=len(partners)):
        session.add(OverlegPartner(overleg_id=overleg_id, partner=partner, volgorde=volgorde, aanwezigheid=AFGEMELD))


def open_overleg(
    store: Store,
    regio: Regio,
    type_code: str,
    datum: date,
    voorzitter: str,
    partners: list[str],
    afgemeld: list[str] | tuple[str, ...] = (),
) -> int:
    """The overleg of this type on this date: resumed when it exists, else created with its agenda.

    ``partners`` are present, ``afgemeld`` sent apologies."""
    if type_code not in regio.overlegtypen:
        raise MeetingError(f"Onbekend overlegtype '{type_code}'.")
    afgemeld = list(afgemeld)
    _check_attendance(regio, partners, afgemeld)
    with store.write() as session:
        require(session, Recht.OVERLEG_VOEREN)
        existing = (
            session.execute(select(col(Overleg.id)).where(col(Overleg.type) == type_code, col(Overleg.datum) == datum))
            .scalars()
            .first()
        )
        if existing is not None:
            return existing
        overleg = Overleg(type=type_code, datum=datum, voorzitter=voorzitter.strip())
        session.add(overleg)
        session.flush()
        assert overleg.id is not None  # the flush gave it one
        _add_attendance(session, overleg.id, partners, afgemeld)
        agenda = candidate_melding_ids(session, regio, type_code, datum, overleg.id)
        rows = [Bespreking(overleg_id=overleg.id, melding_id=m, volgorde=volgorde) for volgorde, m in enumerate(agenda)]
        session.add_all(rows)
        session.flush()
        ids = {row.melding_id: row.id for row in rows if row.id is not None}  # every row has one after the flush
        planned.carry_over(session, overleg, ids)  # what partners prepared beforehand
        audit.record(
            session,
            Handeling.AANGEMAAKT,
            object_type="overleg",
            object_id=overleg.id,
            context=f"overleg {overleg.id}",
            details={"type": type_code, "agenda": len(agenda)},
        )
        return overleg.id


def set_partners(
    store: Store, regio: Regio, overleg_id: int, partners: list[str], afgemeld: list[str] | tuple[str, ...] = ()
) -> None:
    """Change who is present and who sent apologies (before or during the meeting); bekendheid rows are kept."""
    afgemeld = list(afgemeld)
    _check_attendance(regio, partners, afgemeld)
    with store.write() as session:
        require_open(session, overleg_id)
        audit.record(
            session,
            Handeling.GEWIJZIGD,
            object_type="overleg",
            object_id=overleg_id,
            context=f"overleg {overleg_id}",
            details={"partners": partners, "afgemeld": afgemeld},
        )
        for row in session.execute(
            select(OverlegPartner).where(col(OverlegPartner.overleg_id) == overleg_id)
        ).scalars():
            session.delete(row)
        session.flush()
        _add_attendance(session, overleg_id, partners, afgemeld)


def set_geheimhouding(store: Store, overleg_id: int, gelezen: bool) -> None:
    """Record that the chair read the confidentiality statement aloud (or undo that)."""
    with store.write() as session:
        overleg = require_open(session, overleg_id)
        overleg.geheimhouding_gelezen_op = utcnow() if gelezen else None
        session.add(overleg)


def open_overleggen(session: Session, regio: Regio) -> list[OverlegView]:
    """Every overleg still open, oldest first."""
    require(session, Recht.OVERLEG_OVERZICHT)
    rows = session.execute(
        select(Overleg).where(col(Overleg.status) == "open").order_by(col(Overleg.datum), col(Overleg.id))
    ).scalars()
    return [_view(session, regio, o) for o in rows]


def previous_overleg_id(session: Session, overleg_id: int) -> int | None:
    """The overleg of the same type just before this one (by date), if any."""
    overleg = session.get(Overleg, overleg_id)
    if overleg is None:
        return None
    return (
        session.execute(
            select(col(Overleg.id))
            .where(col(Overleg.type) == overleg.type, col(Overleg.datum) < overleg.datum)
            .order_by(col(Overleg.datum).desc(), col(Overleg.id).desc())
            .limit(1)
        )
        .scalars()
        .first()
    )


def require_open(session: Session, overleg_id: int) -> Overleg:
    """The overleg, when it is still open and the actor may chair it; refused otherwise."""
    require(session, Recht.OVERLEG_VOEREN)
    overleg = session.get(Overleg, overleg_id)
    if overleg is None:
        raise MeetingError(f"Overleg {overleg_id} bestaat niet.")
    if overleg.status != "open":
        raise MeetingError("Dit overleg is gesloten; er kan niets meer worden gewijzigd.")
    return overleg


_require_open = require_open  # the earlier name


def start(store: Store, overleg_id: int) -> int | None:
    """Mark the meeting started (once) and return where the chair is: the stored position, else the first item."""
    with store.write() as session:
        overleg = require_open(session, overleg_id)
        if overleg.gestart_op is None:
            overleg.gestart_op = utcnow()
        if overleg.huidige_bespreking_id is None:
            overleg.huidige_bespreking_id = (
                session.execute(
                    select(col(Bespreking.id))
                    .where(col(Bespreking.overleg_id) == overleg_id, col(Bespreking.afgevoerd).is_(False))
                    .order_by(col(Bespreking.volgorde), col(Bespreking.id))
                    .limit(1)
                )
                .scalars()
                .first()
            )
        session.add(overleg)
        return overleg.huidige_bespreking_id


def set_current(store: Store, overleg_id: int, bespreking_id: int) -> None:
    """Remember where the chair is, so a restarted app resumes here."""
    with store.write() as session:
        overleg = require_open(session, overleg_id)
        overleg.huidige_bespreking_id = bespreking_id
        session.add(overleg)


def remove_from_agenda(store: Store, bespreking_id: int, *, undo: list | None = None) -> None:
    """Take a melding off the agenda; it stays undecided and returns on the next agenda. ``undo`` receives how
    to put it back (bespreking.Undo)."""
    with store.write() as session:
        require(session, Recht.OVERLEG_VOEREN)
        bespreking = session.get(Bespreking, bespreking_id)
        if bespreking is None:
            raise MeetingError("Dit agendapunt bestaat niet meer.")
        require_open(session, bespreking.overleg_id)
        audit.record(
            session,
            Handeling.GEWIJZIGD,
            object_type="melding",
            object_id=bespreking.melding_id,
            context=f"overleg {bespreking.overleg_id}",
            details={"wat": "van de agenda"},
        )
        if session.execute(select(col(Besluit.id)).where(col(Besluit.bespreking_id) == bespreking_id)).first():
            raise MeetingError("Over deze melding is al besloten; trek eerst het besluit in.")
        bespreking.afgevoerd = True
        bespreking.versie += 1
        bespreking.gewijzigd_op = utcnow()
        session.add(bespreking)
        if undo is not None:
            from zvh_core.meetings.bespreking import Undo  # (bespreking imports this module)

            undo.append(Undo(bespreking_id, bespreking.versie, "van de agenda", terug_op_agenda=True))


def add_to_agenda(store: Store, overleg_id: int, melding_id: int) -> int:
    """Put a melding on the agenda (at the end), or back on it when it was taken off."""
    with store.write() as session:
        overleg = require_open(session, overleg_id)
        if session.get(Melding, melding_id) is None:
            raise MeetingError("Deze melding bestaat niet.")
        bespreking = (
            session.execute(
                select(Bespreking).where(
                    col(Bespreking.overleg_id) == overleg_id, col(Bespreking.melding_id) == melding_id
                )
            )
            .scalars()
            .first()
        )
        last = session.execute(
            select(func.max(col(Bespreking.volgorde))).where(col(Bespreking.overleg_id) == overleg_id)
        ).one()[0]
        next_volgorde = (last or 0) + 1
        if bespreking is None:
            bespreking = Bespreking(overleg_id=overleg_id, melding_id=melding_id, volgorde=next_volgorde)
        elif bespreking.afgevoerd:
            bespreking.afgevoerd = False
            bespreking.volgorde = next_volgorde
            bespreking.versie += 1
        else:
            raise MeetingError("Deze melding staat al op de agenda.")
        session.add(bespreking)
        session.flush()
        planned.carry_over(session, overleg, {melding_id: stored_id(bespreking)})
        audit.record(
            session,
            Handeling.GEWIJZIGD,
            object_type="melding",
            object_id=melding_id,
            context=f"overleg {overleg_id}",
            details={"wat": "op de agenda"},
        )
        return stored_id(bespreking)


def close_overleg(store: Store, overleg_id: int) -> None:
    """Close the meeting; undecided items return on the next agenda of the same type."""
    with store.write() as session:
        overleg = require_open(session, overleg_id)
        overleg.status = "gesloten"
        overleg.gesloten_op = utcnow()
        session.add(overleg)
        audit.record(
            session,
            Handeling.GEWIJZIGD,
            object_type="overleg",
            object_id=overleg_id,
            context=f"overleg {overleg_id}",
            details={"wat": "gesloten"},
        )


def addable_meldingen(session: Session, overleg_id: int | None, query: str = "", limit: int = 50) -> list[MeldingRow]:
    """Meldingen the chair may add: not on this agenda (any, without an overleg), newest first, matching
    ``query`` (part of extern_id). Logged as a search."""
    require_any(session, Recht.OVERLEG_VOEREN, Recht.CASUS_WIJZIGEN)
    stmt = select(Melding)
    if overleg_id is not None:
        on_agenda = select(col(Bespreking.melding_id)).where(
            col(Bespreking.overleg_id) == overleg_id, col(Bespreking.afgevoerd).is_(False)
        )
        stmt = stmt.where(col(Melding.id).not_in(on_agenda))
    if query.strip():
        stmt = stmt.where(col(Melding.extern_id).contains(query.strip()))
    rows = melding_rows(
        session,
        session.execute(stmt.order_by(col(Melding.datum).desc(), col(Melding.id).desc()).limit(limit)).scalars(),
    )
    audit.record(
        session,
        Handeling.GEZOCHT,
        object_type="melding",
        context=f"overleg {overleg_id}" if overleg_id else None,
        details={"zoekterm": query.strip(), "gevonden": len(rows)},
    )
    return rows
