"""How domain views look on screen (Rich renderables). One place, so every screen shows a
melding, a person or a history the same way.

Privacy mode (screen sharing): with ``privacy=True``, names become initials, birth dates become
ages, and addresses, BSNs and partners' notes are hidden. The mode is the app's state (``ZvhApp.privacy``,
a screen reads it as ``self.privacy``); every function here that masks takes it as an argument, so what a
screen draws follows from what it passes, never from a global (the app redraws the screens on a toggle).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from zvh_core.acties.followup import STATUS_LABELS
from zvh_core.config.regio import DEELT_NIET, DOELSTATUSSEN, Regio
from zvh_core.kernel import clock, dates
from zvh_core.kernel.names import Naam, Namen
from zvh_core.kernel.read_models import (
    ActieRow,
    ActieView,
    AgendaItem,
    BekendheidView,
    BesprekingDetail,
    CasusRef,
    CasusWerk,
    Dossier,
    EarlierBespreking,
    EarlierMelding,
    History,
    LookupRow,
    OverlegView,
    PersonView,
)
from zvh_core.meetings import pace
from zvh_core.reports.tabel import Rapport

STATUS_MARK = {"open": "·", "bezig": "◐", "besloten": "✓", "aangehouden": "↷"}
STATUS_STYLE = {"open": "dim", "bezig": "yellow", "besloten": "green", "aangehouden": "magenta"}
BEKENDHEID_STYLE = {"bekend": "bold green", "niet_bekend": "red", "niet_nagevraagd": "dim", DEELT_NIET: "bold yellow"}


HIDDEN = "•••"
_HOUSE_NUMBER = re.compile(r"\s+\d+\S*$")


def person_name(name: Naam, *, privacy: bool) -> Naam:
    """A person's name as the mode allows: in full, or initials (from the name's parts; a name nobody knows
    stays 'onbekend')."""
    return name.initialen if privacy else name


def persons_text(names: Namen, *, privacy: bool) -> Namen:
    """'J. de Vries, M. de Vries' (the persons of a melding or casus) as the mode allows."""
    return names.initialen if privacy else names


def note(text: str | None, *, privacy: bool) -> str:
    """A partner's note (verrijking): hidden in privacy mode."""
    if not text:
        return ""
    return HIDDEN if privacy else text


def redact(text: str, persons: tuple[PersonView, ...] = (), *, privacy: bool) -> str:
    """Free text (an omschrijving) with the persons' names and streets masked in privacy mode."""
    if not privacy or not text:
        return text
    for person in persons:
        if person.adres:
            street = _HOUSE_NUMBER.sub("", person.adres.split(",")[0]).strip()
            if len(street) > 3:
                text = re.sub(re.escape(street), "[adres]", text, flags=re.IGNORECASE)
        for word in person.naam.woorden:
            if len(word) > 2:
                text = re.sub(rf"\b{re.escape(word)}\b", f"{word[0]}.", text)
    return text


def birth(geboortedatum, today=None, *, privacy: bool) -> str:
    """A birth date, or in privacy mode the age."""
    if geboortedatum is None:
        return ""
    if not privacy:
        return dates.short_date(geboortedatum)
    from zvh_core.kernel.names import age_on

    return f"{age_on(geboortedatum, today or clock.today())} jaar"


def _person_view(p) -> PersonView:
    """A dossier's person as a PersonView, for ``redact``."""
    address = ", ".join(x for x in (p.adres, " ".join(y for y in (p.postcode, p.woonplaats) if y)) if x) or None
    return PersonView(
        id=p.id,
        naam=p.naam,
        geboortedatum=p.geboortedatum,
        leeftijd=p.leeftijd,
        bsn=p.bsn,
        adres=address,
        herhaald=False,
    )


def masked_item(item: AgendaItem, *, privacy: bool) -> AgendaItem:
    """An agenda row as the mode allows (for screens that format it themselves)."""
    return replace(item, personen=persons_text(item.personen, privacy=privacy)) if privacy else item


