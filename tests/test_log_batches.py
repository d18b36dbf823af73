"""Views are logged before the data is returned, and reads that end together share one commit for their
access-log entries (group commit): no entry is lost, none is written twice, the chain stays whole, and a
batch that cannot be written refuses every read in it."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select

from zvh_core.access import audit
from zvh_core.access.audit import Handeling
from zvh_core.kernel.models import Toegangslog

WAIT = 30.0


def read_with_view(store, n: int, errors: list) -> None:
    try:
        with store.read() as session:
            audit.record(session, Handeling.BEKEKEN, object_type="proef", object_id=f"gelijktijdig-{n}")
    except Exception as error:
        errors.append(error)


def logged(store) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(Toegangslog).where(Toegangslog.object_type == "proef"))


@pytest.fixture
def first_batch_held(monkeypatch):
    """The first batch waits inside its write until released; later ones write at once."""
    entered, release = threading.Event(), threading.Event()
    original = audit.write_pending
    calls: list[int] = []

    def held(session, pending):
        calls.append(len(pending))
        if len(calls) == 1:
            entered.set()
            release.wait(WAIT)
        original(session, pending)

    monkeypatch.setattr(audit, "write_pending", held)
    return entered, release, calls


def test_reads_that_end_together_share_one_commit_and_lose_nothing(store, first_batch_held):
    entered, release, calls = first_batch_held
    errors: list = []
    first = threading.Thread(target=read_with_view, args=(store, 0, errors))
    first.start()
    assert entered.wait(WAIT)
    others = [threading.Thread(target=read_with_view, args=(store, n, errors)) for n in range(1, 6)]
    for thread in others:
        thread.start()
    deadline = time.monotonic() + WAIT
    while len(store.log_batches._queue) < len(others) and time.monotonic() < deadline:
        time.sleep(0.005)  # until every other reader has queued its entry behind the held batch
    release.set()
    for thread in [first, *others]:
        thread.join()

    assert errors == []
    assert calls == [1, 5], "the five readers that waited went in one batch"
    assert logged(store) == 6
    with store.read() as session:
        assert audit.verify(session).ok


def test_a_batch_that_cannot_be_written_refuses_its_reads(store, monkeypatch):
    def broken(_session, _pending):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(audit, "write_pending", broken)
    errors: list = []
    read_with_view(store, 99, errors)
    assert len(errors) == 1 and isinstance(errors[0], OSError)
    monkeypatch.undo()
    assert logged(store) == 0
