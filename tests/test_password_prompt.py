"""A password asked without a terminal (a pipe, a script): read as it comes with a Dutch note, never Python's
English getpass warning; a confirmation must match."""

from __future__ import annotations

import io

import pytest
import typer

from tui.cli.auth import hidden_prompt


def test_without_a_terminal_the_password_is_read_with_a_dutch_note(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("geheim wachtwoord\n"))
    assert hidden_prompt("Wachtwoord") == "geheim wachtwoord"
    said = capsys.readouterr()
    assert "geen terminal" in said.err and "ZVH_WACHTWOORD" in said.err
    assert "echoed" not in said.err + said.out


def test_a_confirmation_that_differs_is_refused_in_dutch(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("een\ntwee\n"))
    with pytest.raises(typer.BadParameter, match="niet gelijk"):
        hidden_prompt("Nieuw wachtwoord", confirmation_prompt="Herhaal het wachtwoord")
    monkeypatch.setattr("sys.stdin", io.StringIO("een\neen\n"))
    assert hidden_prompt("Nieuw wachtwoord", confirmation_prompt="Herhaal het wachtwoord") == "een"