def masked_lijst(lijst, *, privacy: bool):
    """A besluitenlijst as the mode allows (the exported file is always complete)."""
    if not privacy:
        return lijst
    return replace(
        lijst,
        regels=tuple(
            replace(
                r,
                item=masked_item(r.item, privacy=privacy),
                bekendheid=tuple((p, code, note(reden, privacy=privacy) or None) for p, code, reden in r.bekendheid),
            )
            for r in lijst.regels
        ),
        vorige_acties=tuple(
            replace(a, personen=persons_text(a.personen, privacy=privacy)) for a in lijst.vorige_acties
        ),
        afgevoerd=tuple(replace(a, personen=persons_text(a.personen, privacy=privacy)) for a in lijst.afgevoerd),
    )


def privacy_badge(privacy: bool) -> Text:
    if privacy:
        return Text(" PRIVACYMODUS AAN · F2 ", style="bold reverse yellow")
    return Text(" privacymodus uit · F2 ", style="dim")


def status_mark(item: AgendaItem) -> Text:
    return Text(STATUS_MARK[item.status], style=STATUS_STYLE[item.status])


def person_line(person: PersonView, *, privacy: bool) -> Text:
    line = Text()
    line.append(person_name(person.naam, privacy=privacy), style="bold")
    if privacy:
        if person.leeftijd is not None:
            line.append(f"  {person.leeftijd} jaar")
    elif person.geboortedatum:
        line.append(f"  {dates.short_date(person.geboortedatum)}")
        if person.leeftijd is not None:
            line.append(f" ({person.leeftijd} jaar)")
    if person.herhaald:
        line.append("  HERHAALD", style="bold reverse red")
    if person.bsn and not privacy:
        line.append(f"  BSN {person.bsn}", style="dim")
    if person.adres and not privacy:
        line.append(f"\n    {person.adres}", style="dim")
    return line


def melding_panel(detail: BesprekingDetail, regio: Regio, *, privacy: bool) -> RenderableType:
    m = detail.melding
    head = Text()
    if m.urgent:
        head.append(" URGENT ", style="bold reverse red")
        head.append(" ")
    head.append(regio.soort_label(m.soort), style="bold")
    head.append(f"  ·  {dates.short_date(m.datum)}  ·  {m.gemeente}  ·  {regio.bron_label(m.bron)} {m.extern_id}")
    persons: list[RenderableType] = [person_line(p, privacy=privacy) for p in m.personen] or [
        Text("Onbekende persoon", style="italic")
    ]
    description = Text(
        redact(m.omschrijving or "", m.personen, privacy=privacy) or "(geen omschrijving)",
        style="" if m.omschrijving else "dim italic",
    )
    return Group(head, Text(""), *persons, Text(""), description)


def bekendheid_table(
    bekendheid: tuple[BekendheidView, ...], regio: Regio, selected: int | None, *, privacy: bool
) -> RenderableType:
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right", style="bold cyan")
    table.add_column(min_width=6)
    table.add_column(min_width=16)
    table.add_column(ratio=1)
    for n, row in enumerate(bekendheid, start=1):
        name = Text(regio.partner_label(row.partner), style="reverse" if selected == n - 1 else "")
        table.add_row(
            str(n),
            name,
            Text(regio.bekendheid_label(row.code), style=BEKENDHEID_STYLE.get(row.code, "")),
            Text.assemble(bekendheid_notes(row, privacy=privacy), prepared_mark(row, regio)),
        )
    return table


WEEKDAG_KORT = ("ma", "di", "wo", "do", "vr", "za", "zo")
REVIEW_LABEL = {"bevestigd": "bevestigd", "gewijzigd": "gewijzigd door de voorzitter", "gewist": "gewist"}


def prepared_mark(row: BekendheidView, regio: Regio) -> Text:
    """'voorbereid door VT, di 09:12' (and what the chair did with it) under an answer the partner gave itself."""
    text = Text()
    if not row.voorbereid_door or row.voorbereid_op is None:
        return text
    moment = clock.local_time(row.voorbereid_op)
    text.append("\n" if row.notitie or row.oordeel or row.reden else "")
    text.append(
        f"voorbereid door {regio.partner_label(row.partner)}, {WEEKDAG_KORT[moment.weekday()]} {moment:%H:%M}",
        style="green" if row.beoordeling else "bold green",
    )
    if row.beoordeling:
        text.append(f" · {REVIEW_LABEL.get(row.beoordeling, row.beoordeling)}", style="dim")
    else:
        text.append(" · j: bevestigen, w: wissen", style="dim")
    return text


