"""Meeting services: agenda, decisions, hand-offs, history and the besluitenlijst."""

from datetime import date

import pytest

from tests.factories import add_melding, add_persoon
from zvh_core.meetings import bespreking, overleggen
from zvh_core.meetings.agenda import agenda_items, candidate_melding_ids
from zvh_core.meetings.besluitenlijst import (
    build_besluitenlijst,
    export_markdown,
    to_markdown,
)

MONDAY = date(2026, 11, 23)
THURSDAY = date(2026, 11, 26)
RT_PARTNERS = ["vt", "zvh", "cjg", "amw"]


def open_rt(store, regio, day=MONDAY):
    return overleggen.open_overleg(store, regio, "routeertafel", day, "Anna Voorzitter", RT_PARTNERS)


def agenda(store, regio, overleg_id):
    with store.read() as s:
        return agenda_items(s, regio, overleg_id)


def test_scheduled_date_is_today_or_next_meeting_day(regio):
    assert overleggen.scheduled_date(regio, "routeertafel", THURSDAY) == THURSDAY
    assert overleggen.scheduled_date(regio, "routeertafel", date(2026, 11, 27)) == date(2026, 11, 30)
    assert overleggen.scheduled_date(regio, "triage", MONDAY) == date(2026, 11, 25)


def test_agenda_holds_undecided_meldingen_of_the_types_soorten_urgent_then_oldest(store, regio):
    with store.write() as s:
        old = add_melding(s, soort="overlast", datum=date(2026, 11, 10))
        new = add_melding(s, soort="crimineel", datum=date(2026, 11, 20))
        urgent = add_melding(s, soort="kindermishandeling", datum=date(2026, 11, 21), urgent=True)
        add_melding(s, soort="verward_gedrag")  # E33, not for the routeertafel
        add_melding(s, soort="detentie")  # triage
    overleg_id = open_rt(store, regio)
    items = agenda(store, regio, overleg_id)
    assert [i.melding_id for i in items] == [urgent.id, old.id, new.id]
    assert {i.status for i in items} == {"open"}


def test_opening_again_resumes_the_same_overleg(store, regio):
    with store.write() as s:
        add_melding(s)
    first = open_rt(store, regio)
    with store.write() as s:
        add_melding(s)
    assert open_rt(store, regio) == first
    assert len(agenda(store, regio, first)) == 1


def test_decisions_hold_over_and_triage_hand_off(store, regio):
    with store.write() as s:
        a = add_melding(s, datum=date(2026, 11, 1))
        b = add_melding(s, datum=date(2026, 11, 2))
        c = add_melding(s, datum=date(2026, 11, 3))
    monday = open_rt(store, regio, MONDAY)
    ids = {i.melding_id: i.bespreking_id for i in agenda(store, regio, monday)}
    bespreking.set_besluit(store, regio, ids[a.id], "veilig_thuis", "VT pakt op")
    bespreking.set_besluit(store, regio, ids[b.id], "aanhouden", "Eerst navragen bij school")
    bespreking.set_besluit(store, regio, ids[c.id], "zvh_triage", None)
    statuses = {i.melding_id: i.status for i in agenda(store, regio, monday)}
    assert statuses == {a.id: "besloten", b.id: "aangehouden", c.id: "besloten"}
    overleggen.close_overleg(store, monday)

    thursday = open_rt(store, regio, THURSDAY)
    held = agenda(store, regio, thursday)
    assert [i.melding_id for i in held] == [b.id]
    assert held[0].eerder_aangehouden == 1

    triage = overleggen.open_overleg(store, regio, "triage", date(2026, 11, 25), "Bert", ["zvh", "politie"])
    assert [i.melding_id for i in agenda(store, regio, triage)] == [c.id]


def test_undecided_items_of_a_closed_overleg_return_and_open_ones_are_not_doubled(store, regio):
    with store.write() as s:
        m = add_melding(s)
    monday = open_rt(store, regio, MONDAY)
    with store.read() as s:
        # While Monday is open and undecided, Thursday does not take the melding too.
        assert candidate_melding_ids(s, regio, "routeertafel", THURSDAY) == []
    overleggen.close_overleg(store, monday)
    with store.read() as s:
        assert candidate_melding_ids(s, regio, "routeertafel", THURSDAY) == [m.id]


def test_take_off_and_add_back(store, regio):
    with store.write() as s:
        m = add_melding(s)
        other = add_melding(s, soort="detentie")
    overleg_id = open_rt(store, regio)
    (item,) = agenda(store, regio, overleg_id)
    overleggen.remove_from_agenda(store, item.bespreking_id)
    assert agenda(store, regio, overleg_id) == []
    overleggen.add_to_agenda(store, overleg_id, m.id)
    overleggen.add_to_agenda(store, overleg_id, other.id)
    assert [i.melding_id for i in agenda(store, regio, overleg_id)] == [m.id, other.id]
    with pytest.raises(overleggen.MeetingError, match="staat al op de agenda"):
        overleggen.add_to_agenda(store, overleg_id, m.id)


