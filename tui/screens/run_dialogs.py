"""Dialogs of the run screen: route (besluit), notes per partner (verrijken), deelt niet, casus openen,
the confidentiality statement, a follow-up action."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from tui.screens.base import privacy_mode
from tui.screens.casus_dialogs import regisseur_select, set_regisseur_options
from tui.screens.dialogs import TypeAhead, WritesThrough, text_field
from tui.type_ahead_select import TypeAheadSelect
from tui.workers import Change, Loaded, StoreFailed
from zvh_core.casussen import regie
from zvh_core.casussen.procesregie import CasusRequest
from zvh_core.config.regio import Regio, Route
from zvh_core.kernel import clock, dates
from zvh_core.kernel.read_models import BekendheidView


class NumberedOptions(OptionList):
    """A numbered OptionList in a dialog with a text field after it: a digit picks that option (like arrows
    + Enter) and moves on to the field ``input_id`` (``pick`` is called by the dialog's pick_key, while the
    app dispatches the key, so the keys typed behind the digit land in the field)."""

    def __init__(self, *options, input_id: str, **kwargs) -> None:
        super().__init__(*options, **kwargs)
        self.input_id = input_id

    def pick(self, event: events.Key) -> bool:
        if self.screen.focused is not self:  # (has_focus follows a Focus event: too late here)
            return False
        field = self.screen.query_one(f"#{self.input_id}", Input)
        if event.character and event.character.isdigit():
            n = int(event.character)
            if 1 <= n <= self.option_count:
                self.highlighted = n - 1
                self.screen.set_focus(field)
                return True
        elif event.key == "enter":
            self.screen.set_focus(field)
            return True
        return False

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click on an option
        self.screen.set_focus(self.screen.query_one(f"#{self.input_id}", Input))


@dataclass(frozen=True)
class RouteChoice:
    route: str
    toelichting: str


class RouteDialog(TypeAhead, ModalScreen[RouteChoice | None]):
    """Pick a route with its number (or arrows + Enter), then type the toelichting and press Enter."""

    FIRST_FIELD = "#route-options"

    BINDINGS = [Binding("escape", "cancel", "Annuleren", id="route.cancel", tooltip="Sluit zonder besluit.")]

    def __init__(self, routes: list[Route], current: str | None, toelichting: str | None) -> None:
        super().__init__()
        self.routes = routes
        self.current = current
        self.toelichting = toelichting or ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Route (besluit)", classes="dialog-title")
            yield NumberedOptions(
                *[Option(f"{n}  {r.label}", id=r.code) for n, r in enumerate(self.routes, start=1)],
                input_id="route-toelichting",
                id="route-options",
            )
            yield Label("Toelichting")
            yield text_field(self.toelichting, placeholder="Waarom deze route, wie pakt wat op", id="route-toelichting")
            yield Static(
                "Cijfer of ↑↓ + Enter: route · dan toelichting + Enter: opslaan · Esc: annuleren", classes="dialog-hint"
            )

    def on_mount(self) -> None:
        options = self.query_one("#route-options", OptionList)
        codes = [r.code for r in self.routes]
        options.highlighted = codes.index(self.current) if self.current in codes else 0

    def pick_key(self, event: events.Key) -> bool:
        return self.query_one("#route-options", NumberedOptions).pick(event)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        index = self.query_one("#route-options", OptionList).highlighted or 0
        self.dismiss(RouteChoice(self.routes[index].code, event.value))

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class Note:
    """What one partner says: the fact (what is registered) and, apart, the professional opinion."""

    feit: str
    oordeel: str


class PartnerPick(Static, can_focus=True):
    """Where the verrijken dialog opens: the chair says which partner speaks (its digit), or just starts
    typing (or Enter, Tab), which goes to the first partner's fact (NotesDialog.pick_key)."""


