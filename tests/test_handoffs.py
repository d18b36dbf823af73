"""Hand-offs between meetings: held over, E33 screening, on to the triage; and 'never lost'."""

from __future__ import annotations

from datetime import date

from tests.factories import add_melding, add_persoon
from tests.meeting_helpers import (
    MONDAY,
    THURSDAY,
    TUESDAY,
    WEDNESDAY,
    detail,
    item_of,
    items,
    open_type,
)
from zvh_core.config.regio import Regio
from zvh_core.meetings import bespreking, overleggen
from zvh_core.meetings.waiting import waiting_meldingen

NEXT_MONDAY = date(2026, 11, 30)


def waiting(store, regio):
    with store.read() as s:
        return waiting_meldingen(s, regio)


def test_held_over_twice_then_decided(store, regio):
    with store.write() as s:
        m = add_melding(s, datum=date(2026, 11, 20))
    held = []
    for day in (MONDAY, THURSDAY):
        overleg_id = open_type(store, regio, "routeertafel", day)
        item = item_of(store, regio, overleg_id, m.id)
        held.append(item.eerder_aangehouden)
        bespreking.set_besluit(store, regio, item.bespreking_id, "aanhouden", f"Nog navragen ({day.isoformat()})")
        assert item_of(store, regio, overleg_id, m.id).status == "aangehouden"
        overleggen.close_overleg(store, overleg_id)
        (wait,) = waiting(store, regio)[1]
        assert (wait.reden, wait.wacht_op, wait.sinds) == ("aangehouden", ("routeertafel",), day)
    final = open_type(store, regio, "routeertafel", NEXT_MONDAY)
    item = item_of(store, regio, final, m.id)
    assert [*held, item.eerder_aangehouden] == [0, 1, 2]
    # Both earlier besprekingen are in view when it is finally decided.
    said = [b.besluit.toelichting for e in detail(store, regio, item.bespreking_id).history.meldingen if e.deze_melding
            for b in e.besprekingen]  # fmt: skip
    assert said == ["Nog navragen (2026-11-26)", "Nog navragen (2026-11-23)"]
    bespreking.set_besluit(store, regio, item.bespreking_id, "cjg", "CJG pakt op")
    overleggen.close_overleg(store, final)
    assert waiting(store, regio) == (0, [])
    assert items(store, regio, open_type(store, regio, "routeertafel", date(2026, 12, 3))) == []


def test_e33_screening_has_its_own_agenda_partners_and_routes(store, regio):
    with store.write() as s:
        e33 = add_melding(s, soort="verward_gedrag", datum=date(2026, 11, 20))
        add_melding(s, soort="overlast")
    overleg_id = open_type(store, regio, "e33_screening", TUESDAY)
    (item,) = items(store, regio, overleg_id)
    assert item.melding_id == e33.id
    d = detail(store, regio, item.bespreking_id)
    assert [b.partner for b in d.bekendheid] == ["zvh", "vvg", "met_ggz", "amw", "oggz"]
    assert [r.code for r in regio.routes_of("e33_screening")][:2] == ["ggz_instelling", "oggz"]
    bespreking.set_bekendheid(store, regio, item.bespreking_id, "vvg", code="bekend", notitie="In zorg geweest 2025",
                      oordeel="Terugval waarschijnlijk")  # fmt: skip
    bespreking.set_besluit(store, regio, item.bespreking_id, "zvh_triage", "Complex, meerdere leefgebieden")
    overleggen.close_overleg(store, overleg_id)
    triage = open_type(store, regio, "triage", WEDNESDAY)
    (on_triage,) = items(store, regio, triage)
    assert on_triage.melding_id == e33.id


