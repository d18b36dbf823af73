"""The page check's memo (zvh_core/store/page_check.py): a command checks every page of an SQLite store unless
the file is exactly as the last checked command left it; any write to it by something else (a damaged page, a
copy over it, a modification time set back) or a write-ahead log someone else still holds makes the next
command check it all again, and a damaged store is refused before anything is written to it."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.encrypted import connect_store
from tests.test_never_destroy import digest, filled_store_file
from tui.cli.main import app
from zvh_core.config.regio import load_regio
from zvh_core.config.settings import get_settings
from zvh_core.kernel import clock
from zvh_core.store import page_check

pytestmark = pytest.mark.sqlite_pass_only  # the store is a file of its own, whatever the pass


@pytest.fixture
def store_path(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "zvh.sqlite3"
    filled_store_file(path)  # 400 meldingen: a page deep in the file holds data, not the schema
    monkeypatch.setenv("ZVH_DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setenv("ZVH_BACKUP_DIR", str(tmp_path / "backups"))
    monkeypatch.setattr(clock, "today", lambda: date(2026, 11, 26))
    get_settings.cache_clear()
    load_regio.cache_clear()
    yield path
    get_settings.cache_clear()
    load_regio.cache_clear()


@pytest.fixture
def checks(monkeypatch) -> list[int]:
    """One entry per whole-file check that ran."""
    ran: list[int] = []
    real = page_check.quick_check

    def counted(connection):
        ran.append(1)
        return real(connection)

    monkeypatch.setattr(page_check, "quick_check", counted)
    return ran


def zoek():
    return CliRunner().invoke(app, ["zoek", "Jansen1"])


def damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = (len(data) // 4096 // 2) * 4096
    data[middle + 8 : middle + 4096] = bytes(n % 256 for n in range(4096 - 8))
    path.write_bytes(bytes(data))


def test_a_second_command_on_the_file_as_the_first_left_it_does_not_read_every_page_again(store_path, checks):
    first = zoek()
    assert first.exit_code == 0 and len(checks) == 1
    second = zoek()
    assert second.exit_code == 0 and second.output == first.output
    assert len(checks) == 1  # the first zoek wrote its access-log entry through SQLite and left the file so


def test_a_page_damaged_after_a_checked_command_is_found_by_the_next_command(store_path, checks):
    assert zoek().exit_code == 0
    damage(store_path)
    before = digest(store_path)
    result = zoek()
    assert result.exit_code == 2 and "beschadigd" in result.output and "Traceback" not in result.output
    assert digest(store_path) == before and len(checks) == 2  # nothing written: not even the log entry


def test_setting_the_modification_time_back_after_a_damage_does_not_hide_it(store_path, checks):
    assert zoek().exit_code == 0
    left = os.stat(store_path)
    damage(store_path)
    os.utime(store_path, ns=(left.st_atime_ns, left.st_mtime_ns))  # size and mtime as the memo noted them
    result = zoek()
    assert result.exit_code == 2 and "beschadigd" in result.output  # the change time gives it away


def test_a_file_copied_over_the_store_is_checked_again(store_path, checks, tmp_path):
    assert zoek().exit_code == 0
    other = tmp_path / "ander.sqlite3"
    filled_store_file(other)
    damage(other)
    store_path.write_bytes(other.read_bytes())
    assert zoek().exit_code == 2 and len(checks) == 2


def test_a_store_someone_else_has_open_with_changes_in_its_log_is_checked_every_time(store_path, checks):
    assert zoek().exit_code == 0
    other = connect_store(store_path)  # as the app of a colleague: its write-ahead log stays beside the file
    try:
        other.execute("UPDATE persoon SET voornamen = 'Kees' WHERE id = 3")
        other.commit()
        assert other.total_changes == 1 and Path(f"{store_path}-wal").stat().st_size > 0
        assert zoek().exit_code == 0 and zoek().exit_code == 0
        assert len(checks) == 3
    finally:
        other.close()
    assert zoek().exit_code == 0 and len(checks) == 4  # closed: the file changed, so checked once more
    assert zoek().exit_code == 0 and len(checks) == 4


def test_the_app_checks_every_page_at_every_start_whatever_the_memo_says(store_path, checks):
    from tui.cli.store import daily_start
    from zvh_core.store import open_store

    assert zoek().exit_code == 0 and len(checks) == 1
    store = open_store()
    try:
        daily_start(store)
    finally:
        store.dispose()
    assert len(checks) == 2


def test_without_a_change_time_to_trust_every_command_checks_every_page(store_path, checks, monkeypatch):
    monkeypatch.setattr(page_check, "MEMO_HERE", False)  # as on Windows, where ctime is the creation time
    assert zoek().exit_code == 0 and zoek().exit_code == 0
    assert len(checks) == 2
