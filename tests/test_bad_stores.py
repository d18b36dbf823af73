"""Stores that cannot be used (not a ZVH store, damaged, newer, read-only, a full disk): a clear Dutch
message from the CLI and at the app's start, and nothing overwritten or half-written."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, func, select, text
from sqlalchemy.exc import OperationalError
from typer.testing import CliRunner

from db.engine import apply_key
from db.errors import (
    CorruptStore,
    DiskFull,
    NewerSchema,
    NotAStore,
    ReadOnlyStore,
    StoreBusy,
    StoreUnavailable,
    WrongKey,
    translate,
)
from tests import encrypted
from tests.encrypted import connect
from tests.startup_helpers import STARTED, headless_start
from tui.cli.main import app as cli_app
from tui.workers import describe
from zvh_core.access.systeem import as_system
from zvh_core.config.regio import load_regio
from zvh_core.config.settings import get_settings
from zvh_core.imports.meldingen import import_meldingen
from zvh_core.kernel.models import Melding, Persoon
from zvh_core.store import StoreError, open_store

VALID_CSV = (
    "extern_id;bron;soort;datum;gemeente;achternaam;voornamen\n"
    + "\n".join(f"V-{i};politie;overlast;2026-10-0{1 + i % 9};Roermond;Persoon{i};Kim" for i in range(3000))
    + "\n"
)


sleutel = encrypted.sleutel  # every file test below runs on a plain and on an encrypted store


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def cli(monkeypatch, tmp_path):
    """Run `zvh …` against the store at a URL, as a user would (regio from the package)."""
    runner = CliRunner()

    def run(url: str, *args: str):
        monkeypatch.setenv("ZVH_DATABASE_URL", url)
        monkeypatch.setenv("ZVH_BACKUP_DIR", str(tmp_path / "backups"))
        get_settings.cache_clear()
        load_regio.cache_clear()
        try:
            return runner.invoke(cli_app, list(args))
        finally:
            get_settings.cache_clear()

    return run


@pytest.fixture
def no_tui(monkeypatch):
    """Starting the app stops before the terminal UI would run; returns whether it got that far."""
    started = []
    monkeypatch.setattr("tui.app.ZvhApp.run", lambda self: started.append(True))
    return started


def csv_file(tmp_path: Path, text_: str = VALID_CSV) -> Path:
    path = tmp_path / "meldingen.csv"
    path.write_text(text_, encoding="utf-8")
    return path


# --- not a ZVH store ---------------------------------------------------------------------------------
@pytest.mark.sqlite_only
def test_a_text_file_is_no_store_and_stays_as_it_is(tmp_path, cli, no_tui, sleutel):
    path = tmp_path / "notities.sqlite3"
    path.write_text("Boodschappen: melk, brood\n", encoding="utf-8")
    before = digest(path)
    # With a key the file's header cannot tell: the key does not open it.
    expected = "gaat niet open met de ingestelde sleutel" if sleutel else "geen ZVH-database"

    with pytest.raises(WrongKey if sleutel else NotAStore) as refused:
        open_store(f"sqlite:///{path}")
    assert expected in str(refused.value) and "niets aan veranderd" in str(refused.value)

    result = cli(f"sqlite:///{path}", "import", "meldingen", str(csv_file(tmp_path)))
    assert result.exit_code == 2 and expected in result.output
    result = cli(f"sqlite:///{path}")  # the app's start
    assert result.exit_code == 2 and expected in result.output
    assert no_tui == []
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("notities")) == ["notities.sqlite3"]


@pytest.mark.sqlite_only
def test_an_sqlite_file_of_another_program_is_not_migrated_nor_switched_to_wal(tmp_path, sleutel):
    path = tmp_path / "klanten.db"
    connection = connect(path, sleutel)
    connection.execute("CREATE TABLE klant (id INTEGER PRIMARY KEY, naam TEXT)")
    connection.execute("INSERT INTO klant (naam) VALUES ('Jansen')")
    connection.commit()
    connection.close()
    before = digest(path)

    with pytest.raises(NotAStore) as refused:
        open_store(f"sqlite:///{path}")

    assert "er staan andere tabellen in (klant)" in str(refused.value)
    assert digest(path) == before


def test_a_database_with_other_tables_is_not_migrated(store, db_url):
    """On PostgreSQL too: a schema that holds another program's tables is left alone."""
    with store.write() as session:
        session.execute(text("DROP TABLE alembic_version"))
    with pytest.raises(NotAStore):
        open_store(db_url)
    with store.read() as session:
        assert "alembic_version" not in {
            r[0]
            for r in session.execute(
                text(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                    if store.dialect == "postgresql"
                    else "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            )
        }


def test_a_store_of_a_newer_schema_is_refused_and_left_alone(store, db_url, cli, no_tui):
    with store.write() as session:
        session.execute(text("UPDATE alembic_version SET version_num = 'uit_de_toekomst'"))

    with pytest.raises(NewerSchema) as refused:
        open_store(db_url)

    message = str(refused.value)
    assert (
        "schemaversie 'uit_de_toekomst'" in message
        and "nieuwere versie" in message
        and "Werk ZVH Overleg bij" in message
    )
    result = cli(db_url)
    assert result.exit_code == 2 and "nieuwere versie" in result.output and no_tui == []
    with store.read() as session:
        assert session.scalar(text("SELECT version_num FROM alembic_version")) == "uit_de_toekomst"


# --- damaged ------------------------------------------------------------------------------------------
def _filled_store(path: Path) -> None:
    """A store with 3000 meldingen (encrypted when ZVH_DB_SLEUTEL is set)."""
    store = as_system(open_store(f"sqlite:///{path}"))
    import_meldingen(store, load_regio(), csv_file(path.parent), today=date(2026, 11, 26))
    store.dispose()


@pytest.mark.sqlite_only
def test_a_store_whose_schema_page_is_damaged_is_refused(tmp_path, cli, no_tui, sleutel):
    path = tmp_path / "zvh.sqlite3"
    _filled_store(path)
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\x5a" * (4096 - 100)  # page 1 after the header: the table of tables
    path.write_bytes(bytes(data))
    before = digest(path)

    # Encrypted, a damaged first page cannot be told from a wrong key: the message names both.
    with pytest.raises(WrongKey if sleutel else CorruptStore) as refused:
        open_store(f"sqlite:///{path}")
    assert "beschadigd" in str(refused.value) and "zvh herstel" in str(refused.value)
    result = cli(f"sqlite:///{path}")
    assert result.exit_code == 2 and "beschadigd" in result.output and no_tui == []
    assert digest(path) == before


@pytest.mark.sqlite_only
def test_damage_deeper_in_the_file_closes_the_app_before_anything_is_written(tmp_path, cli, monkeypatch, sleutel):
    path = tmp_path / "zvh.sqlite3"
    _filled_store(path)
    data = bytearray(path.read_bytes())
    middle = (len(data) // 4096 // 2) * 4096
    data[middle + 8 : middle + 4096] = bytes(range(256)) * 15 + bytes(range(256))[: 4096 - 8 - 256 * 15]
    path.write_bytes(bytes(data))
    STARTED.clear()
    monkeypatch.setattr("tui.app.ZvhApp.run", headless_start)

    result = cli(f"sqlite:///{path}")

    assert result.exit_code == 2, result.output
    # The page check at the start (issue 17), in the start's worker after the first screen, finds it before
    # the daily backup would; every write waits for it (tests/test_start_checks.py).
    assert "is beschadigd" in result.output and "zvh herstel" in result.output
    (app,) = STARTED
    assert app.fatal_error and "is beschadigd" in app.fatal_error
    assert not list((tmp_path / "backups").glob("*.sqlite3")), "a damaged copy is no backup"


# --- read-only ----------------------------------------------------------------------------------------
@pytest.mark.sqlite_only
def test_a_read_only_store_is_refused_before_anything_is_written(tmp_path, cli, no_tui, sleutel):
    path = tmp_path / "zvh.sqlite3"
    _filled_store(path)
    path.chmod(0o400)
    before = digest(path)
    try:
        with pytest.raises(ReadOnlyStore) as refused:
            open_store(f"sqlite:///{path}")
        assert "alleen-lezen" in str(refused.value) and "chmod u+w" in str(refused.value)
        result = cli(f"sqlite:///{path}", "import", "meldingen", str(csv_file(tmp_path)))
        assert result.exit_code == 2 and "alleen-lezen" in result.output
        assert cli(f"sqlite:///{path}").exit_code == 2 and no_tui == []
        assert digest(path) == before
    finally:
        path.chmod(0o600)


@pytest.mark.sqlite_only
def test_a_store_that_turns_read_only_while_open_refuses_the_change_in_dutch(tmp_path, regio, sleutel):
    store = as_system(open_store(f"sqlite:///{tmp_path / 'zvh.sqlite3'}"))

    @event.listens_for(store.engine, "connect")
    def read_only(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA query_only = ON")

    store.engine.dispose()
    try:
        with pytest.raises(ReadOnlyStore) as refused:
            import_meldingen(store, regio, csv_file(tmp_path), today=date(2026, 11, 26))
        assert "niets half opgeslagen" in str(refused.value)
    finally:
        store.dispose()


# --- a full disk ----------------------------------------------------------------------------------------
@contextmanager
def tiny_disk():
    """Meanwhile every new SQLite connection may grow its file by 3 pages only: SQLITE_FULL, as on a full
    disk. Yields the page counts it saw (so a test can tell it was in force)."""
    seen: list[int] = []

    def limit(dbapi_connection, _record):
        if key := os.environ.get("ZVH_DB_SLEUTEL"):  # this runs before the engine's own key: it needs it first
            apply_key(dbapi_connection, key)
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 3}")
        seen.append(pages)

    event.listen(Engine, "connect", limit)
    try:
        yield seen
    finally:
        event.remove(Engine, "connect", limit)


@pytest.mark.sqlite_only
def test_a_full_disk_during_an_import_stores_nothing_and_says_so(tmp_path, regio, cli, sleutel):
    url = f"sqlite:///{tmp_path / 'zvh.sqlite3'}"
    open_store(url).dispose()
    with tiny_disk() as limited:
        store = as_system(open_store(url))
        with pytest.raises(DiskFull) as refused:
            import_meldingen(store, regio, csv_file(tmp_path), today=date(2026, 11, 26))
        store.dispose()
        assert "De schijf is vol" in str(refused.value) and "niets half opgeslagen" in str(refused.value)
        result = cli(url, "import", "meldingen", str(csv_file(tmp_path)))
        assert result.exit_code == 2 and "De schijf is vol" in result.output
    assert limited, "the disk was never made small"

    store = as_system(open_store(url))
    try:
        with store.read() as session:
            assert session.scalar(select(func.count()).select_from(Melding)) == 0
            assert session.scalar(select(func.count()).select_from(Persoon)) == 0
            assert session.scalar(text("PRAGMA integrity_check")) == "ok"
        # With room again, the same file goes in whole.
        assert import_meldingen(store, regio, csv_file(tmp_path), today=date(2026, 11, 26)).ok
        with store.read() as session:
            assert session.scalar(select(func.count()).select_from(Melding)) == 3000
    finally:
        store.dispose()


# --- busy ---------------------------------------------------------------------------------------------
@contextmanager
def writer_holding_the_lock(path: Path, key: str | None, seconds: float):
    """Another program that holds the store's write lock for ``seconds`` (in a thread of its own)."""
    holding = threading.Event()

    def hold():
        connection = connect(path, key)
        try:
            connection.execute("BEGIN IMMEDIATE")
            holding.set()
            time.sleep(seconds)
            connection.rollback()
        finally:
            connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert holding.wait(10), "the other writer never got the lock"
        yield
    finally:
        thread.join()


SMALL_CSV = VALID_CSV.split("\n", 4)
SMALL_CSV = "\n".join(SMALL_CSV[:4]) + "\n"


@pytest.mark.sqlite_only
def test_a_write_waits_for_another_writer_and_then_saves(tmp_path, regio, sleutel):
    path = tmp_path / "zvh.sqlite3"
    store = as_system(open_store(f"sqlite:///{path}"))
    try:
        with writer_holding_the_lock(path, sleutel, 2.0):
            started = time.monotonic()
            result = import_meldingen(store, regio, csv_file(tmp_path, SMALL_CSV), today=date(2026, 11, 26))
            waited = time.monotonic() - started
        assert result.ok and waited >= 1.5, (result, waited)
        with store.read() as session:
            assert session.scalar(select(func.count()).select_from(Melding)) == 3
    finally:
        store.dispose()


@pytest.mark.sqlite_only
def test_a_write_that_waits_too_long_is_refused_in_dutch(tmp_path, regio, sleutel, monkeypatch):
    path = tmp_path / "zvh.sqlite3"
    store = as_system(open_store(f"sqlite:///{path}"))
    monkeypatch.setattr("db.engine.BUSY_TIMEOUT_MS", 200)
    try:
        with writer_holding_the_lock(path, sleutel, 1.5), pytest.raises(StoreBusy) as refused:
            import_meldingen(store, regio, csv_file(tmp_path, SMALL_CSV), today=date(2026, 11, 26))
        assert "te lang bezet" in str(refused.value) and "niets half opgeslagen" in str(refused.value)
    finally:
        store.dispose()


# --- messages -----------------------------------------------------------------------------------------
class _PgError(Exception):
    """Stands in for a psycopg error: the same module name and SQLSTATE."""

    __module__ = "psycopg.errors"

    def __init__(self, message: str, sqlstate: str | None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("sqlstate", "kind", "words"),
    [
        ("53100", DiskFull, "schijf van de databaseserver is vol"),
        ("25006", ReadOnlyStore, "alleen-lezen"),
        ("55P03", StoreBusy, "te lang bezet"),
        ("XX001", CorruptStore, "beschadigde gegevens"),
        ("57P01", StoreUnavailable, "niet bereikbaar"),
    ],
)
def test_postgres_store_problems_get_dutch_messages(sqlstate, kind, words):
    error = OperationalError("INSERT …", {}, _PgError("server says no", sqlstate))
    translated = translate(error, "postgresql://zvh@db/zvh")
    assert isinstance(translated, kind) and words in str(translated)


def test_a_rule_violation_is_not_a_store_problem():
    assert translate(OperationalError("x", {}, _PgError("duplicate key", "23505")), "db") is None
    assert translate(ValueError("x"), "db") is None


def test_the_app_shows_store_problems_as_a_message_not_as_a_crash():
    text_, user_error = describe(DiskFull("De schijf is vol (zvh.sqlite3)."))
    assert (text_, user_error) == ("De schijf is vol (zvh.sqlite3).", True)
    assert issubclass(DiskFull, StoreError)
