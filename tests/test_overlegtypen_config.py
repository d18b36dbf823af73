"""Meeting types are configuration: a regio file alone adds one; a bad file is refused naming the key."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.factories import add_melding
from tests.regio_files import default_text, with_inclusietafel, write_regio
from tui.cli.main import app as cli_app
from zvh_core.config.regio import RegioError, load_regio, parse_regio
from zvh_core.config.settings import get_settings
from zvh_core.meetings import bespreking, overleggen
from zvh_core.meetings.agenda import agenda_items

ROOT = Path(__file__).resolve().parents[1]
FRIDAY = date(2026, 11, 27)


def test_a_type_added_to_the_file_alone_is_a_full_meeting(store, tmp_path):
    regio = parse_regio(write_regio(tmp_path, with_inclusietafel()))
    otype = regio.overlegtype("inclusietafel")
    assert otype.naam == "Inclusietafel"
    assert overleggen.scheduled_date(regio, "inclusietafel", date(2026, 11, 23)) == FRIDAY
    assert regio.hold_route("inclusietafel") == "aanhouden"
    with store.write() as s:
        vraag = add_melding(s, soort="inclusie", bron="gemeente", datum=date(2026, 11, 20))
        add_melding(s, soort="overlast")
    overleg_id = overleggen.open_overleg(store, regio, "inclusietafel", FRIDAY, "Ilse", ["zvh", "gemeente"], ["amw"])
    with store.read() as s:
        (item,) = agenda_items(s, regio, overleg_id)
        view = overleggen.get_overleg(s, regio, overleg_id)
    assert item.melding_id == vraag.id
    assert (view.partners, view.afgemeld) == (("zvh", "gemeente"), ("amw",))
    bespreking.set_bekendheid(
        store, regio, item.bespreking_id, "gemeente", code="bekend", notitie="Schulddienstverlening"
    )
    bespreking.set_besluit(store, regio, item.bespreking_id, "inclusietraject", "Gemeente start traject")
    with pytest.raises(overleggen.MeetingError, match="hoort niet bij dit overleg"):
        bespreking.set_besluit(store, regio, item.bespreking_id, "veilig_thuis", None)
    overleggen.close_overleg(store, overleg_id)
    with store.read() as s:
        assert agenda_items(s, regio, overleg_id)[0].route == "inclusietraject"


def test_the_screens_and_services_hold_no_meeting_type_or_route_codes(regio):
    """Everything type-specific comes from the regio file (demo data aside)."""
    codes = set(regio.overlegtypen) | set(regio.routes)
    checked = [*ROOT.glob("tui/**/*.py"), *(p for p in ROOT.glob("zvh_core/**/*.py") if "demo" not in p.parts)]
    found = []
    for path in checked:
        for code in codes:
            if re.search(rf"""["']{re.escape(code)}["']""", path.read_text(encoding="utf-8")):
                found.append(f"{path.relative_to(ROOT)}: '{code}'")
    assert found == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda t: t.replace('naam = "Triageoverleg"\n', ""), "overlegtypen.triage.naam: ontbreekt (verplicht)"),
        (lambda t: t.replace('"advies_melder", "geen_vervolg", "aanhouden"]', '"advies_melder", "geen_vervolgg", "aanhouden"]', 1),
         "overlegtypen.routeertafel.routes: onbekende route 'geen_vervolgg'"),
        (lambda t: t.replace("dagen = [1]\n", "dagen = [1]\ndag = [2]\n"),
         "overlegtypen.e33_screening.dag: onbekende sleutel (tikfout?)"),
        (lambda t: t.replace("dagen = [1]\n", 'dagen = "dinsdag"\n'),
         'overlegtypen.e33_screening.dagen: verwacht een lijst, bijv. ["a", "b"]'),
        (lambda t: t.replace('standaard_thema = "triage"', 'standaard_thema = "triagee"'),
         "overlegtypen.triage.standaard_thema: onbekend thema 'triagee'"),
        (lambda t: t.replace('partners = ["zvh", "vvg",', 'partners = ["zvh", "ggd",'),
         "overlegtypen.e33_screening.partners: onbekende partner 'ggd'"),
        (lambda t: t.replace('zvh_triage = { label = "ZVH triage", partner = "zvh", naar = "triage" }',
                             'zvh_triage = { label = "ZVH triage", partner = "zvh", naar = "triagetafel" }'),
         "routes.zvh_triage.naar: onbekend overlegtype 'triagetafel'"),
        (lambda t: with_inclusietafel(t).replace('soorten = ["inclusie"]', 'soorten = ["inclusive"]'),
         "overlegtypen.inclusietafel.soorten: onbekende soort 'inclusive'"),
    ],
    ids=["missing-naam", "unknown-route", "unknown-key", "wrong-type", "unknown-thema", "unknown-partner",
         "unknown-target-type", "unknown-soort"],
)  # fmt: skip
def test_a_bad_regio_file_names_the_key_in_dutch(tmp_path, change, expected):
    path = write_regio(tmp_path, change(default_text()))
    with pytest.raises(RegioError) as caught:
        parse_regio(path)
    message = str(caught.value)
    assert message.startswith(f"Regiobestand {path} is ongeldig:")
    assert expected in message.splitlines()[1:] or f"  {expected}" in message.splitlines(), message


def test_several_problems_are_each_on_their_own_line(tmp_path):
    text = (
        default_text()
        .replace('partners = ["zvh", "vvg",', 'partners = ["zvh", "ggd",')
        .replace('standaard_thema = "triage"', 'standaard_thema = "x"')
    )
    with pytest.raises(RegioError) as refused:
        parse_regio(write_regio(tmp_path, text))
    lines = str(refused.value).splitlines()
    assert "  overlegtypen.e33_screening.partners: onbekende partner 'ggd'" in lines
    assert "  overlegtypen.triage.standaard_thema: onbekend thema 'x'" in lines


def test_not_toml_and_missing_file(tmp_path):
    with pytest.raises(RegioError, match="is geen geldige TOML"):
        parse_regio(write_regio(tmp_path, "naam = "))
    with pytest.raises(RegioError, match="bestaat niet"):
        parse_regio(tmp_path / "weg.toml")


@pytest.fixture
def env_regio(monkeypatch, db_url):
    def use(path: Path) -> None:
        monkeypatch.setenv("ZVH_REGIO", str(path))
        monkeypatch.setenv("ZVH_DATABASE_URL", db_url)
        get_settings.cache_clear()
        load_regio.cache_clear()

    yield use
    get_settings.cache_clear()
    load_regio.cache_clear()


def test_zvh_regio_selects_the_file_and_a_bad_one_stops_the_app_with_the_key(tmp_path, env_regio):
    env_regio(write_regio(tmp_path, with_inclusietafel(), "goed.toml"))
    assert "inclusietafel" in load_regio().overlegtypen
    env_regio(write_regio(tmp_path, default_text().replace("dagen = [1]\n", "dag = [1]\n"), "fout.toml"))
    result = CliRunner().invoke(cli_app, [])
    assert result.exit_code == 2
    assert "overlegtypen.e33_screening.dag: onbekende sleutel (tikfout?)" in result.output
