"""`zvh overzetten URL`: the whole store copied into an empty one (on the PostgreSQL run: SQLite →
PostgreSQL), where agenda, detail, history and lookups give the same results and work goes on."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from typer.testing import CliRunner

from tests.workers import MEETING_DAY, bespreking_ids, seed_meeting
from tui.cli.main import app as cli_app
from zvh_core.access.systeem import as_system
from zvh_core.config.settings import get_settings
from zvh_core.imports.meldingen import import_meldingen
from zvh_core.kernel.models import Melding, Persoon
from zvh_core.meetings import bespreking, overleggen
from zvh_core.meetings.agenda import agenda_items
from zvh_core.store import open_store

CSV = (
    "extern_id;bron;soort;datum;gemeente;achternaam;voornamen;geboortedatum\n"
    + "\n".join(
        f"M-{i};politie;overlast;2026-11-2{i % 5};Weert;Berg{i % 7};Jan;1980-01-0{1 + i % 7}" for i in range(40)
    )
    + "\n"
)


def what_the_app_shows(store, regio, overleg_id):
    with store.read() as session:
        items = agenda_items(session, regio, overleg_id)
        details = [bespreking.load_detail(session, regio, i.bespreking_id, today=MEETING_DAY) for i in items]
        found = overleggen.addable_meldingen(session, overleg_id, "M-1")
        overleg = overleggen.get_overleg(session, regio, overleg_id)
    return items, details, found, overleg


def test_moving_the_store_keeps_everything_and_work_goes_on(sqlite_url, db_url, regio, tmp_path, monkeypatch):
    if db_url == sqlite_url:
        db_url = f"sqlite:///{tmp_path / 'nieuw.sqlite3'}"
    source = as_system(open_store(sqlite_url))
    path = tmp_path / "m.csv"
    path.write_text(CSV, encoding="utf-8")
    assert import_meldingen(source, regio, path, today=date(2026, 11, 26)).ok
    overleg_id = seed_meeting(source, 12)
    ids = bespreking_ids(source, overleg_id)
    bespreking.set_bekendheid(source, regio, ids[0], "vt", code="bekend", notitie="Gezin bekend")
    bespreking.set_besluit(source, regio, ids[0], "amw", "AMW pakt op")
    bespreking.add_actie(source, regio, ids[0], "amw", "Huisbezoek", date(2026, 12, 10))
    before = what_the_app_shows(source, regio, overleg_id)
    source.dispose()

    monkeypatch.setenv("ZVH_DATABASE_URL", sqlite_url)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli_app, ["overzetten", db_url])
        again = CliRunner().invoke(cli_app, ["overzetten", db_url])
    finally:
        get_settings.cache_clear()

    assert result.exit_code == 0, result.output
    assert "melding: " in result.output and "Alles gekopieerd" in result.output
    assert again.exit_code == 2 and "niet leeg" in again.output
    target = as_system(open_store(db_url))
    try:
        assert what_the_app_shows(target, regio, overleg_id) == before
        # New rows get new keys (sequences moved on), and decisions go on where they were.
        with target.write() as session:
            session.add(
                Melding(bron="politie", extern_id="NA-1", soort="overlast", datum=MEETING_DAY, gemeente="Weert")
            )
        bespreking.set_besluit(target, regio, ids[1], "veilig_thuis", "Na het overzetten", expected_versie=1)
        with target.read() as session:
            assert session.scalar(select(func.count()).select_from(Melding)) == 40 + 12 + 1
            assert session.scalar(select(func.count()).select_from(Persoon)) == 7
    finally:
        target.dispose()
