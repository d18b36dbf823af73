"""The Textual application: owns the store handle, the regio and the screen flow."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from pathlib import Path

from textual import events
from textual.app import App, SystemCommand
from textual.message import Message
from textual.screen import Screen

from tui import render
from tui.keymap import bindings, specs_for
from tui.screens.acties import ActiesScreen
from tui.screens.agenda import AgendaScreen
from tui.screens.base import ZvhModalScreen, ZvhScreen
from tui.screens.besluitenlijst import BesluitenlijstScreen
from tui.screens.casus import CasusScreen
from tui.screens.casussen import CasussenScreen
from tui.screens.dialogs import ErrorDialog
from tui.screens.dossier import DossierScreen
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen
from tui.screens.login import FirstBeheerderScreen, LockScreen, LoginScreen
from tui.screens.lookup import LookupScreen
from tui.screens.partner import PartnerOverlegScreen, VoorbereidenScreen
from tui.screens.rapportage import RapportageScreen
from tui.screens.run import RunScreen
from tui.screens.wachtend import WachtendScreen
from tui.workers import Loaded, StoreFailed, StoreWorkMixin, WriteOrder
from zvh_core.access import accounts
from zvh_core.access.audit import Handeling
from zvh_core.access.rights import Actor, Recht, allowed
from zvh_core.config.regio import Regio
from zvh_core.kernel import clock
from zvh_core.kernel.read_models import OverlegView
from zvh_core.meetings import overleggen
from zvh_core.store import Store

FULL_SWEEPS_ONLY_WHEN_IDLE = 1_000_000
"""Third gc threshold: never reached in a session, so full sweeps come from sweep_when_idle only."""
IDLE_SWEEP_SECONDS = 5.0


class OverlegOpened(Loaded):
    value: OverlegView


class FreshChecked(Message):
    def __init__(self, has_beheerder: bool) -> None:
        super().__init__()
        self.has_beheerder = has_beheerder


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
        idle_seconds: float | None = None,
        warning: str | None = None,
    ) -> None:
        """``store`` unbound: the app starts with the login (or first-beheerder) screen and binds the store
        to whoever logs in. A store that is already bound (tests) skips the login."""
        super().__init__()
        self.base_store = store
        self.store = store
        self.actor: Actor | None = store.actor
        self.regio = regio
        self.today = today
        self.export_dir = export_dir
        self.write_order = WriteOrder()
        self.idle_seconds = idle_seconds
        self.warning = warning
        self.screen_locked = False
        self._can_lock = False
        self._last_input = time.monotonic()
        render.PRIVACY.on = False
        self.last_lookup_query = ""

    def on_mount(self) -> None:
        if self.warning:
            self.notify(self.warning, severity="warning", timeout=20)
        if self.actor is not None:
            self.push_screen(HomeScreen())
        else:
            store = self.base_store
            self.run_worker(lambda: self.post_message(FreshChecked(accounts.has_beheerder(store))), thread=True)
        if self.idle_seconds:
            self.set_interval(max(0.1, min(30.0, self.idle_seconds / 4)), self.check_inactivity)
        # Full garbage-collector sweeps pause the app for ~100 ms on a big heap, in the middle of a move to
        # the next melding. Everything loaded at start lives as long as the app (frozen out of the sweeps);
        # full sweeps run only when nobody has touched a key for a few seconds.
        self.call_after_refresh(gc.freeze)
        gc.set_threshold(*gc.get_threshold()[:2], FULL_SWEEPS_ONLY_WHEN_IDLE)
        self.set_interval(IDLE_SWEEP_SECONDS, self.sweep_when_idle)

    # --- login, idle lock ---------------------------------------------------------------------------
    def on_fresh_checked(self, message: FreshChecked) -> None:
        self.push_screen(LoginScreen() if message.has_beheerder else FirstBeheerderScreen())

    def logged_in(self, actor: Actor, screen: Screen) -> None:
        """A login or unlock succeeded: bind the store to ``actor`` and go on."""
        self._last_input = time.monotonic()
        if isinstance(screen, LockScreen):
            self.screen_locked = False
            self.pop_screen()
            return
        self.actor = actor
        self.store = self.base_store.as_user(actor, context="app")
        self._can_lock = True
        self.switch_screen(HomeScreen())
        self.refresh_bindings()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent) and not event.is_forwarded:
            self._last_input = time.monotonic()
        await super().on_event(event)

    def sweep_when_idle(self) -> None:
        if time.monotonic() - self._last_input >= IDLE_SWEEP_SECONDS:
            gc.collect()

    def check_inactivity(self) -> None:
        if (
            self._can_lock
            and not self.screen_locked
            and time.monotonic() - self._last_input >= (self.idle_seconds or 0)
        ):
            self.lock_screen()

    def lock_screen(self) -> None:
        """Hide everything behind the lock screen until the same user's password is given."""
        if self.actor is None or self.screen_locked:
            return
        self.screen_locked = True
        self.push_screen(LockScreen(self.actor))
        store = self.store
        self.run_worker(lambda: accounts.record_event(store, Handeling.SCHERM_VERGRENDELD, "app"), thread=True)

    # --- privacy mode (screen sharing) ------------------------------------------------------------------
    def action_toggle_privacy(self) -> None:
        render.PRIVACY.on = not render.PRIVACY.on
        for screen in self.screen_stack:
            if isinstance(screen, (ZvhScreen, ZvhModalScreen)):
                screen.refresh_privacy()

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
        self.load(OverlegOpened, lambda s: overleggen.get_overleg(s, regio, overleg_id))

    def on_overleg_opened(self, message: OverlegOpened) -> None:
        overleg = message.value
        if overleg.is_open and self.actor is not None and self.actor.is_partner:
            self._show(PartnerOverlegScreen(overleg.id))
        elif not overleg.is_open:
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

    def show_voorbereiden(self) -> None:
        self._show(VoorbereidenScreen())

    def show_casussen(self) -> None:
        self._show(CasussenScreen())

    def show_casus(self, casus_id: int, *, ask_persons: bool = False) -> None:
        """On top of the current screen; Esc returns there."""
        self.push_screen(CasusScreen(casus_id, ask_persons=ask_persons))

    def show_acties(self) -> None:
        self._show(ActiesScreen())

    def show_wachtend(self) -> None:
        self._show(WachtendScreen())

    def show_rapportage(self) -> None:
        self._show(RapportageScreen())

    # --- lookup and dossier, over whatever screen is showing ---------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Offer only what the role allows (the services refuse the rest anyway).
        if action == "lookup" and self.actor is not None and not allowed(self.actor, Recht.PERSOON_ZOEKEN):
            return None  # shown greyed out
        return True

    def action_lookup(self) -> None:
        if self.actor is not None and not allowed(self.actor, Recht.PERSOON_ZOEKEN):
            self.notify("Personen zoeken hoort niet bij uw rol.", severity="warning")
            return
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
