"""How domain views look on screen (Rich renderables). One place, so every screen shows a
melding, a person or a history the same way."""

from __future__ import annotations

from datetime import datetime

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from zvh_core import clock
from zvh_core.rapport.tabel import Rapport
from zvh_core.regio import Regio
from zvh_core.views import (
    ActieView,
    AgendaItem,
    BekendheidView,
    BesprekingDetail,
    CasusRef,
    Dossier,
    EarlierBespreking,
    History,
    LookupRow,
    OverlegView,
    PersonView,
)

STATUS_MARK = {"open": "·", "bezig": "◐", "besloten": "✓", "aangehouden": "↷"}
STATUS_STYLE = {"open": "dim", "bezig": "yellow", "besloten": "green", "aangehouden": "magenta"}
BEKENDHEID_STYLE = {"bekend": "bold green", "niet_bekend": "red", "niet_nagevraagd": "dim"}


def status_mark(item: AgendaItem) -> Text:
    return Text(STATUS_MARK[item.status], style=STATUS_STYLE[item.status])


def person_line(person: PersonView) -> Text:
    line = Text()
    line.append(person.naam, style="bold")
    if person.geboortedatum:
        line.append(f"  {clock.short_date(person.geboortedatum)}")
        if person.leeftijd is not None:
            line.append(f" ({person.leeftijd} jaar)")
    if person.herhaald:
        line.append("  HERHAALD", style="bold reverse red")
    if person.bsn:
        line.append(f"  BSN {person.bsn}", style="dim")
    if person.adres:
        line.append(f"\n    {person.adres}", style="dim")
    return line


def melding_panel(detail: BesprekingDetail, regio: Regio) -> RenderableType:
    m = detail.melding
    head = Text()
    if m.urgent:
        head.append(" URGENT ", style="bold reverse red")
        head.append(" ")
    head.append(regio.soort_label(m.soort), style="bold")
    head.append(f"  ·  {clock.short_date(m.datum)}  ·  {m.gemeente}  ·  {regio.bron_label(m.bron)} {m.extern_id}")
    persons: list[RenderableType] = [person_line(p) for p in m.personen] or [Text("Onbekende persoon", style="italic")]
    description = Text(m.omschrijving or "(geen omschrijving)", style="" if m.omschrijving else "dim italic")
    return Group(head, Text(""), *persons, Text(""), description)


def bekendheid_table(
    bekendheid: tuple[BekendheidView, ...], regio: Regio, selected: int | None
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
            Text(row.notitie or "", style="italic"),
        )
    return table


def actie_line(actie: ActieView, regio: Regio, today) -> Text:
    line = Text("• ")
    line.append(regio.partner_label(actie.eigenaar), style="bold")
    line.append(f": {actie.omschrijving}  (termijn {clock.short_date(actie.termijn)})")
    if actie.afgerond_op:
        line.append(f"  afgerond {clock.short_date(actie.afgerond_op)}", style="green")
    elif actie.termijn < today:
        line.append("  VERLOPEN", style="bold red")
    return line


def besluit_panel(detail: BesprekingDetail, regio: Regio, today) -> RenderableType:
    parts: list[RenderableType] = []
    if detail.besluit:
        line = Text("Route: ", style="bold")
        line.append(regio.route_label(detail.besluit.route), style="bold green")
        if detail.besluit.toelichting:
            line.append(f" — {detail.besluit.toelichting}")
        parts.append(line)
    else:
        parts.append(Text("Nog geen besluit (r: route, h: aanhouden)", style="dim"))
    for actie in detail.acties:
        parts.append(actie_line(actie, regio, today))
    return Group(*parts)


HISTORY_SHOWN = 12
"""Earlier meldingen drawn in the panel; more would slow every move for people with long histories."""


