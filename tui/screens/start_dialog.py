"""Start an overleg: date, chair, the partners present and those that sent apologies (the type's
defaults preselected)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static

from tui.screens.attendance import AttendanceList
from tui.screens.dialogs import TypeAhead, text_field
from zvh_core.config.regio import Regio
from zvh_core.kernel import dates


@dataclass(frozen=True)
class StartRequest:
    type_code: str
    datum: date
    voorzitter: str
    partners: list[str]
    afgemeld: list[str]


class StartDialog(TypeAhead, ModalScreen[StartRequest | None]):
    """Opens on the voorzitter (the logged-in account's name, the cursor after it); then the partners (one
    Tab), then the date (rarely changed), in that order on screen; fits 100x30."""

    FIRST_FIELD = "#start-voorzitter"
    BINDINGS = [
        Binding("escape", "cancel", "Annuleren", id="start.cancel", tooltip="Sluit zonder te starten."),
        Binding("ctrl+s", "submit", "Starten", id="start.submit", tooltip="Start het overleg."),
    ]

    def __init__(
        self, regio: Regio, type_code: str, datum: date, voorzitter: str, partners: list[str] | None = None
    ) -> None:
        super().__init__()
        self.regio = regio
        self.type_code = type_code
        self.datum = datum
        self.voorzitter = voorzitter
        self.partners = partners or list(regio.overlegtype(type_code).partners)

    def compose(self) -> ComposeResult:
        otype = self.regio.overlegtype(self.type_code)
        with VerticalScroll(classes="dialog wide start"):
            yield Label(f"{otype.naam} starten", classes="dialog-title")
            yield Label("Voorzitter")
            yield text_field(self.voorzitter, placeholder="Naam van de voorzitter", id="start-voorzitter", compact=True)
            yield Label("Partners (spatie: aanwezig → afgemeld → niet verwacht)")
            yield AttendanceList(self.regio, self._ordered_codes(), self.partners, [], id="start-partners")
            yield Label("Datum (DD-MM-JJJJ)")
            yield text_field(dates.short_date(self.datum), id="start-datum", compact=True)
            yield Static("", id="start-error", classes="error-text")
            yield Button("Starten (Ctrl+S)", variant="primary", id="start-button", compact=True)
            yield Static("Tab: volgend veld    Enter in een veld: starten    Esc: annuleren", classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        error = self.query_one("#start-error", Static)
        try:
            datum = dates.parse_user_date(self.query_one("#start-datum", Input).value)
        except ValueError as exc:
            error.update(f"Datum: {exc}")
            return
        voorzitter = self.query_one("#start-voorzitter", Input).value.strip()
        if not voorzitter:
            error.update("Vul de naam van de voorzitter in.")
            return
        attendance = self.query_one("#start-partners", AttendanceList)
        if not attendance.present:
            error.update("Kies ten minste één aanwezige partner.")
            return
        self.dismiss(StartRequest(self.type_code, datum, voorzitter, attendance.present, attendance.afgemeld))

    def _ordered_codes(self) -> list[str]:
        otype = self.regio.overlegtype(self.type_code)
        return [*otype.partners, *[c for c in self.regio.partners if c not in otype.partners]]

    def action_cancel(self) -> None:
        self.dismiss(None)
