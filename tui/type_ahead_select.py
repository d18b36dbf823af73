"""A Select that a fast typist can use: the keys typed behind the key that opens or closes its list wait
until the focus has moved.

A Select opens its list through an app binding, once the key has bubbled up to the app, and moves the focus
to the list later still (Textual defers a focus change); choosing in the list moves the focus back the same
way. Keys typed in one go (``Enter ↓ ↓ Enter Tab …``) were meanwhile delivered to the widget that had the
focus before: the arrows reached the closed Select, the text after a Tab the list that was closing, and the
choice stayed what it was. So while the focus moves, the app holds the keys behind it (``ZvhApp.hold_keys``,
the same gate a dialog's Enter uses) and hands them on, in order, once the list or the Select has it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from textual import events
from textual.widgets import Select

SelectType = TypeVar("SelectType")

OPENING_KEYS = frozenset({"enter", "down", "up", "space"})
"""The keys that open the list (Select's own binding)."""
CLOSING_KEYS = frozenset({"enter", "escape"})
"""The keys that close the open list: choose, or leave it as it was."""


class TypeAheadSelect(Select[SelectType]):
    """Select for the app's dialogs: nothing typed behind opening or closing its list goes astray."""

    def __init__(self, options: Iterable[tuple[str, SelectType]], **settings: Any) -> None:
        settings.setdefault("prompt", "— geen —")  # Textual's own is English ('Select'); blank means: none chosen
        super().__init__(options, **settings)

    _release: Callable[[], None] | None = None
    """Set while the focus moves to or from the list: lets the held keys go on."""
    _awaiting_list = False
    """What the focus moves to: the list (opening), or the Select itself (closing)."""

    def hold_behind(self, event: events.Key, hold: Callable[[], Callable[[], None]]) -> None:
        """The app dispatches ``event`` to this Select or its list: when it opens or closes the list, the keys
        typed behind it are held (``hold()``) until the focus has moved."""
        if self._release is not None:
            return
        opening = not self.expanded and event.key in OPENING_KEYS
        closing = self.expanded and event.key in CLOSING_KEYS
        if opening or closing:
            self._awaiting_list = opening
            self._release = hold()

    def _focus_moved(self, to_list: bool) -> None:
        # A Focus still queued from before (the Tab that came here) is not the move that is awaited.
        if self._release is None or to_list != self._awaiting_list:
            return
        release, self._release = self._release, None
        release()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._focus_moved(to_list=True)

    def on_focus(self, event: events.Focus) -> None:
        self._focus_moved(to_list=False)