def test_bekendheid_notes_actions_and_detail(store, regio):
    with store.write() as s:
        p = add_persoon(s, achternaam="Vries", tussenvoegsel="de", voornamen="Jan", geboortedatum=date(1990, 12, 1))
        earlier = add_melding(s, datum=date(2026, 3, 1), personen=[p], omschrijving="Burenruzie")
        old = add_melding(s, datum=date(2024, 1, 1), personen=[p])
        m = add_melding(s, datum=date(2026, 11, 20), personen=[p])
    # An earlier meeting about the earlier melding.
    march = overleggen.open_overleg(store, regio, "routeertafel", date(2026, 3, 2), "X", RT_PARTNERS)
    march_items = {i.melding_id: i.bespreking_id for i in agenda(store, regio, march)}
    bespreking.set_bekendheid(store, regio, march_items[earlier.id], "amw", code="bekend", notitie="Schuldhulp loopt")
    bespreking.set_besluit(store, regio, march_items[earlier.id], "amw", "AMW neemt contact op")
    bespreking.add_actie(store, regio, march_items[earlier.id], "amw", "Huisbezoek", date(2026, 3, 16))
    bespreking.set_besluit(store, regio, march_items[old.id], "geen_vervolg", None)
    overleggen.close_overleg(store, march)

    overleg_id = open_rt(store, regio)
    (item,) = agenda(store, regio, overleg_id)
    bespreking.set_bekendheid(store, regio, item.bespreking_id, "vt", code="bekend")
    bespreking.set_bekendheid(store, regio, item.bespreking_id, "vt", notitie="  Gezin bekend sinds 2025 ")
    bespreking.add_actie(store, regio, item.bespreking_id, "vt", "Contact met moeder", date(2026, 12, 7))
    with store.read() as s:
        detail = bespreking.load_detail(s, regio, item.bespreking_id, today=THURSDAY)
    assert detail.melding.id == m.id
    (person,) = detail.melding.personen
    assert person.naam == "Jan de Vries" and person.leeftijd == 35 and person.herhaald
    assert [(b.partner, b.code, b.notitie) for b in detail.bekendheid] == [
        ("vt", "bekend", "Gezin bekend sinds 2025"),
        ("zvh", "niet_nagevraagd", None),
        ("cjg", "niet_nagevraagd", None),
        ("amw", "niet_nagevraagd", None),
    ]
    assert [a.omschrijving for a in detail.acties] == ["Contact met moeder"]
    hist = detail.history
    assert [e.melding_id for e in hist.meldingen] == [earlier.id, old.id]
    (previous,) = hist.meldingen[0].besprekingen
    assert previous.besluit.route == "amw"
    assert [(k.partner, k.notitie) for k in previous.bekend_bij] == [("amw", "Schuldhulp loopt")]
    assert previous.acties[0].omschrijving == "Huisbezoek"
    assert agenda(store, regio, overleg_id)[0].status == "bezig"


def test_not_repeated_when_the_earlier_melding_is_over_a_year_old(store, regio):
    with store.write() as s:
        p = add_persoon(s)
        add_melding(s, datum=date(2025, 11, 19), personen=[p])
        add_melding(s, datum=date(2026, 11, 20), personen=[p])
    overleg_id = open_rt(store, regio)
    item = agenda(store, regio, overleg_id)[-1]
    with store.read() as s:
        detail = bespreking.load_detail(s, regio, item.bespreking_id, today=THURSDAY)
    assert detail.melding.datum == date(2026, 11, 20)
    assert not detail.melding.personen[0].herhaald


def test_route_must_belong_to_the_type_and_closed_overleg_refuses_changes(store, regio):
    with store.write() as s:
        add_melding(s)
    overleg_id = open_rt(store, regio)
    (item,) = agenda(store, regio, overleg_id)
    with pytest.raises(overleggen.MeetingError, match="hoort niet bij dit overleg"):
        bespreking.set_besluit(store, regio, item.bespreking_id, "casus_openen", None)
    with pytest.raises(overleggen.MeetingError, match="niet aanwezig"):
        bespreking.set_bekendheid(store, regio, item.bespreking_id, "politie", code="bekend")
    overleggen.close_overleg(store, overleg_id)
    with pytest.raises(overleggen.MeetingError, match="gesloten"):
        bespreking.set_besluit(store, regio, item.bespreking_id, "cjg", None)


