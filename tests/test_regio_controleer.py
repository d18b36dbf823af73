"""`zvh regio toon` and `zvh regio controleer`: the five mistakes a beheerder makes in the regio file each get
a Dutch message naming the key or line, and nothing is accepted silently."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from tests.regio_files import default_text, write_regio
from tui.cli.main import app
from zvh_core.config.regio import DEFAULT_REGIO_FILE, RegioError, parse_regio
from zvh_core.config.settings import get_settings

MISTAKES = {
    "gemeente twice in other casing": (
        lambda t: t.replace('"Roermond", "Weert"]', '"Roermond", "Weert", "roermond "]'),
        "gemeenten: 'roermond ' staat er twee keer in (ook als 'Roermond')",
    ),
    "two partners with one kort": (
        lambda t: t.replace('ggz = { naam = "GGZ", kort = "GGZ" }', 'ggz = { naam = "GGZ", kort = "vt" }'),
        "partners (kort): 'vt' staat er twee keer in (ook als 'VT')",
    ),
    "an empty partner list": (
        lambda t: t.replace('partners = ["vt", "zvh", "cjg", "amw"]', "partners = []"),
        "overlegtypen.routeertafel.partners: de lijst is leeg",
    ),
    "a duplicate TOML key": (
        lambda t: t.replace('vt = { naam = "Veilig Thuis", kort = "VT" }', 'vt = { naam = "Veilig Thuis", kort = "VT" }\nvt = { naam = "VT", kort = "V" }'),
        "deze sleutel heeft al een waarde (staat hij er twee keer?)",
    ),
    "a code twice in other casing": (
        lambda t: t.replace('ggz = { naam = "GGZ", kort = "GGZ" }', 'ggz = { naam = "GGZ", kort = "GGZ" }\nVT = { naam = "Veilig Thuis 2", kort = "VT2" }'),
        "partners (code): 'VT' staat er twee keer in (ook als 'vt')",
    ),
}  # fmt: skip


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_each_mistake_is_refused_in_dutch_naming_the_key(tmp_path, mistake):
    change, expected = MISTAKES[mistake]
    text = change(default_text())
    assert text != default_text(), "the mistake was not made"
    path = write_regio(tmp_path, text)
    with pytest.raises(RegioError) as caught:
        parse_regio(path)
    assert expected in str(caught.value)
    result = CliRunner().invoke(app, ["regio", "controleer", str(path)])
    assert result.exit_code == 2
    assert expected in result.output
    assert "Traceback" not in result.output


def test_a_toml_syntax_error_names_the_line(tmp_path):
    path = write_regio(tmp_path, default_text().replace('naam = "Midden-Limburg"', 'naam = "Midden-Limburg'))
    with pytest.raises(RegioError, match=r"geen geldige TOML: regel 4, kolom \d+: ongeldig teken"):
        parse_regio(path)


def test_controleer_says_what_a_sound_file_holds(tmp_path):
    result = CliRunner().invoke(app, ["regio", "controleer", str(DEFAULT_REGIO_FILE)])
    assert result.exit_code == 0, result.output
    assert "is in orde: regio Midden-Limburg, 7 gemeenten, 12 partners" in result.output


def test_toon_prints_the_file_in_use(tmp_path, monkeypatch):
    result = CliRunner().invoke(app, ["regio", "toon"])
    assert result.exit_code == 0
    assert f"# Regiobestand: {DEFAULT_REGIO_FILE} (meegeleverd)" in result.output
    assert default_text() in result.output
    own = write_regio(tmp_path, default_text().replace('naam = "Midden-Limburg"', 'naam = "Eigen regio"'))
    monkeypatch.setenv("ZVH_REGIO", str(own))
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["regio", "toon"])
    get_settings.cache_clear()
    assert f"# Regiobestand: {own} (ZVH_REGIO)" in result.output and 'naam = "Eigen regio"' in result.output
