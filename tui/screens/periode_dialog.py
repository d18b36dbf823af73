"""Choose an own report period: first and last day (both count)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from zvh_core.config.rapport_definitie import RapportError
from zvh_core.kernel import dates
from zvh_core.reports.periode import Periode


class PeriodeDialog(ModalScreen[Periode | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Annuleren", id="periode.cancel", tooltip="Sluit zonder de periode te wijzigen."),
    ]

    def __init__(self, periode: Periode) -> None:
        super().__init__()
        self.periode = periode

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Eigen periode", classes="dialog-title")
            yield Label("Van (DD-MM-JJJJ)")
            yield Input(dates.short_date(self.periode.van), id="periode-van")
            yield Label("Tot en met (DD-MM-JJJJ)")
            yield Input(dates.short_date(self.periode.tot), id="periode-tot")
            yield Static("", id="periode-error", classes="error-text")
            yield Static("Tab: volgend veld    Enter: tonen    Esc: annuleren", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#periode-van", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        error = self.query_one("#periode-error", Static)
        try:
            van = dates.parse_user_date(self.query_one("#periode-van", Input).value)
            tot = dates.parse_user_date(self.query_one("#periode-tot", Input).value)
            self.dismiss(Periode(van, tot))
        except (ValueError, RapportError) as exc:
            error.update(str(exc))

    def action_cancel(self) -> None:
        self.dismiss(None)
