"""One casus as the procesregisseur's working file: its periods and evaluation date, the persons with their
role in the family system, the plan van aanpak (goals per leefgebied), meldingen, actions and one timeline
(journal, decisions, besprekingen, goal changes, evaluations, hand-overs, closing and reopening).

A closed casus is read-only until it is reopened, and says so; a role that may not change casussen is not
offered the keys that would (footer, help, palette).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import cast

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Label, Static

from tui import render
from tui.keymap import REGISTRY, bindings, offered, spec_of
from tui.row_table import RowTable
from tui.screens.base import ZvhScreen
from tui.screens.casus_dialogs import (
    NEW_PERSON,
    CasusForm,
    CasusFormDialog,
    CasusLookupScreen,
    MeldingChoiceDialog,
)
from tui.screens.casus_forms import FieldError, FormDialog, FormField, FormValues, partner_options
from tui.screens.dialogs import ChoiceDialog, ConfirmDialog
from tui.screens.run_dialogs import ActieDialog, ActieRequest
from tui.workers import Change, Loaded, Saved
from zvh_core.casussen import journaal, perioden, plan, procesregie, regie
from zvh_core.casussen.views import DoelView, PeriodeView, Sluitcheck, Werkdossier
from zvh_core.config.regio import DOELSTATUSSEN
from zvh_core.kernel import dates
from zvh_core.kernel.read_models import CasusDetail


class CasusLoaded(Loaded):
    value: tuple[CasusDetail, Werkdossier]


class AccountsLoaded(Loaded):
    value: list[tuple[int, str]]


class SluitcheckLoaded(Loaded):
    value: Sluitcheck


SAVED_TEXT = {
    Change.PERSOON: "Persoon toegevoegd.",
    Change.PERSOON_WEG: "Persoon uit de casus gehaald.",
    Change.MELDING: "Melding gekoppeld (met haar personen).",
    Change.MELDING_WEG: "Melding losgekoppeld.",
    Change.GEWIJZIGD: "Casus gewijzigd.",
    Change.ACTIE: "Actie toegevoegd.",
}
FORM_TEXT = {
    "doel": "Doel toegevoegd aan het plan van aanpak.",
    "doel_wijzigen": "Doel gewijzigd.",
    "journaal": "Aantekening in het journaal gezet.",
    "evaluatie": "Evaluatie vastgelegd.",
    "overdracht": "Casus overgedragen.",
    "heropend": "Casus heropend; de eerdere periode blijft bewaard.",
    "geopend": "Datum geopend gecorrigeerd (staat in het journaal).",
    "persoon_nieuw": "Persoon toegevoegd.",
}
EDITS = {spec.action for spec in REGISTRY["casus"]} - {"back"}
"""Actions that change the casus (all but Esc); a closed casus offers only reopening and correcting a result
its closing recorded."""
STATUS_OPTIONS = [(label, code) for code, label in DOELSTATUSSEN.items()]


class CasusScreen(ZvhScreen):
    SCOPE = "casus"
    BINDINGS = bindings("casus")

    def __init__(self, casus_id: int, *, ask_persons: bool = False) -> None:
        super().__init__()
        self.casus_id = casus_id
        self.ask_persons = ask_persons
        self.detail: CasusDetail | None = None
        self.dossier: Werkdossier | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="topbar")
        with VerticalScroll(id="casus-scroll"):
            yield Static("", id="casus-info")
            yield Label("Personen (p: toevoegen · r: rol · x: eruit)", classes="section-title")
            yield RowTable(id="casus-personen")
            yield Label(
                "Plan van aanpak (d: doel toevoegen · w: doel wijzigen · u: resultaat bij sluiten corrigeren)",
                classes="section-title",
            )
            yield RowTable(id="casus-doelen")
            yield Label("Meldingen (m: koppelen · x: loskoppelen)", classes="section-title")
            yield RowTable(id="casus-meldingen")
            yield Label("Acties (a: toevoegen)", classes="section-title")
            yield Static("", id="casus-acties")
            yield Label("Tijdlijn (j: journaal · v: evaluatie · h: overdragen)", classes="section-title")
            yield Static("", id="casus-tijdlijn")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#casus-personen", DataTable).add_columns("Naam", "Rol", "Geboren", "Leeftijd", "BSN", "Adres")
        self.query_one("#casus-doelen", DataTable).add_columns("Leefgebied", "Doel", "Eigenaar", "Status", "Termijn")
        self.query_one("#casus-meldingen", DataTable).add_columns("Melding", "Datum", "Soort", "Gemeente", "Personen")
        self.query_one("#casus-personen", DataTable).focus()
        self.reload()

    def reload(self) -> None:
        regio, today, casus_id = self.zvh.regio, self.zvh.today(), self.casus_id
        self.load(
            CasusLoaded,
            lambda s: (procesregie.get_casus(s, regio, casus_id, today), regie.werkdossier(s, regio, casus_id)),
        )

    # --- drawing -------------------------------------------------------------------------------------
    @property
    def may_edit(self) -> bool:
        spec = spec_of("casus", "edit")
        return spec is None or spec.recht is None or offered(self.zvh.actor, spec.recht)

    def on_casus_loaded(self, message: CasusLoaded) -> None:
        first_load = self.detail is None
        self.detail, self.dossier = message.value
        d, w = self.detail, self.dossier
        regio, today, r = self.zvh.regio, self.zvh.today(), d.row
        state = "open" if r.is_open else f"gesloten {dates.short_date(r.gesloten)} · alleen-lezen"
        self.query_one("#topbar", Static).update(
            f"Casus #{r.id} · {regio.thema_label(r.thema)} · {r.gemeente} · {state} · "
            f"procesregisseur {r.procesregisseur or '—'}"
            # A name from before accounts (or imported history) is kept and shown as such.
            + (" (geen account)" if r.procesregisseur and w.procesregisseur_id is None else "")
        )
        self.query_one("#casus-info", Static).update(self._info(d, w, today))
        personen = self.query_one("#casus-personen", DataTable)
        personen.clear()
        for p in d.personen:
            personen.add_row(
                render.person_name(p.naam, privacy=self.privacy), regio.rol_label(w.rollen.get(p.id, "betrokkene")),
                "" if self.privacy else dates.short_date(p.geboortedatum),
                "" if p.leeftijd is None else str(p.leeftijd),
                "" if self.privacy else p.bsn or "", "" if self.privacy else p.adres or "", key=str(p.id),
            )  # fmt: skip
        doelen = self.query_one("#casus-doelen", DataTable)
        doelen.clear()
        for g in w.doelen:
            termijn = Text(dates.short_date(g.termijn) or "—", style="bold red" if g.overdue(today) else "")
            doelen.add_row(
                regio.leefgebied_label(g.leefgebied), render.note(g.tekst, privacy=self.privacy), regio.partner_label(g.eigenaar),
                DOELSTATUSSEN.get(g.status, g.status), termijn, key=str(g.id),
            )  # fmt: skip
        meldingen = self.query_one("#casus-meldingen", DataTable)
        meldingen.clear()
        for m in d.meldingen:
            meldingen.add_row(
                m.extern_id, dates.short_date(m.datum), regio.soort_label(m.soort), m.gemeente,
                render.persons_text(m.personen, privacy=self.privacy), key=str(m.id),
            )  # fmt: skip
        lines = [render.actie_line(a, regio, today) for a in d.acties] or [Text("Geen acties.", style="dim")]
        self.query_one("#casus-acties", Static).update(Group(*lines))
        self.query_one("#casus-tijdlijn", Static).update(self._timeline(w))
        self.refresh_bindings()
        if first_load and self.ask_persons and r.is_open:
            self.action_add_persoon()

    def _info(self, d: CasusDetail, w: Werkdossier, today: date) -> Text:
        regio, r = self.zvh.regio, d.row
        info = Text()
        info.append(f"Geopend {dates.short_date(r.geopend)} ({render.age_text(r.leeftijd_dagen)})", style="bold")
        if r.is_open and self.may_edit:  # the key is not in the footer (room for F1 at 160 columns)
            info.append(" c: corrigeren", style="dim")
        if r.extern_id:
            info.append(f"  ·  extern nummer {r.extern_id}")
        if r.aangemeld_door:
            partner = regio.partners.get(r.aangemeld_door)
            info.append(f"  ·  aangemeld door {partner.naam if partner else r.aangemeld_door}")
        if w.evaluatie_op and r.is_open:
            late = w.evaluatie_op < today
            info.append(
                f"  ·  evaluatie {dates.short_date(w.evaluatie_op)}" + (" (te laat)" if late else ""),
                style="bold red" if late else "",
            )
        if w.toelichting:
            info.append("\nTriage: ", style="bold")
            info.append(render.note(w.toelichting, privacy=self.privacy))
        periods = [
            f"{dates.short_date(p.van)} – {dates.short_date(p.tot) if p.tot else 'open'}"
            + (f" ({regio.sluitreden_label(p.reden_sluiting)})" if p.tot and p.reden_sluiting else "")
            for p in w.perioden
        ]
        if len(periods) > 1:
            info.append("\nPerioden: " + " · ".join(periods))
        if not r.is_open:
            info.append(
                f"\nGesloten {dates.short_date(r.gesloten)}: {regio.sluitreden_label(d.reden_sluiting)}. "
                "Deze casus is alleen-lezen",
                style="yellow",
            )
            if self.may_edit:
                info.append("  (o: heropenen)", style="dim")
        elif not self.may_edit:
            info.append("\nU kunt deze casus inzien; wijzigen hoort niet bij uw rol.", style="yellow")
        return info

    def _timeline(self, w: Werkdossier) -> Group:
        lines = []
        for item in reversed(w.tijdlijn):  # newest first: the working file opens on what happened last
            line = Text(f"{dates.short_date(item.datum)}  ", style="bold")
            line.append(item.tekst)
            if item.door:
                line.append(f"  ({item.door})", style="dim")
            if item.notitie:
                line.append("\n            " + render.note(item.notitie, privacy=self.privacy), style="italic")
            lines.append(line)
        return Group(*lines) if lines else Group(Text("Nog niets op de tijdlijn.", style="dim"))

    def on_saved(self, message: Saved) -> None:
        if message.what in SAVED_TEXT:
            self.notify(SAVED_TEXT[message.what])
        self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in EDITS:
            return True
        if not self.may_edit:
            return False  # not this role's: not offered at all
        if self.detail is None:
            return True
        if action == "reopen":
            return not self.detail.row.is_open
        if action == "correct_resultaat":  # also while closed: a correction of what a closing recorded
            return self.dossier is not None and bool(self._closed_results())
        return self.detail.row.is_open

    def _form(self, what: str, dialog: FormDialog) -> None:
        if what != "heropend" and self.detail is not None and not self.detail.row.is_open:
            # Reached through the palette: a closed casus is read-only until it is reopened.
            self.notify("Deze casus is gesloten en alleen-lezen; heropen hem eerst (o).", severity="warning")
            return

        def done(result: object) -> None:
            if result is not None:
                self.notify(FORM_TEXT.get(what, "Opgeslagen."))
                self.reload()

        self.app.push_screen(dialog, callback=done)

    # --- persons and meldingen ---------------------------------------------------------------------
    def action_add_persoon(self) -> None:
        lookup = CasusLookupScreen("Persoon toevoegen aan de casus", allow_new=True)
        self.app.push_screen(lookup, callback=self._add_persoon)

    def _add_persoon(self, persoon_id: int | None) -> None:
        if persoon_id is None:
            return
        store, casus_id = self.zvh.store, self.casus_id
        if persoon_id == NEW_PERSON:
            self._new_persoon()
        else:
            self.save(Change.PERSOON, lambda: procesregie.add_persoon(store, casus_id, persoon_id))

    def _new_persoon(self) -> None:
        regio, store, casus_id = self.zvh.regio, self.zvh.store, self.casus_id
        rollen = [(label, code) for code, label in regio.procesregie.gezinsrollen.items()]
        fields = [
            FormField("voornamen", "Voornamen"),
            FormField("tussenvoegsel", "Tussenvoegsel"),
            FormField("achternaam", "Achternaam"),
            FormField("geboortedatum", "Geboortedatum", kind="date"),
            FormField("bsn", "BSN"),
            FormField("adres", "Adres (straat en huisnummer)"),
            FormField("postcode", "Postcode"),
            FormField("woonplaats", "Woonplaats"),
            FormField("rol", "Rol in het gezinssysteem", kind="choice", options=rollen, value="betrokkene",
                      required=True),
        ]  # fmt: skip

        offered: list[
            tuple
        ] = []  # the details for which likely persons were shown: saving them again makes the new one

        def build(v: FormValues):
            details = dict(
                achternaam=v.text("achternaam"), tussenvoegsel=v.text("tussenvoegsel"), voornamen=v.text("voornamen"),
                geboortedatum=v.date("geboortedatum"), bsn=v.text("bsn"), woonplaats=v.text("woonplaats"),
            )  # fmt: skip

            def write():
                key = tuple(details.values())
                if key not in offered:  # first offer the stored persons these details probably are (domain.md §4)
                    with store.read() as session:
                        found = procesregie.likely_personen(session, **details)
                    if found:
                        offered.append(key)
                        raise procesregie.LikelyPersons(found)
                return procesregie.new_persoon(
                    store, regio=regio, **details, adres=v.text("adres"), postcode=v.text("postcode"),
                    casus_id=casus_id, rol=v.choice("rol") or "betrokkene",
                )  # fmt: skip

            return write

        intro = "Wordt herkend als de persoon al bekend is (zelfde BSN, of naam en geboortedatum)."
        self._form("persoon_nieuw", FormDialog("Nieuwe persoon", fields, build, intro=intro))

    def _selected_person(self):
        if self.detail is None or not self.detail.personen:
            return None
        table = self.query_one("#casus-personen", DataTable)
        return self.detail.personen[min(table.cursor_row, len(self.detail.personen) - 1)]

    def action_set_rol(self) -> None:
        person = self._selected_person()
        if person is None or self.dossier is None:
            return
        regio, store, casus_id = self.zvh.regio, self.zvh.store, self.casus_id
        rollen = [(label, code) for code, label in regio.procesregie.gezinsrollen.items()]
        current = self.dossier.rollen.get(person.id, "betrokkene")
        fields = [FormField("rol", "Rol", kind="choice", options=rollen, value=current, required=True)]

        def build(v: FormValues):
            rol = v.choice("rol") or current
            return lambda: procesregie.set_rol(store, regio, casus_id, person.id, rol)

        title = f"Rol van {render.person_name(person.naam, privacy=self.privacy)} in het gezinssysteem"
        self._form("rol", FormDialog(title, fields, build))

    def action_add_melding(self) -> None:
        lookup = CasusLookupScreen("Melding koppelen: zoek de persoon (naam, BSN, meldingnummer …)", allow_new=False)
        self.app.push_screen(lookup, callback=self._melding_person)

    def _melding_person(self, persoon_id: int | None) -> None:
        if persoon_id is None:
            return
        self.app.push_screen(MeldingChoiceDialog(persoon_id, self.zvh.regio), callback=self._add_melding)

    def _add_melding(self, melding_id: int | None) -> None:
        if melding_id is None:
            return
        store, casus_id = self.zvh.store, self.casus_id
        self.save(Change.MELDING, lambda: procesregie.add_melding(store, casus_id, melding_id))

    def action_remove(self) -> None:
        if self.detail is None:
            return
        store, casus_id = self.zvh.store, self.casus_id
        meldingen = self.query_one("#casus-meldingen", DataTable)
        if meldingen.has_focus and self.detail.meldingen:
            melding = self.detail.meldingen[min(meldingen.cursor_row, len(self.detail.meldingen) - 1)]
            question = f"Melding {melding.extern_id} loskoppelen van de casus? (Haar personen blijven.)"
            what, write = Change.MELDING_WEG, lambda: procesregie.remove_melding(store, casus_id, melding.id)
        else:
            persoon = self._selected_person()
            if persoon is None:
                return
            question = f"{render.person_name(persoon.naam, privacy=self.privacy)} uit de casus halen?"
            what, write = Change.PERSOON_WEG, lambda: procesregie.remove_persoon(store, casus_id, persoon.id)
        self.app.push_screen(ConfirmDialog(question), callback=lambda yes: self.save(what, write) if yes else None)

    # --- plan van aanpak ---------------------------------------------------------------------------------
    def action_add_doel(self) -> None:
        if self.detail is None:
            return
        regio, store, casus_id, today = self.zvh.regio, self.zvh.store, self.casus_id, self.zvh.today()
        leefgebieden = [
            (regio.leefgebied_label(c), c) for c in regio.procesregie.leefgebieden_van(self.detail.row.thema)
        ]
        fields = [
            FormField("leefgebied", "Leefgebied", kind="choice", options=leefgebieden, required=True),
            FormField("tekst", "Doel", required=True, placeholder="Wat moet er bereikt worden"),
            FormField("eigenaar", "Eigenaar (partner)", kind="choice", options=partner_options(regio), value="zvh",
                      required=True),
            FormField("status", "Status", kind="choice", options=STATUS_OPTIONS, value="nog_niet_gestart",
                      required=True),
            FormField("termijn", "Termijn", kind="date", value=today + timedelta(days=regio.actie_termijn_dagen * 2)),
        ]  # fmt: skip

        def build(v: FormValues):
            termijn = v.date("termijn")
            return lambda: plan.add_doel(
                store, regio, casus_id, leefgebied=v.choice("leefgebied") or "", tekst=v.text("tekst"),
                eigenaar=v.choice("eigenaar") or "", status=v.choice("status") or "nog_niet_gestart",
                termijn=termijn, today=today,
            )  # fmt: skip

        self._form("doel", FormDialog("Doel toevoegen aan het plan van aanpak", fields, build))

    def _selected_doel(self) -> DoelView | None:
        if self.dossier is None or not self.dossier.doelen:
            return None
        table = self.query_one("#casus-doelen", DataTable)
        return self.dossier.doelen[min(table.cursor_row, len(self.dossier.doelen) - 1)]

    def action_edit_doel(self) -> None:
        doel = self._selected_doel()
        if doel is None:
            self.notify("Nog geen doelen; voeg er een toe met d.")
            return
        regio, store, today = self.zvh.regio, self.zvh.store, self.zvh.today()
        fields = [
            FormField("tekst", "Doel", value=doel.tekst, required=True),
            FormField("eigenaar", "Eigenaar (partner)", kind="choice", options=partner_options(regio),
                      value=doel.eigenaar, required=True),
            FormField("status", "Status", kind="choice", options=STATUS_OPTIONS, value=doel.status, required=True),
            FormField("termijn", "Termijn", kind="date", value=doel.termijn),
        ]  # fmt: skip

        def build(v: FormValues):
            termijn = v.date("termijn")
            return lambda: plan.update_doel(
                store, regio, doel.id, expected_versie=doel.versie, tekst=v.text("tekst"),
                eigenaar=v.choice("eigenaar") or doel.eigenaar, status=v.choice("status") or doel.status,
                termijn=termijn, today=today,
            )  # fmt: skip

        title = f"Doel wijzigen ({regio.leefgebied_label(doel.leefgebied)})"
        self._form("doel_wijzigen", FormDialog(title, fields, build))

    # --- journal, evaluation, hand-over ----------------------------------------------------------------
    def action_add_journaal(self) -> None:
        regio, store, casus_id, today = self.zvh.regio, self.zvh.store, self.casus_id, self.zvh.today()
        fields = [
            FormField("datum", "Datum", kind="date", value=today, required=True),
            FormField("bron", "Bron (partner)", kind="choice", options=partner_options(regio)),
            FormField("feit", "Feit (wat is er gebeurd of vastgesteld)"),
            FormField("oordeel", "Oordeel (professionele inschatting, apart van het feit)"),
        ]

        def build(v: FormValues):
            datum = v.date("datum") or today
            return lambda: journaal.add_journaal(
                store, regio, casus_id, datum=datum, feit=v.text("feit"), oordeel=v.text("oordeel"),
                bron_partner=v.choice("bron"), today=today,
            )  # fmt: skip

        self._form("journaal", FormDialog("Aantekening in het journaal", fields, build, first="feit"))

    def action_evalueer(self) -> None:
        if self.detail is None:
            return
        regio, store, casus_id, today = self.zvh.regio, self.zvh.store, self.casus_id, self.zvh.today()
        interval = regio.procesregie.evaluatie_interval(self.detail.row.thema)
        fields = [
            FormField("datum", "Datum", kind="date", value=today, required=True),
            FormField("samenvatting", "Samenvatting (voortgang van de doelen)", required=True),
            FormField("volgende", f"Volgende evaluatie (leeg: over {interval} dagen)", kind="date"),
        ]

        def build(v: FormValues):
            datum, volgende = v.date("datum") or today, v.date("volgende")
            return lambda: regie.evalueer(
                store, regio, casus_id, datum=datum, samenvatting=v.text("samenvatting"), volgende_op=volgende,
                today=today,
            )  # fmt: skip

        self._form("evaluatie", FormDialog("Evaluatie van het plan van aanpak", fields, build, first="samenvatting"))

    def action_overdragen(self) -> None:
        self.load(AccountsLoaded, regie.regisseur_accounts)

    def on_accounts_loaded(self, message: AccountsLoaded) -> None:
        store, casus_id, today = self.zvh.store, self.casus_id, self.zvh.today()
        current = self.dossier.procesregisseur_id if self.dossier else None
        options = [(naam, str(gebruiker_id)) for gebruiker_id, naam in message.value if gebruiker_id != current]
        if not options:
            self.notify("Er is geen ander account van een procesregisseur.", severity="warning")
            return
        fields = [
            FormField("naar", "Nieuwe procesregisseur", kind="choice", options=options, required=True),
            FormField("datum", "Datum", kind="date", value=today, required=True),
            FormField("notitie", "Overdrachtsnotitie", required=True, placeholder="Wat moet de nieuwe regisseur weten"),
        ]

        def build(v: FormValues):
            datum, naar = v.date("datum") or today, int(v.choice("naar") or 0)
            return lambda: regie.draag_over(
                store, casus_id, naar_gebruiker_id=naar, notitie=v.text("notitie"), datum=datum, today=today
            )

        self._form("overdracht", FormDialog("Casus overdragen", fields, build))

    # --- the casus itself ----------------------------------------------------------------------------------
    def action_edit(self) -> None:
        if self.detail is None:
            return
        r = self.detail.row
        current = CasusForm(r.thema, r.gemeente, r.procesregisseur, r.geopend, r.aangemeld_door)
        store, regio, casus_id = self.zvh.store, self.zvh.regio, self.casus_id

        def write(form: CasusForm):
            return lambda: procesregie.update_casus(
                store, regio, casus_id, thema=form.thema, gemeente=form.gemeente, procesregisseur=form.procesregisseur
            )

        dialog = CasusFormDialog(regio, self.zvh.today(), current, write=write)
        self.app.push_screen(dialog, callback=lambda done: self.on_saved(Saved(Change.GEWIJZIGD)) if done else None)

    def action_correct_geopend(self) -> None:
        if self.detail is None:
            return
        store, casus_id, today = self.zvh.store, self.casus_id, self.zvh.today()
        fields = [
            FormField("datum", "Juiste datum geopend", kind="date", value=self.detail.row.geopend, required=True),
            FormField("reden", "Reden van de correctie", required=True),
        ]

        def build(v: FormValues):
            datum = v.date("datum")
            if datum is None:
                raise FieldError("datum", "Vul de datum in.")
            return lambda: perioden.correct_geopend(store, casus_id, datum, today=today, reden=v.text("reden"))

        self._form("geopend", FormDialog("Datum geopend corrigeren", fields, build))

    def action_close_casus(self) -> None:
        if self.detail is None or not self.detail.row.is_open:
            return
        casus_id = self.casus_id
        self.load(SluitcheckLoaded, lambda s: regie.sluitcheck(s, casus_id))

    def on_sluitcheck_loaded(self, message: SluitcheckLoaded) -> None:
        check = message.value
        regio, store, casus_id, today = self.zvh.regio, self.zvh.store, self.casus_id, self.zvh.today()
        redenen = [(label, code) for code, label in regio.procesregie.sluitredenen.items()]
        fields = [
            FormField("reden", "Reden van sluiten", kind="choice", options=redenen, required=True),
            FormField("datum", "Gesloten op", kind="date", value=today, required=True),
            FormField("notitie", "Toelichting op de reden"),
            FormField("samenvatting", "Samenvatting (evaluatie bij sluiten)"),
        ]
        for g in check.doelen:
            label = f"Resultaat: {regio.leefgebied_label(g.leefgebied)} — {render.note(g.tekst, privacy=self.privacy)}"
            fields.append(FormField(f"doel{g.id}", label, kind="choice", options=STATUS_OPTIONS, value=g.status,
                                    required=True))  # fmt: skip
        if check.open_acties:
            intro = "Nog open acties (blijven open staan bij de eigenaar):\n" + "\n".join(
                f"  • {render.note(line, privacy=self.privacy)}" for line in check.open_acties
            )
        else:
            intro = "Geen open acties."

        def build(v: FormValues):
            datum = v.date("datum")
            if datum is None:
                raise FieldError("datum", "Vul de datum van sluiten in.")
            results = {g.id: v.choice(f"doel{g.id}") or g.status for g in check.doelen}
            return lambda: perioden.close_casus(
                store, regio, casus_id, reden=v.choice("reden") or "", gesloten=datum, today=today,
                notitie=v.text("notitie"), samenvatting=v.text("samenvatting"), doel_resultaten=results,
            )  # fmt: skip

        def done(result) -> None:
            if result is None:
                return
            _period, open_acties = result
            extra = f" {len(open_acties)} actie(s) staan nog open." if open_acties else ""
            self.notify("Casus gesloten." + extra)
            self.reload()

        self.app.push_screen(FormDialog("Casus sluiten", fields, build, intro=intro), callback=done)

    def action_reopen(self) -> None:
        if self.detail is None or self.detail.row.is_open:
            return
        store, casus_id, today = self.zvh.store, self.casus_id, self.zvh.today()
        fields = [
            FormField("reden", "Reden van heropenen", required=True),
            FormField("datum", "Heropend op", kind="date", value=today, required=True),
        ]

        def build(v: FormValues):
            datum = v.date("datum") or today
            return lambda: perioden.reopen_casus(store, casus_id, reden=v.text("reden"), on=datum, today=today)

        intro = "De gesloten periode, met haar reden en resultaten, blijft bewaard; er begint een nieuwe periode."
        self._form("heropend", FormDialog("Casus heropenen", fields, build, intro=intro))

    def _closed_results(self) -> list[tuple[PeriodeView, DoelView, str]]:
        """(closed period, goal, its result there): the results a correction can change, latest closing first."""
        if self.dossier is None:
            return []
        goals = {str(g.id): g for g in self.dossier.doelen}
        return [
            (p, goals[doel_id], status)
            for p in reversed(self.dossier.perioden)
            if p.tot is not None
            for doel_id, status in p.doel_resultaten.items()
            if doel_id in goals
        ]

    def action_correct_resultaat(self) -> None:
        results = self._closed_results()
        if not results:
            self.notify("Er is nog geen sluiting met een resultaat per doel.")
            return
        regio = self.zvh.regio
        options: list[tuple[str, object]] = [
            (f"Sluiting {dates.short_date(p.tot)} · {regio.leefgebied_label(g.leefgebied)} — {render.note(g.tekst, privacy=self.privacy)}: "
             f"{DOELSTATUSSEN.get(status, status)}", (p, g, status))
            for p, g, status in results
        ]  # fmt: skip
        if len(options) == 1:
            self._correct_resultaat(options[0][1])
            return
        dialog = ChoiceDialog("Welk resultaat corrigeren?", options)
        self.app.push_screen(
            dialog, callback=lambda chosen: None if chosen is None else self._correct_resultaat(chosen)
        )

    def _correct_resultaat(self, chosen: object) -> None:
        period, doel, status = cast("tuple[PeriodeView, DoelView, str]", chosen)
        regio, store, casus_id, today = self.zvh.regio, self.zvh.store, self.casus_id, self.zvh.today()
        fields = [
            FormField("status", "Juist resultaat", kind="choice", options=STATUS_OPTIONS, value=status, required=True),
            FormField("reden", "Reden van de correctie", required=True),
        ]

        def build(v: FormValues):
            new = v.choice("status") or status
            return lambda: perioden.correct_resultaat(
                store, casus_id, period.id, doel.id, status=new, reden=v.text("reden"), today=today
            )

        intro = (
            f"Sluiting van {dates.short_date(period.tot)}, doel {regio.leefgebied_label(doel.leefgebied)}: "
            f"{render.note(doel.tekst, privacy=self.privacy)} (nu: {DOELSTATUSSEN.get(status, status)}). De periode zelf blijft zoals ze is."
        )
        dialog = FormDialog("Resultaat bij sluiten corrigeren", fields, build, intro=intro)

        def done(result: object) -> None:
            if result is not None:
                self.notify("Resultaat gecorrigeerd (staat in het journaal).")
                self.reload()

        self.app.push_screen(dialog, callback=done)  # also on a closed casus: this corrects what its closing recorded

    def action_add_actie(self) -> None:
        regio, store, casus_id = self.zvh.regio, self.zvh.store, self.casus_id
        partners = list(regio.partners)
        termijn = self.zvh.today() + timedelta(days=regio.actie_termijn_dagen)
        # Procesregie lies with the partner that casussen are routed to (the route that opens one).
        owner = next((r.partner for r in regio.routes.values() if r.opent_casus and r.partner), partners[0])

        def write(request: ActieRequest):
            return lambda: procesregie.add_casus_actie(
                store, regio, casus_id, request.eigenaar, request.omschrijving, request.termijn
            )

        dialog = ActieDialog(regio, partners, owner, termijn, write=write)
        self.app.push_screen(dialog, callback=lambda done: None if done is None else self.on_saved(Saved(Change.ACTIE)))

    def action_back(self) -> None:
        self.app.pop_screen()
