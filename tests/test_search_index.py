"""The search index stays in step with the persons: creation, edits, import, deletion, migration back-fill."""

from __future__ import annotations

from datetime import date

from sqlalchemy import insert, select

from db import migrate
from db.engine import make_engine
from db.session import Database
from tests.factories import add_persoon
from zvh_core.imports.meldingen import import_meldingen
from zvh_core.kernel.models import Persoon, PersoonZoeksleutel, Zoekwoord, utcnow
from zvh_core.persons import lookup
from zvh_core.store import search_index


def keys_of(store, persoon_id) -> set[str]:
    with store.read() as s:
        return set(
            s.execute(select(PersoonZoeksleutel.sleutel).where(PersoonZoeksleutel.persoon_id == persoon_id)).scalars()
        )


def all_index(store) -> tuple[set, set]:
    with store.read() as s:
        keys = set(s.execute(select(PersoonZoeksleutel.sleutel, PersoonZoeksleutel.persoon_id)).all())
        words = set(s.execute(select(Zoekwoord.variant, Zoekwoord.woord)).all())
    return keys, words


def test_keys_of_a_person():
    keys = search_index.person_keys(
        {
            "achternaam": "Wijk-Özdemir",
            "tussenvoegsel": "van der",
            "voornamen": "Anna Maria",
            "geboortedatum": date(1987, 3, 12),
            "bsn": "123456782",
            "adres": "Kerkstraat 12a",
            "postcode": "6041 ab",
        }
    )
    assert keys == {
        "n:wyk",
        "n:ozdemir",
        "n:wykozdemir",
        "n:vanderwykozdemir",
        "n:anna",
        "n:maria",
        "v:a",
        "v:m",
        "g:1987-03-12",
        "j:1987",
        "b:123456782",
        "p:6041ab",
        "a:6041ab12",
        "a:6041ab12a",
        "s:kerkstraat12",
        "s:kerkstraat12a",
    }


def test_the_stored_place_keys_are_the_ones_lookup_compares():
    # person_keys takes an address apart once; lookup compares persons with address_keys and street_keys.
    for postcode, adres in [
        ("6041 ab", "Kerkstraat 12a"),
        ("6041AB", "1e Kruisstraat 005 B"),
        ("6041 AB", "Heerbaan 3 A01"),
        (None, "Kerk straat 012"),
        ("6041 AB", "12"),
        ("B-3000", "Rue de la Loi 16"),
        ("6041 AB", None),
        (None, None),
    ]:
        keys = search_index.person_keys({"postcode": postcode, "adres": adres})
        code = search_index.postcode_key(postcode)
        expected = search_index.address_keys(postcode, adres) | search_index.street_keys(adres)
        assert keys == expected | ({"p:" + code} if code else set()), (postcode, adres)


def test_tussenvoegsel_inside_the_achternaam_is_no_surname_token():
    assert search_index.name_tokens("van den Berg", None, "Jan") == {"berg", "vandenberg", "jan"}
    assert search_index.name_tokens("De", None, None) == {"de"}  # a surname that is only a tussenvoegsel word


def test_creating_and_editing_a_person_through_the_orm_updates_the_keys(store):
    with store.write() as s:
        person = add_persoon(s, achternaam="Bakker", voornamen="Eva", geboortedatum=date(1980, 1, 1))
    assert {"n:bakker", "n:eva", "v:e", "g:1980-01-01", "j:1980"} <= keys_of(store, person.id)
    with store.write() as s:
        stored = s.get(Persoon, person.id)
        stored.achternaam = "Smit"
        stored.postcode = "6041 AB"
    keys = keys_of(store, person.id)
    assert "n:bakker" not in keys and {"n:smit", "p:6041ab"} <= keys
    with store.read() as s:
        assert lookup.search(s, "smit").rows[0].persoon_id == person.id
        assert lookup.search(s, "bakker").rows == ()


def test_deleting_a_person_deletes_the_keys(store):
    with store.write() as s:
        person = add_persoon(s, achternaam="Bakker")
    with store.write() as s:
        s.delete(s.get(Persoon, person.id))
    assert keys_of(store, person.id) == set()


def test_import_indexes_new_persons_and_what_it_fills_in(store, regio, tmp_path):
    first = tmp_path / "a.csv"
    first.write_text(
        "extern_id;bron;soort;datum;gemeente;achternaam;voornamen;geboortedatum\n"
        "M1;politie;overlast;2026-11-01;Roermond;Özdemir;Ayşe;1990-01-02\n",
        encoding="utf-8",
    )
    assert import_meldingen(store, regio, first).ok
    with store.read() as s:
        (row,) = lookup.search(s, "ozdemir").rows
    assert keys_of(store, row.persoon_id) == {"n:ozdemir", "n:ayse", "v:a", "g:1990-01-02", "j:1990"}
    second = tmp_path / "b.csv"  # the same person, now with a BSN and an address: filled in, indexed
    second.write_text(
        "extern_id;bron;soort;datum;gemeente;achternaam;voornamen;geboortedatum;bsn;adres;postcode;woonplaats\n"
        "M2;politie;overlast;2026-11-02;Roermond;Özdemir;Ayşe;1990-01-02;123456782;Markt 3;6041 AB;Roermond\n",
        encoding="utf-8",
    )
    assert import_meldingen(store, regio, second).ok
    assert {"b:123456782", "p:6041ab", "a:6041ab3"} <= keys_of(store, row.persoon_id)
    with store.read() as s:
        assert lookup.search(s, "123456782").rows[0].persoon_id == row.persoon_id


def test_rebuild_gives_the_same_index(store):
    with store.write() as s:
        add_persoon(s, achternaam="Berg", tussenvoegsel="van den", voornamen="Jan", postcode="6041AB", adres="Markt 1")
        add_persoon(s, achternaam="Özdemir", voornamen="Ayşe", bsn="123456782")
    before = all_index(store)
    search_index.rebuild(store)
    assert all_index(store) == before


def test_migration_backfills_persons_stored_before_it(db_url):
    """A store at 0001 with persons; upgrading builds exactly the index the services build."""
    engine = make_engine(db_url)
    migrate.upgrade(engine, "0001")
    people = [
        {
            "achternaam": "Berg",
            "tussenvoegsel": "van den",
            "voornamen": "Jan Pieter",
            "geboortedatum": date(1987, 3, 12),
            "bsn": "123456782",
            "adres": "1e Kruisstraat 12 a",
            "postcode": "6041 AB",
        },
        {"achternaam": "Wijk-Özdemir", "voornamen": "Ayşe", "postcode": "nope", "adres": "Heerbaan 3 A01"},
        {"achternaam": "El Amrani", "voornamen": "Mo", "geboortedatum": date(2001, 8, 9)},
        {"achternaam": None, "voornamen": None, "bsn": "111222333"},
    ]
    with engine.begin() as connection:
        for n, person in enumerate(people, start=1):
            connection.execute(insert(Persoon.__table__), [{"id": n, "aangemaakt_op": utcnow(), **person}])
    migrate.upgrade(engine)
    store = Database(engine)
    migrated = all_index(store)
    assert len(migrated[0]) > 10
    search_index.rebuild(store)
    assert all_index(store) == migrated
    engine.dispose()
