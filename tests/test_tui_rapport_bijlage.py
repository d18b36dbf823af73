"""The Rapportage screen's appendix flow with real key presses: choose 'bijlage', see a gemeente's tables
and charts, page through gemeenten and report years, export as workbook and PDF, and no names shown."""

from __future__ import annotations

from datetime import date

from openpyxl import load_workbook
from pypdf import PdfReader

from tests.factories import add_casus, add_melding, add_persoon
from tests.tui_helpers import make_app, notices, press, screen_text, settle
from tui.screens.home import HomeScreen
from tui.screens.rapportage import RapportageScreen
from zvh_core.reports.periode import Periode

SIZE = (160, 60)
REPORT_YEAR = Periode(date(2025, 10, 1), date(2026, 9, 30))  # TODAY is 2026-11-26
SECRETS = ("Zwanenburg", "Quirijntje", "111222333", "Kanaalweg", "1977")


def seed(store):
    with store.write() as s:
        person = add_persoon(
            s,
            achternaam="Zwanenburg",
            voornamen="Quirijntje",
            geboortedatum=date(1977, 7, 7),
            bsn="111222333",
            adres="Kanaalweg 99",
        )
        add_melding(s, soort="overlast", datum=date(2026, 2, 2), gemeente="Echt-Susteren", personen=[person])
        add_melding(s, soort="overlast", datum=date(2026, 2, 3), gemeente="Echt-Susteren", personen=[person])
        add_melding(s, soort="verward_gedrag", datum=date(2026, 8, 8), gemeente="Leudal", personen=[person])
        add_casus(s, thema="mensenhandel", gemeente="Leudal", geopend=date(2025, 5, 1), personen=[person])
        add_casus(s, thema="pga", gemeente="Echt-Susteren", geopend=date(2026, 5, 1), personen=[person])


async def open_bijlage(pilot) -> RapportageScreen:
    await settle(pilot)
    assert isinstance(pilot.app.screen, HomeScreen)
    await press(pilot, "r")
    screen = pilot.app.screen
    assert isinstance(screen, RapportageScreen)
    await press(pilot, "end")  # the last entry of the list: bijlage
    assert screen.code == "bijlage"
    return screen


def line_with(text: str, *needles: str) -> str:
    return next(line for line in text.splitlines() if all(n in line for n in needles))


async def test_choose_the_appendix_and_page_through_gemeenten(store, regio, tmp_path):
    seed(store)
    app = make_app(store, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_bijlage(pilot)
        assert screen.bijlage is not None and screen.bijlage.periode == REPORT_YEAR
        text = screen_text(app)
        assert "Cijfers per gemeente: Echt-Susteren" in text and "(1 van 8" in text
        assert "Rapportagejaar 2026: 1 oktober 2025 t/m 30 september 2026" in text
        assert "Aangemaakt op" in text
        assert "Midden-Limburg tabel 1: melding en triage" in text
        tabel_1 = text.split("Midden-Limburg tabel 1: melding en triage")[1]
        totaal = line_with(tabel_1, "Totaal").split("Totaal")[-1].split()
        assert totaal[:2] == ["2", "0"]  # Echt-Susteren: 2 meldingen, 0 screening cases
        assert "Echt-Susteren meldingen per kwartaal" in text
        for secret in SECRETS:
            assert secret not in text

        await press(pilot, "m")
        assert screen.sectie == 1
        text = screen_text(app)
        assert "Cijfers per gemeente: Leudal" in text
        await press(pilot, "enter", "end")  # into the appendix, down to its last chart
        text = screen_text(app)
        assert "Leudal met totaal aantal cases, tegen het jaar ervoor" in text
        # Mensenhandel: the casus opened in May 2025 ran in both report years
        assert "Rapportagejaar 2025" in text and "Rapportagejaar 2026" in text

        await press(pilot, "n", "n")
        assert screen.bijlage.secties[screen.sectie].naam == "Regio Midden-Limburg"
        assert "Cijfers per gemeente: Regio Midden-Limburg" in screen_text(app)

        await press(pilot, "k")  # a quarter is no appendix: refused, still the report year
        assert screen.periode == REPORT_YEAR
        assert any("altijd een heel rapportagejaar" in m for m in notices(app))
        await press(pilot, "right_square_bracket")  # 2027 has begun (1 October 2026)
        assert screen.bijlage.jaar == 2027
        text = screen_text(app)
        assert "Let op: de periode is nog niet voorbij" in text
        await press(pilot, "right_square_bracket")  # 2028 has not
        assert screen.bijlage.jaar == 2027
        assert any("2028 is nog niet begonnen" in m for m in notices(app))
        await press(pilot, "left_square_bracket", "left_square_bracket")
        assert screen.bijlage.jaar == 2025

        await press(pilot, "shift+tab", "shift+tab", "home")  # back to the list, ml-tabel-1: the table again
        assert screen.code == "ml-tabel-1" and screen.rapport.code == "ml-tabel-1"
        assert "Gemeente" in screen_text(app) and "Cijfers per gemeente:" not in screen_text(app)


async def test_export_the_appendix_as_workbook_and_pdf(store, regio, tmp_path):
    seed(store)
    app = make_app(store, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_bijlage(pilot)
        await press(pilot, "x", "p", "x")
        folder = tmp_path / "exports"
        xlsx = folder / "bijlage-ml-jaarverslag-2026.xlsx"
        again = folder / "bijlage-ml-jaarverslag-2026-2.xlsx"  # an earlier export is never overwritten
        pdf = folder / "bijlage-ml-jaarverslag-2026.pdf"
        for path in (xlsx, again, pdf):
            assert path.stat().st_mode & 0o777 == 0o600
        book = load_workbook(xlsx)
        assert book.sheetnames[:2] == ["Echt-Susteren", "Leudal"] and book.sheetnames[-1] == "Toelichting"
        assert len(book["Leudal"]._charts) == 5
        texts = [page.extract_text() for page in PdfReader(pdf).pages]
        assert any("Cijfers per gemeente: Leudal" in t for t in texts)
        # (earlier notifications may have timed out on a busy machine; the files are checked above)
        assert f"Bijlage geschreven naar {again}" in notices(app)
        await press(pilot, "e")
        assert any("als Excel-werkmap (x) of als PDF (p)" in m for m in notices(app))
