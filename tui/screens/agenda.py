"""Agenda of one overleg: take meldingen off, add others, change who is present, then start."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Static

from tui import render
from tui.actions import bindings
from tui.screens.agenda_dialogs import AddMeldingDialog, PartnersDialog
from tui.screens.base import ZvhScreen
from tui.store_work import Loaded, Saved
from zvh_core import clock, meetings
from zvh_core.agenda import agenda_items
from zvh_core.views import AgendaItem, OverlegView


class AgendaLoaded(Loaded):
    value: tuple[OverlegView, list[AgendaItem]]


class AgendaScreen(ZvhScreen):
    SCOPE = "agenda"
    BINDINGS = bindings("agenda")

    def __init__(self, overleg_id: int) -> None:
        super().__init__()
        self.overleg_id = overleg_id
        self.overleg: OverlegView | None = None
        self.items: list[AgendaItem] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="topbar")
        with Vertical(id="agenda"):
            yield Static("", id="agenda-summary")
            yield DataTable(id="agenda-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#agenda-table", DataTable)
        table.add_column("", key="status", width=1)
        table.add_columns("#", "Datum", "Soort", "Gemeente", "Personen", "Melding", "Opmerking")
        table.focus()
        self.reload()

    def reload(self) -> None:
        regio, overleg_id = self.app.regio, self.overleg_id
        self.load(
            AgendaLoaded,
            lambda s: (meetings.get_overleg(s, regio, overleg_id), agenda_items(s, regio, overleg_id)),
        )

    def on_agenda_loaded(self, message: AgendaLoaded) -> None:
        self.overleg, self.items = message.value
        regio = self.app.regio
        o = self.overleg
        partners = ", ".join(regio.partner_label(p) for p in o.partners)
        self.query_one("#topbar", Static).update(
            f"{o.type_naam} · {clock.long_date(o.datum)} · voorzitter {o.voorzitter} · aanwezig: {partners}"
        )
        self.query_one("#agenda-summary", Static).update(
            f"Agenda: {len(self.items)} meldingen (urgent eerst, dan oudste eerst). "
            "b: bespreken · x: van agenda · t: toevoegen · p: partners"
        )
        table = self.query_one("#agenda-table", DataTable)
        row = table.cursor_row
        table.clear()
        for n, item in enumerate(self.items, start=1):
            table.add_row(
                render.status_mark(item),
                str(n),
                clock.short_date(item.datum),
                ("! " if item.urgent else "") + regio.soort_label(item.soort),
                item.gemeente,
                render.persons_text(item.personen),
                item.extern_id,
                f"{item.eerder_aangehouden}× aangehouden" if item.eerder_aangehouden else "",
                key=str(item.bespreking_id),
            )
        if self.items:
            table.move_cursor(row=min(row, len(self.items) - 1))

    def _selected(self) -> AgendaItem | None:
        table = self.query_one("#agenda-table", DataTable)
        if not self.items:
            return None
        return self.items[min(table.cursor_row, len(self.items) - 1)]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_run()

    def action_run(self) -> None:
        item = self._selected()
        self.app.start_run(self.overleg_id, item.bespreking_id if item else None)

    def action_remove(self) -> None:
        item = self._selected()
        if item is None:
            return
        store = self.app.store
        self.save("removed", lambda: meetings.remove_from_agenda(store, item.bespreking_id))

    def action_add(self) -> None:
        self.app.push_screen(AddMeldingDialog(self.overleg_id), callback=self._add)

    def _add(self, melding_id: int | None) -> None:
        if melding_id is None:
            return
        store, overleg_id = self.app.store, self.overleg_id
        self.save("added", lambda: meetings.add_to_agenda(store, overleg_id, melding_id))

    def action_partners(self) -> None:
        if self.overleg is None:
            return
        self.app.push_screen(PartnersDialog(self.app.regio, list(self.overleg.partners)), callback=self._partners)

    def _partners(self, partners: list[str] | None) -> None:
        if partners is None:
            return
        store, regio, overleg_id = self.app.store, self.app.regio, self.overleg_id
        self.save("partners", lambda: meetings.set_partners(store, regio, overleg_id, partners))

    def on_saved(self, message: Saved) -> None:
        self.reload()
        if message.what == "removed":
            self.notify("Van de agenda gehaald; de melding komt terug op het volgende overleg.")
        elif message.what == "added":
            self.notify("Toegevoegd aan het eind van de agenda.")

    def action_back(self) -> None:
        self.app.go_home()
