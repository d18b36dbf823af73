"""The CLI's conventions: Click's and Typer's own texts in Dutch, and command lists that never cut a help text.

Typer carries its own copy of Click (``typer._click``) whose texts are fixed English strings, while Typer's
own headings go through ``gettext``. So: headings through ``install`` (gettext names pointed at this table),
usage and help option through the command classes here (``ZvhCommand``, ``FullHelpGroup``: public Click hooks),
and error messages translated where the root group shows them (``show_error``). A text not in the tables
stays English rather than wrong.
"""

from __future__ import annotations

import importlib
import re
import sys

import typer
from typer.core import TyperCommand, TyperGroup

DUTCH: dict[str, str] = {
    "Usage:": "Gebruik:",
    "Options": "Opties",
    "Commands": "Opdrachten",
    "Arguments": "Argumenten",
    "Positional arguments": "Argumenten",
    "Show this message and exit.": "Toon deze hulp en stop.",
    "Show the version and exit.": "Toon het versienummer en stop.",
    "%(prog)s, version %(version)s": "%(prog)s, versie %(version)s",
    "Try '{command} {option}' for help.": "Typ '{command} {option}' voor hulp.",
    "Error: {message}": "Fout: {message}",
    "Error": "Fout",
    "Aborted!": "Afgebroken.",
    "Missing command.": "Geef een opdracht.",
    "No such command {name!r}.": "Onbekende opdracht {name!r}.",
    "No such option: {name}": "Onbekende optie: {name}",
    "No such option {name!r}.": "Onbekende optie {name!r}.",
    "Missing argument": "Ontbrekend argument",
    "Missing option": "Ontbrekende optie",
    "Missing parameter": "Ontbrekende waarde",
    "Missing parameter: {param_name}": "Ontbrekende waarde: {param_name}",
    "Missing {param_type}": "Ontbrekend: {param_type}",
    "Missing {param_type} '{param_hint}'.": "Ontbrekend: {param_type} '{param_hint}'.",
    "argument": "argument",
    "option": "optie",
    "parameter": "waarde",
    "Invalid value: {message}": "Ongeldige waarde: {message}",
    "Invalid value for {param_hint}: {message}": "Ongeldige waarde voor {param_hint}: {message}",
    "unknown error": "onbekende fout",
    "Could not open file {filename!r}: {message}": "Bestand {filename!r} kan niet worden geopend: {message}",
    "Option {name!r} does not take a value.": "Optie {name!r} neemt geen waarde.",
    "Argument {name!r} takes {nargs} values.": "Argument {name!r} neemt {nargs} waarden.",
    "Invalid start character for option ({option})": "Ongeldig eerste teken voor een optie ({option})",
    "default: {default}": "standaard: {default}",
    "env var: {var}": "omgevingsvariabele: {var}",
    "required": "verplicht",
    "(dynamic)": "(wisselend)",
    "deprecated": "verouderd",
    "Value must be an iterable.": "De waarde moet een lijst zijn.",
    "Confirm the action without prompting.": "Bevestig zonder te vragen.",
    "Do you want to continue?": "Wilt u doorgaan?",
    "Repeat for confirmation": "Herhaal ter bevestiging",
    "Error: The two entered values do not match.": "Fout: de twee ingevoerde waarden zijn niet gelijk.",
    "Error: invalid input": "Fout: ongeldige invoer",
    "Press any key to continue...": "Druk op een toets om door te gaan…",
    "{value!r} is not a valid {number_type}.": "{value!r} is geen geldig {number_type}.",
    "integer": "geheel getal",
    "float": "getal",
    "{value} is not in the range {range}.": "{value} ligt niet tussen {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} is geen ja/nee. Mogelijk: {states}",
    "{value!r} is not a valid UUID.": "{value!r} is geen geldige UUID.",
    "Choose from:\n\t{choices}": "Kies uit:\n\t{choices}",
    "{name} {filename!r} does not exist.": "{name} {filename!r} bestaat niet.",
    "{name} {filename!r} is a file.": "{name} {filename!r} is een bestand.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} is een map.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} is niet leesbaar.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} is niet schrijfbaar.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} is niet uitvoerbaar.",
    "file": "bestand",
    "directory": "map",
    "path": "pad",
    "Shell completion is not supported for Bash versions older than 4.4.": (
        "Aanvullen met Tab werkt pas vanaf Bash 4.4."
    ),
    "Couldn't detect Bash version, shell completion is not supported.": (
        "De Bash-versie is onbekend; aanvullen met Tab werkt niet."
    ),
}

