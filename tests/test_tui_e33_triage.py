"""E33 screening, triage and casussen with real key presses: what is stored and what the screen shows."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.factories import add_melding, add_persoon
from tests.meeting_helpers import (
    MONDAY,
    THURSDAY,
    TUESDAY,
    WEDNESDAY,
    item_of,
    open_type,
)
from tests.regio_files import with_inclusietafel, write_regio
from tests.regisseurs import add_regisseurs
from tests.tui_helpers import make_app, press, screen_text, settle, type_text
from tui.screens.acties import ActiesScreen
from tui.screens.agenda import AgendaScreen
from tui.screens.besluitenlijst import BesluitenlijstScreen
from tui.screens.casus import CasusScreen
from tui.screens.casussen import CasussenScreen
from tui.screens.dossier import DossierScreen
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen
from tui.screens.run import RunScreen
from tui.screens.wachtend import WachtendScreen
from zvh_core.config.regio import parse_regio
from zvh_core.kernel.models import (
    Actie,
    Bekendheid,
    Besluit,
    Bespreking,
    Casus,
    CasusMelding,
    CasusPersoon,
    Overleg,
    Persoon,
)
from zvh_core.meetings import bespreking, overleggen
from zvh_core.meetings.agenda import agenda_items
from zvh_core.persons.history import casussen_of

SIZE = (160, 48)


async def start(pilot, option: int, voorzitter: str = "Anna", attendance_keys: tuple[str, ...] = ()) -> None:
    """On the home screen: the ``option``-th meeting type, chair, optionally change attendance, start."""
    await settle(pilot)
    assert isinstance(pilot.app.screen, HomeScreen)
    await press(pilot, *["down"] * option, "enter")
    await type_text(pilot, voorzitter)
    if attendance_keys:
        await press(pilot, "tab", *attendance_keys)
    await press(pilot, "enter")


def rows(store, model, *where):
    with store.read() as s:
        return s.exec(select(model).where(*where)).scalars().all()


# --- E33 screening ---------------------------------------------------------------------------------
async def test_an_e33_screening_with_fact_opinion_deelt_niet_route_and_hold(store, regio, tmp_path):
    with store.write() as s:
        p = add_persoon(s, achternaam="Peters", voornamen="Sem")
        first = add_melding(s, soort="verward_gedrag", datum=date(2026, 11, 20), personen=[p], extern_id="E33-1")
        second = add_melding(s, soort="verward_gedrag", datum=date(2026, 11, 21), extern_id="E33-2")
        add_melding(s, soort="overlast", extern_id="RT-1")
    app = make_app(store, regio, tmp_path, today=TUESDAY)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot, 1, "Bas")
        assert isinstance(app.screen, AgendaScreen)
        shown = screen_text(app)
        assert "E33/I28-screening" in shown and "Agenda: 2 meldingen" in shown and "RT-1" not in shown
        await press(pilot, "b")
        assert isinstance(app.screen, RunScreen)
        shown = screen_text(app)
        assert "ZVH VvG MET AMW OGGZ" in shown and "geheimhouding niet voorgelezen (k)" in shown
        assert "Sem Peters" in shown
        await press(pilot, "2", "i", "2")  # VvG bekend; verrijken: VvG by its digit (never the last toggled)
        await type_text(pilot, "Opname 2025")
        await press(pilot, "tab")
        await type_text(pilot, "Terugval waarschijnlijk")
        await press(pilot, "enter")
        await press(pilot, "d", "4")  # AMW does not share
        await type_text(pilot, "Geen toestemming")
        await press(pilot, "enter")
        shown = screen_text(app)
        assert "Opname 2025" in shown and "oordeel: Terugval waarschijnlijk" in shown
        assert "deelt niet" in shown and "reden: Geen toestemming" in shown
        await press(pilot, "r", "1")
        await type_text(pilot, "Crisisdienst")
        await press(pilot, "enter")
        assert "Route: GGZ-instelling — Crisisdienst" in screen_text(app)
        await press(pilot, "n", "h")
        await type_text(pilot, "Eerst huisarts")
        await press(pilot, "enter")
        assert "Route: Aanhouden — Eerst huisarts" in screen_text(app)
        await press(pilot, "s", "j")
        assert isinstance(app.screen, BesluitenlijstScreen)
        assert "Besluitenlijst E33/I28-screening" in screen_text(app)
    with store.read() as s:
        known = {b.partner: b for b in s.exec(select(Bekendheid)).scalars()}
        routes = dict(s.exec(select(Bespreking.melding_id, Besluit.route).join(Besluit)).all())
    assert (known["vvg"].code, known["vvg"].notitie, known["vvg"].oordeel) == (
        "bekend",
        "Opname 2025",
        "Terugval waarschijnlijk",
    )
    assert (known["amw"].code, known["amw"].reden_niet_delen) == ("deelt_niet", "Geen toestemming")
    assert routes == {first.id: "ggz_instelling", second.id: "aanhouden"}


# --- done when: routeertafel → triage → casus → casussen → history ---------------------------------
async def test_done_when_a_melding_routed_to_triage_on_monday_becomes_a_casus_on_wednesday(store, regio, tmp_path):
    add_regisseurs(store, "Eva Regie", "Piet Regie")
    with store.write() as s:
        jan = add_persoon(s, achternaam="Vries", tussenvoegsel="de", voornamen="Jan", geboortedatum=date(1990, 12, 1))
        melding = add_melding(s, soort="huiselijk_geweld", datum=date(2026, 11, 21), personen=[jan], extern_id="HG-77")
    monday = make_app(store, regio, tmp_path, today=MONDAY)
    async with monday.run_test(size=SIZE) as pilot:
        await start(pilot, 0, "Anna")
        await press(pilot, "b", "1", "i")
        await type_text(pilot, "Twee eerdere meldingen")
        await press(pilot, "enter", "r", "2")
        await type_text(pilot, "Meerdere leefgebieden")
        await press(pilot, "enter")
        assert "Route: ZVH triage — Meerdere leefgebieden" in screen_text(monday)
        await press(pilot, "s", "j")

    wednesday = make_app(store, regio, tmp_path, today=WEDNESDAY)
    async with wednesday.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Triageoverleg — vandaag" in screen_text(wednesday)
        await start(pilot, 2, "Bert")
        assert "HG-77" in screen_text(wednesday)
        await press(pilot, "b")
        shown = screen_text(wednesday)
        assert "Eerder besproken: wat er al over deze melding is gezegd" in shown
        assert "Routeertafel 23-11-2026: ZVH triage — Meerdere leefgebieden" in shown
        assert "VT bekend: Twee eerdere meldingen" in shown
        await press(pilot, "r", "1")  # casus openen
        await type_text(pilot, "Procesregie nodig")
        await press(pilot, "enter")
        assert "Casus openen" in screen_text(wednesday)
        await press(pilot, "enter")  # the procesregisseur: one of the accounts (open the list, type to find)
        await type_text(pilot, "Eva")
        await press(pilot, "enter", "ctrl+s")
        assert "Route: Casus openen — Procesregie nodig  (casus #1 geopend)" in screen_text(wednesday)
        await press(pilot, "s", "j", "escape", "c")
        assert isinstance(wednesday.screen, CasussenScreen)
        shown = screen_text(wednesday)
        assert "1 open casussen" in shown and "Triage" in shown and "Eva Regie" in shown and "J. de Vries" in shown
        await press(pilot, "enter")
        assert isinstance(wednesday.screen, CasusScreen)
        shown = screen_text(wednesday)
        assert "Casus #1 · Triage · Roermond · open · procesregisseur Eva Regie" in shown
        assert "Jan de Vries" in shown and "HG-77" in shown
        # The person's history (lookup → dossier) holds the casus.
        await press(pilot, "ctrl+f")
        await type_text(pilot, "jan de vries")
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(wednesday.screen, DossierScreen)
        shown = screen_text(wednesday)
        assert "Casus Triage  sinds 25-11-2026, open, Eva Regie" in shown
        assert "Triageoverleg 25-11-2026: Casus openen — Procesregie nodig" in shown

    (casus,) = rows(store, Casus)
    assert (casus.thema, casus.procesregisseur, casus.geopend, casus.gemeente) == (
        "triage",
        "Eva Regie",
        WEDNESDAY,
        "Roermond",
    )
    assert [x.melding_id for x in rows(store, CasusMelding)] == [melding.id]
    assert [x.persoon_id for x in rows(store, CasusPersoon)] == [jan.id]
    with store.read() as s:
        assert [c.thema for c in casussen_of(s, [jan.id])] == ["triage"]

    # The person's history: a later melding about Jan shows the casus under "Eerder bekend".
    with store.write() as s:
        add_melding(s, soort="overlast", datum=date(2026, 11, 25), personen=[s.get(Persoon, jan.id)], extern_id="OV-9")
    thursday = make_app(store, regio, tmp_path, today=THURSDAY)
    async with thursday.run_test(size=SIZE) as pilot:
        await start(pilot, 0, "Anna")
        await press(pilot, "b")
        shown = screen_text(thursday)
        assert "Casus Triage  sinds 25-11-2026, open, Eva" in shown


# --- casussen screen -------------------------------------------------------------------------------
async def test_open_a_casus_directly_edit_persons_and_meldingen_close_and_reopen(store, regio, tmp_path):
    add_regisseurs(store, "Eva Regie", "Piet Regie")
    with store.write() as s:
        add_persoon(s, achternaam="Vries", tussenvoegsel="de", voornamen="Jan", geboortedatum=date(1990, 12, 1))
        other = add_persoon(s, achternaam="Smit", voornamen="Ria")
        add_melding(s, extern_id="PI-555", soort="detentie", personen=[other])
    app = make_app(store, regio, tmp_path, today=THURSDAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        assert isinstance(app.screen, CasussenScreen)
        assert "0 open casussen" in screen_text(app)
        await press(pilot, "n")
        await press(pilot, "enter")  # aangemeld door: open the list
        await type_text(pilot, "Reclassering")
        await press(pilot, "enter", "tab", "enter")  # gemeente
        await type_text(pilot, "Weert")
        await press(pilot, "enter", "tab", "enter")  # thema
        await type_text(pilot, "Nazorg")
        await press(pilot, "enter", "tab", "enter")  # the procesregisseur: an account
        await type_text(pilot, "Piet")
        await press(pilot, "enter", "tab", "enter")  # past it to the date: Enter stores
        # The new casus opens with the person search.
        assert "Persoon toevoegen aan de casus" in screen_text(app)
        await type_text(pilot, "de vries")
        await settle(pilot)
        assert "Jan de Vries" in screen_text(app)
        await press(pilot, "enter")
        assert isinstance(app.screen, CasusScreen)
        await press(pilot, "p", "ctrl+n")
        await type_text(pilot, "Mo")
        await press(pilot, "tab", "tab")
        await type_text(pilot, "Vries")
        await press(pilot, "tab")
        await type_text(pilot, "01-02-2015")
        await press(pilot, "enter")
        await press(pilot, "m")
        await type_text(pilot, "PI-555")  # the lookup finds the person by the melding's number
        await settle(pilot)
        await press(pilot, "enter", "enter", "a")
        await type_text(pilot, "Plan van aanpak")
        await press(pilot, "enter")
        shown = screen_text(app)
        assert "ZVH: Plan van aanpak  (termijn 10-12-2026)" in shown
        assert "Casus #1 · Nazorg ex-gedetineerden · Weert · open · procesregisseur Piet Regie" in shown
        assert "aangemeld door Reclassering" in shown
        for name in ("Jan de Vries", "Mo Vries", "Ria Smit", "PI-555"):
            assert name in shown
        await press(pilot, "x", "j")  # the first person (the oldest: Ria, born 1980) out
        assert "Ria Smit" not in screen_text(app)
        await press(pilot, "s", "tab", "tab")  # reason (the first: doelen bereikt), date, note
        await type_text(pilot, "Doel bereikt")
        await press(pilot, "enter")
        shown = screen_text(app)
        assert "gesloten 26-11-2026" in shown and "Gesloten 26-11-2026: Doelen bereikt" in shown
        await press(pilot, "o")
        await type_text(pilot, "Nieuwe melding")
        await press(pilot, "enter")
        assert "Heropend" in screen_text(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, CasussenScreen)
        shown = screen_text(app)
        assert "1 open casussen" in shown and "aangemeld door Recl" in shown
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen) and "Open een casus zonder melding" in screen_text(app)
    (casus,) = rows(store, Casus)
    assert (casus.thema, casus.gemeente, casus.procesregisseur, casus.aangemeld_door) == (
        "nazorg",
        "Weert",
        "Piet Regie",
        "reclassering",
    )
    assert (casus.gesloten, casus.heropend_op) == (None, THURSDAY)
    with store.read() as s:
        names = (
            s.exec(
                select(Persoon.voornamen)
                .join(CasusPersoon, CasusPersoon.persoon_id == Persoon.id)
                .order_by(Persoon.voornamen)
            )
            .scalars()
            .all()
        )
        mo = s.exec(select(Persoon).where(Persoon.voornamen == "Mo")).scalars().one()
    assert names == ["Jan", "Mo"] and mo.geboortedatum == date(2015, 2, 1)


# --- acties screen ---------------------------------------------------------------------------------
async def test_acties_screen_lists_by_owner_marks_overdue_and_records_done(store, regio, tmp_path):
    with store.write() as s:
        m = add_melding(s, extern_id="M-1", personen=[add_persoon(s, achternaam="Bos", voornamen="Ria")])
    overleg_id = open_type(store, regio, "routeertafel", MONDAY)
    bespreking_id = item_of(store, regio, overleg_id, m.id).bespreking_id
    late = bespreking.add_actie(store, regio, bespreking_id, "cjg", "Schoolgesprek", date(2026, 11, 20))
    bespreking.add_actie(store, regio, bespreking_id, "vt", "Huisbezoek", date(2026, 12, 7))
    app = make_app(store, regio, tmp_path, today=THURSDAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        assert isinstance(app.screen, ActiesScreen)
        shown = screen_text(app)
        assert "2 open acties · 1 verlopen" in shown and "VERLOPEN" in shown
        footer = shown.splitlines()[-1]
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for label in ("Afgerond", "Eigenaar", "Terug"):
            assert label in footer and label in titles
        assert "Routeertafel 23-11-2026 · M-1" in shown and "R. Bos" in shown
        await press(pilot, "f", "4")  # the fourth option: CJG
        shown = screen_text(app)
        assert "1 open acties van CJG" in shown and "Huisbezoek" not in shown
        await press(pilot, "enter")
        await type_text(pilot, "Gesprek gevoerd")
        await press(pilot, "enter")
        assert "0 open acties van CJG" in screen_text(app)
    with store.read() as s:
        actie = s.get(Actie, late)
    assert (actie.afgerond_op, actie.terugkoppeling, actie.status) == (THURSDAY, "Gesprek gevoerd", "gedaan")


# --- never lost ------------------------------------------------------------------------------------
async def test_wachtend_lists_what_waits_and_puts_it_on_an_open_agenda(store, regio, tmp_path):
    with store.write() as s:
        add_melding(s, soort="detentie", extern_id="PI-1", datum=date(2026, 11, 2))
        held = add_melding(s, soort="overlast", extern_id="RT-1", datum=date(2026, 11, 10))
    monday = open_type(store, regio, "routeertafel", MONDAY)
    bespreking.set_besluit(store, regio, item_of(store, regio, monday, held.id).bespreking_id, "aanhouden", None)
    overleggen.close_overleg(store, monday)
    e33 = open_type(store, regio, "e33_screening", TUESDAY)
    app = make_app(store, regio, tmp_path, today=THURSDAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "w")
        assert isinstance(app.screen, WachtendScreen)
        shown = screen_text(app)
        assert "2 meldingen zonder besluit staan op geen agenda" in shown
        assert shown.index("PI-1") < shown.index("RT-1"), "oldest first"
        assert "Triageoverleg" in shown and "nieuw, nog niet besproken" in shown
        assert "aangehouden (Routeertafel 23-11-2026)" in shown
        await press(pilot, "t", "1")  # the only open overleg: the E33 screening
        shown = screen_text(app)
        assert "1 meldingen zonder besluit" in shown and "PI-1" not in shown
    with store.read() as s:
        assert [i.extern_id for i in agenda_items(s, regio, e33)] == ["PI-1"]


# --- the meeting record --------------------------------------------------------------------------
async def test_attendance_review_of_previous_actions_confidentiality_and_partner_lists(store, regio, tmp_path):
    with store.write() as s:
        a = add_melding(s, extern_id="A", datum=date(2026, 11, 10))
        new = add_melding(s, extern_id="NIEUW", datum=date(2026, 11, 24))
    monday = open_type(store, regio, "routeertafel", MONDAY)
    bespreking_id = item_of(store, regio, monday, a.id).bespreking_id
    bespreking.set_besluit(store, regio, bespreking_id, "amw", None)
    first = bespreking.add_actie(store, regio, bespreking_id, "amw", "Huisbezoek", date(2026, 11, 25))
    second = bespreking.add_actie(store, regio, bespreking_id, "vt", "Dossier opvragen", date(2026, 12, 1))
    overleggen.close_overleg(store, monday)
    app = make_app(store, regio, tmp_path, today=THURSDAY)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot, 0, "Anna", attendance_keys=("down", "down", "down", "space"))  # AMW afgemeld
        assert isinstance(app.screen, AgendaScreen)
        shown = screen_text(app)
        assert "afgemeld: AMW" in shown and "geheimhouding niet voorgelezen (k)" in shown
        assert "Eerst de acties van het vorige overleg (Routeertafel 23-11-2026): 0 / 2 nagelopen" in shown
        await press(pilot, "o", "n")
        assert "2 / 2 nagelopen" in screen_text(app)
        await press(pilot, "k")
        assert "Geheimhoudingsverklaring — lees voor" in screen_text(app)
        await press(pilot, "enter")
        assert "geheimhouding ✓" in screen_text(app)
        await press(pilot, "b", "r", "4")
        await type_text(pilot, "AMW pakt op")
        await press(pilot, "enter", "s", "j")
        assert isinstance(app.screen, BesluitenlijstScreen)
        shown = screen_text(app)
        assert "Afgemeld: AMW" in shown and "Geheimhoudingsverklaring: voorgelezen om" in shown
        assert "Acties uit het vorige overleg (23-11-2026)" in shown
        await press(pilot, "p")
    folder = tmp_path / "exports"
    assert sorted(p.name for p in folder.iterdir()) == [
        f"besluitenlijst-routeertafel-{THURSDAY.isoformat()}-{c}.md" for c in ("cjg", "vt", "zvh")
    ]
    with store.read() as s:
        reviewed = {x.id: (x.status, x.status_op, x.afgerond_op) for x in s.exec(select(Actie)).scalars()}
        overleg = s.exec(select(Overleg).where(Overleg.datum == THURSDAY)).scalars().one()
    assert reviewed == {first: ("gedaan", THURSDAY, THURSDAY), second: ("niet_gedaan", THURSDAY, None)}
    assert overleg.geheimhouding_gelezen_op is not None
    assert new.id


# --- a meeting type from the regio file alone -----------------------------------------------------------
async def test_a_type_added_only_in_the_regio_file_can_be_chaired(store, tmp_path):
    regio = parse_regio(write_regio(tmp_path, with_inclusietafel()))
    with store.write() as s:
        add_melding(s, soort="inclusie", bron="gemeente", extern_id="INC-1", datum=date(2026, 11, 20))
    app = make_app(store, regio, tmp_path, today=date(2026, 11, 27))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Inclusietafel — vandaag · nog niet gestart" in screen_text(app)
        await start(pilot, 3, "Ilse")
        assert "Inclusietafel" in screen_text(app) and "INC-1" in screen_text(app)
        await press(pilot, "b")
        assert "ZVH Gem AMW" in screen_text(app)
        await press(pilot, "2", "r", "1")
        await type_text(pilot, "Schuldhulp en werk")
        await press(pilot, "enter")
        assert "Route: Inclusietraject gemeente — Schuldhulp en werk" in screen_text(app)
        await press(pilot, "s", "j")
        assert "Besluitenlijst Inclusietafel" in screen_text(app)
    with store.read() as s:
        assert s.exec(select(Besluit.route)).scalars().all() == ["inclusietraject"]
        assert s.exec(select(Bekendheid.partner, Bekendheid.code)).all() == [("gemeente", "bekend")]
