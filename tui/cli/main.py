"""The `zvh` command: without a subcommand it opens the app."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import typer

from tui.cli import conventions
from tui.cli import store as store_commands
from tui.cli.auth import ZvhGroup
from tui.cli.demo import demo
from tui.cli.gebruiker import app as gebruiker_app
from tui.cli.imports import app as import_app
from tui.cli.personen import app as personen_app
from tui.cli.privacy import audit_app, bewaartermijn_command, inzage_command
from tui.cli.rapport import rapport
from tui.cli.regio import app as regio_app
from tui.cli.zoek import zoek
from zvh_core.config.regio import RegioError, load_regio
from zvh_core.config.settings import get_settings
from zvh_core.store import store_file_warning

conventions.install()  # before any command prints: Click's own texts in Dutch

app = conventions.ZvhTyper(
    help="ZVH Overleg: routeertafel, screening, triage en casussen van het Zorg- en Veiligheidshuis.",
    no_args_is_help=False,
    add_completion=True,  # zvh --install-completion (bash, zsh, fish, PowerShell)
    rich_markup_mode=None,
    cls=ZvhGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(import_app, name="import")
app.command("demo")(demo)
app.add_typer(gebruiker_app, name="gebruiker")
app.add_typer(audit_app, name="audit")
app.add_typer(personen_app, name="personen")
app.command("inzage")(inzage_command)
app.command("bewaartermijn")(bewaartermijn_command)
app.command("rapport")(rapport)
app.command("zoek")(zoek)
app.add_typer(regio_app, name="regio")
store_commands.register(app)  # zvh backup, zvh herstel


def product_version() -> str:
    try:
        return version("zvh-overleg")
    except PackageNotFoundError:  # a bare checkout, not installed
        return "onbekend (niet geïnstalleerd)"


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"ZVH Overleg {product_version()}")
        raise typer.Exit()


def fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code)


@app.callback(invoke_without_command=True)
def _main(
    ctx: typer.Context,
    gebruiker: str | None = typer.Option(
        None,
        "--gebruiker",
        metavar="NAAM",
        help="Uw gebruikersnaam; het wachtwoord komt uit ZVH_WACHTWOORD of wordt gevraagd.",
    ),
    _version: bool = typer.Option(
        False, "--version", "-V", callback=_show_version, is_eager=True, help="Toon het versienummer en stop."
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
