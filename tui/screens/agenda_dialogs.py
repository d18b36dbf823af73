"""Dialogs of the agenda: add a melding, choose the partners present."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, SelectionList, Static

from tui.store_work import Loaded, StoreWorkMixin
from tui import render
from zvh_core import clock, meetings
from zvh_core.regio import Regio
from zvh_core.views import MeldingRow


class AddableLoaded(Loaded):
    value: list[MeldingRow]


class AddMeldingDialog(StoreWorkMixin, ModalScreen[int | None]):
    """Search meldingen by extern_id (newest first); Enter adds the chosen one."""

    BINDINGS = [
        Binding("escape", "cancel", "Annuleren", id="add.cancel", tooltip="Sluit zonder toe te voegen."),
        Binding("down", "focus_table", "Lijst", id="add.table", tooltip="Naar de lijst met meldingen.", show=False),
    ]

    def __init__(self, overleg_id: int) -> None:
        super().__init__()
        self.overleg_id = overleg_id
        self.rows: list[MeldingRow] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide tall"):
            yield Label("Melding toevoegen aan de agenda", classes="dialog-title")
            yield Input(placeholder="Zoek op meldingnummer (extern_id)", id="add-query")
            yield DataTable(id="add-table", cursor_type="row")
            yield Static("Typ om te zoeken · ↓: naar de lijst · Enter: toevoegen · Esc: annuleren", classes="dialog-hint")

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
        self.load(AddableLoaded, lambda s: meetings.addable_meldingen(s, overleg_id, query))

    def on_addable_loaded(self, message: AddableLoaded) -> None:
        self.rows = message.value
        regio = self.app.regio
        table = self.query_one("#add-table", DataTable)
        table.clear()
        for row in self.rows:
            table.add_row(row.extern_id, clock.short_date(row.datum), regio.soort_label(row.soort), row.gemeente, render.persons_text(row.personen), key=str(row.id))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.dismiss(int(event.row_key.value))

    def action_focus_table(self) -> None:
        self.query_one("#add-table", DataTable).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)


class PartnersDialog(ModalScreen[list[str] | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Annuleren", id="partners.cancel", tooltip="Sluit zonder te wijzigen."),
        Binding("ctrl+s,enter", "submit", "Opslaan", id="partners.submit", tooltip="Sla de aanwezigen op."),
    ]

    def __init__(self, regio: Regio, present: list[str]) -> None:
        super().__init__()
        self.regio = regio
        self.present = present

    def compose(self) -> ComposeResult:
        order = [*self.present, *[c for c in self.regio.partners if c not in self.present]]
        with Vertical(classes="dialog"):
            yield Label("Aanwezige partners", classes="dialog-title")
            yield SelectionList[str](
                *[(f"{self.regio.partners[c].kort} — {self.regio.partners[c].naam}", c, c in self.present) for c in order],
                id="partners-list",
            )
            yield Static("", id="partners-error", classes="error-text")
            yield Static("Spatie: aan/uit · Enter: opslaan · Esc: annuleren", classes="dialog-hint")

    def action_submit(self) -> None:
        selected = self.query_one("#partners-list", SelectionList).selected
        if not selected:
            self.query_one("#partners-error", Static).update("Kies ten minste één partner.")
            return
        order = [*self.present, *[c for c in self.regio.partners if c not in self.present]]
        self.dismiss([c for c in order if c in selected])

    def action_cancel(self) -> None:
        self.dismiss(None)
