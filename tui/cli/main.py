"""The `zvh` command: without a subcommand it opens the app.

Commands are loaded when they are run, not when `zvh` starts: ``COMMANDS`` names the module of each and the
line `zvh --help` shows for it, so `zvh --help` imports Typer and nothing of the store, and `zvh zoek` only
what a search needs (tests/test_startup.py checks the imports and that every line here is the command's own).
"""

from __future__ import annotations

import importlib
from difflib import get_close_matches

import typer
from typer import _click as click  # Typer's own Click (the click package is not loaded)
from typer.core import TyperCommand
from typer.main import get_command_from_info, get_group_from_info
from typer.models import CommandInfo, TyperInfo

from tui.cli import conventions, launch
from tui.cli.auth import ZvhGroup

COMMANDS: dict[str, tuple[str, str, str]] = {
    "demo": (
        "tui.cli.demo",
        "demo",
        "Vul een lege database met verzonnen meldingen, overleggen en casussen, en demo-accounts.",
    ),
    "inzage": (
        "tui.cli.privacy",
        "inzage_command",
        "Inzage (AVG artikel 15): alles over één persoon en wie het bekeek, in één bestand (rechten 0600).",
    ),
    "bewaartermijn": (
        "tui.cli.privacy",
        "bewaartermijn_command",
        "Toon wat na de bewaartermijn verwijderd moet worden; met --uitvoeren wordt het verwijderd.",
    ),
    "rapport": (
        "tui.cli.rapport",
        "rapport",
        "Cijfers per kwartaal en jaar, of met RAPPORT 'bijlage' per gemeente met grafieken voor het jaarverslag.",
    ),
    "zoek": ("tui.cli.zoek", "zoek", "Zoek een persoon: exacte treffers eerst, dan het meest recente contact."),
    "backup": (
        "tui.cli.store",
        "backup",
        "Een gecontroleerde kopie van de database maken, ook terwijl de app in gebruik is.",
    ),
    "herstel": (
        "tui.cli.store",
        "herstel",
        "Een back-up terugzetten: eerst gecontroleerd; de vervangen database wordt bewaard.",
    ),
    "overzetten": (
        "tui.cli.store",
        "overzetten",
        "De hele database kopiëren naar een andere, lege database (bijvoorbeeld van SQLite naar PostgreSQL).",
    ),
    "import": ("tui.cli.imports", "app", "Gegevens inlezen uit CSV-bestanden (meldingen, casussen)."),
    "gebruiker": ("tui.cli.gebruiker", "app", "Accounts beheren (beheerder)."),
    "audit": ("tui.cli.privacy", "audit_app", "Het toegangslog controleren en inzien (beheerder)."),
    "personen": ("tui.cli.personen", "app", "Personen (beheer)."),
    "regio": ("tui.cli.regio", "app", "Het regiobestand: gemeenten, partners, routes en overlegtypen."),
}
"""name → (module, attribute: a command function or a Typer group, the line `zvh --help` shows)."""


def load_command(name: str) -> click.Command:
    """The Click command ``name``, built from its module (imported now) as Typer would have built it."""
    module, attribute, _ = COMMANDS[name]
    target = getattr(importlib.import_module(module), attribute)
    launch.imports_done()
    if isinstance(target, typer.Typer):
        return get_group_from_info(
            TyperInfo(target, name=name),
            pretty_exceptions_short=True,
            suggest_commands=True,
            rich_markup_mode=None,
        )
    return get_command_from_info(
        CommandInfo(name=name, callback=target, cls=conventions.ZvhCommand),
        pretty_exceptions_short=True,
        rich_markup_mode=None,
    )


class LazyGroup(ZvhGroup):
    """The root group: its commands are imported when one is run (or its own --help is asked)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*super().list_commands(ctx), *(name for name in COMMANDS if name not in self.commands)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.add_command(load_command(cmd_name), cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.UsageError as error:
            # Typer suggests only among loaded commands; here most are not loaded yet.
            matches = get_close_matches(args[0], self.list_commands(ctx)) if args else []
            if matches and "Did you mean" not in error.message:
                error.message = f"{error.message.rstrip('.')}. Did you mean {', '.join(map(repr, matches))}?"
            raise

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            if name in self.commands:
                rows.append((name, self.commands[name].get_short_help_str(limit=1000)))
            else:  # not loaded: its line from COMMANDS, whole (never cut with '...')
                rows.append((name, TyperCommand(name, help=COMMANDS[name][2]).get_short_help_str(limit=1000)))
        if rows:
            with formatter.section(conventions.gettext("Commands")):
                formatter.write_dl(rows)


conventions.install()  # before any command prints: Click's own texts in Dutch

app = conventions.ZvhTyper(
    help="ZVH Overleg: routeertafel, screening, triage en casussen van het Zorg- en Veiligheidshuis.",
    no_args_is_help=False,
    add_completion=True,  # zvh --install-completion (bash, zsh, fish, PowerShell)
    rich_markup_mode=None,
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def product_version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # here: 19 ms no other command needs

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
    """The app. Its start (page check, the access log against its anchor, the daily backup) runs in a worker
    once the first screen is drawn (progress in the app); writes wait for the page check, and a store that
    fails it (or the backup's check) closes the app with the message and exit code 2."""
    from functools import partial

    from tui.app import ZvhApp
    from tui.cli import store as store_commands
    from zvh_core.config.regio import RegioError, load_regio
    from zvh_core.config.settings import get_settings
    from zvh_core.store import store_file_warning

    launch.imports_done()
    try:
        regio = load_regio()
    except RegioError as error:
        raise fail(str(error)) from None
    settings = get_settings()
    store = store_commands.open_store_or_exit()
    # Nothing is written until the page check in the app's start worker passed (a damaged store is refused).
    store.write_gate.hold()
    app = ZvhApp(
        store,
        regio,
        export_dir=settings.export_dir,
        idle_seconds=settings.vergrendel_minuten * 60,
        warning=store_file_warning(store),
        daily_backup=partial(store_commands.daily_start, store),
    )
    try:
        app.run()
    finally:
        store.dispose()
    if app.fatal_error:
        raise fail(app.fatal_error, store_commands.EXIT_STORE)


def main() -> None:
    app()