def test_zvh_triage_carries_everything_said_so_far(store, regio):
    with store.write() as s:
        p = add_persoon(s, achternaam="Smit", voornamen="Eva")
        m = add_melding(s, soort="huiselijk_geweld", datum=date(2026, 11, 21), personen=[p])
    monday = open_type(store, regio, "routeertafel", MONDAY)
    item = item_of(store, regio, monday, m.id)
    bespreking.set_bekendheid(store, regio, item.bespreking_id, "vt", code="bekend", notitie="Melding 2025 geregistreerd",
                      oordeel="Zorgen om de kinderen")  # fmt: skip
    bespreking.set_bekendheid(
        store, regio, item.bespreking_id, "amw", code="deelt_niet", reden="Geen toestemming cliënt"
    )
    bespreking.add_actie(store, regio, item.bespreking_id, "vt", "Dossier opvragen", date(2026, 12, 1))
    bespreking.set_besluit(store, regio, item.bespreking_id, "zvh_triage", "Meerdere partners betrokken")
    overleggen.close_overleg(store, monday)
    assert waiting(store, regio)[1][0].reden == "doorverwezen"

    triage = open_type(store, regio, "triage", WEDNESDAY)
    t_item = item_of(store, regio, triage, m.id)
    d = detail(store, regio, t_item.bespreking_id, today=WEDNESDAY)
    (earlier,) = [e for e in d.history.meldingen if e.deze_melding]
    (said,) = earlier.besprekingen
    assert (said.overleg_type, said.overleg_datum, said.besluit.route) == ("routeertafel", MONDAY, "zvh_triage")
    known = {k.partner: (k.code, k.notitie, k.oordeel, k.reden) for k in said.bekend_bij}
    assert known == {
        "vt": ("bekend", "Melding 2025 geregistreerd", "Zorgen om de kinderen", None),
        "amw": ("deelt_niet", None, None, "Geen toestemming cliënt"),
    }
    assert [a.omschrijving for a in said.acties] == ["Dossier opvragen"]
    assert [r.actie.omschrijving for r in d.eerdere_acties] == ["Dossier opvragen"]


def test_never_lost_lists_undecided_meldingen_on_no_agenda_oldest_first(store, regio):
    with store.write() as s:
        new = add_melding(s, soort="overlast", datum=date(2026, 11, 10), extern_id="NEW")
        off = add_melding(s, soort="crimineel", datum=date(2026, 11, 5), extern_id="OFF")
        add_melding(s, soort="detentie", datum=date(2026, 11, 1), extern_id="SKIP")
        decided = add_melding(s, soort="overlast", datum=date(2026, 11, 2), extern_id="DONE")
    total, rows = waiting(store, regio)
    assert [r.melding.extern_id for r in rows] == ["SKIP", "DONE", "OFF", "NEW"]
    assert total == 4 and {r.reden for r in rows} == {"nieuw"}
    assert {r.melding.extern_id: r.wacht_op for r in rows}["SKIP"] == ("triage",)

    monday = open_type(store, regio, "routeertafel", MONDAY)
    assert [r.melding.extern_id for r in waiting(store, regio)[1]] == ["SKIP"], "the routeertafel agenda holds the rest"
    bespreking.set_besluit(store, regio, item_of(store, regio, monday, decided.id).bespreking_id, "cjg", None)
    overleggen.remove_from_agenda(store, item_of(store, regio, monday, off.id).bespreking_id)
    triage = open_type(store, regio, "triage", WEDNESDAY)
    overleggen.close_overleg(store, triage)  # closed without discussing SKIP
    overleggen.close_overleg(store, monday)  # closed without deciding NEW
    reasons = {r.melding.extern_id: r.reden for r in waiting(store, regio)[1]}
    assert reasons == {"SKIP": "niet_besproken", "OFF": "van_agenda", "NEW": "niet_besproken"}
    assert new.id


def test_a_melding_no_type_takes_is_listed_without_a_type(store, regio):
    raw = regio.model_dump()
    raw["overlegtypen"]["routeertafel"]["soorten"] = ["overlast"]
    narrow = Regio.model_validate(raw)
    with store.write() as s:
        add_melding(s, soort="overig", extern_id="NOWHERE")
    ((row,),) = [waiting(store, narrow)[1]]
    assert (row.melding.extern_id, row.wacht_op) == ("NOWHERE", ())
