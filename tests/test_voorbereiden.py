"""Partners prepare a coming overleg (zvh_core.meetings.voorbereiden): only where they are expected, only the
lookup fields, only their own answers, each with its own version; the chair sees the prepared answers,
marked, and confirms, changes or clears them. Every view and answer is logged with the partner's account."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, select

from tests.factories import add_melding, add_persoon
from tests.meeting_helpers import THURSDAY, WEDNESDAY, detail, items, open_type
from zvh_core.access import audit
from zvh_core.access.rights import AccessDenied, Actor
from zvh_core.kernel.models import Bekendheid, Bespreking, Toegangslog
from zvh_core.meetings import bespreking, overleggen, voorbereiden
from zvh_core.meetings.bespreking import ConcurrentChange
from zvh_core.meetings.overleggen import MeetingError
from zvh_core.meetings.voorbereiden import AntwoordConflict

VT = Actor("vt-els", "partner", organisatie="vt")
AMW = Actor("amw-joop", "partner", organisatie="amw")
VVG = Actor("vvg-kim", "partner", organisatie="vvg")


@pytest.fixture
def thursday(store, regio):
    """Thursday's routeertafel with two meldingen, opened on Wednesday; CJG sent apologies."""
    with store.write() as s:
        anna = add_persoon(
            s, achternaam="Aalders", voornamen="Anna", geboortedatum=date(1990, 5, 4), bsn="111222333", adres="Markt 1"
        )
        bob = add_persoon(s, achternaam="Bosch", voornamen="Bob")
        add_melding(s, datum=date(2026, 11, 20), personen=[anna], extern_id="P-1", omschrijving="Ruzie op straat")
        add_melding(s, datum=date(2026, 11, 21), personen=[bob], extern_id="P-2")
    overleg_id = open_type(store, regio, "routeertafel", THURSDAY, ["vt", "zvh", "amw"], afgemeld=["cjg"])
    first, second = (i.bespreking_id for i in items(store, regio, overleg_id))
    return overleg_id, first, second


def _prep(store, regio, overleg_id, today=WEDNESDAY):
    with store.read() as s:
        return voorbereiden.voorbereiding(s, regio, overleg_id, today)


def test_a_partner_sees_only_the_overleggen_where_it_is_expected(raw_store, regio, thursday):
    overleg_id, _, _ = thursday
    with raw_store.as_user(VT).read() as s:
        coming = voorbereiden.coming_overleggen(s, regio, WEDNESDAY)
    assert [(c.overleg_id, c.datum, c.aantal, c.voorbereid, c.gestart) for c in coming] == [
        (overleg_id, THURSDAY, 2, 0, False)
    ]
    for actor in (Actor("cjg-an", "partner", organisatie="cjg"), VVG):  # sent apologies; not at this table
        with raw_store.as_user(actor).read() as s:
            assert voorbereiden.coming_overleggen(s, regio, WEDNESDAY) == []
            with pytest.raises(MeetingError, match="wordt niet verwacht"):
                voorbereiden.voorbereiding(s, regio, overleg_id, WEDNESDAY)
    with raw_store.as_user(VT).read() as s:  # the day after, it is no longer coming
        assert voorbereiden.coming_overleggen(s, regio, date(2026, 11, 27)) == []
    with raw_store.as_user(Actor("vera", "voorzitter")).read() as s, pytest.raises(AccessDenied):
        voorbereiden.coming_overleggen(s, regio, WEDNESDAY)


def test_a_partner_sees_just_the_lookup_fields_and_the_omschrijving_only_where_the_regio_allows(
    raw_store, regio, thursday
):
    overleg_id, first, _ = thursday
    prep = _prep(raw_store.as_user(VT), regio, overleg_id)
    item = next(i for i in prep.items if i.bespreking_id == first)
    (anna,) = item.personen
    assert (anna.naam, anna.geboortedatum, anna.adres, anna.bsn) == ("Anna Aalders", date(1990, 5, 4), "Markt 1", None)
    assert (item.soort, item.datum, item.gemeente, item.extern_id) == (
        "overlast",
        date(2026, 11, 20),
        "Roermond",
        "P-1",
    )
    assert item.omschrijving is None and item.besluit is None
    rt = regio.overlegtypen["routeertafel"]
    open_regio = regio.model_copy(
        update={
            "overlegtypen": {
                **regio.overlegtypen,
                "routeertafel": rt.model_copy(
                    update={"voorbereiden": rt.voorbereiden.model_copy(update={"omschrijving": True})}
                ),
            }
        }
    )
    item = next(i for i in _prep(raw_store.as_user(VT), open_regio, overleg_id).items if i.bespreking_id == first)
    assert item.omschrijving == "Ruzie op straat"


