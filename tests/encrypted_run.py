"""A pytest plugin: the whole suite on encrypted (SQLCipher) stores, as a user with ZVH_DB_SLEUTEL has them.

    .venv/bin/python -m pytest -p tests.encrypted_run -n 2 -p no:cacheprovider

Every test then runs with ZVH_DB_SLEUTEL set (after tests/conftest.py's ``_no_real_store`` cleared the ZVH_
settings; and for the whole process, so that module-scoped fixtures make encrypted files too), so every store
a test opens or makes (``raw_store``'s template too: it is made, encrypted, by the first test of each
process), every CLI run and every backup is encrypted with the same key. A test that reads a store file
itself takes the key from ``tests.encrypted.run_key``. The ``sleutel`` fixture's plain case ("gewoon") is
skipped (its encrypted case runs), and so is a test marked ``plain_file`` (about the plain file itself).
Without SQLCipher installed the run stops at once.
"""

from __future__ import annotations

import os

import pytest

from zvh_core.config.settings import get_settings

KEY = "sleutel van de versleutelde testrun"


def pytest_configure(config) -> None:
    pytest.importorskip("sqlcipher3", reason="SQLCipher (sqlcipher3) is nodig voor de versleutelde testrun")
    os.environ["ZVH_DB_SLEUTEL"] = KEY


def pytest_report_header(config) -> str:
    return "ZVH stores: versleuteld (SQLCipher, tests/encrypted_run.py)"


def pytest_collection_modifyitems(config, items) -> None:
    plain = pytest.mark.skip(reason="over het onversleutelde bestand; deze run versleutelt elke database")
    twin = pytest.mark.skip(reason="het onversleutelde geval; het versleutelde geval van deze test draait")
    for item in items:
        if "plain_file" in item.keywords:
            item.add_marker(plain)
        elif getattr(item, "callspec", None) is not None and item.callspec.params.get("sleutel") == "gewoon":
            item.add_marker(twin)


@pytest.fixture(autouse=True)
def _encrypted_stores(_no_real_store, monkeypatch):
    monkeypatch.setenv("ZVH_DB_SLEUTEL", KEY)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