def preparation_marks(partners: tuple[str, ...], prepared: Mapping[str, object], regio: Regio) -> Text:
    """Who prepared one melding: 'VT ✓ ZVH ✓ CJG – AMW –'."""
    text = Text()
    for n, partner in enumerate(partners):
        if n:
            text.append(" ")
        done = partner in prepared
        text.append(f"{regio.partner_label(partner)} {'✓' if done else '–'}", style="green" if done else "dim")
    return text


def bekendheid_notes(row: BekendheidView, *, privacy: bool) -> Text:
    """The fact, the opinion (kept apart, labelled) and why a partner does not share."""
    text = Text()
    if row.reden:
        text.append("reden: ", style="bold yellow")
        text.append(note(row.reden, privacy=privacy), style="italic")
    if row.notitie:
        if text:
            text.append("\n")
        text.append(note(row.notitie, privacy=privacy), style="italic")
    if row.oordeel:
        if text:
            text.append("\n")
        text.append("oordeel: ", style="bold cyan")
        text.append(note(row.oordeel, privacy=privacy), style="italic cyan")
    return text


def actie_line(actie: ActieView, regio: Regio, today) -> Text:
    line = Text("• ")
    line.append(regio.partner_label(actie.eigenaar), style="bold")
    line.append(f": {actie.omschrijving}  (termijn {dates.short_date(actie.termijn)})")
    line.append_text(actie_state(actie, today))
    return line


def actie_state(actie: ActieView, today) -> Text:
    """'  afgerond 03-12-2026', '  VERLOPEN', '  niet gedaan (02-12-2026)' or nothing."""
    if actie.afgerond_op:
        text = Text(f"  afgerond {dates.short_date(actie.afgerond_op)}", style="green")
        if actie.terugkoppeling:
            text.append(f" — {actie.terugkoppeling}", style="italic")
        return text
    text = Text()
    if actie.status:
        text.append(
            f"  {STATUS_LABELS.get(actie.status, actie.status)} ({dates.short_date(actie.status_op)})", style="yellow"
        )
    if actie.is_open and actie.termijn < today:
        text.append("  VERLOPEN", style="bold red")
    return text


def overleg_name(regio: Regio, type_code: str | None) -> str:
    otype = regio.overlegtypen.get(type_code or "")
    return otype.naam if otype else (type_code or "")


def actie_origin(row: ActieRow, regio: Regio) -> str:
    """'Routeertafel 23-11-2026 · 2026-000123' or 'Casus Triage #12'."""
    if row.overleg_type:
        return (
            f"{overleg_name(regio, row.overleg_type)} {dates.short_date(row.overleg_datum)} · {row.melding_extern_id}"
        )
    if row.casus_id:
        return f"Casus {regio.thema_label(row.casus_thema or '')} #{row.casus_id}"
    return ""


def eerdere_acties_panel(rows: tuple[ActieRow, ...], regio: Regio, today) -> RenderableType:
    parts: list[RenderableType] = []
    for row in rows:
        line = actie_line(row.actie, regio, today)
        line.append(f"\n    {actie_origin(row, regio)}", style="dim")
        parts.append(line)
    return Group(*parts)


def besluit_panel(detail: BesprekingDetail, regio: Regio, today) -> RenderableType:
    parts: list[RenderableType] = []
    if detail.besluit:
        line = Text("Route: ", style="bold")
        line.append(regio.route_label(detail.besluit.route), style="bold green")
        if detail.besluit.toelichting:
            line.append(f" — {detail.besluit.toelichting}")
        if detail.besluit.casus_id:
            line.append(f"  (casus #{detail.besluit.casus_id} geopend)", style="bold magenta")
        parts.append(line)
    else:
        parts.append(Text("Nog geen besluit (r: route, h: aanhouden)", style="dim"))
    for actie in detail.acties:
        parts.append(actie_line(actie, regio, today))
    return Group(*parts)


