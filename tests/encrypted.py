"""Running the store's file tests on a plain and on an encrypted (SQLCipher) SQLite store.

``sleutel`` is a parametrised fixture: once without a key, once with ZVH_DB_SLEUTEL set (skipped when the
sqlcipher3 package is missing), so every ``open_store()``, CLI run and daily backup in the test works on an
encrypted store exactly as a user with a key would. ``connect`` opens the file itself, with the key when
there is one (sqlite3 cannot read an encrypted file).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from db.engine import connect_file
from zvh_core.config.settings import get_settings

KEY = "x'5a56482d4f7665726c65672d746573742d736c657574656c0000000000000000'"
"""A raw key (x'…', 64 hex digits), which SQLCipher uses as it is: a passphrase costs a key derivation
(PBKDF2, 75 ms) per connection, and the 31 encrypted tests took 60 s of processor time with one, 27 s with
this. Its quotes still go through the escaping of PRAGMA key; passphrases (with quotes) are tested in
test_encryption.py and test_encrypted_files.py, and `make test-versleuteld` runs the whole suite with one."""


@pytest.fixture(params=["gewoon", "versleuteld"])
def sleutel(request, monkeypatch) -> str | None:
    """None for a plain store; the key (also in ZVH_DB_SLEUTEL) for an encrypted one."""
    key = None
    if request.param == "versleuteld":
        pytest.importorskip("sqlcipher3")
        key = KEY
        monkeypatch.setenv("ZVH_DB_SLEUTEL", key)
    get_settings.cache_clear()
    yield key
    get_settings.cache_clear()


def connect(path: Path, key: str | None) -> Any:
    """A DB-API connection to the SQLite file ``path`` (encrypted with ``key`` when given)."""
    return connect_file(path, key, isolation_level="DEFERRED")


def run_key() -> str | None:
    """The key the stores of this test are encrypted with: ZVH_DB_SLEUTEL (the ``sleutel`` fixture, or the
    whole suite on encrypted stores: tests/encrypted_run.py), None for plain stores."""
    return get_settings().db_sleutel or None


def connect_store(path: Path) -> Any:
    """A DB-API connection to a store file of this test, plain or encrypted as the test's stores are."""
    return connect(path, run_key())
