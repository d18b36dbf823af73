"""The procesregie of one casus as Markdown lines for a person's inzage (AVG art. 15): the person's role, the
periods (opened, closed with the reason and results, reopened), the plan with every version of its goals,
the journal, evaluations and hand-overs.

No right is checked here: the caller (zvh_core.privacy.inzage) checks its own (Recht.INZAGE) and logs it.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlmodel import Session, col

from zvh_core.casussen.plan import WIJZIGING_LABELS
from zvh_core.config.regio import DOELSTATUSSEN, Regio
from zvh_core.kernel import dates
from zvh_core.kernel.models import (
    CasusDoel,
    CasusDoelWijziging,
    CasusEvaluatie,
    CasusJournaal,
    CasusOverdracht,
    CasusPeriode,
    CasusPersoon,
)


def _rows(session: Session, model, casus_id: int, *order):
    return list(session.execute(select(model).where(model.casus_id == casus_id).order_by(*order)).scalars())


def casus_lines(
    session: Session, regio: Regio, casus_id: int, persoon_id: int, md: Callable[[object], str]
) -> list[str]:
    """The procesregie of the casus (``md`` makes free text safe for one Markdown line)."""
    lines: list[str] = []
    link = session.get(CasusPersoon, (casus_id, persoon_id))
    if link is not None:
        lines.append(f"- Rol in het gezinssysteem: {regio.rol_label(link.rol)}")
    periods = _rows(session, CasusPeriode, casus_id, col(CasusPeriode.van), col(CasusPeriode.id))
    goals = {d.id: d.tekst for d in _rows(session, CasusDoel, casus_id, col(CasusDoel.id))}
    if periods:
        lines.append("- Perioden:")
    for p in periods:
        start = "heropend" if p.heropend else "geopend"
        line = f"  - {start} {dates.short_date(p.van)}"
        if p.heropend and p.reden_heropenen:
            line += f" (reden: {md(p.reden_heropenen)})"
        if p.tot is not None:
            line += f"; gesloten {dates.short_date(p.tot)}: {md(regio.sluitreden_label(p.reden_sluiting))}"
            if p.sluiting_notitie:
                line += f" — {md(p.sluiting_notitie)}"
            if p.samenvatting:
                line += f"; samenvatting: {md(p.samenvatting)}"
            if p.doel_resultaten:
                line += "; resultaat per doel: " + ", ".join(
                    f"{md(goals[int(k)])} {DOELSTATUSSEN.get(v, v)}"
                    for k, v in p.doel_resultaten.items()
                    if int(k) in goals
                )
        else:
            line += "; loopt"
        lines.append(line)
    versions = _rows(session, CasusDoelWijziging, casus_id, col(CasusDoelWijziging.datum), col(CasusDoelWijziging.id))
    if versions:
        lines.append("- Plan van aanpak (elke versie van elk doel):")
    for w in versions:
        termijn = f", termijn {dates.short_date(w.termijn)}" if w.termijn else ""
        lines.append(
            f"  - {dates.short_date(w.datum)} {WIJZIGING_LABELS.get(w.wat, w.wat)}: {regio.leefgebied_label(w.leefgebied)} — {md(w.tekst)} "
            f"({DOELSTATUSSEN.get(w.status, w.status)}; {regio.partner_label(w.eigenaar)}{termijn}; door {md(w.door)})"
        )
    journal = _rows(session, CasusJournaal, casus_id, col(CasusJournaal.datum), col(CasusJournaal.id))
    if journal:
        lines.append("- Journaal:")
    for j in journal:
        bron = f", bron {regio.partner_label(j.bron_partner)}" if j.bron_partner else ""
        parts = [f"feit: {md(j.feit)}" if j.feit else "", f"oordeel: {md(j.oordeel)}" if j.oordeel else ""]
        lines.append(f"  - {dates.short_date(j.datum)} ({md(j.auteur)}{bron}): " + "; ".join(x for x in parts if x))
    for e in _rows(session, CasusEvaluatie, casus_id, col(CasusEvaluatie.datum), col(CasusEvaluatie.id)):
        volgende = f"; volgende {dates.short_date(e.volgende_op)}" if e.volgende_op else ""
        lines.append(f"- Evaluatie {dates.short_date(e.datum)} ({md(e.door)}): {md(e.samenvatting)}{volgende}")
    for o in _rows(session, CasusOverdracht, casus_id, col(CasusOverdracht.datum), col(CasusOverdracht.id)):
        lines.append(
            f"- Overdracht {dates.short_date(o.datum)}: van {md(o.van_regisseur)} aan {md(o.naar_regisseur)} — "
            f"{md(o.notitie)}"
        )
    return lines
