"""The besluitenlijst of an overleg: per melding the route, toelichting and actions; as Markdown."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session

from zvh_core import clock
from zvh_core.access import P, partner_scope, require
from zvh_core.agenda import agenda_items
from zvh_core.exports import export, write_private_file  # noqa: F401 - write_private_file: older import path
from zvh_core.history import actie_view
from zvh_core.meetings import get_overleg
from zvh_core.models import Actie, Besluit
from zvh_core.regio import Regio
from zvh_core.views import ActieView, AgendaItem, OverlegView


@dataclass(frozen=True)
class BesluitRegel:
    item: AgendaItem
    toelichting: str | None
    acties: tuple[ActieView, ...]


@dataclass(frozen=True)
class Besluitenlijst:
    overleg: OverlegView
    regels: tuple[BesluitRegel, ...]

    def count(self, status: str) -> int:
        return sum(1 for r in self.regels if r.item.status == status)


def build_besluitenlijst(session: Session, regio: Regio, overleg_id: int) -> Besluitenlijst:
    """The list as the session's actor may see it (a partner: its meldingen and its own actions)."""
    require(session, P.OVERLEG_LEZEN)
    overleg = get_overleg(session, regio, overleg_id)
    items = agenda_items(session, regio, overleg_id)
    ids = [i.bespreking_id for i in items]
    toelichting = dict(
        session.exec(select(Besluit.bespreking_id, Besluit.toelichting).where(Besluit.bespreking_id.in_(ids))).all()
    ) if ids else {}
    acties: dict[int, list[ActieView]] = {}
    if ids:
        query = select(Actie).where(Actie.bespreking_id.in_(ids)).order_by(Actie.id)
        partner = partner_scope(session)
        if partner is not None:
            query = query.where(Actie.eigenaar == partner)
        for actie in session.exec(query).scalars():
            acties.setdefault(actie.bespreking_id, []).append(actie_view(actie))
    return Besluitenlijst(
        overleg=overleg,
        regels=tuple(
            BesluitRegel(item=i, toelichting=toelichting.get(i.bespreking_id), acties=tuple(acties.get(i.bespreking_id, ())))
            for i in items
        ),
    )


def _cell(text: object) -> str:
    return str(text or "").replace("|", "\\|").replace("\n", " ").strip()


def to_markdown(lijst: Besluitenlijst, regio: Regio) -> str:
    o = lijst.overleg
    partners = ", ".join(regio.partner_label(p) for p in o.partners)
    lines = [
        f"# Besluitenlijst {o.type_naam} — {clock.long_date(o.datum)}",
        "",
        f"- Voorzitter: {o.voorzitter or '—'}",
        f"- Aanwezig: {partners}",
        f"- Meldingen: {len(lijst.regels)}; besloten: {lijst.count('besloten')}; "
        f"aangehouden: {lijst.count('aangehouden')}; niet besproken: {lijst.count('open') + lijst.count('bezig')}",
        "",
        "| # | Melding | Datum | Soort | Gemeente | Personen | Route | Toelichting |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for n, regel in enumerate(lijst.regels, start=1):
        i = regel.item
        route = regio.route_label(i.route) if i.route else "niet besproken"
        lines.append(
            f"| {n} | {_cell(i.extern_id)} | {clock.short_date(i.datum)} | {_cell(regio.soort_label(i.soort))} | "
            f"{_cell(i.gemeente)} | {_cell(i.personen)} | {_cell(route)} | {_cell(regel.toelichting)} |"
        )
    acties = [(regel, a) for regel in lijst.regels for a in regel.acties]
    lines += ["", "## Acties", ""]
    if acties:
        lines += ["| Melding | Eigenaar | Actie | Termijn |", "|---|---|---|---|"]
        for regel, a in acties:
            lines.append(
                f"| {_cell(regel.item.extern_id)} | {_cell(regio.partner_label(a.eigenaar))} | "
                f"{_cell(a.omschrijving)} | {clock.short_date(a.termijn)} |"
            )
    else:
        lines.append("Geen acties.")
    return "\n".join(lines) + "\n"


def export_markdown(store, lijst: Besluitenlijst, regio: Regio, folder: Path) -> Path:
    """Write the list as Markdown (0600), logged as an export by the store's actor."""
    o = lijst.overleg
    path = folder / f"besluitenlijst-{o.type}-{o.datum.isoformat()}.md"
    return export(
        store, path, to_markdown(lijst, regio), soort="besluitenlijst", object_type="overleg", object_id=o.id,
        details={"meldingen": len(lijst.regels)},
    )
