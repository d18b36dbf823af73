"""Dialogs of the casussen: open or edit a casus, choose a person or a melding with the one lookup (Ctrl+F's
engine), finish an action. The procesregie forms (goals, journal, closing …) are in ``casus_forms``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, Select, Static

from tui import render
from tui.keymap import bindings
from tui.row_table import RowTable, row_id
from tui.screens.base import privacy_mode
from tui.screens.dialogs import TypeAhead, WritesThrough, text_field
from tui.screens.lookup import PLACEHOLDER, LookupScreen
from tui.type_ahead_select import TypeAheadSelect
from tui.workers import Change, Loaded, StoreWorkMixin
from zvh_core.casussen import procesregie, regie
from zvh_core.config.regio import Regio
from zvh_core.kernel import dates
from zvh_core.kernel.read_models import MeldingRow

NO_PARTNER = ""


@dataclass(frozen=True)
class CasusForm:
    thema: str
    gemeente: str
    procesregisseur: str | None
    geopend: date
    aangemeld_door: str | None


class RegisseursLoaded(Loaded):
    value: list[tuple[int, str]]


NO_REGISSEUR = ""


def regisseur_options(accounts: list[tuple[int, str]], current: str | None) -> list[tuple[str, str]]:
    """The choice of procesregisseur: the active procesregisseur accounts; a name already on the casus that is
    no account (from before accounts, imported history) is shown as such and kept while it is chosen."""
    names = [naam for _, naam in accounts]
    options = [("— nog geen procesregisseur —", NO_REGISSEUR), *[(naam, naam) for naam in names]]
    if current and current not in names:
        options.append((f"{current} (geen account; blijft staan)", current))
    return options


def regisseur_select(current: str | None, widget_id: str) -> Select:
    """The procesregisseur's choice, filled with the accounts once they are read (set_regisseur_options)."""
    options = regisseur_options([], current)
    return TypeAheadSelect(options, value=current or NO_REGISSEUR, allow_blank=False, id=widget_id)


def set_regisseur_options(select: Select, accounts: list[tuple[int, str]], current: str | None) -> None:
    """Fill ``select`` with the accounts once they are read, keeping what is chosen (or the current value)."""
    chosen = select.value
    keep = chosen if isinstance(chosen, str) else current or NO_REGISSEUR
    options = regisseur_options(accounts, current)
    select.set_options(options)
    select.value = keep if keep in {value for _, value in options} else NO_REGISSEUR