def test_partners_answer_at_once_never_see_each_other_and_a_stale_answer_is_refused(raw_store, store, regio, thursday):
    overleg_id, first, _ = thursday
    vt, amw = raw_store.as_user(VT), raw_store.as_user(AMW)
    # Both open their preparation at the same time: neither has an answer yet (version 0).
    seen_vt = next(i for i in _prep(vt, regio, overleg_id).items if i.bespreking_id == first).antwoord
    seen_amw = next(i for i in _prep(amw, regio, overleg_id).items if i.bespreking_id == first).antwoord
    assert seen_vt.versie == seen_amw.versie == 0
    stored = voorbereiden.answer(vt, regio, first, code="bekend", notitie="Melding 2024 bekend", expected_versie=0)
    assert (stored.versie, stored.voorbereid_door) == (1, "vt-els")
    voorbereiden.answer(
        amw, regio, first, code="bekend", notitie="Schuldhulp loopt", oordeel="Zorgen om de kinderen", expected_versie=0
    )
    # VT on a second screen, still on version 0: refused, with the stored answer.
    with pytest.raises(AntwoordConflict) as refused:
        voorbereiden.answer(vt, regio, first, notitie="iets anders", expected_versie=0)
    assert refused.value.stored.notitie == "Melding 2024 bekend" and refused.value.stored.versie == 1
    with pytest.raises(MeetingError, match="reden"):
        voorbereiden.answer(vt, regio, first, code="deelt_niet", expected_versie=1)
    # Nobody sees another partner's answer.
    own_vt = {i.bespreking_id: i.antwoord for i in _prep(vt, regio, overleg_id).items}
    own_amw = {i.bespreking_id: i.antwoord for i in _prep(amw, regio, overleg_id).items}
    assert own_vt[first].partner == "vt" and own_vt[first].notitie == "Melding 2024 bekend"
    assert own_amw[first].partner == "amw" and own_amw[first].oordeel == "Zorgen om de kinderen"
    with vt.read() as s:
        assert voorbereiden.prepared_by(s, overleg_id) == {first: {"vt": own_vt[first].voorbereid_op}}
    # The bespreking's own version did not move: the chair's change on it still goes through.
    with store.read() as s:
        assert s.scalar(select(Bespreking.versie).where(Bespreking.id == first)) == 1
    bespreking.set_besluit(store, regio, first, "amw", None, expected_versie=1)


def test_the_chair_sees_the_prepared_answers_marked_and_confirms_changes_or_clears_them(
    raw_store, store, regio, thursday
):
    overleg_id, first, second = thursday
    vt, amw = raw_store.as_user(VT), raw_store.as_user(AMW)
    voorbereiden.answer(vt, regio, first, code="bekend", notitie="VT: bekend sinds 2023", expected_versie=0)
    voorbereiden.answer(amw, regio, first, code="niet_bekend", expected_versie=0)
    voorbereiden.answer(amw, regio, second, code="deelt_niet", reden="Geen toestemming", expected_versie=0)
    with store.read() as s:
        marks = voorbereiden.prepared_by(s, overleg_id)
    assert {b: sorted(p) for b, p in marks.items()} == {first: ["amw", "vt"], second: ["amw"]}

    shown = {b.partner: b for b in detail(store, regio, first).bekendheid}
    assert (shown["vt"].code, shown["vt"].notitie, shown["vt"].voorbereid_door) == (
        "bekend",
        "VT: bekend sinds 2023",
        "vt-els",
    )
    assert shown["vt"].voorbereid_op is not None and shown["zvh"].voorbereid_door is None
    versie = detail(store, regio, first).versie
    versie = bespreking.review_prepared(store, regio, first, "vt", keep=True, expected_versie=versie)
    versie = bespreking.review_prepared(store, regio, first, "amw", keep=False, expected_versie=versie)
    bespreking.set_bekendheid(store, regio, second, "amw", code="bekend", notitie="toch gedeeld")
    with pytest.raises(MeetingError, match="niet voorbereid"):
        bespreking.review_prepared(store, regio, first, "zvh", keep=True, expected_versie=versie)
    with store.read() as s:
        rows = {
            (r.bespreking_id, r.partner): (r.code, r.notitie, r.beoordeling)
            for r in s.exec(select(Bekendheid)).scalars()
        }
    assert rows[(first, "vt")] == ("bekend", "VT: bekend sinds 2023", "bevestigd")
    assert rows[(first, "amw")] == ("niet_nagevraagd", None, "gewist")
    assert rows[(second, "amw")] == ("bekend", "toch gedeeld", "gewijzigd")


