"""The Textual application: owns the store handle, the regio and the screen flow."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from pathlib import Path

from textual.app import App, SystemCommand
from textual.screen import Screen

from tui.actions import bindings, specs_for
from tui.screens.agenda import AgendaScreen
from tui.screens.besluitenlijst import BesluitenlijstScreen
from tui.screens.dialogs import ErrorDialog
from tui.screens.dossier import DossierScreen
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen
from tui.screens.rapportage import RapportageScreen
from tui.screens.lookup import LookupScreen
from tui.screens.run import RunScreen
from tui.store_work import Loaded, StoreFailed, StoreWorkMixin, WriteOrder
from zvh_core import clock, meetings
from zvh_core.regio import Regio
from zvh_core.store import Store
from zvh_core.views import OverlegView


class OverlegOpened(Loaded):
    value: OverlegView


class ZvhApp(StoreWorkMixin, App):
    CSS_PATH = "app.tcss"
    TITLE = "ZVH Overleg"
    BINDINGS = bindings("global")

    def __init__(
        self,
        store: Store,
        regio: Regio,
        *,
        today: Callable[[], date] = clock.today,
        export_dir: Path,
    ) -> None:
        super().__init__()
        self.store = store
        self.regio = regio
        self.today = today
        self.export_dir = export_dir
        self.write_order = WriteOrder()
        self.last_lookup_query = ""

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())

    # --- screen flow ------------------------------------------------------------------------------
    def _show(self, screen: Screen) -> None:
        if isinstance(self.screen, HomeScreen):
            self.push_screen(screen)
        else:
            self.switch_screen(screen)

    def go_home(self) -> None:
        if not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def open_overleg(self, overleg_id: int) -> None:
        """Show an overleg where it stands: agenda (not started), run (started) or besluitenlijst (closed)."""
        regio = self.regio
        self.load(OverlegOpened, lambda s: meetings.get_overleg(s, regio, overleg_id))

    def on_overleg_opened(self, message: OverlegOpened) -> None:
        overleg = message.value
        if not overleg.is_open:
            self.show_besluitenlijst(overleg.id)
        elif overleg.gestart_op is None:
            self.show_agenda(overleg.id)
        else:
            self.start_run(overleg.id)

    def show_agenda(self, overleg_id: int) -> None:
        self._show(AgendaScreen(overleg_id))

    def start_run(self, overleg_id: int, start_at: int | None = None) -> None:
        self._show(RunScreen(overleg_id, start_at))

    def show_besluitenlijst(self, overleg_id: int) -> None:
        self._show(BesluitenlijstScreen(overleg_id))

    def show_rapportage(self) -> None:
        self._show(RapportageScreen())

    # --- lookup and dossier, over whatever screen is showing ---------------------------------------
    def action_lookup(self) -> None:
        if isinstance(self.screen, LookupScreen):
            self.screen.query_one("#lookup-input").focus()
            return
        if isinstance(self.screen, DossierScreen):
            self.pop_screen()  # back to where the user was, then search from there
        self.push_screen(LookupScreen(self.last_lookup_query), callback=self._looked_up)

    def _looked_up(self, persoon_id: int | None) -> None:
        if persoon_id is not None:
            self.show_dossier(persoon_id)

    def show_dossier(self, persoon_id: int) -> None:
        self.push_screen(DossierScreen(persoon_id))

    # --- help, palette, errors ------------------------------------------------------------------------
    def action_help(self) -> None:
        scope = getattr(self.screen, "SCOPE", "")
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()  # F1 opens and closes it
            return
        self.push_screen(HelpScreen(scope))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        scope = getattr(screen, "SCOPE", "")
        own = {spec.id for spec in specs_for(scope)} - {spec.id for spec in specs_for(None)}
        for spec in specs_for(scope):
            if not spec.palette:
                continue
            namespace = screen if spec.id in own else self
            yield SystemCommand(spec.label, spec.help, partial(self.run_action, spec.action, namespace))
        yield SystemCommand("Thema wisselen", "Kies een ander kleurenschema.", self.action_change_theme)

    def on_store_failed(self, message: StoreFailed) -> None:
        title = "Niet mogelijk" if message.user_error else "Fout"
        self.push_screen(ErrorDialog(title, message.message))
