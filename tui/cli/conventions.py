"""The CLI's conventions: Click's and Typer's own texts in Dutch, and command lists that never cut a help text.

Typer carries its own copy of Click (``typer._click``) whose texts are fixed English strings; only typer.core's
own headings and a few messages go through ``gettext``. So: those through ``install`` (typer.core's ``_`` pointed
at the ``DUTCH`` table), usage and help option through the command classes here (``ZvhCommand``,
``FullHelpGroup``: public Click hooks), and error messages translated by pattern where the root group shows
them (``dutch_message``, ``show_error``). A text not covered stays English rather than wrong.
"""

from __future__ import annotations

import re

import typer
from typer.core import TyperCommand, TyperGroup

DUTCH: dict[str, str] = {
    # Exactly the texts typer.core looks up through gettext (a test compares this table with typer/core.py).
    "Options": "Opties",
    "Commands": "Opdrachten",
    "Arguments": "Argumenten",
    "Aborted!": "Afgebroken.",
    "Missing command.": "Geef een opdracht.",
    "No such command {name!r}.": "Onbekende opdracht {name!r}.",
    "default: {default}": "standaard: {default}",
    "env var: {var}": "omgevingsvariabele: {var}",
    "required": "verplicht",
    "(dynamic)": "(wisselend)",
}

# Typer's own options for shell completion, which it adds with English help.
COMPLETION_HELP = {
    "install_completion": "Installeer aanvullen met Tab voor uw shell.",
    "show_completion": "Toon het script voor aanvullen met Tab, om het zelf te installeren.",
}


def gettext(message: str) -> str:
    return DUTCH.get(message, message)


def install() -> None:
    """Point typer.core's message lookup at the Dutch table (idempotent). Typer's copy of Click
    (``typer._click``) has no lookup to point anywhere: its texts are fixed strings, handled by the command
    classes and ``dutch_message`` below."""
    if hasattr(typer.core, "_"):  # a Typer release without it keeps its English headings
        typer.core._ = gettext


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
    (r"(?:Value )?'(.*)' is not a valid integer( range)?\.", "'\\1' is geen geheel getal."),
    (r"(?:Value )?'(.*)' is not a valid float( range)?\.", "'\\1' is geen getal."),
    (r"(?:Value )?'(.*)' is not a valid (.+)\.", "'\\1' is geen geldige \\2."),
    (r"'(.*)' is not (.+)\.", "'\\1' is niet \\2."),  # after 'is not a valid …', which it would swallow
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
