"""The journal of a casus and its timeline.

A journal entry is dated and says who wrote it and which partner it comes from, with the fact kept apart
from the opinion. The timeline puts the journal on one line with everything else the casus went through:
its periods (opened, closed with the reason, reopened), the triage decision that opened it (its first entry,
with the toelichting), its meldingen and their besprekingen and decisions, its actions, goal changes,
evaluations and hand-overs. User-written text is in ``notitie`` so privacy mode can mask it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlmodel import Session, col

from zvh_core.access.rights import Recht, require
from zvh_core.casussen import plan
from zvh_core.casussen.common import CasusError, actor_name, changed, clean, not_in_future
from zvh_core.casussen.perioden import perioden
from zvh_core.casussen.views import JournaalView, TijdlijnItem
from zvh_core.config.regio import DOELSTATUSSEN, Regio
from zvh_core.kernel import clock, dates
from zvh_core.kernel.models import (
    Actie,
    Besluit,
    Bespreking,
    CasusEvaluatie,
    CasusJournaal,
    CasusMelding,
    CasusOverdracht,
    Melding,
    Overleg,
)
from zvh_core.store import Store

RANK = {"besluit": 0, "periode": 1, "melding": 2, "bespreking": 3}
"""Order within one day: the decision that opened the casus comes first; the work on the casus after it, in
the order it was recorded, a closing after the goal results recorded with it."""
LAST = 9


def _naive(moment: datetime) -> datetime:
    """A recorded time comparable with the others (SQLite hands back naive UTC, PostgreSQL aware)."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo is not None else moment


def _order(item: TijdlijnItem) -> tuple[date, int, datetime, bool]:
    recorded = _naive(item.volgorde) if item.volgorde is not None else datetime.min
    return (item.datum, RANK.get(item.soort, LAST), recorded, item.soort == "sluiting")


def journaal_view(j: CasusJournaal) -> JournaalView:
    return JournaalView(
        id=j.id,
        datum=j.datum,
        auteur=j.auteur,
        bron_partner=j.bron_partner,
        feit=j.feit,
        oordeel=j.oordeel,
        vastgelegd_op=j.vastgelegd_op,
    )


def add_journaal(
    store: Store,
    regio: Regio,
    casus_id: int,
    *,
    datum: date,
    feit: str | None,
    oordeel: str | None = None,
    bron_partner: str | None = None,
    today: date,
) -> JournaalView:
    """A dated entry; the author is the account writing it. Returns the entry."""
    feit, oordeel = clean(feit), clean(oordeel)
    if feit is None and oordeel is None:
        raise CasusError("Schrijf een feit of een oordeel.", veld="feit")
    not_in_future(datum, today, "De datum van de aantekening", veld="datum")
    if bron_partner is not None and bron_partner not in regio.partners:
        raise CasusError(f"Onbekende partner '{bron_partner}' als bron.", veld="bron")
    with store.write() as session:
        changed(session, casus_id, "journaal")
        entry = CasusJournaal(
            casus_id=casus_id, datum=datum, auteur=actor_name(session), bron_partner=bron_partner, feit=feit,
            oordeel=oordeel,
        )  # fmt: skip
        session.add(entry)
        session.flush()
        return journaal_view(entry)


def journaal(session: Session, regio: Regio, casus_id: int) -> list[JournaalView]:
    """The journal, oldest first. Its first entry is the decision that opened the casus (with the
    toelichting), read from the besluit itself (id None: it is changed in the overleg, not here)."""
    require(session, Recht.CASUS_LEZEN)
    rows = session.execute(
        select(CasusJournaal)
        .where(col(CasusJournaal.casus_id) == casus_id)
        .order_by(col(CasusJournaal.datum), col(CasusJournaal.id))
    ).scalars()
    entries = [journaal_view(j) for j in rows]
    opened = opening_besluit(session, casus_id)
    if opened is not None:
        besluit, overleg = opened
        first = JournaalView(
            id=None, datum=overleg.datum, auteur=overleg.voorzitter or None, bron_partner=None,
            feit=f"Besluit {_type_label(regio, overleg.type)}: {regio.route_label(besluit.route)}",
            oordeel=besluit.toelichting,
        )  # fmt: skip
        entries.insert(0, first)
    return entries


def opening_besluit(session: Session, casus_id: int) -> tuple[Besluit, Overleg] | None:
    row = session.execute(
        select(Besluit, Overleg)
        .join(Bespreking, col(Bespreking.id) == col(Besluit.bespreking_id))
        .join(Overleg, col(Overleg.id) == col(Bespreking.overleg_id))
        .where(col(Besluit.casus_id) == casus_id)
    ).first()
    return (row[0], row[1]) if row else None


def _local_day(moment: datetime) -> date:
    return clock.local_time(moment).date()