class NotesDialog(TypeAhead, ModalScreen[dict[str, Note] | None]):
    """Verrijken: per partner present two lines, the facts it has registered and its professional opinion,
    each with the partner's name beside it. It opens on a partner choice: the partner's digit (as on the
    run screen) goes to that partner's fact; typing straight away (or Enter, Tab) goes to the first
    partner. A field that holds text gets the cursor at its end: typing adds, it never replaces."""

    BINDINGS = [
        Binding("escape", "cancel", "Annuleren", id="notes.cancel", tooltip="Sluit zonder op te slaan."),
        Binding("ctrl+s", "submit", "Opslaan", id="notes.submit", tooltip="Sla alle notities op."),
    ]

    def __init__(self, regio: Regio, bekendheid: tuple[BekendheidView, ...], focus_index: int | None = None) -> None:
        """``focus_index`` None: open on the partner choice; else on that partner's fact."""
        super().__init__()
        self.regio = regio
        self.bekendheid = bekendheid
        if focus_index is None or not bekendheid:
            self.FIRST_FIELD = "#notes-pick"
        else:
            self.FIRST_FIELD = f"#note-{bekendheid[min(focus_index, len(bekendheid) - 1)].partner}"

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide notes"):
            yield Label("Verrijken: wat weten de partners?", classes="dialog-title")
            choices = " · ".join(
                f"{n} {self.regio.partners[b.partner].kort if b.partner in self.regio.partners else b.partner}"
                for n, b in enumerate(self.bekendheid, start=1)
            )
            first = self.regio.partner_label(self.bekendheid[0].partner) if self.bekendheid else ""
            yield PartnerPick(
                f"Welke partner? {choices}  (of typ meteen: {first})", id="notes-pick", classes="notes-pick"
            )
            for n, row in enumerate(self.bekendheid, start=1):
                kort = self.regio.partners[row.partner].kort if row.partner in self.regio.partners else row.partner
                with Horizontal(classes="note-row"):
                    yield Label(
                        f"{n} {kort} ({self.regio.bekendheid_label(row.code)})",
                        classes="note-partner",
                    )
                    yield text_field(
                        row.notitie or "",
                        id=f"note-{row.partner}",
                        placeholder=f"{kort} feit: geregistreerd",
                        password=privacy_mode(self),
                        compact=True,
                    )  # privacy mode: typed and shown masked
                    yield text_field(
                        row.oordeel or "",
                        id=f"opinion-{row.partner}",
                        placeholder=f"{kort} oordeel: inschatting",
                        password=privacy_mode(self),
                        compact=True,
                    )
            yield Static(
                "Feit: wat staat er geregistreerd. Oordeel: de professionele inschatting, apart gehouden.\n"
                "Cijfer: naar die partner · Tab: volgend veld · Enter: opslaan · Esc: annuleren",
                classes="dialog-hint",
            )

    def pick_key(self, event: events.Key) -> bool:
        """On the partner choice: a digit goes to that partner's fact; Enter, Tab or ↓ to the first partner's;
        anything typed goes to the first partner's fact (and is typed there)."""
        if self.focused is None or self.focused.id != "notes-pick" or not self.bekendheid:
            return False
        character = event.character
        facts = [self.query_one(f"#note-{b.partner}", Input) for b in self.bekendheid]
        if character and character.isdigit() and 1 <= int(character) <= len(facts):
            self.set_focus(facts[int(character) - 1])
            return True
        if event.key in ("enter", "tab", "down"):
            self.set_focus(facts[0])
            return True
        if event.is_printable and character:
            self.set_focus(facts[0])
            return False  # delivered to that field now
        return False

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        changed = {}
        for row in self.bekendheid:
            feit = self.query_one(f"#note-{row.partner}", Input).value.strip()
            oordeel = self.query_one(f"#opinion-{row.partner}", Input).value.strip()
            if feit != (row.notitie or "") or oordeel != (row.oordeel or ""):
                changed[row.partner] = Note(feit, oordeel)
        self.dismiss(changed)

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class DeeltNiet:
    partner: str
    reden: str


