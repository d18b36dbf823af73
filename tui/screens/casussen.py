"""Casussen: the open ones by thema and procesregisseur with their age; open one, or a new one directly."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.widgets import DataTable

from tui import render
from tui.keymap import bindings, offered, spec_of
from tui.screens.casus_dialogs import CasusForm, CasusFormDialog
from tui.screens.list_screen import ListScreen
from tui.workers import Loaded
from zvh_core.casussen import procesregie, regie
from zvh_core.casussen.views import MijnCasus
from zvh_core.kernel import dates
from zvh_core.kernel.read_models import CasusRow

if TYPE_CHECKING:
    from tui.app import ZvhApp


class CasussenLoaded(Loaded):
    value: list[CasusRow]


class CasusList(ListScreen):
    """A list of casussen: Enter (or a click) opens the chosen one."""

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_casus()

    def action_open_casus(self) -> None:
        row = self.selected()
        if row is not None:
            cast("ZvhApp", self.app).show_casus(row.id)


class CasussenScreen(CasusList):
    SCOPE = "casussen"
    BINDINGS = bindings("casussen")
    TOPBAR = "Casussen · Enter: openen · n: nieuwe casus · g: ook gesloten · Esc: terug"
    COLUMNS = ("Thema", "Procesregisseur", "Gemeente", "Geopend", "Leeftijd", "Status", "Meld.", "Acties", "Personen")

    def __init__(self) -> None:
        super().__init__()
        self.include_closed = False

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        regio, today, closed = self.zvh.regio, self.zvh.today(), self.include_closed
        self.load(CasussenLoaded, lambda s: procesregie.list_casussen(s, regio, today, include_closed=closed))

    def on_casussen_loaded(self, message: CasussenLoaded) -> None:
        regio = self.zvh.regio
        open_rows = [r for r in message.value if r.is_open]
        per_thema = Counter(regio.thema_label(r.thema) for r in open_rows)
        per_regisseur = Counter(r.procesregisseur or "(geen)" for r in open_rows)
        summary = Text()
        summary.append(f"{len(open_rows)} open casussen", style="bold")
        if self.include_closed:
            summary.append(f" (en {len(message.value) - len(open_rows)} gesloten)")
        if per_thema:
            summary.append("\nPer thema: " + " · ".join(f"{t} {n}" for t, n in per_thema.items()))
            summary.append("\nPer procesregisseur: " + " · ".join(f"{p} {n}" for p, n in sorted(per_regisseur.items())))

        def cells(r: CasusRow):
            if r.is_open:
                status = Text("open", style="green")
            else:
                status = Text(f"gesloten {dates.short_date(r.gesloten)}", style="dim")
            if r.aangemeld_door:
                status.append(f" · aangemeld door {regio.partner_label(r.aangemeld_door)}", style="dim")
            return (
                regio.thema_label(r.thema), r.procesregisseur or "—", r.gemeente, dates.short_date(r.geopend),
                render.age_text(r.leeftijd_dagen), status, str(r.meldingen), str(r.open_acties) if r.open_acties else "",
                render.persons_text(r.personen, privacy=self.privacy),
            )  # fmt: skip

        self.show(summary, message.value, cells, key=lambda r: r.id)

    def action_toggle_closed(self) -> None:
        self.include_closed = not self.include_closed
        self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        spec = spec_of("casussen", action)
        # A key the role may not use is not offered at all (False hides it from the footer).
        return spec is None or spec.recht is None or offered(self.zvh.actor, spec.recht)

    def action_new_casus(self) -> None:
        if not self.check_action("new_casus", ()):
            return
        store, regio, today = self.zvh.store, self.zvh.regio, self.zvh.today()

        def write(form: CasusForm):
            return lambda: procesregie.open_casus(
                store, regio, thema=form.thema, gemeente=form.gemeente, geopend=form.geopend,
                procesregisseur=form.procesregisseur, aangemeld_door=form.aangemeld_door, today=today,
            )  # fmt: skip

        self.app.push_screen(CasusFormDialog(regio, today, write=write), callback=self._created)

    def _created(self, casus_id: object) -> None:
        if not isinstance(casus_id, int):
            return
        self.notify("Casus geopend; voeg de personen toe (p).")
        self.zvh.show_casus(casus_id, ask_persons=True)

    def action_mijn_casussen(self) -> None:
        self.app.push_screen(MijnCasussenScreen())


class MijnCasussenLoaded(Loaded):
    value: list[MijnCasus]


class MijnCasussenScreen(CasusList):
    """The logged-in procesregisseur's open casussen: evaluations due this week first, with the goals and
    actions past their termijn and the days since the last journal entry."""

    SCOPE = "mijn_casussen"
    BINDINGS = bindings("mijn_casussen")
    TOPBAR = "Mijn casussen · Enter: openen · Esc: terug"
    COLUMNS = ("Evaluatie", "Thema", "Gemeente", "Personen", "Doelen over termijn", "Acties over termijn", "Journaal")

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        today = self.zvh.today()
        self.load(MijnCasussenLoaded, lambda s: regie.mijn_casussen(s, today))

    def on_mijn_casussen_loaded(self, message: MijnCasussenLoaded) -> None:
        regio, today = self.zvh.regio, self.zvh.today()
        due = sum(1 for r in message.value if r.evaluatie_due(today))
        summary = Text()
        summary.append(f"{len(message.value)} open casussen", style="bold")
        summary.append(f" · {due} evaluatie(s) binnen een week of te laat" if due else " · geen evaluatie deze week")

        def cells(r: MijnCasus):
            evaluatie = Text(dates.short_date(r.evaluatie_op) or "—")
            if r.evaluatie_op is not None and r.evaluatie_op < today:
                evaluatie.stylize("bold red")
                evaluatie.append(" te laat")
            elif r.evaluatie_due(today):
                evaluatie.stylize("bold yellow")
            journaal = "nog niets" if r.dagen_sinds_journaal is None else f"{r.dagen_sinds_journaal} dagen geleden"
            return (
                evaluatie, regio.thema_label(r.thema), r.gemeente, render.persons_text(r.personen, privacy=self.privacy),
                str(r.doelen_over_termijn or ""), str(r.acties_over_termijn or ""), journaal,
            )  # fmt: skip

        self.show(summary, message.value, cells, key=lambda r: r.id)

    def action_back(self) -> None:
        self.app.pop_screen()