def history_panel(history: History, persons: tuple[PersonView, ...], regio: Regio, today) -> RenderableType:
    if history.is_empty:
        return Text("Niets eerder bekend over deze personen.", style="dim italic")
    names = {p.id: p.naam for p in persons}
    parts: list[RenderableType] = []
    earlier = [m for m in history.meldingen if not m.deze_melding]
    summary = Text(f"{len(earlier)} eerdere melding(en), {len(history.casussen)} casus(sen)", style="bold")
    if len(history.meldingen) > HISTORY_SHOWN:
        summary.append(f"; de laatste {HISTORY_SHOWN} hieronder", style="dim")
    parts += [summary, Text("")]
    for casus in history.casussen:
        line = casus_line(casus, regio)
        line.append(f"\n  {', '.join(names.get(pid, '?') for pid in casus.persoon_ids)}", style="dim")
        parts += [line, Text("")]
    for earlier in history.meldingen[:HISTORY_SHOWN]:
        line = Text()
        if earlier.deze_melding:
            line.append("Deze melding, eerder besproken", style="bold yellow")
        else:
            line.append(clock.short_date(earlier.datum), style="bold")
            line.append(f"  {regio.soort_label(earlier.soort)}  {earlier.gemeente}")
            who = ", ".join(names.get(pid, "?") for pid in earlier.persoon_ids)
            line.append(f"\n  {who}", style="dim")
            if earlier.omschrijving:
                line.append(f"\n  {earlier.omschrijving}", style="italic")
        parts.append(line)
        for bespreking in earlier.besprekingen:
            parts += bespreking_lines(bespreking, regio, today)
        parts.append(Text(""))
    return Group(*parts)


def casus_line(casus: CasusRef, regio: Regio) -> Text:
    """'Casus PGA  sinds 01-04-2025, open, A. Regisseur'."""
    line = Text("Casus ", style="bold magenta")
    line.append(regio.thema_label(casus.thema), style="bold")
    state = f"gesloten {clock.short_date(casus.gesloten)}" if casus.gesloten else "open"
    line.append(f"  sinds {clock.short_date(casus.geopend)}, {state}")
    if casus.procesregisseur:
        line.append(f", {casus.procesregisseur}")
    return line


def bespreking_lines(bespreking: EarlierBespreking, regio: Regio, today) -> list[Text]:
    """One earlier bespreking: overleg and date, the route, who knew the persons, the actions."""
    kind = regio.overlegtypen[bespreking.overleg_type].naam if bespreking.overleg_type in regio.overlegtypen else bespreking.overleg_type
    sub = Text(f"  {kind} {clock.short_date(bespreking.overleg_datum)}: ", style="cyan")
    if bespreking.besluit:
        sub.append(regio.route_label(bespreking.besluit.route), style="bold")
        if bespreking.besluit.toelichting:
            sub.append(f" — {bespreking.besluit.toelichting}")
    else:
        sub.append("geen besluit", style="dim")
    for known in bespreking.bekend_bij:
        sub.append(f"\n    {regio.partner_label(known.partner)} {regio.bekendheid_label(known.code)}")
        if known.notitie:
            sub.append(f": {known.notitie}", style="italic")
    return [sub, *(Text("    ") + actie_line(actie, regio, today) for actie in bespreking.acties)]


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
    if overleg.gestart_op and decided:
        elapsed = (now - overleg.gestart_op).total_seconds()
        per_item = elapsed / decided
        remaining = total - decided
        end = clock.local_time(now).timestamp() + per_item * remaining
        end_local = datetime.fromtimestamp(end, tz=clock.LOCAL)
        text.append(f" · ± {max(1, round(per_item / 60))} min per melding · klaar rond {end_local:%H:%M}")
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
        table.add_row(*rij.kop, *(str(v) for v in rij.waarden), style="bold" if rij.totaal else None,
                      end_section=rij.totaal)
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
    head.append(f"  — per kwartaal per gemeente  (cijfer {cijfer + 1} van {len(rapport.cijfers)}; c: volgend cijfer)", style="dim")
    numbers = dict.fromkeys(k.nummer for k in rapport.kwartalen)  # in the period's order, once each
    legend = Text("   ").join(Text(f"■ K{n}", style=QUARTER_STYLE[n]) for n in numbers)
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, width=name_width)
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True, width=bar_width)
    grid.add_column(justify="right", no_wrap=True)
    for gemeente, reeks in zip(rapport.gemeenten, reeksen):
        for n, (kwartaal, value) in enumerate(zip(rapport.kwartalen, reeks.per_kwartaal)):
            name = Text(gemeente, style="bold") if n == 0 else Text("")
            if n == 1:
                name = Text(f"totaal {reeks.totaal}", style="dim")
            style = QUARTER_STYLE[kwartaal.nummer]
            grid.add_row(name, Text(kwartaal.label, style=style), Text(bar(value, largest, bar_width), style=style), str(value))
        grid.add_row("", "", "", "")
    return Group(head, legend, Text(""), grid)


# --- lookup and dossier ---------------------------------------------------------------------------
MATCH_STYLE = {"exact": "bold green", "lijkt": "yellow", "deels": "dim"}


