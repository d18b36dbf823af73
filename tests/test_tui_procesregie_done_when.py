"""Issue 11's 'done when', tried as a procesregisseur would, with real key presses: Monday's referral is opened
as a casus at Wednesday's triage (the procesregisseur an account), planned with three goals on three
leefgebieden, journalled over weeks (the clock moves on between sessions), handed over, evaluated, closed,
reopened and closed again; every step is on its timeline and in the person's inzage, and the reports count
it as its periods say."""

from __future__ import annotations

import io
from datetime import date, timedelta

from rich.console import Console
from sqlalchemy import select

from tests.factories import add_melding, add_persoon
from tests.meeting_helpers import MONDAY, WEDNESDAY, open_type
from tests.tui_helpers import make_app, press, screen_text, settle, type_text
from tui.screens.casus import CasusScreen
from tui.screens.casussen import MijnCasussenScreen
from tui.screens.run import RunScreen
from tui.screens.run_dialogs import CasusOpenDialog
from zvh_core.access import accounts
from zvh_core.access.rights import Actor
from zvh_core.kernel.models import Casus, CasusDoel, CasusJournaal, CasusOverdracht, CasusPeriode
from zvh_core.privacy import inzage
from zvh_core.reports.periode import Periode
from zvh_core.reports.tabel import build_rapport

SIZE = (160, 90)
PASSWORD = "Procesregie-2026-lang!"


def rows(store, model, *where):
    with store.read() as s:
        return s.exec(select(model).where(*where)).scalars().all()


