"""Casussen: opened by a triage besluit (same transaction), or directly; persons, meldingen, close, reopen."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.factories import add_melding, add_persoon
from tests.meeting_helpers import WEDNESDAY, detail, item_of, open_type
from tests.regisseurs import add_regisseurs
from zvh_core.acties import followup
from zvh_core.acties.followup import ActieError
from zvh_core.casussen import perioden, procesregie
from zvh_core.casussen.procesregie import CasusError, CasusRequest
from zvh_core.kernel.models import Besluit, Casus, CasusMelding, CasusPersoon
from zvh_core.meetings import bespreking, overleggen
from zvh_core.persons import lookup
from zvh_core.persons.history import casussen_of


@pytest.fixture(autouse=True)
def regisseurs(store):
    """The procesregisseurs these tests name are accounts."""
    return add_regisseurs(store, "Eva Regie", "Eva", "Piet", "Anna", "Bert")


def count(store, model) -> int:
    with store.read() as s:
        return s.exec(select(func.count()).select_from(model)).one()[0]


@pytest.fixture
def triage_item(store, regio):
    """A detentie melding about two persons on Wednesday's triage agenda."""
    with store.write() as s:
        jan = add_persoon(s, achternaam="Vries", tussenvoegsel="de", voornamen="Jan", geboortedatum=date(1990, 12, 1))
        els = add_persoon(s, achternaam="Vries", tussenvoegsel="de", voornamen="Els", geboortedatum=date(1992, 3, 3))
        melding = add_melding(
            s, soort="detentie", bron="penitentiaire_inrichting", gemeente="Weert", personen=[jan, els]
        )
    overleg_id = open_type(store, regio, "triage", WEDNESDAY)
    return overleg_id, item_of(store, regio, overleg_id, melding.id), (jan.id, els.id)


def test_casus_openen_creates_a_casus_with_the_melding_and_its_persons(store, regio, triage_item):
    _overleg_id, item, persons = triage_item
    casus_id = bespreking.set_besluit(
        store, regio, item.bespreking_id, "casus_openen", "PGA", CasusRequest("pga", "Eva Regie")
    ).casus_id
    with store.read() as s:
        casus = s.get(Casus, casus_id)
        assert (casus.thema, casus.procesregisseur, casus.gemeente, casus.geopend) == (
            "pga",
            "Eva Regie",
            "Weert",
            WEDNESDAY,
        )
        assert s.exec(select(CasusMelding.melding_id).where(CasusMelding.casus_id == casus_id)).scalars().all() == [
            item.melding_id
        ]
        assert sorted(
            s.exec(select(CasusPersoon.persoon_id).where(CasusPersoon.casus_id == casus_id)).scalars()
        ) == sorted(persons)
        assert s.exec(select(Besluit.casus_id)).scalars().one() == casus_id
        assert [c.id for c in casussen_of(s, [persons[0]])] == [casus_id]  # the person's history
    assert detail(store, regio, item.bespreking_id).besluit.casus_id == casus_id


def test_casus_openen_needs_a_thema_and_nothing_is_stored_without(store, regio, triage_item):
    _, item, _ = triage_item
    with pytest.raises(overleggen.MeetingError, match="opent een casus"):
        bespreking.set_besluit(store, regio, item.bespreking_id, "casus_openen", None)
    with pytest.raises(CasusError, match="Onbekend thema"):
        bespreking.set_besluit(store, regio, item.bespreking_id, "casus_openen", None, CasusRequest("onzin"))
    assert count(store, Casus) == 0 and count(store, Besluit) == 0, "besluit and casus are one transaction"


def test_deciding_again_updates_the_casus_and_another_route_removes_it(store, regio, triage_item):
    _, item, _ = triage_item
    first = bespreking.set_besluit(
        store, regio, item.bespreking_id, "casus_openen", None, CasusRequest("triage", "Eva")
    ).casus_id
    again = bespreking.set_besluit(
        store, regio, item.bespreking_id, "casus_openen", None, CasusRequest("nazorg", "Piet")
    ).casus_id
    assert again == first and count(store, Casus) == 1
    with store.read() as s:
        assert (s.get(Casus, first).thema, s.get(Casus, first).procesregisseur) == ("nazorg", "Piet")
    assert bespreking.set_besluit(store, regio, item.bespreking_id, "advies_melder", None).casus_id is None
    assert (count(store, Casus), count(store, CasusPersoon), count(store, CasusMelding)) == (0, 0, 0)
    bespreking.set_besluit(store, regio, item.bespreking_id, "casus_openen", None, CasusRequest("triage"))
    bespreking.clear_besluit(store, item.bespreking_id)
    assert count(store, Casus) == 0


