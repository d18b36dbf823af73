"""`zvh import casussen`: the casussen.csv contract (domain.md §4), all-or-nothing, idempotent, with
person matching and links to meldingen already stored."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from tests.factories import add_melding, add_persoon
from tests.test_import_meldingen import valid_bsns
from tui.cli.main import app
from zvh_core.config.regio import load_regio
from zvh_core.config.settings import get_settings
from zvh_core.imports.casussen import import_casussen
from zvh_core.kernel.models import Casus, CasusMelding, CasusPersoon, Persoon
from zvh_core.persons.history import casussen_of

COLUMNS = "extern_id;thema;gemeente;geopend;gesloten;procesregisseur;melding_extern_ids;achternaam;tussenvoegsel;voornamen;geboortedatum;bsn"
BSN_A, BSN_B = valid_bsns(2, start=30_000_000)


def row(**values: str) -> str:
    v = dict(id="C-1", thema="pga", gemeente="Roermond", geopend="2023-01-10", gesloten="", regisseur="", meldingen="",
             achternaam="", tv="", voornamen="", geb="", bsn="")  # fmt: skip
    v.update(values)
    return ";".join(
        v[k] for k in ("id", "thema", "gemeente", "geopend", "gesloten", "regisseur", "meldingen", "achternaam", "tv",
                       "voornamen", "geb", "bsn")
    )  # fmt: skip


def csv_text(*rows: str, header: str = COLUMNS) -> str:
    return "\n".join((header, *rows)) + "\n"


@pytest.fixture
def write(tmp_path: Path):
    counter = iter(range(1_000_000))

    def _write(text: str | bytes) -> Path:
        path = tmp_path / f"casussen-{next(counter)}.csv"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return path

    return _write


@pytest.fixture
def run(store, regio, write):
    def _run(text: str | bytes, *, dry_run: bool = False):
        return import_casussen(store, regio, write(text), dry_run=dry_run, today=date(2025, 6, 1))

    return _run


@pytest.fixture
def meldingen(store):
    with store.write() as s:
        jan = add_persoon(
            s, achternaam="Berg", voornamen="Jan", geboortedatum=date(1980, 1, 2), tussenvoegsel="van den"
        )
        add_melding(s, extern_id="M-1", datum=date(2022, 12, 1), personen=[jan])
        add_melding(s, extern_id="M-2", datum=date(2023, 1, 5))
        add_melding(s, extern_id="DUBBEL", bron="politie")
        add_melding(s, extern_id="DUBBEL", bron="om")
    return jan


def snapshot(store) -> dict[str, list]:
    with store.read() as s:
        return {
            "casussen": [c.model_dump() for c in s.exec(select(Casus).order_by(Casus.id))],
            "personen": [p.model_dump() for p in s.exec(select(Persoon).order_by(Persoon.id))],
            "cp": sorted((x.casus_id, x.persoon_id) for x in s.exec(select(CasusPersoon))),
            "cm": sorted((x.casus_id, x.melding_id) for x in s.exec(select(CasusMelding))),
        }


VALID = csv_text(
    row(id="C-1", thema="PGA", gemeente="roermond", geopend="10-01-2023", regisseur="Eva", meldingen="M-1|M-2",
        achternaam="Berg", tv="Van den", voornamen="J.", geb="1980-01-02"),
    row(id="C-1", thema="PGA", gemeente="roermond", geopend="10-01-2023", regisseur="Eva", meldingen="M-1|M-2",
        achternaam="Berg", voornamen="Marie", geb="1982-02-02", bsn=BSN_A),
    row(id="C-2", thema="nazorg", gemeente="Weert", geopend="2022-03-01", gesloten="2022-12-31"),
)  # fmt: skip


def test_valid_file_stores_casussen_persons_and_links(run, store, meldingen):
    result = run(VALID)
    assert result.ok, result.errors
    assert (result.rows_read, result.casussen_new, result.casussen_existing, result.meldingen_linked) == (3, 2, 0, 2)
    assert (result.persons_new, result.persons_recognised) == (1, 1)
    assert result.summary_lines() == [
        "3 regels gelezen.",
        "Casussen: 2 nieuw, 0 al aanwezig; 2 meldingen gekoppeld. Personen: 1 nieuw, 1 herkend.",
    ]
    with store.read() as s:
        c1 = s.exec(select(Casus).where(Casus.extern_id == "C-1")).one()
        c2 = s.exec(select(Casus).where(Casus.extern_id == "C-2")).one()
        assert (c1.thema, c1.gemeente, c1.geopend, c1.gesloten, c1.procesregisseur) == (
            "pga",
            "Roermond",
            date(2023, 1, 10),
            None,
            "Eva",
        )
        assert (c2.thema, c2.gesloten) == ("nazorg", date(2022, 12, 31))
        persons = s.exec(select(CasusPersoon.persoon_id).where(CasusPersoon.casus_id == c1.id)).all()
        assert meldingen.id in persons and len(persons) == 2
        assert len(s.exec(select(CasusMelding).where(CasusMelding.casus_id == c1.id)).all()) == 2
        assert [c.id for c in casussen_of(s, [meldingen.id])] == [c1.id], "shows in the person's history"


def test_same_file_twice_stores_nothing_twice(run, store, meldingen):
    run(VALID)
    before = snapshot(store)
    again = run(VALID)
    assert again.ok
    assert (again.casussen_new, again.casussen_existing, again.persons_new, again.meldingen_linked) == (0, 2, 0, 0)
    assert snapshot(store) == before


def test_dry_run_reports_and_stores_nothing(run, store, meldingen):
    before = snapshot(store)
    trial = run(VALID, dry_run=True)
    assert trial.ok and trial.casussen_new == 2
    assert trial.summary_lines()[-1] == "Proefimport: er is niets opgeslagen."
    assert snapshot(store) == before


@pytest.mark.parametrize(
    ("bad_row", "expected"),
    [
        (row(id="X", thema="zorg"), "regel 3, kolom thema: onbekende thema 'zorg' (geldig: screening, verward_gedrag, "
         "triage, nazorg, radicalisering, pga, top_x, mensenhandel, levensloop, huisverbod, wvggz, regieteam)"),
        (row(id="X", gemeente="Sittard"), "regel 3, kolom gemeente: onbekende gemeente 'Sittard' (niet in regio Midden-Limburg)"),
        (row(id="X", geopend=""), "regel 3, kolom geopend: waarde ontbreekt (verplicht)"),
        (row(id="X", geopend="2023-02-30"), "regel 3, kolom geopend: ongeldige datum '2023-02-30' (verwacht JJJJ-MM-DD of DD-MM-JJJJ)"),
        (row(id="X", geopend="2023-05-01", gesloten="2023-04-01"), "regel 3, kolom gesloten: ligt vóór geopend (2023-05-01)"),
        (row(id="X", meldingen="M-1|M-404"),
         "regel 3, kolom melding_extern_ids: melding 'M-404' staat niet in de database (lees eerst de meldingen in)"),
        (row(id="X", meldingen="DUBBEL"),
         "regel 3, kolom melding_extern_ids: melding 'DUBBEL' is niet eenduidig: dit nummer bestaat bij meer bronnen (om, politie)"),
        (row(id="OK-1", thema="nazorg", meldingen="M-2"), "regel 3, kolom thema: wijkt af van regel 2 voor dezelfde casus (extern_id 'OK-1')"),
        (row(id="X", achternaam="Vos", bsn="123456789"), "regel 3, kolom bsn: ongeldig BSN '123456789' (elfproef klopt niet)"),
        ("X;pga;Roermond", "regel 3: 3 velden, terwijl de kopregel er 12 heeft"),
    ],
    ids=["unknown-thema", "unknown-gemeente", "no-geopend", "bad-date", "closed-before-opened", "missing-melding",
         "ambiguous-melding", "inconsistent-repeat", "bad-bsn", "too-few-fields"],
)  # fmt: skip
def test_an_invalid_row_is_named_and_nothing_is_stored(run, store, meldingen, bad_row, expected):
    run(VALID)
    before = snapshot(store)
    result = run(csv_text(row(id="OK-1", meldingen="M-2"), bad_row, row(id="OK-2")))
    assert [str(e) for e in result.errors] == [expected]
    assert result.summary_lines() == ["3 regels gelezen.", "Niets opgeslagen: 1 ongeldige regel."]
    assert snapshot(store) == before


def test_missing_required_column_is_reported_at_the_header(run, store):
    result = run(csv_text(row(), header=COLUMNS.replace("thema;", "Thema;")))
    assert [str(e) for e in result.errors] == [
        "regel 1, kolom thema: verplichte kolom ontbreekt in de kopregel (wel 'Thema'; schrijf de kolomnaam precies zo: 'thema')"
    ]


@pytest.fixture
def cli(db_url, monkeypatch):
    monkeypatch.setenv("ZVH_DATABASE_URL", db_url)
    monkeypatch.delenv("ZVH_REGIO", raising=False)
    get_settings.cache_clear()
    load_regio.cache_clear()
    runner = CliRunner()
    yield lambda *args: runner.invoke(app, ["import", "casussen", *map(str, args)])
    get_settings.cache_clear()
    load_regio.cache_clear()


def test_cli_imports_then_finds_everything_present(cli, write, store, meldingen):
    path = write(VALID)
    first = cli(path, "--dry-run")
    assert first.exit_code == 0, first.output
    assert first.output.splitlines()[-1] == "Proefimport: er is niets opgeslagen."
    assert cli(path).exit_code == 0
    again = cli(path)
    assert again.exit_code == 0
    assert again.output.splitlines()[1].startswith("Casussen: 0 nieuw, 2 al aanwezig;")


def test_cli_malformed_file_exits_1_naming_the_rows(cli, write, store, meldingen):
    result = cli(write(csv_text(row(id="A", meldingen="NOPE"), row(id="B"), row(id="C", gemeente="Utrecht"))))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "regel 2, kolom melding_extern_ids: melding 'NOPE' staat niet in de database (lees eerst de meldingen in)",
        "regel 4, kolom gemeente: onbekende gemeente 'Utrecht' (niet in regio Midden-Limburg)",
        "3 regels gelezen.",
        "Niets opgeslagen: 2 ongeldige regels.",
    ]
    with store.read() as s:
        assert s.exec(select(Casus)).all() == []


def test_cli_missing_file_exits_2(cli, tmp_path):
    result = cli(tmp_path / "weg.csv")
    assert result.exit_code == 2 and "Bestand niet gevonden:" in result.output
