"""Plain, immutable read models that services hand to screens (no ORM objects cross over)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class OverlegView:
    id: int
    type: str
    type_naam: str
    datum: date
    voorzitter: str
    status: str
    partners: tuple[str, ...]
    gestart_op: datetime | None
    gesloten_op: datetime | None
    huidige_bespreking_id: int | None
    aantal: int = 0
    besloten: int = 0

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True)
class AgendaItem:
    bespreking_id: int
    melding_id: int
    volgorde: int
    extern_id: str
    datum: date
    soort: str
    gemeente: str
    urgent: bool
    personen: str
    """Short names of the persons, e.g. 'J. de Vries, M. de Vries'."""
    status: str
    """open, bezig, besloten or aangehouden."""
    route: str | None = None
    eerder_aangehouden: int = 0
    """How often this melding was held over before."""


@dataclass(frozen=True)
class MeldingRow:
    id: int
    extern_id: str
    datum: date
    soort: str
    gemeente: str
    personen: str


@dataclass(frozen=True)
class PersonView:
    id: int
    naam: str
    geboortedatum: date | None
    leeftijd: int | None
    bsn: str | None
    adres: str | None
    herhaald: bool
    """Had another melding in the 12 months before this one."""


@dataclass(frozen=True)
class MeldingView:
    id: int
    extern_id: str
    bron: str
    soort: str
    datum: date
    gemeente: str
    omschrijving: str | None
    urgent: bool
    personen: tuple[PersonView, ...]


@dataclass(frozen=True)
class BekendheidView:
    partner: str
    code: str
    notitie: str | None


@dataclass(frozen=True)
class BesluitView:
    route: str
    toelichting: str | None
    genomen_op: datetime


@dataclass(frozen=True)
class ActieView:
    id: int
    eigenaar: str
    omschrijving: str
    termijn: date
    afgerond_op: date | None = None
    terugkoppeling: str | None = None


@dataclass(frozen=True)
class EarlierBespreking:
    overleg_type: str
    overleg_datum: date
    bekend_bij: tuple[BekendheidView, ...]
    besluit: BesluitView | None
    acties: tuple[ActieView, ...]


@dataclass(frozen=True)
class EarlierMelding:
    melding_id: int
    extern_id: str
    datum: date
    soort: str
    gemeente: str
    omschrijving: str | None
    persoon_ids: tuple[int, ...]
    besprekingen: tuple[EarlierBespreking, ...]
    deze_melding: bool = False
    """The melding under discussion itself, shown for its earlier besprekingen (e.g. held over)."""


@dataclass(frozen=True)
class CasusRef:
    id: int
    thema: str
    geopend: date
    gesloten: date | None
    procesregisseur: str | None
    persoon_ids: tuple[int, ...]


@dataclass(frozen=True)
class History:
    """'Eerder bekend': everything earlier about the persons of one melding, newest first."""

    meldingen: tuple[EarlierMelding, ...] = ()
    casussen: tuple[CasusRef, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.meldingen and not self.casussen


@dataclass(frozen=True)
class BesprekingDetail:
    bespreking_id: int
    overleg_id: int
    volgorde: int
    versie: int
    melding: MeldingView
    bekendheid: tuple[BekendheidView, ...]
    besluit: BesluitView | None
    acties: tuple[ActieView, ...]
    history: History = field(default_factory=History)


# --- lookup, dossier, merge ----------------------------------------------------------------------
@dataclass(frozen=True)
class LookupRow:
    persoon_id: int
    naam: str
    geboortedatum: date | None
    gemeente: str | None
    laatste_contact: date | None
    match: str
    """'exact', 'lijkt' (every part found, some with a typo or as a prefix) or 'deels'."""
    via: str | None = None
    """What found the person besides the name: 'BSN', 'postcode', 'melding 2026-000123' …"""
    mogelijk_dubbel: bool = False


@dataclass(frozen=True)
class LookupResult:
    query: str
    rows: tuple[LookupRow, ...] = ()
    kandidaten: int = 0
    """How many persons were weighed (capped)."""


@dataclass(frozen=True)
class DuplicateView:
    persoon_id: int
    naam: str
    geboortedatum: date | None
    adres: str | None
    reden: str
    meldingen: int = 0


@dataclass(frozen=True)
class MergeRecordView:
    id: int
    behouden_id: int
    vervallen_id: int
    vervallen_naam: str
    samengevoegd_op: datetime
    meldingen: int
    casussen: int
    ongedaan_op: datetime | None = None


@dataclass(frozen=True)
class PersonDetail:
    id: int
    naam: str
    achternaam: str | None
    tussenvoegsel: str | None
    voornamen: str | None
    geboortedatum: date | None
    leeftijd: int | None
    bsn: str | None
    adres: str | None
    postcode: str | None
    woonplaats: str | None


@dataclass(frozen=True)
class Dossier:
    persoon: PersonDetail
    history: History
    """Every melding (with besprekingen: who knew the person, the route, the actions) and casus."""
    casus_acties: tuple[tuple[int, tuple[ActieView, ...]], ...] = ()
    """(casus id, its actions) per casus."""
    casus_gemeente: tuple[tuple[int, str], ...] = ()
    dubbelen: tuple[DuplicateView, ...] = ()
    samenvoegingen: tuple[MergeRecordView, ...] = ()
    """Merges into this person that can still be undone, newest first."""
    namen: tuple[tuple[int, str], ...] = ()
    """Names of the other persons in the timeline (co-named in meldingen and casussen)."""
