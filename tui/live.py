"""Screens that follow a live overleg: the store's change feed looked at every 250 ms on the UI thread
(a pragma or a look at received notifications: microseconds, no thread), the live marker read off the UI
thread when it says someone committed, and ``live_changed`` called only when the marker moved.

A screen of an overleg the chair has not opened yet follows with ``start_following(None, planned=(type, date))``:
after a commit it reads whether that overleg exists now, and from then on follows it as any other.

Nothing here touches what the user is typing: a dialog (notes, a reason) is a screen of its own above the
one that refreshes underneath it, and keeps its fields.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from tui.workers import Loaded
from zvh_core.meetings import live
from zvh_core.meetings.live import Stand

POLL_SECONDS = 0.25
RETRY_SECONDS = 5.0
"""After the feed's connection broke: how long before it is opened again."""


class StandLoaded(Loaded):
    value: Stand | None


class OpenedLoaded(Loaded):
    value: int | None


class LiveFollowing:
    """For screens (with StoreWorkMixin): ``start_following(overleg_id)`` in on_mount; override ``live_changed``."""

    _live_feed: Any = None
    _live_stand: Stand | None = None
    _live_overleg_id: int | None = None
    _live_planned: tuple[str, date] | None = None

    _live_warned = False
    _live_retry_at = 0.0

    def start_following(self, overleg_id: int | None, *, planned: tuple[str, date] | None = None) -> None:
        """Follow ``overleg_id``; or (None) the overleg ``planned`` (type, date) once the chair opens it."""
        self._live_overleg_id = overleg_id
        self._live_planned = planned
        self._open_feed()
        self._read_stand()
        self.set_interval(POLL_SECONDS, self._poll_live)  # type: ignore[attr-defined]

    def _open_feed(self) -> bool:
        try:
            self._live_feed = self.app.store.change_feed()  # type: ignore[attr-defined]
        except Exception as error:  # following is a help, not a condition to work: try again later
            self._live_feed = None
            self._live_retry_at = time.monotonic() + RETRY_SECONDS
            if not self._live_warned:
                self._live_warned = True
                self.notify(  # type: ignore[attr-defined]
                    f"Live volgen werkt nu niet ({error}); F5 leest opnieuw, de app probeert het zelf opnieuw.",
                    severity="warning",
                )
            return False
        return True

    def _poll_live(self) -> None:
        feed = self._live_feed
        if feed is None:
            if time.monotonic() >= self._live_retry_at and self._open_feed():
                self._read_stand()  # what changed while the feed was gone
            return
        try:
            changed = not feed.closed and feed.changed()
        except Exception:  # the connection broke (server restarted, network): open a new one
            feed.close()
            self._live_feed = None
            return
        if changed:
            self._read_stand()

    def _read_stand(self) -> None:
        overleg_id, planned = self._live_overleg_id, self._live_planned
        if overleg_id is None:
            if planned is not None:
                self.load(  # type: ignore[attr-defined]
                    OpenedLoaded, lambda s: live.opened_overleg_id(s, *planned), group="live-stand"
                )
            return
        self.load(StandLoaded, lambda s: live.stand(s, overleg_id), group="live-stand")  # type: ignore[attr-defined]

    def on_opened_loaded(self, message: OpenedLoaded) -> None:
        if message.value is not None and self._live_overleg_id is None:
            self._live_overleg_id = message.value  # the chair opened it: follow it from now on
            self._read_stand()

    def on_stand_loaded(self, message: StandLoaded) -> None:
        previous, self._live_stand = self._live_stand, message.value
        if message.value is not None and message.value != previous:
            self.live_changed(previous, message.value)

    def live_changed(self, previous: Stand | None, stand: Stand) -> None:
        """What this screen shows may have moved: read it again. ``previous`` is None for the first marker,
        read just after the screen's own first read: what changed in between is read then."""

    def on_unmount(self) -> None:
        if self._live_feed is not None:
            self._live_feed.close()
            self._live_feed = None
