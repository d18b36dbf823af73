"""Lookup and dossier in the app, with real key presses: from the middle of a meeting and back."""

from __future__ import annotations

import threading
from datetime import date

from sqlalchemy import select

from tests.factories import add_persoon
from tests.test_tui_routeertafel import SIZE, seed, start_today
from tests.tui_helpers import make_app, press, screen_text, settle, type_text
from tui.screens.dossier import DossierScreen
from tui.screens.home import HomeScreen
from tui.screens.lookup import LookupScreen
from tui.screens.run import RunScreen
from zvh_core.kernel.models import Overleg, Persoon, PersoonSamenvoeging
from zvh_core.persons import lookup


async def test_lookup_mid_meeting_opens_the_dossier_and_returns_to_the_same_melding(store, regio, tmp_path):
    seed(store, 6)
    app = make_app(store, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start_today(pilot)
        await press(pilot, "b", "n", "n")  # the chair is at melding 3
        run = app.screen
        assert isinstance(run, RunScreen) and run.index == 2
        current = run.current_item.bespreking_id
        shown_before = screen_text(app)

        await press(pilot, "ctrl+f")
        assert isinstance(app.screen, LookupScreen)
        await type_text(pilot, "vd vries")  # Jan de Vries: 'vd' is no tussenvoegsel of his, still found
        await settle(pilot)
        text = screen_text(app)
        assert "Jan de Vries" in text and "01-12-1990" in text and "Roermond" in text

        await press(pilot, "enter")
        assert isinstance(app.screen, DossierScreen)
        text = screen_text(app)
        assert "Jan de Vries" in text and "geboren 01-12-1990" in text
        assert "Geluidsoverlast 's nachts" in text  # the March melding
        assert "AMW pakt op" in text and "Schuldhulp loopt" in text  # its route and who knew him
        assert "Routeertafel" in text

        await press(pilot, "escape")
        assert app.screen is run and run.index == 2 and run.current_item.bespreking_id == current
        assert screen_text(app) == shown_before
        with store.read() as s:
            (overleg,) = [o for o in s.execute(select(Overleg)).scalars() if o.status == "open"]
            assert overleg.huidige_bespreking_id == current

        await press(pilot, "slash")  # '/' too, and it remembers the last search
        assert isinstance(app.screen, LookupScreen)
        assert app.screen.query_one("#lookup-input").value == "vd vries"
        await press(pilot, "escape")
        assert app.screen is run


async def test_typing_never_waits_for_the_store(store, regio, tmp_path, monkeypatch):
    """Searches run in a worker: keys are handled while a search is still busy; the newest text wins."""
    with store.write() as s:
        add_persoon(s, achternaam="Özdemir", voornamen="Ayşe", geboortedatum=date(1990, 1, 2))
    release = threading.Event()
    started: list[str] = []
    real_search = lookup.search

    def slow_search(session, text, **kwargs):
        started.append(text)
        release.wait(10)
        return real_search(session, text, **kwargs)

    monkeypatch.setattr("tui.screens.lookup.lookup.search", slow_search)
    app = make_app(store, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LookupScreen)
        await type_text(pilot, "ozd")
        await pilot.pause()
        # The store has not answered, yet every key is in the field: nothing waited for it.
        assert screen.query_one("#lookup-input").value == "ozd"
        assert started == ["o"] and screen.result.rows == ()
        assert "zoeken…" in screen_text(app)
        release.set()
        await settle(pilot)
        assert started == ["o", "ozd"]  # one search at a time; the newest text waited its turn
        assert screen.result.query == "ozd" and screen.result.rows[0].naam == "Ayşe Özdemir"
        assert "Ayşe Özdemir" in screen_text(app)


async def test_merge_and_unmerge_from_the_dossier(store, regio, tmp_path):
    with store.write() as s:
        kept = add_persoon(s, achternaam="Berg", voornamen="Jan", geboortedatum=date(1987, 3, 12))
        twin = add_persoon(s, achternaam="Bergh", voornamen="Jan", geboortedatum=date(1987, 3, 12), bsn="123456782")
    app = make_app(store, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await press(pilot, "slash")
        await type_text(pilot, "jan berg 12-03-1987")
        await settle(pilot)
        assert "≈ dubbel?" in screen_text(app)
        assert app.screen.result.rows[0].persoon_id == kept.id
        await press(pilot, "enter")
        assert "Mogelijk dezelfde persoon" in screen_text(app)
        assert "Jan Bergh" in screen_text(app)

        await press(pilot, "m")
        assert "Jan Bergh (12-03-1987, 0 melding(en)) samenvoegen met" in screen_text(app)
        await press(pilot, "j")
        with store.read() as s:
            assert s.get(Persoon, twin.id) is None and s.get(Persoon, kept.id).bsn == "123456782"
        text = screen_text(app)
        assert "Samengevoegd" in text and "BSN 123456782" in text

        await press(pilot, "u")
        assert "ongedaan maken?" in screen_text(app)
        await press(pilot, "j")
        with store.read() as s:
            assert s.get(Persoon, twin.id).bsn == "123456782" and s.get(Persoon, kept.id).bsn is None
            assert s.execute(select(PersoonSamenvoeging.ongedaan_op)).scalar_one() is not None
        assert "Mogelijk dezelfde persoon" in screen_text(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)


async def test_help_lists_the_lookup_keys(store, regio, tmp_path):
    app = make_app(store, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f1")
        text = screen_text(app)
        assert "Ctrl+F" in text and "Zoek een persoon" in text
        await press(pilot, "escape", "ctrl+f", "f1")
        text = screen_text(app)
        assert "Dossier" in text and "Open het dossier" in text
        await press(pilot, "f1")
        assert isinstance(app.screen, LookupScreen)
