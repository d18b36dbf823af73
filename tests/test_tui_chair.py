"""The meeting as a chair lives it (issue 10): real key presses on the run screen and its dialogs, and what
ends up in the store and on screen — verrijken under the right partner, typing into a filled field adds to
it, the agenda starts at the first undecided melding."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, timedelta
from typing import NamedTuple

from sqlalchemy import select
from textual import events
from textual.pilot import Pilot

from tests.factories import add_melding, add_persoon
from tests.meeting_helpers import RT_PARTNERS, items
from tests.tui_helpers import TODAY, make_app, notices, press, screen_text, settle, type_text, workers_done
from tui.app import ZvhApp
from tui.screens.agenda import AgendaScreen
from tui.screens.home import HomeScreen
from tui.screens.run import RunScreen
from tui.screens.run_dialogs import ActieDialog, NotesDialog
from zvh_core.kernel.models import Actie, Bekendheid, Besluit, Bespreking
from zvh_core.kernel.read_models import AgendaItem
from zvh_core.meetings import bespreking, overleggen

SIZE = (160, 45)


def seed(store, n: int = 3) -> list[int]:
    with store.write() as s:
        ids = []
        for i in range(n):
            p = add_persoon(s, achternaam=f"Persoon{i}", voornamen="Kim")
            ids.append(
                add_melding(
                    s, soort="overlast", datum=date(2026, 11, 16) + timedelta(days=i), personen=[p], extern_id=f"X-{i}"
                ).id
            )
    return ids


def burst(app, *keys: str) -> None:
    """Put key presses in the app's queue without waiting in between (a fast typist, a busy machine)."""
    special = {"enter": "\r", "ctrl+j": "\n", "tab": "\t", "space": " "}
    for key in keys:
        name = "space" if key == " " else key
        app.post_message(events.Key(name, key if len(key) == 1 else special.get(key)))


def open_today(store, regio) -> int:
    return overleggen.open_overleg(store, regio, "routeertafel", TODAY, "Anna", RT_PARTNERS)


async def to_run(pilot) -> None:
    """From the home screen: Enter opens today's routeertafel (its agenda), b starts the bespreking."""
    await settle(pilot)
    assert isinstance(pilot.app.screen, HomeScreen)
    await press(pilot, "enter")
    assert isinstance(pilot.app.screen, AgendaScreen)
    await press(pilot, "b")
    assert isinstance(pilot.app.screen, RunScreen)


class Table(NamedTuple):
    app: ZvhApp
    pilot: Pilot
    overleg_id: int
    agenda: list[AgendaItem]


