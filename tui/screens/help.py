"""F1: every key of the current screen with what it does (from the action registry)."""

from __future__ import annotations

from collections.abc import Callable

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.keymap import specs_for

KEY_NAMES = {
    "question_mark": "?",
    "plus": "+",
    "escape": "Esc",
    "enter": "Enter",
    "delete": "Del",
    "right": "→",
    "left": "←",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "ctrl+p": "Ctrl+P",
    "ctrl+q": "Ctrl+Q",
    "f1": "F1",
    "f5": "F5",
    "ctrl+f": "Ctrl+F",
    "slash": "/",
    "up": "↑",
    "down": "↓",
    "backspace": "⌫",
}


GROUP_ROWS = {
    "Bekendheid": (
        "1 … 9",
        "Per aanwezige partner (in volgorde): wissel tussen niet nagevraagd, bekend en niet bekend.",
    ),
    "Niet bekend": ("Shift+1 … 9", "Per aanwezige partner in één toets op niet bekend."),
}
"""One help row for a group of keys (one per partner)."""


def key_label(keys: str) -> str:
    return " / ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Sluiten", id="help.close", tooltip="Sluit de help.")]

    def __init__(self, scope: str, intro: str = "", offered: Callable[[str], bool] | None = None) -> None:
        """``offered(action)``: whether the screen offers that action now (the role's rights); None: all."""
        super().__init__()
        self.scope = scope
        self.intro = intro
        self.offered = offered

    def compose(self) -> ComposeResult:
        table = Table(show_header=True, header_style="bold", expand=True, box=None)
        table.add_column("Toets", style="bold cyan", no_wrap=True)
        table.add_column("Opdracht", style="bold")
        table.add_column("Wat het doet")
        seen_groups = set()
        for spec in specs_for(self.scope, getattr(self.app, "actor", None)):
            if self.offered is not None and not self.offered(spec.action):
                continue
            if spec.group is not None:
                if spec.group.description in seen_groups:
                    continue
                seen_groups.add(spec.group.description)
                keys, text = GROUP_ROWS.get(spec.group.description, (key_label(spec.keys), spec.help))
                table.add_row(keys, spec.label, text)
                continue
            table.add_row(key_label(spec.keys), spec.label, spec.help)
        with VerticalScroll(classes="dialog wide tall"):
            yield Label("Help", classes="dialog-title")
            if self.intro:
                yield Static(self.intro)
            yield Static(table, id="help-table")
            yield Static("Esc of F1: sluiten · Ctrl+P: opdracht zoeken", classes="dialog-hint")