def bespreking_lines(
    bespreking: EarlierBespreking, regio: Regio, today, indent: str = "  ", *, every_answer: bool = False, privacy: bool
) -> list[RenderableType]:
    """One earlier bespreking: overleg and date, the route, who knew what (fact, opinion, not shared), the actions.
    ``every_answer``: also the partners that said "niet bekend" (for this melding's own earlier besprekingen;
    about other meldingen only what was known)."""
    sub = Text(
        f"{indent}{overleg_name(regio, bespreking.overleg_type)} {dates.short_date(bespreking.overleg_datum)}: ",
        style="cyan",
    )
    if bespreking.besluit:
        sub.append(regio.route_label(bespreking.besluit.route), style="bold")
        if bespreking.besluit.toelichting:
            sub.append(f" — {bespreking.besluit.toelichting}")
    else:
        sub.append("geen besluit", style="dim")
    for known in bespreking.bekend_bij:
        if not every_answer and known.code == "niet_bekend" and not (known.notitie or known.oordeel):
            continue
        sub.append(f"\n{indent}  {regio.partner_label(known.partner)} {regio.bekendheid_label(known.code)}")
        if known.reden:
            sub.append(f" (reden: {note(known.reden, privacy=privacy)})", style="yellow")
        if known.notitie:
            sub.append(f": {note(known.notitie, privacy=privacy)}", style="italic")
        if known.oordeel:
            sub.append(f"\n{indent}    oordeel: {note(known.oordeel, privacy=privacy)}", style="italic cyan")
    lines: list[RenderableType] = [sub]
    for actie in bespreking.acties:
        lines.append(Text(f"{indent}  ") + actie_line(actie, regio, today))
    return lines


def this_melding_earlier(history: History) -> EarlierMelding | None:
    """The melding on the table itself, when it was discussed before (held over, handed on)."""
    return next((e for e in history.meldingen if e.deze_melding), None)


def earlier_said_panel(earlier: EarlierMelding, regio: Regio, today, *, privacy: bool) -> RenderableType:
    """Everything said about this melding at earlier overleggen, newest first."""
    parts: list[RenderableType] = []
    for bespreking in earlier.besprekingen:
        parts += bespreking_lines(bespreking, regio, today, indent="", every_answer=True, privacy=privacy)
    return Group(*parts)


def section_title(text: str, style: str = "bold #ffa62b") -> Text:
    return Text(f"\n{text}", style=style)


def detail_panel(
    detail: BesprekingDetail, regio: Regio, today, selected_partner: int | None, *, privacy: bool
) -> RenderableType:
    """The centre of the run screen as one renderable (one widget to lay out on every move): the melding,
    what was said about it before, the bekendheid per partner, the besluit and actions, open actions."""
    parts: list[RenderableType] = [melding_panel(detail, regio, privacy=privacy)]
    earlier = this_melding_earlier(detail.history)
    if earlier is not None:
        parts.append(
            Panel(
                earlier_said_panel(earlier, regio, today, privacy=privacy),
                title="Eerder besproken: wat er al over deze melding is gezegd",
                title_align="left",
                border_style="yellow",
                box=box.ROUNDED,
            )
        )
    parts += [
        section_title("Bekendheid (1–9: wisselen · i: verrijken · d: deelt niet)"),
        bekendheid_table(detail.bekendheid, regio, selected_partner, privacy=privacy),
        section_title("Besluit en acties"),
        besluit_panel(detail, regio, today),
    ]
    if detail.eerdere_acties:
        parts += [
            section_title("Openstaande acties uit eerdere overleggen en casussen"),
            eerdere_acties_panel(detail.eerdere_acties, regio, today),
        ]
    return Group(*parts)


HISTORY_SHOWN = 12
"""Earlier meldingen drawn in the panel; more would slow every move for people with long histories."""


def history_panel(
    history: History, persons: tuple[PersonView, ...], regio: Regio, today, *, privacy: bool
) -> RenderableType:
    """Other meldingen and casussen about these persons (this melding's own earlier besprekingen are
    shown in the centre, see ``earlier_said_panel``)."""
    history = History(meldingen=tuple(e for e in history.meldingen if not e.deze_melding), casussen=history.casussen)
    if history.is_empty:
        return Text("Niets eerder bekend over deze personen.", style="dim italic")
    names = {p.id: person_name(p.naam, privacy=privacy) for p in persons}
    parts: list[RenderableType] = []
    summary = Text(f"{len(history.meldingen)} eerdere melding(en), {len(history.casussen)} casus(sen)", style="bold")
    if len(history.meldingen) > HISTORY_SHOWN:
        summary.append(f"; de laatste {HISTORY_SHOWN} hieronder", style="dim")
    parts += [summary, Text("")]
    for casus in history.casussen:
        line = casus_line(casus, regio)
        line.append(f"\n  {', '.join(names.get(pid, '?') for pid in casus.persoon_ids)}", style="dim")
        parts += [line, Text("")]
    for earlier in history.meldingen[:HISTORY_SHOWN]:
        line = Text()
        line.append(dates.short_date(earlier.datum), style="bold")
        line.append(f"  {regio.soort_label(earlier.soort)}  {earlier.gemeente}")
        who = ", ".join(names.get(pid, "?") for pid in earlier.persoon_ids)
        line.append(f"\n  {who}", style="dim")
        if earlier.omschrijving:
            line.append(f"\n  {redact(earlier.omschrijving, persons, privacy=privacy)}", style="italic")
        parts.append(line)
        for bespreking in earlier.besprekingen:
            parts += bespreking_lines(bespreking, regio, today, privacy=privacy)
        parts.append(Text(""))
    return Group(*parts)