def test_the_chair_reviews_several_prepared_answers_in_one_transaction_and_one_versie_or_none(
    raw_store, store, regio, thursday
):
    _, first, _ = thursday
    vt, amw = raw_store.as_user(VT), raw_store.as_user(AMW)
    voorbereiden.answer(vt, regio, first, code="bekend", notitie="VT weet het", expected_versie=0)
    voorbereiden.answer(amw, regio, first, code="niet_bekend", expected_versie=0)
    seen = detail(store, regio, first)
    rij = {b.partner: b.versie for b in seen.bekendheid}
    # One partner in the review did not prepare: nothing is stored, not even the others' confirmation.
    with pytest.raises(MeetingError, match="ZVH heeft deze melding niet voorbereid"):
        bespreking.review_prepared_answers(
            store, regio, first, {"vt": rij["vt"], "zvh": None}, keep=True, expected_versie=seen.versie
        )
    assert detail(store, regio, first).versie == seen.versie
    commits: list[object] = []

    def on_commit(connection) -> None:
        commits.append(connection)

    event.listen(store.engine, "commit", on_commit)
    try:
        versie = bespreking.review_prepared_answers(
            store, regio, first, {"vt": rij["vt"], "amw": rij["amw"]}, keep=False, expected_versie=seen.versie
        )
    finally:
        event.remove(store.engine, "commit", on_commit)
    assert len(commits) == 1, "both answers cleared in one transaction"
    assert versie == seen.versie + 1 == detail(store, regio, first).versie
    after = {b.partner: b for b in detail(store, regio, first).bekendheid}
    for partner in ("vt", "amw"):
        assert (after[partner].code, after[partner].notitie, after[partner].beoordeling) == (
            "niet_nagevraagd",
            None,
            "gewist",
        )
        assert after[partner].versie == rij[partner] + 1
    # A stale answer version refuses the whole review with the fresh state.
    voorbereiden.answer(vt, regio, first, code="bekend", expected_versie=after["vt"].versie)
    with pytest.raises(ConcurrentChange):
        bespreking.review_prepared_answers(
            store,
            regio,
            first,
            {"vt": after["vt"].versie, "amw": after["amw"].versie},
            keep=True,
            expected_versie=versie,
        )
    assert {b.partner: b.beoordeling for b in detail(store, regio, first).bekendheid}["amw"] == "gewist"


def test_the_chair_changing_an_answer_the_partner_just_changed_is_refused_with_the_fresh_state(
    raw_store, store, regio, thursday
):
    _, first, _ = thursday
    seen = detail(store, regio, first)
    vt_row = next(b for b in seen.bekendheid if b.partner == "vt")
    voorbereiden.answer(
        raw_store.as_user(VT), regio, first, code="bekend", notitie="net getypt", expected_versie=vt_row.versie
    )
    with pytest.raises(ConcurrentChange) as refused:
        bespreking.set_bekendheid(
            store,
            regio,
            first,
            "vt",
            code="niet_bekend",
            expected_versie=seen.versie,
            expected_rij_versie=vt_row.versie,
        )
    fresh = next(b for b in refused.value.detail.bekendheid if b.partner == "vt")
    assert (fresh.code, fresh.notitie) == ("bekend", "net getypt")
    # Another partner's row is not touched by VT's answer: the chair's change there passes.
    zvh_row = next(b for b in seen.bekendheid if b.partner == "zvh")
    bespreking.set_bekendheid(
        store, regio, first, "zvh", code="bekend", expected_versie=seen.versie, expected_rij_versie=zvh_row.versie
    )


def test_every_view_and_answer_is_logged_with_the_partners_account(raw_store, store, regio, thursday, monkeypatch):
    monkeypatch.setattr(audit, "VIEW_REPEAT_SECONDS", 0)
    overleg_id, first, _ = thursday
    vt = raw_store.as_user(VT)
    _prep(vt, regio, overleg_id)
    voorbereiden.answer(vt, regio, first, code="bekend", expected_versie=0)
    with store.read() as s:
        logged = s.exec(select(Toegangslog).where(Toegangslog.gebruiker == "vt-els")).scalars().all()
    views = [e for e in logged if e.actie == "bekeken" and e.object_type == "melding"]
    answers = [e for e in logged if e.actie == "gewijzigd"]
    assert len(views) == 2 and all(e.persoon_id is not None and e.rol == "partner" for e in views)
    assert len(answers) == 1 and "voorbereiding vt" in answers[0].details
    assert all(e.context == f"voorbereiding overleg {overleg_id}" for e in views + answers)


