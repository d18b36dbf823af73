"""Small modal dialogs: an error, a confirmation, a one-line text, a choice; and what every dialog's
text fields share (``text_field``: the cursor at the end of what is there, never select-all;
``TypeAhead``: keys typed while a dialog opens land in the field the chair types first)."""

from __future__ import annotations

from textual import events
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
    """For a dialog (or the login): every key is routed while the app dispatches it (ZvhApp.on_event asks
    ``hold_key`` and ``route_key``), so a fast typist's keys land where they were meant, in order:

    - keys typed while the dialog opens are held and then go to the field the chair types first
      (``FIRST_FIELD``, a selector), never to the screen behind;
    - Tab and Shift+Tab move the focus at once (Textual's own Tab binding would run after the keys typed
      behind it had already gone to the old field);
    - ``pick_key`` lets a dialog act on a key (a digit that picks a partner) before it is delivered."""

    FIRST_FIELD = ""
    _opening = True
    _held_keys: list[events.Key] | None = None

    def hold_key(self, event: events.Key) -> bool:
        """Keep ``event`` for the first field while the dialog is still opening; False once it is open."""
        if not self._opening or not self.FIRST_FIELD or self.focused is not None:  # type: ignore[attr-defined]
            return False
        if self._held_keys is None:
            self._held_keys = []
        self._held_keys.append(event)
        return True

    def hold_keys(self, keys: list[events.Key]) -> bool:
        """Take keys typed for this dialog before it was pushed (the run screen held them); False once open."""
        if not self._opening or not self.FIRST_FIELD:
            return False
        self._held_keys = [*(self._held_keys or []), *keys]
        return True

    def route_key(self, event: events.Key) -> bool:
        """Act on ``event`` before it is delivered; True: it is used up."""
        if self._opening and self.FIRST_FIELD:
            return False
        if event.key == "tab":
            self.focus_next()  # type: ignore[attr-defined]
            return True
        if event.key == "shift+tab":
            self.focus_previous()  # type: ignore[attr-defined]
            return True
        return self.pick_key(event)

    def pick_key(self, event: events.Key) -> bool:
        """For subclasses: act on a key before it reaches the focused field; True: it is used up."""
        return False

    def on_mount(self) -> None:
        if self.FIRST_FIELD:
            self.focus_first()

    def focus_first(self) -> None:
        if not self._opening:
            return
        self.set_focus(self.query_one(self.FIRST_FIELD))  # type: ignore[attr-defined]
        self._opening = False
        held, self._held_keys = self._held_keys or [], None
        # In one go, before the app dispatches the next key. The held events themselves, not copies: a key made
        # here would have this screen as its sender and stop bubbling here, before the app's bindings (Enter).
        for key in held:
            if not self.route_key(key):
                (self.focused or self)._forward_event(key)  # type: ignore[attr-defined,union-attr]


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
