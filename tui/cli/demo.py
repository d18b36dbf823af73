"""`zvh demo`: fill an empty store with invented data, so the app can be tried out."""

from __future__ import annotations

import typer

from tui.cli.auth import command_store, current_user
from zvh_core.access import accounts
from zvh_core.config.regio import load_regio
from zvh_core.demo.accounts import DEMO_PASSWORD, create_demo_accounts
from zvh_core.demo.fill import NOT_EMPTY, fill_demo, holds_anything
from zvh_core.kernel import clock
from zvh_core.store import open_store


def demo(
    als_leeg: bool = typer.Option(
        False, "--als-leeg", help="Alleen vullen als de database leeg is; anders stil niets doen."
    ),
) -> None:
    """Vul een lege database met verzonnen meldingen, overleggen en casussen, en demo-accounts.

    Een database waarin iets staat (een account, een casus, een persoon …) wordt geweigerd."""
    store = open_store()
    if als_leeg and current_user() is None and accounts.has_beheerder(store):
        store.dispose()  # a store with accounts is in use: nothing to fill, nothing to ask
        raise typer.Exit(0)
    store = command_store(store)
    try:
        if holds_anything(store):  # accounts, casussen, persons …: anything but log entries
            if als_leeg:
                raise typer.Exit(0)
            typer.echo(NOT_EMPTY, err=True)
            raise typer.Exit(1)
        regio = load_regio()
        summary = fill_demo(store, regio, today=clock.today())
        made = create_demo_accounts(store, regio)
    finally:
        store.dispose()
    agenda = ", ".join(f"{regio.overlegtypen[code].naam} {count}" for code, count in summary.agenda.items() if count)
    typer.echo(f"Demodata toegevoegd aan {store.url}:")
    typer.echo(f"  {summary.meldingen} meldingen over {summary.personen} personen")
    typer.echo(
        f"  {summary.overleggen} gesloten overleggen met {summary.besprekingen} besprekingen, "
        f"{summary.bekendheden} bekendheden en {summary.acties} acties"
    )
    typer.echo(f"  {summary.casussen} casussen")
    typer.echo(f"Nog te bespreken: {agenda or 'niets'}.")
    if made:
        typer.echo(f"Demo-accounts (alleen voor demodata), wachtwoord '{DEMO_PASSWORD}': {', '.join(made)}.")
