"""A cut or rewritten access log is evident: the chain's head is kept outside the store (zvh.logketen beside
the backups) on every backup, at the first start of a day and after each check, and `zvh audit controleer`
compares the store with it; with ZVH_LOG_SLEUTEL nobody without the key can write a matching anchor."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select
from typer.testing import CliRunner

from zvh_core.access import audit, logketen
from zvh_core.config.settings import Settings, get_settings
from zvh_core.kernel.models import Toegangslog
from zvh_core.store import backups

DAY = datetime(2026, 11, 26, 7, 30, tzinfo=UTC)


_numbers = itertools.count()


def fill(store, n: int) -> None:
    """``n`` new entries (changes: the same view twice within a minute is logged once)."""
    with store.write() as s:
        for _ in range(n):
            audit.record(s, audit.Handeling.GEWIJZIGD, object_type="melding", object_id=next(_numbers))


def last_id(store) -> int:
    with store.read() as s:
        return s.scalar(select(func.max(Toegangslog.id)))


def cut_last(store, n: int) -> int:
    """Remove the last ``n`` entries of the log, as someone with the store file could; the new last id."""
    top = last_id(store)
    with store.write() as s:
        s.execute(delete(Toegangslog).where(Toegangslog.id > top - n))
    return top - n


def rewrite_from(store, entry_id: int) -> None:
    """Change an entry and recompute every hash after it: a chain that verifies, but another one."""
    with store.write() as s:
        rows = s.exec(select(Toegangslog).where(Toegangslog.id >= entry_id).order_by(Toegangslog.id)).scalars()
        previous = s.scalar(select(Toegangslog.hash).where(Toegangslog.id == entry_id - 1))
        for row in list(rows):
            if row.id == entry_id:
                row.actie = "niets"
            row.prev_hash = previous
            row.hash = audit.entry_hash(row)
            previous = row.hash
            s.add(row)
            s.flush()


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(backup_dir=tmp_path / "backups", backup_keep=14)


@pytest.fixture
def cli(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("ZVH_DATABASE_URL", db_url)
    monkeypatch.setenv("ZVH_BACKUP_DIR", str(tmp_path / "backups"))
    get_settings.cache_clear()
    from tui.cli.main import app

    runner = CliRunner()
    yield lambda *args: runner.invoke(app, [str(a) for a in args])
    get_settings.cache_clear()


def anchor_path(db_url: str) -> Path:
    return backups.anchor_file(db_url, get_settings())


@pytest.mark.sqlite_only
def test_removing_the_last_10_rows_after_a_backup_is_reported_by_controleer(store, db_url, cli):
    fill(store, 30)
    made = cli("backup")
    assert made.exit_code == 0, made.output
    anchored = last_id(store)
    path = anchor_path(db_url)
    assert path.stat().st_mode & 0o777 == 0o600 and path.parent == Path(get_settings().backup_dir)

    left = cut_last(store, 10)
    result = cli("audit", "controleer")

    assert result.exit_code == 1, result.output
    assert "De hashketen zelf is ongebroken" in result.output, "what is left is a sound chain"
    assert "Toegangslog in orde" not in result.output, "but a cut log is not 'in orde'"
    assert "Toegangslog INGEKORT: bij de back-up van" in result.output
    assert f"liep het log tot regel {anchored}, nu eindigt het bij regel {left}" in result.output
    assert f"regel {left + 1}–{anchored}" in result.output


@pytest.mark.sqlite_only
def test_entries_written_after_a_cut_under_the_removed_numbers_are_named_not_counted_as_kept(
    store, db_url, cli, monkeypatch
):
    """SQLite numbers a new entry max(id) + 1: after a cut, the next logins take the removed entries' numbers.
    The check names the first removed number from the entries' times, not from where the log ends now."""
    fill(store, 30)
    assert cli("backup").exit_code == 0
    anchored = last_id(store)
    left = cut_last(store, 10)
    later_on = datetime.now(UTC) + timedelta(seconds=5)
    with monkeypatch.context() as later:
        later.setattr(audit, "utcnow", lambda: later_on)
        fill(store, 3)  # e.g. three logins after the cut: numbers left+1 … left+3 again
    assert last_id(store) == left + 3

    result = cli("audit", "controleer")

    assert result.exit_code == 1, result.output
    assert f"liep het log tot regel {anchored}, nu eindigt het bij regel {left + 3}" in result.output
    assert f"regel {left + 1}–{anchored} (en wat daarna kwam) zijn verwijderd" in result.output
    assert f"Regel {left + 1}–{left + 3} zijn daarna geschreven en kregen de nummers van verwijderde regels" in (
        result.output
    )

    fill(store, 20)  # past the anchored number: still the cut, never 'in orde'
    later = cli("audit", "controleer")
    assert later.exit_code == 1 and f"regel {left + 1}–{anchored} (en wat daarna kwam) zijn verwijderd" in later.output


