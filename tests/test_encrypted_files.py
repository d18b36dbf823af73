"""What the suite's encrypted run (tests/encrypted_run.py) found where an encrypted store (ZVH_DB_SLEUTEL) was
handled as a plain one, each now as it is for a plain store: an encrypted backup is a database that no
export overwrites (it has no SQLite header to tell), a restore lists the replaced store's log lines that the
backup lacks, and `zvh backup` copies a read-only encrypted store."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from tests.factories import add_persoon
from zvh_core.access import accounts, audit, exports
from zvh_core.access.systeem import as_system
from zvh_core.config.regio import load_regio
from zvh_core.config.settings import get_settings
from zvh_core.kernel.models import Persoon
from zvh_core.store import backups, open_read_only, open_store

pytest.importorskip("sqlcipher3")
pytestmark = pytest.mark.sqlite_only  # SQLCipher encrypts SQLite files

KEY = "een sleutel voor deze test"


@pytest.fixture
def url(tmp_path, monkeypatch) -> str:
    monkeypatch.setenv("ZVH_DB_SLEUTEL", KEY)
    monkeypatch.setenv("ZVH_BACKUP_DIR", str(tmp_path / "backups"))
    get_settings.cache_clear()
    url = f"sqlite:///{tmp_path / 'zvh.sqlite3'}"
    store = as_system(open_store(url))
    with store.write() as s:
        add_persoon(s, achternaam="Versleuteld", voornamen="Vera")
    store.dispose()
    yield url
    get_settings.cache_clear()


def test_an_encrypted_backup_is_a_database_that_no_export_overwrites(url, tmp_path):
    copy = backups.make_backup(url, tmp_path / "kopie.sqlite3")
    assert not copy.read_bytes().startswith(b"SQLite format 3"), "encrypted: no header to tell it by"
    with pytest.raises(exports.OutputRefused, match="is een database"):
        exports.check_target(copy, overwrite=True)
    report = tmp_path / "rapport.csv"
    report.write_text("gemeente;Totaal\n", encoding="utf-8")
    assert exports.check_target(report, overwrite=True) == report, "another file may still be replaced"
    empty = tmp_path / "leeg.xlsx"
    empty.touch()
    assert exports.check_target(empty, overwrite=True) == empty


def test_a_restore_of_an_encrypted_store_keeps_the_lost_log_lines_readable(url, tmp_path):
    copy = backups.make_backup(url, tmp_path / "vrijdag.sqlite3")
    store = as_system(open_store(url), "na de back-up")
    with store.write() as s:
        audit.record(s, audit.Handeling.GEWIJZIGD, object_type="melding", object_id=77)
    store.dispose()

    report = backups.restore_logged(url, copy, accounts.installation_actor())

    text = report.log_file.read_text(encoding="utf-8")
    assert report.lost_log_lines >= 1
    assert "kon niet worden gelezen" not in text, "the encrypted log is read with its key"
    assert "van na de back-up, die nu alleen nog daar staan:" in text and "melding 77" in text


def test_zvh_backup_copies_a_read_only_encrypted_store(url, tmp_path, monkeypatch):
    path = tmp_path / "zvh.sqlite3"
    path.chmod(0o400)
    before = hashlib.sha256(path.read_bytes()).digest()
    try:
        store = open_read_only(url)
        try:
            with store.read() as s:
                assert s.scalar(select(func.count()).select_from(Persoon)) == 1
        finally:
            store.dispose()
        monkeypatch.setenv("ZVH_DATABASE_URL", url)
        get_settings.cache_clear()
        load_regio.cache_clear()
        from tui.cli.main import app

        result = CliRunner().invoke(app, ["backup", str(tmp_path / "kopie.sqlite3")])
    finally:
        path.chmod(0o600)
    assert result.exit_code == 0, result.output
    assert "Back-up gemaakt en gecontroleerd" in result.output and "alleen-lezen" in result.output
    assert hashlib.sha256(path.read_bytes()).digest() == before
    copy = open_store(f"sqlite:///{tmp_path / 'kopie.sqlite3'}")
    try:
        with copy.read() as s:
            assert s.scalar(select(Persoon.achternaam)) == "Versleuteld"
    finally:
        copy.dispose()
