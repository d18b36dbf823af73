"""Login, lockout, idle lock and privacy mode in the app, with real key presses."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from tests.test_tui_routeertafel import SIZE, start_today
from tests.tui_helpers import TODAY, make_app, press, screen_text, settle, type_text, workers_done
from tui.app import ZvhApp
from tui.screens.agenda import AgendaScreen
from tui.screens.besluitenlijst import BesluitenlijstScreen
from tui.screens.dossier import DossierScreen
from tui.screens.home import HomeScreen
from tui.screens.login import FirstBeheerderScreen, LockScreen, LoginScreen
from tui.screens.lookup import LookupScreen
from tui.screens.rapportage import RapportageScreen
from tui.screens.run import RunScreen
from zvh_core.access import accounts, audit
from zvh_core.demo.fill import fill_demo
from zvh_core.kernel.models import Gebruiker, Persoon
from zvh_core.kernel.names import display_name

PASSWORD = "correct-paard-batterij"


def flat(text: str) -> str:
    """Screen text with the dialog borders and line breaks folded away."""
    return " ".join(text.replace("█", " ").split())


def login_app(raw_store, regio, tmp_path, **kwargs) -> ZvhApp:
    return ZvhApp(raw_store, regio, today=lambda: TODAY, export_dir=tmp_path / "exports", **kwargs)


async def log_in(pilot, naam: str, wachtwoord: str) -> None:
    await settle(pilot)
    await type_text(pilot, naam)
    await press(pilot, "enter")
    await type_text(pilot, wachtwoord)
    await press(pilot, "enter")
    await workers_done(pilot.app)
    await settle(pilot)


async def test_the_app_starts_with_a_login_and_binds_the_store_to_the_user(raw_store, store, regio, tmp_path):
    accounts.add_user(store, regio, "vera", "voorzitter", PASSWORD)
    accounts.add_user(store, regio, "bea", "beheerder", PASSWORD)
    app = login_app(raw_store, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert "aanmelden" in screen_text(app)
        await log_in(pilot, "vera", PASSWORD)
        assert isinstance(app.screen, HomeScreen)
        assert app.store.actor.naam == "vera" and app.store.actor.rol == "voorzitter"
    with store.read() as s:
        assert next(e.actie for e in audit.entries_unchecked(s, gebruiker="vera")) == "aanmelding"


async def test_five_wrong_passwords_lock_the_account(raw_store, store, regio, tmp_path):
    accounts.add_user(store, regio, "vera", "voorzitter", PASSWORD)
    accounts.add_user(store, regio, "bea", "beheerder", PASSWORD)
    app = login_app(raw_store, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "vera", "fout-1")
        assert isinstance(app.screen, LoginScreen) and "onjuist wachtwoord" in screen_text(app)
        for n in range(2, 6):
            await type_text(pilot, f"fout-{n}")
            await press(pilot, "enter")
            await workers_done(app)
            await settle(pilot)
        assert "15 minuten" in screen_text(app) and "geblokkeerd." in screen_text(app)
        await type_text(pilot, PASSWORD)
        await press(pilot, "enter")
        await workers_done(app)
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen) and "15 minuten geblokkeerd" in flat(screen_text(app))
        with store.read() as s:
            assert audit.entries_unchecked(s, gebruiker="vera")[-1].details == '{"reden": "geblokkeerd"}'
    with store.read() as s:
        kinds = [e.actie for e in audit.entries_unchecked(s, gebruiker="vera")]
    assert kinds.count("aanmelding_mislukt") == 6 and "account_geblokkeerd" in kinds


async def test_a_fresh_store_asks_for_the_first_beheerder(raw_store, store, regio, tmp_path):
    app = login_app(raw_store, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FirstBeheerderScreen)
        await type_text(pilot, "bea")
        await press(pilot, "enter")
        await type_text(pilot, PASSWORD)
        await press(pilot, "enter")
        await type_text(pilot, PASSWORD)
        await press(pilot, "enter")
        await workers_done(app)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.store.actor.rol == "beheerder"
    with store.read() as s:
        (user,) = s.exec(select(Gebruiker)).scalars().all()
    assert user.naam == "bea" and user.rol == "beheerder" and PASSWORD not in user.wachtwoord_hash


async def test_idle_minutes_lock_the_screen_until_the_password_is_given(raw_store, store, regio, tmp_path):
    accounts.add_user(store, regio, "bea", "beheerder", PASSWORD)
    accounts.add_user(store, regio, "vera", "voorzitter", PASSWORD)
    app = login_app(raw_store, regio, tmp_path, idle_seconds=1.5)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "vera", PASSWORD)
        assert isinstance(app.screen, HomeScreen)
        for _ in range(4):  # activity keeps it open
            await pilot.press("down")
            await asyncio.sleep(0.5)
        assert isinstance(app.screen, HomeScreen)
        await asyncio.sleep(2.0)
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        text = screen_text(app)
        assert "Scherm vergrendeld — vera" in text and "Routeertafel" not in text
        await type_text(pilot, "fout")
        await press(pilot, "enter")
        await workers_done(app)
        await settle(pilot)
        assert isinstance(app.screen, LockScreen) and "onjuist wachtwoord" in screen_text(app)
        await type_text(pilot, PASSWORD)
        await press(pilot, "enter")
        await workers_done(app)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    with store.read() as s:
        kinds = [e.actie for e in audit.entries_unchecked(s, gebruiker="vera")]
    assert "scherm_vergrendeld" in kinds and kinds[-1] == "aanmelding"


# --- privacy mode while sharing the screen ----------------------------------------------------------
@pytest.fixture
def demo_store(store, regio):
    fill_demo(store, regio, today=TODAY)
    return store


def secrets(store) -> tuple[set[str], set[str], set[str]]:
    with store.read() as s:
        persons = s.exec(select(Persoon)).scalars().all()
    names = {display_name(p.achternaam, p.tussenvoegsel, p.voornamen) for p in persons if p.achternaam}
    return names, {p.bsn for p in persons if p.bsn}, {p.adres for p in persons if p.adres}


def short_names(store) -> set[str]:
    """'J. de Vries': how lists name persons outside privacy mode."""
    with store.read() as s:
        persons = s.exec(select(Persoon)).scalars().all()
    return {
        f"{p.voornamen.strip()[0]}. {' '.join(x for x in (p.tussenvoegsel, p.achternaam) if x)}"
        for p in persons
        if p.voornamen and p.achternaam and len(p.achternaam) > 3
    }


def leaks(text: str, store) -> list[str]:
    names, bsns, addresses = secrets(store)
    shown = flat(text)
    return [x for x in (*names, *bsns, *addresses) if x in shown]


async def test_privacy_mode_hides_names_bsns_and_addresses_on_every_screen_of_a_routeertafel(
    demo_store, regio, tmp_path
):
    app = make_app(demo_store, regio, tmp_path)
    shots: dict[str, str] = {}
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f2")
        assert app.privacy and "PRIVACYMODUS AAN" in screen_text(app)
        shots["home"] = screen_text(app)
        await start_today(pilot)
        assert isinstance(app.screen, AgendaScreen)
        shots["agenda"] = screen_text(app)
        await press(pilot, "b")
        assert isinstance(app.screen, RunScreen)
        for n in range(6):
            shots[f"run {n}"] = screen_text(app)
            await press(pilot, "n")
        await press(pilot, "i")
        shots["verrijken"] = screen_text(app)
        await press(pilot, "escape")
        await press(pilot, "ctrl+f")
        assert isinstance(app.screen, LookupScreen)
        surname = next(iter(secrets(demo_store)[0])).split()[-1]
        await type_text(pilot, surname)
        await settle(pilot)
        await workers_done(app)
        await settle(pilot)
        shots["zoeken"] = screen_text(app)
        assert surname not in shots["zoeken"]  # even the typed search text is masked
        await press(pilot, "enter")
        assert isinstance(app.screen, DossierScreen)
        shots["dossier"] = screen_text(app)
        for _ in range(3):
            if isinstance(app.screen, RunScreen):
                break
            await press(pilot, "escape")
        assert isinstance(app.screen, RunScreen)
        await press(pilot, "s", "j")
        assert isinstance(app.screen, BesluitenlijstScreen)
        shots["besluitenlijst"] = screen_text(app)
        await press(pilot, "escape", "r")
        assert isinstance(app.screen, RapportageScreen)
        shots["rapportage"] = screen_text(app)
        for key, name in (("c", "casussen"), ("a", "acties"), ("w", "wachtend")):
            await press(pilot, "escape", key)
            assert not isinstance(app.screen, HomeScreen), name
            shots[name] = screen_text(app)
        await press(pilot, "escape", "c", "enter")
        shots["casus"] = screen_text(app)
        await press(pilot, "escape")
        for name, text in shots.items():
            if name != "verrijken":  # a small dialog: the screen under it (with its badge) is not in its text
                assert "PRIVACYMODUS AAN" in text, name
            assert leaks(text, demo_store) == [], name
        await press(pilot, "f2")
        assert not app.privacy and "privacymodus uit" in screen_text(app)


async def test_privacy_mode_turns_on_and_off_on_the_run_screen(demo_store, regio, tmp_path):
    app = make_app(demo_store, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start_today(pilot)
        await press(pilot, "b")
        assert leaks(screen_text(app), demo_store)  # full names, birth dates and addresses by default
        await press(pilot, "f2")
        await settle(pilot)
        assert leaks(screen_text(app), demo_store) == []
        assert " jaar" in screen_text(app)
        shown = flat(screen_text(app))
        assert not [n for n in short_names(demo_store) if n in shown], "the agenda list shows initials only"
        await press(pilot, "f2")
        await settle(pilot)
        assert leaks(screen_text(app), demo_store)


async def test_a_partner_sees_only_what_is_routed_to_it_in_the_app(raw_store, demo_store, regio, tmp_path):
    from zvh_core.demo.accounts import DEMO_PASSWORD, create_demo_accounts
    from zvh_core.meetings.besluitenlijst import build_besluitenlijst
    from zvh_core.meetings.overleggen import recent_overleggen

    create_demo_accounts(demo_store, regio)
    with demo_store.read() as s:
        closed = next(o for o in recent_overleggen(s, regio) if o.type == "routeertafel" and not o.is_open)
        everything = build_besluitenlijst(s, regio, closed.id)
    from zvh_core.access.rights import Actor

    with raw_store.as_user(Actor("demo-vt", "partner", organisatie="vt")).read() as s:
        partner_view = build_besluitenlijst(s, regio, closed.id)
    shown = {r.item.extern_id for r in partner_view.regels} | {a.melding_extern_id for a in partner_view.vorige_acties}
    own = [r.item.extern_id for r in partner_view.regels]
    others = [r.item.extern_id for r in everything.regels if r.item.extern_id not in shown]
    vt_routes = set(regio.partner_routes("vt"))
    assert all(r.item.route in vt_routes or any(a.eigenaar == "vt" for a in r.acties) for r in partner_view.regels)
    assert own and others
    app = login_app(raw_store, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "demo-vt", DEMO_PASSWORD)
        assert isinstance(app.screen, HomeScreen)
        app.open_overleg(closed.id)
        await settle(pilot)
        assert isinstance(app.screen, BesluitenlijstScreen)
        text = screen_text(app)
        assert all(x in text for x in own) and not any(x in text for x in others)
        await press(pilot, "ctrl+f")
        assert not isinstance(app.screen, LookupScreen)


async def test_the_login_names_the_demo_account_only_on_a_demo_store(raw_store, store, regio, tmp_path):
    from zvh_core.demo.accounts import DEMO_PASSWORD, create_demo_accounts

    accounts.add_user(store, regio, "bea", "beheerder", PASSWORD)
    app = login_app(raw_store, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Demodatabase" not in flat(screen_text(app))
    create_demo_accounts(store, regio)
    app = login_app(raw_store, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert f"meld je aan als demo-voorzitter, wachtwoord {DEMO_PASSWORD}" in flat(screen_text(app))
        await log_in(pilot, "demo-voorzitter", DEMO_PASSWORD)
        assert isinstance(app.screen, HomeScreen)


async def test_privacy_mode_masks_the_previous_actions_and_what_the_besluitenlijst_took_off_the_agenda(
    store, regio, tmp_path
):
    """The rows a demo routeertafel does not have: the previous overleg's actions at the agenda, a melding
    taken off the agenda and a partner's reason for not sharing, in the besluitenlijst."""
    from tests.test_tui_chair_snapshots import _besluiten, seed, seed_previous

    seed_previous(store, regio)
    _besluiten(store, regio, seed(store, regio))
    app = make_app(store, regio, tmp_path)
    async with app.run_test(size=(160, 100)) as pilot:  # the whole list on one screen
        await settle(pilot)
        await press(pilot, "f2", "enter", "g")
        agenda = screen_text(app)
        assert "Dossier opvragen" in agenda and "L.P." in agenda and "Peeters" not in agenda
        await press(pilot, "escape")
        if not isinstance(app.screen, RunScreen):  # the agenda went back home: resume the meeting
            await press(pilot, "enter")
        await press(pilot, "s", "j")
        assert isinstance(app.screen, BesluitenlijstScreen)
        lijst = flat(screen_text(app))
        assert "Van de agenda gehaald" in lijst and "M.J." in lijst and "Janssen" not in lijst
        assert "deelt niet: •••" in lijst and "Geen toestemming" not in lijst
        await press(pilot, "f2")
        lijst = flat(screen_text(app))
        assert "M. Janssen" in lijst and "Geen toestemming" in lijst, "shown again with privacy mode off"
