"""`zvh backup`, the daily backup at the app's first start, and `zvh herstel`: consistent copies while the
store is in use, checked before they count, never replacing a file, and the replaced store always kept."""

from __future__ import annotations

import os
import signal
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from typer.testing import CliRunner

from db import backup as db_backup
from db import migrate
from db.backup import integrity_problems
from tests import encrypted
from tests.startup_helpers import STARTED, headless_start
from tests.workers import MEETING_DAY, bespreking_ids, fork_job, seed_meeting, writer
from tui.cli.main import app as cli_app
from zvh_core.access.systeem import as_system
from zvh_core.config.settings import Settings, get_settings
from zvh_core.kernel.models import Besluit, Bespreking
from zvh_core.meetings import bespreking
from zvh_core.store import StoreError, backups, open_store

pytestmark = pytest.mark.sqlite_only  # backups of PostgreSQL are pg_dump's; see test_postgres_gets_pg_dump_guidance

DAY = datetime(2026, 11, 26, 7, 30, tzinfo=UTC)
sleutel = encrypted.sleutel  # every test below runs on a plain and on an encrypted (SQLCipher) store


def key() -> str | None:
    """The store's key in this test (None: a plain store)."""
    return os.environ.get("ZVH_DB_SLEUTEL")


def connect(path: Path):
    return encrypted.connect(path, key())


@pytest.fixture
def url(tmp_path, sleutel) -> str:
    return f"sqlite:///{tmp_path / 'zvh.sqlite3'}"


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(backup_dir=tmp_path / "backups", backup_keep=14)


@pytest.fixture
def filled(url, regio):
    """A store with a meeting of 20 items, 5 decided."""
    store = as_system(open_store(url))
    overleg_id = seed_meeting(store, 20)
    for bespreking_id in bespreking_ids(store, overleg_id)[:5]:
        bespreking.set_besluit(store, regio, bespreking_id, "amw", "AMW")
    yield store
    store.dispose()


def decisions(path_or_store) -> int:
    if isinstance(path_or_store, Path):
        connection = connect(path_or_store)
        try:
            return connection.execute("SELECT count(*) FROM besluit").fetchone()[0]
        finally:
            connection.close()
    with path_or_store.read() as session:
        return session.scalar(select(func.count()).select_from(Besluit))


@pytest.fixture
def cli(monkeypatch, url, tmp_path):
    runner = CliRunner()
    monkeypatch.setenv("ZVH_DATABASE_URL", url)
    monkeypatch.setenv("ZVH_BACKUP_DIR", str(tmp_path / "backups"))
    get_settings.cache_clear()
    yield lambda *args: runner.invoke(cli_app, list(map(str, args)))
    get_settings.cache_clear()


# --- zvh backup -----------------------------------------------------------------------------------------
def test_backup_is_a_checked_private_self_contained_copy(filled, cli, tmp_path):
    result = cli("backup")

    assert result.exit_code == 0, result.output
    (made,) = (tmp_path / "backups").glob("zvh-*.sqlite3")
    assert result.output.strip() == f"Back-up gemaakt en gecontroleerd: {made}"
    assert made.stat().st_mode & 0o777 == 0o600
    assert integrity_problems(made, key=key()) == []
    assert decisions(made) == 5
    assert not Path(f"{made}-wal").exists()
    connection = connect(made)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    connection.close()
    # Beside it only the anchor of the access log (test_logketen.py); no temporary file is left.
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == sorted([made.name, "zvh.logketen"])
    if key():  # encrypted with the store's key: no SQLite header, no readable text
        assert not made.read_bytes().startswith(b"SQLite format 3") and b"AMW" not in made.read_bytes()


def test_backup_to_a_path_never_replaces_a_file(filled, cli, tmp_path):
    target = tmp_path / "kopie.sqlite3"
    assert cli("backup", target).exit_code == 0
    assert decisions(target) == 5
    before = target.read_bytes()

    again = cli("backup", target)

    assert again.exit_code == 2
    assert "bestaat al" in again.output and "niets overschreven" in again.output
    assert target.read_bytes() == before
    folder = tmp_path / "map"
    folder.mkdir()
    assert cli("backup", folder).exit_code == 0
    assert len(list(folder.glob("zvh-*.sqlite3"))) == 1


