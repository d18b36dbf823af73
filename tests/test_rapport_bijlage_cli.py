"""`zvh rapport bijlage` and the output rules of `zvh rapport`: formats, files (0600), clear refusals
naming the option (exit 2), an existing file refused unless --overschrijven (exit 1), dates in both formats."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from typer.testing import CliRunner

from tests.factories import add_casus, add_melding
from tui.cli.main import app
from zvh_core.config.regio import load_regio
from zvh_core.config.settings import get_settings
from zvh_core.kernel import clock

ML = ["Echt-Susteren", "Leudal", "Maasgouw", "Nederweert", "Roerdalen", "Roermond", "Weert"]


@pytest.fixture
def cli(db_url, store, monkeypatch, tmp_path):
    monkeypatch.setenv("ZVH_DATABASE_URL", db_url)
    monkeypatch.setenv("ZVH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("ZVH_REGIO", raising=False)
    monkeypatch.setattr(clock, "today", lambda: date(2026, 12, 3))
    get_settings.cache_clear()
    load_regio.cache_clear()
    with store.write() as s:
        add_melding(s, soort="overlast", datum=date(2025, 10, 1), gemeente="Leudal")
        add_melding(s, soort="verward_gedrag", datum=date(2026, 9, 30), gemeente="Leudal")
        add_melding(s, soort="overlast", datum=date(2026, 10, 1), gemeente="Leudal")  # report year 2027
        add_casus(s, thema="screening", gemeente="Leudal", geopend=date(2025, 3, 1), gesloten=date(2026, 2, 1))
        add_casus(s, thema="mensenhandel", gemeente="Weert", geopend=date(2026, 5, 1))
    runner = CliRunner()
    yield lambda *args: runner.invoke(app, ["rapport", *args])
    get_settings.cache_clear()
    load_regio.cache_clear()


def test_one_command_writes_the_whole_appendix_as_xlsx_and_pdf(cli, tmp_path):
    out = tmp_path / "uit" / "bijlage-2026.xlsx"
    result = cli("bijlage", "--jaar", "2026", "--formaat", "xlsx,pdf", "--uitvoer", str(out))
    assert result.exit_code == 0, result.output
    pdf = out.with_suffix(".pdf")
    assert f"Bijlage geschreven naar {out}" in result.stdout and f"Bijlage geschreven naar {pdf}" in result.stdout
    assert "7 gemeenten en de regio" in result.stdout
    assert out.stat().st_mode & 0o777 == 0o600 and pdf.stat().st_mode & 0o777 == 0o600
    book = load_workbook(out)
    assert book.sheetnames == [*ML, "Regio Midden-Limburg", "Toelichting"]
    leudal = [[c.value for c in row] for row in book["Leudal"].iter_rows()]
    assert ["Leudal", 2025, 4, 1, 1, 0, 0, 0] in [row[:8] for row in leudal]
    assert ["Leudal", "Totaal", None, 2, 1, 1, 0, 0] in [row[:8] for row in leudal]
    assert len(book["Leudal"]._charts) == 5
    texts = [page.extract_text() for page in PdfReader(pdf).pages]
    assert any("Cijfers per gemeente: Leudal\n" in t for t in texts)
    assert result.stderr == ""  # the year is over: no warning


def test_default_year_format_from_the_suffix_and_one_gemeente(cli, tmp_path):
    out = tmp_path / "leudal.pdf"
    result = cli("bijlage", "--gemeente", "leudal", "--uitvoer", str(out))
    assert result.exit_code == 0, result.output
    assert "rapportagejaar 2026 (01-10-2025 t/m 30-09-2026): 1 gemeente en de regio" in result.stdout
    texts = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Cijfers per gemeente: Leudal" in texts and "Cijfers per gemeente: Weert" not in texts

    result = cli("bijlage")
    assert result.exit_code == 0, result.output
    path = tmp_path / "data" / "exports" / "bijlage-ml-jaarverslag-2026.xlsx"
    assert path.exists() and str(path) in result.stdout


def test_an_unfinished_year_is_written_with_a_warning(cli, tmp_path):
    out = tmp_path / "lopend.xlsx"
    result = cli("bijlage", "--jaar", "2027", "--uitvoer", str(out))
    assert result.exit_code == 0, result.output
    assert "Let op: de periode is nog niet voorbij (zij loopt t/m 30-09-2027)" in result.stderr
    assert load_workbook(out)["Leudal"]["A4"].value.startswith("Let op: de periode is nog niet voorbij")


def test_an_existing_file_is_refused_unless_overschrijven(cli, tmp_path):
    out = tmp_path / "bijlage.xlsx"
    out.write_bytes(b"eerder geleverd")
    result = cli("bijlage", "--jaar", "2026", "--uitvoer", str(out))
    assert result.exit_code == 1  # a refused output file, as for every command (tests/test_never_destroy.py)
    assert f"Het bestand {out} bestaat al; er is niets overschreven." in result.stderr
    assert "--overschrijven" in result.stderr
    assert out.read_bytes() == b"eerder geleverd"
    result = cli("bijlage", "--jaar", "2026", "--uitvoer", str(out), "--overschrijven")
    assert result.exit_code == 0, result.output
    assert load_workbook(out).sheetnames[0] == "Echt-Susteren"

    table = tmp_path / "tabel.csv"
    table.write_text("oud", encoding="utf-8")
    result = cli("ml-tabel-1", "--formaat", "csv", "--uitvoer", str(table))
    assert result.exit_code == 1 and "bestaat al" in result.stderr
    assert table.read_text(encoding="utf-8") == "oud"
    assert cli("ml-tabel-1", "--formaat", "csv", "--uitvoer", str(table), "--overschrijven").exit_code == 0
    assert table.read_text(encoding="utf-8").startswith("gemeente;jaar;kwartaal")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--gemeente", "Sittard-Geleen"], "--gemeente: 'Sittard-Geleen' is geen gemeente van Midden-Limburg."),
        (["--jaar", "twintig"], "--jaar: 'twintig' is geen jaartal; gebruik vier cijfers"),
        (["--jaar", "2028"], "--jaar: rapportagejaar 2028 (01-10-2027 t/m 30-09-2028) is nog niet begonnen"),
        (["--jaar", "1999"], "--jaar: 1999 ligt voor 2000"),
        (["--formaat", "csv"], "--formaat: onbekend formaat 'csv' voor de bijlage. Kies uit: xlsx, pdf"),
        (["--van", "01-01-2026"], "--van/--tot: de bijlage telt altijd een heel rapportagejaar; geef --jaar JJJJ"),
        (["--formaat", "pdf", "--uitvoer", "x.xlsx"], "--uitvoer: x.xlsx eindigt niet op .pdf"),
    ],
)
def test_bad_input_is_refused_naming_the_option(cli, args, message):
    result = cli("bijlage", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_dates_in_both_formats_and_the_report_year_option(cli):
    dutch = cli("ml-tabel-1", "--van", "01-10-2025", "--tot", "30-09-2026", "--formaat", "csv")
    iso = cli("ml-tabel-1", "--van", "2025-10-01", "--tot", "2026-09-30", "--formaat", "csv")
    year = cli("ml-tabel-1", "--jaar", "2026", "--formaat", "csv")
    assert dutch.exit_code == iso.exit_code == year.exit_code == 0, dutch.output
    assert dutch.stdout == iso.stdout == year.stdout
    assert "Leudal;Totaal;;2;1;1;0;0" in dutch.stdout
    both = cli("ml-tabel-1", "--jaar", "2026", "--van", "01-10-2025", "--tot", "30-09-2026")
    assert both.exit_code == 2 and "Geef --jaar of --van en --tot, niet allebei." in both.stderr
    assert "--gemeente: kan alleen bij 'zvh rapport bijlage'" in cli("ml-tabel-1", "--gemeente", "Leudal").stderr


def test_a_table_workbook_says_when_by_whom_and_from_which_store(cli, tmp_path, db_url):
    out = tmp_path / "t.xlsx"
    result = cli("ml-tabel-1", "--jaar", "2027", "--formaat", "xlsx", "--uitvoer", str(out))
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out)["ml-tabel-1"]
    assert sheet["A2"].value == "Periode: 1 oktober 2026 t/m 30 september 2027"
    assert sheet["A3"].value.startswith("Let op: de periode is nog niet voorbij")
    assert "Aangemaakt op " in sheet["A3"].value and " door " in sheet["A3"].value and "bron: " in sheet["A3"].value
    assert "zvh:zvh@" not in sheet["A3"].value  # a database password never
    uitleg = {r[0].value: r[1].value for r in load_workbook(out)["Toelichting"].iter_rows() if r[0].value}
    assert uitleg["Aangemaakt door"] and uitleg["Bron (database)"]
