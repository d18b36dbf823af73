"""A partner account opening a melding whose persons have open actions from an earlier overleg sees its own
actions among them and not the others' (load_detail filtered them on an attribute the rows do not have,
found by mypy: the detail failed for partners)."""

from __future__ import annotations

from datetime import date

from tests.factories import add_melding, add_persoon
from zvh_core.access.rights import Actor
from zvh_core.meetings import bespreking, overleggen
from zvh_core.meetings.agenda import agenda_items

TODAY = date(2026, 11, 26)


def test_a_partner_sees_only_its_own_earlier_open_actions(raw_store, store, regio):
    with store.write() as s:
        anna = add_persoon(s, achternaam="Aalders", voornamen="Anna")
        add_melding(s, datum=date(2026, 11, 2), personen=[anna], extern_id="VT-1")
    earlier = overleggen.open_overleg(store, regio, "routeertafel", date(2026, 11, 9), "V", ["vt", "amw"])
    with store.read() as s:
        (item,) = agenda_items(s, regio, earlier)
    bespreking.set_besluit(store, regio, item.bespreking_id, "veilig_thuis", None)
    bespreking.add_actie(store, regio, item.bespreking_id, "vt", "Huisbezoek", date(2026, 12, 7))
    bespreking.add_actie(store, regio, item.bespreking_id, "amw", "Schuldhulp", date(2026, 12, 7))
    overleggen.close_overleg(store, earlier)

    with store.write() as s:
        again = add_melding(s, datum=date(2026, 11, 20), personen=[s.merge(anna)], extern_id="VT-2")
    today = overleggen.open_overleg(store, regio, "routeertafel", date(2026, 11, 23), "V", ["vt", "amw"])
    with store.read() as s:
        now = next(i for i in agenda_items(s, regio, today) if i.melding_id == again.id)
    bespreking.set_besluit(store, regio, now.bespreking_id, "veilig_thuis", None)  # routed to VT: VT may see it

    with store.read() as s:
        chair = bespreking.load_detail(s, regio, now.bespreking_id, today=TODAY)
    assert sorted(r.actie.eigenaar for r in chair.eerdere_acties) == ["amw", "vt"]
    vt = raw_store.as_user(Actor("vt-els", "partner", organisatie="vt"))
    with vt.read() as s:
        partner = bespreking.load_detail(s, regio, now.bespreking_id, today=TODAY)
    assert [(r.actie.eigenaar, r.actie.omschrijving) for r in partner.eerdere_acties] == [("vt", "Huisbezoek")]
