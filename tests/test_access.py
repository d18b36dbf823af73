"""Role matrix: every role × every service, allowed or refused; partners see only what is routed to them."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date

import pytest

from tests.factories import add_melding, add_persoon
from zvh_core.access import accounts, audit
from zvh_core.access.rights import MATRIX, ROLLEN, AccessDenied, Actor, Recht
from zvh_core.acties import followup
from zvh_core.casussen import perioden, procesregie
from zvh_core.demo.fill import holds_anything
from zvh_core.imports.meldingen import import_meldingen
from zvh_core.kernel.errors import NotFound
from zvh_core.kernel.models import Persoon
from zvh_core.meetings import bespreking, live, overleggen, voorbereiden, waiting
from zvh_core.meetings.agenda import agenda_items
from zvh_core.meetings.besluitenlijst import build_besluitenlijst, export_markdown
from zvh_core.persons import dossier, lookup, merge
from zvh_core.privacy import inzage, retention
from zvh_core.reports.periode import Periode
from zvh_core.reports.tabel import build_rapport

DAY = date(2026, 11, 23)
TODAY = date(2026, 11, 26)
NEXT_TRIAGE = date(2026, 12, 2)
"""The triage's next regular day (a Wednesday): not opened, so partners prepare it as planned."""
ACTORS = {
    "beheerder": Actor("bea", "beheerder"),
    "voorzitter": Actor("vera", "voorzitter"),
    "procesregisseur": Actor("piet", "procesregisseur"),
    "partner": Actor("vt-medewerker", "partner", organisatie="vt"),
}


@dataclass
class World:
    closed: int
    open: int
    routed_vt: int
    routed_cjg: int
    open_item: int
    person_vt: int
    person_cjg: int
    vt_actie: int = 0
    casus: int = 0
    open_melding: int = 0


@pytest.fixture
def world(store, regio) -> World:
    with store.write() as s:
        anna = add_persoon(s, achternaam="Aalders", voornamen="Anna", bsn="111222333")
        bob = add_persoon(s, achternaam="Bosch", voornamen="Bob")
        carla = add_persoon(s, achternaam="Claes", voornamen="Carla")
        add_melding(s, datum=date(2026, 11, 2), personen=[anna], extern_id="VT-1")
        add_melding(s, datum=date(2026, 11, 3), personen=[bob], extern_id="CJG-1")
    closed = overleggen.open_overleg(store, regio, "routeertafel", DAY, "Vera", ["vt", "zvh", "cjg", "amw"])
    with store.read() as s:
        first, second = agenda_items(s, regio, closed)
    bespreking.set_bekendheid(store, regio, first.bespreking_id, "vt", code="bekend", notitie="VT kent het gezin")
    bespreking.set_bekendheid(store, regio, first.bespreking_id, "amw", code="bekend", notitie="AMW: schulden")
    bespreking.set_besluit(store, regio, first.bespreking_id, "veilig_thuis", "naar VT")
    vt_actie = bespreking.add_actie(store, regio, first.bespreking_id, "vt", "Huisbezoek", date(2026, 12, 7))
    bespreking.add_actie(store, regio, first.bespreking_id, "amw", "Schuldhulp", date(2026, 12, 7))
    bespreking.set_besluit(store, regio, second.bespreking_id, "cjg", "naar CJG")
    overleggen.close_overleg(store, closed)
    with store.write() as s:
        add_melding(s, datum=date(2026, 11, 24), personen=[carla], extern_id="OPEN-1")
    open_id = overleggen.open_overleg(store, regio, "routeertafel", TODAY, "Vera", ["vt", "zvh", "cjg", "amw"])
    with store.read() as s:
        (item,) = agenda_items(s, regio, open_id)
    casus = procesregie.open_casus(store, regio, thema="pga", gemeente="Roermond", geopend=DAY, persoon_ids=[bob.id])
    return World(
        closed,
        open_id,
        first.bespreking_id,
        second.bespreking_id,
        item.bespreking_id,
        anna.id,
        bob.id,
        vt_actie,
        casus,
        item.melding_id,
    )


