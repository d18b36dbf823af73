"""`zvh import meldingen`: the meldingen.csv contract (domain.md §4), person matching, all-or-nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from tui.cli.main import app
from zvh_core.access.systeem import as_system
from zvh_core.config.regio import load_regio
from zvh_core.config.settings import get_settings
from zvh_core.imports.meldingen import import_meldingen
from zvh_core.kernel.models import Melding, MeldingPersoon, Persoon
from zvh_core.store import open_store

COLUMNS = (
    "extern_id;bron;soort;datum;gemeente;achternaam;tussenvoegsel;voornamen;geboortedatum;bsn;adres;postcode;"
    "woonplaats;omschrijving"
)
# The values above, in order, for one row.
ROW = "{id};{bron};{soort};{datum};{gemeente};{achternaam};{tv};{voornamen};{geb};{bsn};{adres};{pc};{wp};{oms}"


def valid_bsns(count: int, start: int = 10_000_000) -> list[str]:
    """``count`` distinct BSNs that pass the elfproef."""
    found: list[str] = []
    prefix = start
    while len(found) < count:
        digits = f"{prefix:08d}"
        check = sum((9 - i) * int(d) for i, d in enumerate(digits)) % 11
        if check < 10:
            found.append(digits + str(check))
        prefix += 1
    return found


BSN_A, BSN_B, BSN_C = valid_bsns(3)


def row(**values: str) -> str:
    defaults = dict(
        id="P-1", bron="politie", soort="overlast", datum="2024-03-01", gemeente="Roermond", achternaam="",
        tv="", voornamen="", geb="", bsn="", adres="", pc="", wp="", oms="",
    )  # fmt: skip
    return ROW.format(**{**defaults, **values})


def with_value(line: str, column: str, value: str) -> str:
    """``line`` (a row in COLUMNS order, no quoted fields) with ``column`` set to ``value``."""
    fields = line.split(";")
    fields[COLUMNS.split(";").index(column)] = value
    return ";".join(fields)


def csv_text(*rows: str, header: str = COLUMNS) -> str:
    return "\n".join((header, *rows)) + "\n"


@pytest.fixture
def write(tmp_path: Path):
    counter = iter(range(1_000_000))

    def _write(text: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / f"meldingen-{next(counter)}.csv"
        path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
        return path

    return _write


@pytest.fixture
def run(store, regio, write):
    """Import CSV text (or bytes) into the test store."""

    def _run(text: str | bytes, *, dry_run: bool = False, encoding: str = "utf-8"):
        return import_meldingen(store, regio, write(text, encoding), dry_run=dry_run, today=date(2025, 6, 1))

    return _run


def snapshot(store) -> dict[str, list]:
    """Everything the import can touch, to show that a refused import changed nothing."""
    with store.read() as session:
        return {
            "meldingen": [m.model_dump() for m in session.exec(select(Melding).order_by(Melding.id))],
            "personen": [p.model_dump() for p in session.exec(select(Persoon).order_by(Persoon.id))],
            "links": [(link.melding_id, link.persoon_id) for link in session.exec(select(MeldingPersoon))],
        }


def meldingen(store) -> list[Melding]:
    with store.read() as session:
        return list(session.exec(select(Melding).order_by(Melding.id)))


def personen(store) -> list[Persoon]:
    with store.read() as session:
        return list(session.exec(select(Persoon).order_by(Persoon.id)))


def persons_of(store, extern_id: str) -> list[Persoon]:
    with store.read() as session:
        statement = (
            select(Persoon)
            .join(MeldingPersoon, MeldingPersoon.persoon_id == Persoon.id)
            .join(Melding, Melding.id == MeldingPersoon.melding_id)
            .where(Melding.extern_id == extern_id)
            .order_by(Persoon.id)
        )
        return list(session.exec(statement))


VALID = csv_text(
    row(id="P-1", soort="Overlast", gemeente="roermond", achternaam="Berg", tv="van den", voornamen="Jan",
        geb="1980-01-02", bsn=BSN_A, adres="Markt 1", pc="6041ab", wp="Roermond", oms="Burenruzie"),
    row(id="VT-7", bron="Veilig_Thuis", soort="KINDERMISHANDELING", datum="15-03-2024", gemeente="WEERT",
        achternaam="Özdemir", voornamen="Ayşe", geb="04-05-1990"),
    row(id="P-2", soort="verward_gedrag", datum="2024-03-20", gemeente="Echt-Susteren"),
)  # fmt: skip


# --- a valid file ------------------------------------------------------------------------------
def test_valid_file_is_stored_with_codes_lower_case_and_canonical_gemeente(run, store):
    result = run(VALID)

    assert result.ok, result.errors
    assert (result.rows_read, result.meldingen_new, result.meldingen_existing) == (3, 3, 0)
    assert (result.persons_new, result.persons_recognised) == (2, 0)
    stored = {m.extern_id: m for m in meldingen(store)}
    assert set(stored) == {"P-1", "VT-7", "P-2"}
    p1, vt7 = stored["P-1"], stored["VT-7"]
    assert (p1.bron, p1.soort, p1.datum, p1.gemeente, p1.omschrijving) == (
        "politie", "overlast", date(2024, 3, 1), "Roermond", "Burenruzie",
    )  # fmt: skip
    assert (vt7.bron, vt7.soort, vt7.datum, vt7.gemeente) == (
        "veilig_thuis", "kindermishandeling", date(2024, 3, 15), "Weert",
    )  # fmt: skip
    assert vt7.urgent and not p1.urgent, "kindermishandeling is urgent in the regio file"
    [jan] = persons_of(store, "P-1")
    assert (jan.achternaam, jan.tussenvoegsel, jan.voornamen, jan.geboortedatum, jan.bsn) == (
        "Berg", "van den", "Jan", date(1980, 1, 2), BSN_A,
    )  # fmt: skip
    assert (jan.adres, jan.postcode, jan.woonplaats) == ("Markt 1", "6041 AB", "Roermond")
    assert jan.match_sleutel == "berg|vd|1980-01-02|j"  # van den: the surname, the letters v and d
    [ayse] = persons_of(store, "VT-7")
    assert ayse.match_sleutel == "ozdemir||1990-05-04|a"
    assert persons_of(store, "P-2") == []
    assert result.summary_lines() == [
        "3 regels gelezen.",
        "Meldingen: 3 nieuw, 0 al aanwezig. Personen: 2 nieuw, 0 herkend.",
    ]


def test_same_file_twice_stores_nothing_twice(run, store):
    run(VALID)
    before = snapshot(store)

    again = run(VALID)

    assert again.ok
    assert (again.meldingen_new, again.meldingen_existing, again.persons_new, again.persons_recognised) == (0, 3, 0, 0)
    assert snapshot(store) == before
    assert "Meldingen: 0 nieuw, 3 al aanwezig." in again.summary_lines()[1]


def test_stored_melding_is_left_alone_and_only_new_ones_are_added(run, store):
    run(VALID)
    before = {m.extern_id: m.model_dump() for m in meldingen(store)}

    same_p1 = row(id="P-1", soort="overlast", gemeente="Roermond", achternaam="Anders", oms="Burenruzie")
    result = run(csv_text(same_p1, row(id="P-3", achternaam="Smit")))

    assert result.ok, result.errors
    assert (result.meldingen_new, result.meldingen_existing, result.persons_new) == (1, 1, 1)
    after = {m.extern_id: m.model_dump() for m in meldingen(store)}
    assert after["P-1"] == before["P-1"]
    assert persons_of(store, "P-1")[0].achternaam == "Berg", "no person added to a melding already stored"
    assert set(after) == {"P-1", "VT-7", "P-2", "P-3"}


def test_a_changed_melding_with_a_stored_extern_id_is_an_error_and_nothing_is_stored(run, store):
    """Issue 17 point 3: a different melding under an existing (bron, extern_id) was skipped as "al aanwezig"."""
    run(VALID)
    before = snapshot(store)

    result = run(
        csv_text(
            row(id="P-3", achternaam="Smit"),
            row(id="P-1", soort="crimineel", gemeente="Roermond", oms="Burenruzie"),
            row(id="P-2", soort="verward_gedrag", datum="2024-03-21", gemeente="Echt-Susteren"),
        )
    )

    assert not result.ok
    assert [str(e) for e in result.errors] == [
        "regel 3: extern_id 'P-1' (bron 'politie') bestaat al met andere gegevens (soort wijkt af van de "
        "opgeslagen melding); er is niets opgeslagen",
        "regel 4: extern_id 'P-2' (bron 'politie') bestaat al met andere gegevens (datum wijkt af van de "
        "opgeslagen melding); er is niets opgeslagen",
    ]
    assert snapshot(store) == before, "nothing stored, not even the new P-3"


def test_same_extern_id_from_another_bron_is_another_melding(run, store):
    result = run(csv_text(row(id="X-1", bron="politie"), row(id="X-1", bron="om")))
    assert result.meldingen_new == 2
    assert {(m.bron, m.extern_id) for m in meldingen(store)} == {("politie", "X-1"), ("om", "X-1")}


# --- several persons, recurring persons ------------------------------------------------------------
def test_rows_with_the_same_extern_id_are_one_melding_with_several_persons(run, store):
    result = run(
        csv_text(
            row(id="P-9", achternaam="Jansen", voornamen="Piet", geb="1970-01-01"),
            row(id="P-9", achternaam="Jansen", voornamen="Marie", geb="1972-02-02"),
            row(
                id="P-9",
                datum="01-03-2024",
                soort="OVERLAST",
                gemeente="roermond",
                achternaam="Jansen",
                voornamen="Kees",
                geb="2010-03-03",
            ),
        )
    )
    assert result.ok, result.errors
    assert (result.meldingen_new, result.persons_new, result.rows_read) == (1, 3, 3)
    assert [p.voornamen for p in persons_of(store, "P-9")] == ["Piet", "Marie", "Kees"]


def test_recurring_person_is_recognised_by_bsn_and_gains_missing_fields_only(run, store):
    run(csv_text(row(id="A-1", achternaam="Berg", tv="van den", voornamen="Jan", geb="1980-01-02", bsn=BSN_A)))

    result = run(
        csv_text(
            row(
                id="A-2",
                achternaam="Bergh",
                voornamen="Johannes",
                geb="1981-01-01",
                bsn=BSN_A,
                adres="Kerkstraat 2",
                pc="6041 AB",
                wp="Roermond",
            ),
        )
    )

    assert (result.persons_new, result.persons_recognised) == (0, 1)
    [jan] = personen(store)
    assert (jan.achternaam, jan.voornamen, jan.geboortedatum) == ("Berg", "Jan", date(1980, 1, 2)), "never overwritten"
    assert (jan.adres, jan.postcode, jan.woonplaats) == ("Kerkstraat 2", "6041 AB", "Roermond"), "empty fields filled"
    assert persons_of(store, "A-2") == [jan]


def test_person_known_only_by_bsn_gains_a_name_and_a_match_key(run, store):
    run(csv_text(row(id="A-1", bsn=BSN_B)))
    [anon] = personen(store)
    assert anon.match_sleutel is None

    result = run(csv_text(row(id="A-2", achternaam="Smit", voornamen="Eva", geb="1999-09-09", bsn=BSN_B)))
    assert result.persons_recognised == 1
    [eva] = personen(store)
    assert (eva.achternaam, eva.match_sleutel) == ("Smit", "smit||1999-09-09|e")
    # and now the name alone finds her
    assert run(csv_text(row(id="A-3", achternaam="smit", voornamen="E.", geb="09-09-1999"))).persons_recognised == 1
    assert len(personen(store)) == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (dict(achternaam="Berg", tv="van den"), dict(achternaam="berg", tv="Van Den")),
        (dict(achternaam="Van den Berg"), dict(achternaam="van den berg")),
        (dict(achternaam="Özdemir"), dict(achternaam="Ozdemir")),
        (dict(achternaam="Wijk"), dict(achternaam="Wyk")),
        (dict(achternaam="Jansen-Smit"), dict(achternaam="Jansen Smit")),
    ],
    ids=["tussenvoegsel-case", "achternaam-case", "diacritics", "ij-y", "punctuation"],
)
def test_recurring_person_is_recognised_by_name_and_birth_date_despite_notation(run, store, first, second):
    result = run(
        csv_text(
            row(id="B-1", voornamen="Jan", geb="1980-01-02", **first),
            row(id="B-2", voornamen="J.", geb="02-01-1980", **second),
        )
    )
    assert (result.persons_new, result.persons_recognised) == (1, 1)
    [person] = personen(store)
    assert persons_of(store, "B-1") == persons_of(store, "B-2") == [person]


def test_person_in_a_later_file_is_recognised_by_name_and_birth_date(run, store):
    run(csv_text(row(id="C-1", achternaam="Wijk", tv="van", voornamen="Anna", geb="1975-07-07")))
    result = run(csv_text(row(id="C-2", achternaam="Wyk", tv="Van", voornamen="anna", geb="07-07-1975", bsn=BSN_C)))
    assert (result.persons_new, result.persons_recognised) == (0, 1)
    [anna] = personen(store)
    assert anna.bsn == BSN_C, "the BSN is filled in where it was missing"


def test_same_name_and_birth_date_with_different_bsns_are_two_persons(run, store):
    result = run(
        csv_text(
            row(id="D-1", achternaam="Jansen", voornamen="Piet", geb="1970-01-01", bsn=BSN_A),
            row(id="D-2", achternaam="Jansen", voornamen="Piet", geb="1970-01-01", bsn=BSN_B),
            row(id="D-3", achternaam="Jansen", voornamen="Piet", geb="1970-01-01"),
        )
    )
    assert (result.persons_new, result.persons_recognised) == (2, 1)
    assert len(personen(store)) == 2


def test_other_birth_date_or_initial_is_another_person(run, store):
    result = run(
        csv_text(
            row(id="E-1", achternaam="Jansen", voornamen="Piet", geb="1970-01-01"),
            row(id="E-2", achternaam="Jansen", voornamen="Piet", geb="1970-01-02"),
            row(id="E-3", achternaam="Jansen", voornamen="Klaas", geb="1970-01-01"),
        )
    )
    assert (result.persons_new, result.persons_recognised) == (3, 0)


def test_row_without_a_name_or_bsn_is_a_melding_about_an_unknown_person(run, store):
    result = run(csv_text(row(id="F-1", geb="1980-01-01", adres="Markt 1", wp="Weert", oms="Onbekende man")))
    assert result.ok
    assert (result.meldingen_new, result.persons_new, result.persons_recognised) == (1, 0, 0)
    assert personen(store) == []
    assert len(meldingen(store)) == 1


def test_the_same_person_twice_on_one_melding_is_linked_once(run, store):
    line = row(id="G-1", achternaam="Smit", voornamen="Eva", geb="1999-09-09")
    result = run(csv_text(line, line))
    assert (result.persons_new, result.persons_recognised) == (1, 1)
    assert len(persons_of(store, "G-1")) == 1


# --- malformed files: nothing stored, every invalid row named ---------------------------------------
PRECEDING = (row(id="OK-1", achternaam="Vos", voornamen="Rik", geb="1988-08-08"), row(id="OK-2"))


@pytest.mark.parametrize(
    ("bad_row", "expected"),
    [
        (row(id="X", gemeente="Amsterdam"),
         "regel 4, kolom gemeente: onbekende gemeente 'Amsterdam' (niet in regio Midden-Limburg)"),
        (row(id="X", datum="31-02-2024"),
         "regel 4, kolom datum: ongeldige datum '31-02-2024' (verwacht JJJJ-MM-DD of DD-MM-JJJJ)"),
        (row(id="X", datum="2023-02-30"),
         "regel 4, kolom datum: ongeldige datum '2023-02-30' (verwacht JJJJ-MM-DD of DD-MM-JJJJ)"),
        (row(id="X", datum="2024/03/01"),
         "regel 4, kolom datum: ongeldige datum '2024/03/01' (verwacht JJJJ-MM-DD of DD-MM-JJJJ)"),
        (row(id="X", datum=""), "regel 4, kolom datum: waarde ontbreekt (verplicht)"),
        (row(id="", achternaam="Vos"), "regel 4, kolom extern_id: waarde ontbreekt (verplicht)"),
        (row(id="X", achternaam="Vos", bsn="123456789"),
         "regel 4, kolom bsn: ongeldig BSN '123456789' (elfproef klopt niet)"),
        (row(id="X", achternaam="Vos", bsn="12345678"), "regel 4, kolom bsn: ongeldig BSN '12345678' (verwacht 9 cijfers)"),
        (row(id="X", achternaam="Vos", geb="2030-01-01"),
         "regel 4, kolom geboortedatum: datum '2030-01-01' ligt in de toekomst"),
        (row(id="X", soort="brand"),
         "regel 4, kolom soort: onbekende soort 'brand' (geldig: overlast, crimineel, huiselijk_geweld, "
         "kindermishandeling, verward_gedrag, detentie, radicalisering, mensenhandel, top_x, ghb, drang_dwang, "
         "wvggz, huisverbod, vt_informatie_uitvraag, overig)"),
        (row(id="X", bron="buurman"),
         "regel 4, kolom bron: onbekende bron 'buurman' (geldig: politie, veilig_thuis, penitentiaire_inrichting, "
         "ketenpartner, gemeente, om, overig)"),
        ("X;politie;overlast;2024-03-01;Roermond", "regel 4: 5 velden, terwijl de kopregel er 14 heeft"),
        (row(id="OK-1", datum="2024-03-02", achternaam="Vos"),
         "regel 4, kolom datum: wijkt af van regel 2 voor dezelfde melding (bron 'politie', extern_id 'OK-1')"),
    ],
    ids=[
        "unknown-gemeente", "impossible-date", "impossible-iso-date", "date-format", "empty-date", "empty-extern-id",
        "bsn-elfproef", "bsn-length", "birth-date-in-future", "unknown-soort", "unknown-bron", "too-few-fields",
        "inconsistent-repeat",
    ],
)  # fmt: skip
def test_an_invalid_row_after_valid_ones_is_reported_and_nothing_is_stored(run, store, bad_row, expected):
    run(VALID)
    before = snapshot(store)

    result = run(csv_text(*PRECEDING, bad_row, row(id="OK-3")))

    assert [str(e) for e in result.errors] == [expected]
    assert result.summary_lines() == ["4 regels gelezen.", "Niets opgeslagen: 1 ongeldige regel."]
    assert snapshot(store) == before


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (csv_text(row(), header=COLUMNS.replace("soort;", "")),
         ["regel 1, kolom soort: verplichte kolom ontbreekt in de kopregel"]),
        (csv_text(row(), header=COLUMNS.replace("soort;", "").replace(";datum;", ";Datum;")),
         ["regel 1, kolom soort: verplichte kolom ontbreekt in de kopregel",
          "regel 1, kolom datum: verplichte kolom ontbreekt in de kopregel (wel 'Datum'; schrijf de kolomnaam "
          "precies zo: 'datum')"]),
        (csv_text(row() + ";x", header=COLUMNS + ";bron"), ["regel 1, kolom bron: kolom staat 2 keer in de kopregel"]),
        (csv_text(row()).encode("utf-16"),
         ["regel 1: het bestand is niet in UTF-8 of Windows-1252 gecodeerd (het lijkt UTF-16); sla het op als "
          "'CSV UTF-8' of 'CSV (gescheiden door puntkomma)'"]),
        (csv_text(row(oms="x")).encode("utf-8").replace(b";x\n", b";\x81\x8d\n"),
         ["regel 1: het bestand is niet in UTF-8 of Windows-1252 gecodeerd; sla het op als 'CSV UTF-8' of "
          "'CSV (gescheiden door puntkomma)'"]),
        (b"", ["regel 1: het bestand is leeg: de kopregel ontbreekt"]),
    ],
    ids=["missing-column", "column-name-case", "duplicate-column", "utf-16", "undecodable", "empty-file"],
)  # fmt: skip
def test_a_file_that_cannot_be_read_is_reported_at_the_header(run, store, data, expected):
    run(VALID)
    before = snapshot(store)

    result = run(data)

    assert [str(e) for e in result.errors] == expected
    assert result.rows_read == 0
    assert snapshot(store) == before


def test_every_invalid_row_is_listed_with_every_problem(run, store):
    result = run(
        csv_text(
            row(id="R-1", soort="brand", gemeente="Amsterdam"),
            row(id="R-2"),
            row(id="R-3", datum="32-01-2024", achternaam="Vos", bsn="111111111"),
        )
    )
    assert [(e.regel, e.kolom) for e in result.errors] == [
        (2, "soort"), (2, "gemeente"), (4, "datum"), (4, "bsn"),
    ]  # fmt: skip
    assert result.invalid_lines == 2
    assert result.summary_lines()[-1] == "Niets opgeslagen: 2 ongeldige regels."
    assert meldingen(store) == []


def test_inconsistent_repeat_names_each_differing_column_on_the_later_row(run):
    result = run(
        csv_text(
            row(id="S-1", oms="eerste", achternaam="Vos"),
            row(id="S-2"),
            row(id="S-1", soort="crimineel", gemeente="Weert", datum="01-03-2024", oms="eerste", achternaam="Bos"),
        )
    )
    assert [str(e) for e in result.errors] == [
        "regel 4, kolom soort: wijkt af van regel 2 voor dezelfde melding (bron 'politie', extern_id 'S-1')",
        "regel 4, kolom gemeente: wijkt af van regel 2 voor dezelfde melding (bron 'politie', extern_id 'S-1')",
    ]


def test_unclosed_quote_is_reported_where_its_record_starts(run):
    result = run(csv_text(row(id="Q-1"), row(id="Q-2", oms='"open maar nooit dicht'), row(id="Q-3")))
    assert [str(e) for e in result.errors] == ["regel 3: ongeldige CSV: een aanhalingsteken wordt niet gesloten"]


# --- encodings, delimiters, dates, multi-line fields -------------------------------------------------
def test_windows_1252_file_with_accents(run, store):
    text = csv_text(row(id="W-1", achternaam="Hélène", voornamen="Zoë", geb="1990-01-01", oms="café"))
    result = run(text, encoding="cp1252")
    assert result.ok, result.errors
    [person] = personen(store)
    assert (person.achternaam, person.voornamen) == ("Hélène", "Zoë")
    assert meldingen(store)[0].omschrijving == "café"


def test_utf8_file_with_bom(run, store):
    result = run(b"\xef\xbb\xbf" + csv_text(row(id="BOM-1", achternaam="Özdemir")).encode("utf-8"))
    assert result.ok, result.errors
    assert [m.extern_id for m in meldingen(store)] == ["BOM-1"]
    assert personen(store)[0].achternaam == "Özdemir"


@pytest.mark.parametrize("delimiter", [";", ","])
def test_delimiter_is_detected_and_quoted_fields_may_hold_either(run, store, delimiter):
    header = "omschrijving,gemeente,datum,soort,bron,extern_id,achternaam,extra".replace(",", delimiter)
    lines = [
        header,
        delimiter.join(
            ['"ruzie; daarna, geschreeuw"', "Leudal", "01-02-2024", "overlast", "politie", "K-1", "Vos", "?"]
        ),
        delimiter.join(['"zei ""nee"""', "Maasgouw", "2024-02-02", "crimineel", "politie", "K-2", "", ""]),
    ]
    result = run("\r\n".join(lines) + "\r\n")
    assert result.ok, result.errors
    stored = {m.extern_id: m for m in meldingen(store)}
    assert stored["K-1"].omschrijving == "ruzie; daarna, geschreeuw"
    assert (stored["K-1"].gemeente, stored["K-1"].datum) == ("Leudal", date(2024, 2, 1))
    assert stored["K-2"].omschrijving == 'zei "nee"'


