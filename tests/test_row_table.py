"""RowTable, the app's lists: Home/End go to the first and last row, and cells drawn before the table measured
its columns are drawn again at their measured width (a loaded machine draws between adding a row and the
table's idle-time measuring; Textual kept those lines, cut to the header's widths: Textual issue #3533)."""

from __future__ import annotations

from textual.app import App, ComposeResult

from tests.tui_helpers import screen_text
from tui.row_table import RowTable


class Lijst(App):
    CSS = "RowTable { height: 6; }"  # as the screens lay out their lists: rows drawn before the table measures

    def compose(self) -> ComposeResult:
        yield RowTable(id="lijst")

    def on_mount(self) -> None:
        self.query_one(RowTable).add_columns("Overleg", "Datum")


async def test_a_row_drawn_before_its_columns_are_measured_shows_whole_once_they_are():
    app = Lijst()
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        table = app.query_one(RowTable)
        table.add_row("Routeertafel", "26-11-2026", key="1")
        before = screen_text(app)  # drawn now, as a busy machine does before the table is idle
        assert "Routeer " in before and "Routeertafel" not in before  # drawn before measuring: cut, for now
        await pilot.pause()
        assert "Routeertafel  26-11-2026" in screen_text(app)


async def test_a_cell_updated_wider_after_it_was_drawn_shows_whole():
    app = Lijst()
    async with app.run_test(size=(60, 8)) as pilot:
        table = app.query_one(RowTable)
        table.add_row("Casus", "1-12", key="1")
        await pilot.pause()
        table.update_cell("1", table.ordered_columns[0].key, "Routeertafel", update_width=True)
        screen_text(app)
        await pilot.pause()
        assert "Routeertafel  1-12" in screen_text(app)


async def test_home_and_end_go_to_the_first_and_last_row():
    app = Lijst()
    async with app.run_test(size=(60, 8)) as pilot:
        table = app.query_one(RowTable)
        for n in range(20):
            table.add_row(f"Overleg {n}", "1-12", key=str(n))
        table.focus()
        await pilot.press("end")
        assert table.cursor_row == 19
        await pilot.press("home")
        assert table.cursor_row == 0