def overleg_topbar(overleg: OverlegView, regio: Regio) -> Text:
    """'Routeertafel · donderdag 26 november 2026 · voorzitter Anna · VT ZVH CJG · afgemeld: AMW · geheimhouding ✓'."""
    o = overleg
    text = Text(f"{o.type_naam} · {dates.long_date(o.datum)} · voorzitter {o.voorzitter} · ")
    text.append(" ".join(regio.partner_label(p) for p in o.partners))
    if o.afgemeld:
        text.append(f" · afgemeld: {' '.join(regio.partner_label(p) for p in o.afgemeld)}")
    if o.geheimhouding_gelezen_op:
        text.append(" · geheimhouding ✓")
    else:
        text.append(" · geheimhouding niet voorgelezen (k)", style="bold reverse")
    return text


def age_text(days: int) -> str:
    """'3 d', '5 wk', '7 mnd', '2 jr' — the age of a casus."""
    if days < 14:
        return f"{days} d"
    if days < 92:
        return f"{days // 7} wk"
    if days < 730:
        return f"{days * 12 // 365} mnd"
    return f"{days // 365} jr"


def casus_line(casus: CasusRef, regio: Regio) -> Text:
    """'Casus PGA  sinds 01-04-2025, open, A. Regisseur'."""
    line = Text("Casus ", style="bold magenta")
    line.append(regio.thema_label(casus.thema), style="bold")
    state = f"gesloten {dates.short_date(casus.gesloten)}" if casus.gesloten else "open"
    line.append(f"  sinds {dates.short_date(casus.geopend)}, {state}")
    if casus.procesregisseur:
        line.append(f", {casus.procesregisseur}")
    return line


def progress_text(overleg: OverlegView, items: list[AgendaItem], position: int | None, now: datetime) -> Text:
    """'Melding 7 / 23 · 6 besloten · ± 3 min per melding · klaar rond 11:42'."""
    total = len(items)
    decided = sum(1 for i in items if i.status in ("besloten", "aangehouden"))
    text = Text()
    if position is not None and total:
        text.append(f"Melding {position + 1} / {total}", style="bold")
    else:
        text.append(f"{total} meldingen", style="bold")
    text.append(f" · {decided} besloten")
    per_item = pace.seconds_per_melding(overleg.gestart_op, [i.besloten_op for i in items if i.besloten_op])
    if per_item is not None:
        end = clock.local_time(pace.expected_end(now, per_item, total - decided))
        text.append(f" · ± {max(1, round(per_item / 60))} min per melding · klaar rond {end:%H:%M}")
    return text


# --- reports ---------------------------------------------------------------------------------------
def rapport_title(rapport: Rapport) -> str:
    return f"{rapport.titel} · {rapport.regio} · {rapport.periode.label}"


def rapport_table(rapport: Rapport) -> Table:
    """The report as a Rich table (the `zvh rapport` default output); Totaal rows bold."""
    table = Table(title=rapport_title(rapport), header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False)
    for name in rapport.kop:
        table.add_column(name.capitalize(), no_wrap=True)
    for label in rapport.kolommen:
        table.add_column(label, justify="right", overflow="fold")
    for rij in rapport.rijen:
        table.add_row(
            *rij.kop, *(str(v) for v in rij.waarden), style="bold" if rij.totaal else None, end_section=rij.totaal
        )
    return table


