"""The change feed (db.changes): a follower learns that another connection or process committed, on SQLite
(PRAGMA data_version) and PostgreSQL (LISTEN/NOTIFY), within the poll interval; a rolled-back change
is no change; and the live marker moves with what a meeting shows, not with access-log entries."""

from __future__ import annotations

import threading
import time

import pytest

from tests.workers import MEETING_DAY, bespreking_ids, fork_job, seed_meeting
from zvh_core.access import audit
from zvh_core.access.audit import Handeling
from zvh_core.access.systeem import as_system
from zvh_core.meetings import bespreking, live, overleggen
from zvh_core.store import open_store


@pytest.fixture
def other(db_url):
    """Another workstation on the same store."""
    store = as_system(open_store(db_url))
    yield store
    store.dispose()


@pytest.mark.sqlite_only  # TODO: NOTIFY channels are per database; the PostgreSQL run's parallel tests share one
def test_a_commit_on_another_connection_is_seen_once_and_a_rollback_not_at_all(store, other, regio):
    overleg_id = seed_meeting(store, 2)
    with store.change_feed() as feed:
        assert not feed.changed()
        overleggen.set_geheimhouding(other, overleg_id, True)
        deadline = time.monotonic() + 2
        while not feed.changed():
            assert time.monotonic() < deadline, "no change seen within 2 s"
            time.sleep(0.01)
        assert not feed.changed()  # one commit, one change
        with pytest.raises(RuntimeError), other.write() as session:
            audit.record(session, Handeling.BEKEKEN, object_type="test")
            raise RuntimeError("rolled back")
        assert not feed.wait(0.6)


def test_wait_wakes_up_within_the_poll_interval_when_another_thread_commits(store, other, regio):
    overleg_id = seed_meeting(store, 2)
    second = bespreking_ids(store, overleg_id)[1]
    overleggen.start(store, overleg_id)  # at the first item
    with store.change_feed() as feed:
        committed = []

        def chair_moves() -> None:
            time.sleep(0.3)
            overleggen.set_current(other, overleg_id, second)
            committed.append(time.monotonic())

        thread = threading.Thread(target=chair_moves)
        thread.start()
        assert feed.wait(5)
        woke = time.monotonic()
        thread.join()
    assert committed and woke - committed[0] < 0.5


def test_a_commit_in_another_process_is_seen(store, db_url, regio):
    overleg_id = seed_meeting(store, 1)

    def other_process(report) -> None:
        chair = as_system(open_store(db_url))
        overleggen.set_geheimhouding(chair, overleg_id, True)
        report("gedaan")

    store.dispose()  # no SQLite connection crosses the fork
    with store.change_feed() as feed:
        child = fork_job(other_process)
        assert feed.wait(10)
        child.wait_for("gedaan")
        assert child.wait() == 0 and not child.errors


@pytest.mark.sqlite_only  # TODO: NOTIFY channels are per database; the PostgreSQL run's parallel tests share one
def test_close_ends_a_wait_in_another_thread(store):
    feed = store.change_feed()
    result = []
    thread = threading.Thread(target=lambda: result.append(feed.wait(30)))
    thread.start()
    time.sleep(0.1)
    started = time.monotonic()
    feed.close()
    thread.join(5)
    assert result == [False] and time.monotonic() - started < 2
    assert not feed.changed()


def test_the_live_marker_moves_with_the_meeting_not_with_the_access_log(store, other, regio):
    overleg_id = seed_meeting(store, 2)
    first, second = bespreking_ids(store, overleg_id)
    overleggen.start(store, overleg_id)
    with store.read() as s:
        before = live.stand(s, overleg_id)
    with other.read() as s:
        bespreking.load_detail(s, regio, first, today=MEETING_DAY)  # a view: logged, so a commit
    with store.read() as s:
        assert live.stand(s, overleg_id) == before
    overleggen.set_current(other, overleg_id, second)
    with store.read() as s:
        moved = live.stand(s, overleg_id)
    assert moved.huidige_bespreking_id == second and moved != before
    bespreking.set_bekendheid(other, regio, second, "amw", code="bekend")
    with store.read() as s:
        answered = live.stand(s, overleg_id)
    assert answered != moved and answered.antwoorden[0] == 1
    with store.read() as s:
        assert live.stand(s, overleg_id + 99) is None
