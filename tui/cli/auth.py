"""Who runs a `zvh` command: `zvh --gebruiker NAAM …`, password from ZVH_WACHTWOORD or a prompt.

Every command opens its store through ``command_store``: bound to the logged-in account, or on a
fresh store (no beheerder yet) to the installation binding. Refusals of the role matrix and failed
logins end the command with a Dutch message and exit code 3 (``ZvhGroup``).
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING

import typer

from tui.cli.conventions import DutchRootGroup

if TYPE_CHECKING:
    from zvh_core.store import Store

EXIT_REFUSED = 3
EXIT_STORE = 2
PASSWORD_ENV = "ZVH_WACHTWOORD"


_invocation = threading.local()


class ZvhGroup(DutchRootGroup):
    """The root command group: remembers who runs the command; access refusals become a message and an
    exit code, not a traceback."""

    def invoke(self, ctx: typer.Context):
        _invocation.root = ctx
        try:
            return super().invoke(ctx)
        except Exception as error:
            code = _exit_code(error)
            if code is None:
                raise
            typer.echo(str(error), err=True)
            raise typer.Exit(code) from None
        finally:
            _invocation.root = None


def _exit_code(error: Exception) -> int | None:
    """3 for a refusal of the role matrix or a failed login, 2 for a store that cannot be used, None for
    anything else (imported here: `zvh --help` loads no store code)."""
    from zvh_core.access.accounts import AccountError
    from zvh_core.access.rights import AccessDenied
    from zvh_core.store import StoreError

    if isinstance(error, (AccessDenied, AccountError)):
        return EXIT_REFUSED
    if isinstance(error, StoreError):
        return EXIT_STORE
    return None


def current_user() -> str | None:
    """The --gebruiker of the running command (set by the root callback in ctx.obj)."""
    root = getattr(_invocation, "root", None)
    obj = getattr(root, "obj", None)
    return obj.get("gebruiker") if isinstance(obj, dict) else None


def _command_name() -> str:
    root = getattr(_invocation, "root", None)
    sub = getattr(root, "invoked_subcommand", None)
    return f"zvh {sub}" if sub else "zvh"


def password(prompt: str = "Wachtwoord") -> str:
    value = os.environ.get(PASSWORD_ENV)
    if value is not None:
        return value
    return typer.prompt(prompt, hide_input=True)


def authorize(permission, wat: str, details: dict | None = None, *, broken_store_ok: bool = False) -> None:
    """For commands that work on the store as a file (backup, herstel, overzetten): log in, check the
    role and log the action, then let the command go on. A store that cannot be opened at all stops the
    command (exit 2), except for ``broken_store_ok`` (restoring a damaged store: whoever can damage the
    file already has it, and the restored store is what counts)."""
    from zvh_core.access.accounts import authorize_maintenance
    from zvh_core.store import StoreError

    try:
        store = command_store()
    except StoreError as error:
        if broken_store_ok:
            typer.echo(f"Let op: de huidige database kan niet worden geopend ({error}); herstel gaat door.", err=True)
            return
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None
    try:
        authorize_maintenance(store, permission, wat, details)
    finally:
        store.dispose()


def command_store(store: Store | None = None, *, create: bool = False) -> Store:
    """The store for this command, bound to its user (logged in here, logged in the access log). Only a
    command that may ``create`` the store (the first account) opens a file that is not there yet."""
    from zvh_core.access.accounts import AccountError, login_for_command
    from zvh_core.store import open_store

    store = store or open_store(must_exist=not create)
    naam = current_user()
    try:
        return login_for_command(store, naam, password() if naam else None, _command_name())
    except AccountError:
        store.dispose()
        raise
