"""The `zvh` command: without a subcommand it opens the app."""

from __future__ import annotations

import typer

from tui import cli_store
from tui.cli_auth import ZvhGroup
from tui.cli_demo import demo
from tui.cli_gebruiker import app as gebruiker_app
from tui.cli_import import app as import_app
from tui.cli_privacy import audit_app, bewaartermijn_command, inzage_command
from tui.cli_rapport import rapport
from tui.cli_zoek import zoek
from zvh_core.regio import RegioError, load_regio
from zvh_core.settings import get_settings
from zvh_core.store import store_file_warning

app = typer.Typer(
    help="ZVH Overleg: routeertafel, screening, triage en casussen van het Zorg- en Veiligheidshuis.",
    no_args_is_help=False,
    add_completion=False,
    rich_markup_mode=None,
    cls=ZvhGroup,
)
app.add_typer(import_app, name="import")
app.command("demo")(demo)
app.add_typer(gebruiker_app, name="gebruiker")
app.add_typer(audit_app, name="audit")
app.command("inzage")(inzage_command)
app.command("bewaartermijn")(bewaartermijn_command)
app.command("rapport")(rapport)
app.command("zoek")(zoek)
cli_store.register(app)  # zvh backup, zvh herstel


def fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code)


@app.callback(invoke_without_command=True)
def _main(
    ctx: typer.Context,
    gebruiker: str | None = typer.Option(
        None, "--gebruiker", help="Uw gebruikersnaam; het wachtwoord komt uit ZVH_WACHTWOORD of wordt gevraagd."
    ),
) -> None:
    """Zonder opdracht: open de app."""
    ctx.obj = {"gebruiker": gebruiker}
    if ctx.invoked_subcommand is None:
        run_tui()


def run_tui() -> None:
    from tui.app import ZvhApp

    try:
        regio = load_regio()
    except RegioError as error:
        raise fail(str(error)) from None
    settings = get_settings()
    store = cli_store.open_store_or_exit()
    backup_warning = cli_store.startup_backup()
    warnings = [w for w in (store_file_warning(store), backup_warning) if w]
    try:
        ZvhApp(
            store, regio, export_dir=settings.export_dir, idle_seconds=settings.vergrendel_minuten * 60,
            warning="\n".join(warnings) or None,
        ).run()
    finally:
        store.dispose()


def main() -> None:
    app()
