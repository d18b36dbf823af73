"""Partners prepare an overleg the chair has not opened yet (zvh_core.meetings.voorbereiden, .planned): on
Wednesday VT and AMW see Thursday's routeertafel with the agenda opening it would give, answer on it, never see
each other's answers; on Thursday the chair opens it and their answers are on the besprekingen, marked as
prepared, with the versions the partners saw, so a partner's screen still showing the planned agenda answers on.
An answer whose melding is not on the opened agenda waits until the chair adds it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.factories import add_melding, add_persoon
from tests.meeting_helpers import THURSDAY, WEDNESDAY, detail, items, open_type
from zvh_core.access.rights import Actor
from zvh_core.kernel.models import Bekendheid, GeplandAntwoord, Toegangslog
from zvh_core.meetings import overleggen, voorbereiden
from zvh_core.meetings.overleggen import MeetingError
from zvh_core.meetings.voorbereiden import AntwoordConflict, Gepland

VT = Actor("vt-els", "partner", organisatie="vt")
AMW = Actor("amw-joop", "partner", organisatie="amw")
VVG = Actor("vvg-kim", "partner", organisatie="vvg")
ROUTEERTAFEL = Gepland("routeertafel", THURSDAY)


@pytest.fixture
def meldingen(store):
    with store.write() as s:
        anna = add_persoon(s, achternaam="Aalders", voornamen="Anna", geboortedatum=date(1990, 5, 4), adres="Markt 1")
        bob = add_persoon(s, achternaam="Bosch", voornamen="Bob")
        first = add_melding(s, datum=date(2026, 11, 20), personen=[anna], extern_id="P-1", omschrijving="Ruzie")
        second = add_melding(s, datum=date(2026, 11, 21), personen=[bob], extern_id="P-2")
        return first.id, second.id


def _coming(store, regio, today=WEDNESDAY):
    with store.read() as s:
        return voorbereiden.coming_overleggen(s, regio, today)


def _prep(store, regio, key, today=WEDNESDAY):
    with store.read() as s:
        return voorbereiden.voorbereiding(s, regio, key, today)


def test_a_partner_sees_the_coming_overleg_before_the_chair_opens_it(raw_store, regio, meldingen):
    first, second = meldingen
    (coming,) = _coming(raw_store.as_user(VT), regio)
    assert (coming.overleg_id, coming.key, coming.aantal, coming.voorbereid, coming.gestart) == (
        None,
        ROUTEERTAFEL,
        2,
        0,
        False,
    )
    prep = _prep(raw_store.as_user(VT), regio, coming.key)
    assert [(i.bespreking_id, i.melding_id) for i in prep.items] == [(None, first), (None, second)]
    anna = prep.items[0].personen[0]
    assert (anna.naam, anna.adres, anna.bsn, prep.items[0].omschrijving) == ("Anna Aalders", "Markt 1", None, None)
    assert all(i.antwoord.versie == 0 and i.besluit is None for i in prep.items)
    assert _coming(raw_store.as_user(VVG), regio) == []  # not at the routeertafel; its own type's agenda is empty
    with raw_store.as_user(VVG).read() as s, pytest.raises(MeetingError, match="wordt niet verwacht"):
        voorbereiden.voorbereiding(s, regio, ROUTEERTAFEL, WEDNESDAY)
    with raw_store.as_user(VT).read() as s, pytest.raises(MeetingError, match="geen komend routeertafel"):
        voorbereiden.voorbereiding(s, regio, Gepland("routeertafel", date(2026, 12, 3)), WEDNESDAY)


def test_answers_on_the_planned_agenda_are_the_partners_own_and_carry_over_when_the_chair_opens_it(
    raw_store, store, regio, meldingen
):
    first, second = meldingen
    vt, amw = raw_store.as_user(VT), raw_store.as_user(AMW)
    kw = dict(today=WEDNESDAY)
    stored = voorbereiden.answer_planned(
        vt, regio, ROUTEERTAFEL, first, code="bekend", notitie="VT kent", expected_versie=0, **kw
    )
    assert (stored.code, stored.notitie, stored.versie, stored.voorbereid_door) == ("bekend", "VT kent", 1, "vt-els")
    voorbereiden.answer_planned(amw, regio, ROUTEERTAFEL, first, code="niet_bekend", expected_versie=0, **kw)
    voorbereiden.answer_planned(
        amw, regio, ROUTEERTAFEL, second, code="deelt_niet", reden="Geen toestemming", expected_versie=0, **kw
    )
    with pytest.raises(AntwoordConflict) as stale:  # VT's other screen still showed version 0
        voorbereiden.answer_planned(vt, regio, ROUTEERTAFEL, first, code="niet_bekend", expected_versie=0, **kw)
    assert stale.value.melding_id == first and stale.value.stored.notitie == "VT kent"
    with pytest.raises(MeetingError, match="reden"):
        voorbereiden.answer_planned(vt, regio, ROUTEERTAFEL, second, code="deelt_niet", expected_versie=0, **kw)
    # Neither partner sees the other's answers.
    vt_sees = {i.melding_id: i.antwoord for i in _prep(vt, regio, ROUTEERTAFEL).items}
    assert {a.partner for a in vt_sees.values()} == {"vt"} and vt_sees[second].versie == 0
    assert [c.voorbereid for c in _coming(amw, regio)] == [2]

    # Thursday: the chair opens the routeertafel; the answers are on its besprekingen, marked as prepared.
    overleg_id = open_type(store, regio, "routeertafel", THURSDAY)
    besprekingen = {i.melding_id: i.bespreking_id for i in items(store, regio, overleg_id)}
    shown = {b.partner: b for b in detail(store, regio, besprekingen[first]).bekendheid}
    assert (shown["vt"].code, shown["vt"].notitie, shown["vt"].voorbereid_door, shown["vt"].versie) == (
        "bekend",
        "VT kent",
        "vt-els",
        1,
    )
    assert shown["amw"].code == "niet_bekend" and shown["amw"].voorbereid_op is not None
    amw_second = next(b for b in detail(store, regio, besprekingen[second]).bekendheid if b.partner == "amw")
    assert (amw_second.code, amw_second.reden) == ("deelt_niet", "Geen toestemming")
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(GeplandAntwoord)) == 0
        assert sorted(voorbereiden.prepared_by(s, overleg_id)[besprekingen[first]]) == ["amw", "vt"]
    # VT's screen still shows the planned agenda (version 1): its next answer goes to the opened overleg.
    voorbereiden.answer_planned(vt, regio, ROUTEERTAFEL, first, notitie="VT kent, sinds 2024", expected_versie=1)
    assert next(b for b in detail(store, regio, besprekingen[first]).bekendheid if b.partner == "vt").versie == 2
    # ... and the planned key now shows the opened overleg.
    prep = _prep(vt, regio, ROUTEERTAFEL, today=THURSDAY)
    assert prep.overleg.overleg_id == overleg_id and prep.items[0].bespreking_id == besprekingen[first]
    assert prep.items[0].antwoord.notitie == "VT kent, sinds 2024"


def test_a_carried_over_answer_stays_when_the_chair_takes_the_melding_off_and_back_on(
    raw_store, store, regio, meldingen
):
    _, second = meldingen
    vt = raw_store.as_user(VT)
    voorbereiden.answer_planned(vt, regio, ROUTEERTAFEL, second, code="bekend", expected_versie=0, today=WEDNESDAY)
    overleg_id = open_type(store, regio, "routeertafel", THURSDAY)
    second_bespreking = next(i.bespreking_id for i in items(store, regio, overleg_id) if i.melding_id == second)
    overleggen.remove_from_agenda(store, second_bespreking)
    overleggen.add_to_agenda(store, overleg_id, second)  # back on: the answer was carried over at the opening
    vt_row = next(b for b in detail(store, regio, second_bespreking).bekendheid if b.partner == "vt")
    assert (vt_row.code, vt_row.voorbereid_door) == ("bekend", "vt-els")


def test_an_answer_whose_melding_is_not_on_the_opened_agenda_waits_until_the_chair_adds_it(
    raw_store, store, regio, meldingen
):
    first, _ = meldingen
    with store.write() as s:  # a melding of a soort the routeertafel does not take: not on its agenda
        late = add_melding(s, soort="verward_gedrag", datum=date(2026, 11, 22), extern_id="P-3").id
    vt = raw_store.as_user(VT)
    with pytest.raises(MeetingError, match="staat niet"):
        voorbereiden.answer_planned(vt, regio, ROUTEERTAFEL, late, code="bekend", expected_versie=0, today=WEDNESDAY)
    voorbereiden.answer_planned(vt, regio, ROUTEERTAFEL, first, code="bekend", expected_versie=0, today=WEDNESDAY)
    with store.write() as s:  # an answer left waiting (e.g. typed just before the melding was decided elsewhere)
        s.add(GeplandAntwoord(overleg_type="routeertafel", datum=THURSDAY, melding_id=late, partner="vt", versie=1))
    overleg_id = open_type(store, regio, "routeertafel", THURSDAY)
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(GeplandAntwoord)) == 1  # still waiting
    bespreking_id = overleggen.add_to_agenda(store, overleg_id, late)
    with store.read() as s:
        carried = s.exec(select(Bekendheid).where(Bekendheid.bespreking_id == bespreking_id)).scalars().all()
        assert [(b.partner, b.versie) for b in carried] == [("vt", 1)]
        assert s.scalar(select(func.count()).select_from(GeplandAntwoord)) == 0


def test_views_and_answers_on_the_planned_agenda_are_logged_with_the_partners_account(
    raw_store, store, regio, meldingen, monkeypatch
):
    from zvh_core.access import audit

    monkeypatch.setattr(audit, "VIEW_REPEAT_SECONDS", 0)
    first, _ = meldingen
    vt = raw_store.as_user(VT)
    _prep(vt, regio, ROUTEERTAFEL)
    voorbereiden.answer_planned(vt, regio, ROUTEERTAFEL, first, code="bekend", expected_versie=0, today=WEDNESDAY)
    with store.read() as s:
        logged = s.exec(select(Toegangslog).where(Toegangslog.gebruiker == "vt-els")).scalars().all()
    views = [e for e in logged if e.actie == "bekeken" and e.object_type == "melding"]
    answers = [e for e in logged if e.actie == "gewijzigd"]
    assert len(views) == 2 and {e.context for e in views} == {"voorbereiding routeertafel 2026-11-26"}
    assert len(answers) == 1 and answers[0].persoon_id is not None and answers[0].rol == "partner"
