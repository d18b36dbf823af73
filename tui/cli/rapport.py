"""`zvh rapport RAPPORT`: the quarterly and annual figures (domain.md §5) as a table, CSV or workbook;
`zvh rapport bijlage`: the jaarverslag appendix per gemeente, with charts, as a workbook and/or PDF.

Every choice is checked before anything is counted, and every refusal is a Dutch message naming its
option, with exit code 2: an unknown report, gemeente or format, a date or year that is none (dates as
DD-MM-JJJJ or JJJJ-MM-DD, the product's one parser), a period that has not begun, and an output file that
exists already (it is replaced only with ``--overschrijven``).
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

import typer
from rich.console import Console

from tui.cli.auth import OVERSCHRIJVEN, command_store
from tui.render import rapport_table
from zvh_core.access import exports
from zvh_core.config.rapport_definitie import BIJLAGE, RapportError
from zvh_core.config.regio import Regio, RegioError, load_regio
from zvh_core.config.settings import get_settings
from zvh_core.kernel import clock
from zvh_core.reports import bijlage as bijlagen
from zvh_core.reports.export import (
    BIJLAGE_FORMATEN,
    FORMATEN,
    bijlage_content,
    made_now,
    to_csv,
    to_xlsx,
    write_bijlage,
    write_export,
)
from zvh_core.reports.periode import Periode, current_report_year, parse_iso
from zvh_core.reports.tabel import Rapport, build_rapport, definition

EXIT_USAGE = 2
TABEL = "tabel"


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(EXIT_USAGE)


def period_from_options(van: str | None, tot: str | None, jaar: str | None = None) -> Periode:
    if jaar is not None:
        if van is not None or tot is not None:
            raise RapportError("Geef --jaar of --van en --tot, niet allebei.")
        return bijlagen.report_year(bijlagen.parse_year(jaar, clock.today()))
    if van is None and tot is None:
        return current_report_year(clock.today())
    if van is None or tot is None:
        raise RapportError(
            "Geef --van en --tot allebei, of geen van beide (dan het rapportagejaar: Q4 vorig jaar t/m Q3 dit jaar)."
        )
    return Periode(parse_iso(van, "--van"), parse_iso(tot, "--tot"))


def refuse_existing(path: Path, overschrijven: bool) -> None:
    """Before anything is counted: the output file check every export makes (exports.check_target: an
    existing file only with ``--overschrijven``; never a folder, the store, a database or a backup).
    Its OutputRefused ends the command with exit 1 (tui/cli/auth.ZvhGroup)."""
    exports.check_target(path, overwrite=overschrijven)


def as_text(rapport: Rapport, width: int | None = None) -> str:
    console = Console(file=io.StringIO(), width=width or 200, record=True, color_system=None)
    console.print(rapport_table(rapport))
    return console.export_text()


def rapport(
    preset: str = typer.Argument(
        ...,
        metavar="RAPPORT",
        help="ml-tabel-1, ml-tabel-2, ml-personen, wm-producten, een rapport uit het regiobestand, of 'bijlage' "
        "(de cijfers per gemeente met grafieken, voor het jaarverslag).",
    ),
    van: str | None = typer.Option(
        None, "--van", metavar="DD-MM-JJJJ", help="Eerste dag van de periode (ook JJJJ-MM-DD)."
    ),
    tot: str | None = typer.Option(
        None, "--tot", metavar="DD-MM-JJJJ", help="Laatste dag van de periode, telt mee (ook JJJJ-MM-DD)."
    ),
    jaar: str | None = typer.Option(
        None, "--jaar", metavar="JJJJ", help="Het rapportagejaar JJJJ: 1 oktober van het jaar ervoor t/m 30 september."
    ),
    gemeente: list[str] = typer.Option(
        [],
        "--gemeente",
        metavar="NAAM",
        help="Bij bijlage: alleen deze gemeente (mag vaker); de regio komt er altijd bij.",
    ),
    formaat: str | None = typer.Option(
        None,
        "--formaat",
        metavar="tabel|csv|xlsx|pdf",
        help="Rapport: tabel (scherm, standaard), csv of xlsx. Bijlage: xlsx (standaard), pdf of xlsx,pdf.",
    ),
    uitvoer: Path | None = typer.Option(
        None, "--uitvoer", metavar="PAD", help="Nieuw bestand om naar te schrijven (rechten 0600)."
    ),
    overschrijven: bool = OVERSCHRIJVEN,
) -> None:
    """Cijfers per kwartaal en jaar, of met RAPPORT 'bijlage' per gemeente met grafieken voor het jaarverslag.

    Zonder --van/--tot/--jaar het rapportagejaar (Q4 vorig jaar t/m Q3 dit jaar). Een bestaand bestand wordt
    alleen met --overschrijven vervangen."""
    if preset == BIJLAGE:
        _bijlage(jaar, van, tot, gemeente, formaat, uitvoer, overschrijven)
        return
    formaat = formaat or TABEL
    if formaat not in (TABEL, *FORMATEN):
        raise _fail(f"Onbekend formaat '{formaat}'. Kies uit: {TABEL}, {', '.join(FORMATEN)} (pdf alleen bij bijlage).")
    try:
        if gemeente:
            raise RapportError("--gemeente: kan alleen bij 'zvh rapport bijlage'; een tabel toont alle gemeenten.")
        regio = load_regio()
        definition(regio, preset)
        periode = period_from_options(van, tot, jaar)
        target = None
        if uitvoer is not None or formaat != TABEL:
            target = uitvoer or get_settings().export_dir / default_file_name_for(preset, periode, formaat)
            if formaat == "csv" and uitvoer is None:
                target = None  # to standard output
            if target is not None and uitvoer is not None:  # the export folder takes a free name instead
                refuse_existing(target, overschrijven)
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
        if target is None:
            exports.log_export(store, soort="rapport", object_type="rapport", object_id=result.code, bestand="stdout")
            sys.stdout.write(to_csv(result))
            return
        try:
            content: str | bytes | None = None
            if formaat == TABEL:
                content = as_text(result)
            elif formaat == "xlsx":
                made = made_now(store, periode, regio)
                content = to_xlsx(result, made)
                _warn(made.waarschuwingen)
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


def default_file_name_for(code: str, periode: Periode, formaat: str) -> str:
    """The name ``default_file_name`` gives, known before the report is counted (to refuse an existing file)."""
    return f"rapport-{code}-{periode.van.isoformat()}-{periode.tot.isoformat()}.{formaat}"


def _warn(warnings) -> None:
    for warning in warnings:
        typer.echo(warning, err=True)


def bijlage_formats(formaat: str | None, uitvoer: Path | None) -> tuple[str, ...]:
    """``--formaat`` as a list (``xlsx,pdf``), or from the output file's suffix, else xlsx."""
    if formaat is None:
        suffix = uitvoer.suffix.lower().lstrip(".") if uitvoer is not None else ""
        return (suffix,) if suffix in BIJLAGE_FORMATEN else ("xlsx",)
    chosen = tuple(dict.fromkeys(f.strip().lower() for f in formaat.split(",") if f.strip()))
    for f in chosen or (formaat,):
        if f not in BIJLAGE_FORMATEN:
            raise RapportError(
                f"--formaat: onbekend formaat '{f}' voor de bijlage. Kies uit: {', '.join(BIJLAGE_FORMATEN)} "
                "(of beide: xlsx,pdf)."
            )
    return chosen


