"""A report as CSV (domain.md §5 layout) or as an Excel workbook, written to a private file (0600).

A report holds only gemeenten, labels, periods and integers, so no export can carry a name, BSN, address
or birth date. Text cells are neutralised against formula injection all the same (labels come from a
regio file), and every export is written and logged through zvh_core.access.exports.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from zvh_core.access.exports import export, neutralise, neutralise_row
from zvh_core.reports.tabel import Rapport

FORMATEN = ("csv", "xlsx")
FIRST_DATA_ROW = 5
"""In the workbook: title, period, blank line, header, then the rows."""


def to_csv(rapport: Rapport) -> str:
    """``;``-separated: the header row (row-naming columns, then the column labels), then the rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(neutralise_row(rapport.header))
    for rij in rapport.rijen:
        writer.writerow(neutralise_row((*rij.kop, *rij.waarden)))
    return buffer.getvalue()


def _cell(text: str) -> str | int:
    """Row-naming cells such as a year or quarter become numbers, so Excel does not flag them."""
    return int(text) if text.isdigit() else neutralise(text)


def to_xlsx(rapport: Rapport) -> bytes:
    """A workbook: the table on its own sheet (title and period on top, bold header and Totaal rows,
    fitted column widths, frozen header), and a sheet that says what every figure counts."""
    from openpyxl import Workbook  # here, not at import: openpyxl costs a quarter second to load
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = rapport.code[:31]
    bold = Font(bold=True)
    sheet.append([neutralise(f"{rapport.titel} ({rapport.regio})")])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"Periode: {rapport.periode.lang}"])
    sheet.append([])
    sheet.append(neutralise_row(rapport.header))
    for cell in sheet[FIRST_DATA_ROW - 1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for rij in rapport.rijen:
        sheet.append([*(_cell(k) for k in rij.kop), *rij.waarden])
        if rij.totaal:
            for cell in sheet[sheet.max_row]:
                cell.font = bold
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=len(rapport.kop) + 1)
    widths = [
        max(len(str(v)) for v in column)
        for column in zip(rapport.header, *((*r.kop, *r.waarden) for r in rapport.rijen), strict=False)
    ]
    for n, width in enumerate(widths, start=1):
        # Long labels wrap in the header; keep number columns readable but not huge.
        sheet.column_dimensions[get_column_letter(n)].width = min(max(width, 8) + 2, 28)
    sheet.row_dimensions[FIRST_DATA_ROW - 1].height = 45

    uitleg = book.create_sheet("Toelichting")
    uitleg.append(["Kolom", "Telt"])
    for cell in uitleg[1]:
        cell.font = bold
    for label, text in zip(rapport.cijfers, rapport.uitleg, strict=False):
        uitleg.append(neutralise_row([label, text]))
    uitleg.append([])
    uitleg.append(
        [
            "Totaal",
            "Totaal per gemeente: over de hele periode, dus een casus of persoon die in meer "
            "kwartalen liep telt één keer. Totaal regio: de som van de gemeenten.",
        ]
    )
    uitleg.column_dimensions["A"].width = 44
    uitleg.column_dimensions["B"].width = 110

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def default_file_name(rapport: Rapport, formaat: str) -> str:
    return f"rapport-{rapport.code}-{rapport.periode.van.isoformat()}-{rapport.periode.tot.isoformat()}.{formaat}"


def write_export(
    store,
    rapport: Rapport,
    formaat: str,
    path: Path,
    content: str | bytes | None = None,
    *,
    overwrite: bool = False,
    unique: bool = False,
) -> Path:
    """Write the report as ``formaat`` (csv, xlsx or given ``content``) to ``path`` (0600), logged; an
    existing file only with ``overwrite`` (``unique``: a free name beside it)."""
    if content is None:
        content = to_xlsx(rapport) if formaat == "xlsx" else to_csv(rapport)
    return export(
        store,
        path,
        content,
        soort="rapport",
        object_type="rapport",
        object_id=rapport.code,
        details={"formaat": formaat, "van": rapport.periode.van.isoformat(), "tot": rapport.periode.tot.isoformat()},
        overwrite=overwrite,
        unique=unique,
    )


def export_to_folder(store, rapport: Rapport, formaat: str, folder: Path) -> Path:
    return write_export(store, rapport, formaat, folder / default_file_name(rapport, formaat), unique=True)
