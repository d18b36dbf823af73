"""The access log: a hash chain that reports the first broken link (edit, delete, reorder), and
retention of the log itself that keeps the chain verifiable."""

from __future__ import annotations

import itertools
import pathlib
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from tests.encrypted import connect_store
from zvh_core.access import audit
from zvh_core.access.rights import Actor
from zvh_core.access.systeem import as_system
from zvh_core.config.settings import get_settings
from zvh_core.kernel.models import Toegangslog
from zvh_core.store import open_store


def fill(store, n: int = 6) -> None:
    with store.write() as s:
        for i in range(n):
            audit.record(
                s,
                audit.Handeling.BEKEKEN if i % 2 else audit.Handeling.GEWIJZIGD,
                object_type="melding",
                object_id=i,
                persoon_id=100 + i,
                context="test",
            )


def verify(store) -> audit.Verification:
    with store.read() as s:
        return audit.verify(s)


def sql(db_url: str, statement: str, *params) -> None:
    connection = connect_store(pathlib.Path(db_url.removeprefix("sqlite:///")))  # plain or encrypted, as the run's
    connection.execute(statement, params)
    connection.commit()
    connection.close()


def test_an_intact_chain_verifies_and_every_entry_links_to_the_previous(store):
    fill(store)
    result = verify(store)
    assert result.ok and result.entries == 6
    with store.read() as s:
        rows = s.exec(select(Toegangslog).order_by(Toegangslog.id)).scalars().all()
    assert rows[0].prev_hash == audit.GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(rows))
    assert all(r.hash == audit.entry_hash(r) for r in rows)
    assert rows[0].gebruiker == "test" and rows[0].rol == "systeem" and rows[0].werkplek


@pytest.mark.sqlite_only  # tampers with the SQLite file by hand
@pytest.mark.parametrize(
    ("statement", "broken", "reason"),
    [
        ("UPDATE toegangslog SET gebruiker = 'iemand anders' WHERE id = 3", 3, "inhoud is gewijzigd"),
        ("UPDATE toegangslog SET persoon_id = 999 WHERE id = 4", 4, "inhoud is gewijzigd"),
        ("DELETE FROM toegangslog WHERE id = 3", 4, "ontbreken"),
        ("DELETE FROM toegangslog WHERE id = 1", 2, "begin van het log"),
    ],
)
def test_tampering_by_hand_is_reported_at_the_first_broken_link(store, db_url, statement, broken, reason):
    fill(store)
    sql(db_url, statement)
    result = verify(store)
    assert not result.ok and result.broken_id == broken and reason in result.reason


@pytest.mark.sqlite_only
def test_reordering_two_entries_is_reported(store, db_url):
    fill(store)
    sql(db_url, "UPDATE toegangslog SET id = -1 WHERE id = 2")
    sql(db_url, "UPDATE toegangslog SET id = 2 WHERE id = 3")
    sql(db_url, "UPDATE toegangslog SET id = 3 WHERE id = -1")
    result = verify(store)
    assert not result.ok and result.broken_id == 2


@pytest.mark.sqlite_only
def test_deleting_the_newest_entry_and_rehashing_nothing_else_is_reported_via_a_fresh_append(store, db_url):
    fill(store)
    sql(db_url, "DELETE FROM toegangslog WHERE id = 6")
    fill(store, 1)  # the next entry links to 5 now, but a verifier compares with what was shown before
    assert verify(store).ok  # a truncated tail is only visible against a noted head hash (README)


def test_pruning_old_entries_keeps_the_chain_verifiable(store, monkeypatch):
    monkeypatch.setattr(audit, "utcnow", lambda: datetime(2015, 1, 1, tzinfo=UTC))
    fill(store, 3)
    monkeypatch.undo()
    fill(store, 3)
    with store.write() as s:
        removed = audit.prune_before(s, datetime(2016, 1, 1, tzinfo=UTC))
    assert removed == 3
    result = verify(store)
    assert result.ok, result.message()
    with store.read() as s:
        checkpoint = s.exec(select(Toegangslog).where(Toegangslog.actie == audit.CHECKPOINT)).scalars().one()
    assert '"tot_id": 3' in checkpoint.details


def test_no_code_path_updates_or_deletes_log_entries_except_the_prune():
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[1]
    offenders = []
    for path in [*root.glob("zvh_core/**/*.py"), *root.glob("tui/**/*.py"), *root.glob("db/**/*.py")]:
        text = path.read_text(encoding="utf-8")
        for needle in ("update(Toegangslog", "delete(Toegangslog", "UPDATE toegangslog", "DELETE FROM toegangslog"):
            if needle in text:
                offenders.append(f"{path.relative_to(root)}: {needle}")
    assert offenders == ["zvh_core/access/audit.py: delete(Toegangslog"]


def test_concurrent_appends_never_fork_the_chain(db_url):
    stores = [as_system(open_store(db_url), f"p{n}") for n in range(4)]

    def work(store):
        for _ in range(15):
            fill(store, 1)

    threads = [threading.Thread(target=work, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result = verify(stores[0])
    assert result.ok and result.entries == 60
    for s in stores:
        s.dispose()


def test_views_in_a_read_session_are_written_after_it(store):
    viewer = store.as_user(Actor("kijker", "voorzitter"))
    with viewer.read() as s:
        audit.record(s, audit.Handeling.BEKEKEN, object_type="melding", object_id=1, persoon_id=7)
    with store.read() as s:
        (entry,) = audit.entries_unchecked(s, persoon_id=7)
    assert entry.gebruiker == "kijker" and entry.actie == "bekeken"


def test_filters_of_the_log(store):
    fill(store)
    with store.read() as s:
        assert [e.persoon_id for e in audit.entries(s, persoon_id=102)] == [102]
        assert len(audit.entries(s, gebruiker="TEST")) >= 6
        future = datetime.now(UTC).date() + timedelta(days=2)
        assert audit.entries(s, van=future) == []


# --- the command line ----------------------------------------------------------------------------------
@pytest.fixture
def cli(db_url, monkeypatch):
    monkeypatch.setenv("ZVH_DATABASE_URL", db_url)
    get_settings.cache_clear()
    from tui.cli.main import app

    runner = CliRunner()
    yield lambda *args, **env: runner.invoke(app, list(args), env=env or None)
    get_settings.cache_clear()


@pytest.mark.sqlite_only
def test_cli_controleer_reports_a_row_tampered_in_the_sqlite_file(store, db_url, cli):
    fill(store)
    ok = cli("audit", "controleer")
    assert ok.exit_code == 0 and "in orde" in ok.output
    sql(db_url, "UPDATE toegangslog SET actie = 'niets' WHERE id = 2")
    broken = cli("audit", "controleer")
    assert broken.exit_code == 1
    assert "GEBROKEN bij regel 2" in broken.output


def test_cli_toon_filters_by_person(store, cli):
    fill(store)
    result = cli("audit", "toon", "--persoon", "103")
    assert result.exit_code == 0, result.output
    assert "persoon 103" in result.output and "persoon 102" not in result.output