def lookup_cells(row: LookupRow) -> tuple[Text, ...]:
    """The cells of one lookup row: name, birth date, gemeente, last contact, how it was found."""
    found = Text(row.match, style=MATCH_STYLE.get(row.match, ""))
    if row.via:
        found.append(f" · {row.via}", style="dim")
    return (
        Text(row.naam, style="bold"),
        Text(clock.short_date(row.geboortedatum)),
        Text(row.gemeente or ""),
        Text(clock.short_date(row.laatste_contact) or "—"),
        found,
        Text("≈ dubbel?", style="bold magenta") if row.mogelijk_dubbel else Text(""),
    )


def dossier_header(dossier: Dossier) -> RenderableType:
    p = dossier.persoon
    head = Text(p.naam, style="bold")
    if p.geboortedatum:
        head.append(f"  geboren {clock.short_date(p.geboortedatum)}")
        if p.leeftijd is not None:
            head.append(f" ({p.leeftijd} jaar)")
    if p.bsn:
        head.append(f"  BSN {p.bsn}", style="dim")
    address = ", ".join(x for x in (p.adres, " ".join(y for y in (p.postcode, p.woonplaats) if y)) if x)
    if address:
        head.append(f"\n{address}", style="dim")
    h = dossier.history
    open_casussen = sum(1 for c in h.casussen if c.gesloten is None)
    head.append(
        f"\n{len(h.meldingen)} melding(en) · {sum(len(m.besprekingen) for m in h.meldingen)} bespreking(en) · "
        f"{len(h.casussen)} casus(sen)" + (f", {open_casussen} open" if open_casussen else ""),
        style="cyan",
    )
    return head


def dossier_panel(dossier: Dossier, regio: Regio, today) -> RenderableType:
    """Likely duplicates, merges, then the timeline: meldingen (with besprekingen) and casussen, newest first."""
    parts: list[RenderableType] = []
    if dossier.dubbelen:
        parts.append(Text("Mogelijk dezelfde persoon (m: samenvoegen)", style="bold magenta"))
        for n, d in enumerate(dossier.dubbelen, start=1):
            line = Text(f"  {n}. ")
            line.append(d.naam, style="bold")
            line.append(f"  {clock.short_date(d.geboortedatum)}  {d.adres or ''}  ({d.meldingen} melding(en))")
            line.append(f" — {d.reden}", style="italic")
            parts.append(line)
        parts.append(Text(""))
    if dossier.samenvoegingen:
        parts.append(Text("Samengevoegd (u: laatste ongedaan maken)", style="bold"))
        for r in dossier.samenvoegingen:
            parts.append(Text(
                f"  {r.vervallen_naam} op {clock.short_date(clock.local_time(r.samengevoegd_op).date())}: "
                f"{r.meldingen} melding(en), {r.casussen} casus(sen) overgenomen"
            ))
        parts.append(Text(""))
    names = dict(dossier.namen)
    me = dossier.persoon.id
    acties = dict(dossier.casus_acties)
    gemeente = dict(dossier.casus_gemeente)
    entries: list[tuple] = [(m.datum, 0, m) for m in dossier.history.meldingen]
    entries += [(c.geopend, 1, c) for c in dossier.history.casussen]
    if not entries:
        parts.append(Text("Geen meldingen of casussen over deze persoon.", style="dim italic"))
    for _, kind, entry in sorted(entries, key=lambda e: (e[0], -e[1]), reverse=True):
        line = Text(clock.short_date(entry.datum if kind == 0 else entry.geopend) + "  ", style="bold")
        if kind == 0:
            line.append(f"Melding {regio.soort_label(entry.soort)}", style="bold")
            line.append(f"  {entry.gemeente}  {entry.extern_id}", style="")
            others = [names.get(pid, "?") for pid in entry.persoon_ids if pid != me]
            if others:
                line.append(f"\n  met {', '.join(others)}", style="dim")
            if entry.omschrijving:
                line.append(f"\n  {entry.omschrijving}", style="italic")
            parts.append(line)
            if not entry.besprekingen:
                parts.append(Text("  nog niet besproken", style="dim"))
            for bespreking in entry.besprekingen:
                parts += bespreking_lines(bespreking, regio, today)
        else:
            line.append_text(casus_line(entry, regio))
            if entry.id in gemeente:
                line.append(f"  {gemeente[entry.id]}")
            others = [names.get(pid, "?") for pid in entry.persoon_ids if pid != me]
            if others:
                line.append(f"\n  met {', '.join(others)}", style="dim")
            parts.append(line)
            for actie in acties.get(entry.id, ()):
                parts.append(Text("  ") + actie_line(actie, regio, today))
        parts.append(Text(""))
    return Group(*parts)
