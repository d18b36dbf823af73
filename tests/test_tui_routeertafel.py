"""Chair a routeertafel with real key presses, on a temporary store, and check what is stored and shown."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from tests.factories import add_melding, add_persoon
from tests.tui_helpers import TODAY, make_app, press, screen_text, settle, type_text
from tui.screens.agenda import AgendaScreen
from tui.screens.besluitenlijst import BesluitenlijstScreen
from tui.screens.dialogs import ErrorDialog
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen
from tui.screens.run import RunScreen
from zvh_core.kernel.models import Actie, Bekendheid, Besluit, Bespreking, Overleg
from zvh_core.meetings import bespreking, overleggen

SIZE = (160, 48)


def seed(store, n: int = 20):
    """n routeertafel meldingen from the last week; the first person was seen in March too."""
    with store.write() as s:
        jan = add_persoon(s, achternaam="Vries", tussenvoegsel="de", voornamen="Jan", geboortedatum=date(1990, 12, 1))
        add_melding(
            s, soort="overlast", datum=date(2026, 3, 3), personen=[jan], omschrijving="Geluidsoverlast 's nachts"
        )
        ids = []
        for i in range(n):
            persons = [jan] if i == 0 else [add_persoon(s, achternaam=f"Persoon{i}", voornamen="Kim")]
            m = add_melding(
                s,
                soort=("overlast", "crimineel", "huiselijk_geweld")[i % 3],
                datum=date(2026, 11, 16) + timedelta(days=i % 9),
                personen=persons,
                extern_id=f"2026-9{i:05d}",
            )
            ids.append(m.id)
    # The March melding was discussed then, so it is not on today's agenda.
    march = overleggen.open_overleg(store, _regio(), "routeertafel", date(2026, 3, 5), "X", ["vt", "amw"])
    with store.read() as s:
        from zvh_core.meetings.agenda import agenda_items

        (item,) = agenda_items(s, _regio(), march)
    bespreking.set_bekendheid(store, _regio(), item.bespreking_id, "amw", code="bekend", notitie="Schuldhulp loopt")
    bespreking.set_besluit(store, _regio(), item.bespreking_id, "amw", "AMW pakt op")
    overleggen.close_overleg(store, march)
    return ids


def _regio():
    from zvh_core.config.regio import load_regio

    return load_regio()


async def start_today(pilot, voorzitter: str = "Anna de Voorzitter") -> None:
    """From the home screen: Enter on the routeertafel, fill in the chair, Enter."""
    await settle(pilot)
    assert isinstance(pilot.app.screen, HomeScreen)
    await press(pilot, "enter")
    await type_text(pilot, voorzitter)
    await press(pilot, "enter")


def count(store, model, *where) -> int:
    with store.read() as s:
        return s.exec(select(func.count()).select_from(model).where(*where)).one()[0]


async def test_chair_a_whole_routeertafel_with_the_keyboard(store, regio, tmp_path):
    seed(store, 20)
    app = make_app(store, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start_today(pilot)
        assert isinstance(app.screen, AgendaScreen)
        assert "Agenda: 20 meldingen" in screen_text(app)
        await press(pilot, "b")
        assert isinstance(app.screen, RunScreen)
        shown = screen_text(app)
        assert "Melding 1 / 20" in shown
        assert "Jan de Vries" in shown and "(35 jaar)" in shown and "HERHAALD" in shown
        assert "Schuldhulp loopt" in shown  # Eerder bekend: the March bespreking
        # Melding 1: VT bekend with a note, AMW niet bekend, route VT, one action.
        await press(pilot, "1")
        await press(pilot, "i")
        await type_text(pilot, "Gezin bekend sinds 2024")
        await press(pilot, "enter")
        await press(pilot, "4", "4")
        await press(pilot, "r", "1")
        await type_text(pilot, "VT neemt contact op")
        await press(pilot, "enter")
        await press(pilot, "a")
        await type_text(pilot, "Huisbezoek plannen")
        await press(pilot, "enter")
        shown = screen_text(app)
        assert "Route: Veilig Thuis — VT neemt contact op" in shown
        assert "VT: Huisbezoek plannen  (termijn 10-12-2026)" in shown
        assert "Gezin bekend sinds 2024" in shown
        # The rest: alternate routes; hold one over.
        for n in range(2, 21):
            await press(pilot, "n")
            assert f"Melding {n} / 20" in screen_text(app)
            if n == 5:
                held_over = app.screen.current_item.extern_id
                await press(pilot, "h")
                await type_text(pilot, "Eerst school bellen")
                await press(pilot, "enter")
            else:
                await press(pilot, "2", "r", str(1 + n % 7), "enter")
        assert "20 besloten" in screen_text(app)
        await press(pilot, "s", "j")
        assert isinstance(app.screen, BesluitenlijstScreen)
        shown = screen_text(app)
        assert "Besluitenlijst Routeertafel" in shown and "Huisbezoek plannen" in shown
        await press(pilot, "e")
        exported = tmp_path / "exports" / f"besluitenlijst-routeertafel-{TODAY.isoformat()}.md"
        assert exported.exists()
        assert "| 1 | 2026-900000 |" in exported.read_text(encoding="utf-8")

    overleg_id = count(store, Overleg, Overleg.datum == TODAY)
    assert overleg_id == 1
    with store.read() as s:
        overleg = s.exec(select(Overleg).where(Overleg.datum == TODAY)).scalars().one()
        assert overleg.status == "gesloten" and overleg.voorzitter == "Anna de Voorzitter"
        besluiten = (
            s.exec(
                select(Besluit.route)
                .join(Bespreking, Bespreking.id == Besluit.bespreking_id)
                .where(Bespreking.overleg_id == overleg.id)
                .order_by(Bespreking.volgorde)
            )
            .scalars()
            .all()
        )
        assert len(besluiten) == 20
        assert besluiten[0] == "veilig_thuis" and besluiten[4] == "aanhouden"
        vt = (
            s.exec(
                select(Bekendheid)
                .join(Bespreking)
                .where(Bespreking.overleg_id == overleg.id, Bekendheid.partner == "vt")
            )
            .scalars()
            .all()
        )
        assert [(b.code, b.notitie) for b in vt] == [("bekend", "Gezin bekend sinds 2024")]
        amw = (
            s.exec(
                select(Bekendheid.code)
                .join(Bespreking)
                .where(Bespreking.overleg_id == overleg.id, Bekendheid.partner == "amw")
            )
            .scalars()
            .all()
        )
        assert amw == ["niet_bekend"]
        (actie,) = s.exec(select(Actie)).scalars().all()
        assert (actie.eigenaar, actie.omschrijving, actie.termijn) == (
            "vt",
            "Huisbezoek plannen",
            TODAY + timedelta(days=14),
        )
    # The held-over melding is on the next routeertafel.
    monday = overleggen.open_overleg(store, regio, "routeertafel", date(2026, 11, 30), "Anna", ["vt", "zvh"])
    with store.read() as s:
        from zvh_core.meetings.agenda import agenda_items

        assert [i.extern_id for i in agenda_items(s, regio, monday)] == [held_over]


async def test_killed_mid_meeting_resumes_at_the_same_melding_with_nothing_lost(store, regio, tmp_path):
    seed(store, 20)
    app = make_app(store, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start_today(pilot)
        await press(pilot, "b")
        for _ in range(10):
            await press(pilot, "3", "r", "2", "enter", "n")
        assert "Melding 11 / 20" in screen_text(app)
        await press(pilot, "1")
        # No orderly exit: the test ends the app as a killed terminal would (nothing flushed on exit).

    again = make_app(store, regio, tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "open, 10 / 20 besloten" in screen_text(again)
        await press(pilot, "enter")
        assert isinstance(again.screen, RunScreen)
        shown = screen_text(again)
        assert "Melding 11 / 20" in shown and "10 besloten" in shown
        assert "1 VT     bekend" in shown
        await press(pilot, "v")
        assert "Route: ZVH triage" in screen_text(again)
    assert count(store, Besluit) == 10 + 1  # ten today, one in March


async def test_taking_off_and_adding_on_the_agenda(store, regio, tmp_path):
    seed(store, 3)
    with store.write() as s:
        extra = add_melding(s, soort="detentie", extern_id="PI-123", datum=date(2026, 11, 20))
    app = make_app(store, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start_today(pilot)
        assert "Agenda: 3 meldingen" in screen_text(app)
        await press(pilot, "x")
        assert "Agenda: 2 meldingen" in screen_text(app)
        await press(pilot, "t")
        await type_text(pilot, "PI-1")
        await settle(pilot)
        await press(pilot, "enter")
        shown = screen_text(app)
        assert "Agenda: 3 meldingen" in shown and "PI-123" in shown
    with store.read() as s:
        rows = s.exec(select(Bespreking.melding_id, Bespreking.afgevoerd).order_by(Bespreking.id)).all()
    assert (extra.id, False) in rows and any(afgevoerd for _, afgevoerd in rows)


async def test_help_palette_and_footer_offer_the_same_actions(store, regio, tmp_path):
    seed(store, 2)
    app = make_app(store, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start_today(pilot)
        await press(pilot, "b")
        footer = screen_text(app).splitlines()[-1]
        for label in ("Volgende", "Vorige", "Bekendheid", "Verrijken", "Route", "Aanhouden", "Actie", "Sluiten"):
            assert label in footer
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for label in ("Volgende", "Vorige", "Route", "Aanhouden", "Actie", "Verrijken", "Sluiten", "Help"):
            assert label in titles
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        assert "Houd de melding aan" in screen_text(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, RunScreen)


async def test_a_refused_change_opens_a_dialog_and_shows_the_stored_state(store, regio, tmp_path):
    seed(store, 2)
    app = make_app(store, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start_today(pilot)
        await press(pilot, "b")
        # Someone else closes the overleg meanwhile (another workstation).
        overleggen.close_overleg(store, app.screen.overleg_id)
        await press(pilot, "1")
        assert isinstance(app.screen, ErrorDialog)
        assert "gesloten" in screen_text(app)
        await press(pilot, "escape")
        assert "1 VT     niet nagevraagd" in screen_text(app)
    assert count(store, Bekendheid) == 1  # only the March one