def test_no_preparation_once_the_overleg_is_closed_or_for_an_item_taken_off(raw_store, store, regio, thursday):
    from zvh_core.meetings import overleggen

    overleg_id, first, second = thursday
    overleggen.remove_from_agenda(store, second)
    vt = raw_store.as_user(VT)
    assert [i.bespreking_id for i in _prep(vt, regio, overleg_id).items] == [first]
    with pytest.raises(MeetingError, match="niet \\(meer\\) op de agenda"):
        voorbereiden.answer(vt, regio, second, code="bekend", expected_versie=0)
    overleggen.close_overleg(store, overleg_id)
    with pytest.raises(MeetingError, match="gesloten"):
        voorbereiden.answer(vt, regio, first, code="bekend", expected_versie=0)


def test_the_besluitenlijst_says_what_was_prepared_and_a_partners_list_does_not(raw_store, store, regio, thursday):
    from zvh_core.meetings.besluitenlijst import build_besluitenlijst, to_markdown, to_partner_markdown

    overleg_id, first, _ = thursday
    voorbereiden.answer(raw_store.as_user(VT), regio, first, code="bekend", expected_versie=0)
    voorbereiden.answer(raw_store.as_user(AMW), regio, first, code="niet_bekend", expected_versie=0)
    versie = detail(store, regio, first).versie
    bespreking.review_prepared(store, regio, first, "vt", keep=True, expected_versie=versie)
    bespreking.set_besluit(store, regio, first, "veilig_thuis", None)
    with store.read() as s:
        lijst = build_besluitenlijst(s, regio, overleg_id)
    text = to_markdown(lijst, regio)
    assert "## Voorbereiding door partners" in text and "1 van 2 meldingen voorbereid." in text
    assert "| 1 | P-1 | AMW (niet beoordeeld); VT (bevestigd) |" in text
    with raw_store.as_user(VT).read() as s:
        own = build_besluitenlijst(s, regio, overleg_id)
    assert all(r.voorbereid == () for r in own.regels)
    assert "Voorbereiding" not in to_partner_markdown(lijst, regio, "vt")


def test_a_prepared_melding_is_not_marked_as_being_discussed_until_the_chair_takes_it_up(
    raw_store, store, regio, thursday
):
    overleg_id, first, _ = thursday
    voorbereiden.answer(raw_store.as_user(VT), regio, first, code="bekend", expected_versie=0)
    assert [i.status for i in items(store, regio, overleg_id)] == ["open", "open"]
    bespreking.review_prepared(store, regio, first, "vt", keep=True)
    assert [i.status for i in items(store, regio, overleg_id)] == ["bezig", "open"]


def test_reading_the_agenda_again_with_what_the_screen_showed_logs_only_what_is_new(
    raw_store, store, regio, thursday, monkeypatch
):
    monkeypatch.setattr(audit, "VIEW_REPEAT_SECONDS", 0)  # not the minute's de-duplication: the screen's own
    overleg_id, _, _ = thursday
    vt = raw_store.as_user(VT)

    def views() -> int:
        with store.read() as s:
            return len(
                s.exec(
                    select(Toegangslog).where(Toegangslog.gebruiker == "vt-els", Toegangslog.actie == "bekeken")
                ).all()
            )

    with vt.read() as s:
        first = voorbereiden.voorbereiding(s, regio, overleg_id, WEDNESDAY)
    assert views() == 2 and len(first.getoond) == 2
    with vt.read() as s:
        again = voorbereiden.voorbereiding(s, regio, overleg_id, WEDNESDAY, shown=first.getoond)
    assert views() == 2 and again.getoond == first.getoond  # the same view on the same screen
    with store.write() as s:  # a melding without persons joins the agenda: logged once, without a person
        nobody = add_melding(s, datum=date(2026, 11, 22), extern_id="P-0").id
    overleggen.add_to_agenda(store, overleg_id, nobody)
    with vt.read() as s:
        third = voorbereiden.voorbereiding(s, regio, overleg_id, WEDNESDAY, shown=again.getoond)
    assert views() == 3 and (nobody, None) in third.getoond
    with vt.read() as s:
        voorbereiden.voorbereiding(s, regio, overleg_id, WEDNESDAY, shown=third.getoond)
    assert views() == 3