def test_backups_made_while_four_processes_write_are_consistent(filled, url, tmp_path):
    store = filled
    overleg_id = seed_meeting(store, 400, prefix="W", day=MEETING_DAY + timedelta(days=7))
    ids = bespreking_ids(store, overleg_id)
    children = [fork_job(writer(url, ids[w::4], [], contest_every=0), before_fork=store) for w in range(4)]
    made = []
    try:
        for child in children:
            child.wait_for("besloten")
        for n in range(6):
            made.append(backups.make_backup(url, tmp_path / f"tijdens-{n}.sqlite3"))
            time.sleep(0.1)
    finally:
        for child in children:
            child.wait()
    assert all(child.errors == [] for child in children)
    counts = []
    for copy in made:
        assert integrity_problems(copy, key=key()) == []
        connection = connect(copy)
        decided, bumped = connection.execute(
            "SELECT (SELECT count(*) FROM besluit b JOIN bespreking p ON p.id = b.bespreking_id WHERE p.overleg_id = ?),"
            " (SELECT count(*) FROM bespreking WHERE overleg_id = ? AND versie > 1)",
            (overleg_id, overleg_id),
        ).fetchone()
        connection.close()
        assert decided == bumped, "a decision and its version change are one transaction: both or neither"
        counts.append(decided)
    assert counts == sorted(counts) and len(set(counts)) > 1 and decisions(store) == 5 + 400


