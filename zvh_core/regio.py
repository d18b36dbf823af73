"""The regio file: gemeenten, partners, codes, routes and meeting types as data.

Read once per process (``load_regio`` is cached). A bad file raises ``RegioError`` naming the key.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from zvh_core.rapport.definitie import RapportDefinitie, bad_names, merge, with_codes

DEFAULT_REGIO_FILE = Path(__file__).parent / "regio" / "midden-limburg.toml"
SAME_TYPE = "zelfde"
ANY_SOORT = "*"


class RegioError(ValueError):
    """The regio file cannot be used; the message names the file and key."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Partner(_Strict):
    code: str = ""
    naam: str
    kort: str


class Route(_Strict):
    code: str = ""
    label: str
    partner: str | None = None
    naar: str | None = None
    opent_casus: bool = False


class OverlegType(_Strict):
    code: str = ""
    naam: str
    dagen: tuple[int, ...] = ()
    partners: tuple[str, ...]
    soorten: tuple[str, ...]
    routes: tuple[str, ...]

    def covers(self, soort: str) -> bool:
        return ANY_SOORT in self.soorten or soort in self.soorten


class Regio(_Strict):
    naam: str
    gemeenten: tuple[str, ...]
    urgente_soorten: tuple[str, ...] = ()
    actie_termijn_dagen: int = 14
    soorten: dict[str, str]
    bronnen: dict[str, str]
    themas: dict[str, str]
    bekendheid: dict[str, str]
    partners: dict[str, Partner]
    routes: dict[str, Route]
    overlegtypen: dict[str, OverlegType]
    rapporten: dict[str, RapportDefinitie] = {}
    """The regio's own report tables (besides the packaged presets); see zvh_core/rapport/presets.toml."""

    @model_validator(mode="before")
    @classmethod
    def _fill_codes(cls, data: dict) -> dict:
        # The TOML key is the code; copy it into each entry so entries are self-describing.
        for table in ("partners", "routes", "overlegtypen"):
            entries = data.get(table)
            if isinstance(entries, dict):
                data[table] = {
                    code: ({**entry, "code": code} if isinstance(entry, dict) else entry)
                    for code, entry in entries.items()
                }
        if "rapporten" in data:
            data["rapporten"] = with_codes(data["rapporten"])
        return data

    @model_validator(mode="after")
    def _check_references(self) -> "Regio":
        problems: list[str] = []
        for code in self.urgente_soorten:
            if code not in self.soorten:
                problems.append(f"urgente_soorten: onbekende soort '{code}'")
        for code, route in self.routes.items():
            if route.partner and route.partner not in self.partners:
                problems.append(f"routes.{code}.partner: onbekende partner '{route.partner}'")
            if route.naar and route.naar != SAME_TYPE and route.naar not in self.overlegtypen:
                problems.append(f"routes.{code}.naar: onbekend overlegtype '{route.naar}'")
        for code, otype in self.overlegtypen.items():
            for p in otype.partners:
                if p not in self.partners:
                    problems.append(f"overlegtypen.{code}.partners: onbekende partner '{p}'")
            for s in otype.soorten:
                if s != ANY_SOORT and s not in self.soorten:
                    problems.append(f"overlegtypen.{code}.soorten: onbekende soort '{s}'")
            for r in otype.routes:
                if r not in self.routes:
                    problems.append(f"overlegtypen.{code}.routes: onbekende route '{r}'")
            for d in otype.dagen:
                if not 0 <= d <= 6:
                    problems.append(f"overlegtypen.{code}.dagen: {d} is geen weekdag (0 = maandag … 6 = zondag)")
        problems += bad_names(self.rapporten)
        for naam, rapport in self.rapporten.items():
            problems += rapport.unknown_codes(f"rapporten.{naam}", self.soorten, self.themas)
        if "niet_nagevraagd" not in self.bekendheid:
            problems.append("bekendheid: 'niet_nagevraagd' ontbreekt")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    # --- lookups used throughout the services -------------------------------------------
    def gemeente_by_name(self, name: str) -> str | None:
        """The canonical gemeente name for ``name`` (case-insensitive), or None."""
        wanted = name.strip().casefold()
        for g in self.gemeenten:
            if g.casefold() == wanted:
                return g
        return None

    def overlegtype(self, code: str) -> OverlegType:
        return self.overlegtypen[code]

    def routes_of(self, type_code: str) -> list[Route]:
        return [self.routes[r] for r in self.overlegtypen[type_code].routes]

    def route_target(self, route_code: str, from_type: str) -> str | None:
        """The meeting type a melding goes to after this route, if any."""
        naar = self.routes[route_code].naar
        if naar == SAME_TYPE:
            return from_type
        return naar

    def partner_label(self, code: str) -> str:
        partner = self.partners.get(code)
        return partner.kort if partner else code

    def soort_label(self, code: str) -> str:
        return self.soorten.get(code, code)

    def bron_label(self, code: str) -> str:
        return self.bronnen.get(code, code)

    def thema_label(self, code: str) -> str:
        return self.themas.get(code, code)

    def route_label(self, code: str) -> str:
        route = self.routes.get(code)
        return route.label if route else code

    def bekendheid_label(self, code: str) -> str:
        return self.bekendheid.get(code, code)

    @property
    def alle_rapporten(self) -> dict[str, RapportDefinitie]:
        """The packaged report presets plus this regio's own tables."""
        return merge(self.rapporten)

    @property
    def bekendheid_cycle(self) -> tuple[str, ...]:
        """The order a partner key cycles through; the default first."""
        return ("niet_nagevraagd", "bekend", "niet_bekend")


def _format_validation_error(path: Path, error: ValidationError) -> str:
    lines = []
    for item in error.errors():
        key = ".".join(str(part) for part in item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        lines.append(f"{key}: {message}" if key else message)
    return f"Regiobestand {path} is ongeldig:\n  " + "\n  ".join(lines)


def parse_regio(path: Path) -> Regio:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RegioError(f"Regiobestand {path} bestaat niet.") from None
    except tomllib.TOMLDecodeError as exc:
        raise RegioError(f"Regiobestand {path} is geen geldige TOML: {exc}") from None
    try:
        return Regio.model_validate(raw)
    except ValidationError as exc:
        raise RegioError(_format_validation_error(path, exc)) from None


@cache
def load_regio(path: Path | None = None) -> Regio:
    """The regio of this installation (ZVH_REGIO, else the packaged default), read once."""
    if path is None:
        from zvh_core.settings import get_settings

        path = get_settings().regio or DEFAULT_REGIO_FILE
    return parse_regio(Path(path))
