"""Report definitions as data: the packaged presets (presets.toml) plus a regio's own ``[rapporten.*]``.

A definition names its layout (``indeling``) and its figures (``cijfers``: label, measure and the soorten
or thema it counts). This module imports nothing of the regio, so ``zvh_core.config.regio`` can validate a regio
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
NAAM_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


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
    """For the casus measures: the thema counted."""

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
            if cijfer.thema is not None and cijfer.thema not in themas:
                problems.append(f"{prefix}.cijfers.{n}.thema: onbekend thema '{cijfer.thema}'")
        return problems


def with_codes(tables: object) -> object:
    """The TOML key of each table is its code; copy it in (as the regio does for its entries)."""
    if not isinstance(tables, dict):
        return tables
    return {code: ({**entry, "code": code} if isinstance(entry, dict) else entry) for code, entry in tables.items()}


def bad_names(tables: Mapping[str, object], prefix: str = "rapporten") -> list[str]:
    return [
        f"{prefix}.{naam}: een rapportnaam bestaat uit kleine letters, cijfers en '-'"
        for naam in tables
        if not NAAM_PATTERN.match(naam)
    ]


class _Presets(_Strict):
    rapporten: dict[str, RapportDefinitie]

    @model_validator(mode="before")
    @classmethod
    def _fill_codes(cls, data: dict) -> dict:
        if isinstance(data, dict):
            data = {**data, "rapporten": with_codes(data.get("rapporten"))}
        return data


def parse_presets(path: Path) -> dict[str, RapportDefinitie]:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        presets = _Presets.model_validate(raw).rapporten
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise RapportError(f"Rapportdefinities in {path} zijn ongeldig: {exc}") from None
    problems = bad_names(presets)
    if problems:
        raise RapportError(f"Rapportdefinities in {path} zijn ongeldig: {'; '.join(problems)}")
    return presets


@cache
def packaged_presets() -> dict[str, RapportDefinitie]:
    """The presets shipped with the app (domain.md §5)."""
    return parse_presets(PRESETS_FILE)


def merge(own: Mapping[str, RapportDefinitie]) -> dict[str, RapportDefinitie]:
    """The packaged presets, then a regio's own tables (an own table with a preset's name replaces it)."""
    return {**packaged_presets(), **own}
