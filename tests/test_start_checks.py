"""What the app does at every start, after its first screen (tui.cli.store.daily_start, run by tui/app.py):
the page check, which holds every write until it passed (a damaged store is never written to, however fast
the user logs in), and the access log compared with its anchor outside the store (a cut or rewritten log
is said to the user, in Dutch, for the beheerder to act on). Started as `zvh` starts the app."""

from __future__ import annotations

import asyncio
import hashlib
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select
from typer.testing import CliRunner

from tests.encrypted import connect_store
from tests.factories import add_melding, add_persoon
from tests.startup_helpers import STARTED, headless_start
from tests.tui_helpers import workers_done
from tui.cli.main import app as cli_app
from tui.screens.home import HomeScreen
from tui.screens.login import LoginScreen
from zvh_core.access import accounts, audit, logketen
from zvh_core.access.systeem import as_system
from zvh_core.config.regio import load_regio
from zvh_core.config.settings import get_settings
from zvh_core.kernel.models import Toegangslog
from zvh_core.store import backups, open_store

PASSWORD = "correct-paard-batterij"


@pytest.fixture
def start(monkeypatch, tmp_path):
    """``start(url, scenario)``: `zvh` on the store at ``url``, the app driven by ``scenario(app, pilot)``."""

    def run(url: str, scenario=None):
        monkeypatch.setenv("ZVH_DATABASE_URL", url)
        monkeypatch.setenv("ZVH_BACKUP_DIR", str(tmp_path / "backups"))
        get_settings.cache_clear()
        if scenario is None:
            monkeypatch.setattr("tui.app.ZvhApp.run", headless_start)
        else:

            def drive(app) -> None:
                async def go() -> None:
                    async with app.run_test(size=(120, 40), notifications=True) as pilot:
                        await scenario(app, pilot)

                asyncio.run(go())
                STARTED.append(app)

            monkeypatch.setattr("tui.app.ZvhApp.run", drive)
        STARTED.clear()
        try:
            return CliRunner().invoke(cli_app, [])
        finally:
            get_settings.cache_clear()

    return run


@pytest.fixture
def held_check(monkeypatch):
    """The start's page check waits until the test sets the returned event (as a big store's check takes
    seconds), then runs for real."""
    from tui.cli import store as store_commands

    proceed = threading.Event()
    real = store_commands.check_pages

    def slow(store) -> None:
        assert proceed.wait(30), "the test never let the check go on"
        real(store)

    monkeypatch.setattr(store_commands, "check_pages", slow)
    return proceed


def log_count(path: Path) -> int:
    connection = connect_store(path)
    try:
        return connection.execute("SELECT count(*) FROM toegangslog").fetchone()[0]
    finally:
        connection.close()


async def wait_for(pilot, condition, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "waited in vain"
        await pilot.pause(0.02)


async def type_login(pilot, naam: str, wachtwoord: str) -> None:
    """Typed as a user does, without waiting for the workers (a login that waits for the check never ends)."""
    await pilot.press(*naam, "enter", *wachtwoord, "enter")


def account_store(path: Path, regio) -> None:
    store = as_system(open_store(f"sqlite:///{path}"))
    accounts.add_user(store, regio, "vera", "voorzitter", PASSWORD)
    accounts.add_user(store, regio, "bea", "beheerder", PASSWORD)
    store.dispose()


# --- the page check holds writes ---------------------------------------------------------------------
@pytest.mark.sqlite_only
def test_a_login_typed_during_the_page_check_waits_for_it_and_then_goes_through(start, held_check, tmp_path, regio):
    path = tmp_path / "zvh.sqlite3"
    account_store(path, regio)
    before = log_count(path)

    async def scenario(app, pilot) -> None:
        await wait_for(pilot, lambda: isinstance(app.screen, LoginScreen))
        await type_login(pilot, "vera", PASSWORD)
        await pilot.pause(0.5)
        assert isinstance(app.screen, LoginScreen), "the login waits for the page check"
        assert log_count(path) == before, "nothing is written while the pages are being checked"
        held_check.set()
        # Home shown: mounted and filled, not only switched to (the app ends when the scenario does; ending it
        # while the new screen still mounts made its on_mount find no table, once in a few hundred runs).
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and bool(app.screen.type_rows))
        await workers_done(app)

    result = start(f"sqlite:///{path}", scenario)

    assert result.exit_code == 0, result.output
    assert log_count(path) > before, "the login is logged once the check passed"


