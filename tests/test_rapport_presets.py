"""Presets as data: their columns and order (domain.md §5), a regio's own tables, and the exports
(csv and xlsx read back), which never contain a name, BSN, address or birth date."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook

from tests.factories import add_casus, add_melding, add_persoon
from tui.cli.rapport import as_text
from zvh_core.config.rapport_definitie import RapportError
from zvh_core.config.regio import DEFAULT_REGIO_FILE, RegioError, parse_regio
from zvh_core.reports.export import to_csv, to_xlsx, write_export
from zvh_core.reports.periode import Periode
from zvh_core.reports.tabel import build_rapport

REPORT_YEAR = Periode(date(2025, 10, 1), date(2026, 9, 30))
ML = ["Echt-Susteren", "Leudal", "Maasgouw", "Nederweert", "Roerdalen", "Roermond", "Weert"]

EXPECTED_HEADERS = {
    "ml-tabel-1": [
        "gemeente",
        "jaar",
        "kwartaal",
        "Screening meldingen (alle meldingen samen)",
        "Screening cases",
        "Screening verward gedrag meldingen",
        "Verward gedrag cases",
        "Triage cases",
    ],
    "ml-tabel-2": [
        "gemeente",
        "jaar",
        "kwartaal",
        "Nazorg meldingen",
        "Nazorg cases",
        "Radicalisering meldingen",
        "Radicalisering cases",
        "PGA cases",
        "Top-X meldingen",
        "Top-X cases",
    ],
    "ml-personen": [
        "gemeente",
        "Nazorg meldingen",
        "Nazorg cases",
        "Nazorg unieke personen",
        "Radicalisering meldingen",
        "Radicalisering cases",
        "Radicalisering unieke personen",
        "PGA cases",
        "PGA unieke personen",
    ],
    "wm-producten": ["product", *ML, "Totaal"],
}


def build(store, regio, code, periode=REPORT_YEAR):
    with store.read() as session:
        return build_rapport(session, regio, code, periode)


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.mark.parametrize("code", list(EXPECTED_HEADERS))
def test_each_preset_has_the_columns_of_domain_md_in_order(store, regio, code):
    rapport = build(store, regio, code)
    assert list(rapport.header) == EXPECTED_HEADERS[code]
    assert read_csv(to_csv(rapport))[0] == EXPECTED_HEADERS[code]


@pytest.mark.parametrize("code", list(EXPECTED_HEADERS))
def test_each_workbook_heads_its_row_columns_with_labels_and_the_csv_with_the_contracts_keys(store, regio, code):
    rapport = build(store, regio, code)
    sheet = load_workbook(io.BytesIO(to_xlsx(rapport))).worksheets[0]
    header = [c.value for c in sheet[4]]
    keys = {"gemeente": "Gemeente", "jaar": "Jaar", "kwartaal": "Kwartaal", "product": "Product"}
    assert header == [keys.get(h, h) for h in EXPECTED_HEADERS[code]]
    assert not set(header) & set(keys), "no raw key heads a column in the workbook"
    assert read_csv(to_csv(rapport))[0][: len(rapport.kop)] == list(rapport.kop), "domain.md §5 fixes the CSV's"


def test_preset_measures_are_the_defined_ones(regio):
    defs = regio.alle_rapporten
    first = defs["ml-tabel-1"].cijfers[0]
    assert (first.maat, set(first.soorten)) == (
        "meldingen",
        {"overlast", "crimineel", "huiselijk_geweld", "kindermishandeling", "verward_gedrag", "overig"},
    )
    assert [(c.maat, c.thema or c.soorten) for c in defs["wm-producten"].cijfers] == [
        ("casussen", "pga"),
        ("nieuwe_casussen", "pga"),
        ("casussen", "regieteam"),
        ("meldingen", ("detentie",)),
        ("casussen", "radicalisering"),
        ("meldingen", ("vt_informatie_uitvraag",)),
        ("casussen", "huisverbod"),
        ("meldingen", ("wvggz",)),
        ("casussen", "wvggz"),
    ]
    assert [(c.maat, c.thema or c.soorten) for c in defs["ml-personen"].cijfers] == [
        ("meldingen", ("detentie",)),
        ("casussen", "nazorg"),
        ("personen", "nazorg"),
        ("meldingen", ("radicalisering",)),
        ("casussen", "radicalisering"),
        ("personen", "radicalisering"),
        ("casussen", "pga"),
        ("personen", "pga"),
    ]


def test_rows_of_the_quarter_layout(store, regio):
    rapport = build(store, regio, "ml-tabel-1")
    kop = [rij.kop for rij in rapport.rijen]
    quarters = [("2025", "4"), ("2026", "1"), ("2026", "2"), ("2026", "3")]
    assert kop == [
        *[row for g in ML for row in [*((g, j, k) for j, k in quarters), (g, "Totaal", "")]],
        ("Totaal", "", ""),
    ]
    assert [rij.totaal for rij in rapport.rijen].count(True) == len(ML) + 1


def test_unknown_preset_is_a_dutch_error(store, regio):
    with pytest.raises(RapportError, match=r"Onbekend rapport 'ml-tabel-9'.*ml-tabel-1"):
        build(store, regio, "ml-tabel-9")


# --- a regio's own tables -----------------------------------------------------------------------------
OWN_TABLE = """
[rapporten.eigen-e33]
titel = "E33 per gemeente"
indeling = "gemeenten"

