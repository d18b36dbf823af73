"""The Textual application: owns the store handle, the regio and the screen flow."""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, SystemCommand
from textual.command import CommandPalette
from textual.message import Message
from textual.reactive import var
from textual.screen import ModalScreen, Screen
from textual.theme import Theme

from tui.keymap import bindings, specs_for
from tui.screens.base import ZvhModalScreen, ZvhScreen
from tui.screens.dialogs import ErrorDialog
from tui.screens.login import FirstBeheerderScreen, LockScreen, LoginScreen
from tui.workers import Loaded, StoreFailed, StoreWorkMixin, WriteOrder, describe
from zvh_core.access import accounts
from zvh_core.access.audit import Handeling
from zvh_core.access.rights import Actor, Recht, allowed
from zvh_core.config import preferences
from zvh_core.kernel import clock
from zvh_core.store import Store, StoreError

if TYPE_CHECKING:
    from zvh_core.config.regio import Regio
    from zvh_core.kernel.read_models import OverlegView

# The screens behind the login are imported where they are first shown, not at start: the login screen is
# painted without them (tests/test_startup.py checks sys.modules).

FULL_SWEEPS_ONLY_WHEN_IDLE = 1_000_000
"""Third gc threshold: never reached in a session, so full sweeps come from sweep_when_idle only."""
IDLE_SWEEP_SECONDS = 5.0


NO_TERMINAL = (
    "zvh zonder opdracht opent de app, en die heeft een terminal nodig (invoer en uitvoer zijn nu geen "
    "terminal). Via ssh: verbind met 'ssh -t …'; opdrachten zoals 'zvh zoek' werken ook zonder terminal."
)


