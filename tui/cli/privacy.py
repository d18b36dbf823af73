"""`zvh audit …`, `zvh inzage`, `zvh bewaartermijn`: the access log, rights requests and retention."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from tui.cli.auth import OVERSCHRIJVEN, command_store
from tui.cli.conventions import ZvhTyper
from zvh_core.access import audit, logketen
from zvh_core.config.regio import load_regio
from zvh_core.config.settings import get_settings
from zvh_core.kernel import clock, dates
from zvh_core.privacy import inzage, retention
from zvh_core.store import backups

audit_app = ZvhTyper(
    help="Het toegangslog controleren en inzien (beheerder).",
    no_args_is_help=True,
    add_completion=False,
)


def _date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return dates.parse_user_date(text)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


@audit_app.command("controleer")
def controleer() -> None:
    """Controleer de hashketen van het toegangslog en vergelijk het einde met het anker buiten de database
    (zvh.logketen bij de back-ups): meldt de eerste gebroken schakel en een ingekort log."""
    settings = get_settings()
    anchors = backups.anchor_file(settings.resolved_database_url, settings)
    store = command_store()
    try:
        with store.read() as session:
            result = audit.verify(session)
            anchored = logketen.check_store(session, anchors, key=settings.log_sleutel or None, record_head=result.ok)
    finally:
        store.dispose()
    # A cut log is no log "in orde", even when what is left is a sound chain.
    typer.echo(result.message() if anchored.ok or not result.ok else result.chain_only_message())
    typer.echo(anchored.message)
    raise typer.Exit(0 if result.ok and anchored.ok else 1)


@audit_app.command("toon")
def toon(
    persoon: int | None = typer.Option(None, "--persoon", help="Alleen regels over deze persoon (id)."),
    gebruiker: str | None = typer.Option(None, "--gebruiker", help="Alleen regels van deze gebruiker."),
    van: str | None = typer.Option(None, "--van", help="Vanaf deze datum (DD-MM-JJJJ of JJJJ-MM-DD)."),
    tot: str | None = typer.Option(None, "--tot", help="Tot en met deze datum (DD-MM-JJJJ of JJJJ-MM-DD)."),
) -> None:
    """Regels van het toegangslog, oudste eerst."""
    store = command_store()
    try:
        with store.read() as session:
            items = audit.entries(session, persoon_id=persoon, gebruiker=gebruiker, van=_date(van), tot=_date(tot))
    finally:
        store.dispose()
    for line in audit.iter_lines(items):
        typer.echo(line)
    typer.echo(f"{len(items)} regel(s).")


def inzage_command(
    persoon_id: int | None = typer.Argument(
        None, metavar="[PERSOON_ID]", help="Nummer van de persoon (zvh zoek --json: persoon_id); of --bsn."
    ),
    bsn: str | None = typer.Option(None, "--bsn", help="BSN van wie om inzage vraagt (zoals op de pas)."),
    uitvoer: Path = typer.Option(..., "--uitvoer", help="Pad van een nieuw bestand (Markdown)."),
    overschrijven: bool = OVERSCHRIJVEN,
) -> None:
    """Inzage (AVG artikel 15): alles over één persoon en wie het bekeek, in één bestand (rechten 0600)."""
    if (persoon_id is None) == (bsn is None):
        typer.echo("Geef een persoonsnummer of --bsn, niet allebei en niet geen van beide.", err=True)
        raise typer.Exit(2)
    store = command_store()
    try:
        if persoon_id is None:  # then --bsn was given
            with store.read() as session:
                persoon_id = inzage.person_with_bsn(session, bsn or "")
        path = inzage.write_inzage(
            store, load_regio(), persoon_id, uitvoer, today=clock.today(), overwrite=overschrijven
        )
    except inzage.InzageError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None
    finally:
        store.dispose()
    typer.echo(f"Inzage geschreven naar {path} (alleen leesbaar voor u).")


REPORT_WARNING = (
    "Let op: rapportages over eerdere perioden tellen wat nog bewaard is; hun aantallen dalen na het "
    "verwijderen. Exporteer de rapporten die u wilt bewaren eerst (zvh rapport … --uitvoer)."
)


def bewaartermijn_command(
    uitvoeren: bool = typer.Option(False, "--uitvoeren", help="Werkelijk verwijderen (anders alleen tonen)."),
    peildatum: str | None = typer.Option(
        None,
        "--peildatum",
        help="Vooruitkijken: tonen wat op deze datum verwijderd moet worden (niet met --uitvoeren).",
    ),
) -> None:
    """Toon wat na de bewaartermijn verwijderd moet worden; met --uitvoeren wordt het verwijderd.

    Uitvoeren kan alleen voor vandaag: met --peildatum ziet u wat er op een andere dag weg zou gaan."""
    day = _date(peildatum)
    if uitvoeren and day is not None and day != clock.today():
        typer.echo(
            f"--uitvoeren verwijdert alleen wat vandaag ({clock.today():%d-%m-%Y}) verwijderd moet worden; "
            f"--peildatum {day:%d-%m-%Y} kan alleen tonen (zonder --uitvoeren). Er is niets verwijderd.",
            err=True,
        )
        raise typer.Exit(2)
    store = command_store()
    regio, today = load_regio(), day or clock.today()
    try:
        if uitvoeren:
            plan = retention.execute(store, regio, today)
        else:
            with store.read() as session:
                plan = retention.due(session, regio, today)
    finally:
        store.dispose()
    for line in plan.lines():
        typer.echo(line)
    if uitvoeren:
        typer.echo("Verwijderd; de aantallen staan in het toegangslog.")
    else:
        typer.echo("Niets verwijderd. Met --uitvoeren wordt dit werkelijk verwijderd.")
    typer.echo(REPORT_WARNING)
