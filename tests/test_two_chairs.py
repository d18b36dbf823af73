"""Two or more chairs on one store: nobody waits into a "database is locked", nobody overwrites another
silently. A change made on a version someone else changed meanwhile is refused, with the fresh state."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from tests.workers import MEETING_DAY, bespreking_ids, fork_job, seed_meeting, writer
from zvh_core.access import audit
from zvh_core.access.systeem import as_system
from zvh_core.kernel.models import Besluit, Bespreking, Toegangslog
from zvh_core.meetings import bespreking
from zvh_core.meetings.bespreking import ConcurrentChange
from zvh_core.meetings.overleggen import MeetingError
from zvh_core.store import open_store

WRITERS = 4
DECISIONS = 250  # bench/writers.py measures the scale; this proves nothing is lost or doubled
SHARED = 8


@pytest.fixture
def second_chair(db_url):
    """Another workstation on the same store."""
    other = as_system(open_store(db_url))
    yield other
    other.dispose()


def test_a_change_on_a_version_someone_else_changed_is_refused_with_the_fresh_state(store, second_chair, regio):
    overleg_id = seed_meeting(store, 2)
    first = bespreking_ids(store, overleg_id)[0]
    with store.read() as session:
        seen = bespreking.load_detail(session, regio, first, today=MEETING_DAY)  # both chairs show this version

    bespreking.set_besluit(second_chair, regio, first, "amw", "AMW kent het gezin", expected_versie=seen.versie)
    with pytest.raises(ConcurrentChange) as refused:
        bespreking.set_besluit(store, regio, first, "veilig_thuis", "Naar VT", expected_versie=seen.versie)

    error = refused.value
    assert isinstance(error, MeetingError)
    assert "Iemand anders heeft deze melding intussen gewijzigd" in str(error)
    assert "niet opgeslagen" in str(error)
    assert error.versie == seen.versie + 1
    assert error.detail.besluit.route == "amw" and error.detail.besluit.toelichting == "AMW kent het gezin"
    with store.read() as session:
        assert session.scalar(select(Besluit.route).where(Besluit.bespreking_id == first)) == "amw"
    # On the fresh version the change goes through.
    stored = bespreking.set_besluit(store, regio, first, "veilig_thuis", "Naar VT", expected_versie=error.versie)
    assert stored.versie == error.versie + 1


def test_the_fresh_state_a_refused_change_shows_is_logged_as_a_view(store, second_chair, regio, monkeypatch):
    """The refused transaction rolls back; the view of what it showed is logged after it, in the chain."""
    monkeypatch.setattr(audit, "VIEW_REPEAT_SECONDS", 0)  # count every view, not one a minute
    overleg_id = seed_meeting(store, 1)
    first = bespreking_ids(store, overleg_id)[0]
    with store.read() as session:
        seen = bespreking.load_detail(session, regio, first, today=MEETING_DAY)
        melding_id = session.get(Bespreking, first).melding_id

    def views() -> int:
        with store.read() as session:
            return session.scalar(
                select(func.count())
                .select_from(Toegangslog)
                .where(
                    Toegangslog.actie == audit.Handeling.BEKEKEN,
                    Toegangslog.object_type == "melding",
                    Toegangslog.object_id == str(melding_id),
                )
            )

    before = views()
    bespreking.set_besluit(second_chair, regio, first, "amw", "AMW kent het gezin", expected_versie=seen.versie)
    with pytest.raises(ConcurrentChange) as refused:
        bespreking.set_besluit(store, regio, first, "veilig_thuis", "Naar VT", expected_versie=seen.versie)
    assert refused.value.detail.besluit.route == "amw"
    assert views() == before + 1
    with store.read() as session:
        assert audit.verify(session).ok
        assert session.scalar(select(Besluit.route).where(Besluit.bespreking_id == first)) == "amw"


@pytest.mark.parametrize(
    "change",
    [
        lambda store, regio, b, v: bespreking.set_bekendheid(store, regio, b, "vt", code="bekend", expected_versie=v),
        lambda store, regio, b, v: bespreking.clear_besluit(store, b, expected_versie=v),
        lambda store, regio, b, v: bespreking.add_actie(
            store, regio, b, "vt", "Bellen", MEETING_DAY, expected_versie=v
        ),
    ],
    ids=["bekendheid", "besluit-intrekken", "actie"],
)
def test_every_bespreking_write_checks_the_version(store, second_chair, regio, change):
    overleg_id = seed_meeting(store, 1)
    (only,) = bespreking_ids(store, overleg_id)
    bespreking.set_bekendheid(second_chair, regio, only, "amw", notitie="Loopt al", expected_versie=1)
    with pytest.raises(ConcurrentChange):
        change(store, regio, only, 1)
    change(store, regio, only, 2)


def test_four_writers_make_250_decisions_each_all_stored_no_errors(store, db_url):
    overleg_id = seed_meeting(store, WRITERS * DECISIONS + SHARED)
    ids = bespreking_ids(store, overleg_id)
    shared, own = ids[:SHARED], ids[SHARED:]
    children = [fork_job(writer(db_url, own[w::WRITERS], shared), before_fork=store) for w in range(WRITERS)]
    for child in children:
        child.wait()
    for child in children:
        assert child.errors == [], child.errors[0]
        assert child.exit_status == 0
        assert len(child.reported("besloten")) == DECISIONS

    with store.read() as session:
        decided = session.scalar(select(func.count()).select_from(Besluit).where(Besluit.bespreking_id.in_(own)))
        versies = dict(session.execute(select(Bespreking.id, Bespreking.versie).where(Bespreking.id.in_(shared))).all())
    assert decided == WRITERS * DECISIONS
    # Every edit of a shared bespreking was either stored (and counted in its version) or refused.
    accepted = Counter(
        int(b) for child in children for b, outcome in child.reported("gedeeld") if outcome == "geaccepteerd"
    )
    assert {b: versies[b] - 1 for b in shared} == {b: accepted[b] for b in shared}
    slowest = max(float(s) for child in children for _, s in child.reported("besloten"))
    print(f"{WRITERS} x {DECISIONS} besluiten; traagste {slowest * 1000:.0f} ms")
