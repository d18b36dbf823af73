"""Dialogs of the agenda: add a melding, who is present and who sent apologies."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, OptionList, Static

from tui import render
from tui.row_table import RowTable, row_id
from tui.screens.attendance import AttendanceList
from tui.screens.base import ZvhAppAccess, privacy_mode
from tui.workers import Loaded, StoreWorkMixin
from zvh_core.config.regio import Regio
from zvh_core.kernel import dates
from zvh_core.kernel.read_models import MeldingRow
from zvh_core.meetings import overleggen


class AddableLoaded(Loaded):
    value: list[MeldingRow]


class AddMeldingDialog(ZvhAppAccess, StoreWorkMixin, ModalScreen[int | None]):
    """Search meldingen by extern_id (newest first); Enter adds the chosen one. Without an overleg
    (e.g. linking a melding to a casus) every melding is offered."""

    BINDINGS = [
        Binding("escape", "cancel", "Annuleren", id="add.cancel", tooltip="Sluit zonder toe te voegen."),
        Binding("down", "focus_table", "Lijst", id="add.table", tooltip="Naar de lijst met meldingen.", show=False),
    ]

    def __init__(self, overleg_id: int | None, title: str = "Melding toevoegen aan de agenda") -> None:
        super().__init__()
        self.overleg_id = overleg_id
        self.title_text = title
        self.rows: list[MeldingRow] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide tall"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(placeholder="Zoek op meldingnummer (extern_id)", id="add-query")
            yield RowTable(id="add-table")
            yield Static(
                "Typ om te zoeken · ↓: naar de lijst · Enter: toevoegen · Esc: annuleren", classes="dialog-hint"
            )

    def on_mount(self) -> None:
        table = self.query_one("#add-table", DataTable)
        table.add_columns("Melding", "Datum", "Soort", "Gemeente", "Personen")
        self.query_one("#add-query", Input).focus()
        self._search("")

    def on_input_changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.rows:
            self.dismiss(self.rows[0].id)

    def _search(self, query: str) -> None:
        overleg_id = self.overleg_id
        self.load(AddableLoaded, lambda s: overleggen.addable_meldingen(s, overleg_id, query))

    def on_addable_loaded(self, message: AddableLoaded) -> None:
        self.rows = message.value
        regio = self.zvh.regio
        table = self.query_one("#add-table", DataTable)
        table.clear()
        for row in self.rows:
            table.add_row(
                row.extern_id,
                dates.short_date(row.datum),
                regio.soort_label(row.soort),
                row.gemeente,
                render.persons_text(row.personen, privacy=privacy_mode(self)),
                key=str(row.id),
            )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.dismiss(row_id(event.row_key))

    def action_focus_table(self) -> None:
        self.query_one("#add-table", DataTable).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class Attendance:
    partners: list[str]
    afgemeld: list[str]


class PartnersDialog(ModalScreen[Attendance | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Annuleren", id="partners.cancel", tooltip="Sluit zonder te wijzigen."),
        Binding("ctrl+s", "submit", "Opslaan", id="partners.submit", tooltip="Sla de aanwezigen op."),
    ]

    def __init__(self, regio: Regio, present: list[str], afgemeld: list[str] | None = None) -> None:
        super().__init__()
        self.regio = regio
        self.present = present
        self.afgemeld = afgemeld or []

    def compose(self) -> ComposeResult:
        known = [*self.present, *self.afgemeld]
        order = [*known, *[c for c in self.regio.partners if c not in known]]
        with Vertical(classes="dialog wide"):
            yield Label("Aanwezig en afgemeld", classes="dialog-title")
            yield AttendanceList(self.regio, order, self.present, self.afgemeld, id="attendance")
            yield Static("", id="partners-error", classes="error-text")
            yield Static(
                "Spatie: aanwezig → afgemeld → niet verwacht · Enter: opslaan · Esc: annuleren", classes="dialog-hint"
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        attendance = self.query_one("#attendance", AttendanceList)
        if not attendance.present:
            self.query_one("#partners-error", Static).update("Kies ten minste één aanwezige partner.")
            return
        self.dismiss(Attendance(attendance.present, attendance.afgemeld))

    def action_cancel(self) -> None:
        self.dismiss(None)
