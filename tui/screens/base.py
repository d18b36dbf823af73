"""What every screen of the app shares: its action scope, store workers and error handling."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen, Screen

from tui.store_work import StoreFailed, StoreWorkMixin


ResultT = TypeVar("ResultT")


class _StoreErrors:
    SCOPE = ""
    """Key of this screen's actions in tui.actions.REGISTRY."""

    def on_store_failed(self, message: StoreFailed) -> None:
        from tui.screens.dialogs import ErrorDialog

        message.stop()  # handled here; the app-wide handler is for screens without their own
        title = "Niet mogelijk" if message.user_error else "Fout"
        self.app.push_screen(ErrorDialog(title, message.message), callback=lambda _: self.reload())

    def reload(self) -> None:
        """Read this screen's data again from the store (after an error, or on return)."""


class ZvhScreen(_StoreErrors, StoreWorkMixin, Screen):
    """A full screen of the app."""


class ZvhModalScreen(_StoreErrors, StoreWorkMixin, ModalScreen[ResultT]):
    """A screen over another one (lookup, dossier) that reads and writes the store itself."""
