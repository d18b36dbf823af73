"""Agenda of one overleg: first the open actions of the previous overleg of the same type, per owner (each
marked gedaan / niet gedaan / omstandigheden gewijzigd, the rest of a partner niet gedaan in one key, a short
note), then the meldingen: take off, add, who is present, start."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Static

from tui import render
from tui.keymap import bindings
from tui.live import LiveFollowing
from tui.row_table import RowTable
from tui.screens.agenda_dialogs import AddMeldingDialog, Attendance, PartnersDialog
from tui.screens.base import ZvhScreen
from tui.screens.dialogs import TextPrompt
from tui.screens.run import undo_stack
from tui.screens.run_dialogs import GeheimhoudingDialog
from tui.workers import Change, Loaded, Saved
from zvh_core.acties import followup
from zvh_core.config.regio import SAME_TYPE
from zvh_core.kernel import dates
from zvh_core.kernel.read_models import ActieRow, AgendaItem, OverlegView
from zvh_core.meetings import action_review, bespreking, overleggen, voorbereiden
from zvh_core.meetings.agenda import agenda_items
from zvh_core.meetings.bespreking import Undo
from zvh_core.meetings.live import Stand

if TYPE_CHECKING:
    from tui.app import ZvhApp


def came_from(item: AgendaItem, regio) -> str:
    """Where a melding on the agenda comes from: "aangehouden op Routeertafel 23-11 (2×)", "doorverwezen door
    Routeertafel 23-11", "eerder besproken: …"; '' for a new one."""
    if item.eerder is None:
        return ""
    type_code, datum, route_code = item.eerder
    name = regio.overlegtypen[type_code].naam if type_code in regio.overlegtypen else type_code
    route = regio.routes.get(route_code)
    if route is not None and route.naar == SAME_TYPE:
        times = f" ({item.eerder_aangehouden}×)" if item.eerder_aangehouden > 1 else ""
        return f"aangehouden op {name} {datum:%d-%m}{times}"
    if route is not None and route.naar:
        return f"doorverwezen door {name} {datum:%d-%m}"
    return f"eerder besproken: {name} {datum:%d-%m}"


PERSONS_WIDTH = 28
"""The agenda's Personen column at most (the run screen names everyone): where a melding comes from stays in view."""


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip(", ") + "…"


class AgendaLoaded(Loaded):
    value: tuple[
        OverlegView, list[AgendaItem], tuple[OverlegView | None, list[ActieRow]], dict[int, dict[str, datetime]]
    ]


def read_agenda(session, regio, overleg_id: int):
    return (
        overleggen.get_overleg(session, regio, overleg_id),
        agenda_items(session, regio, overleg_id),
        action_review.review_acties(session, regio, overleg_id),
        voorbereiden.prepared_by(session, overleg_id),
    )