DUTCH_PLURAL: dict[tuple[str, str], tuple[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "Onverwacht extra argument ({args})",
        "Onverwachte extra argumenten ({args})",
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "Optie {name!r} vraagt een waarde.",
        "Optie {name!r} vraagt {nargs} waarden.",
    ),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "Bedoelt u {possibility}?",
        "(Bedoelt u een van: {possibilities}?)",
    ),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "{value!r} is niet {choice}.",
        "{value!r} is geen van {choices}.",
    ),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): (
        "Vraagt {nargs} waarden, maar kreeg er 1.",
        "Vraagt {nargs} waarden, maar kreeg er {len}.",
    ),
}

# Typer's own options for shell completion, which it adds with English help.
COMPLETION_HELP = {
    "install_completion": "Installeer aanvullen met Tab voor uw shell.",
    "show_completion": "Toon het script voor aanvullen met Tab, om het zelf te installeren.",
}

# Typer carries its own copy of Click (typer._click); the CLI uses that one. Both are covered.
_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")
_MODULES = (
    *(f"{package}.{module}" for package in ("typer._click", "click") for module in _CLICK_MODULES),
    "typer.core",
    "typer.main",
)


def gettext(message: str) -> str:
    return DUTCH.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    dutch = DUTCH_PLURAL.get((singular, plural))
    if dutch is None:
        return singular if n == 1 else plural
    return dutch[0] if n == 1 else dutch[1]


def install() -> None:
    """Point Click's and Typer's message lookups at the Dutch table (idempotent)."""
    for name in _MODULES:
        if name.startswith("click.") and name not in sys.modules:
            continue  # the separate click package: only if something loaded it (`zvh --help` must not)
        try:
            module = importlib.import_module(name)
        except ImportError:  # a Typer or Click release that lays its modules out differently
            continue
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


HELP_OPTION_HELP = "Toon deze hulp en stop."
USAGE_PREFIX = "Gebruik: "

# Click's error messages (Typer's copy), most specific first; group 1… are kept.
_ERRORS: tuple[tuple[str, str], ...] = (
    (r"^No such option: (.+?)(?: Did you mean (.+)\?)?$", "Onbekende optie: \\1"),
    (r"^Missing argument '(.+)'\.$", "Ontbrekend argument '\\1'."),
    (r"^Missing option '(.+)'\.(.*)$", "Ontbrekende optie '\\1'.\\2"),
    (r"^Missing parameter: (.+)$", "Ontbrekende waarde: \\1"),
    (r"^Missing command\.$", "Geef een opdracht."),
    (r"^No such command '(.+?)'\.(?: Did you mean (.+)\?)?$", "Onbekende opdracht '\\1'."),
    (r"^Got unexpected extra arguments? \((.+)\)$", "Onverwacht extra argument (\\1)"),
    (r"^Option '(.+)' requires an argument\.$", "Optie '\\1' vraagt een waarde."),
    (r"^Option '(.+)' requires (.+)$", "Optie '\\1' vraagt \\2"),
    (r"^Option '(.+)' does not take a value\.$", "Optie '\\1' neemt geen waarde."),
    (r"^Invalid value for (.+?): (.+)$", "Ongeldige waarde voor \\1: \\2"),
    (r"^Invalid value: (.+)$", "Ongeldige waarde: \\1"),
    (r"^Could not open file (.+?): (.+)$", "Bestand \\1 kan niet worden geopend: \\2"),
)
_DETAILS: tuple[tuple[str, str], ...] = (
    (r"'(.*)' is not one of (.+)\.", "'\\1' is geen van \\2."),
    (r"'(.*)' is not (.+)\.", "'\\1' is niet \\2."),
    (r"(?:Value )?'(.*)' is not a valid integer( range)?\.", "'\\1' is geen geheel getal."),
    (r"(?:Value )?'(.*)' is not a valid float( range)?\.", "'\\1' is geen getal."),
    (r"(?:Value )?'(.*)' is not a valid (.+)\.", "'\\1' is geen geldige \\2."),
    (r"(.+) is not in the range (.+)\.", "\\1 ligt niet in het bereik \\2."),
    (r"(File|Path|Directory|Bestand|Map) '(.+)' does not exist\.", "'\\2' bestaat niet."),
    (r"(File|Path|Directory) '(.+)' is a directory\.", "'\\2' is een map."),
    (r"(File|Path|Directory) '(.+)' is a file\.", "'\\2' is een bestand."),
    (r"(File|Path|Directory) '(.+)' is not readable\.", "'\\2' is niet leesbaar."),
    (r"(File|Path|Directory) '(.+)' is not writable\.", "'\\2' is niet schrijfbaar."),
    (r"Input should be a valid integer.*", "verwacht een geheel getal"),
    (r"Input should be a valid number.*", "verwacht een getal"),
    (r"Input should be a valid date.*", "verwacht een datum (DD-MM-JJJJ)"),
    (r"Input should be a valid boolean.*", "verwacht ja of nee"),
    (r"Input should be greater than or equal to (\S+)", "moet minstens \\1 zijn"),
    (r"Input should be less than or equal to (\S+)", "mag hooguit \\1 zijn"),
    (r"Input should be greater than (\S+)", "moet groter zijn dan \\1"),
    (r"Input should be less than (\S+)", "moet kleiner zijn dan \\1"),
    (r"Did you mean (.+?)\?", "Bedoelt u \\1?"),
    (r"\(Possible options: (.+)\)", "(mogelijk: \\1)"),
    (r"an argument", "een waarde"),
    (r"(\d+) arguments", "\\1 waarden"),
)