def test_a_check_anchors_the_head_and_the_next_check_finds_the_cut(store, db_url, cli):
    """On PostgreSQL too: `controleer` itself notes the head it found sound."""
    fill(store, 20)
    first = cli("audit", "controleer")
    assert first.exit_code == 0, first.output
    assert "Nog geen anker" in first.output
    second = cli("audit", "controleer")
    assert second.exit_code == 0 and "Anker buiten de database klopt" in second.output

    cut_last(store, 10)
    third = cli("audit", "controleer")

    assert third.exit_code == 1 and "INGEKORT: bij de controle van" in third.output
    before = anchor_path(db_url).read_text()
    assert cli("audit", "controleer").exit_code == 1, "a cut log never replaces the anchor that shows it"
    assert anchor_path(db_url).read_text() == before


@pytest.mark.sqlite_only
def test_the_first_start_of_a_day_anchors_the_head_and_never_overwrites_the_evidence(store, db_url, settings):
    fill(store, 15)
    backups.daily_backup(db_url, settings=settings, now=DAY)
    path = backups.anchor_file(db_url, settings)
    (anchor,) = logketen.read_anchors(path)[0]
    assert anchor.bron == logketen.DAILY_START and anchor.id == last_id(store)

    cut_last(store, 10)
    backups.daily_backup(db_url, settings=settings, now=DAY + timedelta(days=1))

    assert logketen.read_anchors(path)[0] == [anchor], "the cut head is not written over the anchor"
    with store.read() as s:
        finding = logketen.check_store(s, path)
    assert not finding.ok and "INGEKORT: bij de dagelijkse start van 26-11-2026" in finding.message


@pytest.mark.sqlite_only
def test_with_daily_backups_off_the_start_still_anchors_once_a_day(store, db_url, tmp_path):
    fill(store, 5)
    off = Settings(backup_dir=tmp_path / "b", backup_keep=0)
    for hours in (0, 2, 25):
        fill(store, 1)
        backups.daily_backup(db_url, settings=off, now=DAY + timedelta(hours=hours))
    anchors, _bad = logketen.read_anchors(backups.anchor_file(db_url, off))
    assert [a.bron for a in anchors] == [logketen.DAILY_START] * 2
    assert not list((tmp_path / "b").glob("*.sqlite3"))


def test_a_chain_rewritten_after_an_anchor_is_reported(store, db_url, cli):
    fill(store, 12)
    assert cli("audit", "controleer").exit_code == 0

    rewrite_from(store, 5)
    result = cli("audit", "controleer")

    assert "De hashketen zelf is ongebroken" in result.output, "the rewritten chain holds together by itself"
    assert result.exit_code == 1 and "Toegangslog HERSCHREVEN: regel" in result.output


def test_with_a_log_key_a_forged_anchor_does_not_count(store, db_url, cli, monkeypatch):
    monkeypatch.setenv("ZVH_LOG_SLEUTEL", "sleutel van de beheerder")
    fill(store, 12)
    assert cli("audit", "controleer").exit_code == 0
    path = anchor_path(db_url)
    (genuine,) = logketen.read_anchors(path, "sleutel van de beheerder")[0]
    assert len(genuine.mac) == 64

    rewrite_from(store, 5)
    with store.read() as s:  # whoever rewrote the log appends an anchor for the new head, without the key
        head_id, head_hash = logketen.session_chain(s).head()
    forged = logketen.Anchor(datetime.now(UTC), logketen.CHECK, head_id, head_hash, "0" * 64)
    path.write_text(path.read_text() + forged.line() + "\n")
    result = cli("audit", "controleer")

    assert result.exit_code == 1, result.output
    assert "HERSCHREVEN" in result.output
    assert "regel 2 klopt niet met ZVH_LOG_SLEUTEL" in result.output


@pytest.mark.sqlite_only
def test_a_restore_makes_the_restored_log_the_anchored_one(store, db_url, cli, tmp_path):
    fill(store, 8)
    copy = tmp_path / "kopie.sqlite3"
    assert cli("backup", copy).exit_code == 0
    fill(store, 8)
    assert cli("audit", "controleer").exit_code == 0  # the anchor is now past the copy's end

    assert cli("herstel", copy).exit_code == 0
    result = cli("audit", "controleer")

    assert result.exit_code == 0, result.output
    assert "Anker buiten de database klopt" in result.output and "het terugzetten van" in result.output


def test_a_markdown_export_ends_with_the_hash_of_its_own_log_entry(store, tmp_path):
    from zvh_core.access import exports

    fill(store, 3)
    path = exports.export(store, tmp_path / "lijst.md", "# Besluitenlijst\n", soort="besluitenlijst")

    with store.read() as s:
        entry = s.exec(select(Toegangslog).order_by(Toegangslog.id.desc()).limit(1)).scalars().one()
    assert entry.details and '"soort": "besluitenlijst"' in entry.details
    assert path.read_text(encoding="utf-8").endswith(
        f"Toegangslog: deze export is vastgelegd als regel {entry.id} (hash {entry.hash}).\n"
    )
    csv_path = exports.export(store, tmp_path / "lijst.csv", "a;b\n", soort="rapport")
    assert csv_path.read_text(encoding="utf-8") == "a;b\n", "a CSV file stays plain data"