class PartnerReasonDialog(TypeAhead, ModalScreen[DeeltNiet | None]):
    """'Deelt niet': choose the partner (its number or arrows), then give the reason and press Enter."""

    FIRST_FIELD = "#deelt-partners"

    BINDINGS = [Binding("escape", "cancel", "Annuleren", id="deelt.cancel", tooltip="Sluit zonder op te slaan.")]

    def __init__(self, regio: Regio, bekendheid: tuple[BekendheidView, ...], focus_index: int) -> None:
        super().__init__()
        self.regio = regio
        self.bekendheid = bekendheid
        self.focus_index = focus_index

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Deelt niet — welke partner, en waarom?", classes="dialog-title")
            yield NumberedOptions(
                *[
                    Option(
                        f"{n}  {self.regio.partner_label(b.partner)} ({self.regio.bekendheid_label(b.code)})",
                        id=b.partner,
                    )
                    for n, b in enumerate(self.bekendheid, start=1)
                ],
                input_id="deelt-reden",
                id="deelt-partners",
            )
            yield Label("Reden (verplicht)")
            yield text_field(placeholder="Bijv. beroepsgeheim, geen toestemming van cliënt", id="deelt-reden")
            yield Static("", id="deelt-error", classes="error-text")
            yield Static(
                "Cijfer of ↑↓ + Enter: partner · dan reden + Enter: opslaan · Esc: annuleren", classes="dialog-hint"
            )

    def on_mount(self) -> None:
        options = self.query_one("#deelt-partners", OptionList)
        options.highlighted = min(self.focus_index, len(self.bekendheid) - 1)
        self._show_reason()

    def pick_key(self, event: events.Key) -> bool:
        return self.query_one("#deelt-partners", NumberedOptions).pick(event)

    def _show_reason(self) -> None:
        index = self.query_one("#deelt-partners", OptionList).highlighted or 0
        field = self.query_one("#deelt-reden", Input)
        field.value = self.bekendheid[index].reden or ""
        field.cursor_position = len(field.value)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_reason()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self.query_one("#deelt-error", Static).update("Geef een reden.")
            return
        index = self.query_one("#deelt-partners", OptionList).highlighted or 0
        self.dismiss(DeeltNiet(self.bekendheid[index].partner, event.value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)


class CasusRequestLoaded(Loaded):
    value: list[tuple[int, str]]


class CasusOpenDialog(WritesThrough, TypeAhead, ModalScreen[object]):
    """'Casus openen': the thema (the overlegtype's standaard_thema preselected) and the procesregisseur, one
    of the procesregisseur accounts.

    With ``write`` (request → the service call, e.g. the besluit that opens the casus) the dialog stores it
    itself and closes with what the service handed back; a refusal is shown beside the field it names with
    the choices kept. Without it, the dialog closes with the CasusRequest."""

    BINDINGS = [
        Binding("escape", "cancel", "Annuleren", id="casusopen.cancel", tooltip="Sluit zonder besluit."),
        Binding("ctrl+s", "submit", "Opslaan", id="casusopen.submit", tooltip="Open de casus."),
    ]
    REFUSAL_FIELDS = {
        "thema": ("#casus-thema", "#casus-thema-error"),
        "procesregisseur": ("#casus-regisseur", "#casus-regisseur-error"),
    }
    GENERAL_ERROR = "#casus-error"

    def __init__(
        self, regio: Regio, thema: str | None, procesregisseur: str | None = None, *,
        write: Callable[[CasusRequest], Callable[[], Any]] | None = None,
        refused: Callable[[StoreFailed], None] | None = None,
    ) -> None:  # fmt: skip
        super().__init__()
        self.regio = regio
        self.thema = thema if thema in regio.themas else next(iter(regio.themas))
        self.procesregisseur = procesregisseur
        self.write = write
        self.refused = refused

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Casus openen", classes="dialog-title")
            yield Label("Thema")
            yield TypeAheadSelect(
                [(label, code) for code, label in self.regio.themas.items()],
                value=self.thema,
                allow_blank=False,
                id="casus-thema",
            )
            yield Static("", id="casus-thema-error", classes="error-text")
            yield Label("Procesregisseur (een account)")
            yield regisseur_select(self.procesregisseur, "casus-regisseur")
            yield Static("", id="casus-regisseur-error", classes="error-text")
            yield Static("", id="casus-error", classes="error-text")
            yield Static("De casus omvat deze melding en haar personen.", classes="dialog-hint")
            yield Static(
                "Enter: keuzelijst open (typ om te zoeken) · Tab: volgend veld · Ctrl+S: casus openen · Esc: annuleren",
                classes="dialog-hint",
            )

    FIRST_FIELD = "#casus-regisseur"

    def on_mount(self) -> None:  # TypeAhead focuses the first field
        self.load(CasusRequestLoaded, regie.regisseur_accounts)

    def on_casus_request_loaded(self, message: CasusRequestLoaded) -> None:
        set_regisseur_options(self.query_one("#casus-regisseur", Select), message.value, self.procesregisseur)

    def action_submit(self) -> None:
        if self.busy:
            return
        self.clear_refusals()
        thema = str(self.query_one("#casus-thema", Select).value)
        regisseur = self.query_one("#casus-regisseur", Select).value
        request = CasusRequest(thema, regisseur if isinstance(regisseur, str) and regisseur else None)
        if self.write is None:
            self.dismiss(request)
        else:
            self.write_through(Change.CASUS, self.write(request))

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)


