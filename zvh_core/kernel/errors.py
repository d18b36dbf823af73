"""The error base every capability raises from (one ``ZvhError``, shared with the store's errors in db).

A handler that shows errors to the user catches ``ZvhError``; anything else is a bug and goes to the
error dialog with its traceback.
"""

from __future__ import annotations

from db.errors import StoreError, ZvhError

__all__ = ["InvalidInput", "NotFound", "StoreError", "ZvhError"]


class InvalidInput(ZvhError, ValueError):
    """What was asked breaks a rule (an unknown partner, dates in the wrong order …); nothing was stored.

    Also a ValueError, so a form that checks its own fields handles both the same way."""


class NotFound(InvalidInput):
    """The item no longer exists (removed, merged, or never there)."""
