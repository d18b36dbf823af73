"""Exports: private files, formula injection neutralised, every export logged; the inzage."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from tests.factories import add_melding, add_persoon
from zvh_core.access import audit, exports
from zvh_core.meetings import bespreking, overleggen
from zvh_core.meetings.agenda import agenda_items
from zvh_core.privacy import inzage
from zvh_core.reports.export import to_csv, to_xlsx, write_export
from zvh_core.reports.periode import Periode
from zvh_core.reports.tabel import build_rapport


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+31 6 1234", "'+31 6 1234"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Roermond", "Roermond"),
        ("a=b", "a=b"),
        (12, 12),
        (-3, -3),
        ("", ""),
        (None, None),
    ],
)
def test_cells_that_a_spreadsheet_would_run_are_neutralised(value, expected):
    assert exports.neutralise(value) == expected


def test_csv_text_neutralises_every_text_cell():
    text = exports.csv_text(["naam", "=kop"], [['=HYPERLINK("x")', 5], ["ok", -1]])
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows == [["naam", "'=kop"], ['\'=HYPERLINK("x")', "5"], ["ok", "-1"]]


def test_report_csv_and_xlsx_neutralise_a_hostile_label(store, regio, tmp_path):
    hostile = regio.model_copy(update={"naam": "=cmd|' /C calc'!A0"})
    with store.read() as s:
        rapport = build_rapport(s, hostile, "ml-tabel-1", Periode(date(2026, 1, 1), date(2026, 3, 31)))
    from dataclasses import replace

    rapport = replace(rapport, titel="@evil")
    book = load_workbook(io.BytesIO(to_xlsx(rapport)))
    sheet = book.worksheets[0]
    assert sheet["A1"].value.startswith("'@evil")
    assert not any(isinstance(c.value, str) and c.value[:1] in "=+-@" for row in sheet.iter_rows() for c in row)
    assert not any(cell[:1] in "=+-@" for line in to_csv(rapport).splitlines() for cell in line.split(";") if cell)
    path = write_export(store, rapport, "csv", tmp_path / "x" / "r.csv")
    assert path.stat().st_mode & 0o777 == 0o600 and path.parent.stat().st_mode & 0o777 == 0o700
    with store.read() as s:
        entry = audit.entries_unchecked(s)[-1]
    assert entry.actie == "geexporteerd" and entry.object_type == "rapport" and str(path) in entry.details


def test_an_export_whose_log_fails_leaves_no_file(raw_store, tmp_path):
    # unbound: nobody is signed in, so the log entry cannot be written
    with pytest.raises(audit.AuditError):
        exports.export(raw_store, tmp_path / "f.md", "geheim", soort="test")
    assert not (tmp_path / "f.md").exists()


def test_inzage_names_every_source_and_who_looked(store, regio, tmp_path):
    with store.write() as s:
        p = add_persoon(
            s,
            achternaam="Inzage",
            voornamen="Ida",
            bsn="123456782",
            adres="Kerkstraat 1",
            postcode="6041AA",
            woonplaats="Roermond",
        )
        add_melding(
            s, datum=date(2026, 11, 2), personen=[p], extern_id="POL-1", aanbrenger="politie", grondslag="Convenant"
        )
    overleg = overleggen.open_overleg(store, regio, "routeertafel", date(2026, 11, 23), "V", ["vt", "amw"])
    with store.read() as s:
        (item,) = agenda_items(s, regio, overleg)
        bespreking.load_detail(s, regio, item.bespreking_id, today=date(2026, 11, 23))
    bespreking.set_bekendheid(store, regio, item.bespreking_id, "amw", code="bekend", notitie="Schuldhulp sinds 2025")
    bespreking.set_besluit(store, regio, item.bespreking_id, "amw", "AMW pakt op")
    path = inzage.write_inzage(store, regio, p.id, tmp_path / "inzage.md", today=date(2026, 11, 26))
    text = path.read_text(encoding="utf-8")
    assert path.stat().st_mode & 0o777 == 0o600
    assert "Ida Inzage" in text and "123456782" in text and "Kerkstraat 1" in text
    assert "aanbrenger: Politie; grondslag: Convenant" in text
    assert "bekend bij AMW (bron: Algemeen Maatschappelijk Werk): Schuldhulp sinds 2025" in text
    assert "Besluit: AMW — AMW pakt op" in text
    assert "| test | systeem | bekeken | melding" in text
    with store.read() as s:
        last = audit.entries_unchecked(s, persoon_id=p.id)[-1]
    assert last.actie == "inzage" and last.object_id == str(p.id)
    with pytest.raises(inzage.InzageError):
        inzage.write_inzage(store, regio, 9999, tmp_path / "x.md", today=date(2026, 11, 26))


def test_an_inzage_request_by_bsn_finds_the_one_person_and_refuses_the_rest(store):
    with store.write() as s:
        ida = add_persoon(s, achternaam="Inzage", voornamen="Ida", bsn="123456782")
        twice = [add_persoon(s, achternaam="Dubbel", voornamen="Do", bsn="458079005") for _ in range(2)]
    with store.read() as s:
        for printed in ("123456782", "123 456 782", "123.456.782"):  # as on a pass or a letter
            assert inzage.person_with_bsn(s, printed) == ida.id
        with pytest.raises(inzage.InzageError, match="BSN '12345678': verwacht 9 cijfers"):
            inzage.person_with_bsn(s, "12345678")
        with pytest.raises(inzage.InzageError, match="elfproef"):
            inzage.person_with_bsn(s, "123456789")
        with pytest.raises(inzage.InzageError, match="geen persoon met BSN 111222333"):
            inzage.person_with_bsn(s, "111222333")
        with pytest.raises(inzage.InzageError) as several:
            inzage.person_with_bsn(s, "458079005")
    assert f"({twice[0].id}, {twice[1].id})" in str(several.value) and "zvh personen dubbelen" in str(several.value)


def test_cli_inzage_and_bewaartermijn(store, regio, db_url, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from tui.cli.main import app
    from zvh_core.config.settings import get_settings

    with store.write() as s:
        p = add_persoon(s, achternaam="Cli", voornamen="Carla", bsn="123456782")
        add_melding(s, datum=date(2020, 1, 2), personen=[p])
    monkeypatch.setenv("ZVH_DATABASE_URL", db_url)
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        target = tmp_path / "uit" / "inzage.md"
        result = runner.invoke(app, ["inzage", str(p.id), "--uitvoer", str(target)])
        assert result.exit_code == 0, result.output
        assert target.stat().st_mode & 0o777 == 0o600 and "Carla Cli" in target.read_text(encoding="utf-8")
        by_bsn = runner.invoke(app, ["inzage", "--bsn", "123 456 782", "--uitvoer", str(tmp_path / "bsn.md")])
        assert by_bsn.exit_code == 0, by_bsn.output
        assert "Carla Cli" in (tmp_path / "bsn.md").read_text(encoding="utf-8")
        unknown = runner.invoke(app, ["inzage", "--bsn", "111222333", "--uitvoer", str(tmp_path / "geen.md")])
        assert unknown.exit_code == 1 and "geen persoon met BSN 111222333" in unknown.output
        assert not (tmp_path / "geen.md").exists()
        both = runner.invoke(app, ["inzage", str(p.id), "--bsn", "123456782", "--uitvoer", str(tmp_path / "b.md")])
        assert both.exit_code == 2 and "niet allebei" in both.output
        shown = runner.invoke(app, ["bewaartermijn"])
        assert shown.exit_code == 0 and "Meldingen zonder casus" in shown.output and ": 1" in shown.output
        assert "Niets verwijderd" in shown.output and "rapportages" in shown.output
        done = runner.invoke(app, ["bewaartermijn", "--uitvoeren"])
        assert done.exit_code == 0 and "Verwijderd" in done.output
        missing = runner.invoke(app, ["inzage", str(p.id), "--uitvoer", str(tmp_path / "x.md")])
        assert missing.exit_code == 1 and "bestaat niet" in missing.output
    finally:
        get_settings.cache_clear()