def test_a_casus_opened_directly_with_persons_found_or_added(store, regio):
    with store.write() as s:
        jan = add_persoon(s, achternaam="Vries", tussenvoegsel="de", voornamen="Jan", geboortedatum=date(1990, 12, 1))
        add_persoon(s, achternaam="Vriesema", voornamen="Kees")
        add_persoon(s, achternaam="Bakker", voornamen="Jan")
    casus_id = procesregie.open_casus(
        store,
        regio,
        thema="pga",
        gemeente="roermond",
        geopend=date(2026, 11, 2),
        procesregisseur=" Eva ",
        aangemeld_door="om",
    )
    with store.read() as s:  # persons are found with the one lookup (Ctrl+F's engine)
        found = lookup.search(s, "Jan de Vries").rows
    assert found[0].naam == "Jan de Vries"
    procesregie.add_persoon(store, casus_id, found[0].persoon_id)
    assert procesregie.add_persoon(store, casus_id, found[0].persoon_id) is False
    # A "new" person with the same name and birth date is recognised, not doubled.
    same, recognised = procesregie.new_persoon(
        store,
        achternaam="VRIES",
        tussenvoegsel="De",
        voornamen="J.",
        geboortedatum=date(1990, 12, 1),
        casus_id=casus_id,
    )
    assert (same, recognised) == (jan.id, True)
    kind, recognised = procesregie.new_persoon(
        store, achternaam="Vries", tussenvoegsel="de", voornamen="Mo", casus_id=casus_id
    )
    assert not recognised
    with pytest.raises(CasusError, match="achternaam of voornaam"):
        procesregie.new_persoon(store, achternaam=" ")
    with pytest.raises(CasusError, match="Ongeldig BSN"):
        procesregie.new_persoon(store, achternaam="X", bsn="123456789")
    with store.read() as s:
        d = procesregie.get_casus(s, regio, casus_id, today=date(2026, 11, 26))
    assert (d.row.thema, d.row.gemeente, d.row.procesregisseur, d.row.aangemeld_door) == (
        "pga",
        "Roermond",
        "Eva",
        "om",
    )
    assert d.row.leeftijd_dagen == 24
    assert sorted(p.id for p in d.personen) == sorted([jan.id, kind])
    with pytest.raises(CasusError, match="Onbekende gemeente"):
        procesregie.open_casus(store, regio, thema="pga", gemeente="Utrecht", geopend=date(2026, 1, 1))


def test_meldingen_bring_their_persons_and_can_be_unlinked(store, regio):
    with store.write() as s:
        a, b = add_persoon(s, voornamen="A"), add_persoon(s, voornamen="B", achternaam="Bos")
        melding = add_melding(s, personen=[a, b])
    casus_id = procesregie.open_casus(store, regio, thema="triage", gemeente="Weert", geopend=date(2026, 11, 1))
    assert procesregie.add_melding(store, casus_id, melding.id) == 2
    with pytest.raises(CasusError, match="hoort al bij"):
        procesregie.add_melding(store, casus_id, melding.id)
    procesregie.remove_persoon(store, casus_id, b.id)
    procesregie.remove_melding(store, casus_id, melding.id)
    with store.read() as s:
        d = procesregie.get_casus(s, regio, casus_id, today=date(2026, 11, 26))
    assert ([p.id for p in d.personen], d.meldingen) == ([a.id], ())


def test_close_with_a_reden_and_reopen(store, regio):
    casus_id = procesregie.open_casus(store, regio, thema="nazorg", gemeente="Weert", geopend=date(2026, 6, 1))
    today = date(2026, 11, 26)
    with pytest.raises(CasusError, match="reden"):
        perioden.close_casus(store, regio, casus_id, reden="  ", gesloten=date(2026, 11, 1), today=today)
    perioden.close_casus(
        store, regio, casus_id, reden="doelen_bereikt", notitie="Doel bereikt", gesloten=date(2026, 11, 1), today=today
    )
    with store.read() as s:
        assert procesregie.list_casussen(s, regio, today) == []
        (row,) = procesregie.list_casussen(s, regio, today, include_closed=True)
        assert (row.gesloten, row.leeftijd_dagen) == (date(2026, 11, 1), 153)
        assert procesregie.get_casus(s, regio, casus_id, today).reden_sluiting == "doelen_bereikt"
    perioden.reopen_casus(store, casus_id, reden="Nieuwe melding", on=today, today=today)
    with store.read() as s:
        d = procesregie.get_casus(s, regio, casus_id, today)
    assert (d.row.gesloten, d.reden_sluiting, d.heropend_op) == (None, None, today)


def test_a_casus_has_its_own_actions(store, regio):
    casus_id = procesregie.open_casus(store, regio, thema="pga", gemeente="Weert", geopend=date(2026, 11, 1))
    procesregie.add_casus_actie(store, regio, casus_id, "reclassering", " Toezicht afstemmen ", date(2026, 12, 1))
    with pytest.raises(ActieError, match="omschrijving"):
        procesregie.add_casus_actie(store, regio, casus_id, "zvh", "  ", date(2026, 12, 1))
    with store.read() as s:
        (actie,) = procesregie.get_casus(s, regio, casus_id, date(2026, 11, 26)).acties
        (row,) = followup.open_acties(s, regio)
        (listed,) = procesregie.list_casussen(s, regio, date(2026, 11, 26))
    assert (actie.eigenaar, actie.omschrijving) == ("reclassering", "Toezicht afstemmen")
    assert (row.casus_id, row.casus_thema, row.overleg_id) == (casus_id, "pga", None)
    assert listed.open_acties == 1


