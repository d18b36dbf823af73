"""Forms of the casus screen that write through the service themselves: a refusal is shown beside the field it
is about (the service's ``veld``) and everything typed stays; the form closes only when the change is stored,
and hands back what the service returned.

One generic ``FormDialog`` (fields as data: text, date or a choice) and the forms of the procesregie built on it:
goals, journal, evaluation, hand-over, closing, reopening, correcting the opening date, a new person.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from tui.screens.dialogs import TypeAhead, text_field
from tui.type_ahead_select import TypeAheadSelect
from tui.workers import Change, Saved, StoreFailed, StoreWorkMixin
from zvh_core.kernel import dates

GENERAL = "_algemeen"


class FieldError(Exception):
    """Input that cannot be read (a date that is no date); ``veld`` names the field."""

    def __init__(self, veld: str, message: str) -> None:
        super().__init__(message)
        self.veld = veld


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    kind: str = "text"
    """text, date (DD-MM-JJJJ; empty allowed when not required) or choice."""
    value: Any = None
    options: Sequence[tuple[str, str]] = ()
    """(label, value) of a choice."""
    required: bool = False
    placeholder: str = ""


@dataclass
class FormValues:
    """What was typed, read per field: ``text``, ``date`` (None when empty) or ``choice``."""

    raw: dict[str, Any] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)

    def text(self, name: str) -> str:
        return str(self.raw.get(name) or "").strip()

    def choice(self, name: str) -> str | None:
        value = self.raw.get(name)
        return None if value in (None, "", Select.NULL) else str(value)

    def date(self, name: str) -> date | None:
        text = self.text(name)
        if not text:
            return None
        try:
            return dates.parse_user_date(text)
        except ValueError as exc:
            raise FieldError(name, f"{self.labels.get(name, name)}: {exc}") from exc


class FormDialog(TypeAhead, StoreWorkMixin, ModalScreen[Any]):
    """A form whose ``build(values)`` returns the write to run (a zvh_core service call); closes with its result.
    Keys typed fast land in the field they were meant for (TypeAhead), from the first field on."""

    BINDINGS = [
        Binding("escape", "cancel", "Annuleren", id="form.cancel", tooltip="Sluit zonder op te slaan."),
        Binding("ctrl+s", "submit", "Opslaan", id="form.submit", tooltip="Sla op (ook: Enter in een tekstveld)."),
    ]

    def __init__(
        self, title: str, fields: Sequence[FormField], build: Callable[[FormValues], Callable[[], Any]], *,
        intro: str = "", first: str | None = None,
    ) -> None:  # fmt: skip
        super().__init__()
        self.title_text = title
        self.fields = list(fields)
        self.build = build
        self.intro = intro
        self.busy = False
        # The field the user types first (``first``, e.g. the text when the date is already today's).
        start = first or (self.fields[0].name if self.fields else None)
        self.FIRST_FIELD = f"#f-{start}" if start else ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide form"):
            yield Label(self.title_text, classes="dialog-title")
            if self.intro:
                yield Static(self.intro, id="form-intro")
            for f in self.fields:
                yield Label(f.label + (" *" if f.required else ""))
                if f.kind == "choice":
                    value = f.value
                    if value is None:
                        value = f.options[0][1] if f.required and f.options else Select.NULL
                    yield TypeAheadSelect(list(f.options), value=value, allow_blank=not f.required, id=f"f-{f.name}")
                else:
                    value = dates.short_date(f.value) if isinstance(f.value, date) else (f.value or "")
                    placeholder = f.placeholder or ("DD-MM-JJJJ" if f.kind == "date" else "")
                    yield text_field(value, placeholder=placeholder, id=f"f-{f.name}")
                yield Static("", id=f"err-{f.name}", classes="error-text")
            yield Static("", id=f"err-{GENERAL}", classes="error-text")
            yield Static("Tab: volgend veld · Enter of Ctrl+S: opslaan · Esc: annuleren", classes="dialog-hint")

    def _values(self) -> FormValues:
        values = FormValues(labels={f.name: f.label for f in self.fields})
        for f in self.fields:
            widget = self.query_one(f"#f-{f.name}")
            values.raw[f.name] = widget.value  # type: ignore[attr-defined]
        return values

    def _clear_errors(self) -> None:
        for error in self.query(".error-text"):
            error.update("")  # type: ignore[attr-defined]

    def show_error(self, veld: str | None, message: str) -> None:
        names = {f.name for f in self.fields}
        target = veld if veld in names else GENERAL
        self.query_one(f"#err-{target}", Static).update(message)
        if target != GENERAL:
            self.query_one(f"#f-{target}").focus()
        else:  # below the last field: scrolled into view on a short terminal
            self.query_one(f"#err-{target}", Static).scroll_visible(animate=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        if self.busy:
            return
        self._clear_errors()
        values = self._values()
        for f in self.fields:
            if f.required and not (values.choice(f.name) if f.kind == "choice" else values.text(f.name)):
                self.show_error(f.name, f"Vul in: {f.label.lower()}.")
                return
        try:
            write = self.build(values)
        except FieldError as exc:
            self.show_error(exc.veld, str(exc))
            return
        self.busy = True
        self.save(Change.FORM, write)

    def on_saved(self, message: Saved) -> None:
        message.stop()
        self.dismiss(message.value)

    def on_store_failed(self, message: StoreFailed) -> None:
        message.stop()
        self.busy = False
        veld = getattr(message.error, "veld", None)
        self.show_error(veld, message.message if message.user_error else f"Fout: {message.message}")

    def action_cancel(self) -> None:
        self.dismiss(None)


def partner_options(regio) -> list[tuple[str, str]]:
    return [(f"{p.kort} — {p.naam}", code) for code, p in regio.partners.items()]


def date_or_today(values: FormValues, name: str, today: date) -> date:
    return values.date(name) or today