def tijdlijn(session: Session, regio: Regio, casus_id: int) -> list[TijdlijnItem]:
    """Everything the casus went through, oldest first."""
    require(session, Recht.CASUS_LEZEN)
    items: list[TijdlijnItem] = []
    add = items.append
    opened = opening_besluit(session, casus_id)
    if opened is not None:
        besluit, overleg = opened
        add(TijdlijnItem(
            min(overleg.datum, _local_day(besluit.genomen_op)), "besluit",
            f"{_type_label(regio, overleg.type)} {dates.short_date(overleg.datum)}: "
            f"{regio.route_label(besluit.route)}",
            besluit.toelichting,
        ))  # fmt: skip
    for p in perioden(session, casus_id):
        if p.heropend:
            add(TijdlijnItem(p.van, "periode", "Heropend", p.reden_heropenen, p.geopend_door,
                             p.geopend_vastgelegd_op))  # fmt: skip
        else:
            add(TijdlijnItem(p.van, "periode", "Geopend", None, p.geopend_door, p.geopend_vastgelegd_op))
        if p.tot is not None:
            results = ", ".join(
                f"{DOELSTATUSSEN.get(s, s)} {n}" for s, n in sorted(_count(p.doel_resultaten.values()).items())
            )
            note = " · ".join(x for x in (p.sluiting_notitie, p.samenvatting) if x) or None
            text = f"Gesloten: {regio.sluitreden_label(p.reden_sluiting)}" + (
                f" (doelen: {results})" if results else ""
            )
            add(TijdlijnItem(p.tot, "sluiting", text, note, p.gesloten_door, p.gesloten_vastgelegd_op))
    for j in journaal(session, regio, casus_id):
        if j.id is None:
            continue  # the opening decision, shown as the besluit
        bron = f" (bron {regio.partner_label(j.bron_partner)})" if j.bron_partner else ""
        note = " · ".join(
            x for x in (f"Feit: {j.feit}" if j.feit else None, f"Oordeel: {j.oordeel}" if j.oordeel else None) if x
        )
        add(TijdlijnItem(j.datum, "journaal", f"Journaal{bron}", note, j.auteur, j.vastgelegd_op))
    meldingen = (
        session.execute(
            select(Melding)
            .join(CasusMelding, col(CasusMelding.melding_id) == col(Melding.id))
            .where(col(CasusMelding.casus_id) == casus_id)
        )
        .scalars()
        .all()
    )
    for m in meldingen:
        add(
            TijdlijnItem(
                m.datum, "melding", f"Melding {m.extern_id} ({regio.soort_label(m.soort)}, {regio.bron_label(m.bron)})"
            )
        )
    if meldingen:
        besprekingen = session.execute(
            select(Bespreking, Overleg, Besluit, Melding)
            .join(Overleg, col(Overleg.id) == col(Bespreking.overleg_id))
            .join(Melding, col(Melding.id) == col(Bespreking.melding_id))
            .outerjoin(Besluit, col(Besluit.bespreking_id) == col(Bespreking.id))
            .where(col(Bespreking.melding_id).in_([m.id for m in meldingen]))
        ).all()
        for _b, overleg, besluit, melding in besprekingen:
            if besluit is not None and besluit.casus_id == casus_id:
                continue  # the opening decision is shown above
            text = f"Besproken in {_type_label(regio, overleg.type)} {dates.short_date(overleg.datum)} (melding {melding.extern_id})"
            if besluit is not None:
                text += f": {regio.route_label(besluit.route)}"
            add(TijdlijnItem(overleg.datum, "bespreking", text, besluit.toelichting if besluit else None))
    for a in session.execute(select(Actie).where(col(Actie.casus_id) == casus_id)).scalars():
        owner = regio.partner_label(a.eigenaar)
        add(
            TijdlijnItem(
                _local_day(a.aangemaakt_op),
                "actie",
                f"Actie voor {owner} (termijn {dates.short_date(a.termijn)})",
                a.omschrijving,
            )
        )
        if a.afgerond_op is not None:
            add(
                TijdlijnItem(a.afgerond_op, "actie", f"Actie afgerond door {owner}", a.terugkoppeling or a.omschrijving)
            )
    closings = sorted(_naive(p.gesloten_vastgelegd_op) for p in perioden(session, casus_id) if p.gesloten_vastgelegd_op)
    for w in plan.wijzigingen(session, casus_id):
        recorded = w.vastgelegd_op
        if w.wat == "sluiting":  # recorded with its closing (just after it): on the timeline just before it
            recorded = max((c for c in closings if c <= _naive(w.vastgelegd_op)), default=recorded)
        wat = plan.WIJZIGING_LABELS.get(w.wat, w.wat)
        termijn = f", termijn {dates.short_date(w.termijn)}" if w.termijn else ""
        add(TijdlijnItem(
            w.datum, "doel",
            f"Doel {regio.leefgebied_label(w.leefgebied)} {wat}: {DOELSTATUSSEN.get(w.status, w.status)} "
            f"({regio.partner_label(w.eigenaar)}{termijn})",
            w.tekst, w.door, recorded,
        ))  # fmt: skip
    for e in session.execute(select(CasusEvaluatie).where(col(CasusEvaluatie.casus_id) == casus_id)).scalars():
        volgende = f" · volgende {dates.short_date(e.volgende_op)}" if e.volgende_op else ""
        add(TijdlijnItem(e.datum, "evaluatie", f"Evaluatie{volgende}", e.samenvatting, e.door, e.vastgelegd_op))
    for o in session.execute(select(CasusOverdracht).where(col(CasusOverdracht.casus_id) == casus_id)).scalars():
        add(
            TijdlijnItem(
                o.datum,
                "overdracht",
                f"Overgedragen van {o.van_regisseur or '—'} aan {o.naar_regisseur}",
                o.notitie,
                o.door,
                o.vastgelegd_op,
            )
        )
    items.sort(key=_order)
    return items


def _type_label(regio: Regio, code: str) -> str:
    return regio.overlegtypen[code].naam if code in regio.overlegtypen else code


def _count(values) -> dict[str, int]:
    found: dict[str, int] = {}
    for v in values:
        found[v] = found.get(v, 0) + 1
    return found
