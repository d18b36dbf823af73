"""The appendix on screen: one section (a gemeente or the regio) with its tables and its charts as bars.

What the Rapportage screen shows when "bijlage" is chosen; the same ``Bijlage`` the workbook and the PDF
are written from, so what is seen is what is delivered.
"""

from __future__ import annotations

import textwrap

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tui.render import bar
from zvh_core.reports.bijlage import Bijlage, Grafiek, Sectie, Tabel
from zvh_core.reports.tabel import row_head_label

HEADER_WIDTH = 11
"""Column labels wrap at word boundaries at about this width."""
SERIES_STYLES = ("cyan", "green", "yellow", "magenta", "blue", "red", "bright_white", "bright_black")


def _header(label: str) -> tuple[str, int]:
    """The label over lines at word boundaries, and the width its longest word needs."""
    lines = textwrap.wrap(label, HEADER_WIDTH, break_long_words=False) or [""]
    return "\n".join(lines), max(len(line) for line in lines)


def section_table(tabel: Tabel, gemeente: str | None = None) -> Table:
    """A section's table; in a gemeente's section without the Gemeente column when other columns name the
    row (the section's title names the gemeente), so a terminal of 120 columns shows every figure."""
    skip = 1 if gemeente is not None and len(tabel.kop) > 1 and tabel.kop[0] == row_head_label("gemeente") else 0
    table = Table(title=tabel.titel, title_justify="left", header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False)
    for name in tabel.kop[skip:]:
        table.add_column(name, no_wrap=True)
    for label in tabel.kolommen:
        text, width = _header(label)
        table.add_column(text, justify="right", min_width=width)
    for rij in tabel.rijen:
        table.add_row(*rij.kop[skip:], *(str(v) for v in rij.waarden), style="bold" if rij.totaal else None)
    return table


def section_chart(grafiek: Grafiek, width: int) -> RenderableType:
    """Horizontal bars: per category a bar per series, one colour per series, with the number."""
    largest = max((v for _, values in grafiek.reeksen for v in values), default=0)
    label_width = max((len(c) for c in grafiek.categorieen), default=8)
    series_width = min(28, max(len(name) for name, _ in grafiek.reeksen))
    bar_width = max(10, width - label_width - series_width - 12)
    legend = Text("   ").join(
        Text(f"■ {name}", style=SERIES_STYLES[n % len(SERIES_STYLES)]) for n, (name, _) in enumerate(grafiek.reeksen)
    )
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, width=label_width)
    grid.add_column(no_wrap=True, width=series_width)
    grid.add_column(no_wrap=True, width=bar_width)
    grid.add_column(justify="right", no_wrap=True)
    for c, categorie in enumerate(grafiek.categorieen):
        for n, (name, values) in enumerate(grafiek.reeksen):
            style = SERIES_STYLES[n % len(SERIES_STYLES)]
            grid.add_row(
                Text(categorie, style="bold") if n == 0 else "",
                Text(name[:series_width], style=style),
                Text(bar(values[c], largest, bar_width), style=style),
                str(values[c]),
            )
    return Group(Text(grafiek.titel, style="bold underline"), legend, grid, Text(""))


def section_view(bijlage: Bijlage, index: int, width: int) -> RenderableType:
    sectie: Sectie = bijlage.secties[index]
    head = Text.assemble(
        (f"{bijlage.titel}: {sectie.naam}", "bold"),
        (f"   ({index + 1} van {len(bijlage.secties)}; m: volgende gemeente, n: vorige)", "dim"),
        "\n",
        bijlage.periode_tekst,
        "\n",
        (bijlage.herkomst.regel, "dim italic"),
    )
    parts: list[RenderableType] = [head]
    parts += [Text(w, style="bold red") for w in bijlage.herkomst.waarschuwingen]
    parts.append(Text(""))
    parts += [section_table(t, sectie.gemeente) for t in sectie.tabellen]
    parts += [section_chart(g, width) for g in sectie.grafieken]
    return Group(*parts)
