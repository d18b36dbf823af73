"""The Rapportage screen with real key presses: preset, period kinds, chart, export, and no names shown."""

from __future__ import annotations

from datetime import date

from openpyxl import load_workbook

from tests.factories import add_casus, add_melding, add_persoon
from tests.tui_helpers import make_app, notices, press, screen_text, settle, type_text
from tui.screens.home import HomeScreen
from tui.screens.periode_dialog import PeriodeDialog
from tui.screens.rapportage import RapportageScreen
from zvh_core.reports.export import to_csv
from zvh_core.reports.periode import Periode

SIZE = (160, 48)
REPORT_YEAR = Periode(date(2025, 10, 1), date(2026, 9, 30))  # TODAY is 2026-11-26


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
        add_melding(s, soort="overlast", datum=date(2026, 2, 2), gemeente="Roermond", personen=[person])
        add_melding(s, soort="verward_gedrag", datum=date(2026, 8, 8), gemeente="Weert", personen=[person])
        add_casus(
            s,
            thema="screening",
            gemeente="Roermond",
            geopend=date(2025, 12, 1),
            gesloten=date(2026, 4, 1),
            personen=[person],
        )
        add_casus(s, thema="pga", gemeente="Roermond", geopend=date(2026, 5, 1), personen=[person])


async def open_rapportage(pilot) -> RapportageScreen:
    await settle(pilot)
    assert isinstance(pilot.app.screen, HomeScreen)
    await press(pilot, "r")
    screen = pilot.app.screen
    assert isinstance(screen, RapportageScreen)
    return screen


def cells(screen: RapportageScreen) -> list[list[str]]:
    table = screen.query_one("#rapport-tabel")
    return [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]


async def test_opens_on_the_report_year_of_ml_tabel_1_with_the_figures(store, regio, tmp_path):
    seed(store)
    app = make_app(store, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_rapportage(pilot)
        assert screen.rapport.code == "ml-tabel-1" and screen.rapport.periode == REPORT_YEAR
        text = screen_text(app)
        assert "01-10-2025 t/m 30-09-2026" in text
        assert "Rapportagejaar" in text
        rows = cells(screen)
        assert len(rows) == 7 * 5 + 1
        assert ["Roermond", "2026", "1", "1", "1", "0", "0", "0"] in rows
        assert ["Roermond", "Totaal", "", "1", "1", "0", "0", "0"] in rows
        assert ["Weert", "2026", "3", "1", "0", "1", "0", "0"] in rows
        assert rows[-1] == ["Totaal", "", "", "2", "1", "1", "0", "0"]
        for secret in ("Zwanenburg", "Quirijntje", "111222333", "Kanaalweg", "1977"):
            assert secret not in text


async def test_choose_preset_and_periods(store, regio, tmp_path):
    seed(store)
    app = make_app(store, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_rapportage(pilot)
        await press(pilot, "down")  # ml-tabel-2
        assert screen.rapport.code == "ml-tabel-2"
        assert "procesregie per thema" in screen_text(app)
        await press(pilot, "down", "down")  # wm-producten
        assert screen.rapport.code == "wm-producten"
        assert cells(screen)[0] == ["PGA behandeld", "0", "0", "0", "0", "0", "1", "0", "1"]

        await press(pilot, "k")
        assert screen.rapport.periode == Periode(date(2026, 7, 1), date(2026, 9, 30))
        assert "01-07-2026 t/m 30-09-2026" in screen_text(app)
        await press(pilot, "left_square_bracket", "left_square_bracket")
        assert screen.rapport.periode == Periode(date(2026, 1, 1), date(2026, 3, 31))
        await press(pilot, "right_square_bracket")
        assert screen.rapport.periode == Periode(date(2026, 4, 1), date(2026, 6, 30))
        await press(pilot, "j")
        assert screen.rapport.periode == Periode(date(2026, 1, 1), date(2026, 12, 31))
        await press(pilot, "left_square_bracket")
        assert screen.rapport.periode == Periode(date(2025, 1, 1), date(2025, 12, 31))
        await press(pilot, "r")
        assert screen.rapport.periode == REPORT_YEAR

        await press(pilot, "a")
        assert isinstance(app.screen, PeriodeDialog)
        await press(pilot, "ctrl+u")
        await type_text(pilot, "15-02-2026")
        await press(pilot, "tab", "ctrl+u")
        await type_text(pilot, "14-02-2026")
        await press(pilot, "enter")
        assert "ligt na" in screen_text(app)  # refused in the dialog
        await press(pilot, "ctrl+u")
        await type_text(pilot, "15-08-2026")
        await press(pilot, "enter")
        assert app.screen is screen
        assert screen.rapport.periode == Periode(date(2026, 2, 15), date(2026, 8, 15))
        assert "Eigen periode" in screen_text(app)
        await press(pilot, "left_square_bracket")  # an own period does not page
        assert screen.rapport.periode == Periode(date(2026, 2, 15), date(2026, 8, 15))

        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)


async def test_chart_per_quarter_per_gemeente(store, regio, tmp_path):
    seed(store)
    app = make_app(store, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_rapportage(pilot)
        await press(pilot, "g")
        text = screen_text(app)
        assert "Screening meldingen (alle meldingen samen)" in text and "per kwartaal per gemeente" in text
        assert "Echt-Susteren 2025 K4" in text
        roermond_q1 = next(line for line in text.splitlines() if "2026 K1" in line and "█" in line)
        assert roermond_q1.rstrip().endswith("1")
        await press(pilot, "c")
        text = screen_text(app)
        assert "Screening cases" in text and "cijfer 2 van 5" in text
        await press(pilot, "g")
        assert "Gemeente" in screen_text(app)  # back to the table


async def test_export_csv_and_xlsx_from_the_screen(store, regio, tmp_path):
    seed(store)
    app = make_app(store, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_rapportage(pilot)
        await press(pilot, "e", "x")
        folder = tmp_path / "exports"
        csv_path = folder / "rapport-ml-tabel-1-2025-10-01-2026-09-30.csv"
        xlsx_path = folder / "rapport-ml-tabel-1-2025-10-01-2026-09-30.xlsx"
        assert csv_path.read_text(encoding="utf-8") == to_csv(screen.rapport)
        assert csv_path.stat().st_mode & 0o777 == 0o600
        assert xlsx_path.stat().st_mode & 0o777 == 0o600
        sheet = load_workbook(xlsx_path)["ml-tabel-1"]
        assert [c.value for c in sheet[sheet.max_row]] == ["Totaal", None, None, 2, 1, 1, 0, 0]
        assert notices(app) == [
            f"Rapport geschreven naar {csv_path}",
            f"Rapport geschreven naar {xlsx_path}",
        ]
