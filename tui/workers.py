"""Database work off the UI thread. Workers call zvh_core services and post typed messages
back; they never touch widgets. Writes run strictly in the order the chair made them."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from textual.message import Message

from zvh_core.kernel.errors import ZvhError


class Loaded(Message):
    """Base class of 'data arrived' messages; subclasses say what arrived."""

    def __init__(self, value: Any) -> None:
        super().__init__()
        self.value = value


class Saved(Message):
    """A change is in the store."""

    def __init__(self, what: str, value: Any = None) -> None:
        super().__init__()
        self.what = what
        self.value = value


class StoreFailed(Message):
    """Reading or writing failed; ``user_error`` is a refusal by the rules, with a Dutch message."""

    def __init__(self, message: str, *, user_error: bool, error: Exception | None = None) -> None:
        super().__init__()
        self.message = message
        self.user_error = user_error
        self.error = error
        """The exception itself, for screens that act on it (e.g. a ConcurrentChange's fresh state)."""


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


class StoreWorkMixin:
    """For screens: ``load`` reads (latest request wins), ``save`` writes (all, in order)."""

    def load(self, message: type[Loaded], read: Callable[[Any], Any], *, group: str | None = None) -> None:
        """Run ``read(session)`` in a thread and post ``message(result)``."""
        self.run_worker(  # type: ignore[attr-defined]
            lambda: self._worker_read(message, read),
            thread=True,
            exclusive=True,
            group=group or message.__name__,
        )

    def _worker_read(self, message: type[Loaded], read: Callable[[Any], Any]) -> None:
        try:
            with self.app.store.read() as session:  # type: ignore[attr-defined]
                value = read(session)
        except Exception as error:
            text, user_error = describe(error)
            self.post_message(StoreFailed(text, user_error=user_error))  # type: ignore[attr-defined]
            return
        self.post_message(message(value))  # type: ignore[attr-defined]

    def save(self, what: str, write: Callable[[], Any]) -> None:
        """Run ``write()`` (a zvh_core service call) in a thread, after earlier saves; post Saved."""
        order: WriteOrder = self.app.write_order  # type: ignore[attr-defined]
        ticket = order.ticket()
        self.app.run_worker(  # type: ignore[attr-defined]
            lambda: self._worker_write(order, ticket, what, write),
            thread=True,
            group="write",
        )

    def _worker_write(self, order: WriteOrder, ticket: int, what: str, write: Callable[[], Any]) -> None:
        order.wait_turn(ticket)
        try:
            value = write()
        except Exception as error:
            text, user_error = describe(error)
            self.post_message(StoreFailed(text, user_error=user_error, error=error))  # type: ignore[attr-defined]
            return
        finally:
            order.done(ticket)
        self.post_message(Saved(what, value))  # type: ignore[attr-defined]
