"""A long Rich panel drawn once per update, not twice, and if need be before it is shown.

Textual renders a Rich renderable in a Static two times after every update: once to count its lines for the
layout (``get_height``) and once more to draw it (``render_strips``), at the same width. For the run screen's
long panels (the melding, Eerder bekend) that second render was most of a move. ``RenderedOnce`` keeps the
lines of a render and draws those, as long as the width and the widget's style are the same; the result is
exactly what Textual's own RichVisual draws (the same calls, made once). ``prepare`` renders ahead (a melding
read ahead), so that showing it later only has to place the lines."""

from __future__ import annotations

from itertools import islice

from rich.console import RenderableType
from rich.segment import Segment
from rich.text import Text
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, RichVisual, VisualType
from textual.widget import Widget

KEPT = 2
"""Renders kept per visual: the layout may try a width with and without the scrollbar."""


class RenderedOnce(RichVisual):
    """A RichVisual that renders once per (width, style) and reuses the lines for the layout and the drawing.

    Only for renderables that do not fill a given height (a Group of Text, Table, Panel: Rich resets the height
    for the parts of a Group), so rendering without the height, as the layout does, gives the same lines."""

    def __init__(self, widget: Widget, renderable: RenderableType) -> None:
        super().__init__(widget, renderable)
        self._renders: dict[tuple[int, Style], tuple[list[Strip], int]] = {}
        """The lines and the newlines counted, by (width, style), the newest last."""

    def _render(self, width: int, style: Style) -> tuple[list[Strip], int]:
        key = (width, style)
        found = self._renders.get(key)
        if found is not None:
            return found
        app = self._widget.app
        options = app.console_options.update(highlight=False, width=width).update_width(width)
        renderable = self._widget.post_render(self._renderable, style.rich_style)
        segments = list(app.console.render(renderable, options))
        newlines = sum([text.count("\n") for text, _, _ in segments])
        strips = [
            Strip(line) for line in Segment.split_and_crop_lines(segments, width, include_new_lines=False, pad=False)
        ]
        if len(self._renders) >= KEPT:
            del self._renders[next(iter(self._renders))]
        self._renders[key] = (strips, newlines)
        return strips, newlines

    def prepare(self) -> None:
        """Render now at the widget's present width and style (when it has a width), for a later update."""
        width = self._widget.size.width
        if width > 0:
            self._render(width, self._widget.visual_style)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self._render(width, self._widget.visual_style)[1]

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        strips = self._render(width, style)[0]
        return strips if height is None else list(islice(strips, None, height))


def rendered_once(widget: Widget, renderable: RenderableType) -> VisualType:
    """What to give ``widget.update``: a Text as it is (Textual makes it a Content), any other Rich renderable
    drawn once (``RenderedOnce``)."""
    if isinstance(renderable, (Text, str)):
        return renderable
    return RenderedOnce(widget, renderable)
