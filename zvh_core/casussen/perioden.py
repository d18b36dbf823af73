"""The periods of a casus (domain.md §5 "ran in P"): opening starts the first, closing ends the current one
with a coded reason, the result per goal and a summary, reopening adds a new one. A period that has ended is
never changed, so a quarter already delivered keeps its figures.

``col(Casus.gesloten)`` / ``reden_sluiting`` / ``heropend_op`` mirror the latest period (the current state of the
casus); the periods are its history. Dates of events that have happened are never in the future; the
opening date can be corrected by a procesregisseur (logged, and written in the journal), and so can the result
a closing recorded for a goal (``correct_resultaat``: versioned, logged, the period otherwise unchanged).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from sqlalchemy import insert, select
from sqlmodel import Session, col

from zvh_core.access import audit
from zvh_core.access.audit import Handeling
from zvh_core.access.rights import Recht, require
from zvh_core.acties.followup import open_clause
from zvh_core.casussen.common import CasusError, actor_name, changed, clean, ident, load_casus, not_in_future
from zvh_core.casussen.views import PeriodeView
from zvh_core.config.regio import DOELSTATUSSEN, Regio
from zvh_core.kernel import dates
from zvh_core.kernel.models import (
    Actie,
    CasusDoel,
    CasusDoelWijziging,
    CasusJournaal,
    CasusPeriode,
    utcnow,
)


def start_first(session: Session, casus_id: int, van: date) -> None:
    """The first period of a new casus (inside the caller's transaction)."""
    session.add(CasusPeriode(casus_id=casus_id, van=van, geopend_door=actor_name(session)))


def insert_first_periods(session: Session, rows: Iterable[tuple[int | None, date, date | None, str | None]]) -> None:
    """Bulk: one period per (casus id, geopend, gesloten, reden) of casussen created in this transaction
    (imports, demo). A reason given as free text is kept as the note."""
    now, door = utcnow(), actor_name(session)
    values: list[dict[str, object]] = [
        {
            "casus_id": ident(casus_id),
            "van": van,
            "tot": tot,
            "heropend": False,
            "geopend_door": door,
            "geopend_vastgelegd_op": now,
            "sluiting_notitie": reden if tot is not None else None,
            "doel_resultaten": {},
            "gesloten_vastgelegd_op": now if tot is not None else None,
        }
        for casus_id, van, tot, reden in rows
    ]
    if values:
        session.execute(insert(CasusPeriode.__table__), values)  # type: ignore[attr-defined]


def _view(p: CasusPeriode) -> PeriodeView:
    return PeriodeView(
        id=ident(p.id),
        van=p.van,
        tot=p.tot,
        heropend=p.heropend,
        reden_heropenen=p.reden_heropenen,
        geopend_door=p.geopend_door,
        reden_sluiting=p.reden_sluiting,
        sluiting_notitie=p.sluiting_notitie,
        samenvatting=p.samenvatting,
        doel_resultaten=dict(p.doel_resultaten or {}),
        gesloten_door=p.gesloten_door,
        geopend_vastgelegd_op=p.geopend_vastgelegd_op,
        gesloten_vastgelegd_op=p.gesloten_vastgelegd_op,
    )


def _periods(session: Session, casus_id: int) -> list[CasusPeriode]:
    return list(
        session.execute(
            select(CasusPeriode)
            .where(col(CasusPeriode.casus_id) == casus_id)
            .order_by(col(CasusPeriode.van), col(CasusPeriode.id))
        ).scalars()
    )


def perioden(session: Session, casus_id: int) -> list[PeriodeView]:
    """The periods of the casus, oldest first."""
    require(session, Recht.CASUS_LEZEN)
    return [_view(p) for p in _periods(session, casus_id)]


def _latest(session: Session, casus_id: int) -> CasusPeriode:
    found = _periods(session, casus_id)
    if not found:  # a casus from before the periods that the migration did not see: give it its one period
        casus = load_casus(session, casus_id)
        period = CasusPeriode(casus_id=casus_id, van=casus.geopend, tot=casus.gesloten)
        session.add(period)
        session.flush()
        return period
    return found[-1]


def open_actie_lines(session: Session, casus_id: int) -> list[str]:
    acties = session.execute(
        select(Actie).where(col(Actie.casus_id) == casus_id, open_clause()).order_by(col(Actie.termijn), col(Actie.id))
    ).scalars()
    return [f"{a.eigenaar}: {a.omschrijving} (termijn {dates.short_date(a.termijn)})" for a in acties]


def close_casus(
    store,
    regio: Regio,
    casus_id: int,
    *,
    reden: str,
    gesloten: date,
    today: date,
    notitie: str | None = None,
    samenvatting: str | None = None,
    doel_resultaten: Mapping[int, str] | None = None,
) -> tuple[PeriodeView, tuple[str, ...]]:
    """End the current period with a coded reason (regio: procesregie.sluitredenen), a note, the result per
    goal (its status at closing, recorded as a version of the goal) and a summary.

    Returns the closed period and the actions still open (closing does not finish them; the screen says so)."""
    if reden not in regio.procesregie.sluitredenen:
        known = ", ".join(regio.procesregie.sluitredenen.values())
        raise CasusError(f"Kies een reden van sluiten ({known}).", veld="reden")
    not_in_future(gesloten, today, "De datum van sluiten", veld="datum")
    results = dict(doel_resultaten or {})
    for status in results.values():
        if status not in DOELSTATUSSEN:
            raise CasusError(f"Onbekende status '{status}' voor een doel.", veld="doelen")
    with store.write() as session:
        casus = changed(session, casus_id, "gesloten")
        period = _latest(session, casus_id)
        if gesloten < period.van:
            what = "heropend" if period.heropend else "geopend"
            raise CasusError(
                f"Een casus kan niet gesloten worden vóór de datum waarop hij {what} is "
                f"({dates.short_date(period.van)}).",
                veld="datum",
            )
        door, now = actor_name(session), utcnow()
        doelen = {
            d.id: d for d in session.execute(select(CasusDoel).where(col(CasusDoel.casus_id) == casus_id)).scalars()
        }
        for doel_id, status in results.items():
            doel = doelen.get(doel_id)
            if doel is None:
                raise CasusError("Een doel hoort niet (meer) bij deze casus.", veld="doelen")
            if doel.status != status:
                doel.status, doel.versie, doel.gewijzigd_op = status, doel.versie + 1, now
                session.add(doel)
            session.add(
                CasusDoelWijziging(
                    doel_id=doel.id, casus_id=casus_id, versie=doel.versie, datum=gesloten, door=door, wat="sluiting",
                    leefgebied=doel.leefgebied, tekst=doel.tekst, eigenaar=doel.eigenaar, status=doel.status,
                    termijn=doel.termijn,
                )
            )  # fmt: skip
        period.tot, period.reden_sluiting = gesloten, reden
        period.sluiting_notitie, period.samenvatting = clean(notitie), clean(samenvatting)
        period.doel_resultaten = {str(k): v for k, v in results.items()}
        period.gesloten_door, period.gesloten_vastgelegd_op = door, now
        casus.gesloten, casus.reden_sluiting = gesloten, reden
        session.add_all([period, casus])
        session.flush()
        return _view(period), tuple(open_actie_lines(session, casus_id))


def reopen_casus(store, casus_id: int, *, reden: str, on: date, today: date) -> PeriodeView:
    """Start a new period; the closed one keeps its dates, reason and results."""
    reden_clean = clean(reden)
    if reden_clean is None:
        raise CasusError("Geef een reden om de casus te heropenen.", veld="reden")
    not_in_future(on, today, "De datum van heropenen", veld="datum")
    with store.write() as session:
        casus = changed(session, casus_id, "heropend", when_closed=True)
        if casus.gesloten is None:
            raise CasusError("Deze casus is niet gesloten.")
        last = _latest(session, casus_id)
        if last.tot is not None and on < last.tot:
            raise CasusError(
                f"Heropenen kan niet vóór de datum van sluiten ({dates.short_date(last.tot)}).", veld="datum"
            )
        period = CasusPeriode(
            casus_id=casus_id, van=on, heropend=True, reden_heropenen=reden_clean, geopend_door=actor_name(session)
        )
        casus.gesloten, casus.reden_sluiting, casus.heropend_op = None, None, on
        session.add_all([period, casus])
        session.flush()
        return _view(period)


def correct_geopend(store, casus_id: int, geopend: date, *, today: date, reden: str) -> PeriodeView:
    """Correct the opening date (a procesregisseur's correction, logged and written in the journal)."""
    reden_clean = clean(reden)
    if reden_clean is None:
        raise CasusError("Geef aan waarom de datum van openen wordt gecorrigeerd.", veld="reden")
    not_in_future(geopend, today, "De datum van openen", veld="datum")
    with store.write() as session:
        casus = changed(session, casus_id, "geopend gecorrigeerd", when_closed=True)
        first = _periods(session, casus_id)[0] if _periods(session, casus_id) else _latest(session, casus_id)
        if first.tot is not None and geopend > first.tot:
            raise CasusError(
                f"De datum van openen kan niet na de eerste sluiting ({dates.short_date(first.tot)}) liggen.",
                veld="datum",
            )
        old = casus.geopend
        casus.geopend = first.van = geopend
        session.add_all([casus, first])
        session.add(
            CasusJournaal(
                casus_id=casus_id,
                datum=today,
                auteur=actor_name(session),
                feit=f"Datum geopend gecorrigeerd van {dates.short_date(old)} naar {dates.short_date(geopend)}: "
                f"{reden_clean}",
            )
        )
        audit.record(
            session,
            Handeling.GEWIJZIGD,
            object_type="casus",
            object_id=casus_id,
            details={"wat": "geopend", "was": old.isoformat(), "wordt": geopend.isoformat()},
        )
        session.flush()
        return _view(first)


GECORRIGEERD = "resultaat_gecorrigeerd"
"""``casus_doel_wijziging.wat`` of a corrected result at a closing (dated on that closing, recorded now)."""


def correct_resultaat(
    store, casus_id: int, periode_id: int, doel_id: int, *, status: str, reden: str, today: date
) -> PeriodeView:
    """Correct the result a closing recorded for one goal (a mistake at closing), also while the casus is
    closed: a new version of the goal dated on that closing (``GECORRIGEERD``; the report counts it instead
    of the result it corrects), the period's result for that goal, a journal entry with the reason and an
    access-log entry. The period's dates, reason, note and summary stay as they are."""
    reden_clean = clean(reden)
    if reden_clean is None:
        raise CasusError("Geef aan waarom het resultaat wordt gecorrigeerd.", veld="reden")
    if status not in DOELSTATUSSEN:
        raise CasusError(f"Onbekende status '{status}' voor een doel.", veld="status")
    with store.write() as session:
        casus = changed(session, casus_id, "resultaat gecorrigeerd", when_closed=True)
        period = session.get(CasusPeriode, periode_id)
        if period is None or period.casus_id != casus_id or period.tot is None:
            raise CasusError("Alleen het resultaat van een gesloten periode van deze casus kan worden gecorrigeerd.")
        doel = session.get(CasusDoel, doel_id)
        results = dict(period.doel_resultaten or {})
        if doel is None or doel.casus_id != casus_id or str(doel_id) not in results:
            raise CasusError(
                f"Dit doel had geen resultaat bij de sluiting van {dates.short_date(period.tot)}.", veld="doel"
            )
        old = results[str(doel_id)]
        if old == status:
            raise CasusError(f"Het resultaat is al '{DOELSTATUSSEN[status]}'.", veld="status")
        door, now = actor_name(session), utcnow()
        latest = _latest(session, casus_id)
        doel.versie += 1
        if casus.gesloten is not None and latest.id == period.id:  # the goal's state is still that closing's
            doel.status, doel.gewijzigd_op = status, now
        session.add(doel)
        session.add(
            CasusDoelWijziging(
                doel_id=doel_id, casus_id=casus_id, versie=doel.versie, datum=period.tot, door=door, wat=GECORRIGEERD,
                leefgebied=doel.leefgebied, tekst=doel.tekst, eigenaar=doel.eigenaar, status=status,
                termijn=doel.termijn,
            )
        )  # fmt: skip
        period.doel_resultaten = {**results, str(doel_id): status}
        session.add(period)
        session.add(
            CasusJournaal(
                casus_id=casus_id,
                datum=today,
                auteur=door,
                feit=f"Resultaat bij sluiten ({dates.short_date(period.tot)}) gecorrigeerd voor doel "
                f"'{doel.tekst}': {DOELSTATUSSEN.get(old, old)} → {DOELSTATUSSEN[status]}: {reden_clean}",
            )
        )
        audit.record(
            session,
            Handeling.GEWIJZIGD,
            object_type="casus",
            object_id=casus_id,
            details={"wat": "resultaat", "doel": doel_id, "periode": periode_id, "was": old, "wordt": status},
        )
        session.flush()
        return _view(period)
