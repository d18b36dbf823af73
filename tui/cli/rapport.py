"""`zvh rapport PRESET`: the quarterly and annual figures (domain.md §5) as a table, CSV or workbook."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import typer
from rich.console import Console

from tui.cli.auth import OVERSCHRIJVEN, command_store
from tui.render import rapport_table
from zvh_core.access import exports
from zvh_core.config.rapport_definitie import RapportError
from zvh_core.config.regio import RegioError, load_regio
from zvh_core.config.settings import get_settings
from zvh_core.kernel import clock
from zvh_core.reports.export import FORMATEN, default_file_name, to_csv, write_export
from zvh_core.reports.periode import Periode, current_report_year, parse_iso
from zvh_core.reports.tabel import Rapport, build_rapport, definition

EXIT_USAGE = 2
TABEL = "tabel"


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(EXIT_USAGE)


def period_from_options(van: str | None, tot: str | None) -> Periode:
    if van is None and tot is None:
        return current_report_year(clock.today())
    if van is None or tot is None:
        raise RapportError(
            "Geef --van en --tot allebei, of geen van beide (dan het rapportagejaar: Q4 vorig jaar t/m Q3 dit jaar)."
        )
    return Periode(parse_iso(van, "--van"), parse_iso(tot, "--tot"))


def as_text(rapport: Rapport, width: int | None = None) -> str:
    console = Console(file=io.StringIO(), width=width or 200, record=True, color_system=None)
    console.print(rapport_table(rapport))
    return console.export_text()


def rapport(
    preset: str = typer.Argument(
        ...,
        metavar="RAPPORT",
        help="ml-tabel-1, ml-tabel-2, ml-personen, wm-producten of een rapport uit het regiobestand.",
    ),
    van: str | None = typer.Option(
        None, "--van", metavar="DATUM", help="Eerste dag van de periode (JJJJ-MM-DD of DD-MM-JJJJ)."
    ),
    tot: str | None = typer.Option(
        None, "--tot", metavar="DATUM", help="Laatste dag van de periode, telt mee (JJJJ-MM-DD of DD-MM-JJJJ)."
    ),
    formaat: str = typer.Option(TABEL, "--formaat", metavar="tabel|csv|xlsx", help="tabel (scherm), csv of xlsx."),
    uitvoer: Path | None = typer.Option(
        None, "--uitvoer", metavar="PAD", help="Nieuw bestand om naar te schrijven (rechten 0600)."
    ),
    overschrijven: bool = OVERSCHRIJVEN,
) -> None:
    """Cijfers per kwartaal en jaar; zonder --van/--tot het rapportagejaar (Q4 vorig jaar t/m Q3 dit jaar)."""
    if formaat not in (TABEL, *FORMATEN):
        raise _fail(f"Onbekend formaat '{formaat}'. Kies uit: {TABEL}, {', '.join(FORMATEN)}.")
    try:
        regio = load_regio()
        definition(regio, preset)
        periode = period_from_options(van, tot)
    except (RapportError, RegioError) as error:
        raise _fail(str(error)) from None
    store = command_store()
    try:
        with store.read() as session:
            result = build_rapport(session, regio, preset, periode)

        if formaat == TABEL and uitvoer is None:
            # Piped or redirected: wide enough that no label is cut (Rich assumes 80 columns there).
            Console(width=None if sys.stdout.isatty() else 200).print(rapport_table(result))
            return
        if formaat == "csv" and uitvoer is None:
            exports.log_export(store, soort="rapport", object_type="rapport", object_id=result.code, bestand="stdout")
            sys.stdout.write(to_csv(result))
            return
        target = uitvoer or get_settings().export_dir / default_file_name(result, formaat)
        try:
            content = as_text(result) if formaat == TABEL else None
            # Without --uitvoer the app's export folder: a free name there, never a file replaced.
            path = write_export(
                store, result, formaat, target, content, overwrite=overschrijven, unique=uitvoer is None
            )
        except OSError as exc:
            typer.echo(f"Kan niet schrijven naar {target}: {exc.strerror or exc}", err=True)
            raise typer.Exit(1) from None
    finally:
        store.dispose()
    typer.echo(f"Rapport geschreven naar {path}")
