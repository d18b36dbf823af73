"""The appendix as an Excel workbook: a sheet per gemeente, one for the regio, and the Toelichting.

Charts are native Excel charts (``openpyxl.chart``), bound to a block of cells on the same sheet, so they
stay editable in Excel and LibreOffice and a reader can check every bar against its cell. Each sheet says on
top which period, when, by whom and from which store it was made, with any warning (period not over, data
removed for retention) in red; the printed page (A4, fitted to the width) repeats it in header and footer.
Every text cell is neutralised against formula injection (labels come from a regio file).
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from zvh_core.access.exports import neutralise, neutralise_row
from zvh_core.reports.bijlage import VORM_UITLEG, Bijlage, Grafiek, Sectie, Tabel

TOELICHTING = "Toelichting"
CHART_ROWS = 18
"""Rows reserved for one chart (about 9 cm at the default row height)."""
CHART_COLUMN = 9
"""Charts sit from column I, beside their data block (categories and at most a handful of series)."""
BOLD = Font(bold=True)
WARNING = Font(bold=True, color="C00000")
QUIET = Font(italic=True, color="595959")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\']")


def sheet_title(name: str, taken: set[str]) -> str:
    """An Excel sheet name (at most 31 characters, none of []:*?/\\'), unique in the workbook."""
    base = _SHEET_FORBIDDEN.sub("-", name).strip() or "Blad"
    title, n = base[:31], 2
    while title.casefold() in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.casefold())
    return title


def _cell(text: str) -> object:
    return int(text) if text.isdigit() else neutralise(text)


def _page_text(text: str) -> str:
    """Header/footer text: '&' starts a code there."""
    return text.replace("&", "&&")


def _head(sheet: Worksheet, bijlage: Bijlage, naam: str) -> None:
    sheet.append([neutralise(f"{bijlage.titel}: {naam}")])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([neutralise(bijlage.periode_tekst)])
    sheet.append([neutralise(bijlage.herkomst.regel)])
    sheet.cell(row=3, column=1).font = QUIET
    for warning in bijlage.herkomst.waarschuwingen:
        sheet.append([neutralise(warning)])
        sheet.cell(row=sheet.max_row, column=1).font = WARNING
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddHeader.center.text = _page_text(
        "\n".join((f"{bijlage.titel}: {naam} · {bijlage.periode_tekst}", *bijlage.herkomst.kort))
    )
    sheet.oddFooter.left.text = _page_text(bijlage.herkomst.regel)
    sheet.oddFooter.right.text = "Pagina &P van &N"


def _table(sheet: Worksheet, tabel: Tabel) -> None:
    sheet.append([])
    sheet.append([neutralise(tabel.titel)])
    sheet.cell(row=sheet.max_row, column=1).font = BOLD
    sheet.append(neutralise_row(tabel.header))
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[header_row].height = 45
    for rij in tabel.rijen:
        sheet.append([*(_cell(k) for k in rij.kop), *rij.waarden])
        if rij.totaal:
            for cell in sheet[sheet.max_row]:
                cell.font = BOLD


def _chart(sheet: Worksheet, grafiek: Grafiek) -> None:
    """The chart's data block (categories down, a column per series) with the chart beside it."""
    sheet.append([])
    sheet.append([neutralise(grafiek.titel)])
    title_row = sheet.max_row
    sheet.cell(row=title_row, column=1).font = BOLD
    sheet.append(neutralise_row(["", *(name for name, _ in grafiek.reeksen)]))
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[header_row].height = 30
    for n, categorie in enumerate(grafiek.categorieen):
        sheet.append([neutralise(categorie), *(values[n] for _, values in grafiek.reeksen)])
    last_row = sheet.max_row

    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = grafiek.titel
    chart.y_axis.title = "Aantal"
    chart.y_axis.scaling.min = 0
    chart.y_axis.numFmt = "0"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.height, chart.width = 8.5, 17
    data = Reference(sheet, min_col=2, max_col=1 + len(grafiek.reeksen), min_row=header_row, max_row=last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=header_row + 1, max_row=last_row))
    chart.legend.position = "b"
    sheet.add_chart(chart, f"{get_column_letter(CHART_COLUMN)}{title_row}")
    for _ in range(max(0, title_row + CHART_ROWS - sheet.max_row)):
        sheet.append([])


def _section(sheet: Worksheet, bijlage: Bijlage, sectie: Sectie) -> None:
    _head(sheet, bijlage, sectie.naam)
    for tabel in sectie.tabellen:
        _table(sheet, tabel)
    for grafiek in sectie.grafieken:
        _chart(sheet, grafiek)
    sheet.column_dimensions["A"].width = max(
        16, *(len(g.categorieen[0]) + 2 for g in sectie.grafieken if g.categorieen)
    )
    for column in range(2, 12):
        sheet.column_dimensions[get_column_letter(column)].width = 15


def _toelichting(sheet: Worksheet, bijlage: Bijlage) -> None:
    sheet.append([neutralise(f"{bijlage.titel}, {bijlage.regio}: toelichting")])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([neutralise(bijlage.periode_tekst)])
    sheet.append([])
    for label, value in bijlage.herkomst.velden:
        sheet.append(neutralise_row([label, value]))
        sheet.cell(row=sheet.max_row, column=1).font = BOLD
    for warning in bijlage.herkomst.waarschuwingen:
        sheet.append(neutralise_row(["Waarschuwing", warning]))
        sheet.cell(row=sheet.max_row, column=1).font = WARNING
        sheet.cell(row=sheet.max_row, column=2).font = WARNING
    sheet.append([])
    sheet.append(["Cijfer", "Telt"])
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    for label, text in bijlage.uitleg:
        sheet.append(neutralise_row([label, text]))
    sheet.append([])
    sheet.append(
        [
            "Totaal",
            "Totaal van een gemeente: over het hele rapportagejaar, dus een casus of persoon die in meer kwartalen "
            "liep telt één keer. Regio: per kwartaal en in het Totaal de som van de gemeenten.",
        ]
    )
    sheet.append(["Rapportagejaar", "Q4 van het vorige kalenderjaar t/m Q3 van het jaar zelf."])
    for vorm, text in VORM_UITLEG.items():
        sheet.append([f"Grafiek {vorm}", text])
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["B"].width = 110
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.oddFooter.left.text = _page_text(bijlage.herkomst.regel)


def to_xlsx(bijlage: Bijlage) -> bytes:
    book = Workbook()
    taken: set[str] = set()
    for n, sectie in enumerate(bijlage.secties):
        sheet = book.active if n == 0 else book.create_sheet()
        sheet.title = sheet_title(sectie.naam, taken)
        _section(sheet, bijlage, sectie)
    uitleg = book.create_sheet()
    uitleg.title = sheet_title(TOELICHTING, taken)
    _toelichting(uitleg, bijlage)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
