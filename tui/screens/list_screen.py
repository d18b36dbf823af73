"""A screen that is one list: a summary line above one table; keys act on the highlighted row."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Static

from tui.row_table import RowTable
from tui.screens.base import ZvhScreen


class ListScreen(ZvhScreen):
    TOPBAR = ""
    COLUMNS: tuple[str, ...] = ()

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Any] = []

    def compose(self) -> ComposeResult:
        yield Static(self.TOPBAR, id="topbar")
        with Vertical(id="agenda"):
            yield Static("", id="list-summary")
            yield RowTable(id="list-table", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#list-table", DataTable)
        table.add_columns(*self.COLUMNS)
        table.focus()
        self.reload()

    def show(
        self, summary: RenderableType, rows: Sequence[Any], cells: Callable[[Any], Iterable], key: Callable[[Any], int]
    ) -> None:
        """Show ``rows`` (one table row each: ``cells(row)``), keeping the highlighted position."""
        self.rows = list(rows)
        self.query_one("#list-summary", Static).update(summary)
        table = self.query_one("#list-table", DataTable)
        position = table.cursor_row
        table.clear()
        for row in self.rows:
            table.add_row(*cells(row), key=str(key(row)))
        if self.rows:
            table.move_cursor(row=min(position, len(self.rows) - 1))

    def selected(self) -> Any | None:
        if not self.rows:
            return None
        return self.rows[min(self.query_one("#list-table", DataTable).cursor_row, len(self.rows) - 1)]

    def action_refresh(self) -> None:
        self.reload()

    def action_back(self) -> None:
        self.zvh.go_home()