class GeheimhoudingDialog(ModalScreen[bool | None]):
    """The confidentiality statement, to read aloud; Enter records it as read."""

    BINDINGS = [
        Binding(
            "enter,j",
            "answer(True)",
            "Voorgelezen",
            id="geheim.yes",
            tooltip="Leg vast dat de verklaring is voorgelezen.",
        ),
        Binding(
            "backspace", "answer(False)", "Ongedaan maken", id="geheim.undo", tooltip="Markeer als niet voorgelezen."
        ),
        Binding("escape", "cancel", "Annuleren", id="geheim.cancel", tooltip="Sluit zonder te wijzigen."),
    ]

    def __init__(self, text: str, gelezen_op: datetime | None) -> None:
        super().__init__()
        self.text = text
        self.gelezen_op = gelezen_op

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Geheimhoudingsverklaring — lees voor", classes="dialog-title")
            yield Static(self.text, id="geheim-text")
            if self.gelezen_op:
                yield Static(f"Voorgelezen om {clock.local_time(self.gelezen_op):%H:%M}.", classes="dialog-hint")
            yield Static("Enter: voorgelezen · Backspace: niet voorgelezen · Esc: annuleren", classes="dialog-hint")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class ActieRequest:
    eigenaar: str
    omschrijving: str
    termijn: date


class ActieDialog(WritesThrough, TypeAhead, ModalScreen[object]):
    """A follow-up action: the description first (what the chair types), then the owner and the term,
    in that order on screen and for Tab. A field that holds text (the term) gets the cursor at its end;
    a wrong value is named beside its field and everything typed stays.

    With ``write`` (request → the service call) the dialog stores the action itself and closes with what the
    service handed back; a refusal by the core is shown beside the field it names, the form kept. Without
    it, the dialog closes with the ActieRequest."""

    FIRST_FIELD = "#actie-omschrijving"
    REFUSAL_FIELDS = {
        "omschrijving": ("#actie-omschrijving", "#actie-omschrijving-error"),
        "eigenaar": ("#actie-eigenaar", "#actie-eigenaar-error"),
        "termijn": ("#actie-termijn", "#actie-termijn-error"),
    }
    GENERAL_ERROR = "#actie-error"
    BINDINGS = [
        Binding("escape", "cancel", "Annuleren", id="actie.cancel", tooltip="Sluit zonder actie."),
        Binding("ctrl+s", "submit", "Opslaan", id="actie.submit", tooltip="Sla de actie op."),
    ]

    def __init__(
        self, regio: Regio, partners: list[str], eigenaar: str, termijn: date, *,
        write: Callable[[ActieRequest], Callable[[], Any]] | None = None,
        refused: Callable[[StoreFailed], None] | None = None,
    ) -> None:  # fmt: skip
        super().__init__()
        self.regio = regio
        self.partners = partners
        self.eigenaar = eigenaar
        self.termijn = termijn
        self.write = write
        self.refused = refused

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Vervolgactie", classes="dialog-title")
            yield Label("Omschrijving")
            yield text_field(placeholder="Wat moet er gebeuren", id="actie-omschrijving")
            yield Static("", id="actie-omschrijving-error", classes="error-text")
            yield Label("Eigenaar")
            yield TypeAheadSelect(
                [(f"{self.regio.partners[p].kort} — {self.regio.partners[p].naam}", p) for p in self.partners],
                value=self.eigenaar,
                allow_blank=False,
                id="actie-eigenaar",
            )
            yield Static("", id="actie-eigenaar-error", classes="error-text")
            yield Label("Termijn (DD-MM-JJJJ)")
            yield text_field(dates.short_date(self.termijn), id="actie-termijn")
            yield Static("", id="actie-termijn-error", classes="error-text")
            yield Static("", id="actie-error", classes="error-text")
            yield Static("Tab: volgend veld · Enter: opslaan · Esc: annuleren", classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        if self.busy:
            return
        self.clear_refusals()
        omschrijving = self.query_one("#actie-omschrijving", Input).value.strip()
        termijn_error = self.query_one("#actie-termijn-error", Static)
        try:
            termijn = dates.parse_user_date(self.query_one("#actie-termijn", Input).value)
        except ValueError as exc:
            termijn = None
            termijn_error.update(f"Termijn: {exc}")
        if not omschrijving:
            self.query_one("#actie-omschrijving-error", Static).update("Vul een omschrijving in.")
        if not omschrijving or termijn is None:
            self.set_focus(self.query_one("#actie-omschrijving" if not omschrijving else "#actie-termijn", Input))
            return
        eigenaar = self.query_one("#actie-eigenaar", Select).value
        request = ActieRequest(str(eigenaar), omschrijving, termijn)
        if self.write is None:
            self.dismiss(request)
        else:
            self.write_through(Change.ACTIE, self.write(request))

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)
