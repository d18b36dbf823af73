"""Lookup: "have we seen this person before?", from every screen, also in the middle of a meeting.

Every keystroke starts a search in a worker thread; the newest query wins (a result for an older text
is dropped), so typing never waits for the store. Enter opens the dossier of the highlighted person.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Label, Static

from tui import render
from tui.keymap import bindings
from tui.row_table import RowTable, row_id
from tui.screens.base import ZvhModalScreen
from tui.workers import Loaded, StoreFailed
from zvh_core.kernel.read_models import LookupResult
from zvh_core.persons import lookup

PLACEHOLDER = "Naam, geboortedatum (12-03-1987), BSN, postcode (+ huisnummer) of meldingnummer"


class LookupLoaded(Loaded):
    value: LookupResult


class DuplicatesMarked(Loaded):
    """The same rows, with the likely duplicates marked (a second, slower step)."""

    value: LookupResult


class LookupScreen(ZvhModalScreen[int | None]):
    """Dismisses with the chosen person's id (None: closed)."""

    SCOPE = "lookup"
    BINDINGS = bindings("lookup")

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial_query = query
        self.result = LookupResult(query="")
        self.searching = False
        self.waiting: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog lookup"):
            yield Label("Persoon zoeken", classes="dialog-title")
            # Privacy mode (shared screen): what is typed is masked, like a password.
            yield Input(self.initial_query, placeholder=PLACEHOLDER, id="lookup-input", password=self.privacy)
            yield Static("", id="lookup-status")
            yield RowTable(id="lookup-results", zebra_stripes=True)
            yield Static("↑↓: kiezen · Enter: dossier · Esc: terug", classes="dialog-hint")

    def on_mount(self) -> None:
        table = self.query_one("#lookup-results", DataTable)
        table.can_focus = False
        table.add_column("Naam", key="naam")
        table.add_column("Geboren", key="geboren", width=10)
        table.add_column("Gemeente", key="gemeente")
        table.add_column("Laatste contact", key="contact", width=15)
        table.add_column("Gevonden", key="gevonden")
        table.add_column("", key="dubbel", width=9)
        field = self.query_one("#lookup-input", Input)
        field.focus()
        if self.initial_query:
            field.select_all()
            self._search(self.initial_query)
        else:
            self._show_status("Typ om te zoeken.")

    def reload(self) -> None:
        """Search again (privacy mode changed, or after an error)."""
        field = self.query_one("#lookup-input", Input)
        field.password = self.privacy
        self.searching = False
        self._search(field.value)

    @property
    def query_text(self) -> str:
        return self.query_one("#lookup-input", Input).value

    # --- searching while typing --------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._search(event.value)

    def _search(self, text: str) -> None:
        """Search for ``text``; while a search runs, only the newest text waits for its turn (no pile-up
        of threads when someone types fast)."""
        if not text.strip():
            self.waiting = None
            self._show(LookupResult(query=text))
            self._show_status("Typ om te zoeken.")
            return
        if self.searching:
            self.waiting = text
            return
        self.searching = True
        self._show_status("zoeken…")
        today = self.zvh.today()
        self.load(LookupLoaded, lambda session: lookup.search(session, text, today=today))

    def on_lookup_loaded(self, message: LookupLoaded) -> None:
        result = message.value
        self.searching = False
        waiting, self.waiting = self.waiting, None
        if result.query.strip() and self.query_text.strip():
            self._show(result)  # also an older text's rows: better than none while typing on
        if waiting is not None and waiting != result.query:
            self._search(waiting)
        elif result.query == self.query_text and result.rows:
            self.load(DuplicatesMarked, lambda session: lookup.mark_duplicates(session, result))

    def on_store_failed(self, message: StoreFailed) -> None:
        self.searching = False  # the error dialog is shown by ZvhModalScreen

    def on_duplicates_marked(self, message: DuplicatesMarked) -> None:
        result = message.value
        if result.query != self.query_text or [r.persoon_id for r in result.rows] != [
            r.persoon_id for r in self.result.rows
        ]:
            return
        self.result = result
        table = self.query_one("#lookup-results", DataTable)
        for row in result.rows:
            table.update_cell(str(row.persoon_id), "dubbel", render.lookup_cells(row, privacy=self.privacy)[-1])
        self._show_status(self._summary(result))

    def _show(self, result: LookupResult) -> None:
        self.result = result
        table = self.query_one("#lookup-results", DataTable)
        table.clear()
        for row in result.rows:
            table.add_row(*render.lookup_cells(row, privacy=self.privacy), key=str(row.persoon_id))
        if result.rows:
            table.move_cursor(row=0, animate=False)
        if result.query.strip():
            self._show_status(self._summary(result) if result.query == self.query_text else "zoeken…")

    @staticmethod
    def _summary(result: LookupResult) -> str:
        count = len(result.rows)
        if count == 0:
            return "Niemand gevonden. Probeer een deel van de naam, een geboortedatum of een postcode."
        more = " (de beste)" if result.kandidaten > count else ""
        doubles = sum(1 for r in result.rows if r.mogelijk_dubbel)
        tail = f" · {doubles} mogelijk dubbel: open het dossier om samen te voegen" if doubles else ""
        return f"{count} persoon{'en' if count != 1 else ''}{more}: exact eerst, dan recent{tail}"

    def _show_status(self, text: str) -> None:
        self.query_one("#lookup-status", Static).update(text)

    # --- choosing ----------------------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        table = self.query_one("#lookup-results", DataTable)
        if table.row_count:
            table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + step)), animate=False)

    def action_open_person(self) -> None:
        table = self.query_one("#lookup-results", DataTable)
        if not self.result.rows or table.cursor_row >= len(self.result.rows):
            return
        self._close(self.result.rows[table.cursor_row].persoon_id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_open_person()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._close(row_id(event.row_key))

    def action_close(self) -> None:
        self._close(None)

    def _close(self, persoon_id: int | None) -> None:
        self.zvh.last_lookup_query = self.query_text
        self.dismiss(persoon_id)
