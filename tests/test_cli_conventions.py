"""The CLI's Dutch table holds exactly what Typer looks up: typer.core sends its headings and a few messages
through ``gettext`` (and ``install`` points that at the table); Typer's copy of Click has fixed strings, which
the command classes and ``dutch_message`` translate, so a table entry for them would never be read."""

from __future__ import annotations

import ast
from pathlib import Path

import typer
import typer._click
import typer.core

from tui.cli import conventions


def _looked_up(module) -> set[str]:
    """The string literals ``module`` passes to ``_`` (gettext)."""
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "_"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }


def test_the_table_is_what_typer_core_looks_up():
    used = _looked_up(typer.core)
    assert "Commands" in used and "Options" in used  # the headings of every help text
    assert set(conventions.DUTCH) == used


def test_typers_click_looks_nothing_up():
    """Its texts are fixed: no gettext to point at a table (``dutch_message`` handles its errors)."""
    folder = Path(typer._click.__file__).parent
    modules = sorted(folder.glob("*.py"))
    assert len(modules) > 5
    for path in modules:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        assert not imported & {"gettext", "ngettext"}, path.name
        called = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        assert not called & {"_", "gettext", "ngettext"}, path.name


def test_install_points_typer_core_at_the_table():
    conventions.install()
    assert typer.core._("Commands") == "Opdrachten"
    assert typer.core._("No such command {name!r}.").format(name="x") == "Onbekende opdracht 'x'."
    assert typer.core._("Not in the table") == "Not in the table"


def test_clicks_errors_are_translated_by_pattern():
    assert conventions.dutch_message("No such command 'rapprot'. Did you mean 'rapport'?") == (
        "Onbekende opdracht 'rapprot'. Bedoelt u 'rapport'?"
    )
    assert conventions.dutch_message("Missing argument 'BESTAND'.") == "Ontbrekend argument 'BESTAND'."
    assert conventions.dutch_message("Invalid value for '--jaar': 'x' is not a valid integer.") == (
        "Ongeldige waarde voor '--jaar': 'x' is geen geheel getal."
    )
