"""RowTable: the app's lists (a DataTable with a row cursor) where Home and End go to the first and last row,
as in every list a user knows. Textual's DataTable gives Home/End to the columns (scroll left and right),
and the first and last row only to Ctrl+Home/Ctrl+End, which a row list never needs apart.

It also mends Textual issue #3533: DataTable measures its columns when idle, but lines drawn between a change
and that measuring stay in its line cache under the same key, cut to the old widths, until the next cursor move.
A loaded machine draws in between (cut cells on the home screen, "Routeer" for "Routeertafel")."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey


class RowTable(DataTable):
    """A DataTable of rows: cursor_type "row", Home/End to the first/last row."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "scroll_top", "Eerste rij", show=False, tooltip="Naar de eerste rij."),
        Binding("end", "scroll_bottom", "Laatste rij", show=False, tooltip="Naar de laatste rij."),
    ]

    def __init__(self, **options) -> None:
        options.setdefault("cursor_type", "row")
        super().__init__(**options)

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """After DataTable's idle-time measuring: a new cache generation, so lines drawn before it are drawn
        again. Free when nothing was drawn in between: the change before it started a generation of its own."""
        super()._update_dimensions(new_rows)
        self._update_count += 1  # every render cache of DataTable is keyed on it
        self.refresh()


def row_id(key: RowKey) -> int:
    """The stored id a row was added under (``add_row(..., key=str(id))``)."""
    if key.value is None:
        raise ValueError("rij zonder sleutel")
    return int(key.value)
