"""Accounts: Argon2id hashes, login with lockout, admin commands, and CLI identification (domain.md §6)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import extract_parameters
from argon2.low_level import Type
from typer.testing import CliRunner

from zvh_core.access import accounts, audit
from zvh_core.access.rights import AccessDenied
from zvh_core.config.settings import get_settings
from zvh_core.kernel.models import Gebruiker

PASSWORD = "correct-paard-batterij"


@pytest.mark.production_argon2
def test_passwords_are_argon2id_with_enough_memory_and_passes_and_never_stored_in_clear(store, regio, db_url):
    accounts.add_user(store, regio, "vera", "voorzitter", PASSWORD)
    with store.read() as s:
        user = s.exec(accounts.select(Gebruiker)).scalars().one()
    params = extract_parameters(user.wachtwoord_hash)
    assert params.type is Type.ID and params.memory_cost >= 19 * 1024 and params.time_cost >= 2
    if db_url.startswith("sqlite"):
        raw = Path(db_url.removeprefix("sqlite:///")).read_bytes()
        assert PASSWORD.encode() not in raw
    with store.read() as s:
        assert all(PASSWORD not in (e.details or "") for e in audit.entries_unchecked(s))


@pytest.mark.production_argon2
def test_the_production_hash_parameters_are_the_ones_the_readme_states():
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    hasher = accounts.HASHER
    assert (hasher.memory_cost, hasher.time_cost, hasher.type) == (64 * 1024, 3, Type.ID)
    assert "Argon2id-hash in de database (64 MiB, 3 rondes" in readme


def test_account_rules(store, regio):
    with pytest.raises(accounts.AccountError, match="minstens 12"):
        accounts.add_user(store, regio, "kort", "voorzitter", "kort")
    with pytest.raises(accounts.AccountError, match="Onbekende rol"):
        accounts.add_user(store, regio, "x", "systeem", PASSWORD)
    with pytest.raises(accounts.AccountError, match="organisatie"):
        accounts.add_user(store, regio, "p", "partner", PASSWORD)
    with pytest.raises(accounts.AccountError, match="Onbekende organisatie"):
        accounts.add_user(store, regio, "p", "partner", PASSWORD, "nergens")
    accounts.add_user(store, regio, "p", "partner", PASSWORD, "vt")
    with pytest.raises(accounts.AccountError, match="al een gebruiker"):
        accounts.add_user(store, regio, "P", "voorzitter", PASSWORD)


def test_login_five_wrong_passwords_lock_for_fifteen_minutes(raw_store, store, regio):
    accounts.add_user(store, regio, "vera", "voorzitter", PASSWORD)
    start = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    for _attempt in range(4):
        with pytest.raises(accounts.AccountError, match="onjuist wachtwoord"):
            accounts.login(raw_store, "vera", "fout", now=start)
    with pytest.raises(accounts.AccountError, match="15 minuten geblokkeerd"):
        accounts.login(raw_store, "vera", "fout", now=start)
    with pytest.raises(accounts.AccountError) as locked:
        accounts.login(raw_store, "vera", PASSWORD, now=start + timedelta(minutes=14))
    with pytest.raises(accounts.AccountError) as unknown:
        accounts.login(raw_store, "niemand", PASSWORD, now=start + timedelta(minutes=14))
    assert str(locked.value) == str(unknown.value) == accounts.LOGIN_FAILED, "the lock does not tell the name exists"
    actor = accounts.login(raw_store, "vera", PASSWORD, now=start + timedelta(minutes=16))
    assert actor.naam == "vera" and actor.rol == "voorzitter"
    with store.read() as s:
        acties = [e.actie for e in audit.entries_unchecked(s, gebruiker="vera")]
    assert acties.count("aanmelding_mislukt") == 6 and "account_geblokkeerd" in acties and acties[-1] == "aanmelding"


def test_unknown_names_and_disabled_accounts_fail_alike(raw_store, store, regio):
    accounts.add_user(store, regio, "vera", "voorzitter", PASSWORD)
    accounts.add_user(store, regio, "bea", "beheerder", PASSWORD)
    accounts.disable_user(store, "vera")
    for naam in ("vera", "niemand"):
        with pytest.raises(accounts.AccountError, match="Onbekende gebruiker of onjuist wachtwoord"):
            accounts.login(raw_store, naam, PASSWORD)
    with pytest.raises(accounts.AccountError, match="laatste actieve beheerder"):
        accounts.disable_user(store, "bea")
    accounts.enable_user(store, "vera")
    accounts.reset_password(store, "vera", "een-nieuw-wachtwoord")
    assert accounts.login(raw_store, "vera", "een-nieuw-wachtwoord").naam == "vera"


def test_first_beheerder_only_once_and_installation_binding_ends_then(raw_store, regio):
    installation = raw_store.as_user(accounts.installation_actor())
    accounts.add_user(installation, regio, "vera", "voorzitter", PASSWORD)  # fresh store: allowed
    actor = accounts.create_first_beheerder(raw_store, regio, "bea", PASSWORD)
    assert actor.rol == "beheerder"
    with pytest.raises(accounts.AccountError, match="al een beheerder"):
        accounts.create_first_beheerder(raw_store, regio, "bob", PASSWORD)
    with pytest.raises(AccessDenied, match="al een beheerder"):
        accounts.add_user(installation, regio, "bob", "voorzitter", PASSWORD)


# --- the command line -----------------------------------------------------------------------------------
@pytest.fixture
def cli(db_url, monkeypatch):
    monkeypatch.setenv("ZVH_DATABASE_URL", db_url)
    monkeypatch.delenv("ZVH_WACHTWOORD", raising=False)
    get_settings.cache_clear()
    from tui.cli.main import app

    runner = CliRunner()

    def run(*args, password=None, new=None, input=None):
        env = {}
        if password is not None:
            env["ZVH_WACHTWOORD"] = password
        if new is not None:
            env["ZVH_NIEUW_WACHTWOORD"] = new
        return runner.invoke(app, list(args), env=env, input=input)

    yield run
    get_settings.cache_clear()


def test_cli_fresh_store_then_every_command_needs_an_allowed_user(cli, tmp_path):
    first = cli("gebruiker", "toevoegen", "bea", "--rol", "beheerder", password=PASSWORD)
    assert first.exit_code == 0, first.output
    refused = cli("gebruiker", "lijst")
    assert refused.exit_code == 3 and "--gebruiker" in refused.output
    wrong = cli("--gebruiker", "bea", "gebruiker", "lijst", password="fout")
    assert wrong.exit_code == 3 and "onjuist wachtwoord" in wrong.output
    prompted = cli(
        "--gebruiker",
        "bea",
        "gebruiker",
        "toevoegen",
        "vt-jan",
        "--rol",
        "partner",
        "--organisatie",
        "vt",
        input=f"{PASSWORD}\nandere-wachtwoord-1\nandere-wachtwoord-1\n",
    )
    assert prompted.exit_code == 0, prompted.output
    listed = cli("--gebruiker", "bea", "gebruiker", "lijst", password=PASSWORD)
    assert listed.exit_code == 0 and "vt-jan" in listed.output and "ketenpartner (vt)" in listed.output
    # A partner account: refused by every command that shows more than its own meldingen.
    for args in (
        ["rapport", "ml-tabel-1"],
        ["inzage", "1", "--uitvoer", str(tmp_path / "i.md")],
        ["audit", "toon"],
        ["bewaartermijn"],
        ["gebruiker", "lijst"],
        ["demo"],
    ):
        result = cli("--gebruiker", "vt-jan", *args, password="andere-wachtwoord-1")
        assert result.exit_code == 3, (args, result.output)
        assert "Geen toegang" in result.output
    csv = tmp_path / "m.csv"
    csv.write_text("extern_id;bron;soort;datum;gemeente\nX-1;politie;overlast;2026-11-20;Roermond\n", encoding="utf-8")
    imported = cli("--gebruiker", "vt-jan", "import", "meldingen", str(csv), password="andere-wachtwoord-1")
    assert imported.exit_code == 3 and "Geen toegang" in imported.output, imported.output


def test_cli_demo_accounts_one_per_role(cli):
    result = cli("demo")
    assert result.exit_code == 0, result.output
    assert "demo-beheerder" in result.output and "alleen-voor-demo" in result.output
    listed = cli("--gebruiker", "demo-beheerder", "gebruiker", "lijst", password="alleen-voor-demo")
    for naam in ("demo-beheerder", "demo-voorzitter", "demo-regisseur", "demo-vt"):
        assert naam in listed.output


@pytest.mark.sqlite_only  # backups of PostgreSQL are pg_dump's
def test_cli_backup_needs_a_beheerder_and_is_logged(cli, store, regio, tmp_path):
    accounts.add_user(store, regio, "bea", "beheerder", PASSWORD)
    accounts.add_user(store, regio, "vera", "voorzitter", PASSWORD)
    refused = cli("--gebruiker", "vera", "backup", str(tmp_path / "b.sqlite3"), password=PASSWORD)
    assert refused.exit_code == 3 and "Geen toegang" in refused.output
    made = cli("--gebruiker", "bea", "backup", str(tmp_path / "b.sqlite3"), password=PASSWORD)
    assert made.exit_code == 0, made.output
    with store.read() as s:
        assert audit.entries_unchecked(s, gebruiker="bea")[-1].actie == "beheer"
