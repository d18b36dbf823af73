"""Plain, immutable read models that services hand to screens (no ORM objects cross over)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from zvh_core.kernel.names import Naam, Namen

NOBODY = Namen((), "")
"""The persons of something that names nobody (an action without a melding or casus): shown as nothing."""


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
    afgemeld: tuple[str, ...] = ()
    """Partners that sent apologies (berichten van verhindering)."""
    geheimhouding_gelezen_op: datetime | None = None
    """When the chair read the confidentiality statement; None: not yet."""

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
    personen: Namen
    """Short names of the persons, e.g. 'J. de Vries, M. de Vries' (with each name's parts)."""
    status: str
    """open, bezig, besloten or aangehouden."""
    route: str | None = None
    besloten_op: datetime | None = None
    eerder_aangehouden: int = 0
    """How often this melding was held over before."""
    persoon_ids: tuple[int, ...] = ()
    """The persons named in ``personen`` (what the access log records as shown)."""
    eerder: tuple[str, date, str] | None = None
    """The last earlier overleg that decided on this melding: (overleg type, date, route) — where a held-over
    or referred melding comes from ("doorverwezen door Routeertafel 03-12")."""


@dataclass(frozen=True)
class MeldingRow:
    id: int
    extern_id: str
    datum: date
    soort: str
    gemeente: str
    personen: Namen


@dataclass(frozen=True)
class PersonView:
    id: int
    naam: Naam
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
    """Fact: what the partner has registered."""
    oordeel: str | None = None
    """Professional opinion, kept apart from the facts."""
    reden: str | None = None
    """Why the partner does not share (code deelt_niet)."""
    versie: int = 1
    """This answer's own version (a partner's answer and the chair's change of it are checked on it)."""
    voorbereid_door: str | None = None
    """The partner account that recorded this answer itself (before or during the meeting)."""
    voorbereid_op: datetime | None = None
    beoordeling: str | None = None
    """What the chair did with the partner's own answer: bevestigd, gewijzigd, gewist (None: not yet)."""


@dataclass(frozen=True)
class BesluitView:
    route: str
    toelichting: str | None
    genomen_op: datetime
    casus_id: int | None = None
    """The casus this besluit opened."""


@dataclass(frozen=True)
class ActieView:
    id: int
    eigenaar: str
    omschrijving: str
    termijn: date
    afgerond_op: date | None = None
    terugkoppeling: str | None = None
    status: str | None = None
    """gedaan, niet_gedaan or omstandigheden_gewijzigd; None: not reviewed."""
    status_op: date | None = None
    status_overleg_id: int | None = None
    """The overleg whose review gave ``status``."""

    def reviewed_in(self, overleg_id: int) -> bool:
        """Reviewed at this overleg (not: left 'niet gedaan' by an earlier one, and due for review again)."""
        return self.status is not None and self.status_overleg_id == overleg_id

    @property
    def is_open(self) -> bool:
        return self.afgerond_op is None and self.status in (None, "niet_gedaan")


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
    eerdere_acties: tuple[ActieRow, ...] = ()
    """Open actions from earlier meetings and casussen about this melding or its persons."""


@dataclass(frozen=True)
class ActieRow:
    """An action with where it comes from: a bespreking (overleg, melding) or a casus."""

    actie: ActieView
    overleg_id: int | None = None
    overleg_type: str | None = None
    overleg_datum: date | None = None
    melding_id: int | None = None
    melding_extern_id: str | None = None
    casus_id: int | None = None
    casus_thema: str | None = None
    personen: Namen = NOBODY
    """Short names of the persons it concerns."""


@dataclass(frozen=True)
class WachtendeMelding:
    """A melding that waits for an overleg and is on no open agenda ("never lost")."""

    melding: MeldingRow
    wacht_op: tuple[str, ...]
    """Overlegtype codes it will appear on; empty: no type takes it (the chair must add it by hand)."""
    reden: str
    """nieuw, aangehouden, doorverwezen, van_agenda or niet_besproken."""
    sinds: date
    laatste_overleg_type: str | None = None


@dataclass(frozen=True)
class CasusRow:
    id: int
    extern_id: str | None
    thema: str
    gemeente: str
    geopend: date
    gesloten: date | None
    procesregisseur: str | None
    aangemeld_door: str | None
    personen: Namen
    meldingen: int
    open_acties: int
    leeftijd_dagen: int
    """Days since it was opened (to today, or to its closing)."""

    @property
    def is_open(self) -> bool:
        return self.gesloten is None


@dataclass(frozen=True)
class CasusDetail:
    row: CasusRow
    reden_sluiting: str | None
    heropend_op: date | None
    personen: tuple[PersonView, ...]
    meldingen: tuple[MeldingRow, ...]
    acties: tuple[ActieView, ...]


@dataclass(frozen=True)
class PersoonRow:
    """A search result: a person to add to a casus."""

    id: int
    naam: Naam
    geboortedatum: date | None
    bsn: str | None
    woonplaats: str | None
    meldingen: int


# --- lookup, dossier, merge ----------------------------------------------------------------------
@dataclass(frozen=True)
class LookupRow:
    persoon_id: int
    naam: Naam
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
    naam: Naam
    geboortedatum: date | None
    adres: str | None
    reden: str
    meldingen: int = 0


@dataclass(frozen=True)
class MergeRecordView:
    id: int
    behouden_id: int
    vervallen_id: int
    vervallen_naam: Naam
    samengevoegd_op: datetime
    meldingen: int
    casussen: int
    ongedaan_op: datetime | None = None


@dataclass(frozen=True)
class PersonDetail:
    id: int
    naam: Naam
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
class CasusWerk:
    """The procesregie of a casus as the dossier shows it: its periods, its plan and its journal."""

    perioden: tuple[tuple[date, date | None, str | None], ...]
    """(van, tot, reden van sluiten) per period, oldest first."""
    doelen: tuple[tuple[str, str], ...] = ()
    """(leefgebied, status) per goal."""
    journaal: int = 0
    laatste_journaal: date | None = None
    laatste_feit: str | None = None


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
    namen: tuple[tuple[int, Naam], ...] = ()
    """Names of the other persons in the timeline (co-named in meldingen and casussen)."""
    casus_werk: tuple[tuple[int, CasusWerk], ...] = ()
    """(casus id, its periods, plan and journal) per casus."""
