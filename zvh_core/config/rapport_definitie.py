"""Report definitions as data: the packaged presets (presets.toml) plus a regio's own ``[rapporten.*]``.

A definition names its layout (``indeling``) and its figures (``cijfers``: label, measure and the soorten
or thema it counts). An appendix (``[bijlagen.*]``, the jaarverslag's "Cijfers per gemeente") names the
tables it shows per gemeente and its charts, each chart with its own figures. This module imports nothing of the regio, so ``zvh_core.config.regio`` can validate a regio
file's own tables with these models.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from zvh_core.kernel.errors import InvalidInput

PRESETS_FILE = Path(__file__).parent / "presets.toml"

Maat = Literal[
    "meldingen",
    "casussen",
    "nieuwe_casussen",
    "personen",
    "gesloten_casussen",
    "heropende_casussen",
    "duur_gesloten",
    "doelen_bereikt",
]
Indeling = Literal["kwartalen", "gemeenten", "producten"]
Vorm = Literal["kwartalen", "periode", "jaren", "kwartalen_jaren"]
"""How a chart lays out its figures: per quarter (a group of bars per quarter, a bar per figure), over the
whole period (a bar per figure), the period against the same period a year before (two bars per figure), or
per quarter against the same quarter a year before (per quarter two bars per figure)."""
BIJLAGE = "bijlage"
"""Reserved name: `zvh rapport bijlage` writes the regio's appendix, so no table may be called so."""
NAAM_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ELK_THEMA = "*"
"""``thema = "*"``: the figure for each thema of the regio (or of the table's ``themas``), in the regio's order,
each headed '<thema> <label>' (``RapportDefinitie.voor_themas``)."""


class RapportError(InvalidInput):
    """A report cannot be made as asked (unknown report, bad period); the message is Dutch."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Cijfer(_Strict):
    """One figure of a table: a column (or, in layout 'producten', a row)."""

    label: str = Field(min_length=1)
    maat: Maat
    soorten: tuple[str, ...] = ()
    """For maat 'meldingen': the soorten counted."""
    thema: str | None = None
    """For the casus measures: the thema counted; ``"*"`` (ELK_THEMA): every thema of the regio."""

    @model_validator(mode="after")
    def _filter_fits_measure(self) -> Cijfer:
        if self.maat == "meldingen":
            if not self.soorten:
                raise ValueError("maat 'meldingen' heeft 'soorten' nodig (een lijst soortcodes)")
            if self.thema is not None:
                raise ValueError("'thema' hoort niet bij maat 'meldingen'; gebruik 'soorten'")
        else:
            if not self.thema:
                raise ValueError(f"maat '{self.maat}' heeft 'thema' nodig (een themacode)")
            if self.soorten:
                raise ValueError(f"'soorten' hoort niet bij maat '{self.maat}'; gebruik 'thema'")
        return self

    @property
    def uitleg(self) -> str:
        """The definition in words (domain.md §5), for the workbook's explanation sheet."""
        if self.maat == "meldingen":
            return f"meldingen met soort {', '.join(self.soorten)} en datum in de periode"
        return {
            "casussen": f"casussen met thema {self.thema} die liepen in de periode (geopend vóór of op het einde, "
            "niet gesloten vóór het begin)",
            "nieuwe_casussen": f"casussen met thema {self.thema} geopend in de periode",
            "personen": f"unieke personen in de casussen met thema {self.thema} die liepen in de periode",
            "gesloten_casussen": f"casussen met thema {self.thema} gesloten in de periode",
            "heropende_casussen": f"casussen met thema {self.thema} heropend in de periode",
            "duur_gesloten": f"gemiddelde duur in dagen van de perioden van casussen met thema {self.thema} "
            "die in de periode sloten",
            "doelen_bereikt": f"percentage bereikte doelen bij het sluiten van casussen met thema {self.thema} "
            "in de periode",
        }[self.maat]


class RapportDefinitie(_Strict):
    code: str = ""
    titel: str = Field(min_length=1)
    indeling: Indeling
    cijfers: tuple[Cijfer, ...] = Field(min_length=1)
    themas: tuple[str, ...] = ()
    """For figures with ``thema = "*"``: the themas they are shown for (empty: every thema of the regio)."""

    @model_validator(mode="after")
    def _labels_unique(self) -> RapportDefinitie:
        seen: set[str] = set()
        for cijfer in self.cijfers:
            if cijfer.label in seen:
                raise ValueError(f"label '{cijfer.label}' staat er twee keer in")
            seen.add(cijfer.label)
        return self

    def unknown_codes(self, prefix: str, soorten: Mapping[str, str], themas: Mapping[str, str]) -> list[str]:
        """Problems with codes this regio does not know, each naming its key."""
        problems = []
        for n, cijfer in enumerate(self.cijfers):
            for soort in cijfer.soorten:
                if soort not in soorten:
                    problems.append(f"{prefix}.cijfers.{n}.soorten: onbekende soort '{soort}'")
            if cijfer.thema is not None and cijfer.thema != ELK_THEMA and cijfer.thema not in themas:
                problems.append(f"{prefix}.cijfers.{n}.thema: onbekend thema '{cijfer.thema}'")
        problems += [f"{prefix}.themas: onbekend thema '{thema}'" for thema in self.themas if thema not in themas]
        return problems

    def voor_themas(self, themas: Mapping[str, str]) -> RapportDefinitie:
        """This table for the themas of a regio (code → label, in its order): the figures with thema "*" once
        per thema (its own ``themas`` when given), headed '<thema> <label>', after the figures with a thema of
        their own. A table without such figures is itself."""
        per_thema = [c for c in self.cijfers if c.thema == ELK_THEMA]
        if not per_thema:
            return self
        chosen = [t for t in themas if not self.themas or t in self.themas]
        expanded = [c for c in self.cijfers if c.thema != ELK_THEMA] + [
            c.model_copy(update={"label": f"{themas[t]} {c.label}", "thema": t}) for t in chosen for c in per_thema
        ]
        return RapportDefinitie(code=self.code, titel=self.titel, indeling=self.indeling, cijfers=tuple(expanded))


