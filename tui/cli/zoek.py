"""`zvh zoek QUERY [--json]`: the lookup of the app on the command line, the same ranked results."""

from __future__ import annotations

import json

import typer

from tui.cli.auth import command_store
from zvh_core.kernel import clock, dates
from zvh_core.kernel.read_models import LookupRow
from zvh_core.persons import lookup


def _as_dict(row: LookupRow) -> dict:
    return {
        "persoon_id": row.persoon_id,
        "naam": row.naam,
        "geboortedatum": row.geboortedatum.isoformat() if row.geboortedatum else None,
        "gemeente": row.gemeente,
        "laatste_contact": row.laatste_contact.isoformat() if row.laatste_contact else None,
        "match": row.match,
        "via": row.via,
        "mogelijk_dubbel": row.mogelijk_dubbel,
    }


def zoek(
    query: str = typer.Argument(
        ..., metavar="ZOEKTEKST", help="Naam, geboortedatum, BSN, postcode (+ huisnummer) of meldingnummer."
    ),
    as_json: bool = typer.Option(False, "--json", help="Resultaten als JSON (een lijst), voor andere programma's."),
    maximum: int = typer.Option(lookup.LIMIT, "--max", min=1, max=500, help="Hoeveel personen hooguit."),
) -> None:
    """Zoek een persoon: exacte treffers eerst, dan het meest recente contact."""
    store = command_store()
    try:
        with store.read() as session:
            result = lookup.mark_duplicates(session, lookup.search(session, query, limit=maximum, today=clock.today()))
    finally:
        store.dispose()
    if as_json:
        typer.echo(json.dumps([_as_dict(r) for r in result.rows], ensure_ascii=False, indent=2))
        return
    if not result.rows:
        typer.echo("Niemand gevonden.")
        return
    header = ("Nr", "Naam", "Geboren", "Gemeente", "Laatste contact", "Gevonden")  # Nr: zvh inzage NR
    lines = [
        (
            str(r.persoon_id),
            r.naam,
            dates.short_date(r.geboortedatum),
            r.gemeente or "",
            dates.short_date(r.laatste_contact) or "—",
            r.match + (f" ({r.via})" if r.via else "") + (" · mogelijk dubbel" if r.mogelijk_dubbel else ""),
        )
        for r in result.rows
    ]
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(len(header))]
    for line in [header, *lines]:
        typer.echo("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())
