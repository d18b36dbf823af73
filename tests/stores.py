"""New, empty stores for tests: an SQLite file, or on the PostgreSQL run (ZVH_TEST_POSTGRES_URL) a fresh
schema in the test database, named in the URL (``options=-csearch_path=…``) so that every engine, CLI
run and child process on that URL uses it."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

POSTGRES_URL = os.environ.get("ZVH_TEST_POSTGRES_URL") or None
_admin: Engine | None = None
_schemas: list[str] = []
_template: Path | None = None  # this process's SQLite store migrated to head, copied for each test


def _admin_engine() -> Engine:
    global _admin
    if _admin is None:
        _admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    return _admin


def fresh_url(folder: Path, name: str = "zvh") -> str:
    """The URL of a new, empty store: ``folder/name.sqlite3``, or a new PostgreSQL schema."""
    if not POSTGRES_URL:
        return f"sqlite:///{folder / f'{name}.sqlite3'}"
    schema = f"t_{uuid.uuid4().hex[:16]}"
    with _admin_engine().connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    _schemas.append(schema)
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def drop(url: str) -> None:
    """Remove the PostgreSQL schema behind ``url`` (SQLite files go with their temporary folder)."""
    options = make_url(url).query.get("options", "")
    schema = options.removeprefix("-csearch_path=") if isinstance(options, str) else ""
    if schema in _schemas:
        with _admin_engine().connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        _schemas.remove(schema)


def drop_all() -> None:
    for schema in list(_schemas):
        with _admin_engine().connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    _schemas.clear()
    if _admin is not None:
        _admin.dispose()


def migrated_store(url: str):
    """``open_store(url)``; a new SQLite file starts as a copy of a store migrated once per process, as
    migrating a fresh file through every migration costs ~0.4 s a test."""
    from zvh_core.store import open_store

    global _template
    target = Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None
    if target is not None and not target.exists():
        if _template is None:
            folder = tempfile.mkdtemp(prefix="zvh-template-")
            atexit.register(shutil.rmtree, folder, True)
            template = Path(folder) / "zvh.sqlite3"
            open_store(f"sqlite:///{template}").dispose()
            _template = template
        shutil.copy2(_template, target)  # keeps the 0600 mode open_store gave it
    return open_store(url)