@asynccontextmanager
async def at_the_table(store, regio, tmp_path, n: int = 3) -> AsyncIterator[Table]:
    """The set-up most tests here share: ``n`` meldingen on today's routeertafel, the app started, the chair on
    the run screen at its first melding (Enter on the home screen, then b)."""
    seed(store, n)
    overleg_id = open_today(store, regio)
    agenda = items(store, regio, overleg_id)
    app = make_app(store, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await to_run(pilot)
        yield Table(app, pilot, overleg_id, agenda)


def notes_of(store, overleg_id: int) -> dict[str, tuple[str | None, str | None]]:
    with store.read() as s:
        rows = s.exec(
            select(Bekendheid.partner, Bekendheid.notitie, Bekendheid.oordeel)
            .join(Bespreking, Bespreking.id == Bekendheid.bespreking_id)
            .where(Bespreking.overleg_id == overleg_id, Bespreking.volgorde == 0)
        ).all()
    return {partner: (notitie, oordeel) for partner, notitie, oordeel in rows if notitie or oordeel}


async def test_verrijken_lands_under_the_partner_named_and_adds_to_a_saved_fact(store, regio, tmp_path):
    async with at_the_table(store, regio, tmp_path, 3) as (app, pilot, overleg_id, _agenda):
        # VT, CJG twice, AMW: the partner toggled last is AMW (4th), but VT speaks.
        await press(pilot, "1", "2", "2", "4")
        await press(pilot, "i")
        assert isinstance(app.screen, NotesDialog)
        shown = screen_text(app)
        assert "Welke partner? 1 VT · 2 ZVH · 3 CJG · 4 AMW" in shown
        assert "(of typ meteen: VT)" in shown
        await type_text(pilot, "Lopend VT-onderzoek")
        await press(pilot, "enter")
        assert notes_of(store, overleg_id) == {"vt": ("Lopend VT-onderzoek", None)}
        # AMW by its digit; then VT again: the cursor is after the saved fact, typing adds to it.
        await press(pilot, "i", "4")
        await type_text(pilot, "Schuldhulp")
        await press(pilot, "tab")
        await type_text(pilot, "Zorgelijk")
        await press(pilot, "enter")
        await press(pilot, "i", "1")
        await type_text(pilot, " sinds mei")
        await press(pilot, "enter")
        assert notes_of(store, overleg_id) == {
            "vt": ("Lopend VT-onderzoek sinds mei", None),
            "amw": ("Schuldhulp", "Zorgelijk"),
        }
        # Tab from a fact into the saved oordeel: the cursor goes to its end, nothing is replaced.
        await press(pilot, "i", "4", "tab")
        await type_text(pilot, ", huisbezoek")
        await press(pilot, "enter")
        assert notes_of(store, overleg_id)["amw"] == ("Schuldhulp", "Zorgelijk, huisbezoek")
        shown = screen_text(app)
        assert "Lopend VT-onderzoek sinds mei" in shown and "Zorgelijk, huisbezoek" in shown


async def test_tab_into_the_filled_termijn_adds_instead_of_replacing(store, regio, tmp_path):
    async with at_the_table(store, regio, tmp_path, 3) as (app, pilot, _overleg_id, _agenda):
        await press(pilot, "a")
        assert isinstance(app.screen, ActieDialog)
        assert app.screen.focused.id == "actie-omschrijving"
        # Fields in the order shown: Omschrijving, Eigenaar, Termijn.
        await press(pilot, "tab")
        assert app.screen.focused.id == "actie-eigenaar"
        await press(pilot, "tab")
        assert app.screen.focused.id == "actie-termijn"
        termijn = app.screen.focused
        assert termijn.selected_text == "" and termijn.cursor_position == len(termijn.value)
        # A typo in the term: named beside the field, the description typed stays.
        await type_text(pilot, "x")
        await press(pilot, "shift+tab", "shift+tab")
        await type_text(pilot, "Huisbezoek plannen")
        await press(pilot, "enter")
        assert isinstance(app.screen, ActieDialog)
        shown = screen_text(app)
        assert "Termijn: " in shown and "Huisbezoek plannen" in shown
        assert app.screen.focused.id == "actie-termijn"
        await press(pilot, "backspace", "enter")
        assert isinstance(app.screen, RunScreen)
        assert "Huisbezoek plannen  (termijn 10-12-2026)" in screen_text(app)
    with store.read() as s:
        (actie,) = s.exec(select(Actie)).scalars().all()
    assert (actie.omschrijving, actie.termijn) == ("Huisbezoek plannen", TODAY + timedelta(days=14))


async def test_keys_typed_while_a_dialog_opens_go_into_it(store, regio, tmp_path):
    async with at_the_table(store, regio, tmp_path, 3) as (app, pilot, overleg_id, _agenda):
        # Each a burst, no waiting for the dialog: 'n', 'v', 'g', 's' would act on the run screen if they leaked.
        burst(app, "a", *"nvgs")
        await settle(pilot)
        assert isinstance(app.screen, ActieDialog)
        assert app.screen.query_one("#actie-omschrijving").value == "nvgs"
        await press(pilot, "escape")
        assert "Melding 1 / 3" in screen_text(app)
        burst(app, "i", "4", *"Schuldhulp loopt", "tab", *"zorgelijk", "enter")
        await settle(pilot)
        burst(app, "i", *"VT kent het gezin", "enter")
        await settle(pilot)
        assert notes_of(store, overleg_id) == {
            "amw": ("Schuldhulp loopt", "zorgelijk"),
            "vt": ("VT kent het gezin", None),
        }
        burst(app, "r", "4", *"AMW neemt contact op", "enter")
        await settle(pilot)
        burst(app, "a", *"Huisbezoek", "enter")
        await settle(pilot)
        assert isinstance(app.screen, RunScreen) and "Melding 1 / 3" in screen_text(app)
        shown = screen_text(app)
        assert "AMW neemt contact op" in shown and "Huisbezoek" in shown
    with store.read() as s:
        (actie,) = s.exec(select(Actie)).scalars().all()
        route = s.exec(select(Besluit.route, Besluit.toelichting)).one()
    assert actie.omschrijving == "Huisbezoek" and actie.eigenaar == "amw"  # the route's partner
    assert tuple(route) == ("amw", "AMW neemt contact op")


async def test_b_starts_at_the_first_undecided_melding_not_at_the_agenda_cursor(store, regio, tmp_path):
    seed(store, 4)
    overleg_id = open_today(store, regio)
    first, second, *_ = items(store, regio, overleg_id)
    bespreking.set_besluit(store, regio, first.bespreking_id, "amw", "al besloten")
    app = make_app(store, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, AgendaScreen)
        await press(pilot, "down", "down", "down")  # the chair browsed the agenda
        await press(pilot, "b")
        assert isinstance(app.screen, RunScreen)
        assert "Melding 2 / 4" in screen_text(app)
        assert app.screen.current_item.bespreking_id == second.bespreking_id


async def test_an_open_meeting_is_resumed_from_the_home_screen_after_midnight(store, regio, tmp_path):
    seed(store, 3)
    overleg_id = open_today(store, regio)  # Thursday 26-11
    first = items(store, regio, overleg_id)[0]
    overleggen.start(store, overleg_id)
    bespreking.set_besluit(store, regio, first.bespreking_id, "amw", "besloten voor middernacht")
    friday = TODAY + timedelta(days=1)  # the app restarted at 00:03
    app = make_app(store, regio, tmp_path, today=friday)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        shown = screen_text(app)
        assert "Routeertafel van do 26-11 — open, 1 / 3 besloten — hervatten" in shown
        assert "Routeertafel — maandag 30 november 2026 · nog niet gestart" not in shown
        await press(pilot, "enter")
        assert isinstance(app.screen, RunScreen)
        assert app.screen.overleg_id == overleg_id
        assert "Melding 2 / 3" in screen_text(app) or "Melding 1 / 3" in screen_text(app)
    with store.read() as s:
        from zvh_core.kernel.models import Overleg

        assert s.exec(select(Overleg.datum)).scalars().all() == [TODAY]


async def test_the_voorzitter_is_the_logged_in_account_then_the_name_it_used(store, regio, tmp_path):
    from zvh_core.access.rights import Actor

    seed(store, 2)
    chair = store.as_user(Actor("anna.devries", "voorzitter", gebruiker_id=7), context="app")
    app = make_app(chair, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "aangemeld: anna.devries (voorzitter)" in screen_text(app).splitlines()[0]
        await press(pilot, "enter")
        assert app.screen.query_one("#start-voorzitter").value == "anna.devries"
        # The chair writes her name as she wants it on the besluitenlijst; typing adds at the end.
        await press(pilot, *["backspace"] * len("anna.devries"))
        await type_text(pilot, "Anna de Vries")
        await press(pilot, "enter")
        assert isinstance(app.screen, AgendaScreen)
        await press(pilot, "escape")
        await press(pilot, "down", "d")  # another type: the name this account used last
        assert app.screen.query_one("#start-voorzitter").value == "Anna de Vries"


async def test_a_login_typed_in_one_burst_lands_in_the_right_fields(raw_store, store, regio, tmp_path):
    from tui.app import ZvhApp
    from tui.screens.login import LoginScreen
    from zvh_core.access import accounts

    accounts.add_user(store, regio, "vera", "voorzitter", "geheim-wachtwoord-1")
    accounts.add_user(store, regio, "bea", "beheerder", "geheim-wachtwoord-1")
    app = ZvhApp(raw_store, regio, today=lambda: TODAY, export_dir=tmp_path / "exports")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        # All keys in the app's queue at once, as a fast typist's: the Enter after the name moves on at once.
        burst(app, *"vera", "enter", *"geheim-wachtwoord-1")
        await settle(pilot)
        assert app.screen.query_one("#login-naam").value == "vera"
        assert app.screen.query_one("#login-wachtwoord").value == "geheim-wachtwoord-1"
        assert "geheim-wachtwoord-1" not in screen_text(app)  # never in clear text
        app.screen.query_one("#login-naam").value = ""
        app.screen.query_one("#login-wachtwoord").value = ""
        app.screen.set_focus(app.screen.query_one("#login-naam"))
        # And the whole login in one burst, the final Enter included: it logs in with what was typed.
        burst(app, *"vera", "enter", *"geheim-wachtwoord-1", "enter")
        await settle(pilot)
        await workers_done(app)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and app.store.actor.naam == "vera"


async def test_a_login_typed_while_the_app_starts_is_kept_for_the_login_screen(raw_store, store, regio, tmp_path):
    from tui.app import ZvhApp
    from zvh_core.access import accounts

    accounts.add_user(store, regio, "vera", "voorzitter", "geheim-wachtwoord-1")
    accounts.add_user(store, regio, "bea", "beheerder", "geheim-wachtwoord-1")
    app = ZvhApp(raw_store, regio, today=lambda: TODAY, export_dir=tmp_path / "exports")
    async with app.run_test(size=SIZE) as pilot:
        # Typed before the app had the terminal: each Enter arrives as a newline (ctrl+j).
        burst(app, *"vera", "ctrl+j", *"geheim-wachtwoord-1", "ctrl+j")
        await settle(pilot)
        await workers_done(app)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and app.store.actor.naam == "vera"


async def _run_at(store, regio, tmp_path, size):
    """A started routeertafel with CJG afgemeld, the geheimhouding read and one melding decided."""
    seed(store, 4)
    overleg_id = overleggen.open_overleg(store, regio, "routeertafel", TODAY, "Anna", ["vt", "zvh", "amw"], ["cjg"])
    overleggen.set_geheimhouding(store, overleg_id, True)
    overleggen.start(store, overleg_id)
    bespreking.set_besluit(store, regio, items(store, regio, overleg_id)[0].bespreking_id, "amw", "AMW pakt op")
    return make_app(store, regio, tmp_path), size


async def test_at_100_columns_the_melding_keeps_its_room_and_the_keys_stay(store, regio, tmp_path):
    app, size = await _run_at(store, regio, tmp_path, (100, 30))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, RunScreen)
        center = app.screen.query_one("#run-center")
        assert center.size.width >= 50
        assert not app.screen.query_one("#run-agenda").display  # folded away
        shown = screen_text(app).splitlines()
        keys = shown[-1]
        for key in ("n/v volgende", "i verrijken", "r route", "a actie", "s sluiten", "l lijst", "F1 help"):
            assert key in keys
        header = " ".join(shown[:4])
        assert "Melding 1 / 4 · 1 besloten" in header and "klaar rond" in header
        assert "afgemeld: CJG" in header and "geheimhouding ✓" in header
        await press(pilot, "l")  # the list comes back, in place of Eerder bekend
        assert app.screen.query_one("#run-agenda").display
        assert not app.screen.query_one("#run-history").display
        assert center.size.width >= 50
        assert "K. Persoon1" in screen_text(app)
        await press(pilot, "l")
        assert not app.screen.query_one("#run-agenda").display


async def test_at_160_columns_header_footer_and_agenda_are_whole(store, regio, tmp_path):
    app, size = await _run_at(store, regio, tmp_path, (160, 45))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, RunScreen)
        shown = screen_text(app).splitlines()
        header = " ".join(shown[:2])
        assert "afgemeld: CJG" in header and "geheimhouding ✓" in header
        assert "Melding 1 / 4 · 1 besloten" in header and "klaar rond" in header
        footer = shown[-1]
        for key in ("n Volgende", "1234 Bekendheid", "i Verrijken", "r Route", "a Actie", "s Sluiten", "f1 Help"):
            assert key.replace("1234", "123") in footer
        for n in range(4):
            assert f"K. Persoon{n}" in screen_text(app)  # names whole in the agenda column