class AgendaScreen(LiveFollowing, ZvhScreen):
    """Follows the store live: partners' preparation appears as it is recorded."""

    SCOPE = "agenda"
    BINDINGS = bindings("agenda")

    def __init__(self, overleg_id: int) -> None:
        super().__init__()
        self.overleg_id = overleg_id
        self.overleg: OverlegView | None = None
        self.items: list[AgendaItem] = []
        self.review: list[ActieRow] = []
        self.first_load = True

    def compose(self) -> ComposeResult:
        yield Static("", id="topbar")
        with Vertical(id="agenda"):
            yield Static("", id="agenda-review-title", classes="section-title")  # wraps on a narrow screen
            yield RowTable(id="agenda-review", zebra_stripes=True)
            yield Static("", id="agenda-summary")
            yield RowTable(id="agenda-table", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#agenda-table", DataTable)
        table.add_column("", key="status", width=1)
        table.add_columns("#", "Datum", "Soort", "Gemeente", "Personen", "Melding", "Voorbereid", "Opmerking")
        review = self.query_one("#agenda-review", DataTable)
        review.add_column("Status", key="status")
        review.add_columns("Eigenaar", "Actie", "Termijn", "Melding", "Personen")
        for widget in (review, self.query_one("#agenda-review-title")):
            widget.display = False
        table.focus()
        self.reload()
        self.start_following(self.overleg_id)

    def live_changed(self, previous: Stand | None, stand: Stand) -> None:
        if previous is not None:
            self.reload()

    def reload(self) -> None:
        regio, overleg_id = self.zvh.regio, self.overleg_id
        self.load(AgendaLoaded, lambda s: read_agenda(s, regio, overleg_id))

    def on_agenda_loaded(self, message: AgendaLoaded) -> None:
        self.overleg, self.items, (previous, self.review), prepared = message.value
        regio = self.zvh.regio
        self.query_one("#topbar", Static).update(render.overleg_topbar(self.overleg, regio))
        self._render_review(previous)
        self.query_one("#agenda-summary", Static).update(
            f"Agenda: {len(self.items)} meldingen (urgent eerst, dan oudste eerst). "
            "b: bespreken · x: van agenda · t: toevoegen · p: aanwezig · k: geheimhouding"
        )
        table = self.query_one("#agenda-table", DataTable)
        row = table.cursor_row
        table.clear()
        for n, item in enumerate(self.items, start=1):
            table.add_row(
                render.status_mark(item),
                str(n),
                dates.short_date(item.datum),
                ("! " if item.urgent else "") + regio.soort_label(item.soort),
                item.gemeente,
                _cut(render.persons_text(item.personen, privacy=self.privacy), PERSONS_WIDTH),
                item.extern_id,
                render.preparation_marks(self.overleg.partners, prepared.get(item.bespreking_id, {}), regio),
                came_from(item, regio),
                key=str(item.bespreking_id),
            )
        if self.items:
            table.move_cursor(row=min(row, len(self.items) - 1))
        if self.first_load:
            self.first_load = False
            if any(r.actie.status is None for r in self.review):
                self.query_one("#agenda-review", DataTable).focus()
        self.refresh_bindings()

    def _render_review(self, previous: OverlegView | None) -> None:
        today = self.zvh.today()
        review = self.query_one("#agenda-review", DataTable)
        title = self.query_one("#agenda-review-title", Static)
        for widget in (review, title):
            widget.display = bool(self.review)
        if not self.review:
            return
        done = sum(1 for r in self.review if r.actie.reviewed_in(self.overleg_id))
        since = f" ({previous.type_naam} {dates.short_date(previous.datum)})" if previous else ""
        title.update(
            f"Eerst de acties van het vorige overleg{since}: {done} / {len(self.review)} nagelopen"
            "\no gedaan · n niet gedaan · N rest van deze partner niet gedaan · w omstandigheden gewijzigd · "
            "i notitie · Tab: naar de agenda"
        )
        row = review.cursor_row
        review.clear()
        owner = None
        for r in self.review:
            a = r.actie
            first_of_owner, owner = a.eigenaar != owner, a.eigenaar  # per owner: the name on its first row
            if a.status is not None and a.reviewed_in(self.overleg_id):  # reviewed: it has a status
                status = f"{followup.STATUS_LABELS[a.status]} {dates.short_date(a.status_op)}"
            else:
                status = "VERLOPEN" if a.termijn < today else "nog nalopen"
                if a.status:  # left open by an earlier review: asked again
                    status += f" (eerder {followup.STATUS_LABELS[a.status]} {dates.short_date(a.status_op)})"
            review.add_row(
                status,
                self._owner_label(a.eigenaar) if first_of_owner else "",
                Text(a.omschrijving).append(f" — {a.terugkoppeling}", style="italic")
                if a.terugkoppeling
                else a.omschrijving,
                dates.short_date(a.termijn),
                r.melding_extern_id or "",
                render.persons_text(r.personen, privacy=self.privacy),
                key=str(a.id),
            )
        review.move_cursor(row=min(row, len(self.review) - 1))

    def _owner_label(self, eigenaar: str) -> str:
        """The owner of a group of actions, with how many of its actions are still to review."""
        app = cast("ZvhApp", self.app)
        today = app.today()
        rest = [
            r.actie for r in self.review if r.actie.eigenaar == eigenaar and not r.actie.reviewed_in(self.overleg_id)
        ]
        late = sum(1 for a in rest if a.termijn < today)
        counts = f" ({len(rest)} na te lopen{f', {late} verlopen' if late else ''})" if rest else ""
        return f"{app.regio.partner_label(eigenaar)}{counts}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("review", "review_rest", "review_note"):
            return bool(self.review)
        return True

    def _review_row(self) -> ActieRow | None:
        if not self.review:
            return None
        review = self.query_one("#agenda-review", DataTable)
        return self.review[min(review.cursor_row, len(self.review) - 1)]

    def action_review_rest(self) -> None:
        """Shift+N: the actions of the chosen action's owner not reviewed yet: niet gedaan, in one change; the
        cursor goes on to the next owner."""
        row = self._review_row()
        if row is None:
            return
        owner = row.actie.eigenaar
        app = cast("ZvhApp", self.app)
        store, regio, overleg_id, today = app.store, app.regio, self.overleg_id, app.today()
        self.save(Change.REVIEWED, lambda: action_review.set_rest_niet_gedaan(store, regio, overleg_id, owner, today))
        review = self.query_one("#agenda-review", DataTable)
        following = [n for n, r in enumerate(self.review) if n > review.cursor_row and r.actie.eigenaar != owner]
        if following:
            review.move_cursor(row=following[0])

    def action_review_note(self) -> None:
        row = self._review_row()
        if row is None:
            return
        a, app = row.actie, cast("ZvhApp", self.app)
        dialog = TextPrompt(
            f"Notitie bij de actie van {app.regio.partner_label(a.eigenaar)}: {a.omschrijving} (mag leeg)",
            value=a.terugkoppeling or "",
            placeholder="Bijv. gebeld, wacht op terugbellen",
        )
        store, overleg_id = app.store, self.overleg_id

        def stored(text: str | None) -> None:
            if text is not None:
                self.save(Change.REVIEWED, lambda: action_review.set_review_note(store, a.id, overleg_id, text))

        self.app.push_screen(dialog, callback=stored)

    def action_review(self, status: str | None) -> None:
        if not self.review:
            return
        review = self.query_one("#agenda-review", DataTable)
        row = self.review[min(review.cursor_row, len(self.review) - 1)]
        store, overleg_id, today = self.zvh.store, self.overleg_id, self.zvh.today()
        self.save(
            Change.REVIEWED, lambda: action_review.set_review_status(store, row.actie.id, overleg_id, status, today)
        )
        if status is not None and review.cursor_row < len(self.review) - 1:
            review.move_cursor(row=review.cursor_row + 1)

    def action_geheimhouding(self) -> None:
        if self.overleg is None:
            return
        dialog = GeheimhoudingDialog(self.zvh.regio.geheimhoudingsverklaring, self.overleg.geheimhouding_gelezen_op)
        self.app.push_screen(dialog, callback=self._geheimhouding)

    def _geheimhouding(self, gelezen: bool | None) -> None:
        if gelezen is None:
            return
        store, overleg_id = self.zvh.store, self.overleg_id
        self.save(Change.GEHEIMHOUDING, lambda: overleggen.set_geheimhouding(store, overleg_id, gelezen))

    def _selected(self) -> AgendaItem | None:
        table = self.query_one("#agenda-table", DataTable)
        if not self.items:
            return None
        return self.items[min(table.cursor_row, len(self.items) - 1)]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.data_table.id == "agenda-table":
            item = self._selected()  # Enter on a row: that melding, as chosen
            self.zvh.start_run(self.overleg_id, item.bespreking_id if item else None)

    def action_run(self) -> None:
        """``b``: a meeting not yet started begins at its first undecided melding in agenda order (urgent
        first), wherever the agenda cursor is; a started one resumes where the chair was."""
        started = self.overleg is not None and self.overleg.gestart_op is not None
        first = next((i for i in self.items if i.status in ("open", "bezig")), None)
        self.zvh.start_run(self.overleg_id, None if started or first is None else first.bespreking_id)

    def action_remove(self) -> None:
        item = self._selected()
        if item is None:
            return
        store, stack = self.zvh.store, undo_stack(self.app, self.overleg_id)
        undo: list[Undo] = []

        def write() -> None:
            overleggen.remove_from_agenda(store, item.bespreking_id, undo=undo)
            self.app.call_from_thread(stack.extend, undo)  # stored: Ctrl+Z puts it back

        self.save(Change.REMOVED, write)

    def action_undo(self) -> None:
        """Ctrl+Z: take back the last change in this meeting (here or on the run screen): a melding taken off
        the agenda comes back in its place."""
        stack = undo_stack(self.app, self.overleg_id)
        if not stack:
            self.notify("Er is in dit overleg nog niets om ongedaan te maken.", severity="information")
            return
        entry = stack.pop()
        app = cast("ZvhApp", self.app)
        store, regio = app.store, app.regio
        self.save(Change.UNDONE, lambda: (entry, bespreking.undo_change(store, regio, entry)))

    def action_add(self) -> None:
        self.app.push_screen(AddMeldingDialog(self.overleg_id), callback=self._add)

    def _add(self, melding_id: int | None) -> None:
        if melding_id is None:
            return
        store, overleg_id = self.zvh.store, self.overleg_id
        self.save(Change.ADDED, lambda: overleggen.add_to_agenda(store, overleg_id, melding_id))

    def action_partners(self) -> None:
        if self.overleg is None:
            return
        dialog = PartnersDialog(self.zvh.regio, list(self.overleg.partners), list(self.overleg.afgemeld))
        self.app.push_screen(dialog, callback=self._partners)

    def _partners(self, attendance: Attendance | None) -> None:
        if attendance is None:
            return
        store, regio, overleg_id = self.zvh.store, self.zvh.regio, self.overleg_id
        self.save(
            Change.PARTNERS,
            lambda: overleggen.set_partners(store, regio, overleg_id, attendance.partners, attendance.afgemeld),
        )

    def on_saved(self, message: Saved) -> None:
        self.reload()
        if message.what is Change.REMOVED:
            self.notify("Van de agenda gehaald; de melding komt terug op het volgende overleg.")
        elif message.what is Change.ADDED:
            self.notify("Toegevoegd aan het eind van de agenda.")
        elif message.what is Change.UNDONE:
            self.notify(f"Ongedaan gemaakt: {message.value[0].wat}.")

    def action_back(self) -> None:
        self.zvh.go_home()
