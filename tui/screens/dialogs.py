"""Small modal dialogs: an error, a confirmation, a one-line text, a choice."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option


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


class ChoiceDialog(ModalScreen[object]):
    """Choose one of a few options (arrows or its number, Enter); Esc returns None."""

    BINDINGS = [Binding("escape", "cancel", "Annuleren", id="choice.cancel", tooltip="Sluit zonder te kiezen.")]

    def __init__(self, title: str, options: list[tuple[str, object]], hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.options = options
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(self.title_text, classes="dialog-title")
            yield OptionList(
                *[
                    Option(f"{n}  {label}" if n <= 9 else f"   {label}")
                    for n, (label, _) in enumerate(self.options, start=1)
                ],
                id="choice-options",
            )
            if self.hint:
                yield Static(self.hint, classes="dialog-hint")
            yield Static("Cijfer of ↑↓ + Enter: kiezen · Esc: annuleren", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#choice-options", OptionList).focus()

    def on_key(self, event) -> None:
        if event.character and event.character.isdigit():
            n = int(event.character)
            if 1 <= n <= min(9, len(self.options)):
                event.stop()
                self.dismiss(self.options[n - 1][1])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.options[event.option_index][1])

    def action_cancel(self) -> None:
        self.dismiss(None)
