"""The jaarverslag appendix (issue 15) on the hand-counted registration of test_rapport_handgeteld.

Every number in a section is checked against the hand-counted tables typed in there (a gemeente's rows of
ml-tabel-1, ml-tabel-2 and ml-personen), every chart against the cells it is bound to and against the same
hand counts, the year before against a hand count below, the PDF's pages by their text, and no output may
hold a name, BSN, address or birth date.

Report year 2026 = 2025-10-01 … 2026-09-30; the year before = 2024-10-01 … 2025-09-30. Casussen that ran in
the year before, counted by hand from CASUSSEN: Roermond C01, C02 (screening), C07 (triage); Weert C15
(pga), C20 (radicalisering); none elsewhere.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests import test_rapport_handgeteld as handgeteld
from tests.factories import add_casus, add_melding, add_persoon
from zvh_core.access import audit
from zvh_core.config.rapport_definitie import RapportError
from zvh_core.kernel import clock
from zvh_core.privacy import retention
from zvh_core.reports import bijlage_pdf, bijlage_xlsx
from zvh_core.reports.bijlage import build_bijlage, choose_gemeenten, parse_year
from zvh_core.reports.export import write_bijlage

ML = ["Echt-Susteren", "Leudal", "Maasgouw", "Nederweert", "Roerdalen", "Roermond", "Weert"]
TODAY = date(2026, 11, 26)
SECRETS = ["Zwanenburg", "Quirijntje", "111222333", "Kanaalweg", "6041", "Krommenie", "1977", "07-07-1977"]
CASUS_LABELS = ["Screening", "Verward gedrag", "Triage", "Nazorg", "Radicalisering", "PGA", "Top-X", "Mensenhandel"]
VORIG_JAAR = {  # hand count, see the module docstring
    "Roermond": [2, 0, 1, 0, 0, 0, 0, 0],
    "Weert": [0, 0, 0, 0, 1, 1, 0, 0],
    "Regio Midden-Limburg": [2, 0, 1, 0, 1, 1, 0, 0],
}


def hand_table(code: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(handgeteld.EXPECTED[code]), delimiter=";"))


def hand_rows(code: str, gemeente: str) -> list[list[str | int]]:
    """The hand-counted rows of ``gemeente`` as the appendix shows them (numbers as numbers)."""
    return [[int(c) if c.isdigit() else c for c in row] for row in hand_table(code)[1:] if row[0] == gemeente]


def hand_column(code: str, gemeente: str, label: str) -> list[int]:
    """One hand-counted column of a gemeente: its quarters, then its Totaal."""
    header = hand_table(code)[0]
    return [int(r[header.index(label)]) for r in hand_table(code)[1:] if r[0] == gemeente]


@pytest.fixture
def registration(store):
    """The registration of test_rapport_handgeteld; person P1 carries everything that must never show."""
    with store.write() as s:
        persons = {
            f"P{n}": add_persoon(s, achternaam=f"Achternaam{n}", geboortedatum=date(1980, n, n)) for n in range(2, 9)
        }
        persons["P1"] = add_persoon(
            s,
            achternaam="Zwanenburg",
            voornamen="Quirijntje",
            geboortedatum=date(1977, 7, 7),
            bsn="111222333",
            adres="Kanaalweg 99",
            postcode="6041 XX",
            woonplaats="Krommenie",
        )
        for line in handgeteld.MELDINGEN.strip().splitlines():
            extern_id, datum, soort, gemeente = line.split()
            add_melding(
                s,
                extern_id=extern_id,
                datum=date.fromisoformat(datum),
                soort=soort,
                gemeente=gemeente,
                personen=[persons["P1"]],
                omschrijving="Zwanenburg, Kanaalweg 99, Krommenie",
            )
        for line in handgeteld.CASUSSEN.strip().splitlines():
            extern_id, thema, gemeente, geopend, gesloten, who = line.split()
            add_casus(
                s,
                extern_id=extern_id,
                thema=thema,
                gemeente=gemeente,
                geopend=date.fromisoformat(geopend),
                gesloten=None if gesloten == "-" else date.fromisoformat(gesloten),
                personen=[] if who == "-" else [persons[p] for p in who.split(",")],
            )


def build(store, regio, jaar=2026, gemeenten=(), today=TODAY):
    with store.read() as session:
        return build_bijlage(session, regio, jaar, tuple(gemeenten), today=today)


# --- the numbers --------------------------------------------------------------------------------------
@pytest.mark.parametrize("gemeente", ["Roermond", "Weert", "Leudal", "Echt-Susteren", "Maasgouw"])
def test_each_section_holds_its_gemeentes_hand_counted_rows(store, regio, registration, gemeente):
    bijlage = build(store, regio)
    assert [s.naam for s in bijlage.secties] == [*ML, "Regio Midden-Limburg"]
    sectie = next(s for s in bijlage.secties if s.gemeente == gemeente)
    assert [t.code for t in sectie.tabellen] == ["ml-tabel-1", "ml-tabel-2", "ml-personen"]
    for tabel in sectie.tabellen:
        got = [[*(int(k) if k.isdigit() else k for k in r.kop), *r.waarden] for r in tabel.rijen]
        expected = [[c if c != "" else "" for c in row] for row in hand_rows(tabel.code, gemeente)]
        assert got == expected, tabel.code
        assert tabel.kop[0] == "Gemeente" and "gemeente" not in tabel.header  # labels, never raw keys


def test_the_regio_section_sums_the_gemeenten(store, regio, registration):
    regio_sectie = build(store, regio).secties[-1]
    assert regio_sectie.gemeente is None
    tabel_1 = regio_sectie.tabellen[0]
    quarters = [list(r.waarden) for r in tabel_1.rijen if not r.totaal]
    # per quarter the sum of the hand-counted gemeente rows …
    for q, got in enumerate(quarters):
        rows = [r for r in hand_table("ml-tabel-1")[1:] if r[0] in ML and r[1] != "Totaal"][q::4]
        assert got == [sum(int(r[c]) for r in rows) for c in range(3, 8)]
    # … and the Totaal is the hand-counted regional Totaal (never a sum of quarters of casussen)
    assert list(tabel_1.rijen[-1].waarden) == [11, 3, 4, 2, 1]
    personen = regio_sectie.tabellen[2]
    assert [r.kop[0] for r in personen.rijen] == [*ML, "Totaal"]
    assert list(personen.rijen[-1].waarden) == [3, 3, 3, 2, 2, 2, 3, 3]


def test_charts_carry_the_hand_counted_figures(store, regio, registration):
    bijlage = build(store, regio)
    roermond = next(s for s in bijlage.secties if s.gemeente == "Roermond")
    meldingen, kwartaal_jaren, screening, kaders, jaren = roermond.grafieken
    assert meldingen.titel == "Roermond meldingen per kwartaal"
    assert meldingen.categorieen == ("2025 K4", "2026 K1", "2026 K2", "2026 K3")
    series = dict(meldingen.reeksen)
    assert (
        list(series["Screening meldingen (alle meldingen samen)"])
        == hand_column("ml-tabel-1", "Roermond", "Screening meldingen (alle meldingen samen)")[:4]
    )
    assert list(series["Nazorg meldingen"]) == hand_column("ml-tabel-2", "Roermond", "Nazorg meldingen")[:4]
    assert list(dict(screening.reeksen)["Triage"]) == hand_column("ml-tabel-1", "Roermond", "Triage cases")[:4]
    assert list(dict(kaders.reeksen)["PGA"]) == hand_column("ml-tabel-2", "Roermond", "PGA cases")[:4]
    assert list(dict(kaders.reeksen)["Mensenhandel"]) == [0, 0, 0, 0]
    assert jaren.categorieen == tuple(CASUS_LABELS)
    assert [name for name, _ in jaren.reeksen] == ["Rapportagejaar 2025", "Rapportagejaar 2026"]
    assert list(jaren.reeksen[0][1]) == VORIG_JAAR["Roermond"]
    # this year: the Totaal (distinct casussen), e.g. two PGA casussen although four quarters hold five
    assert list(jaren.reeksen[1][1]) == [2, 1, 1, 2, 1, 2, 1, 0]
    weert = next(s for s in bijlage.secties if s.gemeente == "Weert")
    assert list(weert.grafieken[4].reeksen[0][1]) == VORIG_JAAR["Weert"]
    assert list(bijlage.secties[-1].grafieken[4].reeksen[0][1]) == VORIG_JAAR["Regio Midden-Limburg"]
    # per quarter against the same quarter a year before: M01 (2025-09-30, K3 of report year 2025)
    assert kwartaal_jaren.titel == "Roermond meldingen per kwartaal, tegen het jaar ervoor"
    assert kwartaal_jaren.categorieen == ("K4", "K1", "K2", "K3")
    assert kwartaal_jaren.reeksen == (
        ("Rapportagejaar 2025", (0, 0, 0, 1)),
        (
            "Rapportagejaar 2026",
            tuple(hand_column("ml-tabel-1", "Roermond", "Screening meldingen (alle meldingen samen)")[:4]),
        ),
    )


def test_chosen_gemeenten_and_bad_choices(store, regio, registration):
    bijlage = build(store, regio, gemeenten=choose_gemeenten(regio, ["weert", "Roermond", "WEERT"]))
    assert [s.naam for s in bijlage.secties] == ["Weert", "Roermond", "Regio Midden-Limburg"]
    with pytest.raises(RapportError, match=r"--gemeente: 'Sittard' is geen gemeente van Midden-Limburg\. Kies uit"):
        choose_gemeenten(regio, ["Roermond", "Sittard"])
    with pytest.raises(RapportError, match="--jaar: '26' is geen jaartal"):
        parse_year("26", TODAY)
    with pytest.raises(RapportError, match=r"--jaar: rapportagejaar 2028 .* is nog niet begonnen"):
        parse_year("2028", TODAY)
    assert parse_year("2027", TODAY) == 2027  # begun on 1 October 2026: allowed, with a warning


# --- the workbook -------------------------------------------------------------------------------------
def _resolve(book, ref: str) -> list:
    sheet_name, cells = ref.rsplit("!", 1)
    sheet = book[sheet_name.strip("'")]
    rows = sheet[cells.replace("$", "")]
    rows = rows if isinstance(rows, tuple) else ((rows,),)
    return [c.value for row in rows for c in (row if isinstance(row, tuple) else (row,))]


def _title(chart) -> str:
    return "".join(run.t for p in chart.title.tx.rich.p for run in (p.r or []))


def test_xlsx_has_a_sheet_per_gemeente_with_tables_and_bound_native_charts(store, regio, registration, tmp_path):
    bijlage = build(store, regio)
    path = write_bijlage(store, bijlage, "xlsx", tmp_path / "uit" / "bijlage.xlsx")
    assert path.stat().st_mode & 0o777 == 0o600
    with store.read() as s:
        logged = audit.entries_unchecked(s)[-1]
    assert logged.actie == "geexporteerd" and logged.object_type == "bijlage" and str(path) in logged.details
    book = load_workbook(path)
    assert book.sheetnames == [*ML, "Regio Midden-Limburg", "Toelichting"]
    sheet = book["Roermond"]
    assert sheet["A1"].value == "Cijfers per gemeente: Roermond"
    assert sheet["A2"].value == "Rapportagejaar 2026: 1 oktober 2025 t/m 30 september 2026"
    assert sheet["A3"].value.startswith("Aangemaakt op ") and "door test" in sheet["A3"].value
    assert "bron: " in sheet["A3"].value
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = values.index(["Gemeente", "Jaar", "Kwartaal", *hand_table("ml-tabel-1")[0][3:]] + [None] * 2)
    body = [[v for v in row if v is not None] for row in values[header + 1 : header + 6]]
    assert body == [[c for c in row if c != ""] for row in hand_rows("ml-tabel-1", "Roermond")]

    charts = sheet._charts
    assert [_title(c) for c in charts] == [
        "Roermond meldingen per kwartaal",
        "Roermond meldingen per kwartaal, tegen het jaar ervoor",
        "Roermond casus screening",
        "Roermond casus specifieke kaders",
        "Roermond met totaal aantal cases, tegen het jaar ervoor",
    ]
    first = charts[0]
    assert first.tagname == "barChart" and first.type == "col"
    assert _resolve(
        book, first.series[0].cat.strRef.f if first.series[0].cat.strRef else first.series[0].cat.numRef.f
    ) == [
        "2025 K4",
        "2026 K1",
        "2026 K2",
        "2026 K3",
    ]
    bound = {_resolve(book, s.tx.strRef.f)[0]: _resolve(book, s.val.numRef.f) for s in first.series}
    assert (
        bound["Screening meldingen (alle meldingen samen)"]
        == hand_column("ml-tabel-1", "Roermond", "Screening meldingen (alle meldingen samen)")[:4]
    )
    assert bound["Top-X meldingen"] == hand_column("ml-tabel-2", "Roermond", "Top-X meldingen")[:4]
    jaren = {_resolve(book, s.tx.strRef.f)[0]: _resolve(book, s.val.numRef.f) for s in charts[4].series}
    assert jaren == {"Rapportagejaar 2025": VORIG_JAAR["Roermond"], "Rapportagejaar 2026": [2, 1, 1, 2, 1, 2, 1, 0]}
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert "Rapportagejaar 2026" in sheet.oddHeader.center.text

    uitleg = {row[0].value: row[1].value for row in book["Toelichting"].iter_rows() if row[0].value}
    assert uitleg["Aangemaakt door"] == "test (systeem)"
    assert uitleg["Mensenhandel"].startswith("casussen met thema mensenhandel")
    assert "Waarschuwing" not in uitleg  # the year is over and nothing was removed


def test_an_unfinished_year_and_removed_data_are_warned_on_every_page(store, regio, registration, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    open_year = build(store, regio, jaar=2027)
    assert any("nog niet voorbij" in w and "30-09-2027" in w for w in open_year.herkomst.waarschuwingen)
    assert "tellen ook mee in de kwartalen die nog moeten beginnen" in open_year.herkomst.waarschuwingen[0]
    book = load_workbook(io.BytesIO(bijlage_xlsx.to_xlsx(open_year)))
    assert book["Leudal"]["A4"].value.startswith("Let op: de periode is nog niet voorbij")
    assert book["Leudal"]["A4"].font.color.rgb.endswith("C00000")
    pages = PdfReader(io.BytesIO(bijlage_pdf.to_pdf(open_year))).pages
    assert all("Let op: periode nog niet voorbij; cijfers t/m 26-11-2026" in page.extract_text() for page in pages)
    assert "nog niet voorbij (zij loopt t/m 30-09-2027)" in " ".join(pages[0].extract_text().split())

    with store.write() as s:
        add_melding(s, soort="overlast", datum=date(2020, 1, 6), gemeente="Weert")  # past its retention period
    removed = retention.execute(store, regio, TODAY)
    assert len(removed.meldingen) == 1
    assert not build(store, regio, jaar=2026).herkomst.waarschuwingen  # starts after the removed data's edge
    old_year = build(store, regio, jaar=2025)
    assert any("bewaartermijnen zijn gegevens verwijderd" in w for w in old_year.herkomst.waarschuwingen)


# --- the PDF ------------------------------------------------------------------------------------------
def test_pdf_has_the_same_sections_with_charts_and_provenance(store, regio, registration, tmp_path):
    bijlage = build(store, regio)
    path = write_bijlage(store, bijlage, "pdf", tmp_path / "bijlage.pdf")
    assert path.stat().st_mode & 0o777 == 0o600
    reader = PdfReader(path)
    texts = [page.extract_text() for page in reader.pages]
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)  # A4
    names = [*ML, "Regio Midden-Limburg"]
    starts = [next(n for n, t in enumerate(texts) if f"Cijfers per gemeente: {naam}\n" in t) for naam in names]
    assert starts == sorted(starts)  # in order, each from a new page
    for naam, start, end in zip(names, starts, [*starts[1:], len(texts) - 1], strict=True):
        section = "\n".join(texts[start:end])
        assert "Midden-Limburg tabel 1: melding en triage" in section
        assert f"{naam} casus specifieke kaders" in section
        assert f"{naam} met totaal aantal cases, tegen het jaar ervoor" in section
    assert all("Rapportagejaar 2026: 1 oktober 2025 t/m 30 september 2026" in t for t in texts)
    assert all("Aangemaakt op" in t and "door test (systeem)" in t for t in texts)
    assert "toelichting" in texts[-1]
    roermond = next(t for t in texts if "Cijfers per gemeente: Roermond\n" in t)
    assert "Roermond Totaal 5 2 2 1 1" in " ".join(roermond.split())  # hand-counted Totaal row of tabel 1


def test_no_output_holds_a_name_bsn_address_or_birth_date(store, regio, registration):
    bijlage = build(store, regio)
    xlsx = zipfile.ZipFile(io.BytesIO(bijlage_xlsx.to_xlsx(bijlage)))
    xml = "".join(xlsx.read(name).decode("utf-8") for name in xlsx.namelist())
    pdf = "".join(page.extract_text() for page in PdfReader(io.BytesIO(bijlage_pdf.to_pdf(bijlage))).pages)
    assert "Roermond" in xml and "Roermond" in pdf
    for output in (xml, pdf, repr(bijlage)):
        for secret in SECRETS:
            assert secret not in output, secret


def test_a_hostile_label_is_neutralised_in_the_workbook(store, regio, registration):
    hostile = regio.model_copy(update={"naam": "=cmd|' /C calc'!A0"})
    bijlage = build(store, hostile)
    book = load_workbook(io.BytesIO(bijlage_xlsx.to_xlsx(bijlage)))
    for sheet in book.worksheets:
        assert not any(isinstance(c.value, str) and c.value[:1] in "=+-@" for row in sheet.iter_rows() for c in row)


# --- the appendix as configuration --------------------------------------------------------------------
def regio_file(tmp_path, top: str = "", extra: str = "", gemeenten: str | None = None):
    """The packaged regio file with top-level keys in front (TOML: before any table) and tables after."""
    from zvh_core.config.regio import DEFAULT_REGIO_FILE, parse_regio

    text = DEFAULT_REGIO_FILE.read_text(encoding="utf-8")
    if gemeenten is not None:
        text = text.replace(
            'gemeenten = ["Echt-Susteren", "Leudal", "Maasgouw", "Nederweert", "Roerdalen", "Roermond", "Weert"]',
            f"gemeenten = {gemeenten}",
        )
    path = tmp_path / "regio.toml"
    path.write_text(top + "\n" + text + "\n" + extra, encoding="utf-8")
    return parse_regio(path)


def test_a_regio_chooses_the_wm_appendix_products_per_gemeente(store, tmp_path):
    wm = regio_file(tmp_path, 'bijlage = "wm-jaarverslag"', gemeenten='["Sittard-Geleen", "Stein", "Beek"]').model_copy(
        update={"naam": "Westelijke Mijnstreek"}
    )
    with store.write() as s:
        add_casus(s, thema="pga", gemeente="Stein", geopend=date(2025, 12, 1))
        add_casus(s, thema="pga", gemeente="Stein", geopend=date(2024, 12, 1), gesloten=date(2025, 11, 1))
        add_melding(s, soort="wvggz", datum=date(2026, 3, 3), gemeente="Beek")
    bijlage = build(store, wm)
    assert bijlage.titel == "Producten per gemeente"
    assert [s.naam for s in bijlage.secties] == ["Sittard-Geleen", "Stein", "Beek", "Regio Westelijke Mijnstreek"]
    stein = bijlage.secties[1].tabellen[0]
    assert stein.header == ("Product", "Stein")
    rows = {r.kop[0]: r.waarden for r in stein.rijen}
    assert rows["PGA behandeld"] == (2,) and rows["PGA aangemeld"] == (1,)  # both ran; one opened in the year
    regio_table = bijlage.secties[-1].tabellen[0]
    assert regio_table.header == ("Product", "Sittard-Geleen", "Stein", "Beek", "Totaal")
    jaren = bijlage.secties[1].grafieken[1]
    assert dict(zip(jaren.categorieen, jaren.reeksen[0][1], strict=True))["PGA behandeld"] == 1  # year before
    book = load_workbook(io.BytesIO(bijlage_xlsx.to_xlsx(bijlage)))
    assert book.sheetnames == ["Sittard-Geleen", "Stein", "Beek", "Regio Westelijke Mijnstreek", "Toelichting"]
    assert len(book["Stein"]._charts) == 2


OWN_APPENDIX = """
[bijlagen.klein]
titel = "Kort overzicht"
tabellen = ["ml-personen"]

