"""`zvh rapport`: formats, files (0600), the report-year default and clear errors with exit code 2."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.factories import add_casus, add_melding
from tui.cli.main import app
from zvh_core.config.regio import load_regio
from zvh_core.config.settings import get_settings
from zvh_core.kernel import clock


@pytest.fixture
def cli(db_url, store, monkeypatch, tmp_path):
    monkeypatch.setenv("ZVH_DATABASE_URL", db_url)
    monkeypatch.setenv("ZVH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("ZVH_REGIO", raising=False)
    monkeypatch.setattr(clock, "today", lambda: date(2026, 11, 26))
    get_settings.cache_clear()
    load_regio.cache_clear()
    with store.write() as s:
        add_melding(s, soort="overlast", datum=date(2025, 10, 1), gemeente="Roermond")
        add_melding(s, soort="overlast", datum=date(2026, 10, 1), gemeente="Roermond")  # next report year
        add_casus(s, thema="triage", gemeente="Weert", geopend=date(2025, 3, 1), gesloten=date(2026, 2, 1))
    runner = CliRunner()
    yield lambda *args: runner.invoke(app, ["rapport", *args])
    get_settings.cache_clear()
    load_regio.cache_clear()


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_csv_to_stdout(cli):
    result = cli("ml-tabel-1", "--van", "2025-10-01", "--tot", "2026-09-30", "--formaat", "csv")
    assert result.exit_code == 0, result.output
    table = rows(result.stdout)
    assert table[0][:4] == ["gemeente", "jaar", "kwartaal", "Screening meldingen (alle meldingen samen)"]
    assert ["Roermond", "2025", "4", "1", "0", "0", "0", "0"] in table
    assert ["Weert", "Totaal", "", "0", "0", "0", "0", "1"] in table
    assert table[-1] == ["Totaal", "", "", "1", "0", "0", "0", "1"]


def test_without_dates_the_current_report_year(cli):
    result = cli("ml-tabel-1", "--formaat", "csv")
    assert result.exit_code == 0, result.output
    table = rows(result.stdout)
    assert [r[1:3] for r in table if r[0] == "Roermond"] == [
        ["2025", "4"],
        ["2026", "1"],
        ["2026", "2"],
        ["2026", "3"],
        ["Totaal", ""],
    ]
    assert table[-1][3] == "1"  # the melding of 2026-10-01 falls in the next report year


def test_tabel_is_the_default(cli):
    result = cli("ml-personen", "--van", "2026-01-01", "--tot", "2026-03-31")
    assert result.exit_code == 0, result.output
    assert "Midden-Limburg tabellen 3-5" in result.stdout
    assert "01-01-2026 t/m 31-03-2026" in result.stdout
    assert "Nazorg unieke personen" in result.stdout
    assert "Roerdalen" in result.stdout


def test_csv_and_xlsx_files_are_written_private(cli, tmp_path):
    out = tmp_path / "uit" / "tabel1.csv"
    result = cli("ml-tabel-1", "--formaat", "csv", "--uitvoer", str(out))
    assert result.exit_code == 0, result.output
    assert str(out) in result.stdout
    assert out.stat().st_mode & 0o777 == 0o600
    assert rows(out.read_text(encoding="utf-8"))[-1] == ["Totaal", "", "", "1", "0", "0", "0", "1"]

    book_path = tmp_path / "uit" / "producten.xlsx"
    result = cli("wm-producten", "--formaat", "xlsx", "--uitvoer", str(book_path))
    assert result.exit_code == 0, result.output
    assert book_path.stat().st_mode & 0o777 == 0o600
    sheet = load_workbook(book_path)["wm-producten"]
    assert [c.value for c in sheet[4]][:2] == ["Product", "Echt-Susteren"]


def test_xlsx_without_uitvoer_goes_to_the_export_folder(cli, tmp_path):
    result = cli("ml-tabel-2", "--formaat", "xlsx")
    assert result.exit_code == 0, result.output
    path = tmp_path / "data" / "exports" / "rapport-ml-tabel-2-2025-10-01-2026-09-30.xlsx"
    assert path.exists() and str(path) in result.stdout
    assert path.stat().st_mode & 0o777 == 0o600


def test_tabel_to_a_file(cli, tmp_path):
    out = tmp_path / "tabel.txt"
    result = cli("ml-tabel-1", "--uitvoer", str(out))
    assert result.exit_code == 0, result.output
    assert "Screening meldingen (alle meldingen samen)" in out.read_text(encoding="utf-8")
    assert out.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["ml-tabel-9"],
            "Onbekend rapport 'ml-tabel-9'. Kies uit: ml-tabel-1, ml-tabel-2, ml-personen, wm-producten, casussen-overzicht, casussen-kwartalen.",
        ),
        (["ml-tabel-1", "--van", "2025-13-01", "--tot", "2026-09-30"], "--van: '2025-13-01' is geen geldige datum"),
        (["ml-tabel-1", "--van", "2025-10-01", "--tot", "31-09-2026"], "--tot: '31-09-2026' is geen geldige datum"),
        (["ml-tabel-1", "--van", "2025-10-01"], "Geef --van en --tot allebei"),
        (["ml-tabel-1", "--van", "2026-10-01", "--tot", "2026-09-30"], "ligt na"),
        (["ml-tabel-1", "--formaat", "pdf"], "Onbekend formaat 'pdf'"),
    ],
)
def test_errors_are_dutch_and_exit_2(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_dates_are_accepted_as_dd_mm_jjjj_and_jjjj_mm_dd(cli):
    """Issue 14 point 2: every CLI date through the one parser (kernel.dates)."""
    dutch = cli("ml-tabel-1", "--van", "01-10-2025", "--tot", "30-09-2026", "--formaat", "csv")
    iso = cli("ml-tabel-1", "--van", "2025-10-01", "--tot", "2026-09-30", "--formaat", "csv")
    assert dutch.exit_code == 0 and dutch.stdout == iso.stdout, dutch.output


def test_missing_preset_exits_2(cli):
    assert cli().exit_code == 2
