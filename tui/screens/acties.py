"""Open actions by owner, overdue ones marked; marking one done records the date and the terugkoppeling."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Static

from tui import render
from tui.actions import bindings
from tui.screens.base import ZvhScreen
from tui.screens.casus_dialogs import DatedText, DatedTextDialog
from tui.screens.dialogs import ChoiceDialog
from tui.store_work import Loaded, Saved
from zvh_core import acties, clock
from zvh_core.views import ActieRow

ALL_OWNERS = ""


class ActiesLoaded(Loaded):
    value: list[ActieRow]


class ActiesScreen(ZvhScreen):
    SCOPE = "acties"
    BINDINGS = bindings("acties")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ActieRow] = []
        self.eigenaar: str | None = None

    def compose(self) -> ComposeResult:
        yield Static("Acties · Enter: afgerond · f: eigenaar · Esc: terug", id="topbar")
        with Vertical(id="agenda"):
            yield Static("", id="list-summary")
            yield DataTable(id="list-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#list-table", DataTable)
        table.add_columns("Eigenaar", "Termijn", "", "Actie", "Herkomst", "Personen")
        table.focus()
        self.reload()

    def reload(self) -> None:
        regio, eigenaar = self.app.regio, self.eigenaar
        self.load(ActiesLoaded, lambda s: acties.open_acties(s, regio, eigenaar=eigenaar))

    def on_acties_loaded(self, message: ActiesLoaded) -> None:
        self.rows = message.value
        regio, today = self.app.regio, self.app.today()
        overdue = sum(1 for r in self.rows if r.actie.termijn < today)
        summary = Text()
        summary.append(f"{len(self.rows)} open acties", style="bold")
        if self.eigenaar:
            summary.append(f" van {regio.partner_label(self.eigenaar)}")
        summary.append(" · ")
        summary.append(f"{overdue} verlopen", style="bold red" if overdue else "")
        summary.append(" · per eigenaar, vroegste termijn eerst")
        self.query_one("#list-summary", Static).update(summary)
        table = self.query_one("#list-table", DataTable)
        row = table.cursor_row
        table.clear()
        for r in self.rows:
            a = r.actie
            state = Text("VERLOPEN", style="bold red") if a.termijn < today else Text("")
            if a.status:
                state.append(f" {acties.STATUS_LABELS[a.status]}", style="yellow")
            table.add_row(
                regio.partner_label(a.eigenaar),
                clock.short_date(a.termijn),
                state,
                a.omschrijving,
                render.actie_origin(r, regio),
                r.personen,
                key=str(a.id),
            )
        if self.rows:
            table.move_cursor(row=min(row, len(self.rows) - 1))

    def _selected(self) -> ActieRow | None:
        if not self.rows:
            return None
        return self.rows[min(self.query_one("#list-table", DataTable).cursor_row, len(self.rows) - 1)]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_complete()

    def action_complete(self) -> None:
        row = self._selected()
        if row is None:
            return
        title = f"Afgerond: {self.app.regio.partner_label(row.actie.eigenaar)} — {row.actie.omschrijving}"
        dialog = DatedTextDialog(title, "Afgerond op", "Terugkoppeling", self.app.today(), required=False)
        self.app.push_screen(dialog, callback=lambda answer: self._complete(row, answer))

    def _complete(self, row: ActieRow, answer: DatedText | None) -> None:
        if answer is None:
            return
        store = self.app.store
        self.save("afgerond", lambda: acties.complete_actie(store, row.actie.id, answer.datum, answer.text))

    def on_saved(self, message: Saved) -> None:
        if message.what == "afgerond":
            self.notify("Actie afgerond.")
        self.reload()

    def action_filter_owner(self) -> None:
        regio = self.app.regio
        options = [("Alle eigenaren", ALL_OWNERS), *[(f"{p.kort} — {p.naam}", code) for code, p in regio.partners.items()]]
        self.app.push_screen(ChoiceDialog("Acties van welke eigenaar?", options), callback=self._filter)

    def _filter(self, eigenaar: object) -> None:
        if eigenaar is None:
            return
        self.eigenaar = str(eigenaar) or None
        self.reload()

    def action_refresh(self) -> None:
        self.reload()

    def action_back(self) -> None:
        self.app.go_home()
