"""RenderedOnce (the run screen's long panels, rendered once per update) draws exactly what Textual draws for
the same Rich renderable: the same height and the same lines, at any width; and a panel rendered ahead
(prepare) is not rendered again when it is shown."""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Static

from tui.rendered_once import RenderedOnce, rendered_once


def panel() -> Group:
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right", style="bold cyan")
    table.add_column(ratio=1)
    for n in range(1, 5):
        table.add_row(str(n), Text("een lange notitie die afbreekt " * n, style="italic"))
    return Group(
        Text("Kop", style="bold"),
        Panel(Text("eerder besproken " * 12), title="Eerder", box=box.ROUNDED, border_style="yellow"),
        table,
        Text("\nslot", style="dim"),
    )


class Two(App):
    CSS = "Static { padding: 0 1; }"

    def compose(self) -> ComposeResult:
        yield Static(id="once")
        yield Static(id="textual")


async def test_rendered_once_draws_what_textual_draws() -> None:
    app = Two()
    async with app.run_test(size=(70, 60)) as pilot:
        once, textual = app.query_one("#once", Static), app.query_one("#textual", Static)
        for width in (70, 41):
            await pilot.resize_terminal(width, 60)
            once.update(rendered_once(once, panel()))
            textual.update(panel())
            await pilot.pause()
            assert isinstance(once.visual, RenderedOnce)
            assert once.size == textual.size and once.size.height > 10
            assert [once.render_line(y) for y in range(once.size.height)] == [
                textual.render_line(y) for y in range(textual.size.height)
            ]


async def test_a_panel_prepared_ahead_is_not_rendered_again() -> None:
    app = Two()
    async with app.run_test(size=(70, 60)) as pilot:
        once = app.query_one("#once", Static)
        visual = RenderedOnce(once, panel())
        visual.prepare()
        renders = []
        original = app.console.render
        app.console.render = lambda *args, **kwargs: renders.append(args) or original(*args, **kwargs)  # type: ignore[method-assign]
        try:
            once.update(visual)
            await pilot.pause()
        finally:
            app.console.render = original  # type: ignore[method-assign]
        assert once.size.height > 10 and not renders
    assert rendered_once(once, Text("kort")) == Text("kort")
