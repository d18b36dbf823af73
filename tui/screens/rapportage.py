"""Rapportage: choose a report and a period, see the table or a chart per quarter per gemeente, export;
or choose "bijlage" (the jaarverslag appendix): per report year, a gemeente at a time (m / n) with its
tables and charts, written as a workbook (x) or PDF (p).

The counting runs in a worker (``build_rapport``, ``build_bijlage``); the screen only shows what comes
back, and ignores a result for a report or period that is no longer chosen.
"""

from __future__ import annotations

import textwrap

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    ContentSwitcher,
    DataTable,
    Footer,
    Label,
    OptionList,
    Static,
)
from textual.widgets.option_list import Option

from tui.keymap import bindings
from tui.render import rapport_chart, rapport_title
from tui.row_table import RowTable
from tui.screens.base import ZvhScreen
from tui.screens.periode_dialog import PeriodeDialog
from tui.screens.rapport_bijlage import section_view
from tui.workers import Change, Loaded, Saved
from zvh_core.config.rapport_definitie import BIJLAGE
from zvh_core.reports import periode as periodes
from zvh_core.reports.bijlage import Bijlage, build_bijlage
from zvh_core.reports.export import bijlage_to_folder, export_to_folder
from zvh_core.reports.periode import Periode
from zvh_core.reports.tabel import Rapport, build_rapport

HEADER_WIDTH = 10
"""Column labels wrap at this width in the table header."""
MAX_HEADER_LINES = 4
TABLE, CHART, APPENDIX = "rapport-tabel", "rapport-grafiek", "rapport-bijlage"
ONLY_REPORT_YEARS = "De bijlage telt altijd een heel rapportagejaar; blader met [ en ]."


class RapportLoaded(Loaded):
    value: Rapport


class BijlageLoaded(Loaded):
    value: Bijlage


def wrapped_label(label: str) -> tuple[str, int]:
    """The label over a few lines, and how many."""
    lines = textwrap.wrap(label, HEADER_WIDTH, break_long_words=False) or [""]
    if len(lines) > MAX_HEADER_LINES:
        lines = [*lines[: MAX_HEADER_LINES - 1], " ".join(lines[MAX_HEADER_LINES - 1 :])]
    return "\n".join(lines), len(lines)


