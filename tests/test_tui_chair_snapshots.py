"""Snapshots of the meeting as a chair sees it: home, agenda (with the previous overleg's actions per owner),
run screen, the verrijken and actie dialogs and the besluitenlijst, each at 100x30, 160x45 and 220x55 with
privacy mode off and on (and the run screen at 200x50): nothing essential cut, the melding keeps its room, and
in privacy mode no name, birth date or text shows.
Update after an intended change with `pytest tests/test_tui_chair_snapshots.py --snapshot-update` and look at
the SVGs."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.factories import add_melding, add_persoon
from tests.meeting_helpers import MONDAY, RT_PARTNERS, items
from tests.tui_helpers import TODAY, make_app, press, settle, type_text
from zvh_core.kernel.models import Overleg
from zvh_core.meetings import bespreking, overleggen


def seed(store, regio) -> int:
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
    with store.write() as s:  # read at a fixed time: the besluitenlijst shows it
        overleg = s.get(Overleg, overleg_id)
        overleg.geheimhouding_gelezen_op = datetime(2026, 11, 26, 8, 5, tzinfo=UTC)
        s.add(overleg)
    overleggen.start(store, overleg_id)
    return overleg_id


def seed_previous(store, regio) -> None:
    """Monday's routeertafel, closed, with open actions for VT (one overdue) and AMW: Thursday reviews them."""
    with store.write() as s:
        p = add_persoon(s, achternaam="Peeters", voornamen="Luc", geboortedatum=date(1985, 3, 4))
        add_melding(s, soort="overlast", datum=date(2026, 11, 16), personen=[p], extern_id="2026-099001")
    monday = overleggen.open_overleg(store, regio, "routeertafel", MONDAY, "Anna de Voorzitter", RT_PARTNERS)
    (item,) = items(store, regio, monday)
    bespreking.set_besluit(store, regio, item.bespreking_id, "amw", "AMW pakt op")
    for owner, text, day in (
        ("vt", "Dossier opvragen", date(2026, 11, 24)),
        ("amw", "Huisbezoek plannen", date(2026, 11, 30)),
        ("vt", "Gezin bellen", date(2026, 12, 1)),
    ):
        bespreking.add_actie(store, regio, item.bespreking_id, owner, text, day)
    overleggen.close_overleg(store, monday)


async def _open_run(pilot) -> None:
    await settle(pilot)
    await press(pilot, "enter")  # home: resume the routeertafel, straight onto the run screen
    await settle(pilot)


def _besluiten(store, regio, overleg_id: int) -> None:
    first, second, third = items(store, regio, overleg_id)
    bespreking.set_bekendheid(store, regio, first.bespreking_id, "vt", code="bekend", notitie="Lopend onderzoek")
    bespreking.set_bekendheid(store, regio, first.bespreking_id, "amw", code="deelt_niet", reden="Geen toestemming")
    bespreking.set_besluit(store, regio, first.bespreking_id, "veilig_thuis", "VT neemt het op")
    bespreking.add_actie(store, regio, first.bespreking_id, "vt", "Huisbezoek plannen", date(2026, 12, 10))
    bespreking.set_besluit(store, regio, second.bespreking_id, "zvh_triage", "Meerdere leefgebieden")
    overleggen.remove_from_agenda(store, third.bespreking_id)


# Per screen: the store it needs beyond seed(), and the keys from the run screen (None: the home screen itself).
SCREENS = {
    "home": (None, None),
    "agenda": (seed_previous, ("g",)),
    "run": (None, ()),
    "verrijken": (None, ("1", "i")),
    "actie": (None, ("a", "Huisbezoek plannen")),
    "besluitenlijst": (_besluiten, ("s", "j")),
}
SIZES = [(100, 30), (160, 45), (220, 55)]


@pytest.mark.parametrize("privacy", [False, True], ids=["gewoon", "privacy"])
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_main_screens(snap_compare, store, regio, tmp_path, screen, size, privacy):
    extra, keys = SCREENS[screen]
    if extra is seed_previous:
        seed_previous(store, regio)
    overleg_id = seed(store, regio)
    if extra is _besluiten:
        _besluiten(store, regio, overleg_id)

    async def run_before(pilot) -> None:
        await settle(pilot)
        if privacy:
            await press(pilot, "f2")
        if keys is None:
            return
        await _open_run(pilot)
        for key in keys:
            if len(key) > 1 and " " in key:  # a text typed into the dialog
                await type_text(pilot, key)
            else:
                await press(pilot, key)
        await settle(pilot)

    assert snap_compare(make_app(store, regio, tmp_path), terminal_size=size, run_before=run_before)


def test_run_screen_at_200_columns(snap_compare, store, regio, tmp_path):
    seed(store, regio)
    assert snap_compare(make_app(store, regio, tmp_path), terminal_size=(200, 50), run_before=_open_run)