def test_open_casussen_by_thema_then_procesregisseur(store, regio):
    for thema, regisseur, geopend in [
        ("pga", "Bert", date(2026, 3, 1)), ("triage", "Eva", date(2026, 5, 1)), ("pga", "Anna", date(2026, 4, 1)),
        ("triage", None, date(2026, 1, 1)), ("triage", "Eva", date(2026, 2, 1)),
    ]:  # fmt: skip
        procesregie.open_casus(store, regio, thema=thema, gemeente="Weert", geopend=geopend, procesregisseur=regisseur)
    with store.read() as s:
        rows = procesregie.list_casussen(s, regio, date(2026, 11, 26))
    assert [(r.thema, r.procesregisseur, r.geopend.month) for r in rows] == [
        ("triage", "Eva", 2), ("triage", "Eva", 5), ("triage", None, 1), ("pga", "Anna", 4), ("pga", "Bert", 3),
    ]  # fmt: skip


def test_the_procesregisseur_is_an_account_and_a_name_from_before_accounts_stays(store, regio, regisseurs):
    with pytest.raises(CasusError, match="'Klaas' is geen actief account van een procesregisseur") as refused:
        procesregie.open_casus(store, regio, thema="pga", gemeente="Weert", geopend=date(2026, 11, 2),
                               procesregisseur="Klaas")  # fmt: skip
    assert refused.value.veld == "procesregisseur" and "kies uit: Anna, Bert, Eva, Eva Regie, Piet" in str(
        refused.value
    )
    assert count(store, Casus) == 0
    casus_id = procesregie.open_casus(
        store, regio, thema="pga", gemeente="Weert", geopend=date(2026, 11, 2), procesregisseur="eva regie"
    )
    with store.read() as s:
        casus = s.get(Casus, casus_id)
        assert (casus.procesregisseur, casus.procesregisseur_id) == ("Eva Regie", regisseurs["Eva Regie"])
    # A casus from an old store (or imported history) with a name that is no account keeps it while unchanged.
    with store.write() as s:
        s.get(Casus, casus_id).procesregisseur, s.get(Casus, casus_id).procesregisseur_id = "M. Jansen", None
    procesregie.update_casus(store, regio, casus_id, thema="nazorg", gemeente="Weert", procesregisseur="M. Jansen")
    with store.read() as s:
        assert (s.get(Casus, casus_id).thema, s.get(Casus, casus_id).procesregisseur) == ("nazorg", "M. Jansen")
    # Editing never swaps the procesregisseur (nor takes it away): that is a hand-over, with its date and note.
    for other in ("Piet", "P. Pietersen", None):
        with pytest.raises(CasusError, match=r"wisselt alleen met een overdracht \(h\)") as refused:
            procesregie.update_casus(store, regio, casus_id, thema="pga", gemeente="Weert", procesregisseur=other)
        assert refused.value.veld == "procesregisseur"
    with store.read() as s:
        assert (s.get(Casus, casus_id).thema, s.get(Casus, casus_id).procesregisseur) == ("nazorg", "M. Jansen")
    # A casus without one is given one by an edit, an account only.
    bare = procesregie.open_casus(store, regio, thema="pga", gemeente="Weert", geopend=date(2026, 11, 2))
    with pytest.raises(CasusError, match="'P\\. Pietersen' is geen actief account"):
        procesregie.update_casus(store, regio, bare, thema="pga", gemeente="Weert", procesregisseur="P. Pietersen")
    procesregie.update_casus(store, regio, bare, thema="pga", gemeente="Weert", procesregisseur="Piet")
    with store.read() as s:
        casus = s.get(Casus, bare)
        assert (casus.procesregisseur, casus.procesregisseur_id) == ("Piet", regisseurs["Piet"])


def test_a_name_from_before_accounts_that_is_an_accounts_name_is_that_account(store, regio, regisseurs):
    from zvh_core.casussen import regie

    casus_id = procesregie.open_casus(store, regio, thema="pga", gemeente="Weert", geopend=date(2026, 11, 2))
    with store.write() as s:  # an old store: the name typed before the procesregisseur was an account
        s.get(Casus, casus_id).procesregisseur = "piet"
    with store.read() as s:
        assert regie.werkdossier(s, regio, casus_id).procesregisseur_id == regisseurs["Piet"], "shown as the account"
        assert s.get(Casus, casus_id).procesregisseur_id is None, "reading changes nothing"
    procesregie.update_casus(store, regio, casus_id, thema="pga", gemeente="Weert", procesregisseur="piet")
    with store.read() as s:
        casus = s.get(Casus, casus_id)
        assert (casus.procesregisseur, casus.procesregisseur_id) == ("Piet", regisseurs["Piet"]), "linked on an edit"