def test_multi_line_omschrijving_keeps_later_line_numbers_right(run, store):
    text = csv_text(
        row(id="M-1", oms='"eerste regel\ntweede regel\n\nvierde regel"'),
        row(id="M-2", oms='"nog een\r\nregel"'),
        "",
        row(id="M-3", gemeente="Amsterdam"),
    )
    result = run(text)
    assert [str(e) for e in result.errors] == [
        "regel 9, kolom gemeente: onbekende gemeente 'Amsterdam' (niet in regio Midden-Limburg)"
    ]
    fixed = run(text.replace("Amsterdam", "Roermond"))
    assert fixed.ok
    assert meldingen(store)[0].omschrijving == "eerste regel\ntweede regel\n\nvierde regel"


# --- dry run ---------------------------------------------------------------------------------------
def test_dry_run_reports_exact_counts_and_stores_nothing(run, store):
    run(csv_text(row(id="A-1", achternaam="Berg", voornamen="Jan", geb="1980-01-02", bsn=BSN_A)))
    before = snapshot(store)
    text = csv_text(
        row(id="A-1", achternaam="Berg", voornamen="Jan", geb="1980-01-02", bsn=BSN_A),
        row(id="A-2", achternaam="Berg", voornamen="Jan", geb="1980-01-02", adres="Markt 1"),
        row(id="A-3", achternaam="Vos", voornamen="Rik", geb="1988-08-08"),
        row(id="A-3", achternaam="Vos", voornamen="Rik", geb="1988-08-08"),
        row(id="A-4"),
    )

    trial = run(text, dry_run=True)

    assert snapshot(store) == before
    assert trial.summary_lines()[-1] == "Proefimport: er is niets opgeslagen."
    real = run(text)
    counts = ("rows_read", "meldingen_new", "meldingen_existing", "persons_new", "persons_recognised")
    assert [getattr(trial, c) for c in counts] == [getattr(real, c) for c in counts] == [5, 3, 1, 1, 2]