class CasusFormDialog(WritesThrough, TypeAhead, ModalScreen[object]):
    """A new casus (aanmelding by a ketenpartner, no melding) or the main fields of an existing one. The
    procesregisseur is chosen from the procesregisseur accounts.

    ``write(form)`` gives the service call to run; the dialog closes with its result only when it is stored,
    and a refusal is shown beside the field it is about, with everything typed kept."""

    BINDINGS = [
        Binding("escape", "cancel", "Annuleren", id="casusform.cancel", tooltip="Sluit zonder op te slaan."),
        Binding("ctrl+s", "submit", "Opslaan", id="casusform.submit", tooltip="Sla de casus op."),
    ]
    REFUSAL_FIELDS = {
        "aangemeld_door": ("#form-aangemeld", "#err-aangemeld"),
        "gemeente": ("#form-gemeente", "#err-gemeente"),
        "thema": ("#form-thema", "#err-thema"),
        "procesregisseur": ("#form-regisseur", "#err-regisseur"),
        "geopend": ("#form-geopend", "#err-geopend"),
    }
    GENERAL_ERROR = "#form-error"

    def __init__(
        self, regio: Regio, today: date, current: CasusForm | None = None, *, write: Callable[[CasusForm], Callable]
    ) -> None:
        super().__init__()
        self.regio = regio
        self.write = write
        self.editing = current is not None
        self.current = current or CasusForm(next(iter(regio.themas)), regio.gemeenten[0], None, today, None)
        self.regisseur_fixed = self.editing and self.current.procesregisseur is not None
        self.FIRST_FIELD = "#form-gemeente" if self.editing else "#form-aangemeld"

    def compose(self) -> ComposeResult:
        c, regio = self.current, self.regio
        partners = [(f"{p.kort} — {p.naam}", code) for code, p in regio.partners.items()]
        with VerticalScroll(classes="dialog wide form"):
            yield Label(
                "Casus wijzigen" if self.editing else "Nieuwe casus (aanmelding zonder melding)", classes="dialog-title"
            )
            if not self.editing:
                yield Label("Aangemeld door")
                yield TypeAheadSelect(
                    [("— geen ketenpartner —", NO_PARTNER), *partners],
                    value=c.aangemeld_door or NO_PARTNER,
                    allow_blank=False,
                    id="form-aangemeld",
                )
                yield Static("", id="err-aangemeld", classes="error-text")
            yield Label("Gemeente (waar de persoon woont)")
            yield TypeAheadSelect(
                [(g, g) for g in regio.gemeenten], value=c.gemeente, allow_blank=False, id="form-gemeente"
            )
            yield Static("", id="err-gemeente", classes="error-text")
            yield Label("Thema")
            yield TypeAheadSelect(
                [(label, code) for code, label in regio.themas.items()],
                value=c.thema,
                allow_blank=False,
                id="form-thema",
            )
            yield Static("", id="err-thema", classes="error-text")
            if self.regisseur_fixed:
                # A swap is a hand-over (with its date and note), never an edit.
                yield Static(
                    f"Procesregisseur: {c.procesregisseur} · wisselen gaat met h (overdragen), met datum en notitie",
                    id="form-regisseur-vast",
                )
            else:
                yield Label("Procesregisseur (een account)")
                yield regisseur_select(c.procesregisseur, "form-regisseur")
                yield Static("", id="err-regisseur", classes="error-text")
            if not self.editing:
                yield Label("Geopend (DD-MM-JJJJ)")
                yield text_field(dates.short_date(c.geopend), id="form-geopend")
                yield Static("", id="err-geopend", classes="error-text")
            yield Static("", id="form-error", classes="error-text")
            yield Static("Tab: volgend veld · Enter in een tekstveld of Ctrl+S: opslaan · Esc: annuleren",
                         classes="dialog-hint")  # fmt: skip

    def on_mount(self) -> None:  # TypeAhead focuses the first field
        if not self.regisseur_fixed:
            self.load(RegisseursLoaded, regie.regisseur_accounts)

    def on_regisseurs_loaded(self, message: RegisseursLoaded) -> None:
        set_regisseur_options(self.query_one("#form-regisseur", Select), message.value, self.current.procesregisseur)

    def clear_refusals(self) -> None:
        for _, error in self.REFUSAL_FIELDS.values():
            for line in self.query(error):
                line.update("")  # type: ignore[attr-defined]
        self.query_one(self.GENERAL_ERROR, Static).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        if self.busy:
            return
        self.clear_refusals()
        geopend = self.current.geopend
        aangemeld = self.current.aangemeld_door
        if not self.editing:
            try:
                geopend = dates.parse_user_date(self.query_one("#form-geopend", Input).value)
            except ValueError as exc:
                self.show_refusal("geopend", f"Geopend: {exc}")
                return
            aangemeld = str(self.query_one("#form-aangemeld", Select).value) or None
        if self.regisseur_fixed:
            regisseur = self.current.procesregisseur
        else:
            chosen = self.query_one("#form-regisseur", Select).value
            regisseur = chosen if isinstance(chosen, str) and chosen else None
        form = CasusForm(
            thema=str(self.query_one("#form-thema", Select).value),
            gemeente=str(self.query_one("#form-gemeente", Select).value),
            procesregisseur=regisseur,
            geopend=geopend,
            aangemeld_door=aangemeld,
        )
        self.write_through(Change.CASUSFORM, self.write(form))

    def show_refusal(self, veld: str | None, text: str) -> None:
        label = {"geopend": "Geopend: "}.get(veld or "", "")
        super().show_refusal(veld, text if text.startswith(label) else label + text)

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)


@dataclass(frozen=True)
class DatedText:
    datum: date
    text: str


