"""`zvh import …`: reading contract CSV files into the store (domain.md §4)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer

from tui.cli.auth import command_store
from tui.cli.conventions import ZvhTyper
from tui.cli.store import open_store_or_exit, say_store_error
from zvh_core.config.regio import Regio, RegioError, load_regio
from zvh_core.imports.casussen import import_casussen
from zvh_core.imports.common import ImportResultBase
from zvh_core.imports.meldingen import import_meldingen
from zvh_core.store import Store, StoreError

EXIT_INVALID = 1
EXIT_NO_FILE = 2

app = ZvhTyper(
    help="Gegevens inlezen uit CSV-bestanden (meldingen, casussen).",
    no_args_is_help=True,
    add_completion=False,
)

DRY_RUN = typer.Option(False, "--dry-run", help="Alleen controleren en tellen; er wordt niets opgeslagen.")


def _run(bestand: Path, importer: Callable[..., ImportResultBase], dry_run: bool) -> None:
    """Run one import and report as every import does: errors, summary, exit code 0 / 1 / 2."""
    if not bestand.is_file():
        typer.echo(f"Bestand niet gevonden: {bestand}", err=True)
        raise typer.Exit(EXIT_NO_FILE)
    try:
        regio: Regio = load_regio()
    except RegioError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(EXIT_NO_FILE) from None
    store: Store = command_store(open_store_or_exit())  # an import may fill a new store
    try:
        result = importer(store, regio, bestand, dry_run=dry_run)
    except StoreError as error:
        raise say_store_error(error) from None
    except OSError as exc:
        typer.echo(f"Bestand kan niet gelezen worden: {bestand} ({exc.strerror or exc})", err=True)
        raise typer.Exit(EXIT_NO_FILE) from None
    finally:
        store.dispose()
    for problem in result.errors:
        typer.echo(str(problem))
    for line in result.summary_lines():
        typer.echo(line)
    raise typer.Exit(0 if result.ok else EXIT_INVALID)


@app.command("meldingen")
def meldingen(
    bestand: Path = typer.Argument(..., metavar="BESTAND", help="CSV-bestand volgens het contract meldingen.csv."),
    dry_run: bool = DRY_RUN,
) -> None:
    """Meldingen inlezen: alles of niets; een bestand twee keer inlezen slaat niets dubbel op."""
    _run(bestand, import_meldingen, dry_run)


@app.command("casussen")
def casussen(
    bestand: Path = typer.Argument(..., metavar="BESTAND", help="CSV-bestand volgens het contract casussen.csv."),
    dry_run: bool = DRY_RUN,
) -> None:
    """Casussen (historie) inlezen: alles of niets; de meldingen in melding_extern_ids moeten al ingelezen zijn."""
    _run(bestand, import_casussen, dry_run)