[[rapporten.eigen-e33.cijfers]]
label = "E33 meldingen"
maat = "meldingen"
soorten = ["verward_gedrag"]

[[rapporten.eigen-e33.cijfers]]
label = "Nieuwe verward-gedragcases"
maat = "nieuwe_casussen"
thema = "verward_gedrag"
"""


def regio_with(tmp_path, extra: str):
    path = tmp_path / "regio.toml"
    path.write_text(DEFAULT_REGIO_FILE.read_text(encoding="utf-8") + "\n" + extra, encoding="utf-8")
    return parse_regio(path)


def test_a_regio_file_adds_its_own_table(store, tmp_path):
    regio = regio_with(tmp_path, OWN_TABLE)
    assert list(regio.alle_rapporten) == [
        "ml-tabel-1", "ml-tabel-2", "ml-personen", "wm-producten", "casussen-overzicht", "casussen-kwartalen",
        "eigen-e33",
    ]  # fmt: skip
    with store.write() as s:
        add_melding(s, soort="verward_gedrag", datum=date(2026, 3, 3), gemeente="Weert")
        add_casus(s, thema="verward_gedrag", gemeente="Weert", geopend=date(2026, 3, 4))
    rapport = build(store, regio, "eigen-e33")
    assert read_csv(to_csv(rapport))[0] == ["gemeente", "E33 meldingen", "Nieuwe verward-gedragcases"]
    assert ["Weert", "1", "1"] in read_csv(to_csv(rapport))
    assert read_csv(to_csv(rapport))[-1] == ["Totaal", "1", "1"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (OWN_TABLE.replace('maat = "meldingen"', 'maat = "aantallen"'), "rapporten.eigen-e33.cijfers.0.maat"),
        (
            OWN_TABLE.replace('["verward_gedrag"]', '["verward"]'),
            "rapporten.eigen-e33.cijfers.0.soorten: onbekende soort 'verward'",
        ),
        (
            OWN_TABLE.replace('thema = "verward_gedrag"', 'thema = "e33"'),
            "rapporten.eigen-e33.cijfers.1.thema: onbekend thema 'e33'",
        ),
        (
            OWN_TABLE.replace('thema = "verward_gedrag"', ""),
            "rapporten.eigen-e33.cijfers.1: maat 'nieuwe_casussen' heeft 'thema' nodig",
        ),
        (
            OWN_TABLE.replace('label = "E33 meldingen"', 'label = "Nieuwe verward-gedragcases"'),
            "rapporten.eigen-e33: label 'Nieuwe verward-gedragcases' staat er twee keer in",
        ),
        (OWN_TABLE.replace('indeling = "gemeenten"', 'indeling = "maanden"'), "rapporten.eigen-e33.indeling"),
        (OWN_TABLE.replace('titel = "E33 per gemeente"', 'titel = "x"\nkleur = "rood"'), "rapporten.eigen-e33.kleur"),
        (OWN_TABLE.replace("eigen-e33", "Eigen_E33"), "rapporten.Eigen_E33: een rapportnaam"),
    ],
)
def test_a_bad_own_table_is_refused_naming_the_key(tmp_path, extra, message):
    with pytest.raises(RegioError) as error:
        regio_with(tmp_path, extra)
    assert message in str(error.value)


# --- exports ------------------------------------------------------------------------------------------
@pytest.fixture
def figures(store):
    with store.write() as s:
        add_melding(s, soort="overlast", datum=date(2025, 10, 1), gemeente="Roermond")
        add_melding(s, soort="verward_gedrag", datum=date(2026, 9, 30), gemeente="Roermond")
        add_melding(s, soort="verward_gedrag", datum=date(2026, 9, 30), gemeente="Weert")
        add_casus(s, thema="screening", gemeente="Roermond", geopend=date(2025, 12, 1), gesloten=date(2026, 4, 1))


def test_csv_layout_reads_back(store, regio, figures):
    rows = read_csv(to_csv(build(store, regio, "ml-tabel-1")))
    assert rows[0][:3] == ["gemeente", "jaar", "kwartaal"]
    body = {tuple(r[:3]): [int(v) for v in r[3:]] for r in rows[1:]}
    assert body[("Roermond", "2025", "4")] == [1, 1, 0, 0, 0]
    assert body[("Roermond", "2026", "1")] == [0, 1, 0, 0, 0]
    assert body[("Roermond", "2026", "2")] == [0, 1, 0, 0, 0]
    assert body[("Roermond", "2026", "3")] == [1, 0, 1, 0, 0]
    assert body[("Roermond", "Totaal", "")] == [2, 1, 1, 0, 0]
    assert body[("Weert", "Totaal", "")] == [1, 0, 1, 0, 0]
    assert body[("Totaal", "", "")] == [3, 1, 2, 0, 0]
    text = to_csv(build(store, regio, "ml-tabel-1"))
    assert "\nRoermond;Totaal;;2;1;1;0;0\n" in text
    assert text.endswith("\nTotaal;;;3;1;2;0;0\n")


def test_csv_of_the_other_layouts(store, regio, figures):
    personen = read_csv(to_csv(build(store, regio, "ml-personen")))
    assert [r[0] for r in personen] == ["gemeente", *ML, "Totaal"]
    producten = read_csv(to_csv(build(store, regio, "wm-producten")))
    assert [r[0] for r in producten] == [
        "product",
        "PGA behandeld",
        "PGA aangemeld",
        "Regieteam",
        "Detentie meldingen",
        "Radicalisering",
        "Veilig Thuis informatie uitvraag",
        "Huisverboden",
        "WVGGZ meldingen",
        "WVGGZ verkennende onderzoeken",
    ]
    assert all(len(r) == len(ML) + 2 for r in producten)


def test_xlsx_reads_back(store, regio, figures, tmp_path):
    rapport = build(store, regio, "ml-tabel-1")
    path = write_export(store, rapport, "xlsx", tmp_path / "out" / "r.xlsx")
    assert path.stat().st_mode & 0o777 == 0o600
    book = load_workbook(path)
    assert book.sheetnames == ["ml-tabel-1", "Toelichting"]
    sheet = book["ml-tabel-1"]
    assert "melding en triage" in sheet["A1"].value
    assert sheet["A2"].value == "Periode: 1 oktober 2025 t/m 30 september 2026"
    header = [c.value for c in sheet[4]]
    # The workbook heads its row-naming columns with labels; the CSV keeps domain.md §5's keys.
    assert header == ["Gemeente", "Jaar", "Kwartaal", *EXPECTED_HEADERS["ml-tabel-1"][3:]]
    assert all(c.font.bold for c in sheet[4])
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    csv_rows = read_csv(to_csv(rapport))[1:]
    assert len(rows) == len(csv_rows)
    assert rows[5] == ["Leudal", 2025, 4, 0, 0, 0, 0, 0]
    roermond_totaal = next(r for r in sheet.iter_rows(min_row=5) if r[0].value == "Roermond" and r[1].value == "Totaal")
    assert [c.value for c in roermond_totaal] == ["Roermond", "Totaal", None, 2, 1, 1, 0, 0]
    assert roermond_totaal[0].font.bold
    assert [c.value for c in sheet[sheet.max_row]] == ["Totaal", None, None, 3, 1, 2, 0, 0]
    assert sheet.column_dimensions["A"].width >= len("Echt-Susteren")
    assert sheet.freeze_panes == "D5"
    assert book["Toelichting"]["A2"].value == "Screening meldingen (alle meldingen samen)"


def test_csv_export_file_is_private(store, regio, figures, tmp_path):
    rapport = build(store, regio, "wm-producten")
    path = write_export(store, rapport, "csv", tmp_path / "r.csv")
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.read_text(encoding="utf-8") == to_csv(rapport)


# --- no names -----------------------------------------------------------------------------------------
SECRETS = ["Zwanenburg", "Quirijntje", "Xerxandra", "111222333", "Kanaalweg", "6041", "Krommenie", "1977", "07-07-1977"]


def test_no_report_or_export_contains_a_name_bsn_address_or_birth_date(store, regio, tmp_path):
    with store.write() as s:
        person = add_persoon(
            s,
            achternaam="Zwanenburg",
            voornamen="Quirijntje Xerxandra",
            geboortedatum=date(1977, 7, 7),
            bsn="111222333",
            adres="Kanaalweg 99",
            postcode="6041 XX",
            woonplaats="Krommenie",
        )
        for thema in ("nazorg", "radicalisering", "pga", "screening", "regieteam"):
            add_casus(
                s,
                thema=thema,
                gemeente="Roermond",
                geopend=date(2026, 1, 5),
                personen=[person],
                procesregisseur="Zwanenburg",
            )
        for soort in ("detentie", "radicalisering", "overlast", "verward_gedrag", "top_x"):
            add_melding(
                s,
                soort=soort,
                datum=date(2026, 2, 2),
                gemeente="Roermond",
                personen=[person],
                omschrijving="Zwanenburg, Kanaalweg 99, Krommenie",
            )
    for code in regio.alle_rapporten:
        rapport = build(store, regio, code)
        assert any(v for rij in rapport.rijen for v in rij.waarden)  # the person's data is counted …
        xlsx = zipfile.ZipFile(io.BytesIO(to_xlsx(rapport)))
        xml = "".join(xlsx.read(name).decode("utf-8") for name in xlsx.namelist())
        for output in (as_text(rapport), to_csv(rapport), xml, repr(rapport)):
            for secret in SECRETS:  # … but nothing of who they are
                assert secret not in output, (code, secret)
