"""What differs on the municipality's workstations (Windows, macOS): the app starts without an OS zone
database, and the CLI follows the usual conventions."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _zvh(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *args], capture_output=True, text=True, env={**os.environ, **env}, timeout=60
    )


def test_without_an_os_zone_database_the_app_still_knows_amsterdam_time():
    # Windows Python has no zone files: tzdata (a dependency) must supply Europe/Amsterdam.
    result = subprocess.run(
        [sys.executable, "-c", "from zvh_core.kernel import clock; print(clock.LOCAL, clock.today())"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONTZPATH": "/nonexistent"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Europe/Amsterdam ")
    result = _zvh("--help", PYTHONTZPATH="/nonexistent")
    assert result.returncode == 0, result.stderr


# --- CLI conventions --------------------------------------------------------------------------------
def _cli(*args: str):
    from typer.testing import CliRunner

    from tui.cli.main import app

    return CliRunner().invoke(app, list(args), prog_name="zvh")


def test_version_and_short_help_options():
    for flag in ("--version", "-V"):
        result = _cli(flag)
        assert result.exit_code == 0 and result.output.startswith("ZVH Overleg ")
    result = _cli("-h")
    assert result.exit_code == 0
    assert result.output.startswith("Gebruik: zvh [OPTIES] OPDRACHT [ARGUMENTEN]...")
    assert "-h, --help            Toon deze hulp en stop." in result.output
    assert "Show this message" not in result.output and "Usage" not in result.output
    assert _cli("zoek", "-h").output.startswith("Gebruik: zvh zoek [OPTIES] ZOEKTEKST")


def test_the_command_list_never_cuts_a_help_text():
    shown = " ".join(_cli("--help").output.split())
    assert "Inzage (AVG artikel 15): alles over één persoon en wie het bekeek, in één bestand" in shown
    assert "..." not in shown.replace("[ARGUMENTEN]...", "")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("rapport", "--bogus"), "Fout: Onbekende optie: --bogus"),
        (("zoek",), "Fout: Ontbrekend argument 'ZOEKTEKST'."),
        (("zoek", "x", "--max", "abc"), "Fout: Ongeldige waarde voor '--max': verwacht een geheel getal"),
        (("zoek", "x", "--max", "0"), "Fout: Ongeldige waarde voor '--max': moet minstens 1 zijn"),
        (("raport",), "Fout: Onbekende opdracht 'raport'. Bedoelt u 'rapport'"),
    ],
)
def test_clicks_own_errors_are_dutch(args, expected):
    result = _cli(*args)
    assert result.exit_code == 2
    assert expected in result.output
    assert f"Typ 'zvh{' ' + args[0] if args[0] != 'raport' else ''} -h' voor hulp." in result.output
    assert "Error" not in result.output and "Try '" not in result.output


def test_shell_completion_is_offered():
    from typer.testing import CliRunner

    from tui.cli.main import app

    # What `zvh --install-completion` puts in the shell's start file runs this to get the script.
    result = CliRunner().invoke(app, [], prog_name="zvh", env={"_ZVH_COMPLETE": "source_bash"})
    assert result.exit_code == 0 and "_zvh_completion()" in result.output, result.output
    assert "--install-completion" in _cli("-h").output


def test_a_mistyped_store_path_is_refused_not_made(tmp_path, monkeypatch):
    from zvh_core.config.settings import get_settings

    missing = tmp_path / "tikfout" / "zvh.sqlite3"
    monkeypatch.setenv("ZVH_DATABASE_URL", f"sqlite:///{missing}")
    get_settings.cache_clear()
    try:
        for args in (("rapport", "ml-tabel-1"), ("zoek", "Jansen"), ("audit", "controleer"), ("gebruiker", "lijst")):
            result = _cli(*args)
            assert result.exit_code == 2, (args, result.output)
            assert f"De database {missing} bestaat niet." in result.output
            assert not missing.exists() and "Traceback" not in result.output
    finally:
        get_settings.cache_clear()


# --- the store's protection on Windows ----------------------------------------------------------------
def test_on_windows_the_store_must_lie_in_the_users_profile_and_no_mode_advice(tmp_path, monkeypatch):
    from zvh_core.store import open_store, store_file_warning

    profile = tmp_path / "Users" / "vera"
    inside = profile / "AppData" / "Local" / "zvh-overleg"
    inside.mkdir(parents=True)
    shared = tmp_path / "S-schijf"
    shared.mkdir()
    monkeypatch.setenv("USERPROFILE", str(profile))
    for folder, warned in ((inside, False), (shared, True)):
        store = open_store(f"sqlite:///{folder / 'zvh.sqlite3'}")
        try:
            (folder / "zvh.sqlite3").chmod(0o644)  # POSIX bits mean nothing on NTFS: never a chmod hint there
            warning = store_file_warning(store, system="nt")
        finally:
            store.dispose()
        assert (warning is not None) == warned
        if warning:
            assert "buiten uw gebruikersprofiel" in warning and "chmod 600" not in warning


# --- file systems without folder fsync or hard links; a wrong PostgreSQL password -----------------------
@pytest.mark.sqlite_only
def test_a_backup_works_where_folders_cannot_be_opened_and_hard_links_do_not_exist(tmp_path, monkeypatch):
    from db import backup as db_backup
    from tests.encrypted import run_key
    from zvh_core.store import open_store

    url = f"sqlite:///{tmp_path / 'zvh.sqlite3'}"
    open_store(url).dispose()
    real_open = os.open

    def windows_open(path, flags, *args, **kwargs):
        if os.path.isdir(path):
            raise PermissionError(13, "Permission denied", str(path))  # Windows: a folder is not a file
        return real_open(path, flags, *args, **kwargs)

    def no_links(*args, **kwargs):
        raise OSError(1, "Operation not permitted")  # FAT, exFAT, many SMB shares

    monkeypatch.setattr(db_backup.os, "open", windows_open)
    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "backups" / "kopie.sqlite3"
    target.parent.mkdir()
    db_backup.backup_sqlite(tmp_path / "zvh.sqlite3", target, key=run_key())
    assert db_backup.integrity_problems(target, key=run_key()) == []


def test_a_wrong_postgresql_password_is_said_as_such():
    from tests.stores import POSTGRES_URL
    from zvh_core.store import StoreError, open_store

    url = (
        POSTGRES_URL
        or os.environ.get("ZVH_TEST_POSTGRES_URL")
        or "postgresql+psycopg://zvh:zvh@127.0.0.1:5432/zvh_test"
    )
    from sqlalchemy.engine import make_url

    wrong = make_url(url).set(password="fout-wachtwoord").render_as_string(hide_password=False)
    try:
        open_store(wrong).dispose()
    except StoreError as error:
        if "niet bereikbaar" in str(error) and "password" not in str(error):
            pytest.skip(f"geen PostgreSQL-server hier: {error}")
        assert "weigert de aanmelding" in str(error) and "wachtwoord" in str(error)
        assert "fout-wachtwoord" not in str(error)
    else:
        pytest.skip("deze server vraagt geen wachtwoord (trust)")
