"""The change feed (db.changes): a follower learns that another connection or process committed, on SQLite
(PRAGMA data_version) and PostgreSQL (LISTEN/NOTIFY), within the poll interval; a rolled-back change
is no change; a store in another schema of the same PostgreSQL database (or another SQLite file) never wakes
it; and the live marker moves with what a meeting shows, not with access-log entries."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from db.changes import ChangeFeed
from db.engine import IDENTIFIER_BYTES, change_channel, make_engine, quote_identifier
from db.session import Database
from tests.stores import POSTGRES_URL, drop, fresh_url, migrated_store
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


def _seen_within(feed: ChangeFeed, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if feed.changed():
            return True
        time.sleep(0.01)
    return False


def test_a_store_in_another_schema_of_the_same_database_never_wakes_the_feed(store, tmp_path, regio):
    """On PostgreSQL a second schema in the test database (two regio stores on one server); on SQLite a
    second file. Each store's feed hears its own commits only."""
    other_url = fresh_url(tmp_path, "andere-regio")
    other = as_system(migrated_store(other_url))
    try:
        overleg_id = seed_meeting(store, 1)
        other_overleg = seed_meeting(other, 1)
        with store.change_feed() as feed, other.change_feed() as other_feed:
            if store.dialect == "postgresql":
                assert feed.channel != other_feed.channel
            for _ in range(3):
                overleggen.set_geheimhouding(other, other_overleg, True)
                overleggen.set_geheimhouding(other, other_overleg, False)
            assert _seen_within(other_feed, 2), "the other store's own feed hears it"
            assert not feed.wait(0.6), "a commit in the other schema woke this store's feed"
            overleggen.set_geheimhouding(store, overleg_id, True)
            assert _seen_within(feed, 2), "this store's own commit is heard"
            assert not other_feed.wait(0.6), "a commit in this schema woke the other store's feed"
    finally:
        other.dispose()
        drop(other_url)


def test_a_channel_is_the_schema_s_own_and_a_valid_identifier():
    long_a, long_b = "regio_" + "x" * 50 + "_noord", "regio_" + "x" * 50 + "_zuid"
    channels = {change_channel(s) for s in ("public", "Public", long_a, long_b, "ünïcode_" * 8, None)}
    assert len(channels) == 6, "no two schemas share a channel, not even when PostgreSQL would cut their names"
    assert all(len(c.encode()) <= IDENTIFIER_BYTES for c in channels)
    assert change_channel("public") == "zvh_wijziging_public"
    assert quote_identifier('a"b') == '"a""b"'


@pytest.mark.skipif(not POSTGRES_URL, reason="PostgreSQL-kanalen; deze run gebruikt SQLite (zet ZVH_TEST_POSTGRES_URL)")
def test_schemas_with_long_mixed_case_names_listen_apart():
    """Two schemas whose channels PostgreSQL would cut to the same 63 bytes, in capitals: NOTIFY and LISTEN
    quote the same channel, and each feed hears its own schema only."""
    tag = uuid.uuid4().hex[:8]
    names = [f"Regio_{tag}_" + "Lang" * 10 + suffix for suffix in ("_Noord", "_Zuid")]
    admin = make_engine(POSTGRES_URL)
    engines = []
    try:
        with admin.connect() as connection:
            for name in names:
                connection.execute(text(f"CREATE SCHEMA {quote_identifier(name)}"))
            connection.commit()
        for name in names:
            url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={quote_identifier(name)}"})
            engines.append(make_engine(url.render_as_string(hide_password=False)))
        first, second = (Database(engine) for engine in engines)
        with ChangeFeed(engines[0]) as feed_1, ChangeFeed(engines[1]) as feed_2:
            assert feed_1.channel == quote_identifier(change_channel(names[0])) != feed_2.channel
            with second.write() as session:
                session.execute(text("SELECT 1"))
            assert _seen_within(feed_2, 2) and not feed_1.wait(0.5)
            with first.write() as session:
                session.execute(text("SELECT 1"))
            assert _seen_within(feed_1, 2) and not feed_2.wait(0.5)
    finally:
        for engine in engines:
            engine.dispose()
        with admin.connect() as connection:
            for name in names:
                connection.execute(text(f"DROP SCHEMA IF EXISTS {quote_identifier(name)} CASCADE"))
            connection.commit()
        admin.dispose()