def test_postgres_gets_pg_dump_guidance_without_the_password(monkeypatch):
    monkeypatch.setenv("ZVH_DATABASE_URL", "postgresql+psycopg://zvh:geheim@db.example:5432/zvh")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli_app, ["backup"])
        restore = CliRunner().invoke(cli_app, ["herstel", "/tmp/x.dump"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2 and restore.exit_code == 2
    assert "pg_dump --format=custom" in result.output and "pg_restore" in result.output
    assert "postgresql://zvh@db.example:5432/zvh" in result.output
    assert "geheim" not in result.output + restore.output


# --- a backup that fails or is killed half-way --------------------------------------------------------------
def test_a_backup_that_fails_half_way_leaves_nothing_behind(filled, url, settings, monkeypatch):
    real_copy = db_backup._copy_pages

    def copy_then_disk_full(source, target, key=None):
        real_copy(source, target, key)
        assert target.stat().st_size > 0  # the copy was being written under its temporary name
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("db.backup._copy_pages", copy_then_disk_full)
    with pytest.raises(OSError, match="No space left"):
        backups.make_backup(url, settings=settings)
    assert list(settings.backup_dir.iterdir()) == [], "no temporary file, no file under the backup's name"


def _killed_half_way(url: str, settings: Settings, target: Path | None = None) -> Path:
    """A child process starts a backup into the backup folder (or to ``target``, as `zvh backup PAD` does) and is
    killed (SIGKILL) after its pages are copied, before the copy gets its name; the temporary file it leaves."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: a backup that stops after the copy, as if the power went off there
        try:
            os.close(read_end)
            real_copy = db_backup._copy_pages

            def copy_then_wait(source, target, key=None):
                real_copy(source, target, key)
                os.write(write_end, f"{target}\n".encode())
                time.sleep(60)

            db_backup._copy_pages = copy_then_wait
            backups.make_backup(url, target, settings=settings)
        finally:
            os._exit(1)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        temporary = Path(pipe.readline().strip())
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return temporary


def test_what_a_killed_backup_left_is_removed_at_the_next_start(filled, url, settings):
    folder = settings.backup_dir
    temporary = _killed_half_way(url, settings)
    assert temporary.parent == folder and temporary.name.startswith(".zvh-") and temporary.stat().st_size > 0
    assert not list(folder.glob("zvh-*.sqlite3")), "the killed run gave no file the backup's name"
    claim = folder / "zvh-dagelijks-2026-11-25-073000.sqlite3"
    claim.touch()  # a run killed between claiming the name and the rename: an empty file
    running = folder / f".zvh-2026-11-26-080000.sqlite3.{db_backup._HOST}-{os.getppid()}.tmp"
    running.write_bytes(b"still being written")  # a backup of a process that still runs is left alone

    made = backups.daily_backup(url, settings=settings, now=DAY)

    assert made is not None and decisions(made) == 5
    assert not temporary.exists() and not claim.exists()
    assert running.exists()
    assert sorted(p.name for p in folder.iterdir()) == sorted([made.name, running.name, "zvh.logketen"])


@pytest.mark.parametrize("pad", ["map", "bestand"])
@pytest.mark.parametrize("next_run", ["start", "back-up"])
def test_what_a_killed_backup_to_another_folder_left_is_removed_at_the_next_start_or_backup(
    filled, url, settings, tmp_path, pad, next_run
):
    elsewhere = tmp_path / "usb"
    elsewhere.mkdir()
    target = elsewhere if pad == "map" else elsewhere / "kopie.sqlite3"
    own = elsewhere / "eigen.txt"
    own.write_text("van de gebruiker", encoding="utf-8")
    alike = elsewhere / f".notities.txt.{db_backup._HOST}-999999.tmp"  # named like a leftover, but not ours
    alike.write_text("van een ander programma", encoding="utf-8")
    temporary = _killed_half_way(url, settings, target)
    assert temporary.parent == elsewhere and temporary.stat().st_size > 0
    (marker,) = settings.backup_dir.glob(".elders-*.tmp")
    assert str(temporary) in marker.read_text(encoding="utf-8")

    if next_run == "start":
        backups.daily_backup(url, settings=settings, now=DAY)
    else:
        backups.make_backup(url, elsewhere / "tweede.sqlite3", settings=settings, now=DAY)

    assert not temporary.exists(), "the killed run's copy is gone"
    assert not list(settings.backup_dir.glob(".elders-*")), "and its marker"
    assert own.read_text(encoding="utf-8") == "van de gebruiker" and alike.exists(), "nothing else is touched"
    left = sorted(p.name for p in elsewhere.iterdir())
    assert left == sorted(["eigen.txt", alike.name] + (["tweede.sqlite3"] if next_run == "back-up" else []))


def test_a_backup_elsewhere_that_still_runs_keeps_its_copy_and_a_finished_one_leaves_no_marker(
    filled, url, settings, tmp_path
):
    elsewhere = tmp_path / "usb"
    elsewhere.mkdir()
    made = backups.make_backup(url, elsewhere, settings=settings, now=DAY)
    assert made.parent == elsewhere and decisions(made) == 5
    assert not list(settings.backup_dir.glob(".elders-*")), "a finished backup removes its marker"
    running = elsewhere / f".zvh-2026-11-26-090000.sqlite3.{db_backup._HOST}-{os.getppid()}.tmp"
    running.write_bytes(b"still being written")
    marker = settings.backup_dir / f".elders-7.{db_backup._HOST}-{os.getppid()}.tmp"
    marker.write_text(f"{running}\n{elsewhere / 'zvh-2026-11-26-090000.sqlite3'}\n", encoding="utf-8")

    backups.daily_backup(url, settings=settings, now=DAY)

    assert running.exists() and marker.exists(), "the process that writes it still runs"


# --- the daily backup -----------------------------------------------------------------------------------------
def test_first_start_of_a_day_makes_one_backup_and_the_last_14_are_kept(filled, url, settings):
    made = backups.daily_backup(url, settings=settings, now=DAY)
    assert made is not None and made.name.startswith("zvh-dagelijks-2026-11-26-")
    assert backups.daily_backup(url, settings=settings, now=DAY + timedelta(hours=3)) is None

    for day in range(1, 20):
        backups.daily_backup(url, settings=settings, now=DAY + timedelta(days=day))

    kept = backups.daily_backups(Path(url.removeprefix("sqlite:///")), settings)
    assert len(kept) == 14
    assert kept[0].name.startswith("zvh-dagelijks-2026-12-02-") and kept[-1].name.startswith(
        "zvh-dagelijks-2026-12-15-"
    )
    manual = backups.make_backup(url, settings=settings, now=DAY)
    backups.daily_backup(url, settings=settings, now=DAY + timedelta(days=30))
    assert manual.exists(), "only daily backups are ever removed"


def test_daily_backups_can_be_switched_off_or_kept_fewer(filled, url, tmp_path):
    assert backups.daily_backup(url, settings=Settings(backup_dir=tmp_path / "b", backup_keep=0), now=DAY) is None
    assert not list((tmp_path / "b").glob("*.sqlite3")), "no backup (the day's anchor of the log is there)"
    few = Settings(backup_dir=tmp_path / "b", backup_keep=2)
    for day in range(5):
        backups.daily_backup(url, settings=few, now=DAY + timedelta(days=day))
    assert len(list((tmp_path / "b").glob("*.sqlite3"))) == 2


def test_the_app_makes_the_daily_backup_after_its_first_screen(filled, cli, tmp_path, monkeypatch):
    STARTED.clear()
    monkeypatch.setattr("tui.app.ZvhApp.run", headless_start)
    assert cli().exit_code == 0
    assert cli().exit_code == 0
    first, second = STARTED
    (made,) = (tmp_path / "backups").glob("zvh-dagelijks-*.sqlite3")
    assert first.notified[-1] == ("information", f"Dagelijkse back-up gemaakt en gecontroleerd: {made.name}")
    assert second.notified == [], "one backup a day: the second start has nothing to say"


def test_a_daily_backup_that_cannot_be_written_is_said_in_the_app_which_still_opens(filled, cli, monkeypatch):
    def disk_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    STARTED.clear()
    monkeypatch.setattr("zvh_core.store.backups.daily_backup", disk_full)
    monkeypatch.setattr("tui.app.ZvhApp.run", headless_start)
    result = cli()
    assert result.exit_code == 0, result.output
    (app,) = STARTED
    assert app.notified == [("warning", "Let op: de dagelijkse back-up is niet gemaakt (No space left on device).")]
    assert app.fatal_error is None


def test_a_schema_upgrade_backs_up_the_store_first(filled, url, settings, monkeypatch):
    stored = migrate.head_revision()
    monkeypatch.setattr("db.migrate.head_revision", lambda: "een_nieuwere")
    open_store(url, settings=settings).dispose()
    (copy,) = settings.backup_dir.glob(f"zvh-voor-upgrade-{stored}-*.sqlite3")
    assert decisions(copy) == 5


# --- zvh herstel -------------------------------------------------------------------------------------------------
def test_restore_puts_the_backup_back_and_keeps_the_replaced_store(filled, url, regio, cli, tmp_path):
    copy = tmp_path / "vrijdag.sqlite3"
    assert cli("backup", copy).exit_code == 0
    later = bespreking_ids(filled, 1)[10]
    bespreking.set_besluit(filled, regio, later, "amw", "Na de back-up")
    assert decisions(filled) == 6

    result = cli("herstel", copy)

    assert result.exit_code == 0, result.output
    (kept,) = (tmp_path / "backups").glob("zvh-voor-herstel-*.sqlite3")
    assert result.output.splitlines()[:2] == [
        f"Back-up gecontroleerd en teruggezet uit {copy}.",
        f"De vervangen database is bewaard als {kept}",
    ]
    assert result.output.splitlines()[2].startswith(f"Het herstel staat in het toegangslog en in {tmp_path}")
    assert decisions(kept) == 6, "the replaced store, with its later decision"
    assert decisions(filled) == 5, "a store open in another process sees the restored contents"
    with filled.read() as session:
        assert session.scalar(text("PRAGMA integrity_check")) == "ok"
        assert session.scalar(select(Bespreking.versie).where(Bespreking.id == later)) == 1
    bespreking.set_besluit(filled, regio, later, "amw", "Opnieuw")  # and it can be written again
    assert decisions(copy) == 5, "the backup itself is left as it was"


@pytest.mark.parametrize("problem", ["tekst", "beschadigd", "nieuwer", "leeg", "ontbreekt"])
def test_restore_refuses_a_copy_that_is_not_a_sound_zvh_store_and_changes_nothing(filled, url, cli, tmp_path, problem):
    copy = tmp_path / "kopie.sqlite3"
    if problem != "ontbreekt":
        assert cli("backup", copy).exit_code == 0
    if problem == "tekst":
        copy.write_text("geen database", encoding="utf-8")
    elif problem == "beschadigd":
        data = bytearray(copy.read_bytes())
        data[4096 * 2 + 8 : 4096 * 3] = b"\xff" * (4096 - 8)
        copy.write_bytes(bytes(data))
    elif problem == "nieuwer":
        connection = connect(copy)
        connection.execute("UPDATE alembic_version SET version_num = 'uit_de_toekomst'")
        connection.commit()
        connection.close()
    elif problem == "leeg":
        copy.write_bytes(b"")
    store_file = Path(url.removeprefix("sqlite:///"))
    before = decisions(filled)

    result = cli("herstel", copy)

    assert result.exit_code == 2, result.output
    expected = {
        "tekst": "gaat niet open met de ingestelde sleutel" if key() else "geen ZVH-database",
        "beschadigd": "beschadigd",
        "nieuwer": "nieuwere versie",
        "leeg": "is leeg",
        "ontbreekt": "Back-up niet gevonden",
    }[problem]
    assert expected in result.output
    assert decisions(filled) == before
    assert not list((tmp_path / "backups").glob("*voor-herstel*")), "nothing replaced, so nothing to keep"
    assert integrity_problems(store_file, key=key()) == []


def test_restore_over_a_damaged_store_keeps_the_damaged_file_as_it_was(url, tmp_path, settings, regio):
    store = as_system(open_store(url))
    seed_meeting(store, 10)
    store.dispose()
    copy = backups.make_backup(url, tmp_path / "goed.sqlite3")
    store_file = Path(url.removeprefix("sqlite:///"))
    data = bytearray(store_file.read_bytes())
    data[100:4096] = b"\x00\x01" * ((4096 - 100) // 2)
    store_file.write_bytes(bytes(data))
    with pytest.raises(StoreError):
        open_store(url)

    kept = backups.restore(url, copy, settings=settings, now=DAY)

    assert kept is not None and kept.read_bytes() == bytes(data)
    store = as_system(open_store(url))
    try:
        with store.read() as session:
            assert session.scalar(select(func.count()).select_from(Bespreking)) == 10
    finally:
        store.dispose()
    assert MEETING_DAY.year == 2026
