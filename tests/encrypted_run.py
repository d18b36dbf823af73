"""A pytest plugin: the whole suite on encrypted (SQLCipher) stores, as a user with ZVH_DB_SLEUTEL has them.

    .venv/bin/python -m pytest -p tests.encrypted_run -n 2 -p no:cacheprovider

Every test then runs with ZVH_DB_SLEUTEL set (after tests/conftest.py's ``_no_real_store`` cleared the ZVH_
settings), so every store a test opens or makes (``raw_store``'s template too: it is made, encrypted, by the
first test of each process), every CLI run and every backup is encrypted with the same key. Tests that are
about the plain file itself (the ``sleutel`` fixture's "gewoon" case, or files read with ``sqlite3``) are
skipped where they say so with the ``plain_file`` marker. Without SQLCipher installed the run stops at once.
"""

from __future__ import annotations

import pytest

from zvh_core.config.settings import get_settings

KEY = "sleutel van de versleutelde testrun"


def pytest_configure(config) -> None:
    pytest.importorskip("sqlcipher3", reason="SQLCipher (sqlcipher3) is nodig voor de versleutelde testrun")
    config.addinivalue_line("markers", "plain_file: reads the store file without a key; skipped on encrypted runs")


def pytest_report_header(config) -> str:
    return "ZVH stores: versleuteld (SQLCipher, tests/encrypted_run.py)"


def pytest_collection_modifyitems(config, items) -> None:
    skip = pytest.mark.skip(reason="leest het bestand zonder sleutel; deze run versleutelt elke database")
    for item in items:
        if "plain_file" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _encrypted_stores(_no_real_store, monkeypatch):
    monkeypatch.setenv("ZVH_DB_SLEUTEL", KEY)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
