"""The chosen theme is kept per user on this workstation (the platform's config folder) and comes back at
the next start; a damaged preferences file never stops the app."""

from __future__ import annotations

import json

from tests.tui_helpers import make_app, press, settle, type_text
from zvh_core.config import preferences

SIZE = (120, 36)


async def test_a_theme_chosen_in_the_palette_is_back_at_the_next_start(store, regio, tmp_path):
    app = make_app(store, regio, tmp_path)
    default = app.theme
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await type_text(pilot, "Thema wisselen")
        await press(pilot, "enter")
        await type_text(pilot, "nord")
        await press(pilot, "enter")
        assert app.theme == "nord" != default
    saved = json.loads(preferences.preferences_file().read_text(encoding="utf-8"))
    assert saved["accounts"][app.actor.naam] == {"thema": "nord"} and saved["laatst"] == {"thema": "nord"}
    assert preferences.preferences_file().stat().st_mode & 0o777 == 0o600

    again = make_app(store, regio, tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


async def test_another_account_keeps_its_own_theme(store, regio, tmp_path):
    preferences.save("iemand-anders", preferences.Voorkeuren(thema="gruvbox"))
    preferences.save(store.actor.naam, preferences.Voorkeuren(thema="nord"))
    app = make_app(store, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
    assert preferences.load("iemand-anders").thema == "gruvbox"
    assert preferences.load(None).thema == "nord"  # the login screen shows the last choice


async def test_a_damaged_preferences_file_is_ignored(store, regio, tmp_path):
    path = preferences.preferences_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{niet: json", encoding="utf-8")
    app = make_app(store, regio, tmp_path)
    default = app.theme
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == default
