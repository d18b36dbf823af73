"""Who runs a `zvh` command: `zvh --gebruiker NAAM …`, password from ZVH_WACHTWOORD or a prompt.

Every command opens its store through ``command_store``: bound to the logged-in account, or on a
fresh store (no beheerder yet) to the installation binding. Refusals of the role matrix and failed
logins end the command with a Dutch message and exit code 3 (``ZvhGroup``).
"""

from __future__ import annotations

import os
import sys
import threading
from typing import TYPE_CHECKING, Any

import typer
from typer import _click as click  # Typer's own Click, whose Context its command classes take

from tui.cli.conventions import DutchRootGroup

if TYPE_CHECKING:
    from zvh_core.store import Store

EXIT_INVALID = 1
EXIT_STORE = 2
EXIT_REFUSED = 3
PASSWORD_ENV = "ZVH_WACHTWOORD"

OVERSCHRIJVEN = typer.Option(
    False,
    "--overschrijven",
    help="Een bestaand bestand vervangen (nooit de database, een database of een back-up).",
)


_invocation = threading.local()


class ZvhGroup(DutchRootGroup):
    """The root command group: remembers who runs the command, and is the one place where what goes wrong
    becomes a Dutch message and an exit code instead of a traceback, for every command:

    - access refused, login failed: exit 3;
    - the store cannot be used (damaged, read-only, full, not a ZVH store, unreachable): exit 2;
    - input that breaks a rule, a refused output file: exit 1;
    - a file that cannot be read or written: exit 1, with the operating system's reason.
    """

    def invoke(self, ctx: click.Context) -> Any:
        _invocation.root = ctx
        try:
            return super().invoke(ctx)
        except OSError as error:
            where = f" ({error.filename})" if error.filename else ""
            typer.echo(f"Bestand kan niet worden gelezen of geschreven: {error.strerror or error}{where}.", err=True)
            raise typer.Exit(EXIT_INVALID) from None
        except Exception as error:
            said = _said(error)
            if said is None:
                raise
            code, message = said
            typer.echo(message, err=True)
            raise typer.Exit(code) from None
        finally:
            _invocation.root = None


def _said(error: Exception) -> tuple[int, str] | None:
    """(exit code, Dutch message) of a failure the user can act on (see ZvhGroup); None for a bug, which
    keeps its traceback. A driver error the store layer recognises gets its StoreError message.
    (Imported here: `zvh --help` loads no store code.)"""
    from zvh_core.access.accounts import AccountError
    from zvh_core.access.rights import AccessDenied
    from zvh_core.kernel.errors import ZvhError
    from zvh_core.store import StoreError, store_error

    if isinstance(error, (AccessDenied, AccountError)):
        return EXIT_REFUSED, str(error)
    if isinstance(error, StoreError):
        return EXIT_STORE, str(error)
    if isinstance(error, ZvhError):
        return EXIT_INVALID, str(error)
    translated = store_error(error)
    if translated is not None:
        return EXIT_STORE, str(translated)
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
    return hidden_prompt(prompt)


def hidden_prompt(prompt: str, confirmation_prompt: str | None = None) -> str:
    """Ask for a password without echo. Without a terminal (a pipe, a script) Python's getpass would print an
    English warning; the line is read as it comes, with a Dutch note, and a confirmation must match."""
    if sys.stdin.isatty():
        return typer.prompt(prompt, hide_input=True, confirmation_prompt=confirmation_prompt or False)
    typer.echo(
        "Let op: geen terminal, het wachtwoord wordt zonder verbergen gelezen (of geef ZVH_WACHTWOORD).", err=True
    )
    value = sys.stdin.readline().rstrip("\r\n")
    if confirmation_prompt and sys.stdin.readline().rstrip("\r\n") != value:
        raise typer.BadParameter("de twee wachtwoorden zijn niet gelijk", param_hint="wachtwoord")
    return value


def authorize(permission, wat: str, details: dict | None = None, *, broken_store_ok: bool = False):
    """For commands that work on the store as a file (backup, herstel, overzetten): log in, check the
    role and log the action, then let the command go on. A store that cannot be opened at all stops the
    command (exit 2), except for ``broken_store_ok`` (restoring a damaged store: whoever can damage the
    file already has it, and the restored store is what counts). Returns who was authorized (None then)."""
    from zvh_core.access.accounts import authorize_maintenance
    from zvh_core.store import StoreError

    try:
        store = command_store()
    except StoreError as error:
        if broken_store_ok:
            typer.echo(f"Let op: de huidige database kan niet worden geopend ({error}); herstel gaat door.", err=True)
            return None
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None
    try:
        authorize_maintenance(store, permission, wat, details)
        return store.actor
    finally:
        store.dispose()


def read_only_actor(permission):
    """For ``zvh backup`` of a read-only store: who runs it, checked by reading only (no login is written);
    None when the store can be written (then ``authorize`` logs in and logs as usual) or cannot be opened."""
    from zvh_core.access.accounts import check_without_writing
    from zvh_core.store import ReadOnlyStore, StoreError, open_read_only, open_store

    try:
        open_store().dispose()
        return None
    except ReadOnlyStore:
        pass
    except StoreError:
        return None  # authorize says what is wrong
    store = open_read_only()
    try:
        naam = current_user()
        return check_without_writing(store, naam, password() if naam else None, permission)
    finally:
        store.dispose()


def command_store(store: Store | None = None, *, create: bool = False) -> Store:
    """The store for this command, bound to its user (logged in here, logged in the access log). A store
    with damaged pages is refused before the login writes anything to it. Only a command that may
    ``create`` the store (the first account) opens a file that is not there yet."""
    from zvh_core.access.accounts import login_for_command
    from zvh_core.store import check_pages, open_store

    store = store or open_store(must_exist=not create)
    naam = current_user()
    try:
        check_pages(store, memo=True)  # skipped when the file is as the last checked command left it
        return login_for_command(store, naam, password() if naam else None, _command_name())
    except BaseException:
        store.dispose()
        raise