@pytest.mark.sqlite_only
def test_a_damaged_store_takes_nothing_from_a_login_typed_during_the_check_and_the_app_closes(
    start, held_check, tmp_path, regio
):
    path = tmp_path / "zvh.sqlite3"
    account_store(path, regio)
    store = as_system(open_store(f"sqlite:///{path}"))
    with store.write() as s:
        for n in range(400):
            add_melding(s, omschrijving="x" * 400, personen=[add_persoon(s, achternaam=f"Jansen{n}")])
    store.dispose()
    data = bytearray(path.read_bytes())
    middle = (len(data) // 4096 * 3 // 4) * 4096  # a page of meldingen, far from the accounts
    data[middle + 8 : middle + 4096] = bytes(range(256)) * 15 + bytes(range(256))[: 4096 - 8 - 256 * 15]
    path.write_bytes(bytes(data))
    before = hashlib.sha256(path.read_bytes()).digest()
    seen: dict[str, object] = {}

    async def scenario(app, pilot) -> None:
        await wait_for(pilot, lambda: isinstance(app.screen, LoginScreen))
        await type_login(pilot, "vera", PASSWORD)
        await pilot.pause(0.3)
        seen["login screen while checking"] = isinstance(app.screen, LoginScreen)
        held_check.set()
        await wait_for(pilot, lambda: not app.is_running)

    result = start(f"sqlite:///{path}", scenario)

    assert seen == {"login screen while checking": True}
    assert result.exit_code == 2, result.output
    assert "is beschadigd" in result.output and "zvh herstel" in result.output
    assert hashlib.sha256(path.read_bytes()).digest() == before, "not one byte written to the damaged store"
    assert not list((tmp_path / "backups").glob("*.sqlite3")), "a damaged store gets no backup"


def test_a_write_gate_that_was_refused_refuses_every_write_with_the_checks_message(store):
    from db.errors import CorruptStore

    store.write_gate.hold()
    waiting: list[BaseException] = []

    def write() -> None:
        try:
            with store.write():
                pass
        except BaseException as error:
            waiting.append(error)

    thread = threading.Thread(target=write)
    thread.start()
    thread.join(0.2)
    assert thread.is_alive(), "a write waits while the gate is held"
    store.write_gate.refuse(CorruptStore("De database is beschadigd."))
    thread.join(5)
    assert [str(e) for e in waiting] == ["De database is beschadigd."]
    with pytest.raises(CorruptStore), as_system(store, "ander").write():  # every handle shares the gate
        pass


# --- a cut access log is said at the start ---------------------------------------------------------
def fill_log(store, n: int) -> None:
    with store.write() as s:
        for number in range(n):
            audit.record(s, audit.Handeling.GEWIJZIGD, object_type="melding", object_id=number)


def anchor_now(store, url: str) -> None:
    """As the day's first start or a sound `zvh audit controleer` does: the head noted in zvh.logketen."""
    with store.read() as s:
        assert logketen.record(logketen.session_chain(s), backups.anchor_file(url), logketen.CHECK).ok


def test_a_log_cut_after_its_anchor_is_said_at_every_start_of_the_app(store, db_url, start, monkeypatch, tmp_path):
    monkeypatch.setenv("ZVH_BACKUP_DIR", str(tmp_path / "backups"))
    get_settings.cache_clear()
    fill_log(store, 30)
    anchor_now(store, db_url)
    with store.read() as s:
        top = s.scalar(select(func.max(Toegangslog.id)))
    with store.write() as s:
        s.execute(delete(Toegangslog).where(Toegangslog.id > top - 10))

    for _ in range(2):  # not once a day: until the log holds again
        result = start(db_url)
        assert result.exit_code == 0, result.output
        (app,) = STARTED
        errors = [text for severity, text in app.notified if severity == "error"]
        assert len(errors) == 1, app.notified
        (said,) = errors
        assert said.startswith("Toegangslog INGEKORT: bij de controle van")
        assert f"liep het log tot regel {top}, nu eindigt het bij regel {top - 10}" in said
        assert "Meld dit direct aan de beheerder" in said and "zvh herstel PAD" in said
        assert str(backups.anchor_file(db_url)) in said, "the beheerder is told which file is the evidence"
    (anchor,) = logketen.read_anchors(backups.anchor_file(db_url))[0]
    assert anchor.id == top, "the starts never wrote the cut head over the evidence"


def test_a_rewritten_log_is_said_at_the_start_and_a_sound_one_is_not(store, db_url, start, monkeypatch, tmp_path):
    monkeypatch.setenv("ZVH_BACKUP_DIR", str(tmp_path / "backups"))
    get_settings.cache_clear()
    fill_log(store, 12)
    anchor_now(store, db_url)
    result = start(db_url)
    assert result.exit_code == 0
    assert [n for n in STARTED[0].notified if n[0] == "error"] == [], "a sound log: nothing to say"

    with store.write() as s:
        rows = list(s.exec(select(Toegangslog).where(Toegangslog.id >= 5).order_by(Toegangslog.id)).scalars())
        previous = s.scalar(select(Toegangslog.hash).where(Toegangslog.id == 4))
        for row in rows:
            if row.id == 5:
                row.actie = "niets"
            row.prev_hash = previous
            row.hash = audit.entry_hash(row)
            previous = row.hash
            s.add(row)
            s.flush()
    result = start(db_url)

    assert result.exit_code == 0
    (said,) = [text for severity, text in STARTED[0].notified if severity == "error"]
    assert said.startswith("Toegangslog HERSCHREVEN: regel") and "beheerder" in said


def test_the_cut_log_message_is_shown_on_the_login_screen(store, db_url, start, monkeypatch, tmp_path):
    """Pilot: the user sees it on the screen (the toast), not only in the app's list of notifications."""
    from tests.tui_helpers import screen_text

    monkeypatch.setenv("ZVH_BACKUP_DIR", str(tmp_path / "backups"))
    get_settings.cache_clear()
    accounts.add_user(store, load_regio(), "bea", "beheerder", PASSWORD)
    fill_log(store, 20)
    anchor_now(store, db_url)
    with store.write() as s:
        s.execute(delete(Toegangslog).where(Toegangslog.id > 15))
    shown: list[str] = []

    async def scenario(app, pilot) -> None:
        await wait_for(pilot, lambda: not app.backup_running and app.daily_backup is None)
        await pilot.pause(0.1)
        shown.append(" ".join(screen_text(app).split()))

    assert start(db_url, scenario).exit_code == 0
    assert "Toegangslog INGEKORT" in shown[0] and "Meld dit direct aan de beheerder" in shown[0]


def test_an_anchor_that_does_not_hold_its_key_is_a_warning_not_a_cut_log(store, db_url, start, monkeypatch, tmp_path):
    """A beheerder who sets ZVH_LOG_SLEUTEL for the first time: the anchors written without it do not count;
    the start says so, without telling the users that someone changed the store."""
    monkeypatch.setenv("ZVH_BACKUP_DIR", str(tmp_path / "backups"))
    get_settings.cache_clear()
    fill_log(store, 5)
    anchor_now(store, db_url)
    monkeypatch.setenv("ZVH_LOG_SLEUTEL", "de nieuwe sleutel van de beheerder")

    result = start(db_url)

    assert result.exit_code == 0, result.output
    notified = STARTED[0].notified
    assert [n for n in notified if n[0] == "error"] == [], notified
    (said,) = [text for severity, text in notified if severity == "warning"]
    assert "klopt niet met ZVH_LOG_SLEUTEL" in said and "Beheerder: controleer ZVH_LOG_SLEUTEL" in said