def test_start_and_resume_position(store, regio):
    with store.write() as s:
        add_melding(s)
        add_melding(s)
    overleg_id = open_rt(store, regio)
    first, second = agenda(store, regio, overleg_id)
    assert overleggen.start(store, overleg_id) == first.bespreking_id
    overleggen.set_current(store, overleg_id, second.bespreking_id)
    assert overleggen.start(store, overleg_id) == second.bespreking_id


def test_besluitenlijst_markdown(store, regio, tmp_path):
    with store.write() as s:
        p = add_persoon(s, achternaam="Bakker", voornamen="Els")
        a = add_melding(s, personen=[p], extern_id="2026-000777")
        add_melding(s, extern_id="2026-000778")
    overleg_id = open_rt(store, regio)
    first, second = agenda(store, regio, overleg_id)
    bespreking.set_besluit(store, regio, first.bespreking_id, "cjg", "Via school | mentor")
    bespreking.add_actie(store, regio, first.bespreking_id, "cjg", "Gesprek met ouders", date(2026, 12, 7))
    bespreking.set_besluit(store, regio, second.bespreking_id, "aanhouden", None)
    with store.read() as s:
        lijst = build_besluitenlijst(s, regio, overleg_id)
    text = to_markdown(lijst, regio)
    assert "# Besluitenlijst Routeertafel — maandag 23 november 2026" in text
    assert "| 1 | 2026-000777 | 20-11-2026 | Overlast | Roermond | E. Bakker | CJG | Via school \\| mentor |" in text
    assert "| 2026-000777 | CJG | Gesprek met ouders | 07-12-2026 |" in text
    assert "Aanhouden" in text
    path = export_markdown(store, lijst, regio, tmp_path / "exports")
    written = path.read_text(encoding="utf-8")
    assert written.startswith(text) and "Toegangslog: deze export is vastgelegd als regel" in written[len(text) :]
    assert path.stat().st_mode & 0o777 == 0o600
    assert a.id


def test_only_the_newest_besluit_counts(store, regio):
    with store.write() as s:
        m = add_melding(s, datum=date(2026, 11, 1))
    monday = open_rt(store, regio, MONDAY)
    (item,) = agenda(store, regio, monday)
    bespreking.set_besluit(store, regio, item.bespreking_id, "aanhouden", None)
    overleggen.close_overleg(store, monday)
    thursday = open_rt(store, regio, THURSDAY)
    (item,) = agenda(store, regio, thursday)
    assert item.melding_id == m.id and item.eerder_aangehouden == 1
    bespreking.set_besluit(store, regio, item.bespreking_id, "zvh_triage", None)
    overleggen.close_overleg(store, thursday)
    with store.read() as s:
        assert candidate_melding_ids(s, regio, "routeertafel", date(2026, 12, 31)) == []
        assert candidate_melding_ids(s, regio, "triage", date(2026, 12, 31)) == [m.id]
    triage = overleggen.open_overleg(store, regio, "triage", date(2026, 12, 2), "Bert", ["zvh"])
    (item,) = agenda(store, regio, triage)
    bespreking.set_besluit(store, regio, item.bespreking_id, "geen_vervolg", None)
    with store.read() as s:
        assert candidate_melding_ids(s, regio, "triage", date(2026, 12, 31)) == []
        assert candidate_melding_ids(s, regio, "routeertafel", date(2026, 12, 31)) == []


def test_several_partners_bekendheid_in_one_transaction_all_or_nothing(store, regio):
    from zvh_core.meetings.bespreking import BekendheidChange, set_bekendheden
    from zvh_core.meetings.overleggen import MeetingError

    with store.write() as s:
        add_melding(s, extern_id="SAMEN")
    overleg_id = overleggen.open_overleg(store, regio, "routeertafel", THURSDAY, "Anna", ["vt", "amw"])
    (item,) = agenda(store, regio, overleg_id)
    with store.read() as s:
        before = bespreking.load_detail(s, regio, item.bespreking_id, today=THURSDAY).versie
    versie = set_bekendheden(
        store,
        regio,
        item.bespreking_id,
        [BekendheidChange("vt", code="bekend", notitie="Gezin bekend"), BekendheidChange("amw", code="niet_bekend")],
        expected_versie=before,
    )
    assert versie == before + 1  # one change of the bespreking, not two
    with pytest.raises(MeetingError):  # CJG is not at this table: nothing of the batch is stored
        set_bekendheden(
            store,
            regio,
            item.bespreking_id,
            [BekendheidChange("vt", notitie="Anders"), BekendheidChange("cjg", code="bekend")],
            expected_versie=versie,
        )
    with store.read() as s:
        d = bespreking.load_detail(s, regio, item.bespreking_id, today=THURSDAY)
    assert {b.partner: (b.code, b.notitie) for b in d.bekendheid} == {
        "vt": ("bekend", "Gezin bekend"),
        "amw": ("niet_bekend", None),
    }
