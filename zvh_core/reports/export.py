"""A report as CSV (domain.md §5 layout) or as an Excel workbook, and the appendix as a workbook or PDF,
written to a private file (0600).

A report holds only gemeenten, labels, periods and integers, so no export can carry a name, BSN, address
or birth date. Text cells are neutralised against formula injection all the same (labels come from a
regio file), and every export is written and logged through zvh_core.access.exports. A workbook says on
its page when, by whom and from which store it was made, and warns when its period is not over yet or data
was removed for retention (``herkomst``).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from zvh_core.access.exports import export, neutralise, neutralise_row
from zvh_core.config.regio import Regio
from zvh_core.reports.bijlage import Bijlage
from zvh_core.reports.herkomst import Herkomst, herkomst, shortest_retention_years
from zvh_core.reports.tabel import Rapport

FORMATEN = ("csv", "xlsx")
BIJLAGE_FORMATEN = ("xlsx", "pdf")
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


def to_xlsx(rapport: Rapport, made: Herkomst | None = None) -> bytes:
    """A workbook: the table on its own sheet (title and period on top, then when, by whom and from which
    store it was made with any warning in red, bold header and Totaal rows, fitted column widths, frozen
    header), and a sheet that says what every figure counts."""
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
    if made is None:
        sheet.append([])
    else:
        sheet.append([neutralise("\n".join((*made.waarschuwingen, made.regel)))])
        sheet["A3"].font = Font(bold=True, color="C00000") if made.waarschuwingen else Font(italic=True, color="595959")
        sheet.row_dimensions[3].height = 15 * (1 + 2 * len(made.waarschuwingen))
        sheet.oddFooter.left.text = made.regel.replace("&", "&&")
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.oddHeader.center.text = f"{rapport.titel} · {rapport.periode.label}".replace("&", "&&")
    sheet.append(neutralise_row(rapport.header_labels))  # labels; the CSV keeps domain.md's keys
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
        for column in zip(rapport.header_labels, *((*r.kop, *r.waarden) for r in rapport.rijen), strict=False)
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
    if made is not None:
        uitleg.append([])
        for label, value in made.velden:
            uitleg.append(neutralise_row([label, value]))
        for warning in made.waarschuwingen:
            uitleg.append(neutralise_row(["Waarschuwing", warning]))
    uitleg.column_dimensions["A"].width = 44
    uitleg.column_dimensions["B"].width = 110

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def default_file_name(rapport: Rapport, formaat: str) -> str:
    return f"rapport-{rapport.code}-{rapport.periode.van.isoformat()}-{rapport.periode.tot.isoformat()}.{formaat}"


def made_now(store, periode, regio: Regio | None = None, today=None) -> Herkomst:
    """The provenance of a report made now from ``store`` (a read session: who, which store, warnings)."""
    with store.read() as session:
        return herkomst(session, periode, shortest_retention_years(regio), today)


def write_export(
    store,
    rapport: Rapport,
    formaat: str,
    path: Path,
    content: str | bytes | None = None,
    *,
    overwrite: bool = False,
    unique: bool = False,
    regio: Regio | None = None,
    today=None,
) -> Path:
    """Write the report as ``formaat`` (csv, xlsx or given ``content``) to ``path`` (0600), logged; an
    existing file only with ``overwrite`` (``unique``: a free name beside it)."""
    if content is None:
        made = made_now(store, rapport.periode, regio, today) if formaat == "xlsx" else None
        content = to_xlsx(rapport, made) if made is not None else to_csv(rapport)
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


def export_to_folder(
    store, rapport: Rapport, formaat: str, folder: Path, *, regio: Regio | None = None, today=None
) -> Path:
    """Into the export folder under its default name; an earlier export of the same report is kept (a free
    name beside it)."""
    return write_export(
        store, rapport, formaat, folder / default_file_name(rapport, formaat), unique=True, regio=regio, today=today
    )


# --- the appendix -------------------------------------------------------------------------------------
def bijlage_content(bijlage: Bijlage, formaat: str) -> bytes:
    if formaat == "pdf":
        from zvh_core.reports import bijlage_pdf  # ReportLab loads only when a PDF is made (every `zvh` starts faster)

        return bijlage_pdf.to_pdf(bijlage)
    from zvh_core.reports import bijlage_xlsx  # openpyxl loads only when a workbook is made

    return bijlage_xlsx.to_xlsx(bijlage)


def bijlage_file_name(bijlage: Bijlage, formaat: str) -> str:
    return f"bijlage-{bijlage.code}-{bijlage.jaar}.{formaat}"


def write_bijlage(
    store,
    bijlage: Bijlage,
    formaat: str,
    path: Path,
    content: bytes | None = None,
    *,
    overwrite: bool = False,
    unique: bool = False,
) -> Path:
    """Write the appendix as ``formaat`` (xlsx or pdf) to ``path`` (0600), logged; an existing file only
    with ``overwrite`` (``unique``: a free name beside it)."""
    return export(
        store,
        path,
        content if content is not None else bijlage_content(bijlage, formaat),
        soort="rapport",
        object_type="bijlage",
        object_id=bijlage.code,
        details={
            "formaat": formaat,
            "jaar": bijlage.jaar,
            "van": bijlage.periode.van.isoformat(),
            "tot": bijlage.periode.tot.isoformat(),
            "gemeenten": [s.gemeente for s in bijlage.secties if s.gemeente],
        },
        overwrite=overwrite,
        unique=unique,
    )


def bijlage_to_folder(store, bijlage: Bijlage, formaat: str, folder: Path) -> Path:
    return write_bijlage(store, bijlage, formaat, folder / bijlage_file_name(bijlage, formaat), unique=True)
