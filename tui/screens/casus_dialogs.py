"""Dialogs of the casussen: open or edit a casus, find or add a person, close a casus, finish an action."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import DataTable, Input, Label, Select, Static

from tui import render
from tui.workers import Loaded, StoreWorkMixin
from zvh_core.casussen import procesregie
from zvh_core.config.regio import Regio
from zvh_core.kernel import dates
from zvh_core.kernel.read_models import PersoonRow

NO_PARTNER = ""


@dataclass(frozen=True)
class CasusForm:
    thema: str
    gemeente: str
    procesregisseur: str | None
    geopend: date
    aangemeld_door: str | None


class RegisseursLoaded(Loaded):
    value: list[str]


class CasusFormDialog(StoreWorkMixin, ModalScreen[CasusForm | None]):
    """A new casus (aanmelding by a ketenpartner, no melding) or the main fields of an existing one."""

    BINDINGS = [
        Binding("escape", "cancel", "Annuleren", id="casusform.cancel", tooltip="Sluit zonder op te slaan."),
        Binding("ctrl+s", "submit", "Opslaan", id="casusform.submit", tooltip="Sla de casus op."),
    ]

    def __init__(self, regio: Regio, today: date, current: CasusForm | None = None) -> None:
        super().__init__()
        self.regio = regio
        self.editing = current is not None
        self.current = current or CasusForm(next(iter(regio.themas)), regio.gemeenten[0], None, today, None)

    def compose(self) -> ComposeResult:
        c, regio = self.current, self.regio
        partners = [(f"{p.kort} — {p.naam}", code) for code, p in regio.partners.items()]
        with Vertical(classes="dialog wide"):
            yield Label(
                "Casus wijzigen" if self.editing else "Nieuwe casus (aanmelding zonder melding)", classes="dialog-title"
            )
            if not self.editing:
                yield Label("Aangemeld door")
                yield Select(
                    [("— geen ketenpartner —", NO_PARTNER), *partners],
                    value=c.aangemeld_door or NO_PARTNER,
                    allow_blank=False,
                    id="form-aangemeld",
                )
            yield Label("Gemeente (waar de persoon woont)")
            yield Select([(g, g) for g in regio.gemeenten], value=c.gemeente, allow_blank=False, id="form-gemeente")
            yield Label("Thema")
            yield Select(
                [(label, code) for code, label in regio.themas.items()],
                value=c.thema,
                allow_blank=False,
                id="form-thema",
            )
            yield Label("Procesregisseur")
            yield Input(
                c.procesregisseur or "",
                placeholder="Naam (→ neemt een eerder gebruikte naam over)",
                id="form-regisseur",
            )
            if not self.editing:
                yield Label("Geopend (DD-MM-JJJJ)")
                yield Input(dates.short_date(c.geopend), id="form-geopend")
            yield Static("", id="form-error", classes="error-text")
            yield Static("Tab: volgend veld · Enter in een tekstveld: opslaan · Esc: annuleren", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#form-gemeente" if self.editing else "#form-aangemeld", Select).focus()
        self.load(RegisseursLoaded, procesregie.procesregisseurs)

    def on_regisseurs_loaded(self, message: RegisseursLoaded) -> None:
        self.query_one("#form-regisseur", Input).suggester = SuggestFromList(message.value, case_sensitive=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        geopend = self.current.geopend
        aangemeld = self.current.aangemeld_door
        if not self.editing:
            try:
                geopend = dates.parse_user_date(self.query_one("#form-geopend", Input).value)
            except ValueError as exc:
                self.query_one("#form-error", Static).update(f"Geopend: {exc}")
                return
            aangemeld = str(self.query_one("#form-aangemeld", Select).value) or None
        self.dismiss(
            CasusForm(
                thema=str(self.query_one("#form-thema", Select).value),
                gemeente=str(self.query_one("#form-gemeente", Select).value),
                procesregisseur=self.query_one("#form-regisseur", Input).value.strip() or None,
                geopend=geopend,
                aangemeld_door=aangemeld,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class NewPerson:
    achternaam: str | None
    tussenvoegsel: str | None
    voornamen: str | None
    geboortedatum: date | None
    bsn: str | None
    woonplaats: str | None


@dataclass(frozen=True)
class PersonChoice:
    """An existing person (``persoon_id``) or a new one (``new``)."""

    persoon_id: int | None = None
    new: NewPerson | None = None


class PersonenLoaded(Loaded):
    value: list[PersoonRow]


class LikelyLoaded(Loaded):
    value: list[tuple[PersoonRow, str]]


class PersonSearchDialog(StoreWorkMixin, ModalScreen[PersonChoice | None]):
    """Find a person by name (any notation) or BSN; Ctrl+N adds a new one."""

    BINDINGS = [
        Binding("escape", "cancel", "Annuleren", id="persoon.cancel", tooltip="Sluit zonder toe te voegen."),
        Binding("down", "focus_table", "Lijst", id="persoon.table", tooltip="Naar de gevonden personen.", show=False),
        Binding(
            "ctrl+n",
            "new_person",
            "Nieuwe persoon",
            id="persoon.new",
            tooltip="Voeg een persoon toe die nog niet bekend is.",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[PersoonRow] = []
        self.new_person: NewPerson | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide tall"):
            yield Label("Persoon toevoegen aan de casus", classes="dialog-title")
            yield Input(placeholder="Zoek op naam ('de Vries', 'Jan de Vries') of BSN", id="persoon-query")
            yield DataTable(id="persoon-table", cursor_type="row")
            yield Static(
                "Typ om te zoeken · ↓: naar de lijst · Enter: toevoegen · Ctrl+N: nieuwe persoon · Esc: annuleren",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#persoon-table", DataTable).add_columns("Naam", "Geboren", "BSN", "Woonplaats", "Meldingen")
        self.query_one("#persoon-query", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        query = event.value
        self.load(PersonenLoaded, lambda s: procesregie.search_personen(s, query))

    def on_personen_loaded(self, message: PersonenLoaded) -> None:
        self.rows = message.value
        table = self.query_one("#persoon-table", DataTable)
        table.clear()
        for row in self.rows:
            table.add_row(
                render.person_name(row.naam), render.birth(row.geboortedatum), "" if render.PRIVACY.on else row.bsn or "",
                row.woonplaats or "", str(row.meldingen),
                key=str(row.id),
            )  # fmt: skip

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.rows:
            self.dismiss(PersonChoice(persoon_id=self.rows[0].id))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.dismiss(PersonChoice(persoon_id=int(event.row_key.value)))

    def action_focus_table(self) -> None:
        self.query_one("#persoon-table", DataTable).focus()

    def action_new_person(self) -> None:
        typed = self.query_one("#persoon-query", Input).value.strip()
        self.app.push_screen(NewPersonDialog(typed), callback=self._offer_known)

    def _offer_known(self, new: NewPerson | None) -> None:
        """Before a new person is made: look for the stored persons these details probably are."""
        if new is None:
            return
        self.new_person = new
        self.load(LikelyLoaded, lambda s: procesregie.likely_personen(s, **vars(new)))

    def on_likely_loaded(self, message: LikelyLoaded) -> None:
        new = self.new_person
        if new is None:
            return
        if not message.value:
            self.dismiss(PersonChoice(new=new))
            return
        self.app.push_screen(LikelyPersonDialog(new, message.value), callback=self._chosen)

    def _chosen(self, choice: PersonChoice | None) -> None:
        if choice is not None:
            self.dismiss(choice)  # not returned: the dialog that called back must not await it

    def action_cancel(self) -> None:
        self.dismiss(None)


class NewPersonDialog(ModalScreen[NewPerson | None]):
    """A person not known yet; recognised anyway when the BSN or name + birth date match a stored one."""

    BINDINGS = [
        Binding("escape", "cancel", "Annuleren", id="nieuw.cancel", tooltip="Sluit zonder toe te voegen."),
        Binding("ctrl+s", "submit", "Opslaan", id="nieuw.submit", tooltip="Voeg de persoon toe."),
    ]
    FIELDS = (
        ("voornamen", "Voornamen"),
        ("tussenvoegsel", "Tussenvoegsel"),
        ("achternaam", "Achternaam"),
        ("geboortedatum", "Geboortedatum (DD-MM-JJJJ)"),
        ("bsn", "BSN"),
        ("woonplaats", "Woonplaats"),
    )

    def __init__(self, achternaam: str = "") -> None:
        super().__init__()
        self.achternaam = achternaam

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Nieuwe persoon", classes="dialog-title")
            for name, label in self.FIELDS:
                yield Label(label)
                yield Input(self.achternaam if name == "achternaam" else "", id=f"new-{name}")
            yield Static("", id="new-error", classes="error-text")
            yield Static("Tab: volgend veld · Enter: toevoegen · Esc: annuleren", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#new-voornamen", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def _value(self, name: str) -> str | None:
        return self.query_one(f"#new-{name}", Input).value.strip() or None

    def action_submit(self) -> None:
        error = self.query_one("#new-error", Static)
        if not (self._value("achternaam") or self._value("voornamen")):
            error.update("Vul ten minste een achternaam of voornaam in.")
            return
        geboortedatum = None
        if self._value("geboortedatum"):
            try:
                geboortedatum = dates.parse_user_date(self._value("geboortedatum") or "")
            except ValueError as exc:
                error.update(f"Geboortedatum: {exc}")
                return
        self.dismiss(
            NewPerson(
                achternaam=self._value("achternaam"),
                tussenvoegsel=self._value("tussenvoegsel"),
                voornamen=self._value("voornamen"),
                geboortedatum=geboortedatum,
                bsn=self._value("bsn"),
                woonplaats=self._value("woonplaats"),
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)


class LikelyPersonDialog(ModalScreen[PersonChoice | None]):
    """ "Nieuwe persoon" found stored persons these details probably are: take one of them, or (when the rule
    did not recognise one) make the new person after all."""

    BINDINGS = [
        Binding("escape", "cancel", "Terug", id="bekend.cancel", tooltip="Terug naar het zoeken."),
        Binding("ctrl+n", "new_anyway", "Toch nieuw", id="bekend.new", tooltip="Maak toch een nieuwe persoon."),
    ]

    def __init__(self, new: NewPerson, found: list[tuple[PersoonRow, str]]) -> None:
        super().__init__()
        self.new = new
        self.found = found
        self.recognised = bool(found) and found[0][1].startswith("herkend")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Deze persoon lijkt al bekend", classes="dialog-title")
            yield DataTable(id="bekend-table", cursor_type="row")
            hint = "Enter: deze persoon · Esc: terug"
            if self.recognised:
                hint = "Enter: deze persoon (een nieuwe zou dezelfde worden) · Esc: terug"
            else:
                hint += " · Ctrl+N: toch een nieuwe persoon"
            yield Static(hint, classes="dialog-hint")

    def on_mount(self) -> None:
        table = self.query_one("#bekend-table", DataTable)
        table.add_columns("Naam", "Geboren", "Woonplaats", "Meldingen", "Waarom")
        for row, reason in self.found:
            table.add_row(
                render.person_name(row.naam), render.birth(row.geboortedatum), row.woonplaats or "",
                str(row.meldingen), reason, key=str(row.id),
            )  # fmt: skip
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.dismiss(PersonChoice(persoon_id=self.found[event.cursor_row][0].id))

    def action_new_anyway(self) -> None:
        if not self.recognised:
            self.dismiss(PersonChoice(new=self.new))

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class DatedText:
    datum: date
    text: str


class DatedTextDialog(ModalScreen[DatedText | None]):
    """A date and a line of text: closing a casus (reden), finishing an action (terugkoppeling)."""

    BINDINGS = [
        Binding("escape", "cancel", "Annuleren", id="dated.cancel", tooltip="Sluit zonder op te slaan."),
        Binding("ctrl+s", "submit", "Opslaan", id="dated.submit", tooltip="Opslaan."),
    ]

    def __init__(self, title: str, date_label: str, text_label: str, datum: date, *, required: bool) -> None:
        super().__init__()
        self.title_text = title
        self.date_label = date_label
        self.text_label = text_label
        self.datum = datum
        self.required = required

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(self.title_text, classes="dialog-title")
            yield Label(self.text_label)
            yield Input(id="dated-text")
            yield Label(f"{self.date_label} (DD-MM-JJJJ)")
            yield Input(dates.short_date(self.datum), id="dated-datum")
            yield Static("", id="dated-error", classes="error-text")
            yield Static("Tab: volgend veld · Enter: opslaan · Esc: annuleren", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#dated-text", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        error = self.query_one("#dated-error", Static)
        text = self.query_one("#dated-text", Input).value.strip()
        if self.required and not text:
            error.update(f"Vul in: {self.text_label.lower()}.")
            return
        try:
            datum = dates.parse_user_date(self.query_one("#dated-datum", Input).value)
        except ValueError as exc:
            error.update(f"{self.date_label}: {exc}")
            return
        self.dismiss(DatedText(datum, text))

    def action_cancel(self) -> None:
        self.dismiss(None)
