"""Every command's help, as `zvh … -h` prints it: the usage line names its arguments as placeholders in
capitals (NAAM, BESTAND, [PAD]), never Click's raw `{naam}`; no English heading or Click text shows, and no
subcommand's line is cut halfway through a parenthesis."""

from __future__ import annotations

import pytest
import typer.main
from typer._click.core import Context  # Typer's own copy of Click (its groups are typer.core.TyperGroup)
from typer.testing import CliRunner

from tui.cli.main import app

ENGLISH = ("Usage:", "Options:", "Arguments:", "Commands:", "Show this message", "[required]", "[default:")


def _commands() -> list[tuple[str, ...]]:
    """Every command path below `zvh` (groups and their subcommands)."""
    root = typer.main.get_command(app)
    paths: list[tuple[str, ...]] = []

    def walk(group, path: tuple[str, ...]) -> None:
        ctx = Context(group, info_name=path[-1] if path else "zvh")
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            assert command is not None, name
            paths.append((*path, name))
            if hasattr(command, "list_commands"):
                walk(command, (*path, name))

    assert hasattr(root, "list_commands")
    walk(root, ())
    return paths


COMMANDS = _commands()


def test_the_walk_finds_the_commands_and_their_subcommands():
    assert ("gebruiker", "toevoegen") in COMMANDS and ("zoek",) in COMMANDS and ("regio", "controleer") in COMMANDS


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_every_help_names_its_arguments_in_capitals_in_dutch(path):
    shown = CliRunner().invoke(app, [*path, "-h"], env={"COLUMNS": "100"})
    assert shown.exit_code == 0, shown.output
    usage = next(line for line in shown.output.splitlines() if line.startswith("Gebruik:"))
    assert "{" not in usage and "}" not in usage, usage
    words = usage.split("[OPTIES]", 1)[-1].replace("[", " ").replace("]", " ").replace("...", " ").split()
    assert all(word.isupper() or not word.isalpha() for word in words), usage
    assert not [text for text in ENGLISH if text in shown.output], shown.output
    # a command's line in its group's list is whole: never cut at an abbreviation's dot ("(bijv.")
    assert shown.output.count("(") == shown.output.count(")"), shown.output
