"""The regio file: gemeenten, partners, codes, routes and meeting types as data.

Read once per process (``load_regio`` is cached). A bad file raises ``RegioError`` naming the key.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from zvh_core.config.rapport_definitie import (
    BijlageDefinitie,
    RapportDefinitie,
    bad_names,
    merge,
    merge_bijlagen,
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


ALGEMENE_LEEFGEBIEDEN = ("wonen", "financien", "zorg", "veiligheid", "dagbesteding", "justitie", "netwerk")
NAZORG_LEEFGEBIEDEN = ("id_bewijs", "onderdak", "inkomen_werk", "schulden", "zorg")
DOELSTATUSSEN = {
    "nog_niet_gestart": "nog niet gestart",
    "bezig": "bezig",
    "bereikt": "bereikt",
    "niet_haalbaar": "niet haalbaar",
}
"""Status of a goal of the plan van aanpak (domain.md §8); not regio data."""


class Procesregie(_Strict):
    """Regio data of the procesregie (domain.md §8): leefgebieden per thema, evaluation intervals,
    coded reasons for closing, roles in a family system."""

    leefgebieden: dict[str, str] = {
        "id_bewijs": "ID-bewijs",
        "onderdak": "Onderdak",
        "inkomen_werk": "Inkomen/werk",
        "schulden": "Schulden",
        "zorg": "Zorg",
        "wonen": "Wonen",
        "financien": "Financiën",
        "veiligheid": "Veiligheid",
        "dagbesteding": "Dagbesteding",
        "justitie": "Justitie",
        "netwerk": "Netwerk",
    }
    algemene_leefgebieden: tuple[str, ...] = ALGEMENE_LEEFGEBIEDEN
    """The leefgebieden of a thema without its own list."""
    leefgebieden_per_thema: dict[str, tuple[str, ...]] = {"nazorg": NAZORG_LEEFGEBIEDEN}
    evaluatie_dagen: int = 42
    """Default interval to the next evaluation of the plan."""
    evaluatie_dagen_per_thema: dict[str, int] = {}
    sluitredenen: dict[str, str] = {
        "doelen_bereikt": "Doelen bereikt",
        "overgedragen": "Overgedragen",
        "verhuisd": "Verhuisd",
        "geen_medewerking": "Geen medewerking",
        "overleden": "Overleden",
        "overig": "Overig",
    }
    gezinsrollen: dict[str, str] = {
        "betrokkene": "betrokkene",
        "ouder": "ouder",
        "kind": "kind",
        "partner": "partner",
        "ex_partner": "ex-partner",
        "overig": "overig",
    }

    def leefgebieden_van(self, thema: str) -> tuple[str, ...]:
        return self.leefgebieden_per_thema.get(thema, self.algemene_leefgebieden)

    def evaluatie_interval(self, thema: str) -> int:
        return self.evaluatie_dagen_per_thema.get(thema, self.evaluatie_dagen)

    def problems(self, themas: dict[str, str]) -> list[str]:
        found = []
        for code in self.algemene_leefgebieden:
            if code not in self.leefgebieden:
                found.append(f"procesregie.algemene_leefgebieden: onbekend leefgebied '{code}'")
        for thema, codes in self.leefgebieden_per_thema.items():
            if thema not in themas:
                found.append(f"procesregie.leefgebieden_per_thema: onbekend thema '{thema}'")
            for code in codes:
                if code not in self.leefgebieden:
                    found.append(f"procesregie.leefgebieden_per_thema.{thema}: onbekend leefgebied '{code}'")
        for thema, days in self.evaluatie_dagen_per_thema.items():
            if thema not in themas:
                found.append(f"procesregie.evaluatie_dagen_per_thema: onbekend thema '{thema}'")
            if days < 1:
                found.append(f"procesregie.evaluatie_dagen_per_thema.{thema}: verwacht een aantal dagen (1 of meer)")
        if self.evaluatie_dagen < 1:
            found.append("procesregie.evaluatie_dagen: verwacht een aantal dagen (1 of meer)")
        if not self.sluitredenen:
            found.append("procesregie.sluitredenen: geef ten minste één reden")
        if "betrokkene" not in self.gezinsrollen:
            found.append("procesregie.gezinsrollen: 'betrokkene' ontbreekt")
        return found


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
    procesregie: Procesregie = Procesregie()
    rapporten: dict[str, RapportDefinitie] = {}
    """The regio's own report tables (besides the packaged presets); see zvh_core/config/presets.toml."""
    bijlage: str = "ml-jaarverslag"
    """The appendix `zvh rapport bijlage` writes (a packaged one or one of ``bijlagen``)."""
    bijlagen: dict[str, BijlageDefinitie] = {}
    """The regio's own appendices (tables and charts per gemeente)."""

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
        for table in ("rapporten", "bijlagen"):
            if table in data:
                data[table] = with_codes(data[table])
        return data

    @model_validator(mode="after")
    def _check_references(self) -> Regio:
        problems = _duplicates(self)
        if not self.gemeenten:
            problems.append("gemeenten: de lijst is leeg; noem de gemeenten van de regio")
        if not self.partners:
            problems.append("partners: er is geen enkele partner")
        for code in self.urgente_soorten:
            if code not in self.soorten:
                problems.append(f"urgente_soorten: onbekende soort '{code}'")
        for code, route in self.routes.items():
            if route.partner and route.partner not in self.partners:
                problems.append(f"routes.{code}.partner: onbekende partner '{route.partner}'")
            if route.naar and route.naar != SAME_TYPE and route.naar not in self.overlegtypen:
                problems.append(f"routes.{code}.naar: onbekend overlegtype '{route.naar}'")
        for code, otype in self.overlegtypen.items():
            if not otype.partners:
                problems.append(f"overlegtypen.{code}.partners: de lijst is leeg; noem wie aan tafel zit")
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
        problems += self.procesregie.problems(self.themas)
        problems += bad_names(self.rapporten)
        for naam, rapport in self.rapporten.items():
            problems += rapport.unknown_codes(f"rapporten.{naam}", self.soorten, self.themas)
        problems += bad_names(self.bijlagen, "bijlagen")
        bijlagen = merge_bijlagen(self.bijlagen)
        if self.bijlage not in bijlagen:
            problems.append(f"bijlage: onbekende bijlage '{self.bijlage}' (kies uit: {', '.join(bijlagen)})")
        for naam, bijlage in self.bijlagen.items():
            problems += bijlage.problems(f"bijlagen.{naam}", self.alle_rapporten, self.soorten, self.themas)
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

    def leefgebied_label(self, code: str) -> str:
        return self.procesregie.leefgebieden.get(code, code)

    def sluitreden_label(self, code: str | None) -> str:
        if not code:
            return "—"
        return self.procesregie.sluitredenen.get(code, code)

    def rol_label(self, code: str) -> str:
        return self.procesregie.gezinsrollen.get(code, code)

    def bekendheid_label(self, code: str) -> str:
        return self.bekendheid.get(code, code)

    @property
    def alle_rapporten(self) -> dict[str, RapportDefinitie]:
        """The packaged report presets plus this regio's own tables; figures for every thema ("*") are
        made for this regio's themas."""
        return {code: d.voor_themas(self.themas) for code, d in merge(self.rapporten).items()}

    @property
    def alle_bijlagen(self) -> dict[str, BijlageDefinitie]:
        """The packaged appendices plus this regio's own."""
        return merge_bijlagen(self.bijlagen)

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


