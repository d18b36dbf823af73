"""The besluitenlijst as the chair needs it (issue 10): per melding each partner's answer (bekend, niet bekend,
deelt niet with its reason; never the facts or opinions), the meldingen taken off the agenda, and for a
referral or hold-over the overleg and date it goes to. A partner's own list shows none of this."""

from __future__ import annotations

from datetime import date

from tests.factories import add_melding, add_persoon
from tests.meeting_helpers import THURSDAY, items, open_type
from zvh_core.meetings import bespreking, overleggen
from zvh_core.meetings.besluitenlijst import build_besluitenlijst, to_markdown, to_partner_markdown


def test_the_chairs_list_shows_answers_taken_off_meldingen_and_where_referrals_go(store, regio):
    with store.write() as s:
        for n, name in enumerate(("Jansen", "Smit", "Bakker")):
            p = add_persoon(s, achternaam=name, voornamen="Kim")
            add_melding(s, soort="overlast", datum=date(2026, 11, 20 + n), personen=[p], extern_id=f"B-{n}")
    overleg_id = open_type(store, regio, "routeertafel", THURSDAY)
    first, second, third = items(store, regio, overleg_id)
    bespreking.set_bekendheid(store, regio, first.bespreking_id, "vt", code="bekend", notitie="Geheim feit")
    bespreking.set_bekendheid(store, regio, first.bespreking_id, "zvh", code="niet_bekend")
    bespreking.set_bekendheid(store, regio, first.bespreking_id, "amw", code="deelt_niet", reden="Geen toestemming")
    bespreking.set_besluit(store, regio, first.bespreking_id, "zvh_triage", "Meerdere leefgebieden")
    bespreking.set_besluit(store, regio, second.bespreking_id, "aanhouden", None)
    overleggen.remove_from_agenda(store, third.bespreking_id)
    with store.read() as s:
        lijst = build_besluitenlijst(s, regio, overleg_id)
    text = to_markdown(lijst, regio)
    # Thursday 26-11: the next triage is Wednesday 02-12, the next routeertafel Monday 30-11.
    assert "ZVH triage → Triageoverleg 02-12-2026" in text
    assert "Aanhouden → Routeertafel 30-11-2026" in text
    assert "## Bekendheid per partner" in text
    assert "| 1 | B-0 | bekend | niet bekend | — | deelt niet: Geen toestemming |" in text
    assert "Geheim feit" not in text
    assert "## Van de agenda gehaald" in text and "| B-2 | 22-11-2026 | Overlast |" in text
    assert "K. Bakker" in text
    # ZVH's own list: its melding with where it goes, no one's answers, nothing taken off.
    zvh = to_partner_markdown(lijst, regio, "zvh")
    assert "ZVH triage → Triageoverleg 02-12-2026" in zvh
    assert "Bekendheid" not in zvh and "deelt niet" not in zvh and "B-2" not in zvh


def test_a_planned_overleg_gives_the_date_a_referral_goes_to(store, regio):
    with store.write() as s:
        add_melding(s, soort="overlast", datum=date(2026, 11, 20), extern_id="B-9")
    overleg_id = open_type(store, regio, "routeertafel", THURSDAY)
    (item,) = items(store, regio, overleg_id)
    bespreking.set_besluit(store, regio, item.bespreking_id, "zvh_triage", None)
    open_type(store, regio, "triage", date(2026, 12, 3))  # planned on another day than its usual Wednesday
    with store.read() as s:
        text = to_markdown(build_besluitenlijst(s, regio, overleg_id), regio)
    assert "ZVH triage → Triageoverleg 03-12-2026" in text