class DatedTextDialog(WritesThrough, TypeAhead, ModalScreen[object]):
    """A date and a line of text: finishing an action (terugkoppeling).

    With ``write`` (DatedText → the service call) the dialog stores it itself and closes only once it is
    stored; a refusal (a date in the future) is shown beside its field with the text kept. Without it, the
    dialog closes with the DatedText."""

    BINDINGS = [
        Binding("escape", "cancel", "Annuleren", id="dated.cancel", tooltip="Sluit zonder op te slaan."),
        Binding("ctrl+s", "submit", "Opslaan", id="dated.submit", tooltip="Opslaan."),
    ]
    REFUSAL_FIELDS = {
        "tekst": ("#dated-text", "#dated-text-error"),
        "datum": ("#dated-datum", "#dated-error"),
    }
    GENERAL_ERROR = "#dated-general-error"

    def __init__(
        self, title: str, date_label: str, text_label: str, datum: date, *, required: bool,
        write: Callable[[DatedText], Callable[[], Any]] | None = None,
    ) -> None:  # fmt: skip
        super().__init__()
        self.title_text = title
        self.date_label = date_label
        self.text_label = text_label
        self.datum = datum
        self.required = required
        self.write = write

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(self.title_text, classes="dialog-title")
            yield Label(self.text_label)
            yield text_field(id="dated-text")
            yield Static("", id="dated-text-error", classes="error-text")
            yield Label(f"{self.date_label} (DD-MM-JJJJ)")
            yield text_field(dates.short_date(self.datum), id="dated-datum")
            yield Static("", id="dated-error", classes="error-text")
            yield Static("", id="dated-general-error", classes="error-text")
            yield Static("Tab: volgend veld · Enter: opslaan · Esc: annuleren", classes="dialog-hint")

    FIRST_FIELD = "#dated-text"

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        if self.busy:
            return
        self.clear_refusals()
        text = self.query_one("#dated-text", Input).value.strip()
        if self.required and not text:
            self.show_refusal("tekst", f"Vul in: {self.text_label.lower()}.")
            return
        try:
            datum = dates.parse_user_date(self.query_one("#dated-datum", Input).value)
        except ValueError as exc:
            self.show_refusal("datum", f"{self.date_label}: {exc}")
            return
        answer = DatedText(datum, text)
        if self.write is None:
            self.dismiss(answer)
        else:
            self.write_through(Change.DATED, self.write(answer))

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)


NEW_PERSON = -1
"""What the casus lookup hands back when the user asks for a new person (Ctrl+N)."""


class CasusLookupScreen(LookupScreen):
    """The one lookup (Ctrl+F's engine: name, BSN, date, postcode, extern_id) to choose a person for a casus,
    or the person whose melding is to be linked; Ctrl+N: a new person (NEW_PERSON)."""

    SCOPE = "casus_zoeken"
    BINDINGS = bindings("casus_zoeken")

    def __init__(self, title: str, *, allow_new: bool) -> None:
        super().__init__("")
        self.title_text = title
        self.allow_new = allow_new

    def compose(self) -> ComposeResult:
        hint = "↑↓: kiezen · Enter: kiezen" + (" · Ctrl+N: nieuwe persoon" if self.allow_new else "") + " · Esc: terug"
        with Vertical(classes="dialog lookup"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input("", placeholder=PLACEHOLDER, id="lookup-input", password=self.privacy)
            yield Static("", id="lookup-status")
            yield RowTable(id="lookup-results", zebra_stripes=True)
            yield Static(hint, classes="dialog-hint")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "new_person":
            return self.allow_new
        return True

    def action_new_person(self) -> None:
        if self.allow_new:
            self._close(NEW_PERSON)


class MeldingenLoaded(Loaded):
    value: list[MeldingRow]


class MeldingChoiceDialog(StoreWorkMixin, ModalScreen[int | None]):
    """The meldingen about the person found with the lookup; Enter links the chosen one."""

    BINDINGS = [Binding("escape", "cancel", "Annuleren", id="meldingkeuze.cancel", tooltip="Niets koppelen.")]

    def __init__(self, persoon_id: int, regio: Regio) -> None:
        super().__init__()
        self.persoon_id = persoon_id
        self.regio = regio

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Welke melding koppelen aan de casus (met haar personen)?", classes="dialog-title")
            yield RowTable(id="melding-keuze")
            yield Static("", id="melding-keuze-status")
            yield Static("↑↓: kiezen · Enter: koppelen · Esc: annuleren", classes="dialog-hint")

    def on_mount(self) -> None:
        table = self.query_one("#melding-keuze", DataTable)
        table.add_columns("Melding", "Datum", "Soort", "Gemeente", "Personen")
        table.focus()
        persoon_id = self.persoon_id
        self.load(MeldingenLoaded, lambda s: procesregie.meldingen_van(s, persoon_id))

    def on_meldingen_loaded(self, message: MeldingenLoaded) -> None:
        table = self.query_one("#melding-keuze", DataTable)
        table.clear()
        for m in message.value:
            table.add_row(m.extern_id, dates.short_date(m.datum), self.regio.soort_label(m.soort), m.gemeente,
                          render.persons_text(m.personen, privacy=privacy_mode(self)), key=str(m.id))  # fmt: skip
        if not message.value:
            self.query_one("#melding-keuze-status", Static).update("Geen meldingen over deze persoon.")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.dismiss(row_id(event.row_key))

    def action_cancel(self) -> None:
        self.dismiss(None)
