"""Encryption at rest: with ZVH_DB_SLEUTEL and SQLCipher the SQLite file is unreadable without the key."""

from __future__ import annotations

import sqlite3

import pytest

from db.engine import EncryptionUnavailable, make_engine
from db.errors import NotAStore, WrongKey
from zvh_core.access import accounts
from zvh_core.access.systeem import as_system
from zvh_core.config.settings import Settings
from zvh_core.store import open_store, store_file_warning

sqlcipher3 = pytest.importorskip("sqlcipher3")
pytestmark = pytest.mark.sqlite_only  # SQLCipher encrypts SQLite files


def test_an_encrypted_store_cannot_be_read_without_its_key(tmp_path, regio):
    path = tmp_path / "geheim.sqlite3"
    store = as_system(open_store(f"sqlite:///{path}", settings=Settings(db_sleutel="een 'lange' sleutel")))
    accounts.add_user(store, regio, "vera", "voorzitter", "correct-paard-batterij")
    store.dispose()
    assert b"SQLite format 3" not in path.read_bytes()[:16] and b"vera" not in path.read_bytes()
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT count(*) FROM gebruiker").fetchone()
    before = path.read_bytes()
    with pytest.raises(WrongKey, match="gaat niet open met de ingestelde sleutel"):
        open_store(f"sqlite:///{path}", settings=Settings(db_sleutel="verkeerd"))
    assert path.read_bytes() == before
    with pytest.raises(NotAStore, match="niet versleuteld"):  # a plain store with a key set
        plain = tmp_path / "gewoon.sqlite3"
        open_store(f"sqlite:///{plain}", settings=Settings(db_sleutel=None)).dispose()  # no key, whatever the run's
        open_store(f"sqlite:///{plain}", settings=Settings(db_sleutel="een sleutel"))
    again = as_system(open_store(f"sqlite:///{path}", settings=Settings(db_sleutel="een 'lange' sleutel")))
    with again.read() as s:
        assert [u.naam for u in accounts.list_users(s)] == ["vera"]
    again.dispose()


def test_a_key_without_sqlcipher_is_a_clear_error(tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_sqlcipher(name, *args, **kwargs):
        if name.startswith("sqlcipher3"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_sqlcipher)
    with pytest.raises(EncryptionUnavailable, match="sqlcipher3"):
        make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}", key="k")


def test_the_app_warns_when_the_store_file_is_readable_by_others(tmp_path):
    path = tmp_path / "zvh.sqlite3"
    store = open_store(f"sqlite:///{path}")
    assert store_file_warning(store) is None
    path.chmod(0o644)
    assert "chmod 600" in store_file_warning(store)
    store.dispose()
