"""Inzage (AVG art. 15): everything stored about one person, with the source of each fact and who
looked at it, as one readable Markdown file (0600, logged).

Every melding and casus names its aanbrenger (the partner on whose behalf the ZVH holds it) and its
grondslag; every bekendheid note names the partner that supplied it.

The meldingen with their besprekingen (who knew what, the decision, the actions) and the casussen are the
person's history read model (``zvh_core.persons.history.person_history``), unscoped; only what the history does
not carry (a melding's bron and provenance, a casus's gemeente and provenance, a casus's actions) is read
beside it, once for all rows: the statements do not grow with the meldingen or besprekingen.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session, col

from zvh_core.access import audit
from zvh_core.access.audit import Handeling
from zvh_core.access.exports import check_target, export
from zvh_core.access.rights import Recht, require
from zvh_core.casussen import inzage as casus_inzage
from zvh_core.config.regio import Regio
from zvh_core.kernel import clock, dates
from zvh_core.kernel.bulk import chunked
from zvh_core.kernel.errors import InvalidInput
from zvh_core.kernel.models import (
    Actie,
    Casus,
    GeplandAntwoord,
    Melding,
    Persoon,
    PersoonSamenvoeging,
)
from zvh_core.kernel.names import display_name
from zvh_core.kernel.person_fields import bsn_problem, compact_bsn
from zvh_core.kernel.read_models import ActieView
from zvh_core.kernel.to_view import actie_view
from zvh_core.persons.history import person_history
from zvh_core.store import Store


class InzageError(InvalidInput):
    """The inzage cannot be made; Dutch message."""


MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|!~{}&])")
"""Characters that Markdown (or HTML inside it) would act on: a link, an image, emphasis, a heading, a
table cell, a tag or an entity. Each is escaped with a backslash, so it shows as typed."""


def _md(text: object) -> str:
    """A stored value as literal Markdown text on one line: nothing imported or typed becomes markup."""
    plain = " ".join(str(text if text is not None else "—").split()) or "—"
    return MARKDOWN_SPECIAL.sub(r"\\\1", plain)


def _source(regio: Regio, aanbrenger: str | None, grondslag: str | None) -> str:
    return f"aanbrenger: {regio.aanbrenger_label(aanbrenger)}; grondslag: {_md(grondslag)}"


def _in(session: Session, model, column, ids: list[int], *order) -> list:
    """The rows of ``model`` whose ``column`` is one of ``ids`` (in bounded IN lists)."""
    rows: list = []
    for chunk in chunked(ids):
        rows += session.execute(select(model).where(column.in_(chunk)).order_by(*order)).scalars()
    return rows


def _provenance(session: Session, melding_ids: list[int]) -> dict[int, tuple[str, str | None, str | None]]:
    """(bron, aanbrenger, grondslag) per melding: where it came from, which the history does not carry."""
    found: dict[int, tuple[str, str | None, str | None]] = {}
    for chunk in chunked(melding_ids):
        for melding_id, bron, aanbrenger, grondslag in session.execute(
            select(col(Melding.id), col(Melding.bron), col(Melding.aanbrenger), col(Melding.grondslag)).where(
                col(Melding.id).in_(chunk)
            )
        ).all():
            found[melding_id] = (bron, aanbrenger, grondslag)
    return found


def _acties_lines(regio: Regio, acties: Iterable[ActieView], indent: str) -> list[str]:
    lines = []
    for a in acties:
        state = f", afgerond {dates.short_date(a.afgerond_op)}" if a.afgerond_op else ""
        feedback = f"; terugkoppeling: {_md(a.terugkoppeling)}" if a.terugkoppeling else ""
        lines.append(
            f"{indent}- Actie voor {regio.partner_label(a.eigenaar)}: {_md(a.omschrijving)} "
            f"(termijn {dates.short_date(a.termijn)}{state}){feedback}"
        )
    return lines


def person_with_bsn(session: Session, bsn: str) -> int:
    """The person an inzage request names by BSN (as printed on a pass: spaces and dots allowed). Nothing of
    the person is shown, so no view is logged here; the inzage itself is. A wrong BSN, nobody, or several
    persons (not yet merged) are refused in Dutch, the last naming their numbers."""
    require(session, Recht.INZAGE)
    digits = compact_bsn(bsn)
    problem = bsn_problem(digits)
    if problem is not None:
        raise InzageError(f"BSN '{bsn}': {problem}.")
    found = select(col(Persoon.id)).where(col(Persoon.bsn) == digits).order_by(col(Persoon.id))
    ids = list(session.execute(found).scalars())
    if not ids:
        raise InzageError(f"Er is geen persoon met BSN {digits} bewaard.")
    if len(ids) > 1:
        numbers = ", ".join(str(i) for i in ids)
        raise InzageError(
            f"BSN {digits} hoort bij {len(ids)} personen ({numbers}): waarschijnlijk één persoon, nog niet "
            "samengevoegd (zvh personen dubbelen). Maak de inzage per nummer of voeg ze eerst samen.",
        )
    return ids[0]


def build_inzage(session: Session, regio: Regio, persoon_id: int, *, today: date) -> str:
    """The inzage as Markdown; the caller writes it (``write_inzage``)."""
    require(session, Recht.INZAGE)
    p = session.get(Persoon, persoon_id)
    if p is None:
        raise InzageError(f"Persoon {persoon_id} bestaat niet (meer).")
    lines = [
        f"# Inzage persoonsgegevens — persoon {p.id}",
        "",
        f"Opgesteld op {dates.long_date(today)} door het Zorg- en Veiligheidshuis {regio.naam}. "
        "Dit overzicht bevat alles wat ZVH Overleg over deze persoon bewaart, met per gegeven de bron, "
        "en wie de gegevens heeft bekeken of gewijzigd (AVG art. 15).",
        "",
        "## Persoonsgegevens",
        "",
        f"- Naam: {_md(display_name(p.achternaam, p.tussenvoegsel, p.voornamen))}",
        f"- Geboortedatum: {_md(dates.short_date(p.geboortedatum))}",
        f"- BSN: {_md(p.bsn)}",
        f"- Adres: {_md(' '.join(x for x in (p.adres, p.postcode, p.woonplaats) if x))}",
        f"- Vastgelegd op: {clock.local_time(p.aangemaakt_op):%d-%m-%Y %H:%M}",
        "",
        "## Meldingen",
        "",
    ]
    history = person_history(session, persoon_id)
    earlier = sorted(history.meldingen, key=lambda e: (e.datum, e.melding_id))
    provenance = _provenance(session, [m.melding_id for m in earlier])
    # Answers a partner prepared for an overleg not opened yet are about this person too (AVG art. 15).
    planned: dict[int, list[GeplandAntwoord]] = defaultdict(list)
    for answer in _in(
        session,
        GeplandAntwoord,
        col(GeplandAntwoord.melding_id),
        [m.melding_id for m in earlier],
        col(GeplandAntwoord.id),
    ):
        planned[answer.melding_id].append(answer)
    if not earlier:
        lines.append("Geen meldingen.")
    for m in earlier:
        bron, aanbrenger, grondslag = provenance[m.melding_id]
        lines += [
            f"### Melding {_md(m.extern_id)} van {dates.short_date(m.datum)}",
            "",
            f"- Soort: {regio.soort_label(m.soort)}; gemeente: {_md(m.gemeente)}; bron: {regio.bron_label(bron)}",
            f"- {_source(regio, aanbrenger, grondslag)}",
            f"- Omschrijving: {_md(m.omschrijving)}",
        ]
        for b in reversed(m.besprekingen):  # the history is newest first; the inzage reads in date order
            naam = regio.overlegtypen[b.overleg_type].naam if b.overleg_type in regio.overlegtypen else b.overleg_type
            lines.append(f"- Besproken in {naam} van {dates.short_date(b.overleg_datum)}:")
            for k in b.bekend_bij:
                if k.code == "niet_nagevraagd" and not k.notitie:
                    continue
                note = f": {_md(k.notitie)}" if k.notitie else ""
                lines.append(
                    f"  - {regio.bekendheid_label(k.code)} bij {regio.partner_label(k.partner)} "
                    f"(bron: {regio.partners[k.partner].naam if k.partner in regio.partners else k.partner}){note}"
                )
            if b.besluit is not None:
                toelichting = f" — {_md(b.besluit.toelichting)}" if b.besluit.toelichting else ""
                lines.append(f"  - Besluit: {regio.route_label(b.besluit.route)}{toelichting}")
            lines += _acties_lines(regio, b.acties, "  ")
        for g in planned.get(m.melding_id, []):
            naam = regio.overlegtypen[g.overleg_type].naam if g.overleg_type in regio.overlegtypen else g.overleg_type
            note = f": {_md(g.notitie)}" if g.notitie else ""
            reason = f" (reden: {_md(g.reden_niet_delen)})" if g.reden_niet_delen else ""
            lines.append(
                f"- Voorbereid voor {naam} van {dates.short_date(g.datum)} (nog niet geopend): "
                f"{regio.bekendheid_label(g.code)} bij {regio.partner_label(g.partner)}{reason}{note}"
            )
        lines.append("")
    lines += ["## Casussen", ""]
    refs = sorted(history.casussen, key=lambda c: (c.geopend, c.id))
    casussen = {c.id: c for c in _in(session, Casus, col(Casus.id), [r.id for r in refs])}
    casus_acties: dict[int, list[ActieView]] = defaultdict(list)
    for a in _in(session, Actie, col(Actie.casus_id), list(casussen), col(Actie.id)):
        casus_acties[a.casus_id or 0].append(actie_view(a))
    if not refs:
        lines.append("Geen casussen.")
    for ref in refs:
        c = casussen[ref.id]
        state = (
            f"gesloten {dates.short_date(c.gesloten)}"
            + (f" ({_md(regio.sluitreden_label(c.reden_sluiting))})" if c.reden_sluiting else "")
            if c.gesloten
            else "open"
        )
        lines += [
            f"### Casus {_md(c.extern_id or c.id)}: {regio.thema_label(c.thema)}",
            "",
            f"- Gemeente: {_md(c.gemeente)}; geopend {dates.short_date(c.geopend)}; {state}",
            f"- Procesregisseur: {_md(c.procesregisseur)}",
            f"- {_source(regio, c.aanbrenger, c.grondslag)}",
        ]
        lines += casus_inzage.casus_lines(session, regio, ref.id, persoon_id, _md)
        lines += _acties_lines(regio, casus_acties.get(ref.id, []), "")
        lines.append("")
    merges = list(
        session.execute(
            select(PersoonSamenvoeging)
            .where(
                (col(PersoonSamenvoeging.behouden_id) == persoon_id)
                | (col(PersoonSamenvoeging.vervallen_id) == persoon_id)
            )
            .order_by(col(PersoonSamenvoeging.id))
        ).scalars()
    )
    if merges:
        lines += ["## Samenvoegingen", ""]
        for r in merges:
            kept = "bewaard" if r.behouden_id == persoon_id else f"opgegaan in persoon {r.behouden_id}"
            gone = r.vervallen_gegevens or {}
            name = display_name(gone.get("achternaam"), gone.get("tussenvoegsel"), gone.get("voornamen"))
            lines.append(
                f"- {clock.local_time(r.samengevoegd_op):%d-%m-%Y}: persoon {r.vervallen_id} ({_md(name)}) "
                f"samengevoegd met persoon {r.behouden_id} ({kept})"
            )
        lines.append("")
    lines += [
        "## Wie heeft deze gegevens bekeken of gewijzigd",
        "",
        "| Wanneer | Gebruiker | Rol | Handeling | Wat | Context | Werkplek |",
        "|---|---|---|---|---|---|---|",
    ]
    for e in audit.entries_unchecked(session, persoon_id=persoon_id):
        what = " ".join(x for x in (e.object_type, e.object_id) if x)
        lines.append(
            f"| {clock.local_time(e.tijd):%d-%m-%Y %H:%M} | {_md(e.gebruiker)} | {e.rol} | {e.actie} | {_md(what)} | "
            f"{_md(e.context)} | {_md(e.werkplek)} |"
        )
    periods = regio.privacy.bewaartermijnen
    lines += [
        "",
        "## Bewaartermijnen",
        "",
        f"- Een melding die niet tot een casus leidde: {periods.melding_zonder_casus_jaren} jaar na het laatste besluit.",
        f"- Een gesloten casus: {periods.casus_na_sluiting_jaren} jaar na sluiting.",
        f"- Het toegangslog: {periods.toegangslog_jaren} jaar.",
    ]
    return "\n".join(lines) + "\n"


def write_inzage(
    store: Store, regio: Regio, persoon_id: int, path: Path, *, today: date, overwrite: bool = False
) -> Path:
    """Build the inzage and write it (0600); logged as an inzage of this person. An existing file is
    refused unless ``overwrite`` (the store and backups always: zvh_core.access.exports)."""
    check_target(path, store=store, overwrite=overwrite)
    with store.read() as session:
        text = build_inzage(session, regio, persoon_id, today=today)
    return export(
        store,
        path,
        text,
        soort="inzage",
        object_type="persoon",
        object_id=persoon_id,
        persoon_ids=[persoon_id],
        actie=Handeling.INZAGE,
        overwrite=overwrite,
    )
