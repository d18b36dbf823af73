"""Shared fixtures: a fresh store per test, migrated to head.

By default the store is a temporary SQLite file. With ZVH_TEST_POSTGRES_URL set (a database the test role
may create schemas in) every test gets a fresh PostgreSQL schema instead, named in the URL it hands out
(``options=-csearch_path=…``), so the app, its subprocesses and its CLI all use that schema. Tests marked
``sqlite_only`` are about the SQLite file itself and are skipped there.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from zvh_core.regio import Regio, load_regio
from zvh_core.store import Store, open_store

POSTGRES_URL = os.environ.get("ZVH_TEST_POSTGRES_URL") or None


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "sqlite_only: about the SQLite file itself; skipped on PostgreSQL")


def pytest_report_header(config) -> str:
    return f"ZVH store: {'PostgreSQL ' + make_url(POSTGRES_URL).render_as_string() if POSTGRES_URL else 'SQLite'}"


def pytest_collection_modifyitems(config, items) -> None:
    if not POSTGRES_URL:
        return
    skip = pytest.mark.skip(reason="SQLite-specifiek; deze run gebruikt PostgreSQL")
    for item in items:
        if "sqlite_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def postgres_admin():
    engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


def schema_url(schema: str) -> str:
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture
def db_url(tmp_path: Path, request) -> str:
    if not POSTGRES_URL:
        yield f"sqlite:///{tmp_path / 'zvh.sqlite3'}"
        return
    admin = request.getfixturevalue("postgres_admin")
    schema = f"t_{uuid.uuid4().hex[:16]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield schema_url(schema)
    with admin.connect() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """An SQLite store whatever the run's database (for what only SQLite stores have: files, backups)."""
    return f"sqlite:///{tmp_path / 'zvh.sqlite3'}"


@pytest.fixture
def store(db_url: str) -> Store:
    store = open_store(db_url)
    yield store
    store.dispose()


@pytest.fixture
def regio() -> Regio:
    return load_regio()
