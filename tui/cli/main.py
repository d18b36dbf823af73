"""The `zvh` command: without a subcommand it opens the app."""

from __future__ import annotations

import typer

from tui.cli import store as store_commands
from tui.cli.auth import ZvhGroup
from tui.cli.demo import demo
from tui.cli.gebruiker import app as gebruiker_app
from tui.cli.imports import app as import_app
from tui.cli.privacy import audit_app, bewaartermijn_command, inzage_command
from tui.cli.rapport import rapport
from tui.cli.zoek import zoek
from zvh_core.config.regio import RegioError, load_regio
from zvh_core.config.settings import get_settings
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
store_commands.register(app)  # zvh backup, zvh herstel


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
    store = store_commands.open_store_or_exit()
    store_commands.check_pages_or_exit(store)  # a damaged store is not written to (also on a later start today)
    backup_warning = store_commands.startup_backup()
    warnings = [w for w in (store_file_warning(store), backup_warning) if w]
    try:
        ZvhApp(
            store,
            regio,
            export_dir=settings.export_dir,
            idle_seconds=settings.vergrendel_minuten * 60,
            warning="\n".join(warnings) or None,
        ).run()
    finally:
        store.dispose()


def main() -> None:
    app()
