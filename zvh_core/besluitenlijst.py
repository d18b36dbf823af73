"""The besluitenlijst of an overleg: per melding the route, toelichting and actions; as Markdown."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session

from zvh_core import clock
from zvh_core.agenda import agenda_items
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
    overleg = get_overleg(session, regio, overleg_id)
    items = agenda_items(session, regio, overleg_id)
    ids = [i.bespreking_id for i in items]
    toelichting = dict(
        session.exec(select(Besluit.bespreking_id, Besluit.toelichting).where(Besluit.bespreking_id.in_(ids))).all()
    ) if ids else {}
    acties: dict[int, list[ActieView]] = {}
    if ids:
        for actie in session.exec(
            select(Actie).where(Actie.bespreking_id.in_(ids)).order_by(Actie.id)
        ).scalars():
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


def write_private_file(path: Path, text: str | bytes) -> Path:
    """Write ``text`` (or bytes) to a file only its user can read (exports hold personal data)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(text if isinstance(text, bytes) else text.encode("utf-8"))
    os.chmod(path, 0o600)
    return path


def export_markdown(lijst: Besluitenlijst, regio: Regio, folder: Path) -> Path:
    o = lijst.overleg
    path = folder / f"besluitenlijst-{o.type}-{o.datum.isoformat()}.md"
    return write_private_file(path, to_markdown(lijst, regio))