def test_dry_run_of_an_invalid_file_lists_the_errors(run, store):
    result = run(csv_text(row(gemeente="Amsterdam")), dry_run=True)
    assert [e.regel for e in result.errors] == [2]
    assert meldingen(store) == []


# --- the command line --------------------------------------------------------------------------------
@pytest.fixture
def cli(db_url, monkeypatch):
    monkeypatch.setenv("ZVH_DATABASE_URL", db_url)
    monkeypatch.delenv("ZVH_REGIO", raising=False)
    get_settings.cache_clear()
    load_regio.cache_clear()
    runner = CliRunner()
    yield lambda *args: runner.invoke(app, ["import", "meldingen", *map(str, args)])
    get_settings.cache_clear()
    load_regio.cache_clear()


def nl(n: int) -> str:
    """A count as the summary writes it: 1.234."""
    return f"{n:,}".replace(",", ".")


def generated_rows(count: int) -> list[str]:
    """``count`` valid rows: every fifth melding has two persons, persons recur, half have a BSN."""
    regio = load_regio()
    soorten, gemeenten = list(regio.soorten), list(regio.gemeenten)
    bsns = valid_bsns(600, start=20_000_000)
    rows, melding = [], 0
    while len(rows) < count:
        persons = 2 if melding % 5 == 0 else 1
        for k in range(persons):
            p = (melding * 7 + k) % 600
            rows.append(
                row(id=f"G-{melding}", soort=soorten[melding % len(soorten)], gemeente=gemeenten[melding % len(gemeenten)],
                    datum=f"{1 + melding % 28:02d}-{1 + melding % 12:02d}-2024", achternaam=f"Achternaam{p}",
                    voornamen=f"Voornaam{p}", geb=f"19{50 + p % 50}-{1 + p % 12:02d}-{1 + p % 28:02d}",
                    bsn=bsns[p] if p % 2 else "", oms=f"melding {melding}")
            )  # fmt: skip
        melding += 1
    return rows[:count]


