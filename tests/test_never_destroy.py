"""Issue 17, "never destroy, never hide": each attack of the security test reproduced through the CLI, as
the tester ran it, and refused. Runs on SQLite and (ZVH_TEST_POSTGRES_URL) PostgreSQL; tests about the
SQLite file itself are marked ``sqlite_only``."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import func, select
from typer.testing import CliRunner

from db.backup import integrity_problems
from tests.encrypted import connect_store, run_key
from tests.factories import add_melding, add_persoon
from tui.cli.main import app
from zvh_core.config.regio import load_regio
from zvh_core.config.settings import get_settings
from zvh_core.kernel import clock
from zvh_core.kernel.models import Melding
from zvh_core.store import StoreError


@pytest.fixture
def cli(db_url, store, monkeypatch, tmp_path):
    """`zvh …` on the test store (no beheerder yet: the installation runs it), backups in tmp/backups."""
    monkeypatch.setenv("ZVH_DATABASE_URL", db_url)
    monkeypatch.setenv("ZVH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ZVH_BACKUP_DIR", str(tmp_path / "backups"))
    monkeypatch.setattr(clock, "today", lambda: date(2026, 11, 26))
    get_settings.cache_clear()
    load_regio.cache_clear()
    runner = CliRunner()
    yield lambda *args: runner.invoke(app, [str(a) for a in args])
    get_settings.cache_clear()
    load_regio.cache_clear()


@pytest.fixture
def person(store) -> int:
    with store.write() as s:
        p = add_persoon(s, achternaam="Inzage", voornamen="Ida")
        add_melding(s, datum=date(2026, 11, 2), personen=[p])
    return p.id


def store_file(db_url: str) -> Path:
    return Path(db_url.removeprefix("sqlite:///"))


# --- 1. --uitvoer never destroys a file ---------------------------------------------------------------
@pytest.mark.sqlite_only
@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
@pytest.mark.parametrize("overschrijven", [False, True])
def test_inzage_never_writes_over_the_store_or_its_side_files(cli, db_url, person, suffix, overschrijven):
    target = Path(f"{store_file(db_url)}{suffix}")
    before = target.read_bytes() if target.exists() else None
    result = cli("inzage", person, "--uitvoer", target, *(["--overschrijven"] if overschrijven else []))
    assert result.exit_code == 1, result.output
    assert "de database zelf" in result.output and "Traceback" not in result.output
    if suffix in ("", "-journal"):  # SQLite itself changes the -wal and -shm files
        assert (target.read_bytes() if target.exists() else None) == before
    assert cli("zoek", "Inzage").exit_code == 0  # the store still opens and holds the person


@pytest.mark.sqlite_only
def test_a_link_to_the_store_is_refused_too(cli, db_url, person, tmp_path):
    soft = tmp_path / "soft.md"
    soft.symlink_to(store_file(db_url))
    hard = tmp_path / "hard.md"
    os.link(store_file(db_url), hard)
    for target in (soft, hard):
        result = cli("inzage", person, "--uitvoer", target, "--overschrijven")
        assert result.exit_code == 1 and "de database zelf" in result.output, result.output
    assert integrity_problems(store_file(db_url), key=run_key()) == [], "the store is left as it was"


@pytest.mark.sqlite_only
def test_rapport_never_writes_over_a_backup(cli, tmp_path):
    made = cli("backup")
    assert made.exit_code == 0, made.output
    (backup,) = (tmp_path / "backups").glob("*.sqlite3")
    before = backup.read_bytes()
    for extra in ([], ["--overschrijven"]):
        result = cli("rapport", "ml-tabel-1", "--formaat", "xlsx", "--uitvoer", backup, *extra)
        assert result.exit_code == 1 and "back-upmap" in result.output, result.output
    new_in_backups = cli("rapport", "ml-tabel-1", "--formaat", "csv", "--uitvoer", tmp_path / "backups" / "r.csv")
    assert new_in_backups.exit_code == 1 and not (tmp_path / "backups" / "r.csv").exists()
    # a backup made elsewhere (zvh backup PAD) is a database: never overwritten either
    elsewhere = tmp_path / "kopie.sqlite3"
    assert cli("backup", elsewhere).exit_code == 0
    result = cli("rapport", "ml-tabel-1", "--formaat", "xlsx", "--uitvoer", elsewhere, "--overschrijven")
    assert result.exit_code == 1 and "database" in result.output
    assert backup.read_bytes() == before and integrity_problems(elsewhere, key=run_key()) == []


def test_an_existing_file_is_only_replaced_with_overschrijven(cli, person, tmp_path):
    target = tmp_path / "bestaand.md"
    target.write_text("brief aan de rechter\n", encoding="utf-8")
    refused = cli("inzage", person, "--uitvoer", target)
    assert refused.exit_code == 1 and "bestaat al" in refused.output and "--overschrijven" in refused.output
    assert target.read_text(encoding="utf-8") == "brief aan de rechter\n"
    report = cli("rapport", "ml-tabel-1", "--formaat", "csv", "--uitvoer", target)
    assert report.exit_code == 1 and target.read_text(encoding="utf-8") == "brief aan de rechter\n"
    replaced = cli("inzage", person, "--uitvoer", target, "--overschrijven")
    assert replaced.exit_code == 0, replaced.output
    assert "Ida Inzage" in target.read_text(encoding="utf-8") and target.stat().st_mode & 0o777 == 0o600
    folder = cli("inzage", person, "--uitvoer", tmp_path, "--overschrijven")
    assert folder.exit_code == 1 and "is een map" in folder.output


def test_reports_without_uitvoer_take_a_free_name_in_the_export_folder(cli, tmp_path):
    first = cli("rapport", "ml-tabel-1", "--formaat", "xlsx")
    second = cli("rapport", "ml-tabel-1", "--formaat", "xlsx")
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    names = sorted(p.name for p in (tmp_path / "data" / "exports").iterdir())
    assert len(names) == 2 and any(name.endswith("-2.xlsx") for name in names), names


def test_folders_made_for_uitvoer_are_private_whatever_the_umask(cli, person, tmp_path):
    old = os.umask(0)
    try:
        result = cli("inzage", person, "--uitvoer", tmp_path / "a" / "b" / "inzage.md")
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    for folder in (tmp_path / "a", tmp_path / "a" / "b"):
        assert folder.stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "a" / "b" / "inzage.md").stat().st_mode & 0o777 == 0o600


# --- 2. a partner's `p` writes only its own list ------------------------------------------------------
def test_a_partners_lists_never_touch_other_partners_files(raw_store, store, regio, tmp_path):
    from tests.meeting_helpers import MONDAY, item_of, open_type
    from zvh_core.access.rights import Actor
    from zvh_core.meetings import bespreking, overleggen
    from zvh_core.meetings.besluitenlijst import build_besluitenlijst, export_per_partner

    with store.write() as s:
        meldingen = [add_melding(s, extern_id=f"NAAR-{p.upper()}-{n}") for p in ("amw", "cjg") for n in range(3)]
    overleg_id = open_type(store, regio, "routeertafel", MONDAY)
    for m in meldingen:
        route = "amw" if "AMW" in m.extern_id else "cjg"
        bespreking.set_besluit(store, regio, item_of(store, regio, overleg_id, m.id).bespreking_id, route, "")
    overleggen.close_overleg(store, overleg_id)
    with store.read() as s:
        chair_paths = export_per_partner(store, build_besluitenlijst(s, regio, overleg_id), regio, tmp_path / "x")
    chair_files = {p: p.read_text(encoding="utf-8") for p in chair_paths}
    assert sum("NAAR-AMW" in text for text in chair_files.values()) == 1

    vt = raw_store.as_user(Actor("vt-els", "partner", organisatie="vt"))
    with vt.read() as s:
        partner_paths = export_per_partner(vt, build_besluitenlijst(s, regio, overleg_id), regio, tmp_path / "x")
    assert [p.name for p in partner_paths] == ["besluitenlijst-routeertafel-2026-11-23-vt-2.md"]
    assert {p: p.read_text(encoding="utf-8") for p in chair_paths} == chair_files, "the chair's files untouched"
    assert sorted((tmp_path / "x").iterdir()) == sorted([*chair_paths, *partner_paths])


# --- 3. a changed melding under a stored extern_id is an error ---------------------------------------
def test_reimport_of_a_changed_melding_fails_with_the_row_and_stores_nothing(cli, tmp_path):
    header = "extern_id;bron;soort;datum;gemeente;achternaam;omschrijving"
    first = tmp_path / "a.csv"
    first.write_text(f"{header}\nP-9;politie;overlast;2026-11-02;Roermond;Berg;Burenruzie\n", encoding="utf-8")
    assert cli("import", "meldingen", first).exit_code == 0
    same = cli("import", "meldingen", first)
    assert same.exit_code == 0 and "1 al aanwezig" in same.output
    changed = tmp_path / "b.csv"
    changed.write_text(
        f"{header}\nP-10;politie;overlast;2026-11-03;Weert;Smit;Nieuw\nP-9;politie;overlast;2026-11-02;Roermond;Berg;"
        "Huiselijk geweld\n",
        encoding="utf-8",
    )
    result = cli("import", "meldingen", changed)
    assert result.exit_code == 1, result.output
    assert "regel 3: extern_id 'P-9' (bron 'politie') bestaat al met andere gegevens (omschrijving" in result.output
    assert "Niets opgeslagen" in result.output
    assert "Niemand gevonden" in cli("zoek", "Smit").output


# --- 4. a restore is logged, and the replaced log stays readable --------------------------------------
@pytest.mark.sqlite_only
def test_herstel_is_logged_in_the_restored_store_and_beside_the_backups(cli, db_url, store, person, tmp_path):
    copy = tmp_path / "vrijdag.sqlite3"
    assert cli("backup", copy).exit_code == 0
    seen = cli("zoek", "Inzage")  # after the backup: a view that the restore takes out of the store
    assert seen.exit_code == 0

    result = cli("herstel", copy)

    assert result.exit_code == 0, result.output
    log_file = tmp_path / "backups" / "beheer.log"
    assert f"in {log_file}" in result.output
    text = log_file.read_text(encoding="utf-8")
    assert log_file.stat().st_mode & 0o777 == 0o600
    assert f"herstel door installatie (installatie): back-up {copy} teruggezet." in text
    assert "van na de back-up, die nu alleen nog daar staan:" in text
    assert "gezocht" in text and "zvh zoek" in text, "the lost log lines, readable"
    shown = cli("audit", "toon")
    assert shown.exit_code == 0, shown.output
    assert "herstel uitgevoerd" in shown.output and "vervangen_log_laatste_hash" in shown.output
    checked = cli("audit", "controleer")
    assert checked.exit_code == 0 and "in orde" in checked.output


# --- 5. every view names the persons it showed --------------------------------------------------------
def test_an_inzage_names_the_search_agenda_and_besluitenlijst_that_showed_the_person(store, regio, tmp_path):
    from tests.meeting_helpers import MONDAY, item_of, open_type
    from zvh_core.access.rights import Actor
    from zvh_core.meetings import bespreking, overleggen
    from zvh_core.meetings.agenda import agenda_items
    from zvh_core.meetings.besluitenlijst import build_besluitenlijst, export_markdown, export_per_partner
    from zvh_core.persons import lookup
    from zvh_core.privacy import inzage

    with store.write() as s:
        p = add_persoon(s, achternaam="Gezocht", voornamen="Greet", bsn="123456782")
        m = add_melding(s, datum=date(2026, 11, 2), personen=[p])
    searcher = store.as_user(Actor("jan", "voorzitter"), context="zoeken")
    with searcher.read() as s:
        assert [r.persoon_id for r in lookup.search(s, "123456782", today=date(2026, 11, 26)).rows] == [p.id]
    overleg_id = open_type(store, regio, "routeertafel", MONDAY)
    with store.read() as s:
        agenda_items(s, regio, overleg_id)
    bespreking.set_besluit(store, regio, item_of(store, regio, overleg_id, m.id).bespreking_id, "amw", "")
    overleggen.close_overleg(store, overleg_id)
    with store.read() as s:
        lijst = build_besluitenlijst(s, regio, overleg_id)
    export_markdown(store, lijst, regio, tmp_path / "x")
    export_per_partner(store, lijst, regio, tmp_path / "x")

    text = inzage.write_inzage(store, regio, p.id, tmp_path / "inzage.md", today=date(2026, 11, 26)).read_text()
    assert "| jan | voorzitter | gezocht | persoon | zoeken |" in text, "the BSN search, by whom"
    assert f"| bekeken | agenda {overleg_id} | overleg {overleg_id} |" in text
    assert f"| bekeken | besluitenlijst {overleg_id} | overleg {overleg_id} |" in text
    assert text.count(f"| geexporteerd | overleg {overleg_id} |") == 2, "the full list and AMW's list"


# --- 6. zvh demo refuses a store that holds anything --------------------------------------------------
@pytest.mark.parametrize("what", ["account", "casus", "persoon"])
def test_demo_refuses_a_store_with_accounts_casussen_or_persons(cli, store, what, monkeypatch):
    from tests.factories import add_casus
    from zvh_core.access import accounts

    if what == "account":
        accounts.add_user(store, load_regio(), "anne", "beheerder", "een lang wachtwoord")
        monkeypatch.setenv("ZVH_WACHTWOORD", "een lang wachtwoord")
    with store.write() as s:
        if what == "casus":
            add_casus(s, thema="triage")
        elif what == "persoon":
            add_persoon(s, achternaam="Echt")
    result = cli(*(["--gebruiker", "anne"] if what == "account" else []), "demo")
    assert result.exit_code == 1, result.output
    assert "demodata wordt alleen in een lege database gezet" in result.output
    assert "demo-beheerder" not in result.output
    assert not accounts.user_exists(store, "demo-beheerder")
    with store.read() as s:
        assert s.exec(select(func.count()).select_from(Melding)).one() == 0


# --- 7. bewaartermijn --uitvoeren only for today ------------------------------------------------------
def test_bewaartermijn_uitvoeren_only_with_todays_date_and_far_ahead_only_shows(cli, store):
    with store.write() as s:
        add_melding(s, datum=date(2026, 1, 5))  # due in 2028, not today (26-11-2026)
    for peildatum in ("01-06-2029", "2029-06-01", "01-01-2040"):
        refused = cli("bewaartermijn", "--peildatum", peildatum, "--uitvoeren")
        assert refused.exit_code == 2, refused.output
        assert "alleen wat vandaag (26-11-2026)" in refused.output and "niets verwijderd" in refused.output
    with store.read() as s:
        assert s.exec(select(func.count()).select_from(Melding)).one() == 1
    ahead = cli("bewaartermijn", "--peildatum", "01-01-2040")
    assert ahead.exit_code == 0 and "Meldingen zonder casus" in ahead.output and ": 1" in ahead.output
    today = cli("bewaartermijn", "--peildatum", "26-11-2026", "--uitvoeren")
    assert today.exit_code == 0 and "Verwijderd" in today.output, today.output


def test_pruning_a_log_that_is_entirely_older_than_the_cutoff_does_not_crash(store, regio):
    from datetime import timedelta

    from zvh_core.access import audit
    from zvh_core.privacy import retention

    with store.write() as s:
        add_melding(s, datum=date(2026, 1, 5))
        for n in range(3):
            audit.record(s, audit.Handeling.BEKEKEN, object_type="test", object_id=n)
    plan = retention.execute(store, regio, date(2026, 11, 26) + timedelta(days=365 * 8))
    assert plan.logregels == 3 and len(plan.meldingen) == 1
    with store.read() as s:
        assert audit.verify(s).ok


# --- 8. every command: a store problem is a Dutch message, never a traceback, never a write ----------
COMMANDS = {
    "zoek": ["zoek", "Jansen"],
    "rapport": ["rapport", "ml-tabel-1"],
    "audit controleer": ["audit", "controleer"],
    "audit toon": ["audit", "toon"],
    "gebruiker lijst": ["gebruiker", "lijst"],
    "gebruiker toevoegen": ["gebruiker", "toevoegen", "jan", "--rol", "voorzitter"],
    "inzage": ["inzage", "1", "--uitvoer", "{tmp}/inzage.md"],
    "bewaartermijn": ["bewaartermijn"],
    "bewaartermijn uitvoeren": ["bewaartermijn", "--uitvoeren"],
    "demo": ["demo"],
    "import": ["import", "meldingen", "{tmp}/m.csv"],
    "backup": ["backup", "{tmp}/kopie.sqlite3"],
}
PROBLEMS = {
    "geen database": "geen ZVH-database",
    "leeg bestand": "is leeg (0 bytes)",
    "alleen-lezen": "alleen-lezen",
    "beschadigd": "beschadigd",
}


def digest(path: Path) -> bytes:
    import hashlib

    return hashlib.sha256(path.read_bytes()).digest()


def filled_store_file(path: Path) -> None:
    from zvh_core.access.systeem import as_system
    from zvh_core.store import open_store

    store = as_system(open_store(f"sqlite:///{path}"))
    with store.write() as s:
        for n in range(400):
            add_melding(s, omschrijving="x" * 400, personen=[add_persoon(s, achternaam=f"Jansen{n}")])
    store.dispose()


def make_problem(path: Path, problem: str) -> None:
    if problem == "geen database":
        path.write_text("boodschappenlijst\n", encoding="utf-8")
        return
    if problem == "leeg bestand":
        path.write_bytes(b"")
        return
    filled_store_file(path)
    if problem == "alleen-lezen":
        path.chmod(0o400)
    elif problem == "beschadigd":  # a page deep in the file: the schema still opens, the data does not hold
        data = bytearray(path.read_bytes())
        middle = (len(data) // 4096 // 2) * 4096
        data[middle + 8 : middle + 4096] = bytes(range(256)) * 15 + bytes(range(256))[: 4096 - 8 - 256 * 15]
        path.write_bytes(bytes(data))


@pytest.fixture(scope="module")
def problem_stores(tmp_path_factory) -> dict[str, Path]:
    """One file per problem, made once (the commands must leave each exactly as it is)."""
    folder = tmp_path_factory.mktemp("problemen")
    made = {}
    for n, problem in enumerate(PROBLEMS):
        path = folder / f"zvh-{n}.sqlite3"
        make_problem(path, problem)
        made[problem] = path
    yield made
    for path in made.values():
        path.chmod(0o600)


@pytest.mark.sqlite_only
@pytest.mark.parametrize("problem", list(PROBLEMS))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_says_what_is_wrong_with_the_store_and_leaves_it_alone(
    problem_stores, problem, command, monkeypatch, tmp_path
):
    if (problem, command) == ("alleen-lezen", "backup"):
        pytest.skip("a read-only store can be backed up: see the test of point 9")
    path = problem_stores[problem]
    before = digest(path)
    (tmp_path / "m.csv").write_text(
        "extern_id;bron;soort;datum;gemeente\nA-1;politie;overlast;2026-11-02;Roermond\n", encoding="utf-8"
    )
    monkeypatch.setenv("ZVH_DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setenv("ZVH_BACKUP_DIR", str(tmp_path / "backups"))
    monkeypatch.setenv("ZVH_NIEUW_WACHTWOORD", "een lang wachtwoord")
    get_settings.cache_clear()
    try:
        args = [a.replace("{tmp}", str(tmp_path)) for a in COMMANDS[command]]
        result = CliRunner().invoke(app, args)
    finally:
        get_settings.cache_clear()
    assert isinstance(result.exception, SystemExit), f"{command}: {result.exception!r}\n{result.output}"
    assert result.exit_code == 2, result.output
    expected = PROBLEMS[problem]
    if run_key() and problem == "geen database":  # with a key set, a text file cannot be told from a wrong key
        expected = "gaat niet open met de ingestelde sleutel"
    assert expected in result.output and "Traceback" not in result.output
    assert digest(path) == before, "the store file is left exactly as it was"
    assert not (tmp_path / "inzage.md").exists() and not (tmp_path / "kopie.sqlite3").exists()


@pytest.mark.sqlite_only
@pytest.mark.parametrize("command", ["zoek", "gebruiker toevoegen", "bewaartermijn uitvoeren", "inzage", "audit toon"])
def test_a_full_disk_is_a_dutch_message_for_every_command(cli, person, command, tmp_path, monkeypatch):
    import sqlite3

    from sqlalchemy import Engine, event

    def full(_connection, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            error = sqlite3.OperationalError("database or disk is full")
            error.sqlite_errorcode = 13  # SQLITE_FULL, as SQLite reports a full disk
            raise error

    monkeypatch.setenv("ZVH_NIEUW_WACHTWOORD", "een lang wachtwoord")
    args = [a.replace("{tmp}", str(tmp_path)) for a in COMMANDS[command]]
    if command == "inzage":
        args[1] = str(person)
    event.listen(Engine, "before_cursor_execute", full)
    try:
        result = cli(*args)
    finally:
        event.remove(Engine, "before_cursor_execute", full)
    assert isinstance(result.exception, SystemExit), f"{command}: {result.exception!r}\n{result.output}"
    assert result.exit_code == 2 and "De schijf is vol" in result.output, result.output
    assert not (tmp_path / "inzage.md").exists(), "no log, no file"


# --- 9. the smaller points -----------------------------------------------------------------------------
@pytest.mark.sqlite_only
def test_audit_controleer_names_an_entry_whose_time_was_made_unreadable(cli, db_url, person):

    assert cli("zoek", "Inzage").exit_code == 0 and cli("zoek", "Ida").exit_code == 0
    connection = connect_store(store_file(db_url))
    (second,) = connection.execute("SELECT id FROM toegangslog ORDER BY id LIMIT 1 OFFSET 1").fetchone()
    connection.execute("UPDATE toegangslog SET tijd = 'gisteren' WHERE id = ?", (second,))
    connection.commit()
    connection.close()
    result = cli("audit", "controleer")
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.output
    assert f"Toegangslog GEBROKEN bij regel {second}: de tijd van deze regel is onleesbaar" in result.output


def test_a_locked_account_answers_as_an_unknown_name_does(cli, store, monkeypatch):
    from zvh_core.access import accounts

    accounts.add_user(store, load_regio(), "anne", "beheerder", "een lang wachtwoord")
    monkeypatch.setenv("ZVH_WACHTWOORD", "fout")
    for _ in range(5):
        assert cli("--gebruiker", "anne", "zoek", "x").exit_code == 3
    monkeypatch.setenv("ZVH_WACHTWOORD", "een lang wachtwoord")
    locked = cli("--gebruiker", "anne", "zoek", "x")
    unknown = cli("--gebruiker", "bestaat-niet", "zoek", "x")
    assert locked.exit_code == unknown.exit_code == 3
    assert locked.output == unknown.output == accounts.LOGIN_FAILED + "\n"


def test_a_password_typed_as_the_user_name_is_never_logged(cli, store, monkeypatch):
    from zvh_core.access import accounts, audit

    accounts.add_user(store, load_regio(), "anne", "beheerder", "een lang wachtwoord")
    monkeypatch.setenv("ZVH_WACHTWOORD", "")
    assert cli("--gebruiker", "Geheim-Wachtwoord-42", "zoek", "x").exit_code == 3
    with store.read() as s:
        entries = audit.entries_unchecked(s)
    assert not any("Geheim-Wachtwoord-42" in str(e) for e in entries)
    assert entries[-1].actie == "aanmelding_mislukt" and entries[-1].gebruiker == "(onbekende naam)"


def test_markup_from_imported_fields_reaches_the_inzage_file_as_plain_text(cli, tmp_path):
    import json

    from markdown_it import MarkdownIt

    hostile = "<script>alert(1)</script> [klik hier](https://kwaad.example) ![x](https://kwaad.example/x.png) **vet**"
    source = tmp_path / "m.csv"
    source.write_text(
        "extern_id;bron;soort;datum;gemeente;achternaam;voornamen;omschrijving\n"
        f"<b>P-1</b>;politie;overlast;2026-11-02;Roermond;<img src=x onerror=alert(1)>;Ida|Rij;{hostile}\n",
        encoding="utf-8",
    )
    assert cli("import", "meldingen", source).exit_code == 0
    (found,) = json.loads(cli("zoek", "Ida", "--json").output)
    target = tmp_path / "inzage.md"
    assert cli("inzage", found["persoon_id"], "--uitvoer", target).exit_code == 0
    text = target.read_text(encoding="utf-8")
    html = MarkdownIt("commonmark").enable("table").render(text)
    for tag in ("<script", "<img", "<a ", "<b>", "<strong>"):
        assert tag not in html, f"{tag} from an imported field became markup"
    assert "alert(1)" in html and "klik hier" in html, "the text itself is kept, shown as typed"


@pytest.mark.sqlite_only
def test_zvh_backup_copies_a_read_only_store_and_notes_it_beside_the_backups(cli, db_url, store, tmp_path, monkeypatch):
    from zvh_core.access import accounts

    accounts.add_user(store, load_regio(), "anne", "beheerder", "een lang wachtwoord")
    with store.write() as s:
        add_melding(s, personen=[add_persoon(s, achternaam="Kopie")])
    store.dispose()
    path = store_file(db_url)
    path.chmod(0o400)
    before = digest(path)
    try:
        monkeypatch.setenv("ZVH_WACHTWOORD", "fout wachtwoord")
        refused = cli("--gebruiker", "anne", "backup", tmp_path / "nee.sqlite3")
        assert refused.exit_code == 3 and not (tmp_path / "nee.sqlite3").exists()
        monkeypatch.setenv("ZVH_WACHTWOORD", "een lang wachtwoord")
        result = cli("--gebruiker", "anne", "backup", tmp_path / "kopie.sqlite3")
        assert result.exit_code == 0, result.output
        assert "Back-up gemaakt en gecontroleerd" in result.output and "alleen-lezen" in result.output
        assert digest(path) == before
    finally:
        path.chmod(0o600)
    log = (tmp_path / "backups" / "beheer.log").read_text(encoding="utf-8")
    assert f"back-up door anne (beheerder): {path} gekopieerd naar {tmp_path / 'kopie.sqlite3'}" in log

    copy = connect_store(tmp_path / "kopie.sqlite3")
    assert copy.execute("SELECT achternaam FROM persoon").fetchall() == [("Kopie",)]
    copy.close()


@pytest.mark.sqlite_only
def test_the_app_closes_on_a_damaged_store_before_writing_even_after_todays_backup(
    problem_stores, monkeypatch, tmp_path
):
    """The page check runs at every start, after the first screen (tui.cli.store.daily_start); every write
    waits for it (tests/test_start_checks.py: a login typed meanwhile), so nothing reaches the file."""
    from tests.startup_helpers import STARTED, headless_start

    STARTED.clear()
    monkeypatch.setattr("tui.app.ZvhApp.run", headless_start)
    path = problem_stores["beschadigd"]
    before = digest(path)
    monkeypatch.setenv("ZVH_DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setenv("ZVH_BACKUP_KEEP", "0")  # no daily backup to find the damage (one was made today)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, [])
    finally:
        get_settings.cache_clear()
    (started,) = STARTED
    assert result.exit_code == 2 and "beschadigd" in result.output and started.fatal_error
    assert started.base_store.write_gate.held is False
    with pytest.raises(StoreError, match="beschadigd"), started.base_store.write():  # what the user might try
        pass
    assert digest(path) == before
