"""The regio file: gemeenten, partners, codes, routes and meeting types as data.

Read once per process (``load_regio`` is cached). A bad file raises ``RegioError`` naming the key.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from zvh_core.config.rapport_definitie import (
    RapportDefinitie,
    bad_names,
    merge,
    with_codes,
)
from zvh_core.kernel.errors import InvalidInput

DEFAULT_REGIO_FILE = Path(__file__).parent / "regio" / "midden-limburg.toml"
SAME_TYPE = "zelfde"
ANY_SOORT = "*"
DEELT_NIET = "deelt_niet"
"""Bekendheid code of a partner that does not share what it knows (with a reason)."""
DEFAULT_GEHEIMHOUDING = (
    "Alles wat in dit overleg wordt besproken is vertrouwelijk. De deelnemers gebruiken de informatie alleen "
    "voor het doel van dit overleg, delen haar niet met anderen en houden zich aan hun beroepsgeheim en het "
    "privacyconvenant van het Zorg- en Veiligheidshuis."
)


class RegioError(InvalidInput):
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


class Voorbereiden(_Strict):
    """What partners see when they prepare an overleg of this type (zvh_core.meetings.voorbereiden)."""

    omschrijving: bool = False
    """Whether the melding's omschrijving is shown to them; without it only what they need to look the
    persons up (names, birth date, address, soort, date, gemeente)."""


class OverlegType(_Strict):
    code: str = ""
    naam: str
    dagen: tuple[int, ...] = ()
    partners: tuple[str, ...]
    soorten: tuple[str, ...]
    routes: tuple[str, ...]
    standaard_thema: str | None = None
    """The thema proposed when this type opens a casus."""
    voorbereiden: Voorbereiden = Voorbereiden()

    def covers(self, soort: str) -> bool:
        return ANY_SOORT in self.soorten or soort in self.soorten


class Bewaartermijnen(_Strict):
    """Retention periods in years (zvh_core.privacy.retention); defaults explained in the README."""

    melding_zonder_casus_jaren: int = 2
    """A melding that led to no casus: after its last besluit (or its datum when never decided)."""
    casus_na_sluiting_jaren: int = 5
    """A closed casus, with its meldingen and actions: after the date it was closed."""
    toegangslog_jaren: int = 7
    """The access log: longer than the data it is about, so that an inzage can still say who looked."""


class Privacy(_Strict):
    grondslag: str = "Convenant Zorg- en Veiligheidshuis; AVG art. 6 lid 1 sub e"
    """Grondslag recorded on a melding or casus when its source names none."""
    aanbrengers: dict[str, str] = {}
    """Bron → partner code of the aanbrenger (the regio file says it); a bron without one is its own aanbrenger."""
    bewaartermijnen: Bewaartermijnen = Bewaartermijnen()


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
    privacy: Privacy = Privacy()
    geheimhoudingsverklaring: str = DEFAULT_GEHEIMHOUDING
    """Read aloud by the chair at the start of every overleg."""
    rapporten: dict[str, RapportDefinitie] = {}
    """The regio's own report tables (besides the packaged presets); see zvh_core/config/presets.toml."""

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
    def _check_references(self) -> Regio:
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
            if otype.standaard_thema and otype.standaard_thema not in self.themas:
                problems.append(f"overlegtypen.{code}.standaard_thema: onbekend thema '{otype.standaard_thema}'")
            for d in otype.dagen:
                if not 0 <= d <= 6:
                    problems.append(f"overlegtypen.{code}.dagen: {d} is geen weekdag (0 = maandag … 6 = zondag)")
        for bron, partner in self.privacy.aanbrengers.items():
            if bron not in self.bronnen:
                problems.append(f"privacy.aanbrengers: onbekende bron '{bron}'")
            if partner not in self.partners:
                problems.append(f"privacy.aanbrengers.{bron}: onbekende partner '{partner}'")
        problems += bad_names(self.rapporten)
        for naam, rapport in self.rapporten.items():
            problems += rapport.unknown_codes(f"rapporten.{naam}", self.soorten, self.themas)
        if "niet_nagevraagd" not in self.bekendheid:
            problems.append("bekendheid: 'niet_nagevraagd' ontbreekt")
        if problems:
            raise ValueError("\n  ".join(problems))
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

    def hold_route(self, type_code: str) -> str | None:
        """This type's route that holds a melding over to its next overleg (``naar = "zelfde"``)."""
        for code in self.overlegtypen[type_code].routes:
            if self.routes[code].naar == SAME_TYPE:
                return code
        return None

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

    def aanbrenger_for(self, bron: str) -> str:
        """The partner on whose behalf a melding of this bron is held (domain.md §6)."""
        return self.privacy.aanbrengers.get(bron, bron)

    def aanbrenger_label(self, code: str | None) -> str:
        if not code:
            return "onbekend"
        if code in self.partners:
            return self.partners[code].naam
        return self.bronnen.get(code, code)

    def partner_routes(self, partner: str) -> tuple[str, ...]:
        """Route codes that hand a melding to this partner."""
        return tuple(code for code, route in self.routes.items() if route.partner == partner)

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


_DUTCH_REASONS = {
    "missing": "ontbreekt (verplicht)",
    "extra_forbidden": "onbekende sleutel (tikfout?)",
    "string_type": "verwacht tekst tussen aanhalingstekens",
    "int_type": "verwacht een geheel getal",
    "int_parsing": "verwacht een geheel getal",
    "int_from_float": "verwacht een geheel getal",
    "bool_type": "verwacht true of false",
    "bool_parsing": "verwacht true of false",
    "tuple_type": 'verwacht een lijst, bijv. ["a", "b"]',
    "list_type": 'verwacht een lijst, bijv. ["a", "b"]',
    "dict_type": "verwacht een tabel",
    "model_type": "verwacht een tabel",
    "model_attributes_type": "verwacht een tabel",
}


def _format_validation_error(path: Path, error: ValidationError) -> str:
    lines = []
    for item in error.errors():
        key = ".".join(str(part) for part in item["loc"])
        message = _DUTCH_REASONS.get(item["type"]) or item["msg"].removeprefix("Value error, ")
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
        from zvh_core.config.settings import get_settings

        path = get_settings().regio or DEFAULT_REGIO_FILE
    return parse_regio(Path(path))