def test_cli_imports_a_generated_file_of_2000_rows_once(cli, write, store):
    rows = generated_rows(2000)
    path = write(csv_text(*rows))
    expected = len({r.split(";", 1)[0] for r in rows})

    first = cli(path)

    assert first.exit_code == 0, first.output
    assert len(meldingen(store)) == expected
    assert first.output.splitlines()[0] == "2.000 regels gelezen."
    persons = len(personen(store))
    assert first.output.splitlines()[1] == (
        f"Meldingen: {nl(expected)} nieuw, 0 al aanwezig. Personen: {nl(persons)} nieuw, {nl(2000 - persons)} herkend."
    )

    second = cli(path)

    assert second.exit_code == 0, second.output
    assert (
        second.output.splitlines()[1]
        == f"Meldingen: 0 nieuw, {nl(expected)} al aanwezig. Personen: 0 nieuw, 0 herkend."
    )
    assert len(meldingen(store)) == expected
    assert len(personen(store)) == persons


def test_cli_refuses_the_2000_rows_with_three_bad_ones_naming_exactly_those(cli, write, store):
    rows = generated_rows(2000)
    rows[10] = with_value(rows[10], "gemeente", "Amsterdam")
    rows[999] = with_value(rows[999], "datum", "30-02-2024")
    rows[1998] = with_value(rows[1998], "bsn", "123456789")

    result = cli(write(csv_text(*rows)))

    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines == [
        "regel 12, kolom gemeente: onbekende gemeente 'Amsterdam' (niet in regio Midden-Limburg)",
        "regel 1001, kolom datum: ongeldige datum '30-02-2024' (verwacht JJJJ-MM-DD of DD-MM-JJJJ)",
        "regel 2000, kolom bsn: ongeldig BSN '123456789' (elfproef klopt niet)",
        "2.000 regels gelezen.",
        "Niets opgeslagen: 3 ongeldige regels.",
    ]
    assert meldingen(store) == [] and personen(store) == []


