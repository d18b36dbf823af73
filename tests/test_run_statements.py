"""Writes hand back state: a key on the run screen costs its write and a read of what it changed, never a
full reload of the agenda. Counts the SQL statements the store executes per key (issue 13): a bekendheid
key at most 12, moving to the next melding and reading its new neighbour ahead at most 12 together (the
neighbour's detail is batched: tests/test_meetings checks its content), the privacy toggle none."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event

from tests.test_tui_routeertafel import SIZE, seed
from tests.tui_helpers import TODAY, make_app, press, settle
from tui.screens.run import RunScreen
from zvh_core.meetings import bespreking, overleggen

BEKENDHEID_MAX = 12
NEXT_MAX = 12
VIEW_LOGGED = {"sqlite": 2, "postgresql": 3}
LIVE_MARKER = 6
"""Following a live meeting: after any commit the screen reads the overleg's marker once (meetings.live.stand);
an own change that explains the marker's move reads nothing more."""
"""The access-log entry of a view: (PostgreSQL: the chain's lock,) the chain's last hash, the insert."""


@contextmanager
def counted(store):
    """The SQL statements the store's engine runs inside the block (every connection, every thread)."""
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement.split()[0].upper() + " " + " ".join(statement.split()[1:6]))

    event.listen(store.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(store.engine, "before_cursor_execute", before)


def begin(statements: list[str]) -> int:
    return len([s for s in statements if s.startswith(("SELECT", "INSERT", "UPDATE", "DELETE"))])


@pytest.fixture
def opened(store, regio, tmp_path):
    seed(store)
    overleg_id = overleggen.open_overleg(store, regio, "routeertafel", date(2026, 11, 26), "Anna", ["vt", "amw"])
    return make_app(store, regio, tmp_path), overleg_id


async def read_ahead(pilot, screen: RunScreen) -> None:
    """What the screen does once keys pause: read the new neighbours of the current melding."""
    screen._prefetch_neighbours()
    await settle(pilot)


def one_detail_read(store, regio, bespreking_id: int) -> int:
    with counted(store) as statements, store.read() as session:
        bespreking.load_detail(session, regio, bespreking_id, today=TODAY)
    return begin(statements)


async def test_a_key_on_the_run_screen_costs_its_write_and_what_it_changed(store, regio, opened, monkeypatch):
    monkeypatch.setattr("tui.screens.run.READ_AHEAD_DELAY", 3600)  # read ahead only when the test says so
    monkeypatch.setattr("tui.live.POLL_SECONDS", 3600)  # the key's own cost; following is measured below
    app, overleg_id = opened
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.start_run(overleg_id)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RunScreen) and screen.detail is not None
        await press(pilot, "n")
        await read_ahead(pilot, screen)

        with counted(store) as bekendheid:
            await press(pilot, "1")
        with counted(store) as moving:
            await press(pilot, "n")
        with counted(store) as ahead:
            await read_ahead(pilot, screen)
        with counted(store) as privacy:
            await press(pilot, "f2")
        assert "alles opgeslagen" in str(screen.query_one("#savebar").render())
        assert screen.items[screen.index - 1].status == "bezig", "the stored bekendheid shows in the agenda"
        detail_read = one_detail_read(store, regio, screen.items[screen.index].bespreking_id)

    report = (
        f"bekendheid {begin(bekendheid)}: {bekendheid}\nvolgende {begin(moving)}: {moving}\n"
        f"daarna één buur vooruit lezen {begin(ahead)} (één load_detail: {detail_read})\nprivacy {begin(privacy)}"
    )
    print(report)
    assert begin(bekendheid) <= BEKENDHEID_MAX, report
    assert begin(moving) + begin(ahead) <= NEXT_MAX, "moving and reading its new neighbour ahead\n" + report
    assert begin(ahead) <= detail_read + VIEW_LOGGED[store.dialect], (
        "one neighbour is new after a move: one detail read"
    )
    assert privacy == [], report


async def test_following_the_live_meeting_costs_one_marker_read_after_an_own_key(store, regio, opened, monkeypatch):
    monkeypatch.setattr("tui.screens.run.READ_AHEAD_DELAY", 3600)
    monkeypatch.setattr("tui.live.POLL_SECONDS", 0.05)
    app, overleg_id = opened
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.start_run(overleg_id)
        await settle(pilot)
        screen = app.screen
        await press(pilot, "n")
        await read_ahead(pilot, screen)
        await pilot.pause(0.3)
        await settle(pilot)

        with counted(store) as followed:
            await press(pilot, "1")
            await pilot.pause(0.3)  # several polls: the commit is noticed and the marker read
            await settle(pilot)
        assert "alles opgeslagen" in str(screen.query_one("#savebar").render())
    report = f"bekendheid met live volgen {begin(followed)}: {followed}"
    print(report)
    # The key's write and what it changed, then the marker once: the own change explains its move, so the
    # agenda and the melding are not read again.
    assert begin(followed) <= BEKENDHEID_MAX + LIVE_MARKER, report
    assert not any(s.startswith("SELECT bespreking.id, bespreking.overleg_id") for s in followed[12:]), report
