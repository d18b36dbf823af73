"""Dialogs of the run screen: route (besluit), notes per partner (verrijken), a follow-up action."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from tui import render
from zvh_core import clock
from zvh_core.regio import Regio, Route
from zvh_core.views import BekendheidView


@dataclass(frozen=True)
class RouteChoice:
    route: str
    toelichting: str


class RouteDialog(ModalScreen[RouteChoice | None]):
    """Pick a route with its number (or arrows + Enter), then type the toelichting and press Enter."""

    BINDINGS = [Binding("escape", "cancel", "Annuleren", id="route.cancel", tooltip="Sluit zonder besluit.")]

    def __init__(self, routes: list[Route], current: str | None, toelichting: str | None) -> None:
        super().__init__()
        self.routes = routes
        self.current = current
        self.toelichting = toelichting or ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Route (besluit)", classes="dialog-title")
            yield OptionList(
                *[Option(f"{n}  {r.label}", id=r.code) for n, r in enumerate(self.routes, start=1)],
                id="route-options",
            )
            yield Label("Toelichting")
            yield Input(self.toelichting, placeholder="Waarom deze route, wie pakt wat op", id="route-toelichting")
            yield Static("Cijfer of ↑↓ + Enter: route · dan toelichting + Enter: opslaan · Esc: annuleren", classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one("#route-options", OptionList)
        codes = [r.code for r in self.routes]
        options.highlighted = codes.index(self.current) if self.current in codes else 0
        options.focus()

    def on_key(self, event) -> None:
        options = self.query_one("#route-options", OptionList)
        if options.has_focus and event.character and event.character.isdigit():
            n = int(event.character)
            if 1 <= n <= len(self.routes):
                event.stop()
                options.highlighted = n - 1
                self.query_one("#route-toelichting", Input).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#route-toelichting", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        index = self.query_one("#route-options", OptionList).highlighted or 0
        self.dismiss(RouteChoice(self.routes[index].code, event.value))

    def action_cancel(self) -> None:
        self.dismiss(None)


class NotesDialog(ModalScreen[dict[str, str] | None]):
    """One line per partner present: what that partner knows (the verrijking)."""

    BINDINGS = [
        Binding("escape", "cancel", "Annuleren", id="notes.cancel", tooltip="Sluit zonder op te slaan."),
        Binding("ctrl+s", "submit", "Opslaan", id="notes.submit", tooltip="Sla alle notities op."),
    ]

    def __init__(self, regio: Regio, bekendheid: tuple[BekendheidView, ...], focus_index: int) -> None:
        super().__init__()
        self.regio = regio
        self.bekendheid = bekendheid
        self.focus_index = focus_index

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Verrijken: wat weten de partners?", classes="dialog-title")
            for n, row in enumerate(self.bekendheid, start=1):
                yield Label(f"{n}  {self.regio.partner_label(row.partner)} ({self.regio.bekendheid_label(row.code)})")
                # Privacy mode (shared screen): notes are typed and shown masked.
                yield Input(row.notitie or "", id=f"note-{row.partner}", placeholder="Notitie", password=render.PRIVACY.on)
            yield Static("Tab/↓: volgende partner · Enter: opslaan · Esc: annuleren", classes="dialog-hint")

    def on_mount(self) -> None:
        inputs = list(self.query(Input))
        if inputs:
            inputs[min(self.focus_index, len(inputs) - 1)].focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        changed = {}
        for row in self.bekendheid:
            value = self.query_one(f"#note-{row.partner}", Input).value.strip()
            if value != (row.notitie or ""):
                changed[row.partner] = value
        self.dismiss(changed)

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class ActieRequest:
    eigenaar: str
    omschrijving: str
    termijn: date


class ActieDialog(ModalScreen[ActieRequest | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Annuleren", id="actie.cancel", tooltip="Sluit zonder actie."),
        Binding("ctrl+s", "submit", "Opslaan", id="actie.submit", tooltip="Sla de actie op."),
    ]

    def __init__(self, regio: Regio, partners: list[str], eigenaar: str, termijn: date) -> None:
        super().__init__()
        self.regio = regio
        self.partners = partners
        self.eigenaar = eigenaar
        self.termijn = termijn

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Vervolgactie", classes="dialog-title")
            yield Label("Eigenaar")
            yield Select(
                [(f"{self.regio.partners[p].kort} — {self.regio.partners[p].naam}", p) for p in self.partners],
                value=self.eigenaar,
                allow_blank=False,
                id="actie-eigenaar",
            )
            yield Label("Omschrijving")
            yield Input(placeholder="Wat moet er gebeuren", id="actie-omschrijving")
            yield Label("Termijn (DD-MM-JJJJ)")
            yield Input(clock.short_date(self.termijn), id="actie-termijn")
            yield Static("", id="actie-error", classes="error-text")
            yield Static("Tab: volgend veld · Enter: opslaan · Esc: annuleren", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#actie-omschrijving", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        error = self.query_one("#actie-error", Static)
        omschrijving = self.query_one("#actie-omschrijving", Input).value.strip()
        if not omschrijving:
            error.update("Vul een omschrijving in.")
            self.query_one("#actie-omschrijving", Input).focus()
            return
        try:
            termijn = clock.parse_user_date(self.query_one("#actie-termijn", Input).value)
        except ValueError as exc:
            error.update(f"Termijn: {exc}")
            self.query_one("#actie-termijn", Input).focus()
            return
        eigenaar = self.query_one("#actie-eigenaar", Select).value
        self.dismiss(ActieRequest(str(eigenaar), omschrijving, termijn))

    def action_cancel(self) -> None:
        self.dismiss(None)