async def test_the_command_palette_speaks_dutch(store, regio, tmp_path):
    async with at_the_table(store, regio, tmp_path, 2) as (app, pilot, _overleg_id, _agenda):
        assert "^p Opdrachten" in screen_text(app).splitlines()[-1]
        await press(pilot, "ctrl+p")
        shown = screen_text(app)
        assert "Zoek een opdracht…" in shown and "Search for commands" not in shown
        await type_text(pilot, "Verrijken")
        await press(pilot, "enter")
        assert isinstance(app.screen, NotesDialog)


async def test_keys_typed_while_the_next_melding_loads_wait_for_it(store, regio, tmp_path):
    async with at_the_table(store, regio, tmp_path, 3) as (app, pilot, _overleg_id, agenda):
        second = agenda[1]
        app.screen.cache.clear()  # nothing read ahead: the next melding has to be read first
        burst(app, "n", "2", "i", *"Bekend bij ZVH", "enter")
        await settle(pilot)
        app.screen.cache.clear()
        burst(app, "v", "n", "h", *"eerst school", "enter")
        await settle(pilot)
        assert isinstance(app.screen, RunScreen) and "Melding 2 / 3" in screen_text(app)
    with store.read() as s:
        rows = s.exec(
            select(Bekendheid.partner, Bekendheid.code, Bekendheid.notitie).where(
                Bekendheid.bespreking_id == second.bespreking_id
            )
        ).all()
        besluit = s.exec(select(Besluit.route, Besluit.toelichting)).one()
    assert {r[0]: (r[1], r[2]) for r in rows}["zvh"] == ("bekend", None)
    assert {r[0]: r[2] for r in rows}["vt"] == "Bekend bij ZVH"
    assert tuple(besluit) == ("aanhouden", "eerst school")


