"""What every screen of the app shares: its action scope, store workers, error handling, and the
privacy-mode badge (top right, always visible) that follows the app's privacy mode."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Static

from tui import render
from tui.store_work import StoreFailed, StoreWorkMixin


BADGE_WIDTH = 24


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
        self.update(render.privacy_badge())


class ZvhScreen(StoreWorkMixin, Screen):
    SCOPE = ""
    """Key of this screen's actions in tui.actions.REGISTRY."""

    DEFAULT_CSS = """
    ZvhScreen {
        layers: base badge;
    }
    """

    def on_mount(self) -> None:
        # Runs besides the subclass's on_mount (Textual calls the handler of every class in the MRO).
        self.mount(PrivacyBadge(id="privacy-badge"))
        self.call_after_refresh(self._place_badge)

    def on_resize(self) -> None:
        self._place_badge()

    def _place_badge(self) -> None:
        for badge in self.query(PrivacyBadge):
            badge.styles.offset = (max(0, self.size.width - BADGE_WIDTH), 0)

    def on_store_failed(self, message: StoreFailed) -> None:
        from tui.screens.dialogs import ErrorDialog

        message.stop()  # handled here; the app-wide handler is for screens without their own
        title = "Niet mogelijk" if message.user_error else "Fout"
        self.app.push_screen(ErrorDialog(title, message.message), callback=lambda _: self.reload())

    def reload(self) -> None:
        """Read this screen's data again from the store (after an error, or on return)."""

    def refresh_privacy(self) -> None:
        """Privacy mode changed: redraw. The default reads the data again, which redraws everything."""
        for badge in self.query(PrivacyBadge):
            badge.refresh_mode()
        self.reload()
