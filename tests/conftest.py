"""Shared fixtures: a fresh store per test (a temporary SQLite file, migrated to head).

``store`` is bound to the system actor (zvh_core.systeem), which may do everything: tests of rules
and screens need not log in. Tests of access itself use ``raw_store`` and real accounts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from zvh_core.regio import Regio, load_regio
from zvh_core.store import Store, open_store
from zvh_core.systeem import as_system


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'zvh.sqlite3'}"


@pytest.fixture
def raw_store(db_url: str) -> Store:
    """The store as the CLI and TUI open it: bound to nobody, so every service refuses it."""
    store = open_store(db_url)
    yield store
    store.dispose()


@pytest.fixture
def store(raw_store: Store) -> Store:
    return as_system(raw_store, "test")


@pytest.fixture
def regio() -> Regio:
    return load_regio()
