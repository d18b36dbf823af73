"""Undo of the chair's changes at the table (issue 10), at the service: bespreking.undo_change writes the
state a change replaced back as a change of its own (a new versie, logged), and refuses when someone else
changed the melding or the answer since."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.factories import add_melding, add_persoon
from tests.meeting_helpers import THURSDAY, items, open_type
from tests.regisseurs import add_regisseurs
from zvh_core.access.rights import Actor
from zvh_core.casussen.procesregie import CasusRequest
from zvh_core.kernel.models import Actie, Bekendheid, Besluit, Bespreking, Casus, Toegangslog
from zvh_core.meetings import bespreking, overleggen, voorbereiden
from zvh_core.meetings.bespreking import BekendheidChange, ConcurrentChange
from zvh_core.meetings.overleggen import MeetingError


def _item(store, regio, type_code: str):
    with store.write() as s:
        p = add_persoon(s, achternaam="Jansen", voornamen="Kim")
        melding_id = add_melding(s, soort="overlast", datum=date(2026, 11, 20), personen=[p], extern_id="U-1").id
    overleg_id = open_type(store, regio, type_code, THURSDAY)
    if not items(store, regio, overleg_id):  # a triage's agenda holds only what was referred to it
        overleggen.add_to_agenda(store, overleg_id, melding_id)
    (first,) = items(store, regio, overleg_id)
    return first


@pytest.fixture
def item(store, regio):
    return _item(store, regio, "routeertafel")


@pytest.fixture
def triage_item(store, regio):
    """An item of a triage (whose routes open a casus)."""
    return _item(store, regio, "triage")


def answers(store, bespreking_id: int) -> dict[str, tuple]:
    with store.read() as s:
        rows = s.exec(select(Bekendheid).where(Bekendheid.bespreking_id == bespreking_id)).scalars()
        return {b.partner: (b.code, b.notitie, b.oordeel, b.reden_niet_delen) for b in rows}


def test_a_bekendheid_change_is_taken_back_with_a_new_versie_and_logged(store, regio, item):
    bespreking.set_bekendheid(store, regio, item.bespreking_id, "vt", code="bekend", notitie="Onderzoek")
    log: list = []
    versie = bespreking.set_bekendheden(
        store,
        regio,
        item.bespreking_id,
        [
            BekendheidChange("vt", code="niet_bekend", notitie=""),
            BekendheidChange("amw", code="deelt_niet", reden="Geheim"),
        ],
        undo=log,
    )
    (entry,) = log
    assert (entry.versie, entry.wat) == (versie, "bekendheid VT, AMW")
    after = bespreking.undo_change(store, regio, entry)
    assert after == versie + 1
    assert answers(store, item.bespreking_id) == {
        "vt": ("bekend", "Onderzoek", None, None),
        "amw": ("niet_nagevraagd", None, None, None),
    }
    with store.read() as s:
        logged = s.exec(select(Toegangslog.details).where(Toegangslog.details.contains("ongedaan gemaakt"))).all()
    assert len(logged) == 1 and "bekendheid VT, AMW" in logged[0][0]


def test_undo_is_refused_when_another_chair_changed_the_melding_since(store, regio, item):
    log: list = []
    bespreking.set_bekendheid(store, regio, item.bespreking_id, "vt", code="bekend", undo=log)
    bespreking.set_bekendheid(store, regio, item.bespreking_id, "cjg", code="niet_bekend")  # someone else
    with pytest.raises(ConcurrentChange) as refused:
        bespreking.undo_change(store, regio, log[0])
    assert "Iemand anders heeft deze melding intussen gewijzigd" in str(refused.value)
    assert answers(store, item.bespreking_id)["vt"][0] == "bekend"


def test_undo_is_refused_when_the_partner_answered_on_its_own_screen_since(raw_store, store, regio, item):
    log: list = []
    bespreking.set_bekendheid(store, regio, item.bespreking_id, "vt", code="bekend", undo=log)
    vt = raw_store.as_user(Actor("vt-medewerker", "partner", organisatie="vt"))
    voorbereiden.answer(vt, regio, item.bespreking_id, code="niet_bekend", expected_versie=1)
    with pytest.raises(ConcurrentChange):
        bespreking.undo_change(store, regio, log[0])
    assert answers(store, item.bespreking_id)["vt"][0] == "niet_bekend"


def test_a_decision_that_opened_a_casus_is_taken_back_with_its_casus(store, regio, triage_item):
    item = triage_item
    add_regisseurs(store, "Eva")  # the procesregisseur of a casus is an account
    bespreking.set_besluit(store, regio, item.bespreking_id, "aanhouden", "Eerst school")
    log: list = []
    stored = bespreking.set_besluit(
        store, regio, item.bespreking_id, "casus_openen", "PGA", CasusRequest("pga", "Eva"), undo=log
    )
    assert stored.casus_id is not None
    bespreking.undo_change(store, regio, log[0])
    with store.read() as s:
        (besluit,) = s.exec(select(Besluit)).scalars().all()
        assert (besluit.route, besluit.toelichting, besluit.casus_id) == ("aanhouden", "Eerst school", None)
        assert s.get(Casus, stored.casus_id) is None
    # The first decision too: no decision at all.
    first: list = []
    bespreking.set_besluit(store, regio, item.bespreking_id, "advies_melder", None, undo=first)
    bespreking.undo_change(store, regio, first[0])
    with store.read() as s:
        assert s.exec(select(Besluit.route)).all() == [("aanhouden",)]


def test_a_decision_whose_earlier_casus_is_gone_is_not_restored_half(store, regio, triage_item):
    item = triage_item
    add_regisseurs(store, "Eva")
    bespreking.set_besluit(store, regio, item.bespreking_id, "casus_openen", "PGA", CasusRequest("pga", "Eva"))
    log: list = []
    bespreking.set_besluit(store, regio, item.bespreking_id, "aanhouden", None, undo=log)  # drops that casus
    with pytest.raises(MeetingError, match="niet ongedaan te maken"):
        bespreking.undo_change(store, regio, log[0])
    with store.read() as s:
        assert s.exec(select(Besluit.route)).all() == [("aanhouden",)]


def test_an_added_action_is_removed_and_a_removed_one_comes_back_as_it_was(store, regio, item):
    added: list = []
    actie_id = bespreking.add_actie(store, regio, item.bespreking_id, "vt", "Huisbezoek", THURSDAY, undo=added)
    assert added[0].wat == "actie voor VT"
    removed: list = []
    bespreking.remove_actie(store, actie_id, undo=removed, regio=regio)
    bespreking.undo_change(store, regio, removed[0])
    with store.read() as s:
        (actie,) = s.exec(select(Actie)).scalars().all()
        assert (actie.id, actie.eigenaar, actie.omschrijving) == (actie_id, "vt", "Huisbezoek")
    with pytest.raises(ConcurrentChange):  # the removal and its undo came after it: refused
        bespreking.undo_change(store, regio, added[0])


def test_changes_on_one_melding_are_taken_back_one_after_another(store, regio, item):
    stack: list = []
    for code in ("bekend", "niet_bekend"):
        bespreking.set_bekendheid(store, regio, item.bespreking_id, "vt", code=code, undo=stack)
    bespreking.set_besluit(store, regio, item.bespreking_id, "amw", "AMW pakt op", undo=stack)
    seen = []
    while stack:
        entry = stack.pop()
        versie = bespreking.undo_change(store, regio, entry)
        if stack:
            stack[-1] = bespreking.after_undo(stack[-1], entry, versie)
        with store.read() as s:
            route = s.exec(select(Besluit.route)).first()
        seen.append((answers(store, item.bespreking_id)["vt"][0], route))
    assert seen == [("niet_bekend", None), ("bekend", None), ("niet_nagevraagd", None)]
    # Another chair's change in between: the earlier change is not taken back over it.
    bespreking.set_bekendheid(store, regio, item.bespreking_id, "vt", code="bekend", undo=stack)
    bespreking.set_bekendheid(store, regio, item.bespreking_id, "amw", code="bekend")
    bespreking.set_bekendheid(store, regio, item.bespreking_id, "vt", code="niet_bekend", undo=stack)
    later = stack.pop()
    stack[-1] = bespreking.after_undo(stack[-1], later, bespreking.undo_change(store, regio, later))
    with pytest.raises(ConcurrentChange):
        bespreking.undo_change(store, regio, stack[-1])


def test_a_melding_taken_off_the_agenda_comes_back_in_its_place(store, regio, item):
    with store.read() as s:
        overleg_id = s.get(Bespreking, item.bespreking_id).overleg_id
    log: list = []
    overleggen.remove_from_agenda(store, item.bespreking_id, undo=log)
    assert items(store, regio, overleg_id) == []
    bespreking.undo_change(store, regio, log[0])
    (back,) = items(store, regio, overleg_id)
    assert (back.bespreking_id, back.volgorde) == (item.bespreking_id, item.volgorde)


def test_clearing_or_confirming_a_prepared_answer_is_taken_back_with_the_partners_answer(raw_store, store, regio, item):
    vt = raw_store.as_user(Actor("vt-medewerker", "partner", organisatie="vt"))
    amw = raw_store.as_user(Actor("amw-medewerker", "partner", organisatie="amw"))
    voorbereiden.answer(vt, regio, item.bespreking_id, code="bekend", notitie="Lopend onderzoek", expected_versie=0)
    voorbereiden.answer(amw, regio, item.bespreking_id, code="deelt_niet", reden="Geen toestemming", expected_versie=0)

    def reviewed() -> dict[str, tuple]:
        with store.read() as s:
            rows = s.exec(select(Bekendheid).where(Bekendheid.bespreking_id == item.bespreking_id)).scalars()
            return {b.partner: (b.code, b.notitie, b.reden_niet_delen, b.beoordeling, b.voorbereid_door) for b in rows}

    stack: list = []
    bespreking.review_prepared_answers(
        store, regio, item.bespreking_id, {"vt": None, "amw": None}, keep=True, undo=stack
    )
    bespreking.review_prepared(store, regio, item.bespreking_id, "vt", keep=True)  # (one partner: no undo asked)
    assert len(stack) == 1 and stack[0].wat == "voorbereiding VT, AMW bevestigd"
    with pytest.raises(ConcurrentChange):  # the second review came after it
        bespreking.undo_change(store, regio, stack[0])
    stack.clear()
    # w: VT's prepared fact is cleared; Ctrl+Z gives it back, still marked as VT's preparation, not reviewed.
    bespreking.review_prepared_answers(store, regio, item.bespreking_id, {"vt": None}, keep=False, undo=stack)
    assert reviewed()["vt"][:4] == ("niet_nagevraagd", None, None, "gewist")
    (entry,) = stack
    assert entry.wat == "voorbereiding VT gewist"
    bespreking.undo_change(store, regio, entry)
    assert reviewed()["vt"] == ("bekend", "Lopend onderzoek", None, "bevestigd", "vt-medewerker")
    assert reviewed()["amw"] == ("deelt_niet", None, "Geen toestemming", "bevestigd", "amw-medewerker")
    with store.read() as s:
        logged = s.exec(select(Toegangslog.details).where(Toegangslog.details.contains("ongedaan gemaakt"))).all()
    assert [d for (d,) in logged if "voorbereiding VT gewist" in d]
