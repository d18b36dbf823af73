"""`zvh gebruiker …`: accounts (beheerder; on a fresh store: the first beheerder)."""

from __future__ import annotations

import os

import typer

from tui.cli.auth import PASSWORD_ENV, command_store, current_user, hidden_prompt
from tui.cli.conventions import ZvhTyper
from zvh_core.access import accounts
from zvh_core.access.rights import ROLLEN
from zvh_core.config.regio import load_regio
from zvh_core.kernel import clock
from zvh_core.store import open_store

NEW_PASSWORD_ENV = "ZVH_NIEUW_WACHTWOORD"

app = ZvhTyper(help="Accounts beheren (beheerder).", no_args_is_help=True, add_completion=False)


def _new_password() -> str:
    """The new account's password: ZVH_NIEUW_WACHTWOORD, on a fresh store also ZVH_WACHTWOORD, else asked twice."""
    for name in (NEW_PASSWORD_ENV, *(() if current_user() else (PASSWORD_ENV,))):
        if os.environ.get(name):
            return os.environ[name]
    return hidden_prompt("Nieuw wachtwoord", confirmation_prompt="Herhaal het wachtwoord")


@app.command("toevoegen")
def toevoegen(
    naam: str = typer.Argument(..., metavar="NAAM", help="Gebruikersnaam."),
    rol: str = typer.Option(..., "--rol", help=f"Een van: {', '.join(ROLLEN)}."),
    organisatie: str | None = typer.Option(None, "--organisatie", help="Partnercode (alleen bij rol partner)."),
) -> None:
    """Een account toevoegen; het wachtwoord wordt twee keer gevraagd (of ZVH_NIEUW_WACHTWOORD)."""
    store = command_store(create=True)  # the first beheerder of a new installation
    try:
        accounts.add_user(store, load_regio(), naam, rol, _new_password(), organisatie)
    finally:
        store.dispose()
    typer.echo(f"Gebruiker '{naam}' toegevoegd als {accounts.role_label(rol)}.")


@app.command("lijst")
def lijst() -> None:
    """Alle accounts met rol, organisatie, status en laatste aanmelding."""
    store = command_store()
    try:
        with store.read() as session:
            users = accounts.list_users(session)
    finally:
        store.dispose()
    for u in users:
        state = "actief" if u.actief else "uitgeschakeld"
        if u.geblokkeerd_tot is not None and u.locked(clock.now()):  # locked: geblokkeerd_tot is set
            state += f", geblokkeerd tot {clock.local_time(u.geblokkeerd_tot):%H:%M}"
        last = f"{clock.local_time(u.laatst_aangemeld_op):%d-%m-%Y %H:%M}" if u.laatst_aangemeld_op else "nooit"
        org = f" ({u.organisatie})" if u.organisatie else ""
        typer.echo(f"{u.naam:<24} {accounts.role_label(u.rol)}{org:<12} {state:<28} laatst aangemeld: {last}")


def _simple(name: str, action, done: str, doc: str) -> None:
    def command(naam: str = typer.Argument(..., metavar="NAAM", help="Gebruikersnaam.")) -> None:
        store = command_store()
        try:
            action(store, naam)
        finally:
            store.dispose()
        typer.echo(done.format(naam=naam))

    command.__doc__ = doc
    app.command(name)(command)


_simple(
    "uitschakelen",
    accounts.disable_user,
    "Gebruiker '{naam}' uitgeschakeld.",
    "Een account uitschakelen (het blijft bestaan voor het toegangslog).",
)
_simple(
    "inschakelen", accounts.enable_user, "Gebruiker '{naam}' ingeschakeld.", "Een uitgeschakeld account weer aanzetten."
)
_simple(
    "deblokkeren",
    accounts.unlock_user,
    "Blokkade van '{naam}' opgeheven.",
    "Een geblokkeerd account (te veel onjuiste wachtwoorden) vrijgeven.",
)


@app.command("wachtwoord")
def wachtwoord(naam: str = typer.Argument(..., metavar="NAAM", help="Gebruikersnaam.")) -> None:
    """Een nieuw wachtwoord instellen (twee keer gevraagd, of ZVH_NIEUW_WACHTWOORD); heft een blokkade op."""
    store = command_store()
    try:
        accounts.reset_password(store, naam, _new_password())
    finally:
        store.dispose()
    typer.echo(f"Wachtwoord van '{naam}' opnieuw ingesteld.")


__all__ = ["app", "open_store"]
