"""Same person twice: merge, unmerge (links and fields restored exactly), likely duplicates."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.factories import add_melding, add_persoon
from zvh_core.kernel.models import (
    Casus,
    CasusPersoon,
    MeldingPersoon,
    Persoon,
    PersoonSamenvoeging,
    PersoonZoeksleutel,
)
from zvh_core.persons import lookup, merge
from zvh_core.persons.dossier import load_dossier

TODAY = date(2026, 11, 26)


@pytest.fixture
def twice(store):
    """Jan Berg twice: A without BSN or address, B (a typo in the surname) with both; a melding names both."""
    with store.write() as s:
        a = add_persoon(s, achternaam="Berg", voornamen="Jan", geboortedatum=date(1987, 3, 12))
        b = add_persoon(
            s,
            achternaam="Bergh",
            voornamen="J.",
            geboortedatum=date(1987, 3, 12),
            bsn="123456782",
            adres="Markt 3",
            postcode="6041 AB",
            woonplaats="Roermond",
        )
        other = add_persoon(s, achternaam="Berg", voornamen="Els", geboortedatum=date(1990, 1, 1))
        m1 = add_melding(s, datum=date(2026, 1, 5), personen=[a])
        m2 = add_melding(s, datum=date(2026, 2, 5), personen=[a, b])
        m3 = add_melding(s, datum=date(2026, 3, 5), personen=[b, other])
        c1 = Casus(thema="pga", gemeente="Roermond", geopend=date(2026, 3, 1), procesregisseur="R. Regisseur")
        c2 = Casus(thema="nazorg", gemeente="Roermond", geopend=date(2025, 3, 1), gesloten=date(2025, 9, 1))
        s.add_all([c1, c2])
        s.flush()
        s.add_all(
            [
                CasusPersoon(casus_id=c1.id, persoon_id=a.id),
                CasusPersoon(casus_id=c1.id, persoon_id=b.id),
                CasusPersoon(casus_id=c2.id, persoon_id=b.id),
            ]
        )
        return {"a": a.id, "b": b.id, "other": other.id, "m": [m1.id, m2.id, m3.id], "c": [c1.id, c2.id]}


def snapshot(store):
    """Every person row and every link, as comparable values."""
    with store.read() as s:
        persons = {p.id: p.model_dump() for p in s.execute(select(Persoon)).scalars()}
        links = set(s.execute(select(MeldingPersoon.melding_id, MeldingPersoon.persoon_id)).all())
        casus_links = set(s.execute(select(CasusPersoon.casus_id, CasusPersoon.persoon_id)).all())
        keys = set(s.execute(select(PersoonZoeksleutel.sleutel, PersoonZoeksleutel.persoon_id)).all())
    return persons, links, casus_links, keys


def test_merge_moves_links_fills_fields_and_removes_the_other_record(store, twice):
    a, b = twice["a"], twice["b"]
    record_id = merge.merge_persons(store, a, b)
    persons, links, casus_links, _ = snapshot(store)
    assert b not in persons
    kept = persons[a]
    assert (kept["achternaam"], kept["voornamen"]) == ("Berg", "Jan")  # a's name stays
    assert (kept["bsn"], kept["adres"], kept["postcode"]) == ("123456782", "Markt 3", "6041 AB")  # taken from b
    m1, m2, m3 = twice["m"]
    assert {(m, p) for m, p in links if p in (a, b)} == {(m1, a), (m2, a), (m3, a)}
    assert {(c, p) for c, p in casus_links if p in (a, b)} == {(twice["c"][0], a), (twice["c"][1], a)}
    with store.read() as s:
        record = s.get(PersoonSamenvoeging, record_id)
        assert record.vervallen_gegevens["bsn"] == "123456782" and record.vervallen_gegevens["id"] == b
        assert record.meldingen_verplaatst == [m3] and record.meldingen_dubbel == [m2]
        assert record.casussen_verplaatst == [twice["c"][1]] and record.casussen_dubbel == [twice["c"][0]]
        assert record.behouden_voor == {"bsn": None, "adres": None, "postcode": None, "woonplaats": None}
        assert lookup.search(s, "123456782").rows[0].persoon_id == a
        assert [r.persoon_id for r in lookup.search(s, "bergh").rows if r.persoon_id == b] == []
        dossier = load_dossier(s, a, today=TODAY)
    assert len(dossier.history.meldingen) == 3 and len(dossier.history.casussen) == 2
    assert dossier.samenvoegingen[0].vervallen_naam == "J. Bergh"


def test_unmerge_restores_links_and_fields_exactly(store, twice):
    before = snapshot(store)
    record_id = merge.merge_persons(store, twice["a"], twice["b"])
    restored = merge.unmerge(store, record_id)
    assert restored == twice["b"]
    assert snapshot(store) == before
    with store.read() as s:
        assert s.get(PersoonSamenvoeging, record_id).ongedaan_op is not None
        assert lookup.search(s, "123456782").rows[0].persoon_id == twice["b"]
        assert load_dossier(s, twice["a"], today=TODAY).samenvoegingen == ()


def test_unmerge_keeps_what_was_added_since(store, twice):
    """A melding linked to the kept person after the merge stays with it."""
    record_id = merge.merge_persons(store, twice["a"], twice["b"])
    with store.write() as s:
        later = add_melding(s, datum=date(2026, 11, 1), personen=[s.get(Persoon, twice["a"])])
    merge.unmerge(store, record_id)
    _, links, _, _ = snapshot(store)
    assert (later.id, twice["a"]) in links and (later.id, twice["b"]) not in links


def test_refusals(store, twice):
    with store.write() as s:
        stranger = add_persoon(s, achternaam="Berg", voornamen="Jan", geboortedatum=date(1987, 3, 12), bsn="111222333")
    with pytest.raises(merge.MergeError, match="Verschillende BSN"):
        merge.merge_persons(store, twice["b"], stranger.id)
    with pytest.raises(merge.MergeError, match="zichzelf"):
        merge.merge_persons(store, twice["a"], twice["a"])
    record_id = merge.merge_persons(store, twice["a"], twice["b"])
    merge.unmerge(store, record_id)
    with pytest.raises(merge.MergeError, match="al ongedaan"):
        merge.unmerge(store, record_id)


def test_unmerge_is_refused_while_the_kept_person_is_merged_away(store, twice):
    first = merge.merge_persons(store, twice["a"], twice["b"])
    with store.write() as s:
        third = add_persoon(s, achternaam="Berg", voornamen="Jan", geboortedatum=date(1987, 3, 12))
    second = merge.merge_persons(store, third.id, twice["a"])
    with pytest.raises(merge.MergeError, match="eerst ongedaan"):
        merge.unmerge(store, first)
    merge.unmerge(store, second)
    merge.unmerge(store, first)
    _, links, _, _ = snapshot(store)
    assert (twice["m"][2], twice["b"]) in links


def test_likely_duplicates(store, twice):
    with store.write() as s:
        add_persoon(s, achternaam="Berg", voornamen="Jan", geboortedatum=date(1950, 1, 1))  # another Jan Berg: no
        same_address = add_persoon(
            s, achternaam="Berg", voornamen="Jan", geboortedatum=None, adres="Markt 3", postcode="6041AB"
        )
    with store.read() as s:
        found = {d.persoon_id: d.reden for d in merge.likely_duplicates(s, twice["a"])}
        assert found == {twice["b"]: "lijkende naam, zelfde geboortedatum"}
        by_address = {d.persoon_id: d.reden for d in merge.likely_duplicates(s, same_address.id)}
        assert by_address == {twice["b"]: "lijkende naam, zelfde adres"}
        rows = lookup.mark_duplicates(s, lookup.search(s, "jan berg 1987")).rows
        assert rows[0].persoon_id == twice["a"] and rows[0].mogelijk_dubbel
        els = lookup.mark_duplicates(s, lookup.search(s, "els berg")).rows
        assert not next(r for r in els if r.persoon_id == twice["other"]).mogelijk_dubbel