class RapportageScreen(ZvhScreen):
    SCOPE = "rapportage"
    BINDINGS = bindings("rapportage")

    def __init__(self) -> None:
        super().__init__()
        self.code = ""
        self.kind = periodes.RAPPORTAGEJAAR
        self.periode: Periode  # chosen in on_mount (it needs the app's today), before any key or reload
        self.rapport: Rapport | None = None
        self.cijfer = 0
        """Which figure (column) the chart shows."""
        self.bijlage: Bijlage | None = None
        self.sectie = 0
        """Which section (gemeente, then the regio) of the appendix is shown."""

    @property
    def is_bijlage(self) -> bool:
        return self.code == BIJLAGE

    def compose(self) -> ComposeResult:
        yield Static(f"Rapportage · {self.zvh.regio.naam}", id="topbar")
        with Horizontal(id="rapport-body"):
            with Vertical(id="rapport-side"):
                yield Label("Rapport", classes="section-title")
                yield OptionList(id="rapport-presets")
                yield Label("Periode", classes="section-title")
                yield OptionList(
                    *(Option(name, id=kind) for kind, name in periodes.SOORTEN.items()), id="rapport-soorten"
                )
                yield Static("", id="rapport-periode")
            with Vertical(id="rapport-main"):
                yield Static("", id="rapport-kop")
                with ContentSwitcher(initial=TABLE, id="rapport-switcher"):
                    yield RowTable(id=TABLE, zebra_stripes=True)
                    with VerticalScroll(id=CHART):
                        yield Static("", id="rapport-grafiek-inhoud")
                    with VerticalScroll(id=APPENDIX):
                        yield Static("", id="rapport-bijlage-inhoud")
        yield Footer()

    def on_mount(self) -> None:
        rapporten = self.zvh.regio.alle_rapporten
        presets = self.query_one("#rapport-presets", OptionList)
        for code, definitie in rapporten.items():
            presets.add_option(Option(Text.assemble((code, "bold"), "\n", (definitie.titel, "dim")), id=code))
        appendix = self.zvh.regio.alle_bijlagen[self.zvh.regio.bijlage]
        presets.add_option(
            Option(Text.assemble((BIJLAGE, "bold"), "\n", (f"{appendix.titel} (jaarverslag)", "dim")), id=BIJLAGE)
        )
        self.code = next(iter(rapporten))
        presets.highlighted = 0
        presets.focus()
        self.periode = periodes.current_report_year(self.zvh.today())
        self._show_period()
        self.reload()

    # --- choosing -------------------------------------------------------------------------------------
    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        code = event.option.id  # every option of both lists has an id: a report code, a period kind
        if event.option_list.id == "rapport-presets" and code is not None and code != self.code:
            self.code = code
            self.cijfer = 0
            if self.is_bijlage:
                self.kind = periodes.RAPPORTAGEJAAR
                self.periode = periodes.report_year_of(self.periode.tot)
                self._show_period()
            self.reload()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "rapport-soorten":
            kind = event.option.id
            if kind == periodes.EIGEN:
                self.action_custom_period()
            elif kind is not None:
                self.action_period(kind)
        elif self.is_bijlage:
            self.query_one(f"#{APPENDIX}").focus()
        else:
            self.query_one(f"#{TABLE}", DataTable).focus()

    def action_period(self, kind: str) -> None:
        """Show the quarter, year or report year that contains the end of the current period."""
        if self.is_bijlage and kind != periodes.RAPPORTAGEJAAR:
            self.notify(ONLY_REPORT_YEARS)
            self._show_period()
            return
        self.kind = kind
        self._set_period(periodes.of_kind(kind, self.periode.tot))

    def action_shift(self, steps: int) -> None:
        if self.kind == periodes.EIGEN:
            self.notify("Een eigen periode blader je niet; kies kwartaal (k), jaar (j) of rapportagejaar (r).")
            return
        shifted = periodes.shift(self.kind, self.periode, steps)
        if self.is_bijlage and shifted.van > self.zvh.today():
            self.notify(f"Rapportagejaar {shifted.tot.year} is nog niet begonnen.")
            return
        self._set_period(shifted)

    def action_custom_period(self) -> None:
        if self.is_bijlage:
            self.notify(ONLY_REPORT_YEARS)
            self._show_period()
            return
        self.app.push_screen(PeriodeDialog(self.periode), callback=self._custom_chosen)

    def _custom_chosen(self, chosen: Periode | None) -> None:
        if chosen is not None:
            self.kind = periodes.EIGEN
            self._set_period(chosen)

    def _set_period(self, periode: Periode) -> None:
        self.periode = periode
        self._show_period()
        self.reload()

    def _show_period(self) -> None:
        self.query_one("#rapport-periode", Static).update(
            Text.assemble(
                (periodes.SOORTEN[self.kind], "bold"), "\n", self.periode.label, "\n", ("[ ] vorige / volgende", "dim")
            )
        )
        kinds = self.query_one("#rapport-soorten", OptionList)
        kinds.highlighted = list(periodes.SOORTEN).index(self.kind)

    # --- loading ----------------------------------------------------------------------------------------
    def reload(self) -> None:
        if not self.code:
            return
        regio, code, periode = self.zvh.regio, self.code, self.periode
        self.query_one("#rapport-kop", Static).update(
            Text(f"Bezig met tellen: {code}, {periode.label} …", style="italic")
        )
        if self.is_bijlage:
            jaar, today = periode.tot.year, self.zvh.today()
            self.load(BijlageLoaded, lambda session: build_bijlage(session, regio, jaar, today=today), group="rapport")
            return
        self.load(RapportLoaded, lambda session: build_rapport(session, regio, code, periode), group="rapport")

    def on_rapport_loaded(self, message: RapportLoaded) -> None:
        rapport = message.value
        if rapport.code != self.code or rapport.periode != self.periode:
            return  # an answer to an earlier choice
        self.rapport = rapport
        self.query_one("#rapport-kop", Static).update(Text(rapport_title(rapport), style="bold"))
        switcher = self.query_one("#rapport-switcher", ContentSwitcher)
        if switcher.current == APPENDIX:
            switcher.current = TABLE
        self._fill_table(rapport)
        self._draw_chart()

    def on_bijlage_loaded(self, message: BijlageLoaded) -> None:
        bijlage = message.value
        if not self.is_bijlage or bijlage.periode != self.periode:
            return  # an answer to an earlier choice
        self.bijlage = bijlage
        self.sectie = min(self.sectie, len(bijlage.secties) - 1)
        self.query_one("#rapport-kop", Static).update(
            Text(f"{bijlage.titel} · {bijlage.regio} · {bijlage.periode_tekst}", style="bold")
        )
        self.query_one("#rapport-switcher", ContentSwitcher).current = APPENDIX
        self._draw_section()

    def _draw_section(self) -> None:
        if self.bijlage is None:
            return
        width = self.query_one(f"#{APPENDIX}").size.width or 100
        self.query_one("#rapport-bijlage-inhoud", Static).update(section_view(self.bijlage, self.sectie, width - 2))

    def action_sectie(self, step: int) -> None:
        if not self.is_bijlage or self.bijlage is None:
            self.notify("Kies eerst 'bijlage' in de lijst met rapporten; die toont de cijfers per gemeente.")
            return
        self.sectie = (self.sectie + step) % len(self.bijlage.secties)
        self._draw_section()
        self.query_one(f"#{APPENDIX}", VerticalScroll).scroll_home(animate=False)

    def _fill_table(self, rapport: Rapport) -> None:
        table = self.query_one(f"#{TABLE}", DataTable)
        table.clear(columns=True)
        labels = [wrapped_label(label) for label in rapport.header_labels]
        table.header_height = max(lines for _, lines in labels)
        for n, (label, _) in enumerate(labels):
            is_value = n >= len(rapport.kop)
            table.add_column(Text(label, justify="right" if is_value else "left"), key=str(n))
        for n, rij in enumerate(rapport.rijen):
            style = "bold" if rij.totaal else ""
            table.add_row(
                *(Text(k, style=style) for k in rij.kop),
                *(Text(str(v), style=style, justify="right") for v in rij.waarden),
                key=str(n),
            )

    def _draw_chart(self) -> None:
        if self.rapport is None:
            return
        width = self.query_one(f"#{CHART}").size.width or 100
        self.query_one("#rapport-grafiek-inhoud", Static).update(rapport_chart(self.rapport, self.cijfer, width))

    def on_resize(self) -> None:
        self._draw_chart()
        if self.is_bijlage:
            self._draw_section()

    # --- view and export ----------------------------------------------------------------------------------
    def action_toggle_chart(self) -> None:
        if self.is_bijlage:
            self.notify("De bijlage toont de tabellen en de grafieken samen; m: volgende gemeente.")
            return
        switcher = self.query_one("#rapport-switcher", ContentSwitcher)
        switcher.current = CHART if switcher.current == TABLE else TABLE
        self.call_after_refresh(self._draw_chart)

    def action_next_cijfer(self) -> None:
        if self.rapport is None or self.is_bijlage:
            return
        self.cijfer = (self.cijfer + 1) % len(self.rapport.cijfers)
        self.query_one("#rapport-switcher", ContentSwitcher).current = CHART
        self._draw_chart()

    def action_export(self, formaat: str) -> None:
        store, folder = self.zvh.store, self.zvh.export_dir
        if self.is_bijlage:
            if formaat == "csv":
                self.notify("De bijlage is er als Excel-werkmap (x) of als PDF (p).")
                return
            bijlage = self.bijlage
            if bijlage is None or bijlage.periode != self.periode:
                self.notify("De bijlage wordt nog geteld; probeer het zo opnieuw.")
                return
            self.notify(f"Bijlage wordt geschreven ({formaat}) …")
            self.save(Change.EXPORT, lambda: bijlage_to_folder(store, bijlage, formaat, folder))
            return
        if formaat == "pdf":
            self.notify("PDF is er voor de bijlage: kies 'bijlage' in de lijst met rapporten.")
            return
        if self.rapport is None:
            self.notify("Het rapport wordt nog geteld; probeer het zo opnieuw.")
            return
        rapport, regio, today = self.rapport, self.zvh.regio, self.zvh.today()
        self.save(Change.EXPORT, lambda: export_to_folder(store, rapport, formaat, folder, regio=regio, today=today))

    def on_saved(self, message: Saved) -> None:
        if message.what is Change.EXPORT:
            what = "Bijlage" if message.value.name.startswith("bijlage-") else "Rapport"
            self.notify(f"{what} geschreven naar {message.value}", timeout=8)

    def action_back(self) -> None:
        self.zvh.go_home()
