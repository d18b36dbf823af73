"""Shared fixtures: a fresh store per test (a temporary SQLite file, migrated to head)."""

from __future__ import annotations

from pathlib import Path

import pytest

from zvh_core.regio import Regio, load_regio
from zvh_core.store import Store, open_store


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'zvh.sqlite3'}"


@pytest.fixture
def store(db_url: str) -> Store:
    store = open_store(db_url)
    yield store
    store.dispose()


@pytest.fixture
def regio() -> Regio:
    return load_regio()
