"""The besluitenlijst of an overleg: per melding the route (for a referral or a hold-over: the overleg and
date it goes to), toelichting and actions; the meldingen taken off the agenda; as Markdown.

The full list (for the chair) also shows per melding what each partner at the table answered: bekend, niet
bekend, deelt niet with its reason (never the facts or opinions a partner told). Besides it, one list per
partner present: only the meldingen routed to that partner and the actions it owns, no other partner's
answers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session, col
from sqlmodel import select as typed_select

from zvh_core.access.exports import export
from zvh_core.access.rights import Recht, partner_scope, require
from zvh_core.acties.followup import STATUS_LABELS
from zvh_core.config.regio import DEELT_NIET, SAME_TYPE, Regio
from zvh_core.kernel import clock, dates
from zvh_core.kernel.models import Actie, Bekendheid, Besluit, Bespreking, Casus, Melding, Overleg
from zvh_core.kernel.names import Namen
from zvh_core.kernel.read_models import ActieRow, ActieView, AgendaItem, OverlegView
from zvh_core.kernel.to_view import actie_view
from zvh_core.meetings.action_review import review_acties
from zvh_core.meetings.agenda import agenda_items
from zvh_core.meetings.overleggen import get_overleg, scheduled_date
from zvh_core.persons.summaries import melding_person_ids, short_person_names


@dataclass(frozen=True)
class BesluitRegel:
    item: AgendaItem
    toelichting: str | None
    acties: tuple[ActieView, ...]
    casus: str | None = None
    """'Triage, procesregisseur Eva' when this besluit opened a casus."""
    voorbereid: tuple[tuple[str, str | None], ...] = ()
    """Partners that prepared their answer themselves, with what the chair did with it (the chair's list only)."""
    bekendheid: tuple[tuple[str, str, str | None], ...] = ()
    """Per partner at the table: (partner, code, reden for deelt niet) — the chair's list only."""
    naar: tuple[str, date] | None = None
    """Where a referral or hold-over goes: (overleg type name, date of that overleg)."""


@dataclass(frozen=True)
class Afgevoerd:
    """A melding taken off this overleg's agenda (it comes back on the next one)."""

    extern_id: str
    datum: date
    soort: str
    gemeente: str
    personen: Namen
    persoon_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Besluitenlijst:
    overleg: OverlegView
    regels: tuple[BesluitRegel, ...]
    vorige_acties: tuple[ActieRow, ...] = ()
    """The previous overleg's open actions, as reviewed in this one."""
    vorig_overleg: OverlegView | None = None
    afgevoerd: tuple[Afgevoerd, ...] = ()
    """The meldingen taken off the agenda (the chair's list only)."""

    def count(self, status: str) -> int:
        return sum(1 for r in self.regels if r.item.status == status)


def build_besluitenlijst(session: Session, regio: Regio, overleg_id: int) -> Besluitenlijst:
    """The list as the session's actor may see it (a partner: its meldingen and its own actions)."""
    require(session, Recht.OVERLEG_LEZEN)
    overleg = get_overleg(session, regio, overleg_id)
    items = agenda_items(session, regio, overleg_id, shown_as="besluitenlijst")
    ids = [i.bespreking_id for i in items]
    besluiten = (
        {
            bespreking_id: (toelichting, thema, regisseur)
            for bespreking_id, toelichting, thema, regisseur in session.execute(
                select(
                    col(Besluit.bespreking_id), col(Besluit.toelichting), col(Casus.thema), col(Casus.procesregisseur)
                )
                .outerjoin(Casus, col(Casus.id) == col(Besluit.casus_id))
                .where(col(Besluit.bespreking_id).in_(ids))
            ).all()
        }
        if ids
        else {}
    )
    acties: dict[int, list[ActieView]] = {}
    if ids:
        query = select(Actie).where(col(Actie.bespreking_id).in_(ids)).order_by(col(Actie.id))
        partner = partner_scope(session)
        if partner is not None:
            query = query.where(col(Actie.eigenaar) == partner)
        for actie in session.execute(query).scalars():
            acties.setdefault(actie.bespreking_id, []).append(actie_view(actie))
    vorig, vorige_acties = review_acties(session, regio, overleg_id)
    voorbereid: dict[int, list[tuple[str, str | None]]] = {}
    if ids and partner_scope(session) is None:  # a partner never learns who else prepared
        for bespreking_id, partner_code, beoordeling in session.exec(
            typed_select(col(Bekendheid.bespreking_id), col(Bekendheid.partner), col(Bekendheid.beoordeling))
            .where(col(Bekendheid.bespreking_id).in_(ids), col(Bekendheid.voorbereid_door).is_not(None))
            .order_by(col(Bekendheid.bespreking_id), col(Bekendheid.partner))
        ).all():
            voorbereid.setdefault(bespreking_id, []).append((partner_code, beoordeling))

    chair = partner_scope(session) is None
    answers: dict[int, dict[str, tuple[str, str | None]]] = {}
    if ids and chair:  # a partner's list shows no other partner's answers
        for bespreking_id, partner_code, code, reden in session.exec(
            typed_select(
                col(Bekendheid.bespreking_id),
                col(Bekendheid.partner),
                col(Bekendheid.code),
                col(Bekendheid.reden_niet_delen),
            ).where(col(Bekendheid.bespreking_id).in_(ids))
        ).all():
            answers.setdefault(bespreking_id, {})[partner_code] = (code, reden)

    def bekendheid_of(bespreking_id: int) -> tuple[tuple[str, str, str | None], ...]:
        if not chair:
            return ()
        given = answers.get(bespreking_id, {})
        return tuple((p, *given.get(p, ("niet_nagevraagd", None))) for p in overleg.partners)

    next_dates: dict[str, date] = {}

    def naar(item: AgendaItem) -> tuple[str, date] | None:
        route = regio.routes.get(item.route) if item.route else None
        if route is None or not route.naar:
            return None
        type_code = overleg.type if route.naar == SAME_TYPE else route.naar
        if type_code not in regio.overlegtypen:
            return None
        if type_code not in next_dates:
            next_dates[type_code] = _next_overleg_date(session, regio, type_code, overleg.datum)
        return regio.overlegtypen[type_code].naam, next_dates[type_code]

    def casus_text(bespreking_id: int) -> str | None:
        _, thema, regisseur = besluiten.get(bespreking_id, (None, None, None))
        if thema is None:
            return None
        return regio.thema_label(thema) + (f", procesregisseur {regisseur}" if regisseur else "")

    return Besluitenlijst(
        overleg=overleg,
        regels=tuple(
            BesluitRegel(
                item=i,
                toelichting=besluiten.get(i.bespreking_id, (None,))[0],
                acties=tuple(acties.get(i.bespreking_id, ())),
                casus=casus_text(i.bespreking_id),
                voorbereid=tuple(voorbereid.get(i.bespreking_id, ())),
                bekendheid=bekendheid_of(i.bespreking_id),
                naar=naar(i),
            )
            for i in items
        ),
        vorige_acties=tuple(vorige_acties),
        vorig_overleg=vorig,
        afgevoerd=_taken_off(session, overleg_id) if chair else (),
    )


def _next_overleg_date(session: Session, regio: Regio, type_code: str, after: date) -> date:
    """The date of the next overleg of a type after ``after``: one already planned, else its next regular day."""
    planned = session.exec(
        typed_select(col(Overleg.datum))
        .where(col(Overleg.type) == type_code, col(Overleg.datum) > after)
        .order_by(col(Overleg.datum))
    ).first()
    return planned or scheduled_date(regio, type_code, after + timedelta(days=1))


def _taken_off(session: Session, overleg_id: int) -> tuple[Afgevoerd, ...]:
    rows = session.exec(
        typed_select(Melding)
        .join(Bespreking, col(Bespreking.melding_id) == col(Melding.id))
        .where(col(Bespreking.overleg_id) == overleg_id, col(Bespreking.afgevoerd).is_(True))
        .order_by(col(Bespreking.volgorde))
    ).all()
    melding_ids = [m.id or 0 for m in rows]
    names = short_person_names(session, melding_ids)
    persons = melding_person_ids(session, melding_ids)
    return tuple(
        Afgevoerd(m.extern_id, m.datum, m.soort, m.gemeente, names[n], persons.get(n, ()))
        for n, m in zip(melding_ids, rows, strict=True)
    )


def _cell(text: object) -> str:
    return str(text or "").replace("|", "\\|").replace("\n", " ").strip()


def _header(lijst: Besluitenlijst, regio: Regio, voor: str | None = None) -> list[str]:
    o = lijst.overleg
    partners = ", ".join(regio.partner_label(p) for p in o.partners)
    afgemeld = ", ".join(regio.partner_label(p) for p in o.afgemeld) or "—"
    if o.geheimhouding_gelezen_op:
        geheim = f"voorgelezen om {clock.local_time(o.geheimhouding_gelezen_op):%H:%M}"
    else:
        geheim = "niet voorgelezen"
    lines = [f"# Besluitenlijst {o.type_naam} — {dates.long_date(o.datum)}", ""]
    if voor:
        lines += [f"**Voor {voor}.** Alleen de meldingen die naar deze partner gaan en de acties van deze partner.", ""]
    return [
        *lines,
        f"- Voorzitter: {o.voorzitter or '—'}",
        f"- Aanwezig: {partners}",
        f"- Afgemeld: {afgemeld}",
        f"- Geheimhoudingsverklaring: {geheim}",
    ]


def _route_text(regel: BesluitRegel, regio: Regio) -> str:
    i = regel.item
    route = regio.route_label(i.route) if i.route else "niet besproken"
    if regel.naar is not None:
        naam, datum = regel.naar
        route += f" → {naam} {dates.short_date(datum)}"
    return f"{route} ({regel.casus})" if regel.casus else route


def _melding_table(regels: list[tuple[int, BesluitRegel]], regio: Regio) -> list[str]:
    lines = [
        "| # | Melding | Datum | Soort | Gemeente | Personen | Route | Toelichting |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for n, regel in regels:
        i = regel.item
        lines.append(
            f"| {n} | {_cell(i.extern_id)} | {dates.short_date(i.datum)} | {_cell(regio.soort_label(i.soort))} | "
            f"{_cell(i.gemeente)} | {_cell(i.personen)} | {_cell(_route_text(regel, regio))} | {_cell(regel.toelichting)} |"
        )
    return lines


def _review_status(a: ActieView, overleg_id: int) -> str:
    if a.reviewed_in(overleg_id):
        assert a.status is not None  # reviewed_in: that review gave it a status
        return f"{STATUS_LABELS[a.status]} ({dates.short_date(a.status_op)})"
    if a.status:  # left open by an earlier review
        return f"nog niet nagelopen (eerder {STATUS_LABELS.get(a.status, a.status)}, {dates.short_date(a.status_op)})"
    return "nog niet nagelopen"


def _review_lines(rows: list[ActieRow], regio: Regio, lijst: Besluitenlijst, *, with_melding: bool) -> list[str]:
    vorig = lijst.vorig_overleg
    if not rows:
        return []
    title = (
        f"## Acties uit het vorige overleg ({dates.short_date(vorig.datum)})"
        if vorig
        else "## Acties uit eerdere overleggen"
    )
    lines = ["", title, ""]
    head = (
        "| Melding | Eigenaar | Actie | Termijn | Status |"
        if with_melding
        else "| Personen | Eigenaar | Actie | Termijn | Status |"
    )
    lines += [head, "|---|---|---|---|---|"]
    for row in rows:
        a = row.actie
        status = _review_status(a, lijst.overleg.id)
        first = row.melding_extern_id if with_melding else row.personen
        lines.append(
            f"| {_cell(first)} | {_cell(regio.partner_label(a.eigenaar))} | {_cell(a.omschrijving)} | "
            f"{dates.short_date(a.termijn)} | {_cell(status)} |"
        )
    return lines


def to_markdown(lijst: Besluitenlijst, regio: Regio) -> str:
    lines = _header(lijst, regio)
    lines += [
        f"- Meldingen: {len(lijst.regels)}; besloten: {lijst.count('besloten')}; "
        f"aangehouden: {lijst.count('aangehouden')}; niet besproken: {lijst.count('open') + lijst.count('bezig')}",
        "",
    ]
    lines += _melding_table(list(enumerate(lijst.regels, start=1)), regio)
    acties = [(regel, a) for regel in lijst.regels for a in regel.acties]
    lines += ["", "## Acties", ""]
    if acties:
        lines += ["| Melding | Eigenaar | Actie | Termijn |", "|---|---|---|---|"]
        for regel, a in acties:
            lines.append(
                f"| {_cell(regel.item.extern_id)} | {_cell(regio.partner_label(a.eigenaar))} | "
                f"{_cell(a.omschrijving)} | {dates.short_date(a.termijn)} |"
            )
    else:
        lines.append("Geen acties.")
    lines += _bekendheid_lines(lijst, regio)
    lines += _taken_off_lines(lijst, regio)
    lines += _review_lines(list(lijst.vorige_acties), regio, lijst, with_melding=True)
    lines += _preparation_lines(lijst, regio)
    return "\n".join(lines) + "\n"


def _answer_text(code: str, reden: str | None, regio: Regio) -> str:
    if code == "niet_nagevraagd":
        return "—"
    label = regio.bekendheid_label(code)
    return f"{label}: {reden}" if code == DEELT_NIET and reden else label


def _bekendheid_lines(lijst: Besluitenlijst, regio: Regio) -> list[str]:
    """Per melding what each partner at the table answered (never the facts or opinions it told)."""
    partners = lijst.overleg.partners
    if not partners or not any(r.bekendheid for r in lijst.regels):
        return []
    lines = ["", "## Bekendheid per partner", "", "— = niet nagevraagd.", ""]
    lines += [
        "| # | Melding | " + " | ".join(_cell(regio.partner_label(p)) for p in partners) + " |",
        "|---|---|" + "---|" * len(partners),
    ]
    for n, regel in enumerate(lijst.regels, start=1):
        given = {p: (code, reden) for p, code, reden in regel.bekendheid}
        cells = [_cell(_answer_text(*given.get(p, ("niet_nagevraagd", None)), regio)) for p in partners]
        lines.append(f"| {n} | {_cell(regel.item.extern_id)} | " + " | ".join(cells) + " |")
    return lines


def _taken_off_lines(lijst: Besluitenlijst, regio: Regio) -> list[str]:
    if not lijst.afgevoerd:
        return []
    lines = ["", "## Van de agenda gehaald", "", "Deze meldingen komen terug op het volgende overleg.", ""]
    lines += ["| Melding | Datum | Soort | Gemeente | Personen |", "|---|---|---|---|---|"]
    for a in lijst.afgevoerd:
        lines.append(
            f"| {_cell(a.extern_id)} | {dates.short_date(a.datum)} | {_cell(regio.soort_label(a.soort))} | "
            f"{_cell(a.gemeente)} | {_cell(a.personen)} |"
        )
    return lines


REVIEW_TEXT = {None: "niet beoordeeld", "bevestigd": "bevestigd", "gewijzigd": "gewijzigd", "gewist": "gewist"}


def _preparation_lines(lijst: Besluitenlijst, regio: Regio) -> list[str]:
    """What the partners prepared before (or on their own screens during) the meeting, and what the chair did
    with it."""
    prepared = [(n, r) for n, r in enumerate(lijst.regels, start=1) if r.voorbereid]
    if not prepared:
        return []
    lines = ["", "## Voorbereiding door partners", ""]
    lines += [f"{len(prepared)} van {len(lijst.regels)} meldingen voorbereid.", ""]
    lines += ["| # | Melding | Voorbereid door (door de voorzitter) |", "|---|---|---|"]
    for n, regel in prepared:
        wie = "; ".join(f"{regio.partner_label(p)} ({REVIEW_TEXT.get(b, b)})" for p, b in regel.voorbereid)
        lines.append(f"| {n} | {_cell(regel.item.extern_id)} | {_cell(wie)} |")
    return lines


def routed_to(regel: BesluitRegel, regio: Regio) -> str | None:
    """The partner the besluit sends this melding to, if any."""
    route = regio.routes.get(regel.item.route) if regel.item.route else None
    return route.partner if route else None


def to_partner_markdown(lijst: Besluitenlijst, regio: Regio, partner: str) -> str:
    """The list for one partner: its meldingen (route.partner) and its actions; nothing of other partners."""
    label = regio.partner_label(partner)
    naam = regio.partners[partner].naam if partner in regio.partners else partner
    numbered = list(enumerate(lijst.regels, start=1))
    own = [(n, r) for n, r in numbered if routed_to(r, regio) == partner]
    lines = _header(lijst, regio, voor=f"{label} ({naam})")
    lines += ["", f"## Meldingen naar {label}", ""]
    lines += _melding_table(own, regio) if own else ["Geen meldingen naar deze partner."]
    own_numbers = {n for n, _ in own}
    acties = [(n, r, a) for n, r in numbered for a in r.acties if a.eigenaar == partner]
    lines += ["", f"## Acties van {label}", ""]
    if acties:
        lines += ["| # | Melding | Personen | Actie | Termijn |", "|---|---|---|---|---|"]
        for n, regel, a in acties:
            # A melding routed elsewhere is not named: only its agenda number and whom the action concerns.
            melding = regel.item.extern_id if n in own_numbers else "—"
            lines.append(
                f"| {n} | {_cell(melding)} | {_cell(regel.item.personen)} | {_cell(a.omschrijving)} | "
                f"{dates.short_date(a.termijn)} |"
            )
    else:
        lines.append("Geen acties voor deze partner.")
    review = [row for row in lijst.vorige_acties if row.actie.eigenaar == partner]
    lines += _review_lines(review, regio, lijst, with_melding=False)
    return "\n".join(lines) + "\n"


def partner_person_ids(lijst: Besluitenlijst, regio: Regio, partner: str) -> list[int]:
    """The persons a partner's list names: of its meldingen and of the meldingen of its actions."""
    return [
        p
        for r in lijst.regels
        if routed_to(r, regio) == partner or any(a.eigenaar == partner for a in r.acties)
        for p in r.item.persoon_ids
    ]


def _base_name(lijst: Besluitenlijst) -> str:
    o = lijst.overleg
    return f"besluitenlijst-{o.type}-{o.datum.isoformat()}"


def export_markdown(store, lijst: Besluitenlijst, regio: Regio, folder: Path) -> Path:
    """Write the list as Markdown (0600), logged as an export by the store's actor."""
    return export(
        store,
        folder / f"{_base_name(lijst)}.md",
        to_markdown(lijst, regio),
        soort="besluitenlijst",
        object_type="overleg",
        object_id=lijst.overleg.id,
        persoon_ids=[
            *(p for r in lijst.regels for p in r.item.persoon_ids),
            *(p for a in lijst.afgevoerd for p in a.persoon_ids),
        ],
        details={"meldingen": len(lijst.regels)},
        unique=True,
    )


def partners_to_export(store, lijst: Besluitenlijst) -> list[str]:
    """Whose lists the store's actor may write: every partner present, or a partner account's own only.

    A partner's besluitenlijst holds only its own meldingen and actions, so a list it wrote for another
    partner would wrongly say "Geen meldingen naar deze partner"."""
    actor = store.actor
    if actor is not None and actor.is_partner:
        return [actor.organisatie] if actor.organisatie else []
    return list(lijst.overleg.partners)


def export_per_partner(store, lijst: Besluitenlijst, regio: Regio, folder: Path) -> list[Path]:
    """One file per partner present: ``besluitenlijst-<type>-<datum>-<partner>.md`` (0600), each logged;
    a partner account writes only its own. A file that exists is never replaced: the new one takes a free
    name beside it (``…-amw-2.md``)."""
    paths = []
    for partner in partners_to_export(store, lijst):
        slug = re.sub(r"[^a-z0-9]+", "-", partner.lower()).strip("-") or "partner"
        path = folder / f"{_base_name(lijst)}-{slug}.md"
        paths.append(
            export(
                store,
                path,
                to_partner_markdown(lijst, regio, partner),
                soort="besluitenlijst per partner",
                object_type="overleg",
                object_id=lijst.overleg.id,
                persoon_ids=partner_person_ids(lijst, regio, partner),
                details={"partner": partner},
                unique=True,
            )
        )
    return paths