def timeline(app) -> str:
    """The casus screen's timeline as text (all of it, also the part scrolled out of view)."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(app.screen.query_one("#casus-tijdlijn").content)
    return console.export_text()


async def open_my_casus(pilot) -> None:
    """Home → c (casussen) → i (Mijn casussen) → Enter: the first of mine."""
    await settle(pilot)
    await press(pilot, "c", "i")
    assert isinstance(pilot.app.screen, MijnCasussenScreen)
    await press(pilot, "enter")
    assert isinstance(pilot.app.screen, CasusScreen)


async def test_a_casus_from_triage_is_worked_for_weeks_and_every_step_is_on_its_timeline(store, regio, tmp_path):
    eva_id = accounts.add_user(store, regio, "Eva Regie", "procesregisseur", PASSWORD)
    piet_id = accounts.add_user(store, regio, "Piet Regie", "procesregisseur", PASSWORD)
    eva = store.as_user(Actor("Eva Regie", "procesregisseur", gebruiker_id=eva_id))
    piet = store.as_user(Actor("Piet Regie", "procesregisseur", gebruiker_id=piet_id))
    with store.write() as s:
        jan = add_persoon(s, achternaam="Vries", tussenvoegsel="de", voornamen="Jan", geboortedatum=date(1990, 12, 1))
        add_melding(s, soort="detentie", bron="penitentiaire_inrichting", gemeente="Weert", datum=MONDAY,
                    personen=[jan], extern_id="PI-2026-1")  # fmt: skip
    open_type(store, regio, "triage", WEDNESDAY)

    # Wednesday's triage: route 'casus openen', thema nazorg, Eva (an account) as procesregisseur.
    app = make_app(store, regio, tmp_path, today=WEDNESDAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "down", "down", "enter", "b")
        assert isinstance(app.screen, RunScreen)
        await press(pilot, "r", "1")
        await type_text(pilot, "Procesregie nodig, gezinsplan")
        await press(pilot, "enter")
        assert isinstance(app.screen, CasusOpenDialog)
        await press(pilot, "shift+tab", "enter")
        await type_text(pilot, "Nazorg")
        await press(pilot, "enter", "tab", "enter")
        await type_text(pilot, "Eva")
        await press(pilot, "enter", "ctrl+s")
        assert "(casus #1 geopend)" in screen_text(app)
    (casus,) = rows(store, Casus)
    assert (casus.thema, casus.geopend, casus.procesregisseur_id) == ("nazorg", WEDNESDAY, eva_id)

    # Eva plans: three goals on three leefgebieden of nazorg.
    app = make_app(eva, regio, tmp_path, today=WEDNESDAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_my_casus(pilot)
        shown = screen_text(app)
        assert "Triage: Procesregie nodig, gezinsplan" in shown and "procesregisseur Eva Regie" in shown
        for leefgebied, doel in (("ID-bewijs", "ID-kaart aanvragen"), ("Onderdak", "Plek in de opvang"),
                                 ("Inkomen", "Uitkering aanvragen")):  # fmt: skip
            await press(pilot, "d", "enter")
            await type_text(pilot, leefgebied)
            await press(pilot, "enter", "tab")
            await type_text(pilot, doel)
            await press(pilot, "enter")
            assert isinstance(app.screen, CasusScreen) and doel in screen_text(app)
    assert sorted(d.leefgebied for d in rows(store, CasusDoel)) == ["id_bewijs", "inkomen_werk", "onderdak"]

    # Weeks go by: a journal entry each week, on that day.
    for week in (1, 2, 3):
        app = make_app(eva, regio, tmp_path, today=WEDNESDAY + timedelta(weeks=week))
        async with app.run_test(size=SIZE) as pilot:
            await open_my_casus(pilot)
            await press(pilot, "j")  # the dialog opens on the fact
            await type_text(pilot, f"Week {week}: gesprek gevoerd")
            await press(pilot, "enter")
            assert f"Week {week}: gesprek gevoerd" in timeline(app)
    assert [j.datum for j in rows(store, CasusJournaal)] == [WEDNESDAY + timedelta(weeks=w) for w in (1, 2, 3)]

    # Eva hands over to Piet.
    handed_on = WEDNESDAY + timedelta(weeks=3, days=2)
    app = make_app(eva, regio, tmp_path, today=handed_on)
    async with app.run_test(size=SIZE) as pilot:
        await open_my_casus(pilot)
        await press(pilot, "h", "tab", "tab")
        await type_text(pilot, "Eva met verlof; Jan is op de hoogte")
        await press(pilot, "enter")
        assert "procesregisseur Piet Regie" in screen_text(app)

    # Piet evaluates, closes (a coded reason and the result per goal), reopens and closes again.
    closed_on, reopened_on, closed_again = (handed_on + timedelta(days=n) for n in (11, 30, 35))
    app = make_app(piet, regio, tmp_path, today=handed_on + timedelta(days=10))
    async with app.run_test(size=SIZE) as pilot:
        await open_my_casus(pilot)
        await press(pilot, "v")  # the dialog opens on the summary
        await type_text(pilot, "ID geregeld, onderdak loopt")
        await press(pilot, "enter")
        assert "Evaluatie" in timeline(app)
    app = make_app(piet, regio, tmp_path, today=closed_on)
    async with app.run_test(size=SIZE) as pilot:
        await open_my_casus(pilot)
        await press(pilot, "s", "enter")
        await type_text(pilot, "Doelen")
        await press(pilot, "enter", "tab", "tab")
        await type_text(pilot, "Overgedragen aan wijkteam")
        await press(pilot, "tab", "tab", "enter")  # the result of the first goal (ID-bewijs)
        await type_text(pilot, "bereikt")
        await press(pilot, "enter", "ctrl+s")
        assert "Deze casus is alleen-lezen" in screen_text(app)
    app = make_app(piet, regio, tmp_path, today=reopened_on)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.show_casus(casus.id)  # closed: no longer among Piet's open casussen
        await settle(pilot)
        await press(pilot, "o")
        await type_text(pilot, "Opnieuw dakloos")
        await press(pilot, "enter")
        assert "Heropend" in timeline(app)
    app = make_app(piet, regio, tmp_path, today=closed_again)
    async with app.run_test(size=SIZE) as pilot:
        await open_my_casus(pilot)
        await press(pilot, "s", "enter")
        await type_text(pilot, "Overgedragen")
        await press(pilot, "enter", "ctrl+s")
        shown, line = screen_text(app), timeline(app)
        assert "Perioden: " + " · ".join(
            [f"{WEDNESDAY:%d-%m-%Y} – {closed_on:%d-%m-%Y} (Doelen bereikt)",
             f"{reopened_on:%d-%m-%Y} – {closed_again:%d-%m-%Y} (Overgedragen)"]
        ) in shown  # fmt: skip
        for step in (
            "Triageoverleg 25-11-2026: Casus openen", "Procesregie nodig, gezinsplan", "Melding PI-2026-1", "Doel ID-bewijs nieuw", "Doel Onderdak nieuw",
            "Doel Inkomen/werk nieuw", "Week 1: gesprek gevoerd", "Week 3: gesprek gevoerd",
            "Overgedragen van Eva Regie aan Piet Regie", "Eva met verlof; Jan is op de hoogte",
            "ID geregeld, onderdak loopt", "Gesloten: Doelen bereikt (doelen: bereikt 1, nog niet gestart 2)",
            "Doel ID-bewijs resultaat bij sluiten: bereikt", "Heropend", "Opnieuw dakloos",
            "Gesloten: Overgedragen",
        ):  # fmt: skip
            assert step in line, step
    periods = rows(store, CasusPeriode)
    assert [(p.van, p.tot, p.reden_sluiting) for p in periods] == [
        (WEDNESDAY, closed_on, "doelen_bereikt"), (reopened_on, closed_again, "overgedragen"),
    ]  # fmt: skip
    (handed,) = rows(store, CasusOverdracht)
    assert (handed.datum, handed.van_regisseur, handed.naar_regisseur) == (handed_on, "Eva Regie", "Piet Regie")
    assert [j.auteur for j in rows(store, CasusJournaal)] == ["Eva Regie"] * 3

    # The inzage of Jan holds the working file.
    with store.read() as s:
        text = inzage.build_inzage(s, regio, jan.id, today=closed_again)
    for fragment in (
        f"geopend {WEDNESDAY:%d-%m-%Y}; gesloten {closed_on:%d-%m-%Y}: Doelen bereikt — Overgedragen aan wijkteam",
        f"heropend {reopened_on:%d-%m-%Y} (reden: Opnieuw dakloos); gesloten {closed_again:%d-%m-%Y}: Overgedragen",
        "nieuw: ID-bewijs — ID-kaart aanvragen", "Week 2: gesprek gevoerd", "Eva met verlof; Jan is op de hoogte",
        "ID geregeld, onderdak loopt",
    ):  # fmt: skip
        assert fragment in text, fragment

    # The reports count it by its periods: it ran in Q4 2026 and Q1 2027, new in Q4, closed in both quarters.
    with store.read() as s:
        rapport = build_rapport(s, regio, "casussen-kwartalen", Periode(date(2026, 10, 1), date(2027, 3, 31)))
    wanted = [rapport.kolommen.index(f"Nazorg ex-gedetineerden {m}") for m in ("lopend", "nieuw", "gesloten",
                                                                              "heropend")]  # fmt: skip
    weert = {r.kop: tuple(r.waarden[i] for i in wanted) for r in rapport.rijen if r.kop[0] == "Weert"}
    assert closed_on.year == 2026 and reopened_on.year == 2027, "the scenario spans the turn of the year"
    assert weert[("Weert", "2026", "4")] == (1, 1, 1, 0)
    assert weert[("Weert", "2027", "1")] == (1, 0, 1, 1)
    assert weert[("Weert", "Totaal", "")] == (1, 1, 1, 1), "once over both quarters"