HOME_KEYS = ["enter", "d", "c", "a", "w", "r", "f5"]


async def test_every_role_pressing_every_home_key_is_never_stuck(store, regio, tmp_path):
    """Each role presses every home-screen key: an allowed one opens its screen (Esc back), a key the role
    may not use is not offered (footer, palette) and does nothing, a refusal is said once; Ctrl+Q quits."""
    from tui.screens.dialogs import ErrorDialog
    from zvh_core.access.rights import Actor

    seed(store, 2)
    open_today(store, regio)
    roles = {
        "partner": (Actor("demo-vt", "partner", organisatie="vt", gebruiker_id=3), {"a"}),
        "beheerder": (Actor("demo-beheerder", "beheerder", gebruiker_id=4), {"r"}),
        "procesregisseur": (Actor("demo-regisseur", "procesregisseur", gebruiker_id=2), {"c", "a", "w", "r"}),
        "voorzitter": (Actor("demo-voorzitter", "voorzitter", gebruiker_id=1), {"d", "c", "a", "w", "r"}),
    }
    labels = {"d": "Andere datum", "c": "Casussen", "a": "Acties", "w": "Wachtend", "r": "Rapportage"}
    for role, (actor, offered) in roles.items():
        app = make_app(store.as_user(actor, context="app"), regio, tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            footer = screen_text(app).splitlines()[-1]
            for key, label in labels.items():
                assert (f"{key} {label}" in footer) == (key in offered), (role, key, footer)
            titles = {c.title for c in app.get_system_commands(app.screen)}
            for key, label in labels.items():
                assert (label in titles) == (key in offered), (role, label)
            for key in HOME_KEYS:
                await press(pilot, key)
                errors = 0
                for _ in range(4):  # back to the start screen: Esc, at most a few times
                    if isinstance(app.screen, HomeScreen):
                        break
                    errors += isinstance(app.screen, ErrorDialog)
                    await press(pilot, "escape")
                assert isinstance(app.screen, HomeScreen), (role, key, type(app.screen).__name__)
                assert errors <= 1, (role, key)
            await press(pilot, "ctrl+q")
            assert not app.is_running


async def test_a_partner_s_enter_on_the_start_screen_opens_its_preparation(store, regio, tmp_path):
    """A partner starts no overleg: its start screen offers the overleggen to prepare and follow, and Enter
    goes there instead of a refusal."""
    from tui.screens.partner import VoorbereidenScreen
    from zvh_core.access.rights import Actor

    seed(store, 1)
    open_today(store, regio)
    partner = store.as_user(Actor("demo-vt", "partner", organisatie="vt", gebruiker_id=3), context="app")
    app = make_app(partner, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        assert "Overleggen · Enter: voorbereiden en meekijken" in shown and "Overleg starten" not in shown
        await press(pilot, "enter")
        assert isinstance(app.screen, VoorbereidenScreen)
        assert "Routeertafel" in screen_text(app)


async def test_a_screen_the_role_may_not_read_says_so_once_and_leaves(store, regio, tmp_path):
    from tui.screens.dialogs import ErrorDialog
    from zvh_core.access.rights import Actor

    seed(store, 1)
    partner = store.as_user(Actor("demo-vt", "partner", organisatie="vt", gebruiker_id=3), context="app")
    app = make_app(partner, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.show_casussen()  # as a stale key or a palette entry would
        await settle(pilot)
        assert isinstance(app.screen, ErrorDialog) and "casussen" in screen_text(app).lower()
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)  # not the dialog again, not a dead screen
        await press(pilot, "ctrl+q")
        assert not app.is_running


async def test_a_busy_store_at_login_is_a_message_not_an_exit(raw_store, store, regio, tmp_path, monkeypatch):
    from db.errors import StoreBusy
    from tui.app import ZvhApp
    from tui.screens.login import LoginScreen
    from zvh_core.access import accounts

    accounts.add_user(store, regio, "vera", "voorzitter", "geheim-wachtwoord-1")
    busy = StoreBusy("De database werd te lang bezet gehouden. Probeer het zo opnieuw.")

    def held(*args, **kwargs):
        raise busy

    monkeypatch.setattr(accounts, "has_beheerder", held)
    monkeypatch.setattr(accounts, "login", held)
    app = ZvhApp(raw_store, regio, today=lambda: TODAY, export_dir=tmp_path / "exports")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)  # the fresh-store check failed: login all the same
        burst(app, *"vera", "enter", *"geheim-wachtwoord-1", "enter")
        await settle(pilot)
        await workers_done(app)
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, LoginScreen)
        assert "te lang bezet" in " ".join(screen_text(app).replace("█", " ").split())
        monkeypatch.undo()  # the import is done: the next try logs in
        burst(app, *"geheim-wachtwoord-1", "enter")
        await settle(pilot)
        await workers_done(app)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_one_key_for_niet_bekend_and_one_for_the_rest(store, regio, tmp_path):
    async with at_the_table(store, regio, tmp_path, 2) as (app, pilot, _overleg_id, agenda):
        first = agenda[0]
        # VT bekend (1), CJG niet bekend in one key (Shift+3), the rest (ZVH, AMW) niet bekend (0): 3 keys.
        await press(pilot, "1", "number_sign", "0")
        await press(pilot, "f1")
        assert "Shift+1 … 9" in screen_text(app) and "Rest niet bekend" in screen_text(app)
        await press(pilot, "escape")
    with store.read() as s:
        codes = dict(
            s.exec(
                select(Bekendheid.partner, Bekendheid.code).where(Bekendheid.bespreking_id == first.bespreking_id)
            ).all()
        )
    assert codes == {"vt": "bekend", "cjg": "niet_bekend", "zvh": "niet_bekend", "amw": "niet_bekend"}