def _csv(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("extern_id;bron;soort;datum;gemeente\nX-1;politie;overlast;2026-11-20;Roermond\n", encoding="utf-8")
    return path


def services(regio, w: World, tmp_path):
    """(name, permission, call(store)) for every service that reads or writes case data or accounts."""
    periode = Periode(date(2026, 1, 1), date(2026, 12, 31))
    read = lambda f: lambda st: _read(st, f)  # noqa: E731
    return [
        ("recent_overleggen", Recht.OVERLEG_OVERZICHT, read(lambda s: overleggen.recent_overleggen(s, regio))),
        ("get_overleg", Recht.OVERLEG_OVERZICHT, read(lambda s: overleggen.get_overleg(s, regio, w.closed))),
        ("agenda_items", Recht.OVERLEG_LEZEN, read(lambda s: agenda_items(s, regio, w.closed))),
        (
            "coming_overleggen",
            Recht.VOORBEREIDEN,
            read(lambda s: voorbereiden.coming_overleggen(s, regio, TODAY)),
        ),
        ("voorbereiding", Recht.VOORBEREIDEN, read(lambda s: voorbereiden.voorbereiding(s, regio, w.open, TODAY))),
        (
            "voorbereiding_antwoord",
            Recht.VOORBEREIDEN,
            lambda st: voorbereiden.answer(
                st, regio, w.open_item, code="bekend", expected_versie=_own_versie(st, w, regio)
            ),
        ),
        (
            "voorbereiding_gepland",
            Recht.VOORBEREIDEN,
            read(lambda s: voorbereiden.voorbereiding(s, regio, voorbereiden.Gepland("triage", NEXT_TRIAGE), TODAY)),
        ),
        (
            "antwoord_gepland",  # today's routeertafel is open: the answer goes to its bespreking
            Recht.VOORBEREIDEN,
            lambda st: voorbereiden.answer_planned(
                st,
                regio,
                voorbereiden.Gepland("routeertafel", TODAY),
                w.open_melding,
                code="niet_bekend",
                expected_versie=_own_versie(st, w, regio),
                today=TODAY,
            ),
        ),
        ("prepared_by", Recht.OVERLEG_LEZEN, read(lambda s: voorbereiden.prepared_by(s, w.open))),
        ("opened_overleg_id", Recht.OVERLEG_OVERZICHT, read(lambda s: live.opened_overleg_id(s, "triage", TODAY))),
        ("live_stand", Recht.OVERLEG_OVERZICHT, read(lambda s: live.stand(s, w.open))),
        ("build_besluitenlijst", Recht.OVERLEG_LEZEN, read(lambda s: build_besluitenlijst(s, regio, w.closed))),
        (
            "load_detail",
            Recht.MELDING_DETAIL,
            read(lambda s: bespreking.load_detail(s, regio, w.routed_vt, today=TODAY)),
        ),
        (
            "addable_meldingen",
            (Recht.OVERLEG_VOEREN, Recht.CASUS_WIJZIGEN),
            read(lambda s: overleggen.addable_meldingen(s, w.open)),
        ),
        (
            "open_overleg",
            Recht.OVERLEG_VOEREN,
            lambda st: overleggen.open_overleg(st, regio, "triage", date(2026, 11, 25), "V", ["zvh"]),
        ),
        (
            "set_bekendheid",
            Recht.OVERLEG_VOEREN,
            lambda st: bespreking.set_bekendheid(st, regio, w.open_item, "vt", code="bekend"),
        ),
        ("set_besluit", Recht.OVERLEG_VOEREN, lambda st: bespreking.set_besluit(st, regio, w.open_item, "amw", None)),
        ("add_actie", Recht.OVERLEG_VOEREN, lambda st: bespreking.add_actie(st, regio, w.open_item, "amw", "x", TODAY)),
        ("set_partners", Recht.OVERLEG_VOEREN, lambda st: overleggen.set_partners(st, regio, w.open, ["vt", "zvh"])),
        ("start", Recht.OVERLEG_VOEREN, lambda st: overleggen.start(st, w.open)),
        (
            "export_besluitenlijst",
            Recht.OVERLEG_LEZEN,
            lambda st: export_markdown(
                st, _read(st, lambda s: build_besluitenlijst(s, regio, w.closed)), regio, tmp_path
            ),
        ),
        (
            "import_meldingen",
            Recht.MELDING_INLEZEN,
            lambda st: import_meldingen(st, regio, _csv(tmp_path), dry_run=True),
        ),
        ("build_rapport", Recht.RAPPORT, read(lambda s: build_rapport(s, regio, "ml-tabel-1", periode))),
        ("list_users", Recht.GEBRUIKERS, read(lambda s: accounts.list_users(s))),
        (
            "add_user",
            Recht.GEBRUIKERS,
            lambda st: accounts.add_user(
                st, regio, f"nieuw-{st.actor.rol if st.actor else 0}", "voorzitter", "een-lang-wachtwoord"
            ),
        ),
        ("audit_verify", Recht.TOEGANGSLOG, read(lambda s: audit.verify(s))),
        ("audit_entries", Recht.TOEGANGSLOG, read(lambda s: audit.entries(s))),
        ("inzage", Recht.INZAGE, read(lambda s: inzage.build_inzage(s, regio, w.person_vt, today=TODAY))),
        ("inzage_bsn", Recht.INZAGE, read(lambda s: _bsn_or_none(s))),
        ("retention_due", Recht.BEWAARTERMIJN, read(lambda s: retention.due(s, regio, TODAY))),
        ("demo_holds_anything", Recht.DEMO, lambda st: holds_anything(st)),
        ("lookup_search", Recht.PERSOON_ZOEKEN, read(lambda s: lookup.search(s, "Aalders"))),
        ("load_dossier", Recht.PERSOON_ZOEKEN, read(lambda s: dossier.load_dossier(s, w.person_vt, today=TODAY))),
        ("merge_persons", Recht.PERSOON_SAMENVOEGEN, lambda st: _merge_and_undo(st, w)),
        ("open_acties", Recht.ACTIE_LEZEN, read(lambda s: followup.open_acties(s, regio))),
        ("complete_actie", Recht.ACTIE_AFRONDEN, lambda st: followup.complete_actie(st, w.vt_actie, TODAY, "klaar")),
        (
            "waiting_meldingen",
            (Recht.OVERLEG_VOEREN, Recht.CASUS_WIJZIGEN),
            read(lambda s: waiting.waiting_meldingen(s, regio)),
        ),
        ("list_casussen", Recht.CASUS_LEZEN, read(lambda s: procesregie.list_casussen(s, regio, TODAY))),
        (
            "open_casus",
            Recht.CASUS_WIJZIGEN,
            lambda st: procesregie.open_casus(
                st, regio, thema="pga", gemeente="Weert", geopend=TODAY, persoon_ids=[w.person_vt]
            ),
        ),
        ("get_casus", Recht.CASUS_LEZEN, read(lambda s: procesregie.get_casus(s, regio, w.casus, TODAY))),
        ("close_casus", Recht.CASUS_WIJZIGEN, lambda st: _close_and_reopen(st, regio, w)),
    ]


def _bsn_or_none(session) -> None:
    """person_with_bsn, for a role allowed to: a person found, or a Dutch 'nobody' (neither is a refusal)."""
    with contextlib.suppress(inzage.InzageError):
        inzage.person_with_bsn(session, "111222333")


def _own_versie(store, w: World, regio) -> int:
    """The version of the partner's own answer on the open overleg's item, as its screen shows it."""
    shown = _read(store, lambda s: voorbereiden.voorbereiding(s, regio, w.open, TODAY))
    return next(i.antwoord.versie for i in shown.items if i.bespreking_id == w.open_item)


def _close_and_reopen(store, regio, w: World) -> None:
    perioden.close_casus(store, regio, w.casus, reden="doelen_bereikt", gesloten=TODAY, today=TODAY)
    perioden.reopen_casus(store, w.casus, reden="klaar", on=TODAY, today=TODAY)


def _merge_and_undo(store, w: World) -> None:
    record = merge.merge_persons(store, w.person_vt, w.person_cjg)
    merge.unmerge(store, record)


def _read(store, f):
    with store.read() as s:
        return f(s)


def test_every_role_against_every_service(raw_store, store, regio, world, tmp_path):
    refused, allowed = [], []
    for rol in ROLLEN:
        bound = raw_store.as_user(ACTORS[rol])
        for name, permission, call in services(regio, world, tmp_path):
            wanted = permission if isinstance(permission, tuple) else (permission,)
            expected = any(p in MATRIX[rol] for p in wanted)
            try:
                call(bound)
            except AccessDenied as error:
                assert not expected, f"{rol} is refused {name}: {error}"
                assert "Geen toegang" in str(error)
                refused.append((rol, name))
            else:
                assert expected, f"{rol} may not {name}, yet it ran"
                allowed.append((rol, name))
    assert ("beheerder", "load_detail") in refused and ("partner", "set_besluit") in refused
    assert ("voorzitter", "set_besluit") in allowed and ("beheerder", "audit_verify") in allowed


def test_an_unbound_store_is_refused_everywhere(raw_store, store, regio, world, tmp_path):
    for _name, _permission, call in services(regio, world, tmp_path):
        with pytest.raises(AccessDenied, match=r"Niet aangemeld|Geen toegang"):
            call(raw_store)


def test_the_role_matrix_is_data_for_the_four_roles():
    assert set(ROLLEN) == {"beheerder", "voorzitter", "procesregisseur", "partner"}
    assert Recht.GEBRUIKERS in MATRIX["beheerder"] and Recht.MELDING_DETAIL not in MATRIX["beheerder"]
    assert Recht.OVERLEG_VOEREN in MATRIX["voorzitter"] and Recht.PERSOON_ZOEKEN in MATRIX["procesregisseur"]
    assert MATRIX["partner"] <= {
        Recht.OVERLEG_OVERZICHT,
        Recht.OVERLEG_LEZEN,
        Recht.MELDING_DETAIL,
        Recht.ACTIE_LEZEN,
        Recht.ACTIE_AFRONDEN,
        Recht.VOORBEREIDEN,
    }
    assert [rol for rol in ROLLEN if Recht.VOORBEREIDEN in MATRIX[rol]] == ["partner"]


# --- partners: only what is routed to their organisation -------------------------------------------------
def test_partner_agenda_and_besluitenlijst_show_only_its_meldingen_and_actions(raw_store, store, regio, world):
    vt = raw_store.as_user(ACTORS["partner"])
    with vt.read() as s:
        items = agenda_items(s, regio, world.closed)
        lijst = build_besluitenlijst(s, regio, world.closed)
        assert agenda_items(s, regio, world.open) == []  # nothing undecided is routed anywhere yet
    assert [i.extern_id for i in items] == ["VT-1"]
    assert [r.item.extern_id for r in lijst.regels] == ["VT-1"]
    assert [a.eigenaar for r in lijst.regels for a in r.acties] == ["vt"]
    with store.read() as s:
        assert len(agenda_items(s, regio, world.closed)) == 2


def test_partner_detail_hides_other_partners_notes_and_refuses_other_meldingen(raw_store, regio, world):
    vt = raw_store.as_user(ACTORS["partner"])
    with vt.read() as s:
        detail = bespreking.load_detail(s, regio, world.routed_vt, today=TODAY)
        notes = {b.partner: b.notitie for b in detail.bekendheid}
        assert notes["vt"] == "VT kent het gezin" and notes["amw"] is None
        assert [a.eigenaar for a in detail.acties] == ["vt"]
        assert detail.history.casussen == ()
        with pytest.raises(overleggen.MeetingError, match="niet naar uw organisatie"):
            bespreking.load_detail(s, regio, world.routed_cjg, today=TODAY)
        with pytest.raises(overleggen.MeetingError):
            bespreking.load_detail(s, regio, world.open_item, today=TODAY)


def test_partner_history_leaves_out_meldingen_routed_elsewhere(raw_store, store, regio, world):
    # Bob (routed to CJG) gets a new melding that VT also receives: VT's history shows only its own past.
    with store.write() as s:
        m = add_melding(s, datum=date(2026, 11, 25), personen=[s.get(Persoon, world.person_cjg)], extern_id="CJG-2")
    triage = overleggen.open_overleg(store, regio, "routeertafel", date(2026, 11, 30), "V", ["vt", "cjg"])
    with store.read() as s:
        item = next(i for i in agenda_items(s, regio, triage) if i.melding_id == m.id)
    bespreking.set_besluit(store, regio, item.bespreking_id, "veilig_thuis", None)
    vt = raw_store.as_user(ACTORS["partner"])
    with vt.read() as s:
        detail = bespreking.load_detail(s, regio, item.bespreking_id, today=TODAY)
    assert [e.extern_id for e in detail.history.meldingen if not e.deze_melding] == []
    with store.read() as s:
        full = bespreking.load_detail(s, regio, item.bespreking_id, today=TODAY)
    assert [e.extern_id for e in full.history.meldingen] == ["CJG-1"]


def test_a_partner_sees_its_own_earlier_open_actions_only(raw_store, store, regio, world):
    # Anna's first melding left open actions for VT and AMW; her new melding, routed to VT, shows VT only its own.
    with store.write() as s:
        m = add_melding(s, datum=date(2026, 11, 25), personen=[s.get(Persoon, world.person_vt)], extern_id="VT-2")
    later = overleggen.open_overleg(store, regio, "routeertafel", date(2026, 11, 30), "V", ["vt", "amw"])
    with store.read() as s:
        item = next(i for i in agenda_items(s, regio, later) if i.melding_id == m.id)
    bespreking.set_besluit(store, regio, item.bespreking_id, "veilig_thuis", None)
    with raw_store.as_user(ACTORS["partner"]).read() as s:
        own = bespreking.load_detail(s, regio, item.bespreking_id, today=TODAY)
    with store.read() as s:
        full = bespreking.load_detail(s, regio, item.bespreking_id, today=TODAY)
    assert sorted(r.actie.omschrijving for r in full.eerdere_acties) == ["Huisbezoek", "Schuldhulp"]
    assert [(r.actie.eigenaar, r.actie.omschrijving) for r in own.eerdere_acties] == [("vt", "Huisbezoek")]


def test_views_and_changes_are_in_the_access_log(raw_store, store, regio, world):
    vera = raw_store.as_user(ACTORS["voorzitter"], context="test")
    with vera.read() as s:
        bespreking.load_detail(s, regio, world.routed_vt, today=TODAY)
    with store.read() as s:
        entries = audit.entries(s, persoon_id=world.person_vt)
    kinds = {(e.gebruiker, e.actie) for e in entries}
    assert ("vera", "bekeken") in kinds
    assert ("test", "gewijzigd") in kinds  # the fixture's decisions, by the test actor
    view = next(e for e in entries if e.gebruiker == "vera")
    assert view.rol == "voorzitter" and view.object_type == "melding" and view.context == f"overleg {world.closed}"
    assert view.werkplek


def test_partner_sees_and_finishes_only_its_own_actions(raw_store, store, regio, world):
    vt = raw_store.as_user(ACTORS["partner"])
    with vt.read() as s:
        rows = followup.open_acties(s, regio, eigenaar="amw")  # asking for another owner does not widen it
    assert {r.actie.eigenaar for r in rows} == {"vt"}
    with store.read() as s:
        amw = next(r.actie.id for r in followup.open_acties(s, regio) if r.actie.eigenaar == "amw")
    with pytest.raises(NotFound):
        followup.complete_actie(vt, amw, TODAY, "niet van mij")
    followup.complete_actie(vt, world.vt_actie, TODAY, "gedaan")
