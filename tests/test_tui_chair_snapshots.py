"""Snapshots of the run screen as a chair sees it at 100x30, 160x45 and 200x50 (and the verrijken dialog at
100x30, privacy mode on): nothing essential cut, the melding keeps its room. Update after an intended
change with `pytest tests/test_tui_chair_snapshots.py --snapshot-update` and look at the SVGs."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import add_melding, add_persoon
from tests.tui_helpers import TODAY, make_app, press, settle
from zvh_core.meetings import overleggen


def seed(store, regio) -> None:
    """A routeertafel of three meldingen, CJG afgemeld, the geheimhouding read; nothing decided yet (so no
    clock time shows on screen)."""
    with store.write() as s:
        jan = add_persoon(
            s, achternaam="Vries", tussenvoegsel="de", voornamen="Jan", geboortedatum=date(1990, 12, 1), bsn="123456782"
        )
        kim = add_persoon(s, achternaam="Bakker", voornamen="Kim", geboortedatum=date(2012, 5, 3))
        add_melding(
            s,
            soort="huiselijk_geweld",
            datum=date(2026, 11, 20),
            personen=[jan, kim],
            extern_id="2026-100001",
            omschrijving="Ruzie tussen partners, kind aanwezig; politie ter plaatse, geen aanhouding.",
        )
        for n, naam in enumerate(("Claessens-Coenen", "Janssen"), start=2):
            p = add_persoon(s, achternaam=naam, voornamen="Maria", geboortedatum=date(1970 + n, 1, 1))
            add_melding(s, soort="overlast", datum=date(2026, 11, 19 + n), personen=[p], extern_id=f"2026-10000{n}")
    overleg_id = overleggen.open_overleg(
        store, regio, "routeertafel", TODAY, "Anna de Voorzitter", ["vt", "zvh", "amw"], ["cjg"]
    )
    overleggen.set_geheimhouding(store, overleg_id, True)
    overleggen.start(store, overleg_id)


async def _open_run(pilot) -> None:
    await settle(pilot)
    await press(pilot, "enter")  # home: resume the routeertafel, straight onto the run screen
    await settle(pilot)


@pytest.mark.parametrize("size", [(100, 30), (160, 45), (200, 50)])
def test_run_screen(snap_compare, store, regio, tmp_path, size):
    seed(store, regio)
    assert snap_compare(make_app(store, regio, tmp_path), terminal_size=size, run_before=_open_run)


def test_verrijken_at_100_columns_in_privacy_mode(snap_compare, store, regio, tmp_path):
    seed(store, regio)

    async def run_before(pilot) -> None:
        await _open_run(pilot)
        await press(pilot, "f2", "1", "i")

    assert snap_compare(make_app(store, regio, tmp_path), terminal_size=(100, 30), run_before=run_before)