QUARTER_STYLE = {1: "cyan", 2: "green", 3: "yellow", 4: "magenta"}
_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: int, largest: int, width: int) -> str:
    """A horizontal bar of ``value`` against ``largest`` over ``width`` cells (eighths for precision)."""
    if largest <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value / largest * width * 8))
    return "█" * (eighths // 8) + (_EIGHTHS[eighths % 8] if eighths % 8 else "")


def rapport_chart(rapport: Rapport, cijfer: int, width: int) -> RenderableType:
    """One figure per quarter per gemeente as horizontal bars, one colour per quarter, with the numbers."""
    reeksen = rapport.reeksen[cijfer]
    largest = max((v for r in reeksen for v in r.per_kwartaal), default=0)
    name_width = max(len(g) for g in rapport.gemeenten)
    bar_width = max(10, width - name_width - 9 - 8 - 6)
    head = Text(f"{rapport.cijfers[cijfer]}", style="bold")
    head.append(
        f"  — per kwartaal per gemeente  (cijfer {cijfer + 1} van {len(rapport.cijfers)}; c: volgend cijfer)",
        style="dim",
    )
    numbers = dict.fromkeys(k.nummer for k in rapport.kwartalen)  # in the period's order, once each
    legend = Text("   ").join(Text(f"■ K{n}", style=QUARTER_STYLE[n]) for n in numbers)
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, width=name_width)
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True, width=bar_width)
    grid.add_column(justify="right", no_wrap=True)
    for gemeente, reeks in zip(rapport.gemeenten, reeksen, strict=False):
        for n, (kwartaal, value) in enumerate(zip(rapport.kwartalen, reeks.per_kwartaal, strict=False)):
            name = Text(gemeente, style="bold") if n == 0 else Text("")
            if n == 1:
                name = Text(f"totaal {reeks.totaal}", style="dim")
            style = QUARTER_STYLE[kwartaal.nummer]
            grid.add_row(
                name, Text(kwartaal.label, style=style), Text(bar(value, largest, bar_width), style=style), str(value)
            )
        grid.add_row("", "", "", "")
    return Group(head, legend, Text(""), grid)


# --- lookup and dossier ---------------------------------------------------------------------------
MATCH_STYLE = {"exact": "bold green", "lijkt": "yellow", "deels": "dim"}


def lookup_cells(row: LookupRow, *, privacy: bool) -> tuple[Text, ...]:
    """The cells of one lookup row: name, birth date, gemeente, last contact, how it was found."""
    found = Text(row.match, style=MATCH_STYLE.get(row.match, ""))
    if row.via:
        found.append(f" · {row.via}", style="dim")
    return (
        Text(person_name(row.naam, privacy=privacy), style="bold"),
        Text(birth(row.geboortedatum, privacy=privacy)),
        Text(row.gemeente or ""),
        Text(dates.short_date(row.laatste_contact) or "—"),
        found,
        Text("≈ dubbel?", style="bold magenta") if row.mogelijk_dubbel else Text(""),
    )


def dossier_header(dossier: Dossier, *, privacy: bool) -> RenderableType:
    p = dossier.persoon
    head = Text(person_name(p.naam, privacy=privacy), style="bold")
    if privacy:
        if p.leeftijd is not None:
            head.append(f"  {p.leeftijd} jaar")
    elif p.geboortedatum:
        head.append(f"  geboren {dates.short_date(p.geboortedatum)}")
        if p.leeftijd is not None:
            head.append(f" ({p.leeftijd} jaar)")
    if p.bsn and not privacy:
        head.append(f"  BSN {p.bsn}", style="dim")
    address = ", ".join(x for x in (p.adres, " ".join(y for y in (p.postcode, p.woonplaats) if y)) if x)
    if address and not privacy:
        head.append(f"\n{address}", style="dim")
    h = dossier.history
    open_casussen = sum(1 for c in h.casussen if c.gesloten is None)
    head.append(
        f"\n{len(h.meldingen)} melding(en) · {sum(len(m.besprekingen) for m in h.meldingen)} bespreking(en) · "
        f"{len(h.casussen)} casus(sen)" + (f", {open_casussen} open" if open_casussen else ""),
        style="cyan",
    )
    return head


