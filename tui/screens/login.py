"""Logging in: the login screen at start, the first beheerder of a fresh store, and the lock screen
after idle minutes. All three are opaque full screens: nothing of the data underneath shows."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from tui.screens.base import ZvhAppAccess
from tui.screens.dialogs import TypeAhead
from tui.workers import describe
from zvh_core.access import accounts
from zvh_core.access.rights import Actor
from zvh_core.demo.accounts import demo_login_hint


class LoginDone(Message):
    def __init__(self, actor: Actor | None, error: str | None) -> None:
        super().__init__()
        self.actor = actor
        self.error = error


class DemoHint(Message):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class _PasswordScreen(ZvhAppAccess, TypeAhead, Screen):
    """Shared: inputs, an error line, and the check run in a thread (Argon2 takes a moment)."""

    BINDINGS = [
        Binding("ctrl+q", "app.quit", "Afsluiten", id="login.quit", tooltip="Sluit de app."),
        # A priority binding runs while the app dispatches the key, before the next key is dispatched: the
        # focus has moved on before the password's first character arrives (an Input's own Submitted
        # message would arrive after the keys typed behind it, which then land in the name in clear text).
        # ctrl+j: an Enter typed while the terminal was still in line mode (before the app took it over) arrives
        # as a newline.
        Binding("enter,ctrl+j", "advance", "Volgende", id="login.next", show=False, priority=True),
    ]
    FIRST_FIELD = "Input"
    SUBMIT_BEHIND = False  # its own priority Enter (action_advance) already moves on behind the typed keys
    TITLE_TEXT = ""
    HINT = "Enter: volgende / aanmelden · Ctrl+Q: afsluiten"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog login"):
            yield Label(self.TITLE_TEXT, classes="dialog-title", id="login-title")
            yield from self.fields()
            yield Static("", id="login-error", classes="error-text")
            yield Static("", id="login-hint", classes="dialog-hint")
            yield Static(self.HINT, classes="dialog-hint")

    def fields(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        # TypeAhead focuses the first field; the keys typed while the app started come after that.
        replay = getattr(self.app, "replay_keys", None)
        if replay is not None:
            replay()

    def action_advance(self) -> None:
        """Enter: on to the next empty field at once (Screen.set_focus, not Widget.focus, which waits for a
        refresh), or log in once the focused field has taken the keys typed before this Enter (they may
        still wait in its queue: the submit is queued behind them)."""
        inputs = list(self.query(Input))
        current = self.focused if self.focused in inputs else None
        index = inputs.index(current) if current is not None else len(inputs) - 1
        if index + 1 < len(inputs) and not inputs[index + 1].value:
            self.set_focus(inputs[index + 1])
            return
        (current or self).call_later(self.submit)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_advance()

    def submit(self) -> None:
        raise NotImplementedError

    def check(self, attempt) -> None:
        """Run ``attempt()`` (returns an Actor, raises AccountError) off the UI thread."""
        self.query_one("#login-error", Static).update("Controleren…")

        def work() -> None:
            try:
                actor = attempt()
            except accounts.AccountError as error:
                self.post_message(LoginDone(None, str(error)))
                return
            except Exception as error:  # the store busy (an import, a backup), unreachable …: said, never an exit
                self.post_message(LoginDone(None, describe(error)[0]))
                return
            self.post_message(LoginDone(actor, None))

        self.run_worker(work, thread=True, group="login", exclusive=True, exit_on_error=False)

    def on_login_done(self, message: LoginDone) -> None:
        if message.actor is None:
            self.query_one("#login-error", Static).update(message.error or "")
            password = list(self.query("Input.password").results(Input))
            for field in password:
                field.value = ""
            if password:
                self.set_focus(password[0])
            return
        self.query_one("#login-error", Static).update("")
        self.zvh.logged_in(message.actor, self)


class LoginScreen(_PasswordScreen):
    TITLE_TEXT = "ZVH Overleg — aanmelden"

    def on_mount(self) -> None:
        super().on_mount()
        store = self.zvh.base_store

        def hint() -> None:
            try:
                text = demo_login_hint(store)
            except Exception:  # only a hint: a busy or unreachable store shows at login itself
                return
            if text:
                self.post_message(DemoHint(text))

        self.run_worker(hint, thread=True, group="demo-hint", exit_on_error=False)

    def on_demo_hint(self, message: DemoHint) -> None:
        self.query_one("#login-hint", Static).update(message.text)

    def fields(self) -> ComposeResult:
        yield Label("Gebruikersnaam")
        yield Input(id="login-naam")
        yield Label("Wachtwoord")
        yield Input(id="login-wachtwoord", password=True, classes="password")

    def submit(self) -> None:
        naam = self.query_one("#login-naam", Input).value.strip()
        wachtwoord = self.query_one("#login-wachtwoord", Input).value
        if not naam:
            self.set_focus(self.query_one("#login-naam", Input))
            return
        store = self.zvh.base_store
        self.check(lambda: accounts.login(store, naam, wachtwoord, context="aanmelden (app)"))


class FirstBeheerderScreen(_PasswordScreen):
    TITLE_TEXT = "Nieuwe database — maak de eerste beheerder aan"
    HINT = (
        f"De beheerder maakt daarna de andere accounts (zvh gebruiker toevoegen). Wachtwoord: minstens "
        f"{accounts.MIN_PASSWORD_LENGTH} tekens. Ctrl+Q: afsluiten"
    )

    def fields(self) -> ComposeResult:
        yield Label("Gebruikersnaam van de beheerder")
        yield Input(id="first-naam")
        yield Label("Wachtwoord")
        yield Input(id="first-wachtwoord", password=True, classes="password")
        yield Label("Herhaal het wachtwoord")
        yield Input(id="first-herhaling", password=True, classes="password")

    def submit(self) -> None:
        naam = self.query_one("#first-naam", Input).value.strip()
        first = self.query_one("#first-wachtwoord", Input).value
        again = self.query_one("#first-herhaling", Input).value
        if first != again:
            self.on_login_done(LoginDone(None, "De wachtwoorden zijn niet gelijk."))
            return
        store, regio = self.zvh.base_store, self.zvh.regio
        self.check(lambda: accounts.create_first_beheerder(store, regio, naam, first))


class LockScreen(_PasswordScreen):
    """After idle minutes: only the same user's password opens the screen again (or Ctrl+Q)."""

    HINT = "Enter: ontgrendelen · Ctrl+Q: afsluiten (alles is opgeslagen)"

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.TITLE_TEXT = f"Scherm vergrendeld — {actor.naam}"

    def fields(self) -> ComposeResult:
        yield Label("Wachtwoord")
        yield Input(id="lock-wachtwoord", password=True, classes="password")

    def submit(self) -> None:
        wachtwoord = self.query_one("#lock-wachtwoord", Input).value
        store, naam = self.zvh.base_store, self.actor.naam
        self.check(lambda: accounts.login(store, naam, wachtwoord, context="ontgrendelen"))