def _duplicates(regio: Regio) -> list[str]:
    """What occurs twice once casing and spaces are ignored: a report would count it in two columns."""
    problems = []

    def twice(where: str, values: list[str]) -> None:
        seen: dict[str, str] = {}
        for value in values:
            key = " ".join(value.split()).casefold()
            if key in seen:
                problems.append(f"{where}: '{value}' staat er twee keer in (ook als '{seen[key]}')")
            else:
                seen[key] = value

    twice("gemeenten", list(regio.gemeenten))
    twice("partners (kort)", [p.kort for p in regio.partners.values()])
    twice("partners (naam)", [p.naam for p in regio.partners.values()])
    for table in ("soorten", "bronnen", "themas", "bekendheid", "partners", "routes", "overlegtypen"):
        twice(f"{table} (code)", list(getattr(regio, table)))
    for code, otype in regio.overlegtypen.items():
        for field in ("partners", "soorten", "routes"):
            twice(f"overlegtypen.{code}.{field}", list(getattr(otype, field)))
    return problems


# tomllib's messages (Python 3.11–3.13), in Dutch; the line and column are kept.
_TOML_REASONS = {
    "Cannot overwrite a value": "deze sleutel heeft al een waarde (staat hij er twee keer?)",
    "Cannot declare": "deze tabel staat er twee keer",
    "Cannot mutate immutable namespace": "deze tabel is al eerder in één keer gegeven",
    "Invalid value": "ongeldige waarde (tekst tussen aanhalingstekens, een getal, true/false of een lijst)",
    "Invalid statement": "ongeldige regel (verwacht sleutel = waarde of [tabel])",
    "Expected '=' after a key in a key/value pair": "na de sleutel ontbreekt '='",
    "Unterminated string": "een tekst mist het afsluitende aanhalingsteken",
    "Invalid initial character for a key part": "een sleutel begint met een ongeldig teken",
    "Expected newline or end of document after a statement": "na de waarde hoort een nieuwe regel",
    "Illegal character": "ongeldig teken",
    "Unclosed array": "een lijst mist de afsluitende ]",
    "Unclosed inline table": "een tabel mist de afsluitende }",
}


def _toml_error(path: Path, error: tomllib.TOMLDecodeError) -> str:
    text = str(error)
    where = ""
    if "(at " in text:
        text, _, where = text.rpartition(" (at ")
        where = where.rstrip(")")
        where = where.replace("line", "regel").replace("column", "kolom").replace("end of document", "einde bestand")
    reason = next((dutch for english, dutch in _TOML_REASONS.items() if text.startswith(english)), text)
    return f"Regiobestand {path} is geen geldige TOML: {where + ': ' if where else ''}{reason}"


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
        raise RegioError(_toml_error(path, exc)) from None
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