def bijlage_targets(formats: tuple[str, ...], uitvoer: Path | None, jaar: int, regio: Regio) -> dict[str, Path]:
    """Where each format goes: ``--uitvoer`` (its suffix per format when there are two), or the export folder."""
    code = bijlagen.definition(regio).code
    if uitvoer is None:
        folder = get_settings().export_dir
        return {f: folder / f"bijlage-{code}-{jaar}.{f}" for f in formats}
    if len(formats) == 1:
        suffix = uitvoer.suffix.lower().lstrip(".")
        if suffix and suffix != formats[0] and suffix in (*BIJLAGE_FORMATEN, "csv"):
            raise RapportError(f"--uitvoer: {uitvoer} eindigt niet op .{formats[0]} (--formaat {formats[0]}).")
        return {formats[0]: uitvoer if suffix else uitvoer.with_suffix(f".{formats[0]}")}
    return {f: uitvoer.with_suffix(f".{f}") for f in formats}


def _bijlage(
    jaar_text: str | None,
    van: str | None,
    tot: str | None,
    gemeente: list[str],
    formaat: str | None,
    uitvoer: Path | None,
    overschrijven: bool,
) -> None:
    today = clock.today()
    try:
        if van is not None or tot is not None:
            raise RapportError(
                "--van/--tot: de bijlage telt altijd een heel rapportagejaar; geef --jaar JJJJ "
                f"(bijvoorbeeld --jaar {current_report_year(today).tot.year})."
            )
        regio = load_regio()
        bijlagen.definition(regio)
        jaar = bijlagen.parse_year(jaar_text, today) if jaar_text is not None else current_report_year(today).tot.year
        gemeenten = bijlagen.choose_gemeenten(regio, gemeente)
        formats = bijlage_formats(formaat, uitvoer)
        targets = bijlage_targets(formats, uitvoer, jaar, regio)
        for target in targets.values():
            refuse_existing(target, overschrijven)
    except (RapportError, RegioError) as error:
        raise _fail(str(error)) from None
    started = time.perf_counter()
    store = command_store()
    try:
        with store.read() as session:
            bijlage = bijlagen.build_bijlage(session, regio, jaar, gemeenten)
        counted = time.perf_counter() - started
        written = []
        for f, target in targets.items():
            begun = time.perf_counter()
            try:
                path = write_bijlage(store, bijlage, f, target, bijlage_content(bijlage, f), overwrite=overschrijven)
            except OSError as exc:
                typer.echo(f"Kan niet schrijven naar {target}: {exc.strerror or exc}", err=True)
                raise typer.Exit(1) from None
            written.append((path, time.perf_counter() - begun))
    finally:
        store.dispose()
    _warn(bijlage.herkomst.waarschuwingen)
    sections = len(bijlage.secties) - 1
    typer.echo(
        f"Bijlage '{bijlage.titel}' {bijlage.regio}, rapportagejaar {jaar} ({bijlage.periode.label}): "
        f"{sections} gemeente{'n' if sections != 1 else ''} en de regio; geteld in {counted:.1f} s."
    )
    for path, seconds in written:
        typer.echo(f"Bijlage geschreven naar {path} ({seconds:.1f} s)")