class GrafiekDefinitie(_Strict):
    """One chart of an appendix: its title, layout and figures (series)."""

    titel: str = Field(min_length=1)
    vorm: Vorm
    cijfers: tuple[Cijfer, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _labels_unique(self) -> GrafiekDefinitie:
        labels = [c.label for c in self.cijfers]
        for label in labels:
            if labels.count(label) > 1:
                raise ValueError(f"label '{label}' staat er twee keer in")
        return self


class BijlageDefinitie(_Strict):
    """An appendix per gemeente (and one for the regio): which tables and which charts."""

    code: str = ""
    titel: str = Field(min_length=1)
    tabellen: tuple[str, ...] = Field(min_length=1)
    """Codes of report tables (presets or the regio's own); each section shows its gemeente's rows."""
    grafieken: tuple[GrafiekDefinitie, ...] = ()

    def problems(
        self, prefix: str, rapporten: Mapping[str, object], soorten: Mapping[str, str], themas: Mapping[str, str]
    ) -> list[str]:
        """Unknown tables and codes, each naming its key."""
        result = [
            f"{prefix}.tabellen: onbekend rapport '{code}' (kies uit: {', '.join(rapporten)})"
            for code in self.tabellen
            if code not in rapporten
        ]
        for n, grafiek in enumerate(self.grafieken):
            result += RapportDefinitie(
                titel=grafiek.titel, indeling="gemeenten", cijfers=grafiek.cijfers
            ).unknown_codes(f"{prefix}.grafieken.{n}", soorten, themas)
        return result


def with_codes(tables: object) -> object:
    """The TOML key of each table is its code; copy it in (as the regio does for its entries)."""
    if not isinstance(tables, dict):
        return tables
    return {code: ({**entry, "code": code} if isinstance(entry, dict) else entry) for code, entry in tables.items()}


def bad_names(tables: Mapping[str, object], prefix: str = "rapporten") -> list[str]:
    problems = [
        f"{prefix}.{naam}: een rapportnaam bestaat uit kleine letters, cijfers en '-'"
        for naam in tables
        if not NAAM_PATTERN.match(naam)
    ]
    if prefix == "rapporten" and BIJLAGE in tables:
        problems.append(f"{prefix}.{BIJLAGE}: die naam is gereserveerd voor `zvh rapport bijlage`; kies een andere")
    return problems


class _Presets(_Strict):
    rapporten: dict[str, RapportDefinitie]
    bijlagen: dict[str, BijlageDefinitie] = {}

    @model_validator(mode="before")
    @classmethod
    def _fill_codes(cls, data: dict) -> dict:
        if isinstance(data, dict):
            data = {**data, "rapporten": with_codes(data.get("rapporten"))}
            if "bijlagen" in data:
                data["bijlagen"] = with_codes(data["bijlagen"])
        return data


def _parse(path: Path) -> _Presets:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        presets = _Presets.model_validate(raw)
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise RapportError(f"Rapportdefinities in {path} zijn ongeldig: {exc}") from None
    problems = bad_names(presets.rapporten) + bad_names(presets.bijlagen, "bijlagen")
    for naam, bijlage in presets.bijlagen.items():
        problems += [p for p in bijlage.problems(f"bijlagen.{naam}", presets.rapporten, {}, {}) if "tabellen" in p]
    if problems:
        raise RapportError(f"Rapportdefinities in {path} zijn ongeldig: {'; '.join(problems)}")
    return presets


def parse_presets(path: Path) -> dict[str, RapportDefinitie]:
    return _parse(path).rapporten


@cache
def packaged_presets() -> dict[str, RapportDefinitie]:
    """The presets shipped with the app (domain.md §5)."""
    return _parse(PRESETS_FILE).rapporten


@cache
def packaged_bijlagen() -> dict[str, BijlageDefinitie]:
    """The appendices shipped with the app (the jaarverslag's "Cijfers per gemeente")."""
    return _parse(PRESETS_FILE).bijlagen


def merge_bijlagen(own: Mapping[str, BijlageDefinitie]) -> dict[str, BijlageDefinitie]:
    """The packaged appendices, then a regio's own (an own one with a packaged name replaces it)."""
    return {**packaged_bijlagen(), **own}


def merge(own: Mapping[str, RapportDefinitie]) -> dict[str, RapportDefinitie]:
    """The packaged presets, then a regio's own tables (an own table with a preset's name replaces it)."""
    return {**packaged_presets(), **own}
