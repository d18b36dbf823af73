"""RowTable: the app's lists (a DataTable with a row cursor) where Home and End go to the first and last row,
as in every list a user knows. Textual's DataTable gives Home/End to the columns (scroll left and right),
and the first and last row only to Ctrl+Home/Ctrl+End, which a row list never needs apart."""

from __future__ import annotations

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


def row_id(key: RowKey) -> int:
    """The stored id a row was added under (``add_row(..., key=str(id))``)."""
    if key.value is None:
        raise ValueError("rij zonder sleutel")
    return int(key.value)