def casus_werk_lines(werk: CasusWerk, regio: Regio, *, privacy: bool) -> list[Text]:
    """The procesregie under a casus in the dossier: its periods, its plan, its journal (text masked in
    privacy mode)."""
    lines = []
    if len(werk.perioden) > 1 or any(tot for _, tot, _ in werk.perioden):
        periods = " · ".join(
            f"{dates.short_date(van)} – {dates.short_date(tot) if tot else 'open'}"
            + (f" ({regio.sluitreden_label(reden)})" if tot and reden else "")
            for van, tot, reden in werk.perioden
        )
        lines.append(Text(f"  perioden: {periods}", style="dim"))
    if werk.doelen:
        plan = " · ".join(f"{regio.leefgebied_label(lg)} {DOELSTATUSSEN.get(st, st)}" for lg, st in werk.doelen)
        lines.append(Text(f"  plan van aanpak: {plan}", style="dim"))
    if werk.journaal:
        line = Text(f"  journaal: {werk.journaal} aantekening(en), laatste {dates.short_date(werk.laatste_journaal)}",
                    style="dim")  # fmt: skip
        if werk.laatste_feit:
            line.append(f": {note(werk.laatste_feit, privacy=privacy)}", style="italic")
        lines.append(line)
    return lines


def dossier_panel(dossier: Dossier, regio: Regio, today, *, privacy: bool) -> RenderableType:
    """Likely duplicates, merges, then the timeline: meldingen (with besprekingen) and casussen, newest first."""
    parts: list[RenderableType] = []
    if dossier.dubbelen:
        parts.append(Text("Mogelijk dezelfde persoon (m: samenvoegen)", style="bold magenta"))
        for n, d in enumerate(dossier.dubbelen, start=1):
            line = Text(f"  {n}. ")
            line.append(person_name(d.naam, privacy=privacy), style="bold")
            address = "" if privacy else d.adres or ""
            line.append(f"  {birth(d.geboortedatum, privacy=privacy)}  {address}  ({d.meldingen} melding(en))")
            line.append(f" — {d.reden}", style="italic")
            parts.append(line)
        parts.append(Text(""))
    if dossier.samenvoegingen:
        parts.append(Text("Samengevoegd (u: laatste ongedaan maken)", style="bold"))
        for r in dossier.samenvoegingen:
            parts.append(
                Text(
                    f"  {person_name(r.vervallen_naam, privacy=privacy)} op {dates.short_date(clock.local_time(r.samengevoegd_op).date())}: "
                    f"{r.meldingen} melding(en), {r.casussen} casus(sen) overgenomen"
                )
            )
        parts.append(Text(""))
    names = {pid: person_name(n, privacy=privacy) for pid, n in dossier.namen}
    me = dossier.persoon.id
    shown = (_person_view(dossier.persoon),)
    acties = dict(dossier.casus_acties)
    gemeente = dict(dossier.casus_gemeente)
    werk = dict(dossier.casus_werk)
    entries: list[tuple] = [(m.datum, 0, m) for m in dossier.history.meldingen]
    entries += [(c.geopend, 1, c) for c in dossier.history.casussen]
    if not entries:
        parts.append(Text("Geen meldingen of casussen over deze persoon.", style="dim italic"))
    for _, kind, entry in sorted(entries, key=lambda e: (e[0], -e[1]), reverse=True):
        line = Text(dates.short_date(entry.datum if kind == 0 else entry.geopend) + "  ", style="bold")
        if kind == 0:
            line.append(f"Melding {regio.soort_label(entry.soort)}", style="bold")
            line.append(f"  {entry.gemeente}  {entry.extern_id}", style="")
            others = [names.get(pid, "?") for pid in entry.persoon_ids if pid != me]
            if others:
                line.append(f"\n  met {', '.join(others)}", style="dim")
            if entry.omschrijving:
                line.append(f"\n  {redact(entry.omschrijving, shown, privacy=privacy)}", style="italic")
            parts.append(line)
            if not entry.besprekingen:
                parts.append(Text("  nog niet besproken", style="dim"))
            for bespreking in entry.besprekingen:
                parts += bespreking_lines(bespreking, regio, today, privacy=privacy)
        else:
            line.append_text(casus_line(entry, regio))
            if entry.id in gemeente:
                line.append(f"  {gemeente[entry.id]}")
            others = [names.get(pid, "?") for pid in entry.persoon_ids if pid != me]
            if others:
                line.append(f"\n  met {', '.join(others)}", style="dim")
            parts.append(line)
            if entry.id in werk:
                parts += casus_werk_lines(werk[entry.id], regio, privacy=privacy)
            for actie in acties.get(entry.id, ()):
                parts.append(Text("  ") + actie_line(actie, regio, today))
        parts.append(Text(""))
    return Group(*parts)
