"""PostgreSQL without a global write lock: writers of different besprekingen work at the same time, and two
writers of one bespreking still take turns on its row, so the second is refused (its version is stale)
instead of overwriting the first. Only on PostgreSQL (SQLite's write transactions are exclusive)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from tests.workers import bespreking_ids, seed_meeting
from zvh_core.kernel.models import Besluit, Bespreking
from zvh_core.meetings import bespreking
from zvh_core.meetings.bespreking import ConcurrentChange

HOLD_AT_MOST = 20.0
"""Seconds the holding writer keeps its transaction open if the other never gets through (a regression)."""


@pytest.fixture
def two_items(store, regio):
    if store.dialect != "postgresql":
        pytest.skip("over PostgreSQL; SQLite's writers take turns by design")
    return bespreking_ids(store, seed_meeting(store, 2))


def hold_open(store, regio, bespreking_id: int, holding: threading.Event, release: threading.Event) -> threading.Thread:
    """A writer that has checked and claimed ``bespreking_id`` and keeps its transaction open until released."""

    def run() -> None:
        with store.write() as session:
            target = bespreking._open_bespreking(session, bespreking_id, None, regio, wat="vasthouden")
            session.add(Besluit(bespreking_id=target.id, route="amw", toelichting="eerste"))
            session.flush()
            holding.set()
            release.wait(HOLD_AT_MOST)

    thread = threading.Thread(target=run)
    thread.start()
    assert holding.wait(HOLD_AT_MOST)
    return thread


def test_writers_of_different_besprekingen_do_not_wait_for_each_other(store, regio, two_items):
    first, second = two_items
    with store.read() as session:
        seen = session.get(Bespreking, second).versie
    holding, release = threading.Event(), threading.Event()
    holder = hold_open(store, regio, first, holding, release)
    try:
        bespreking.set_besluit(store, regio, second, "amw", "tegelijk", expected_versie=seen)
        finished_while_held = not release.is_set()
    finally:
        release.set()
        holder.join()
    assert finished_while_held, "the second writer waited for the first: a global lock is back"
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Besluit)) == 2


def test_two_writers_of_one_bespreking_take_turns_and_the_stale_one_is_refused(store, regio, two_items):
    first, _ = two_items
    with store.read() as session:
        seen = session.get(Bespreking, first).versie
    holding, release = threading.Event(), threading.Event()
    holder = hold_open(store, regio, first, holding, release)
    outcome: list[object] = []

    def late_writer() -> None:
        try:
            outcome.append(bespreking.set_besluit(store, regio, first, "vt", "tweede", expected_versie=seen))
        except ConcurrentChange as error:
            outcome.append(error)

    late = threading.Thread(target=late_writer)
    late.start()
    late.join(1.0)  # time to reach the bespreking's row, where it waits while the first holds it
    release.set()
    holder.join()
    late.join()
    assert isinstance(outcome[0], ConcurrentChange), outcome
    with store.read() as session:
        (only,) = session.exec(select(Besluit).where(Besluit.bespreking_id == first)).scalars().all()
        assert only.toelichting == "eerste"
        assert session.get(Bespreking, first).versie == seen + 1