[[bijlagen.klein.grafieken]]
titel = "e33 over het jaar"
vorm = "periode"
cijfers = [{ label = "E33", maat = "meldingen", soorten = ["verward_gedrag"] }]
"""


def test_a_regio_defines_its_own_appendix(store, regio, registration, tmp_path):
    own = regio_file(tmp_path, 'bijlage = "klein"', OWN_APPENDIX)
    bijlage = build(store, own)
    roermond = next(s for s in bijlage.secties if s.gemeente == "Roermond")
    assert [t.code for t in roermond.tabellen] == ["ml-personen"]
    (grafiek,) = roermond.grafieken
    assert grafiek.categorieen == ("E33",)
    assert grafiek.reeksen == (("Rapportagejaar 2026", (2,)),)  # M04, M12 (hand-counted table 1)


@pytest.mark.parametrize(
    ("top", "extra", "message"),
    [
        (
            'bijlage = "jaarboek"',
            "",
            "bijlage: onbekende bijlage 'jaarboek' (kies uit: ml-jaarverslag, wm-jaarverslag)",
        ),
        ("", OWN_APPENDIX.replace('["ml-personen"]', '["ml-tabel-9"]'), "bijlagen.klein.tabellen: onbekend rapport"),
        ("", OWN_APPENDIX.replace('"verward_gedrag"', '"e33"'), "bijlagen.klein.grafieken.0.cijfers.0.soorten"),
        ("", OWN_APPENDIX.replace('vorm = "periode"', 'vorm = "taart"'), "bijlagen.klein.grafieken.0.vorm"),
        (
            "",
            OWN_APPENDIX.replace("[bijlagen.klein]", "[bijlagen.Klein_1]").replace(
                "bijlagen.klein.", "bijlagen.Klein_1."
            ),
            "bijlagen.Klein_1: een rapportnaam",
        ),
        (
            "",
            '[rapporten.bijlage]\ntitel = "x"\nindeling = "gemeenten"\n'
            '[[rapporten.bijlage.cijfers]]\nlabel = "a"\nmaat = "casussen"\nthema = "pga"\n',
            "rapporten.bijlage: die naam is gereserveerd",
        ),
    ],
)
def test_a_bad_appendix_in_the_regio_file_is_refused_naming_the_key(tmp_path, top, extra, message):
    from zvh_core.config.regio import RegioError

    with pytest.raises(RegioError) as error:
        regio_file(tmp_path, top, extra)
    assert message in str(error.value)
