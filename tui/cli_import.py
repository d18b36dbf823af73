"""`zvh import …`: reading contract CSV files into the store (domain.md §4)."""

from __future__ import annotations

from pathlib import Path

import typer

from tui.cli_store import open_store_or_exit, say_store_error
from zvh_core.importing.meldingen import import_meldingen
from zvh_core.regio import load_regio
from zvh_core.store import StoreError

EXIT_INVALID = 1
EXIT_NO_FILE = 2

app = typer.Typer(
    help="Gegevens inlezen uit CSV-bestanden (meldingen).",
    no_args_is_help=True,
    add_completion=False,
)


@app.command("meldingen")
def meldingen(
    bestand: Path = typer.Argument(..., metavar="BESTAND", help="CSV-bestand volgens het contract meldingen.csv."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Alleen controleren en tellen; er wordt niets opgeslagen."),
) -> None:
    """Meldingen inlezen: alles of niets; een bestand twee keer inlezen slaat niets dubbel op."""
    if not bestand.is_file():
        typer.echo(f"Bestand niet gevonden: {bestand}", err=True)
        raise typer.Exit(EXIT_NO_FILE)
    store = open_store_or_exit()
    try:
        result = import_meldingen(store, load_regio(), bestand, dry_run=dry_run)
    except StoreError as error:
        raise say_store_error(error) from None
    except OSError as exc:
        typer.echo(f"Bestand kan niet gelezen worden: {bestand} ({exc.strerror or exc})", err=True)
        raise typer.Exit(EXIT_NO_FILE) from None
    finally:
        store.dispose()
    for error in result.errors:
        typer.echo(str(error))
    for line in result.summary_lines():
        typer.echo(line)
    raise typer.Exit(0 if result.ok else EXIT_INVALID)
