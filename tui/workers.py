"""Database work off the UI thread. Workers call zvh_core services and post typed messages
back; they never touch widgets. Writes run strictly in the order the chair made them.

Every thread the app starts goes through ``run_guarded``: whatever it raises ends as a StoreFailed
message (a Dutch text, handled by the screen or the app), never as an exit of the app. A read that a
newer read of the same kind superseded is dropped before it is posted, so it is never painted."""

from __future__ import annotations

import threading
from collections.abc import Callable
from enum import Enum
from typing import Any

from textual.message import Message
from textual.worker import NoActiveWorker, get_current_worker

from zvh_core.kernel.errors import ZvhError


class Loaded(Message):
    """Base class of 'data arrived' messages; subclasses say what arrived."""

    def __init__(self, value: Any) -> None:
        super().__init__()
        self.value = value


class Change(Enum):
    """What a save changed, the tag of a ``Saved`` message: a typo in a name is an AttributeError (and a
    mypy error), never a handler that silently never runs. A screen posts ``self.save(Change.X, write)`` and
    its handler asks ``message.what is Change.X``. A new kind of change is a new member here; the value is
    only for reading (it was the tag's string before the tags were typed)."""

    ACTIE = "actie"
    ACTIE_WEG = "actie_weg"
    ADDED = "added"
    AFGEROND = "afgerond"
    ANTWOORD = "antwoord"
    BEKENDHEID = "bekendheid"
    BESLUIT = "besluit"
    BESLUIT_CASUS = "besluit_casus"
    CASUS = "casus"
    CASUSFORM = "casusform"
    CLOSED = "closed"
    DATED = "dated"
    EXPORT = "export"
    EXPORT_PARTNERS = "export_partners"
    FORM = "form"
    GEHEIMHOUDING = "geheimhouding"
    GEWIJZIGD = "gewijzigd"
    MELDING = "melding"
    MELDING_WEG = "melding_weg"
    MERGED = "merged"
    OPENED = "opened"
    PARTNERS = "partners"
    PERSOON = "persoon"
    PERSOON_WEG = "persoon_weg"
    POSITION = "position"
    REMOVED = "removed"
    REVIEWED = "reviewed"
    STARTED = "started"
    UNDO = "undo"
    UNDONE = "undone"
    UNMERGED = "unmerged"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):  # an untyped tag left over: say so instead of never matching
            raise TypeError(f"Saved.what is a Change, not the string {other!r}: compare with Change.{other.upper()}")
        return self is other

    def __hash__(self) -> int:
        return hash(self.name)


class Saved(Message):
    """A change is in the store; ``what`` says which (a ``Change``), ``value`` is what the service handed back."""

    def __init__(self, what: Change, value: Any = None) -> None:
        if not isinstance(what, Change):
            raise TypeError(f"Saved needs a Change, not {what!r}: use Change.{str(what).upper()}")
        super().__init__()
        self.what = what
        self.value = value


class StoreFailed(Message):
    """Reading or writing failed; ``user_error`` is a refusal by the rules, with a Dutch message."""

    def __init__(
        self, message: str, *, user_error: bool, error: Exception | None = None, while_reading: bool = False
    ) -> None:
        super().__init__()
        self.message = message
        self.user_error = user_error
        self.error = error
        """The exception itself, for screens that act on it (e.g. a ConcurrentChange's fresh state)."""
        self.while_reading = while_reading
        """A read failed (the screen has nothing new to show), not a write."""


class WriteOrder:
    """Tickets handed out on the UI thread; worker threads write in ticket order."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._next_ticket = 0
        self._serving = 0

    def ticket(self) -> int:
        ticket = self._next_ticket
        self._next_ticket += 1
        return ticket

    def wait_turn(self, ticket: int) -> None:
        with self._condition:
            self._condition.wait_for(lambda: self._serving == ticket)

    def done(self, ticket: int) -> None:
        with self._condition:
            self._serving = ticket + 1
            self._condition.notify_all()


def describe(error: Exception) -> tuple[str, bool]:
    """The message for the user, and whether it is a refusal by the rules (every ZvhError) or a fault."""
    if isinstance(error, ZvhError):
        return str(error), True
    return f"Er ging iets mis met de database: {error}", False


def superseded() -> bool:
    """In a worker thread: whether a newer worker of the same group cancelled this one."""
    try:
        return get_current_worker().is_cancelled
    except NoActiveWorker:  # not in a worker (direct call in a test)
        return False


def run_guarded(
    node,
    work: Callable[[], Message | None],
    *,
    group: str,
    exclusive: bool = False,
    while_reading: bool = True,
) -> None:
    """Run ``work()`` in a thread of ``node``; post the message it returns to ``node`` (unless a newer
    worker of the group superseded it). Any exception becomes a StoreFailed on ``node``: one path for
    every failure, never an exit of the app."""

    def guarded() -> None:
        try:
            message = work()
        except Exception as error:
            text, user_error = describe(error)
            node.post_message(StoreFailed(text, user_error=user_error, error=error, while_reading=while_reading))
            return
        if message is not None and not (exclusive and superseded()):
            node.post_message(message)

    node.run_worker(guarded, thread=True, group=group, exclusive=exclusive, exit_on_error=False)


class StoreWorkMixin:
    """For screens: ``load`` reads (latest request wins), ``save`` writes (all, in order)."""

    has_loaded = False
    """Set by the first read that arrived: the screen has something to show."""

    def load(self, message: type[Loaded], read: Callable[[Any], Any], *, group: str | None = None) -> None:
        """Run ``read(session)`` in a thread and post ``message(result)``; a newer load of the same group
        supersedes this one (its result is dropped, never painted)."""
        store = self.app.store  # type: ignore[attr-defined]

        def work() -> Loaded:
            with store.read() as session:
                value = read(session)
            self.has_loaded = True
            return message(value)

        run_guarded(self, work, group=group or message.__name__, exclusive=True)

    def save(self, what: Change, write: Callable[[], Any]) -> None:
        """Run ``write()`` (a zvh_core service call) in a thread, after earlier saves; post
        ``Saved(what, result)``. ``what`` is checked here, on the UI thread, so a wrong tag fails at the key."""
        if not isinstance(what, Change):
            raise TypeError(f"save needs a Change, not {what!r}: use Change.{str(what).upper()}")
        order: WriteOrder = self.app.write_order  # type: ignore[attr-defined]
        ticket = order.ticket()
        target = self

        def guarded() -> None:
            order.wait_turn(ticket)
            try:
                value = write()
            except Exception as error:
                text, user_error = describe(error)
                target.post_message(StoreFailed(text, user_error=user_error, error=error))  # type: ignore[attr-defined]
                return
            finally:
                order.done(ticket)
            target.post_message(Saved(what, value))  # type: ignore[attr-defined]

        # Run by the app, so a write outlives the screen that made it (the chair may have moved on).
        self.app.run_worker(guarded, thread=True, group="write", exit_on_error=False)  # type: ignore[attr-defined]
