"""Small modal dialogs: an error, a confirmation, a one-line text, a choice; and what every dialog's
text fields share (``text_field``: the cursor at the end of what is there, never select-all;
``TypeAhead``: keys typed while a dialog opens land in the field the chair types first;
``WritesThrough``: a dialog that stores its own change, so a refusal keeps the form and names the field)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.workers import Change, Saved, StoreFailed, StoreWorkMixin


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
    - ``pick_key`` lets a dialog act on a key (a digit that picks a partner) before it is delivered;
    - Enter in a text field is handled once that field has taken the keys typed before it, and the keys typed
      behind the Enter wait (ZvhApp.hold_keys) until the dialog has closed (they go to the screen behind or the
      next dialog) or stayed open with an error (they go into it): never into a closing dialog."""

    FIRST_FIELD = ""
    SUBMIT_BEHIND = True
    """Enter in a text field: the dialog's on_input_submitted behind the field's keys (see above)."""
    _opening = True
    _held_keys: list[events.Key] | None = None
    _release = None
    """Set while an Enter's Submitted is on its way: releases the keys typed behind it (ZvhApp.hold_keys)."""

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
        return self.pick_key(event) or self._submit_behind(event)

    def _submit_behind(self, event: events.Key) -> bool:
        """Enter in a text field: delivered as usual (behind the keys typed before it, which the field may not
        have taken yet), and every key typed behind it waits (ZvhApp.hold_keys) until this dialog has handled
        the field's Submitted (on_input_submitted below). Never used up here: returns False."""
        hold = getattr(self.app, "hold_keys", None)  # type: ignore[attr-defined]
        if event.key != "enter" or not self.SUBMIT_BEHIND or hold is None or self._release is not None:
            return False
        if not isinstance(self.focused, Input):  # type: ignore[attr-defined]
            return False
        self._release = hold()
        return False

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """After the dialog's own handler (Textual calls the handlers along the class hierarchy): closed or
        kept open, the keys typed behind the Enter go on now."""
        release, self._release = self._release, None
        if release is not None:
            release()

    def pick_key(self, event: events.Key) -> bool:
        """For subclasses: act on a key before it reaches the focused field; True: it is used up."""
        return False

    def on_mount(self) -> None:
        if self.FIRST_FIELD:
            self.focus_first()

    def focus_first(self) -> None:
        if not self._opening:
            return
        fields = self.query(self.FIRST_FIELD)  # type: ignore[attr-defined]
        if not fields:  # the screen is already going away (closed before its fields were mounted)
            return
        self.set_focus(fields.first())  # type: ignore[attr-defined]
        self._opening = False
        held, self._held_keys = self._held_keys or [], None
        # In one go, before the app dispatches the next key. The held events themselves, not copies: a key made
        # here would have this screen as its sender and stop bubbling here, before the app's bindings (Enter).
        for n, key in enumerate(held):
            if self._release is not None:  # an Enter among them: the rest waits for the dialog to close or stay
                release = self.app.hold_keys(held[n:])  # type: ignore[attr-defined]
                release()  # dispatched once the Enter's own hold is released
                return
            if not self.route_key(key):
                (self.focused or self)._forward_event(key)  # type: ignore[attr-defined,union-attr]


STORED = object()
"""What a ``WritesThrough`` dialog closes with when the service handed back nothing (None means: cancelled)."""


class WritesThrough(StoreWorkMixin):
    """For a dialog given a ``write`` by the screen that opened it: on submit the dialog runs the service call
    itself (``write_through``) and closes with what the service handed back only once it is stored. A refusal
    (a date in the future, a rule of the core) is shown beside the field the core names (``veld``, through
    ``REFUSAL_FIELDS``: veld → (field selector, error selector)), that field gets the focus, and everything
    typed stays. Keys typed while the write is under way wait, and go to the screen behind once the dialog
    has closed (after a refusal they are dropped: they were not meant for the form)."""

    REFUSAL_FIELDS: dict[str, tuple[str, str]] = {}
    GENERAL_ERROR = ""
    """Selector of the error line for a refusal about no field of this form."""

    busy = False
    refused: Callable[[StoreFailed], None] | None = None
    """Called after a refusal (the opener's bookkeeping, e.g. a version claimed for the write)."""
    _busy_keys: list[events.Key] | None = None

    def write_through(self, what: Change, write: Callable[[], Any]) -> None:
        self.busy = True
        self._busy_keys = []
        self.save(what, write)

    def hold_key(self, event: events.Key) -> bool:
        if self.busy and self._busy_keys is not None:
            self._busy_keys.append(event)
            return True
        hold = getattr(super(), "hold_key", None)
        return bool(hold(event)) if hold is not None else False

    def on_saved(self, message: Saved) -> None:
        message.stop()
        keys, self._busy_keys = self._busy_keys or [], None
        self.dismiss(STORED if message.value is None else message.value)  # type: ignore[attr-defined]
        for key in keys:  # typed behind the Enter that stored: for the screen behind, in order
            self.app.post_message(key)  # type: ignore[attr-defined]

    def on_store_failed(self, message: StoreFailed) -> None:
        message.stop()
        self.busy, self._busy_keys = False, None
        veld = getattr(message.error, "veld", None)
        self.show_refusal(veld, message.message if message.user_error else f"Fout: {message.message}")
        if self.refused is not None:
            self.refused(message)

    def clear_refusals(self) -> None:
        for _, error in self.REFUSAL_FIELDS.values():
            self.query_one(error, Static).update("")  # type: ignore[attr-defined]
        if self.GENERAL_ERROR:
            self.query_one(self.GENERAL_ERROR, Static).update("")  # type: ignore[attr-defined]

    def show_refusal(self, veld: str | None, text: str) -> None:
        """The message beside the field it is about (focused), else on the form's general error line."""
        field, error = self.REFUSAL_FIELDS.get(veld or "", ("", ""))
        if field and self.query(field) and self.query(error):  # type: ignore[attr-defined]
            self.query_one(error, Static).update(text)  # type: ignore[attr-defined]
            self.set_focus(self.query_one(field))  # type: ignore[attr-defined]
        else:
            line = self.query_one(self.GENERAL_ERROR, Static)  # type: ignore[attr-defined]
            line.update(text)
            line.scroll_visible(animate=False)


class ErrorDialog(ModalScreen[None]):
    """A worker error or a refused change, in Dutch; Enter, Esc or space closes it. Its keys (and a
    ConfirmDialog's) are priority bindings: the dialog closes while the app dispatches the key, so the keys
    typed behind it go to the screen behind, never to the closing dialog."""

    BINDINGS = [
        Binding(
            "escape,enter,space", "dismiss", "Sluiten", id="dialog.close", tooltip="Sluit deze melding.", priority=True
        )
    ]

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
        Binding("j,y,enter", "answer(True)", "Ja", id="dialog.yes", tooltip="Bevestigen.", priority=True),
        Binding("n,escape", "answer(False)", "Nee", id="dialog.no", tooltip="Annuleren.", priority=True),
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

    def __init__(self, title: str, options: Sequence[tuple[str, object]], hint: str = "") -> None:
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
