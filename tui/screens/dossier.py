"""A person's dossier over the current screen: the timeline of meldingen, besprekingen, casussen and
actions; merging a likely duplicate in (and undoing it). Esc returns to where the user was — in a
meeting, the same melding."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tui import render
from tui.keymap import bindings
from tui.screens.base import ZvhModalScreen, privacy_mode
from tui.screens.dialogs import ConfirmDialog
from tui.workers import Change, Loaded, Saved
from zvh_core.kernel import dates
from zvh_core.kernel.read_models import Dossier, DuplicateView
from zvh_core.persons import dossier as dossier_service
from zvh_core.persons import merge


class DossierLoaded(Loaded):
    value: Dossier


class DuplicateChoice(ModalScreen[DuplicateView | None]):
    """Which likely duplicate to merge in (number or arrows + Enter)."""

    BINDINGS = [Binding("escape", "cancel", "Annuleren", id="duplicate.cancel", tooltip="Niet samenvoegen.")]

    def __init__(self, duplicates: tuple[DuplicateView, ...]) -> None:
        super().__init__()
        self.duplicates = duplicates

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Welke persoon samenvoegen met deze?", classes="dialog-title")
            yield OptionList(
                *[
                    Option(
                        f"{n}  {render.person_name(d.naam, privacy=privacy_mode(self))}  {render.birth(d.geboortedatum, privacy=privacy_mode(self))}  — {d.reden}",
                        id=str(d.persoon_id),
                    )
                    for n, d in enumerate(self.duplicates, start=1)
                ],
                id="duplicate-options",
            )
            yield Static("Cijfer of ↑↓ + Enter: kiezen · Esc: annuleren", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_key(self, event) -> None:
        if event.character and event.character.isdigit() and 1 <= int(event.character) <= len(self.duplicates):
            event.stop()
            self.dismiss(self.duplicates[int(event.character) - 1])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.duplicates[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)


class DossierScreen(ZvhModalScreen[None]):
    SCOPE = "dossier"
    BINDINGS = bindings("dossier")

    def __init__(self, persoon_id: int) -> None:
        super().__init__()
        self.persoon_id = persoon_id
        self.dossier: Dossier | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dossier"):
            yield Label("Dossier", classes="dialog-title")
            yield Static("laden…", id="dossier-head")
            with VerticalScroll(id="dossier-body"):
                yield Static("", id="dossier-timeline")
            yield Static(
                "↑↓ PgUp PgDn: bladeren · m: samenvoegen · u: samenvoeging ongedaan · /: zoeken · Esc: terug",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#dossier-body").focus()
        self.reload()

    def reload(self) -> None:
        persoon_id, today = self.persoon_id, self.zvh.today()
        self.load(DossierLoaded, lambda session: dossier_service.load_dossier(session, persoon_id, today=today))

    def on_dossier_loaded(self, message: DossierLoaded) -> None:
        self.dossier = message.value
        self.query_one("#dossier-head", Static).update(render.dossier_header(self.dossier, privacy=self.privacy))
        self.query_one("#dossier-timeline", Static).update(
            render.dossier_panel(self.dossier, self.zvh.regio, self.zvh.today(), privacy=self.privacy)
        )

    # --- merging ------------------------------------------------------------------------------------
    def action_merge(self) -> None:
        if self.dossier is None or not self.dossier.dubbelen:
            self.notify("Geen mogelijk dubbele persoon gevonden.", timeout=3)
            return
        if len(self.dossier.dubbelen) == 1:
            self._confirm_merge(self.dossier.dubbelen[0])
        else:
            self.app.push_screen(DuplicateChoice(self.dossier.dubbelen), callback=self._confirm_merge)

    def _confirm_merge(self, duplicate: DuplicateView | None) -> None:
        if duplicate is None or self.dossier is None:
            return
        me = self.dossier.persoon
        question = (
            f"{duplicate.naam} ({dates.short_date(duplicate.geboortedatum)}, {duplicate.meldingen} melding(en)) "
            f"samenvoegen met {me.naam} ({dates.short_date(me.geboortedatum)})?\n"
            f"Reden: {duplicate.reden}.\n{me.naam} blijft; meldingen en casussen gaan over. "
            "Ongedaan maken kan met u."
        )
        store, keep, lose = self.zvh.store, me.id, duplicate.persoon_id

        def answer(yes: bool | None) -> None:
            if yes:
                self.save(Change.MERGED, lambda: merge.merge_persons(store, keep, lose))

        self.app.push_screen(ConfirmDialog(question), callback=answer)

    def action_unmerge(self) -> None:
        if self.dossier is None or not self.dossier.samenvoegingen:
            self.notify("Er is geen samenvoeging om ongedaan te maken.", timeout=3)
            return
        record = self.dossier.samenvoegingen[0]
        question = (
            f"Samenvoeging met {record.vervallen_naam} ongedaan maken?\n"
            f"{record.vervallen_naam} komt terug met {record.meldingen} melding(en) en {record.casussen} casus(sen)."
        )
        store = self.zvh.store

        def answer(yes: bool | None) -> None:
            if yes:
                self.save(Change.UNMERGED, lambda: merge.unmerge(store, record.id))

        self.app.push_screen(ConfirmDialog(question), callback=answer)

    def on_saved(self, message: Saved) -> None:
        if message.what is Change.MERGED:
            self.notify("Samengevoegd.", timeout=3)
        elif message.what is Change.UNMERGED:
            self.notify("Samenvoeging ongedaan gemaakt.", timeout=3)
        self.reload()

    def action_close(self) -> None:
        self.dismiss(None)
