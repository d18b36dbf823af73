"""One casus: its persons, meldingen and actions; edit them, close it with a reden, reopen it."""

from __future__ import annotations

from datetime import timedelta

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Label, Static

from tui import render
from tui.keymap import bindings
from tui.screens.agenda_dialogs import AddMeldingDialog
from tui.screens.base import ZvhScreen
from tui.screens.casus_dialogs import (
    CasusForm,
    CasusFormDialog,
    DatedText,
    DatedTextDialog,
    PersonChoice,
    PersonSearchDialog,
)
from tui.screens.dialogs import ConfirmDialog
from tui.screens.run_dialogs import ActieDialog, ActieRequest
from tui.workers import Loaded, Saved
from zvh_core.casussen import procesregie
from zvh_core.kernel import dates
from zvh_core.kernel.read_models import CasusDetail


class CasusLoaded(Loaded):
    value: CasusDetail


SAVED_TEXT = {
    "persoon": "Persoon toegevoegd.",
    "persoon_weg": "Persoon uit de casus gehaald.",
    "melding": "Melding gekoppeld (met haar personen).",
    "melding_weg": "Melding losgekoppeld.",
    "gewijzigd": "Casus gewijzigd.",
    "gesloten": "Casus gesloten.",
    "heropend": "Casus heropend.",
    "actie": "Actie toegevoegd.",
}


