"""Read models of the procesregie: a casus' periods, goals, journal, evaluations, hand-overs and timeline, and
the rows of "Mijn casussen". Frozen dataclasses: what the services hand to the screens and the inzage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from zvh_core.kernel.names import Namen


@dataclass(frozen=True)
class PeriodeView:
    """One period in which the casus ran (domain.md §5)."""

    id: int
    van: date
    tot: date | None
    heropend: bool
    reden_heropenen: str | None
    geopend_door: str | None
    reden_sluiting: str | None
    """Code (regio: procesregie.sluitredenen); imported history may hold free text."""
    sluiting_notitie: str | None
    samenvatting: str | None
    doel_resultaten: dict[str, str]
    gesloten_door: str | None
    geopend_vastgelegd_op: datetime | None = None
    gesloten_vastgelegd_op: datetime | None = None
    """When the opening and the closing were recorded (the order of one day's timeline)."""

    @property
    def is_open(self) -> bool:
        return self.tot is None


@dataclass(frozen=True)
class DoelView:
    id: int
    casus_id: int
    leefgebied: str
    tekst: str
    eigenaar: str
    status: str
    termijn: date | None
    versie: int

    def overdue(self, today: date) -> bool:
        return self.termijn is not None and self.termijn < today and self.status in ("nog_niet_gestart", "bezig")


@dataclass(frozen=True)
class JournaalView:
    id: int | None
    """None for the first entry: the decision that opened the casus (read from its besluit)."""
    datum: date
    auteur: str | None
    bron_partner: str | None
    feit: str | None
    oordeel: str | None
    vastgelegd_op: datetime | None = None


@dataclass(frozen=True)
class EvaluatieView:
    id: int
    datum: date
    door: str | None
    samenvatting: str
    volgende_op: date | None


@dataclass(frozen=True)
class OverdrachtView:
    id: int
    datum: date
    van_regisseur: str | None
    naar_regisseur: str
    notitie: str
    door: str | None


@dataclass(frozen=True)
class TijdlijnItem:
    """One line of the casus' timeline; ``soort`` says where it comes from."""

    datum: date
    soort: str
    """periode (opened or reopened), sluiting, journaal, melding, bespreking, besluit, actie, doel, evaluatie,
    overdracht."""
    tekst: str
    """What happened, without person text (safe to show in privacy mode)."""
    notitie: str | None = None
    """Free text written by a user (masked in privacy mode)."""
    door: str | None = None
    volgorde: datetime | None = None


@dataclass(frozen=True)
class Werkdossier:
    """Everything of the casus as a working file (besides its persons, meldingen and actions)."""

    perioden: tuple[PeriodeView, ...]
    doelen: tuple[DoelView, ...]
    journaal: tuple[JournaalView, ...]
    evaluaties: tuple[EvaluatieView, ...]
    overdrachten: tuple[OverdrachtView, ...]
    tijdlijn: tuple[TijdlijnItem, ...]
    evaluatie_op: date | None
    procesregisseur_id: int | None
    toelichting: str | None
    """The triage decision's toelichting that opened the casus (None when opened directly)."""
    rollen: dict[int, str]
    """Persoon id → role in the family system."""


@dataclass(frozen=True)
class Sluitcheck:
    """What closing would leave behind: the open actions and the goals without a final result."""

    open_acties: tuple[str, ...]
    doelen: tuple[DoelView, ...]


@dataclass(frozen=True)
class MijnCasus:
    """A row of "Mijn casussen"."""

    id: int
    thema: str
    gemeente: str
    personen: Namen
    evaluatie_op: date | None
    doelen_over_termijn: int
    acties_over_termijn: int
    dagen_sinds_journaal: int | None
    """Days since the last journal entry (None: no entry yet)."""

    def evaluatie_due(self, today: date, days: int = 7) -> bool:
        return self.evaluatie_op is not None and (self.evaluatie_op - today).days < days