async def test_the_header_names_the_next_melding_the_account_and_the_time_here(store, regio, tmp_path):
    from zvh_core.access.rights import Actor

    seed(store, 2)
    open_today(store, regio)
    chair = store.as_user(Actor("anna.devries", "voorzitter", gebruiker_id=7), context="app")
    app = make_app(chair, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await to_run(pilot)
        header = " ".join(screen_text(app).splitlines()[:2])
        assert "aangemeld: anna.devries" in header and "volgende: K. Persoon1" in header
        assert "Melding 1 / 2 · 0 besloten" in header and "op deze melding 0 min" in header
        app.screen.on_item_since -= 180  # three minutes of talking
        app.screen._render_top()
        await settle(pilot)
        assert "op deze melding 3 min" in " ".join(screen_text(app).splitlines()[:2])
        await press(pilot, "n")
        header = " ".join(screen_text(app).splitlines()[:2])
        assert "op deze melding 0 min" in header and "volgende:" not in header


async def test_an_action_for_a_route_whose_partner_is_not_at_the_table_goes_to_one_that_is(store, regio, tmp_path):
    from tests.meeting_helpers import E33_PARTNERS, TUESDAY

    with store.write() as s:
        p = add_persoon(s, achternaam="Peters", voornamen="Sem")
        add_melding(s, soort="verward_gedrag", datum=date(2026, 11, 20), personen=[p], extern_id="E33-1")
    overleg_id = overleggen.open_overleg(store, regio, "e33_screening", TUESDAY, "Anna", E33_PARTNERS)
    (item,) = items(store, regio, overleg_id)
    bespreking.set_besluit(store, regio, item.bespreking_id, "ggz_instelling", "crisisdienst")
    app = make_app(store, regio, tmp_path, today=TUESDAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "down", "enter", "b")
        assert isinstance(app.screen, RunScreen)
        await press(pilot, "a")
        assert app.screen.query_one("#actie-eigenaar").value == "met_ggz"  # GGZ itself is not at this table


async def test_privacy_mode_redraws_the_run_screen_without_reading_the_store(store, regio, tmp_path, monkeypatch):

    # Following the live meeting reads its marker after any commit (issue 12): that is not F2's doing.
    monkeypatch.setattr("tui.live.POLL_SECONDS", 3600)
    async with at_the_table(store, regio, tmp_path, 2) as (app, pilot, _overleg_id, _agenda):
        assert "Kim Persoon0" in screen_text(app)
        reads = []
        screen = app.screen
        original = screen.load
        screen.load = lambda *args, **kwargs: (reads.append(args), original(*args, **kwargs))
        await press(pilot, "f2")
        shown = screen_text(app)
        assert "PRIVACYMODUS AAN" in shown and "Kim Persoon0" not in shown and "K.P." in shown
        assert reads == []


async def test_a_held_over_melding_takes_over_last_times_answers_with_one_key(store, regio, tmp_path):
    from tests.meeting_helpers import MONDAY

    seed(store, 1)
    monday = overleggen.open_overleg(store, regio, "routeertafel", MONDAY, "Anna", RT_PARTNERS)
    (item,) = items(store, regio, monday)
    bespreking.set_bekendheid(store, regio, item.bespreking_id, "vt", code="bekend", notitie="Gezin bekend")
    bespreking.set_bekendheid(store, regio, item.bespreking_id, "amw", code="niet_bekend")
    bespreking.set_bekendheid(store, regio, item.bespreking_id, "cjg", code="deelt_niet", reden="Beroepsgeheim")
    bespreking.set_besluit(store, regio, item.bespreking_id, "aanhouden", "School eerst")
    overleggen.close_overleg(store, monday)
    thursday = open_today(store, regio)
    (now,) = items(store, regio, thursday)
    app = make_app(store, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await to_run(pilot)
        shown = screen_text(app)
        assert "AMW niet bekend" in shown  # Eerder besproken: every partner's answer, "niet bekend" included
        await press(pilot, "o")
        messages = notices(app)
        assert "Bekendheid overgenomen van Routeertafel 23-11-2026 (3 partner(s))." in messages
    with store.read() as s:
        rows = s.exec(
            select(Bekendheid.partner, Bekendheid.code, Bekendheid.reden_niet_delen, Bekendheid.notitie).where(
                Bekendheid.bespreking_id == now.bespreking_id
            )
        ).all()
    assert {r[0]: (r[1], r[2], r[3]) for r in rows if r[1] != "niet_nagevraagd"} == {
        "vt": ("bekend", None, None),
        "amw": ("niet_bekend", None, None),
        "cjg": ("deelt_niet", "Beroepsgeheim", None),
    }


async def test_the_triage_agenda_says_which_overleg_referred_a_melding(store, regio, tmp_path):
    from tests.meeting_helpers import MONDAY, WEDNESDAY

    seed(store, 1)
    monday = overleggen.open_overleg(store, regio, "routeertafel", MONDAY, "Anna", RT_PARTNERS)
    (item,) = items(store, regio, monday)
    bespreking.set_besluit(store, regio, item.bespreking_id, "zvh_triage", "Meerdere partners betrokken")
    overleggen.close_overleg(store, monday)
    app = make_app(store, regio, tmp_path, today=WEDNESDAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "down", "down", "enter")
        await type_text(pilot, "Eva")
        await press(pilot, "enter")
        assert isinstance(app.screen, AgendaScreen)
        shown = screen_text(app)
        assert "doorverwezen door Routeertafel 23-11" in shown and "aangehouden" not in shown


def codes_of(store, bespreking_id: int) -> dict[str, str]:
    with store.read() as s:
        return dict(
            s.exec(select(Bekendheid.partner, Bekendheid.code).where(Bekendheid.bespreking_id == bespreking_id)).all()
        )


async def test_ctrl_z_takes_back_the_chairs_last_changes_newest_first_stored_and_logged(store, regio, tmp_path):
    from zvh_core.kernel.models import Toegangslog

    async with at_the_table(store, regio, tmp_path, 2) as (app, pilot, overleg_id, agenda):
        first, second = agenda
        await press(pilot, "1", "i", "1")  # VT bekend; VT's fact
        await type_text(pilot, "Lopend onderzoek")
        await press(pilot, "enter", "h")
        await type_text(pilot, "Eerst school")
        await press(pilot, "enter")
        assert "Route: Aanhouden — Eerst school" in screen_text(app)
        await press(pilot, "n", "2")  # on to melding 2: ZVH bekend there
        # Ctrl+Z: ZVH on melding 2; again: the decision on melding 1 (the screen goes there to show it).
        await press(pilot, "ctrl+z")
        assert codes_of(store, second.bespreking_id) == {"zvh": "niet_nagevraagd"}
        await press(pilot, "ctrl+z")
        shown = screen_text(app)
        assert "Melding 1 / 2" in shown
        assert "Ongedaan gemaakt: route Aanhouden (melding 1)." in notices(app)
        assert "Eerst school" not in shown
        with store.read() as s:
            assert s.exec(select(Besluit)).first() is None
        await press(pilot, "ctrl+z")  # the fact
        assert notes_of(store, overleg_id) == {}
        assert "Lopend onderzoek" not in screen_text(app)
        await press(pilot, "ctrl+z")  # VT bekend
        assert codes_of(store, first.bespreking_id) == {"vt": "niet_nagevraagd"}
        await press(pilot, "ctrl+z")
        assert "Er is in dit overleg nog niets om ongedaan te maken." in notices(app)
        # Undone is a change like any: the chair goes on from there.
        await press(pilot, "3")
        assert codes_of(store, first.bespreking_id) == {"vt": "niet_nagevraagd", "cjg": "bekend"}
    with store.read() as s:
        logged = s.exec(select(Toegangslog.details).where(Toegangslog.details.contains("ongedaan gemaakt"))).all()
    assert len(logged) == 4


async def test_ctrl_z_typed_right_behind_a_change_takes_back_that_change(store, regio, tmp_path):
    async with at_the_table(store, regio, tmp_path, 1) as (app, pilot, _overleg_id, agenda):
        (first,) = agenda
        await press(pilot, "1")
        burst(app, "2", "ctrl+z")  # no pause: the 2 is still on its way when Ctrl+Z comes
        await settle(pilot)
        await settle(pilot)
        assert codes_of(store, first.bespreking_id) == {"vt": "bekend", "zvh": "niet_nagevraagd"}
        assert "ZVH" in screen_text(app)


async def test_ctrl_z_after_another_chair_changed_the_melding_is_refused_with_the_usual_message(store, regio, tmp_path):
    async with at_the_table(store, regio, tmp_path, 1) as (app, pilot, _overleg_id, agenda):
        (first,) = agenda
        await press(pilot, "1")
        bespreking.set_besluit(store, regio, first.bespreking_id, "amw", "door de tweede voorzitter")
        await press(pilot, "ctrl+z")
        assert "Iemand anders heeft deze melding intussen gewijzigd" in screen_text(app)
        await press(pilot, "enter")
        assert isinstance(app.screen, RunScreen)
        assert "door de tweede voorzitter" in screen_text(app)
    assert codes_of(store, first.bespreking_id) == {"vt": "bekend"}


async def test_the_action_review_goes_per_owner_oldest_first_rest_niet_gedaan_and_a_note(store, regio, tmp_path):
    from tests.meeting_helpers import MONDAY, THURSDAY, item_of

    ids = seed(store, 2)
    monday = overleggen.open_overleg(store, regio, "routeertafel", MONDAY, "Anna", RT_PARTNERS)
    a, b = (item_of(store, regio, monday, m).bespreking_id for m in ids)
    add = lambda bid, owner, text, day: bespreking.add_actie(store, regio, bid, owner, text, day)  # noqa: E731
    vt_late = add(a, "vt", "Dossier opvragen", date(2026, 11, 24))
    amw = add(a, "amw", "Huisbezoek", date(2026, 11, 25))
    vt_later = add(b, "vt", "Gezin bellen", date(2026, 12, 1))
    vt_also = add(b, "vt", "School vragen", date(2026, 12, 2))
    overleggen.close_overleg(store, monday)
    app = make_app(store, regio, tmp_path, today=THURSDAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        await type_text(pilot, "Eva")
        await press(pilot, "enter")
        assert isinstance(app.screen, AgendaScreen)
        shown = screen_text(app)
        # VT's actions together (its oldest is overdue), then AMW's: the owner named once per group.
        order = [r.actie.id for r in app.screen.review]
        assert order == [vt_late, vt_later, vt_also, amw]
        assert "VT (3 na te lopen, 1 verlopen)" in shown and "AMW (1 na te lopen, 1 verlopen)" in shown
        # VT: the first one done, the rest of VT niet gedaan in one key; the cursor goes on to AMW.
        await press(pilot, "o", "N")
        assert app.screen.query_one("#agenda-review").cursor_row == 3
        await press(pilot, "i")
        await type_text(pilot, "Gepland voor volgende week")
        await press(pilot, "enter", "n")
        shown = screen_text(app)
        assert "4 / 4 nagelopen" in shown and "Huisbezoek — Gepland voor volgende week" in shown
    with store.read() as s:
        status = {x.id: (x.status, x.terugkoppeling) for x in s.exec(select(Actie)).scalars()}
    assert status == {
        vt_late: ("gedaan", None),
        vt_later: ("niet_gedaan", None),
        vt_also: ("niet_gedaan", None),
        amw: ("niet_gedaan", "Gepland voor volgende week"),
    }


async def test_keys_typed_right_behind_a_dialogs_enter_land_where_they_were_meant(store, regio, tmp_path):
    async with at_the_table(store, regio, tmp_path, 3) as (app, pilot, overleg_id, agenda):
        first, second, third = agenda
        # Each a burst without pauses: the keys behind Enter are for the run screen, not the closing dialog.
        burst(app, "i", "1", *"Bekend bij VT", "enter", "3", "h", *"Eerst school", "enter", "n", "2")
        await settle(pilot)
        await settle(pilot)
        assert notes_of(store, overleg_id) == {"vt": ("Bekend bij VT", None)}
        assert codes_of(store, first.bespreking_id) == {"vt": "niet_nagevraagd", "cjg": "bekend"}
        assert codes_of(store, second.bespreking_id) == {"zvh": "bekend"}
        with store.read() as s:
            assert s.exec(select(Besluit.toelichting)).all() == [("Eerst school",)]
        assert isinstance(app.screen, RunScreen) and "Melding 2 / 3" in screen_text(app)
        # A refused value keeps the dialog open: the keys behind that Enter go into it (here: the fix).
        burst(app, "a", *"Bellen", "tab", "tab", "x", "enter", "backspace", "enter", "4")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, RunScreen)
        assert codes_of(store, second.bespreking_id) == {"zvh": "bekend", "amw": "bekend"}
        # A confirmation's j, then on to the next melding.
        burst(app, "x", "j", "n", "1")
        await settle(pilot)
        await settle(pilot)
        assert codes_of(store, third.bespreking_id) == {"vt": "bekend"}
    with store.read() as s:
        assert s.exec(select(Actie)).all() == []  # added, then removed with x j


async def test_ctrl_z_on_the_agenda_puts_a_melding_taken_off_back_in_its_place(store, regio, tmp_path):
    seed(store, 3)
    overleg_id = open_today(store, regio)
    first, second, third = items(store, regio, overleg_id)
    app = make_app(store, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, AgendaScreen)
        await press(pilot, "down", "x")
        assert [i.bespreking_id for i in items(store, regio, overleg_id)] == [first.bespreking_id, third.bespreking_id]
        await press(pilot, "ctrl+z")
        assert [i.bespreking_id for i in items(store, regio, overleg_id)] == [
            first.bespreking_id,
            second.bespreking_id,
            third.bespreking_id,
        ]
        assert "Ongedaan gemaakt: van de agenda." in notices(app)
        # Taken off again, then Ctrl+Z on the run screen: the same.
        await press(pilot, "down", "x", "b", "ctrl+z")
        assert isinstance(app.screen, RunScreen)
        assert len(items(store, regio, overleg_id)) == 3
        assert "Melding 1 / 3" in screen_text(app)


async def test_ctrl_z_takes_back_confirming_and_clearing_a_partners_prepared_answer(raw_store, store, regio, tmp_path):
    from zvh_core.access.rights import Actor
    from zvh_core.meetings import voorbereiden

    seed(store, 1)
    overleg_id = open_today(store, regio)
    (first,) = items(store, regio, overleg_id)
    vt = raw_store.as_user(Actor("vt-els", "partner", organisatie="vt"))
    voorbereiden.answer(vt, regio, first.bespreking_id, code="bekend", notitie="Lopend VT-onderzoek", expected_versie=0)

    def vt_answer() -> tuple:
        with store.read() as s:
            row = s.exec(
                select(Bekendheid).where(Bekendheid.bespreking_id == first.bespreking_id, Bekendheid.partner == "vt")
            ).scalar_one()
            return row.code, row.notitie, row.beoordeling, row.voorbereid_door

    app = make_app(store, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await to_run(pilot)
        assert "Lopend VT-onderzoek" in screen_text(app)
        await press(pilot, "j")  # every prepared answer confirmed; Ctrl+Z: not reviewed again
        assert vt_answer() == ("bekend", "Lopend VT-onderzoek", "bevestigd", "vt-els")
        await press(pilot, "ctrl+z")
        assert vt_answer() == ("bekend", "Lopend VT-onderzoek", None, "vt-els")
        assert "Ongedaan gemaakt: voorbereiding VT bevestigd (melding 1)." in notices(app)
        # 1 then w by mistake: VT's prepared fact cleared; two Ctrl+Z give it back as VT prepared it.
        await press(pilot, "1", "w")
        assert vt_answer() == ("niet_nagevraagd", None, "gewist", "vt-els")
        assert "Lopend VT-onderzoek" not in screen_text(app)
        await press(pilot, "ctrl+z")
        assert vt_answer()[1:3] == ("Lopend VT-onderzoek", "gewijzigd")
        assert "Lopend VT-onderzoek" in screen_text(app)
        await press(pilot, "ctrl+z")
        assert vt_answer() == ("bekend", "Lopend VT-onderzoek", None, "vt-els")
        assert "Iemand anders" not in screen_text(app)
