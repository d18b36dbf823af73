"""Small modal dialogs: an error, a confirmation, a one-line text, a choice; and what every dialog's
text fields share (``text_field``: the cursor at the end of what is there, never select-all;
``TypeAhead``: keys typed while a dialog opens land in the field the chair types first)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option


def text_field(value: str = "", **options) -> Input:
    """An Input that, when focused (Tab, a click, on opening), puts the cursor after its text instead of
    selecting all of it: typing adds to a saved note or date, it never silently replaces it."""
    return Input(value, select_on_focus=False, **options)


class TypeAhead:
    """For a dialog: a key that reaches the screen itself (nothing focused yet, because the dialog is still
    opening) goes to the field the chair types first (``FIRST_FIELD``, a selector), never to the screen
    behind. Focus on opening is set at once (``Screen.set_focus``), not after a refresh."""

    FIRST_FIELD = ""

    def focus_first(self) -> None:
        self.set_focus(self.query_one(self.FIRST_FIELD))  # type: ignore[attr-defined]

    def on_key(self, event) -> None:
        if self.focused is not None or not self.FIRST_FIELD:  # type: ignore[attr-defined]
            return
        field = self.query_one(self.FIRST_FIELD)  # type: ignore[attr-defined]
        self.set_focus(field)  # type: ignore[attr-defined]
        if isinstance(field, Input) and event.is_printable and event.character:
            event.stop()
            field.insert_text_at_cursor(event.character)


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


class TextPrompt(TypeAhead, ModalScreen[str | None]):
    """One line of text; Enter returns it, Esc cancels (None)."""

    FIRST_FIELD = "#prompt-input"

    BINDINGS = [Binding("escape", "cancel", "Annuleren", id="dialog.cancel", tooltip="Sluit zonder op te slaan.")]

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield text_field(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Static("Enter: opslaan    Esc: annuleren", classes="dialog-hint")

    def on_mount(self) -> None:
        self.focus_first()

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
