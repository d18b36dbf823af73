"""The appendix as a PDF (A4): the same sections as the workbook, each from a new page, with its charts.

Written with ReportLab: tables with Platypus and the charts with ReportLab's own vector charts
(``reportlab.graphics``), so the PDF needs no second plotting library and its text stays text (searchable,
sharp when printed). Every page has a header with the appendix, section and period, and a footer with when,
by whom and from which store it was made; warnings (period not over, data removed for retention) stand in
red at the top of every section.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from zvh_core.reports.bijlage import VORM_UITLEG, Bijlage, Grafiek, Sectie, Tabel

# The charts are built here from checked numbers: ReportLab's per-attribute validation of every shape
# (read at run time) would take most of the time of an appendix, so it is off in this process.
rl_config.shapeChecking = 0

MARGIN = 15 * mm
WIDTH = A4[0] - 2 * MARGIN
CHART_HEIGHT = 60 * mm
"""Four charts fit one page: a section is its tables with the first chart, then a page of charts."""
SERIES_COLOURS = (
    colors.HexColor("#1f4e79"),
    colors.HexColor("#c55a11"),
    colors.HexColor("#548235"),
    colors.HexColor("#7030a0"),
    colors.HexColor("#bf9000"),
    colors.HexColor("#2e75b6"),
    colors.HexColor("#a50021"),
    colors.HexColor("#7f7f7f"),
)

_styles = getSampleStyleSheet()
TITLE = ParagraphStyle("bijlage-titel", parent=_styles["Heading1"], fontSize=16, spaceAfter=2 * mm)
SUBTITLE = ParagraphStyle("bijlage-sub", parent=_styles["Normal"], fontSize=9, leading=11)
WARNING = ParagraphStyle(
    "bijlage-let-op", parent=SUBTITLE, textColor=colors.HexColor("#c00000"), fontName="Helvetica-Bold"
)
TABLE_TITLE = ParagraphStyle(
    "bijlage-tabel", parent=_styles["Heading3"], fontSize=10, spaceBefore=4 * mm, spaceAfter=1 * mm
)
HEAD_CELL = ParagraphStyle("bijlage-kop", parent=_styles["Normal"], fontName="Helvetica-Bold", fontSize=7, leading=8.5)
HEAD_NUMBER = ParagraphStyle("bijlage-kop-getal", parent=HEAD_CELL, alignment=2)
KOP_WIDTHS = {"Jaar": 10 * mm, "Kwartaal": 14 * mm, "Product": 60 * mm}
"""Row-naming columns by their label; any other (Gemeente) gets 24 mm."""
BODY = ParagraphStyle("bijlage-tekst", parent=_styles["Normal"], fontSize=9, leading=12)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _table(tabel: Tabel) -> list:
    header = [
        *(_p(k, HEAD_CELL) for k in tabel.kop),
        *(_p(label, HEAD_NUMBER) for label in tabel.kolommen),
    ]
    rows = [header, *([*r.kop, *(str(v) for v in r.waarden)] for r in tabel.rijen)]
    first = len(tabel.kop)
    kop_widths = [KOP_WIDTHS.get(k, 24 * mm) for k in tabel.kop]
    value_width = min(32 * mm, (WIDTH - sum(kop_widths)) / max(1, len(tabel.kolommen)))
    table = Table(rows, colWidths=[*kop_widths, *([value_width] * len(tabel.kolommen))], repeatRows=1, hAlign="LEFT")
    style = [
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
        ("FONT", (0, 1), (-1, -1), "Helvetica", 8),
        ("ALIGN", (first, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), (colors.white, colors.HexColor("#f2f2f2"))),
        ("TOPPADDING", (0, 1), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 1.5),
    ]
    for n, rij in enumerate(tabel.rijen, start=1):
        if rij.totaal:
            style += [("FONT", (0, n), (-1, n), "Helvetica-Bold", 8), ("LINEABOVE", (0, n), (-1, n), 0.5, colors.black)]
    table.setStyle(TableStyle(style))
    return [_p(tabel.titel, TABLE_TITLE), table]


def _chart(grafiek: Grafiek) -> Drawing:
    height = CHART_HEIGHT
    drawing = Drawing(WIDTH, height)
    drawing.add(String(0, height - 10, grafiek.titel, fontName="Helvetica-Bold", fontSize=10))
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, 27 * mm
    chart.width, chart.height = WIDTH - 14 * mm, height - 27 * mm - 14
    chart.data = [values for _, values in grafiek.reeksen]
    chart.categoryAxis.categoryNames = list(grafiek.categorieen)
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.fontName = "Helvetica"
    if grafiek.vorm != "kwartalen" and len(grafiek.categorieen) > 5:
        chart.categoryAxis.labels.angle = 20
        chart.categoryAxis.labels.boxAnchor = "ne"
    largest = max((v for _, values in grafiek.reeksen for v in values), default=0)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(1, largest) * 1.15 if largest else 1
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = "%d"
    if largest < 5:
        chart.valueAxis.valueStep = 1
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#d9d9d9")
    chart.barLabels.fontSize = 6
    chart.barLabelFormat = "%d"
    chart.barLabels.nudge = 5
    chart.groupSpacing = 6
    for n in range(len(grafiek.reeksen)):
        chart.bars[n].fillColor = SERIES_COLOURS[n % len(SERIES_COLOURS)]
        chart.bars[n].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 12 * mm, 11 * mm
    legend.alignment = "right"
    legend.fontName, legend.fontSize = "Helvetica", 7
    legend.columnMaximum = 1 if len(grafiek.reeksen) <= 4 else 2
    legend.dx = legend.dy = 6
    legend.deltax = WIDTH / 4.2
    legend.colorNamePairs = [
        (SERIES_COLOURS[n % len(SERIES_COLOURS)], name) for n, (name, _) in enumerate(grafiek.reeksen)
    ]
    drawing.add(legend)
    return drawing


def _section(bijlage: Bijlage, sectie: Sectie) -> list:
    flow: list = [
        _p(f"{bijlage.titel}: {sectie.naam}", TITLE),
        _p(bijlage.periode_tekst, SUBTITLE),
        _p(bijlage.herkomst.regel, SUBTITLE),
    ]
    flow += [_p(w, WARNING) for w in bijlage.herkomst.waarschuwingen]
    for tabel in sectie.tabellen:
        flow.append(KeepTogether(_table(tabel)))
    for grafiek in sectie.grafieken:
        flow += [CondPageBreak(CHART_HEIGHT + 4 * mm), Spacer(1, 3 * mm), _chart(grafiek)]
    return flow


def _toelichting(bijlage: Bijlage) -> list:
    flow: list = [_p(f"{bijlage.titel}, {bijlage.regio}: toelichting", TITLE), _p(bijlage.periode_tekst, SUBTITLE)]
    flow += [_p(f"{label}: {value}", SUBTITLE) for label, value in bijlage.herkomst.velden]
    flow += [_p(w, WARNING) for w in bijlage.herkomst.waarschuwingen]
    rows = [[_p("Cijfer", HEAD_CELL), _p("Telt", HEAD_CELL)]]
    rows += [[_p(label, BODY), _p(text, BODY)] for label, text in bijlage.uitleg]
    rows.append(
        [
            _p("Totaal", BODY),
            _p(
                "Totaal van een gemeente: over het hele rapportagejaar, dus een casus of persoon die in meer "
                "kwartalen liep telt één keer. Regio: per kwartaal en in het Totaal de som van de gemeenten.",
                BODY,
            ),
        ]
    )
    rows.append([_p("Rapportagejaar", BODY), _p("Q4 van het vorige kalenderjaar t/m Q3 van het jaar zelf.", BODY)])
    rows += [[_p(f"Grafiek {vorm}", BODY), _p(text, BODY)] for vorm, text in VORM_UITLEG.items()]
    table = Table(rows, colWidths=[55 * mm, WIDTH - 55 * mm], repeatRows=1)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black)]))
    return [*flow, Spacer(1, 4 * mm), table]


def to_pdf(bijlage: Bijlage) -> bytes:
    buffer = io.BytesIO()
    current = {"sectie": ""}

    class _Marker(Spacer):
        """Zero-height flowable that tells the page template which section is on the page."""

        def __init__(self, naam: str) -> None:
            super().__init__(0, 0)
            self.naam = naam

        def draw(self) -> None:
            current["sectie"] = self.naam

    def decorate(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(colors.HexColor("#404040"))
        top = A4[1] - 9 * mm
        canvas.drawString(MARGIN, top, f"{bijlage.titel}, {bijlage.regio}: {current['sectie']}")
        canvas.drawRightString(A4[0] - MARGIN, top, bijlage.periode_tekst)
        canvas.setFillColor(colors.HexColor("#c00000"))
        canvas.setFont("Helvetica-Bold", 7.5)
        for n, warning in enumerate(bijlage.herkomst.kort, start=1):
            canvas.drawString(MARGIN, top - n * 9, warning)
        canvas.setFillColor(colors.HexColor("#404040"))
        canvas.setFont("Helvetica", 7.5)
        canvas.drawString(MARGIN, 8 * mm, bijlage.herkomst.regel)
        canvas.drawRightString(A4[0] - MARGIN, 8 * mm, f"Pagina {doc.page}")
        canvas.restoreState()

    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{bijlage.titel} {bijlage.regio} {bijlage.jaar}",
        author=bijlage.herkomst.door,
        subject=bijlage.periode_tekst,
        creator="ZVH Overleg",
    )
    top = MARGIN + 3.5 * mm * len(bijlage.herkomst.kort)  # room for the warnings under the header
    frame = Frame(MARGIN, MARGIN, WIDTH, A4[1] - MARGIN - top, id="inhoud")
    # Drawn when the page is done, so the header names the section that is on it.
    doc.addPageTemplates([PageTemplate(id="pagina", frames=[frame], onPageEnd=decorate)])
    story: list = []
    for n, sectie in enumerate(bijlage.secties):
        if n:
            story.append(PageBreak())
        story += [_Marker(sectie.naam), *_section(bijlage, sectie)]
    story += [PageBreak(), _Marker("toelichting"), *_toelichting(bijlage)]
    doc.build(story)
    return buffer.getvalue()
