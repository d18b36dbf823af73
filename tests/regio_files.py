"""Regio files for tests: the packaged one, changed as a regio's beheerder would edit it."""

from __future__ import annotations

from pathlib import Path

from zvh_core.config.regio import DEFAULT_REGIO_FILE

INCLUSIETAFEL = """
[overlegtypen.inclusietafel]
naam = "Inclusietafel"
dagen = [4]
partners = ["zvh", "gemeente", "amw"]
soorten = ["inclusie"]
routes = ["inclusietraject", "amw", "zvh_triage", "geen_vervolg", "aanhouden"]
"""


def default_text() -> str:
    return DEFAULT_REGIO_FILE.read_text(encoding="utf-8")


def with_inclusietafel(text: str | None = None) -> str:
    """The default file plus a soort, a route and a meeting type: an inclusietafel, by configuration only."""
    text = text or default_text()
    text = text.replace('overig = "Overig"\n', 'overig = "Overig"\ninclusie = "Inclusievraag"\n', 1)
    text = text.replace(
        'terug_naar_partner = { label = "Terug naar partner" }\n',
        'terug_naar_partner = { label = "Terug naar partner" }\n'
        'inclusietraject = { label = "Inclusietraject gemeente", partner = "gemeente" }\n',
    )
    return text + INCLUSIETAFEL


def write_regio(folder: Path, text: str, name: str = "regio.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