def test_cli_dry_run_says_nothing_was_stored(cli, write, store):
    result = cli(write(VALID), "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "3 regels gelezen.",
        "Meldingen: 3 nieuw, 0 al aanwezig. Personen: 2 nieuw, 0 herkend.",
        "Proefimport: er is niets opgeslagen.",
    ]
    assert meldingen(store) == []


def test_cli_wrong_encoding_exits_1(cli, write, store):
    result = cli(write(VALID.encode("utf-16")))
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith("regel 1: het bestand is niet in UTF-8 of Windows-1252 gecodeerd")
    assert result.output.splitlines()[-1] == "Niets opgeslagen: 1 ongeldige regel."


def test_cli_missing_file_exits_2_with_a_dutch_message(cli, tmp_path):
    result = cli(tmp_path / "bestaat-niet.csv")
    assert result.exit_code == 2
    assert "Bestand niet gevonden:" in result.output
    assert "bestaat-niet.csv" in result.output


def test_cli_uses_the_store_from_the_environment(cli, write, db_url):
    assert cli(write(VALID)).exit_code == 0
    other = as_system(open_store(db_url))
    try:
        with other.read() as session:
            assert len(session.exec(select(Melding)).all()) == 3
    finally:
        other.dispose()


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("datum", "1800-01-01", "datum '1800-01-01' ligt vóór 01-01-1990: dat kan niet kloppen"),
        ("datum", "01-01-2099", "datum '01-01-2099' ligt in de toekomst"),
        ("geboortedatum", "1800-05-04", "datum '1800-05-04' ligt vóór 01-01-1900: dat kan niet kloppen"),
        ("geboortedatum", "2099-05-04", "datum '2099-05-04' ligt in de toekomst"),
    ],
)
def test_dates_outside_a_sane_range_are_refused_with_row_and_field(run, store, column, value, reason):
    """Issue 17 point 9: melding dates of 1800 or 2099 were accepted."""
    line = with_value(row(id="P-1", achternaam="Berg"), column, value)
    result = run(csv_text(row(id="P-0"), line))
    assert [str(e) for e in result.errors] == [f"regel 3, kolom {column}: {reason}"]
    assert meldingen(store) == []
