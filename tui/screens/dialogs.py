"""Small modal dialogs: an error, a confirmation, a one-line text."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static


class ErrorDialog(ModalScreen[None]):
    """A worker error or a refused change, in Dutch; any key closes it."""

    BINDINGS = [Binding("escape,enter,space", "dismiss", "Sluiten", id="dialog.close", tooltip="Sluit deze melding.")]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog error"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.message, id="error-message")
            yield Static("Enter of Esc: sluiten", classes="dialog-hint")


class ConfirmDialog(ModalScreen[bool]):
    BINDINGS = [
        Binding("j,y,enter", "answer(True)", "Ja", id="dialog.yes", tooltip="Bevestigen."),
        Binding("n,escape", "answer(False)", "Nee", id="dialog.no", tooltip="Annuleren."),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, id="confirm-question")
            yield Static("j / Enter: ja    n / Esc: nee", classes="dialog-hint")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class TextPrompt(ModalScreen[str | None]):
    """One line of text; Enter returns it, Esc cancels (None)."""

    BINDINGS = [Binding("escape", "cancel", "Annuleren", id="dialog.cancel", tooltip="Sluit zonder op te slaan.")]

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Static("Enter: opslaan    Esc: annuleren", classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