_USAGE_WORDS = (("[OPTIONS]", "[OPTIES]"), ("COMMAND [ARGS]...", "OPDRACHT [ARGUMENTEN]..."))


def dutch_message(message: str) -> str:
    """One Click error message in Dutch (unknown ones unchanged)."""
    for pattern, replacement in _ERRORS:
        match = re.match(pattern, message, flags=re.DOTALL)
        if match:
            message = match.expand(replacement)
            suggestion = re.search(r"Did you mean (.+?)\?", match.string)
            if suggestion:
                message += f" Bedoelt u {suggestion.group(1)}?"
            break
    for pattern, replacement in _DETAILS:
        message = re.sub(pattern, replacement, message)
    return message


def show_error(error) -> None:
    """A usage error as Click shows it (usage, hint, error), in Dutch, on stderr."""
    ctx = getattr(error, "ctx", None)
    if ctx is not None and isinstance(error, typer._click.exceptions.UsageError):
        help_name = ctx.help_option_names[0] if ctx.help_option_names else "--help"
        typer.echo(ctx.get_usage(), err=True)
        typer.echo(f"Typ '{ctx.command_path} {help_name}' voor hulp.\n", err=True)
    typer.echo(f"Fout: {dutch_message(error.format_message())}", err=True)


class _DutchHelp:
    """Usage line and help option in Dutch, for commands and groups alike."""

    def format_usage(self, ctx, formatter) -> None:
        pieces = " ".join(self.collect_usage_pieces(ctx))  # type: ignore[attr-defined]
        for english, dutch in _USAGE_WORDS:
            pieces = pieces.replace(english, dutch)
        formatter.write_usage(ctx.command_path, re.sub(r"\{([A-Z_]+)\}", r"\1", pieces), prefix=USAGE_PREFIX)

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION_HELP
        return option


class ZvhCommand(_DutchHelp, TyperCommand):
    """Every `zvh` command (``app.command(cls=ZvhCommand)``)."""


class FullHelpGroup(_DutchHelp, TyperGroup):
    """A command group whose list of commands shows each first sentence whole (wrapped), never cut at 45
    characters with '...'."""

    def format_commands(self, ctx, formatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=1000)))
        if rows:
            with formatter.section(gettext("Commands")):
                formatter.write_dl(rows)

    def get_params(self, ctx):
        params = super().get_params(ctx)
        for param in params:
            if param.name in COMPLETION_HELP:
                param.help = COMPLETION_HELP[param.name]
        return params


class DutchRootGroup(FullHelpGroup):
    """The root `zvh` group: Click's errors and 'Aborted!' shown in Dutch, with Click's exit codes."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except typer._click.exceptions.ClickException as error:
            show_error(error)
            raise SystemExit(error.exit_code) from None
        except typer.Abort:
            typer.echo("Afgebroken.", err=True)
            raise SystemExit(1) from None
        raise SystemExit(result if isinstance(result, int) else 0)


class ZvhTyper(typer.Typer):
    """A Typer whose groups and commands follow these conventions unless told otherwise."""

    def __init__(self, *args, cls=FullHelpGroup, **kwargs) -> None:
        super().__init__(*args, cls=cls, **kwargs)

    def command(self, *args, cls=ZvhCommand, **kwargs):
        return super().command(*args, cls=cls, **kwargs)