class CasusScreen(ZvhScreen):
    SCOPE = "casus"
    BINDINGS = bindings("casus")

    def __init__(self, casus_id: int, *, ask_persons: bool = False) -> None:
        super().__init__()
        self.casus_id = casus_id
        self.ask_persons = ask_persons
        self.detail: CasusDetail | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="topbar")
        with VerticalScroll(id="casus-scroll"):
            yield Static("", id="casus-info")
            yield Label("Personen (p: toevoegen · x: eruit)", classes="section-title")
            yield DataTable(id="casus-personen", cursor_type="row")
            yield Label("Meldingen (m: koppelen · x: loskoppelen)", classes="section-title")
            yield DataTable(id="casus-meldingen", cursor_type="row")
            yield Label("Acties (a: toevoegen)", classes="section-title")
            yield Static("", id="casus-acties")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#casus-personen", DataTable).add_columns("Naam", "Geboren", "Leeftijd", "BSN", "Adres")
        self.query_one("#casus-meldingen", DataTable).add_columns("Melding", "Datum", "Soort", "Gemeente", "Personen")
        self.query_one("#casus-personen", DataTable).focus()
        self.reload()
        if self.ask_persons:
            self.action_add_persoon()

    def reload(self) -> None:
        regio, today, casus_id = self.app.regio, self.app.today(), self.casus_id
        self.load(CasusLoaded, lambda s: procesregie.get_casus(s, regio, casus_id, today))

    def on_casus_loaded(self, message: CasusLoaded) -> None:
        self.detail = d = message.value
        regio, today, r = self.app.regio, self.app.today(), message.value.row
        state = "open" if r.is_open else f"gesloten {dates.short_date(r.gesloten)}"
        self.query_one("#topbar", Static).update(
            f"Casus #{r.id} · {regio.thema_label(r.thema)} · {r.gemeente} · {state} · "
            f"procesregisseur {r.procesregisseur or '—'}"
        )
        info = Text()
        info.append(f"Geopend {dates.short_date(r.geopend)} ({render.age_text(r.leeftijd_dagen)})", style="bold")
        if r.extern_id:
            info.append(f"  ·  extern nummer {r.extern_id}")
        if r.aangemeld_door:
            info.append(
                f"  ·  aangemeld door {regio.partners[r.aangemeld_door].naam if r.aangemeld_door in regio.partners else r.aangemeld_door}"
            )
        if d.heropend_op:
            info.append(f"  ·  heropend {dates.short_date(d.heropend_op)}")
        if not r.is_open:
            info.append(
                f"\nGesloten {dates.short_date(r.gesloten)}: {d.reden_sluiting or '(geen reden)'}", style="yellow"
            )
            info.append("  (o: heropenen)", style="dim")
        self.query_one("#casus-info", Static).update(info)
        personen = self.query_one("#casus-personen", DataTable)
        personen.clear()
        for p in d.personen:
            personen.add_row(
                render.person_name(p.naam), "" if render.PRIVACY.on else dates.short_date(p.geboortedatum),
                "" if p.leeftijd is None else str(p.leeftijd),
                "" if render.PRIVACY.on else p.bsn or "", "" if render.PRIVACY.on else p.adres or "", key=str(p.id),
            )  # fmt: skip
        meldingen = self.query_one("#casus-meldingen", DataTable)
        meldingen.clear()
        for m in d.meldingen:
            meldingen.add_row(
                m.extern_id,
                dates.short_date(m.datum),
                regio.soort_label(m.soort),
                m.gemeente,
                render.persons_text(m.personen),
                key=str(m.id),
            )
        lines = [render.actie_line(a, regio, today) for a in d.acties] or [Text("Geen acties.", style="dim")]
        self.query_one("#casus-acties", Static).update(Group(*lines))
        self.refresh_bindings()

    def on_saved(self, message: Saved) -> None:
        if message.what in SAVED_TEXT:
            self.notify(SAVED_TEXT[message.what])
        self.reload()

    # --- persons and meldingen ---------------------------------------------------------------
    def action_add_persoon(self) -> None:
        self.app.push_screen(PersonSearchDialog(), callback=self._add_persoon)

    def _add_persoon(self, choice: PersonChoice | None) -> None:
        if choice is None:
            return
        store, casus_id = self.app.store, self.casus_id
        if choice.persoon_id is not None:
            persoon_id = choice.persoon_id
            self.save("persoon", lambda: procesregie.add_persoon(store, casus_id, persoon_id))
        elif choice.new is not None:
            new = choice.new
            self.save(
                "persoon",
                lambda: procesregie.new_persoon(
                    store,
                    achternaam=new.achternaam,
                    tussenvoegsel=new.tussenvoegsel,
                    voornamen=new.voornamen,
                    geboortedatum=new.geboortedatum,
                    bsn=new.bsn,
                    woonplaats=new.woonplaats,
                    casus_id=casus_id,
                ),
            )

    def action_add_melding(self) -> None:
        dialog = AddMeldingDialog(None, title="Melding koppelen aan de casus (met haar personen)")
        self.app.push_screen(dialog, callback=self._add_melding)

    def _add_melding(self, melding_id: int | None) -> None:
        if melding_id is None:
            return
        store, casus_id = self.app.store, self.casus_id
        self.save("melding", lambda: procesregie.add_melding(store, casus_id, melding_id))

    def action_remove(self) -> None:
        if self.detail is None:
            return
        store, casus_id = self.app.store, self.casus_id
        meldingen = self.query_one("#casus-meldingen", DataTable)
        if meldingen.has_focus and self.detail.meldingen:
            melding = self.detail.meldingen[min(meldingen.cursor_row, len(self.detail.meldingen) - 1)]
            question = f"Melding {melding.extern_id} loskoppelen van de casus? (Haar personen blijven.)"
            what, write = "melding_weg", lambda: procesregie.remove_melding(store, casus_id, melding.id)
        else:
            personen = self.query_one("#casus-personen", DataTable)
            if not self.detail.personen:
                return
            persoon = self.detail.personen[min(personen.cursor_row, len(self.detail.personen) - 1)]
            question = f"{render.person_name(persoon.naam)} uit de casus halen?"
            what, write = "persoon_weg", lambda: procesregie.remove_persoon(store, casus_id, persoon.id)
        self.app.push_screen(ConfirmDialog(question), callback=lambda yes: self.save(what, write) if yes else None)

    # --- the casus itself ------------------------------------------------------------------------
    def action_edit(self) -> None:
        if self.detail is None:
            return
        r = self.detail.row
        current = CasusForm(r.thema, r.gemeente, r.procesregisseur, r.geopend, r.aangemeld_door)
        self.app.push_screen(CasusFormDialog(self.app.regio, self.app.today(), current), callback=self._edit)

    def _edit(self, form: CasusForm | None) -> None:
        if form is None:
            return
        store, regio, casus_id = self.app.store, self.app.regio, self.casus_id
        self.save(
            "gewijzigd",
            lambda: procesregie.update_casus(
                store, regio, casus_id, thema=form.thema, gemeente=form.gemeente, procesregisseur=form.procesregisseur
            ),
        )

    def action_close_casus(self) -> None:
        if self.detail is None or not self.detail.row.is_open:
            return
        dialog = DatedTextDialog("Casus sluiten", "Gesloten op", "Reden van sluiten", self.app.today(), required=True)
        self.app.push_screen(dialog, callback=self._close)

    def _close(self, answer: DatedText | None) -> None:
        if answer is None:
            return
        store, casus_id = self.app.store, self.casus_id
        self.save("gesloten", lambda: procesregie.close_casus(store, casus_id, answer.text, answer.datum))

    def action_reopen(self) -> None:
        if self.detail is None or self.detail.row.is_open:
            return
        store, casus_id, today = self.app.store, self.casus_id, self.app.today()

        def answer(yes: bool | None) -> None:
            if yes:
                self.save("heropend", lambda: procesregie.reopen_casus(store, casus_id, today))

        self.app.push_screen(ConfirmDialog("Deze casus heropenen?"), callback=answer)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.detail is None:
            return True
        if action == "close_casus":
            return self.detail.row.is_open
        if action == "reopen":
            return not self.detail.row.is_open
        return True

    def action_add_actie(self) -> None:
        regio = self.app.regio
        partners = list(regio.partners)
        termijn = self.app.today() + timedelta(days=regio.actie_termijn_dagen)
        # Procesregie lies with the partner that casussen are routed to (the route that opens one).
        owner = next((r.partner for r in regio.routes.values() if r.opent_casus and r.partner), partners[0])
        self.app.push_screen(ActieDialog(regio, partners, owner, termijn), callback=self._add_actie)

    def _add_actie(self, request: ActieRequest | None) -> None:
        if request is None:
            return
        store, regio, casus_id = self.app.store, self.app.regio, self.casus_id
        self.save(
            "actie",
            lambda: procesregie.add_casus_actie(
                store, regio, casus_id, request.eigenaar, request.omschrijving, request.termijn
            ),
        )

    def action_back(self) -> None:
        self.app.pop_screen()
