"""Start-up imports only what it uses (as Harlequin tests it): `zvh --help` loads no store, Textual, openpyxl,
Faker or Alembic; `zvh zoek` no Textual; the app up to its login screen no openpyxl, Faker or Alembic when
no migration is due. Each check runs a fresh interpreter and reads its ``sys.modules``. Also: the list of
commands `zvh --help` shows without loading them is each command's own, and the migration graph read from
the files is Alembic's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from db import migrate
from zvh_core.store import open_store

HEAVY = ("openpyxl", "faker", "alembic")
ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import gc, json, sys
{setup}
try:
    from tui.cli.launch import main  # the installed script's entry point
    sys.argv = {argv!r}
    main()
except SystemExit:
    pass
print("GC=" + json.dumps([gc.isenabled(), gc.get_freeze_count()]), file=sys.stderr)
loaded = sorted({{name.split(".")[0] for name in sys.modules}})
own = sorted(name for name in sys.modules if name.split(".")[0] in ("tui", "zvh_core", "db"))
print("MODULES=" + json.dumps(loaded + own), file=sys.stderr)
"""

UNTIL_LOGIN = """
import asyncio
import tui.app
from tui.screens.login import LoginScreen, FirstBeheerderScreen

def until_login(self):
    async def go():
        async with self.run_test(size=(120, 40)) as pilot:
            while not isinstance(self.screen, (LoginScreen, FirstBeheerderScreen)):
                await pilot.pause(0.01)
    asyncio.run(go())

tui.app.ZvhApp.run = until_login
"""


def probe(argv: list[str], env: dict[str, str], setup: str = "") -> tuple[set[str], list]:
    """The modules a fresh `zvh ARGV` loaded, and [collector on, objects frozen] when it ended."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(argv=argv, setup=setup)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    lines = result.stderr.splitlines()
    modules = [row for row in lines if row.startswith("MODULES=")]
    collector = [row for row in lines if row.startswith("GC=")]
    assert modules and collector, result.stderr
    return set(json.loads(modules[-1].removeprefix("MODULES="))), json.loads(collector[-1].removeprefix("GC="))


def loaded_modules(argv: list[str], env: dict[str, str], setup: str = "") -> set[str]:
    return probe(argv, env, setup)[0]


@pytest.fixture
def env(tmp_path, sqlite_url) -> dict[str, str]:
    open_store(sqlite_url).dispose()  # migrated here: no migration is due in the probe
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ZVH_")}
    return {**clean, "ZVH_DATABASE_URL": sqlite_url, "ZVH_BACKUP_DIR": str(tmp_path / "backups")}


def test_zvh_help_loads_no_store_no_textual_and_nothing_heavy(env):
    loaded = loaded_modules(["zvh", "--help"], env)
    assert "typer" in loaded
    assert not loaded & {*HEAVY, "textual", "sqlalchemy", "sqlmodel", "argon2"}, loaded


def test_zvh_zoek_loads_no_textual_and_nothing_heavy(env):
    loaded, (collecting, frozen) = probe(["zvh", "zoek", "Jansen"], env)
    # The collector rested while the modules were imported (tui/cli/launch.py) and works again for the command.
    assert collecting and frozen > 10_000, (collecting, frozen)
    assert "sqlalchemy" in loaded, "the probe did search"
    assert not loaded & {*HEAVY, "textual"}, loaded
    assert "zvh_core.config.regio" not in loaded, "a search needs no regio file (nor TOML)"


BEHIND_LOGIN = (
    "zvh_core.demo.fill",
    "tui.screens.home",
    "tui.screens.run",
    "tui.screens.agenda",
    "tui.screens.casus",
    "tui.screens.dossier",
    "tui.screens.lookup",
    "tui.screens.rapportage",
    "zvh_core.meetings.overleggen",
)
"""What the app loads only once someone is logged in (the screens and what they read), not for its login."""


def test_the_app_up_to_its_login_screen_loads_nothing_heavy(env):
    loaded, (collecting, frozen) = probe(["zvh"], env, setup=UNTIL_LOGIN)
    assert collecting and frozen > 10_000, "the app runs with the collector on, its imports frozen"
    assert "textual" in loaded, "the probe did start the app"
    assert "tui.screens.login" in loaded, "the probe reached the login screen"
    assert not loaded & set(HEAVY), loaded
    assert not loaded & set(BEHIND_LOGIN), sorted(loaded & set(BEHIND_LOGIN))


def test_the_help_lines_of_commands_not_yet_loaded_are_their_own():
    from tui.cli.main import COMMANDS, load_command

    for name, (_, _, line) in COMMANDS.items():
        command = load_command(name)
        assert (command.help or "").strip().splitlines()[0] == line, name


def test_the_migration_graph_read_from_the_files_is_alembics():
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    assert migrate.head_revision() == scripts.get_current_head()
    assert migrate.known_revisions() == {s.revision for s in scripts.walk_revisions()}
    for script in scripts.walk_revisions():
        downs = script.down_revision
        expected = tuple(downs) if isinstance(downs, tuple | list) else (downs,) if downs else ()
        assert migrate.revision_graph()[script.revision] == expected
