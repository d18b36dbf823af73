"""Shared fixtures: a fresh store per test, migrated to head.

By default the store is a temporary SQLite file. With ZVH_TEST_POSTGRES_URL set (a database the test role
may create schemas in) every test gets a fresh PostgreSQL schema instead, named in the URL it hands out
(``options=-csearch_path=…``), so the app, its subprocesses and its CLI all use that schema. Tests marked
``sqlite_only`` are about the SQLite file itself and are skipped there; ``sqlite_pass_only`` tests use no test
store at all (the wheel install, the benches' own small SQLite stores) and would only repeat themselves.

``store`` is bound to the system actor (zvh_core.access.systeem), which may do everything: tests of rules
and screens need not log in. Tests of access itself use ``raw_store`` and real accounts.

Speed without checking less: an SQLite ``raw_store`` is a copy of one store migrated once per test process
(migrations themselves are tested in test_migrations.py on empty stores), and passwords are hashed with the
lightest Argon2 parameters except in tests marked ``production_argon2``, which check the real ones.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy.engine import make_url

from tests.stores import POSTGRES_URL, drop, drop_all, fresh_url, migrated_store
from zvh_core.access import accounts
from zvh_core.access.systeem import as_system
from zvh_core.config.regio import Regio, load_regio
from zvh_core.store import Store


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "sqlite_only: about the SQLite file itself; skipped on PostgreSQL")
    config.addinivalue_line("markers", "production_argon2: hashes passwords with the real (costly) parameters")
    config.addinivalue_line(
        "markers", "sqlite_pass_only: uses no test store (its own SQLite files at most); run once, in the SQLite pass"
    )


def pytest_collection_finish(session) -> None:
    """Every test module is imported (Textual, SQLAlchemy, the app): keep what they made out of the garbage
    collector's sweeps for the rest of the run (gc.freeze, as tui/cli/launch.py does for `zvh`), so a sweep
    during a test walks only what tests made."""
    import gc

    gc.collect()
    gc.freeze()


def pytest_report_header(config) -> str:
    return f"ZVH store: {'PostgreSQL ' + make_url(POSTGRES_URL).render_as_string() if POSTGRES_URL else 'SQLite'}"


def pytest_collection_modifyitems(config, items) -> None:
    if not POSTGRES_URL:
        return
    skip = pytest.mark.skip(reason="SQLite-specifiek; deze run gebruikt PostgreSQL")
    once = pytest.mark.skip(reason="gebruikt geen teststore: draaide al in de SQLite-ronde")
    for item in items:
        if "sqlite_only" in item.keywords:
            item.add_marker(skip)
        elif "sqlite_pass_only" in item.keywords:
            item.add_marker(once)


@pytest.fixture(autouse=True)
def _no_real_store(tmp_path_factory, monkeypatch):
    """No test reads the developer's (or CI machine's) own store, backups or settings: every ZVH_ setting
    is cleared and the user's data folder points at an empty temporary one."""
    for name in [n for n in os.environ if n.startswith("ZVH_") and n != "ZVH_TEST_POSTGRES_URL"]:
        monkeypatch.delenv(name)
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))


@pytest.fixture(autouse=True)
def _cheap_argon2(request, monkeypatch):
    """A full-strength hash costs ~0.1 s and 64 MiB; hundreds of logins would make the suite minutes slower."""
    if "production_argon2" not in request.keywords:
        monkeypatch.setattr(accounts, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture(scope="session", autouse=True)
def _drop_test_schemas():
    yield
    drop_all()


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    url = fresh_url(tmp_path)
    yield url
    drop(url)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """An SQLite store whatever the run's database (for what only SQLite stores have: files, backups)."""
    return f"sqlite:///{tmp_path / 'zvh.sqlite3'}"


@pytest.fixture
def raw_store(db_url: str) -> Store:
    """The store as the CLI and TUI open it: bound to nobody, so every service refuses it."""
    store = migrated_store(db_url)
    yield store
    store.dispose()


@pytest.fixture
def store(raw_store: Store) -> Store:
    return as_system(raw_store, "test")


@pytest.fixture
def regio() -> Regio:
    return load_regio()
