"""What every screen of the app shares: its action scope, store workers, error handling, and the
privacy-mode badge (bottom right, always visible) that follows the app's privacy mode."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual import events
from textual.actions import parse as parse_action
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from tui import render
from tui.workers import StoreFailed, StoreWorkMixin

if TYPE_CHECKING:
    from tui.app import ZvhApp

ResultT = TypeVar("ResultT")
BADGE_WIDTH = 24


def privacy_mode(node: DOMNode) -> bool:
    """The app's privacy mode (``ZvhApp.privacy``), for what ``node`` (a screen, a dialog, a widget) draws."""
    return cast("ZvhApp", node.app).privacy


class PrivacyBadge(Static):
    """Says whether privacy mode is on; bottom right, over the end of the footer (where the palette
    hint is), on every screen."""

    DEFAULT_CSS = f"""
    PrivacyBadge {{
        dock: bottom;
        layer: badge;
        width: {BADGE_WIDTH};
        height: 1;
        content-align: right middle;
        background: $footer-background;
    }}
    """

    def on_mount(self) -> None:
        self.refresh_mode()

    def refresh_mode(self) -> None:
        self.update(render.privacy_badge(privacy_mode(self)))


class ZvhAppAccess:
    """``self.zvh``: the app, typed (its store, regio, day and account); ``self.app`` is a plain Textual App to
    mypy. Every screen has it, the login screens too (which are no ZvhScreen: they load nothing)."""

    @property
    def zvh(self) -> ZvhApp:
        return cast("ZvhApp", self.app)  # type: ignore[attr-defined]


class _StoreErrors(ZvhAppAccess):
    SCOPE = ""
    """Key of this screen's actions in tui.keymap.REGISTRY."""

    DEFAULT_CSS = """
    ZvhScreen, ZvhModalScreen {
        layers: base badge;
    }
    """

    def on_mount(self) -> None:
        # Runs besides the subclass's on_mount (Textual calls the handler of every class in the MRO).
        self.mount(PrivacyBadge(classes="privacy-badge"))  # type: ignore[attr-defined]
        self.call_after_refresh(self._place_badge)  # type: ignore[attr-defined]

    def on_resize(self) -> None:
        self._place_badge()

    def _place_badge(self) -> None:
        width = self.size.width  # type: ignore[attr-defined]
        for badge in self.query(PrivacyBadge):  # type: ignore[attr-defined]
            badge.styles.offset = (max(0, width - BADGE_WIDTH), 0)

    def on_store_failed(self, message: StoreFailed) -> None:
        """Say it once; then a failed write shows the stored state again (one read), and a failed read of a
        screen that never showed anything (refused for this role, store busy) leaves it: back where the
        user was. A failing read is never retried on its own, so a refusal can never loop."""
        from tui.screens.dialogs import ErrorDialog

        message.stop()  # handled here; the app-wide handler is for screens without their own
        if self._leaving or self not in self.app.screen_stack:  # type: ignore[attr-defined]
            return  # a read refused again while this screen is on its way out (or gone): said once already
        if message.while_reading:
            if self.has_loaded:  # type: ignore[attr-defined]
                after = lambda: None  # noqa: E731
            else:
                self._leaving = True
                after = self._leave
        else:
            after = self.reload
        title = "Niet mogelijk" if message.user_error else "Fout"
        self.app.push_screen(ErrorDialog(title, message.message), callback=lambda _: after())  # type: ignore[attr-defined]

    _leaving = False
    """A read of this screen was refused before it showed anything: it closes after the dialog."""

    def _leave(self) -> None:
        app = self.app  # type: ignore[attr-defined]
        if app.screen is not self:
            return
        if isinstance(self, ModalScreen):
            self.dismiss(None)
        elif len(app.screen_stack) > 2:  # never below the start screen (or the login)
            app.pop_screen()

    def reload(self) -> None:
        """Read this screen's data again from the store (after an error, or on return)."""

    @property
    def privacy(self) -> bool:
        """The app's privacy mode: what this screen passes to the render functions."""
        return privacy_mode(self)  # type: ignore[arg-type]

    def refresh_privacy(self) -> None:
        """Privacy mode changed: redraw. The default reads the data again, which redraws everything."""
        self.refresh_badges()
        self.reload()

    def refresh_badges(self) -> None:
        for badge in self.query(PrivacyBadge):  # type: ignore[attr-defined]
            badge.refresh_mode()

    privacy_stale = False
    """Privacy mode changed while this screen was hidden: it redraws when it shows again."""

    def on_screen_resume(self) -> None:
        if self.privacy_stale:
            self.privacy_stale = False
            self.refresh_privacy()


class ZvhScreen(_StoreErrors, StoreWorkMixin, Screen):
    """A full screen of the app."""

    def route_key(self, event: events.Key) -> bool:
        """Called by the app as it dispatches a key (ZvhApp._dispatch_key): a key of this screen's own runs at
        once, so the dialog it opens is there before the keys typed behind it are dispatched, and they go into
        that dialog instead of the list behind it (Textual runs a binding only once the key has bubbled up,
        after the keys behind it reached the focused widget). The focused widget's own keys (a table's arrows
        and Enter, anything typed in a text field) stay its own; True: the key is used up."""
        focused = self.focused
        if isinstance(focused, Input):
            return False
        bindings = self._bindings.key_to_bindings.get(event.key, [])
        if not bindings or _bound_below(focused, self, event.key):
            return False
        for binding in bindings:
            _, name, parameters = parse_action(binding.action)
            method = getattr(self, f"action_{name}", None)
            if method is not None and self.check_action(name, parameters):
                method(*parameters)
                return True
        return False


def _bound_below(focused: DOMNode | None, screen: Screen, key: str) -> bool:
    """Whether the focused widget, or a container between it and the screen, binds ``key`` itself."""
    node = focused
    while node is not None and node is not screen:
        if key in node._bindings.key_to_bindings:
            return True
        node = node.parent
    return False


class ZvhModalScreen(_StoreErrors, StoreWorkMixin, ModalScreen[ResultT]):
    """A screen over another one (lookup, dossier) that reads and writes the store itself."""
