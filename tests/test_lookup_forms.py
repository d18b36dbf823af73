"""Lookup of what people copy from a pass or an envelope: a BSN with spaces or dots, a street with its house
number; and among persons that fit equally well, the spelling exactly as typed (diacritics) first."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import add_melding, add_persoon
from zvh_core.persons import lookup
from zvh_core.store import search_index

TODAY = date(2026, 11, 26)


@pytest.fixture
def people(store):
    with store.write() as s:
        p = {
            "bsn": add_persoon(s, achternaam="Visser", voornamen="Lotte", bsn="458079005"),
            "kerk_12a": add_persoon(
                s, achternaam="Bakker", voornamen="Joost", adres="Kerkstraat 12a", postcode="6041AB"
            ),
            "kerk_14": add_persoon(s, achternaam="Smits", voornamen="Iris", adres="Kerkstraat 14", postcode="6041AB"),
            "kruis_5": add_persoon(s, achternaam="Peters", voornamen="Bram", adres="1e Kruisstraat 5 A"),
            "jansen": add_persoon(s, achternaam="Jansen", voornamen="Kees", adres="Molenweg 3"),
            "ozdemir_dots": add_persoon(s, achternaam="Özdemir", voornamen="Ayşe", geboortedatum=date(1990, 1, 2)),
            "ozdemir_plain": add_persoon(s, achternaam="Ozdemir", voornamen="Ayse", geboortedatum=date(1991, 3, 4)),
        }
        # The plain spelling was seen more recently: without the spelling rule it would come first.
        add_melding(s, datum=date(2026, 1, 5), personen=[p["ozdemir_dots"]])
        add_melding(s, datum=date(2026, 11, 20), personen=[p["ozdemir_plain"]])
        return {name: person.id for name, person in p.items()}


def first(store, text: str):
    with store.read() as session:
        rows = lookup.search(session, text, today=TODAY).rows
    return rows[0] if rows else None


@pytest.mark.parametrize("typed", ["458 079 005", "458.079.005", "4580.79.005", "458079005"])
def test_a_bsn_as_printed_on_a_pass_finds_the_person(store, people, typed):
    row = first(store, typed)
    assert row is not None and row.persoon_id == people["bsn"] and row.via == "BSN"


def test_a_grouped_number_that_is_no_bsn_is_not_read_as_one():
    assert lookup.parse("12 34 567", TODAY).bsns == []
    assert lookup.parse("12-03-1987", TODAY).bsns == []


@pytest.mark.parametrize(
    ("typed", "who"),
    [
        ("Kerkstraat 12a", "kerk_12a"),
        ("kerkstraat 12 a", "kerk_12a"),
        ("Kerkstraat 12", "kerk_12a"),
        ("KERKSTRAAT 14", "kerk_14"),
        ("1e Kruisstraat 5a", "kruis_5"),
        ("Joost Kerkstraat 12", "kerk_12a"),
    ],
)
def test_a_street_with_its_house_number_finds_who_lives_there(store, people, typed, who):
    with store.read() as session:
        rows = lookup.search(session, typed, today=TODAY).rows
    assert [r.persoon_id for r in rows][:1] == [people[who]], rows
    assert rows[0].via == "adres"
    assert people["kerk_14" if who != "kerk_14" else "kerk_12a"] not in [r.persoon_id for r in rows]


def test_a_name_with_a_number_that_is_no_address_still_finds_the_name(store, people):
    row = first(store, "Jansen 12")
    assert row is not None and row.persoon_id == people["jansen"]


def test_street_keys_are_the_address_before_the_house_number():
    assert search_index.street_keys("Kerkstraat 12a") == {"s:kerkstraat12", "s:kerkstraat12a"}
    assert search_index.street_keys("1e Kruisstraat 5 A") == {"s:1ekruisstraat5", "s:1ekruisstraat5a"}
    assert search_index.street_keys("Sint-Jansstraat 007") == {"s:sintjansstraat7"}
    assert search_index.street_keys("12") == set()
    assert search_index.street_keys(None) == set()


@pytest.mark.parametrize(("typed", "who"), [("Özdemir", "ozdemir_dots"), ("Ozdemir", "ozdemir_plain")])
def test_the_exact_spelling_comes_first_among_equal_fits(store, people, typed, who):
    with store.read() as session:
        rows = lookup.search(session, typed, today=TODAY).rows
    ids = [r.persoon_id for r in rows]
    assert ids[:2] == [people[who], people[({"ozdemir_dots", "ozdemir_plain"} - {who}).pop()]]
    assert rows[0].match == rows[1].match == "exact", "both fit equally: only the spelling decides"
