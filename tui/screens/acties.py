"""Open actions by owner, overdue ones marked; marking one done records the date and the terugkoppeling."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from tui import render
from tui.keymap import bindings
from tui.screens.casus_dialogs import DatedText, DatedTextDialog
from tui.screens.dialogs import ChoiceDialog
from tui.screens.list_screen import ListScreen
from tui.workers import Change, Loaded, Saved
from zvh_core.acties import followup
from zvh_core.kernel import dates
from zvh_core.kernel.read_models import ActieRow

ALL_OWNERS = ""


class ActiesLoaded(Loaded):
    value: list[ActieRow]


class ActiesScreen(ListScreen):
    SCOPE = "acties"
    BINDINGS = bindings("acties")
    TOPBAR = "Acties · Enter: afgerond · f: eigenaar · Esc: terug"
    COLUMNS = ("Eigenaar", "Termijn", "", "Actie", "Herkomst", "Personen")

    def __init__(self) -> None:
        super().__init__()
        self.eigenaar: str | None = None

    def reload(self) -> None:
        regio, eigenaar = self.zvh.regio, self.eigenaar
        self.load(ActiesLoaded, lambda s: followup.open_acties(s, regio, eigenaar=eigenaar))

    def on_acties_loaded(self, message: ActiesLoaded) -> None:
        regio, today = self.zvh.regio, self.zvh.today()
        overdue = sum(1 for r in message.value if r.actie.termijn < today)
        summary = Text()
        summary.append(f"{len(message.value)} open acties", style="bold")
        if self.eigenaar:
            summary.append(f" van {regio.partner_label(self.eigenaar)}")
        summary.append(" · ")
        summary.append(f"{overdue} verlopen", style="bold red" if overdue else "")
        summary.append(" · per eigenaar, vroegste termijn eerst")

        def cells(r: ActieRow):
            state = Text("VERLOPEN", style="bold red") if r.actie.termijn < today else Text("")
            if r.actie.status:
                state.append(f" {followup.STATUS_LABELS[r.actie.status]}", style="yellow")
            return (
                regio.partner_label(r.actie.eigenaar), dates.short_date(r.actie.termijn), state, r.actie.omschrijving,
                render.actie_origin(r, regio), render.persons_text(r.personen, privacy=self.privacy),
            )  # fmt: skip

        self.show(summary, message.value, cells, key=lambda r: r.actie.id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_complete()

    def action_complete(self) -> None:
        row = self.selected()
        if row is None:
            return
        store, today = self.zvh.store, self.zvh.today()

        def write(answer: DatedText):
            return lambda: followup.complete_actie(store, row.actie.id, answer.datum, answer.text, today=today)

        title = f"Afgerond: {self.zvh.regio.partner_label(row.actie.eigenaar)} — {row.actie.omschrijving}"
        dialog = DatedTextDialog(title, "Afgerond op", "Terugkoppeling", today, required=False, write=write)
        # The dialog stores it (a date in the future is refused beside its field, the terugkoppeling kept).
        self.app.push_screen(
            dialog, callback=lambda done: None if done is None else self.on_saved(Saved(Change.AFGEROND))
        )

    def on_saved(self, message: Saved) -> None:
        if message.what is Change.AFGEROND:
            self.notify("Actie afgerond.")
        self.reload()

    def action_filter_owner(self) -> None:
        regio = self.zvh.regio
        options: list[tuple[str, object]] = [
            ("Alle eigenaren", ALL_OWNERS),
            *[(f"{p.kort} — {p.naam}", code) for code, p in regio.partners.items()],
        ]
        self.app.push_screen(ChoiceDialog("Acties van welke eigenaar?", options), callback=self._filter)

    def _filter(self, eigenaar: object) -> None:
        if eigenaar is None:
            return
        self.eigenaar = str(eigenaar) or None
        self.reload()