def on_a_terminal() -> bool:
    """Whether the app can be shown: standard input and output are a terminal (not a pipe, not ``ssh -T``)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


class OverlegOpened(Loaded):
    value: OverlegView


class FreshChecked(Message):
    def __init__(self, has_beheerder: bool, problem: str | None = None) -> None:
        super().__init__()
        self.has_beheerder = has_beheerder
        self.problem = problem
        """Why the store could not be checked (busy, unreachable), in Dutch; None: it could."""


class ZvhApp(StoreWorkMixin, App):
    CSS_PATH = "app.tcss"
    TITLE = "ZVH Overleg"
    BINDINGS = bindings("global")

    privacy: var[bool] = var(False, init=False)
    """Privacy mode (screen sharing, F2): the app's state, which screens read (``ZvhScreen.privacy``) and pass
    to the render functions. Changing it redraws what is visible and reads nothing (``watch_privacy``)."""

    def __init__(
        self,
        store: Store,
        regio: Regio,
        *,
        today: Callable[[], date] = clock.today,
        export_dir: Path,
        idle_seconds: float | None = None,
        warning: str | None = None,
        daily_backup: Callable[[], Sequence[tuple[str, str]]] | None = None,
    ) -> None:
        """``store`` unbound: the app starts with the login (or first-beheerder) screen and binds the store
        to whoever logs in. A store that is already bound (tests) skips the login. ``daily_backup`` (the
        start's work: page check, log anchor, daily backup; tui.cli.store.daily_start) runs in a thread once
        the first screen is drawn (its progress in a notification); it returns what to say, as (severity,
        text) pairs, and a StoreError from it (the store is damaged) closes the app with ``fatal_error``.
        While the store's write gate is held (the page check runs) every write waits for it."""
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
        self.daily_backup = daily_backup
        self.fatal_error: str | None = None
        self.backup_running = False
        self.screen_locked = False
        self._can_lock = False
        self._last_input = time.monotonic()
        self.last_lookup_query = ""
        self.early_keys: list[events.Key] | None = [] if self.actor is None else None
        self._key_gate = 0
        self._gated_keys: list[events.Key] = []
        """Keys typed while a dialog finishes its Enter (hold_keys): dispatched in order once it has closed or stayed."""
        """Keys typed before the login screen is up (None once it is): never lost, never shown elsewhere."""

    def run(self, *args, **kwargs):
        """Textual's run, on a terminal only: without one (``ssh -T``, a pipe) the app would draw into the pipe
        and wait for keys that never come, outliving the connection; it ends at once with ``fatal_error``
        (the `zvh` command says it and exits with code 2)."""
        if not (kwargs.get("headless") or on_a_terminal()):
            self.fatal_error = NO_TERMINAL
            return None
        return super().run(*args, **kwargs)

    def on_mount(self) -> None:
        self._apply_preferences(None)
        self.theme_changed_signal.subscribe(self, self._theme_chosen)
        if self.warning:
            self.notify(self.warning, severity="warning", timeout=20)
        if self.actor is not None:
            from tui.screens.home import HomeScreen

            self.push_screen(HomeScreen())
            self.call_after_refresh(self.start_daily_backup)
        else:
            store = self.base_store

            def fresh_check() -> None:
                try:
                    has_beheerder = accounts.has_beheerder(store)
                except Exception as error:  # busy or unreachable: log in anyway (that tries again), and say why
                    self.post_message(FreshChecked(True, describe(error)[0]))
                    return
                self.post_message(FreshChecked(has_beheerder))

            self.run_worker(fresh_check, thread=True, exit_on_error=False)
        if self.idle_seconds:
            self.set_interval(max(0.1, min(30.0, self.idle_seconds / 4)), self.check_inactivity)
        # Full garbage-collector sweeps pause the app for ~100 ms on a big heap, in the middle of a move to
        # the next melding. Everything loaded at start lives as long as the app (frozen out of the sweeps);
        # full sweeps run only when nobody has touched a key for a few seconds.
        self.call_after_refresh(gc.freeze)
        gc.set_threshold(*gc.get_threshold()[:2], FULL_SWEEPS_ONLY_WHEN_IDLE)
        self.set_interval(IDLE_SWEEP_SECONDS, self.sweep_when_idle)

    # --- personal settings ---------------------------------------------------------------------------
    def _apply_preferences(self, account: str | None) -> None:
        thema = preferences.load(account).thema
        if thema and thema in self.available_themes and thema != self.theme:
            self.theme = thema  # saved again by _theme_chosen: harmless, the same choice

    def _theme_chosen(self, theme: Theme) -> None:
        account = self.actor.naam if self.actor is not None else None
        try:
            preferences.save(account, preferences.Voorkeuren(thema=theme.name))
        except OSError as error:
            self.notify(f"Het thema kon niet worden bewaard: {error.strerror or error}.", severity="warning")

    # --- login, idle lock ---------------------------------------------------------------------------
    def on_fresh_checked(self, message: FreshChecked) -> None:
        self.push_screen(LoginScreen() if message.has_beheerder else FirstBeheerderScreen())
        if message.problem:
            self.notify(message.problem, severity="error", timeout=20)
        self.call_after_refresh(self.start_daily_backup)

    # --- the daily backup, after the first screen is drawn ------------------------------------------
    def start_daily_backup(self) -> None:
        """Run ``daily_backup`` in a thread; while it runs, a notification says so and for how long."""
        if self.daily_backup is None or self.backup_running:
            return
        backup, self.daily_backup = self.daily_backup, None
        self.backup_running = True
        started = time.monotonic()
        gate = self.base_store.write_gate
        checking = "De database wordt gecontroleerd; aanmelden en opslaan wachten daarop"
        progress = "Dagelijkse back-up: de database wordt gekopieerd en gecontroleerd"

        def show(text: str, **kwargs) -> None:
            # notify() posts a message: a notification is in the list only once that is handled, so the
            # previous progress lines are found by their text (Textual has no public call to replace one).
            for old in [n for n in self._notifications if n.message.startswith((checking, progress))]:
                self._unnotify(old)
            if text:
                self.notify(text, **kwargs)

        def tick() -> None:
            if self.backup_running:
                seconds = time.monotonic() - started
                show(f"{checking if gate.held else progress} … {seconds:.0f} s", timeout=30)

        timer = self.set_interval(0.5, tick)

        def work() -> None:
            try:
                outcome = list(backup())
            except StoreError as error:
                gate.refuse(error)  # already refused when the page check failed; the backup's check too
                self.call_from_thread(finish, [], str(error))
                return
            except Exception as error:
                if gate.held:  # the page check itself failed: nothing is written to an unchecked store
                    refusal = StoreError(f"De database kon bij de start niet worden gecontroleerd ({error}).")
                    gate.refuse(refusal)
                    self.call_from_thread(finish, [], str(refusal))
                    return
                outcome = [("warning", f"Let op: de dagelijkse back-up is niet gemaakt ({error}).")]  # no stop
            self.call_from_thread(finish, outcome, None)

        def finish(outcome: list[tuple[str, str]], fatal: str | None) -> None:
            timer.stop()
            self.backup_running = False
            if fatal is not None:
                self.fatal_error = fatal
                self.exit(return_code=2)
                return
            show("")
            for severity, text in outcome:
                # A cut access log stays long enough to be read (and comes back at every start until it holds).
                timeout = {"error": 120, "warning": 20}.get(severity, 5)
                self.notify(text, severity=severity, timeout=timeout)  # type: ignore[arg-type]

        self.run_worker(work, thread=True, group="daily-backup")

    def logged_in(self, actor: Actor, screen: Screen) -> None:
        """A login or unlock succeeded: bind the store to ``actor`` and go on."""
        self._last_input = time.monotonic()
        if isinstance(screen, LockScreen):
            self.screen_locked = False
            self.pop_screen()
            return
        self.actor = actor
        self.store = self.base_store.as_user(actor, context="app")
        self._apply_preferences(actor.naam)
        self._can_lock = True
        from tui.screens.home import HomeScreen

        self.switch_screen(HomeScreen())
        self.refresh_bindings()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent) and not event.is_forwarded:
            self._last_input = time.monotonic()
        if (
            isinstance(event, events.Key)
            and self.actor is None
            and self.early_keys is not None
            and event.key not in ("ctrl+q", "ctrl+c")
        ):
            self.early_keys.append(event)  # typed before the login screen is there: it gets them (replay_keys)
            return
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._key_gate or self._gated_keys:
                self._gated_keys.append(event)  # behind a dialog's Enter (hold_keys): in order, once it is done
                return
            await self._dispatch_key(event)
            return
        await super().on_event(event)

    async def _dispatch_key(self, event: events.Key) -> None:
        # Screens route keys as they are dispatched (tui.screens.dialogs.TypeAhead): held while a dialog
        # opens (or the run screen waits for its melding), Tab and a partner's digit acted on before the
        # keys typed behind them are delivered.
        screen = self.screen
        # A list opening or closing (tui.type_ahead_select) holds the keys typed behind it while the focus moves.
        focused = self.focused
        for widget in (focused, focused.parent if focused is not None else None):
            if (hold_behind := getattr(widget, "hold_behind", None)) is not None:
                hold_behind(event, self.hold_keys)
                break
        hold, route = getattr(screen, "hold_key", None), getattr(screen, "route_key", None)
        if hold is not None and hold(event):
            return
        if route is not None and route(event):
            return
        await super().on_event(event)

    def hold_keys(self, first: Iterable[events.Key] = ()) -> Callable[[], None]:
        """Hold every key typed from now on (``first`` before them) until the returned function is called: then
        they are dispatched in order, to whatever screen is active by then. For a dialog's Enter that is handled
        behind the keys typed before it: the keys typed behind it go to the screen it closes to (or the next
        dialog), or into the dialog when it stays open, never into a closing dialog. Released at the latest after
        two seconds (a dialog closed another way)."""
        self._key_gate += 1
        self._gated_keys[:0] = list(first)
        released = False

        def release() -> None:
            nonlocal released
            if released:
                return
            released = True
            self._key_gate -= 1
            if not self._key_gate:
                self.call_later(self._dispatch_gated)

        self.set_timer(2.0, release)
        return release

    async def _dispatch_gated(self) -> None:
        while self._gated_keys and not self._key_gate:
            await self._dispatch_key(self._gated_keys.pop(0))

    def replay_keys(self) -> None:
        """The login (or first-beheerder) screen is up: the keys typed while the app started go to it."""
        keys, self.early_keys = self.early_keys or [], None
        for key in keys:
            self.post_message(key)

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

        def log_lock() -> None:
            try:
                accounts.record_event(store, Handeling.SCHERM_VERGRENDELD, "app")
            except Exception as error:  # the screen is locked all the same; the log entry could not be written
                self.post_message(StoreFailed(describe(error)[0], user_error=True, error=error))

        self.run_worker(log_lock, thread=True, exit_on_error=False)

    # --- privacy mode (screen sharing) ------------------------------------------------------------------
    def action_toggle_privacy(self) -> None:
        self.privacy = not self.privacy

    def watch_privacy(self) -> None:
        """Redraw what is visible now (the top screen and those under its dialogs); hidden screens redraw
        when they show again, so a toggle reads nothing from the store for screens no one sees."""
        visible = True
        for screen in reversed(self.screen_stack):
            if not isinstance(screen, (ZvhScreen, ZvhModalScreen)):
                visible = visible and isinstance(screen, ModalScreen)
                continue
            if visible:
                screen.refresh_privacy()
            else:
                screen.privacy_stale = True
            visible = visible and isinstance(screen, ModalScreen)

    # --- screen flow ------------------------------------------------------------------------------
    def _show(self, screen: Screen) -> None:
        from tui.screens.home import HomeScreen

        if isinstance(self.screen, HomeScreen):
            self.push_screen(screen)
        else:
            self.switch_screen(screen)

    def go_home(self) -> None:
        from tui.screens.home import HomeScreen

        if not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def open_overleg(self, overleg_id: int) -> None:
        """Show an overleg where it stands: agenda (not started), run (started) or besluitenlijst (closed)."""
        from zvh_core.meetings import overleggen

        regio = self.regio
        self.load(OverlegOpened, lambda s: overleggen.get_overleg(s, regio, overleg_id))

    def on_overleg_opened(self, message: OverlegOpened) -> None:
        overleg = message.value
        if overleg.is_open and self.actor is not None and self.actor.is_partner:
            from tui.screens.partner import PartnerOverlegScreen

            self._show(PartnerOverlegScreen(overleg.id))
        elif not overleg.is_open:
            self.show_besluitenlijst(overleg.id)
        elif overleg.gestart_op is None:
            self.show_agenda(overleg.id)
        else:
            self.start_run(overleg.id)

    def show_agenda(self, overleg_id: int) -> None:
        from tui.screens.agenda import AgendaScreen

        self._show(AgendaScreen(overleg_id))

    def start_run(self, overleg_id: int, start_at: int | None = None) -> None:
        from tui.screens.run import RunScreen

        self._show(RunScreen(overleg_id, start_at))

    def show_besluitenlijst(self, overleg_id: int) -> None:
        from tui.screens.besluitenlijst import BesluitenlijstScreen

        self._show(BesluitenlijstScreen(overleg_id))

    def show_voorbereiden(self) -> None:
        from tui.screens.partner import VoorbereidenScreen

        self._show(VoorbereidenScreen())

    def show_casussen(self) -> None:
        from tui.screens.casussen import CasussenScreen

        self._show(CasussenScreen())

    def show_casus(self, casus_id: int, *, ask_persons: bool = False) -> None:
        """On top of the current screen; Esc returns there."""
        from tui.screens.casus import CasusScreen

        self.push_screen(CasusScreen(casus_id, ask_persons=ask_persons))

    def show_acties(self) -> None:
        from tui.screens.acties import ActiesScreen

        self._show(ActiesScreen())

    def show_wachtend(self) -> None:
        from tui.screens.wachtend import WachtendScreen

        self._show(WachtendScreen())

    def show_rapportage(self) -> None:
        from tui.screens.rapportage import RapportageScreen

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
        from tui.screens.dossier import DossierScreen
        from tui.screens.lookup import LookupScreen

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
        from tui.screens.dossier import DossierScreen

        self.push_screen(DossierScreen(persoon_id))

    # --- help, palette, errors ------------------------------------------------------------------------
    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        scope = getattr(self.screen, "SCOPE", "")
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()  # F1 opens and closes it
            return
        screen = self.screen
        self.push_screen(HelpScreen(scope, offered=lambda action: self._offered(screen, action)))

    @staticmethod
    def _offered(screen: Screen, action: str) -> bool:
        """Whether ``screen`` offers ``action`` now (its check_action; the role's rights on the home screen)."""
        from textual.actions import parse

        _, name, parameters = parse(action)
        try:
            return screen.check_action(name, parameters) is not False
        except Exception:  # a screen whose check_action needs data that has not arrived yet
            return True

    def action_command_palette(self) -> None:
        """Textual's command palette, in Dutch."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder="Zoek een opdracht…", id="--command-palette"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        scope = getattr(screen, "SCOPE", "")
        own = {spec.id for spec in specs_for(scope)} - {spec.id for spec in specs_for(None)}
        for spec in specs_for(scope, self.actor):
            if not spec.palette or not self._offered(screen, spec.action):
                continue
            namespace = screen if spec.id in own else self
            yield SystemCommand(spec.label, spec.help, partial(self.run_action, spec.action, namespace))
        yield SystemCommand("Thema wisselen", "Kies een ander kleurenschema.", self.action_change_theme)

    def on_store_failed(self, message: StoreFailed) -> None:
        title = "Niet mogelijk" if message.user_error else "Fout"
        self.push_screen(ErrorDialog(title, message.message))
