"""Lookup: every name form, date, BSN, postcode and extern_id finds the expected person first."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from tests.factories import add_melding, add_persoon
from tui.cli.main import app
from zvh_core.config.settings import get_settings
from zvh_core.kernel.models import Casus, CasusPersoon
from zvh_core.persons import lookup

TODAY = date(2026, 11, 26)


@pytest.fixture
def people(store):
    """Persons that look alike; the one a query means is not always the newest record."""
    with store.write() as s:
        p = {
            "jan_vd_berg": add_persoon(
                s,
                achternaam="Berg",
                tussenvoegsel="van den",
                voornamen="Jan Pieter",
                geboortedatum=date(1987, 3, 12),
                bsn="123456782",
                adres="Kerkstraat 12a",
                postcode="6041 AB",
                woonplaats="Roermond",
            ),
            "piet_vdr_berg": add_persoon(
                s,
                achternaam="Berg",
                tussenvoegsel="van der",
                voornamen="Piet",
                geboortedatum=date(1975, 6, 1),
                adres="Kerkstraat 14",
                postcode="6041AB",
                woonplaats="Roermond",
            ),
            "anna_berg": add_persoon(s, achternaam="Berg", voornamen="Anna", geboortedatum=date(1990, 2, 2)),
            "sanne_bergman": add_persoon(s, achternaam="Bergman", voornamen="Sanne", geboortedatum=date(1985, 1, 1)),
            "ayse": add_persoon(s, achternaam="Özdemir", voornamen="Ayşe", geboortedatum=date(1990, 1, 2)),
            "kees": add_persoon(s, achternaam="Dijkstra", voornamen="Kees", geboortedatum=date(1970, 5, 5)),
            "mohamed": add_persoon(s, achternaam="El Amrani", voornamen="Mohamed", geboortedatum=date(2001, 8, 9)),
            "jan_janssen": add_persoon(s, achternaam="Janssen", voornamen="Jan", geboortedatum=date(1960, 1, 1)),
            "piet_jansen": add_persoon(s, achternaam="Jansen", voornamen="Piet", geboortedatum=date(1961, 1, 1)),
            "lisa_de_wit": add_persoon(s, achternaam="de Wit", voornamen="Lisa", geboortedatum=date(1999, 9, 9)),
        }
        # Last contact: the older Bergs long ago, Jan van den Berg recently.
        add_melding(s, datum=date(2019, 1, 1), personen=[p["piet_vdr_berg"], p["anna_berg"]], gemeente="Weert")
        add_melding(s, datum=date(2026, 11, 2), personen=[p["jan_vd_berg"]], extern_id="2026-000777")
        add_melding(s, datum=date(2025, 5, 5), personen=[p["kees"]], gemeente="Leudal")
        casus = Casus(extern_id="C-2024-17", thema="pga", gemeente="Leudal", geopend=date(2024, 3, 1))
        s.add(casus)
        s.flush()
        s.add(CasusPersoon(casus_id=casus.id, persoon_id=p["kees"].id))
        return {name: person.id for name, person in p.items()}


NAME_FORMS = [
    ("van den Berg", "jan_vd_berg"),
    ("Berg, van den", "jan_vd_berg"),
    ("vd berg", "jan_vd_berg"),
    ("v.d. Berg", "jan_vd_berg"),
    ("berg", "jan_vd_berg"),
    ("BERG", "jan_vd_berg"),
    ("vandenberg", "jan_vd_berg"),
    ("van den bergh", "jan_vd_berg"),
    ("van den brg", "jan_vd_berg"),
    ("J. van den Berg", "jan_vd_berg"),
    ("J.P. van den Berg", "jan_vd_berg"),
    ("Jan Pieter van den Berg", "jan_vd_berg"),
    ("berg jan", "jan_vd_berg"),
    ("Berg, Jan van den", "jan_vd_berg"),
    ("van der berg", "piet_vdr_berg"),
    ("piet berg", "piet_vdr_berg"),
    ("anna berg", "anna_berg"),
    ("bergman", "sanne_bergman"),
    ("bergmn", "sanne_bergman"),
    ("Özdemir", "ayse"),
    ("ozdemir", "ayse"),
    ("OZDEMIR", "ayse"),
    ("özdmir", "ayse"),
    ("ayse ozdemir", "ayse"),
    ("Ayşe Özdemir", "ayse"),
    ("dijkstra", "kees"),
    ("dykstra", "kees"),
    ("Dijkstra, K.", "kees"),
    ("dijkstar", "kees"),
    ("el amrani", "mohamed"),
    ("amrani", "mohamed"),
    ("elamrani", "mohamed"),
    ("jansen", "piet_jansen"),
    ("jnasen", "piet_jansen"),
    ("piet jansen", "piet_jansen"),
    ("janssen", "jan_janssen"),
    ("jan janssen", "jan_janssen"),
    ("de wit", "lisa_de_wit"),
    ("wit, de", "lisa_de_wit"),
    ("lisa wit", "lisa_de_wit"),
]

OTHER_FORMS = [
    ("12-03-1987", "jan_vd_berg"),
    ("12-3-1987", "jan_vd_berg"),
    ("1987-03-12", "jan_vd_berg"),
    ("12031987", "jan_vd_berg"),
    ("berg 12-03-1987", "jan_vd_berg"),
    ("berg 1975", "piet_vdr_berg"),
    ("123456782", "jan_vd_berg"),
    ("6041 AB", "jan_vd_berg"),
    ("6041AB", "jan_vd_berg"),
    ("6041ab 12", "jan_vd_berg"),
    ("6041 AB 12a", "jan_vd_berg"),
    ("6041 AB 14", "piet_vdr_berg"),
    ("2026-000777", "jan_vd_berg"),
    ("C-2024-17", "kees"),
    ("c-2024-17", "kees"),
]


@pytest.mark.parametrize(("query", "expected"), NAME_FORMS + OTHER_FORMS)
def test_query_finds_the_person_first(store, people, query, expected):
    with store.read() as s:
        result = lookup.search(s, query, today=TODAY)
    assert result.rows, f"{query!r} found nobody"
    assert result.rows[0].persoon_id == people[expected], [r.naam for r in result.rows]


def test_exact_before_close_and_recent_before_old(store, people):
    with store.read() as s:
        rows = lookup.search(s, "berg", today=TODAY).rows
    names = [r.naam for r in rows]
    assert names[0] == "Jan Pieter van den Berg" and set(names[1:3]) == {"Piet van der Berg", "Anna Berg"}
    assert [r.match for r in rows[:3]] == ["exact"] * 3
    assert rows[3].naam == "Sanne Bergman" and rows[3].match == "lijkt"
    assert rows[0].laatste_contact == date(2026, 11, 2)
    assert rows[1].laatste_contact == rows[2].laatste_contact == date(2019, 1, 1)


def test_a_row_shows_name_birth_date_gemeente_and_last_contact(store, people):
    with store.read() as s:
        (row, *_) = lookup.search(s, "dijkstra", today=TODAY).rows
    assert (row.naam, row.geboortedatum, row.gemeente, row.laatste_contact) == (
        "Kees Dijkstra",
        date(1970, 5, 5),
        "Leudal",
        date(2025, 5, 5),
    )


def test_keys_say_what_found_the_person(store, people):
    with store.read() as s:
        assert lookup.search(s, "123456782").rows[0].via == "BSN"
        assert lookup.search(s, "6041AB 12").rows[0].via == "adres"
        assert lookup.search(s, "2026-000777").rows[0].via == "melding 2026-000777"
        assert lookup.search(s, "C-2024-17").rows[0].via == "casus C-2024-17"


def test_a_typo_does_not_find_strangers_and_nonsense_finds_nobody(store, people):
    with store.read() as s:
        assert lookup.search(s, "qqxzv").rows == ()
        assert lookup.search(s, "").rows == ()
        assert {r.naam for r in lookup.search(s, "ozdemir").rows} == {"Ayşe Özdemir"}


def test_prefix_while_typing(store, people):
    with store.read() as s:
        for typed in ("öz", "ozd", "ozdem"):
            assert lookup.search(s, typed).rows[0].persoon_id == people["ayse"], typed
        assert lookup.search(s, "van den").rows[0].persoon_id == people["jan_vd_berg"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Berg, van den", {"names": ["berg"], "tussenvoegsel": "vanden"}),
        ("vd berg", {"names": ["berg"], "tussenvoegsel": "vd"}),
        ("J.P. de Vries", {"names": ["vries"], "initials": ["j", "p"], "tussenvoegsel": "de"}),
        ("'t Hart", {"names": ["hart"], "tussenvoegsel": "t"}),
        ("12-03-1987", {"dates": [date(1987, 3, 12)]}),
        ("6041 AB 12", {"postcodes": ["6041ab"], "addresses": ["6041ab12"]}),
        ("1987 de Vries", {"year": 1987, "names": ["vries"], "tussenvoegsel": "de"}),
        ("123456782", {"bsns": ["123456782"]}),
    ],
)
def test_parse(text, expected):
    query = lookup.parse(text, TODAY)
    for attribute, value in expected.items():
        assert getattr(query, attribute) == value, attribute


# --- zvh zoek ------------------------------------------------------------------------------------------
@pytest.fixture
def cli(db_url, monkeypatch):
    monkeypatch.setenv("ZVH_DATABASE_URL", db_url)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_cli_prints_the_same_ranked_results(cli, store, people):
    with store.read() as s:
        expected = lookup.search(s, "berg")
    result = cli.invoke(app, ["zoek", "berg"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["Nr", "Naam", "Geboren", "Gemeente", "Laatste", "contact", "Gevonden"]
    # the number first (what `zvh inzage NR` takes), then the name
    shown = [line.split(None, 1) for line in lines[1:]]
    assert [int(nr) for nr, _ in shown] == [r.persoon_id for r in expected.rows]
    assert [rest.split("  ")[0] for _, rest in shown] == [r.naam for r in expected.rows]
    assert "Jan Pieter van den Berg  12-03-1987" in lines[1]


def test_cli_json(cli, store, people):
    result = cli.invoke(app, ["zoek", "vd berg", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows[0] == {
        "persoon_id": people["jan_vd_berg"],
        "naam": "Jan Pieter van den Berg",
        "geboortedatum": "1987-03-12",
        "gemeente": "Roermond",
        "laatste_contact": "2026-11-02",
        "match": "exact",
        "via": None,
        "mogelijk_dubbel": False,
    }


def test_cli_nobody(cli, store, people):
    result = cli.invoke(app, ["zoek", "qqxzv"])
    assert result.exit_code == 0 and "Niemand gevonden." in result.output
