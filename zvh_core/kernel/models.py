"""The store's tables (SQLModel). Codes (soort, bron, route …) are the regio file's codes.

Timestamps are aware UTC datetimes; dates are calendar dates as people use them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Protocol

from sqlalchemy import JSON, Index, UniqueConstraint
from sqlmodel import Field, SQLModel, col


def utcnow() -> datetime:
    return datetime.now(UTC)


class _Stored(Protocol):
    @property
    def id(self) -> int | None: ...


def stored_id(row: _Stored) -> int:
    """The id of a row read from the store (a table's ``id`` is None only before its first flush)."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} heeft nog geen id: het is niet opgeslagen")
    return row.id


# --- persons and meldingen -------------------------------------------------------------------
class PersoonBase(SQLModel):
    achternaam: str | None = None
    tussenvoegsel: str | None = None
    voornamen: str | None = None
    geboortedatum: date | None = None
    bsn: str | None = Field(default=None, max_length=9, index=True)
    adres: str | None = None
    postcode: str | None = Field(default=None, max_length=8)
    woonplaats: str | None = None


class Persoon(PersoonBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    match_sleutel: str | None = Field(default=None, index=True)
    """Normalised achternaam + tussenvoegsel + geboortedatum + first initial (domain.md §4)."""
    aangemaakt_op: datetime = Field(default_factory=utcnow)


class MeldingBase(SQLModel):
    bron: str = Field(max_length=40)
    extern_id: str = Field(max_length=100)
    soort: str = Field(max_length=40, index=True)
    datum: date = Field(index=True)
    gemeente: str = Field(max_length=80, index=True)
    omschrijving: str | None = None
    urgent: bool = False
    aanbrenger: str | None = Field(default=None, max_length=40)
    """Partner on whose behalf the ZVH holds this melding (the ZVH has no legal basis of its own)."""
    grondslag: str | None = None
    """The legal basis the aanbrenger shares it under (regio file: privacy.grondslag)."""


class Melding(MeldingBase, table=True):
    __table_args__ = (UniqueConstraint("bron", "extern_id", name="uq_melding_bron_extern_id"),)
    id: int | None = Field(default=None, primary_key=True)
    ingelezen_op: datetime = Field(default_factory=utcnow)


class MeldingPersoon(SQLModel, table=True):
    __tablename__ = "melding_persoon"
    melding_id: int = Field(foreign_key="melding.id", primary_key=True, ondelete="CASCADE")
    persoon_id: int = Field(foreign_key="persoon.id", primary_key=True, index=True)


# --- meetings ----------------------------------------------------------------------------------
class Overleg(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("type", "datum", name="uq_overleg_type_datum"),)
    id: int | None = Field(default=None, primary_key=True)
    type: str = Field(max_length=40, index=True)
    datum: date = Field(index=True)
    voorzitter: str = ""
    status: str = Field(default="open", max_length=20)
    """open or gesloten."""
    gestart_op: datetime | None = None
    gesloten_op: datetime | None = None
    huidige_bespreking_id: int | None = None
    """Where the chair is; a resumed meeting opens here."""
    geheimhouding_gelezen_op: datetime | None = None
    """When the chair read the confidentiality statement aloud (None: not yet)."""
    aangemaakt_op: datetime = Field(default_factory=utcnow)


class OverlegPartner(SQLModel, table=True):
    __tablename__ = "overleg_partner"
    overleg_id: int = Field(foreign_key="overleg.id", primary_key=True, ondelete="CASCADE")
    partner: str = Field(primary_key=True, max_length=40)
    volgorde: int = 0
    aanwezigheid: str = Field(default="aanwezig", max_length=20, sa_column_kwargs={"server_default": "aanwezig"})
    """aanwezig, or afgemeld (sent apologies); see zvh_core.meetings.overleggen.AANWEZIGHEID."""


class Bespreking(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("overleg_id", "melding_id", name="uq_bespreking_overleg_melding"),)
    id: int | None = Field(default=None, primary_key=True)
    overleg_id: int = Field(foreign_key="overleg.id", index=True, ondelete="CASCADE")
    melding_id: int = Field(foreign_key="melding.id", index=True)
    volgorde: int = 0
    afgevoerd: bool = False
    """Taken off the agenda by the chair; the melding stays undecided."""
    versie: int = 1
    gewijzigd_op: datetime = Field(default_factory=utcnow)


class Bekendheid(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("bespreking_id", "partner", name="uq_bekendheid_bespreking_partner"),)
    id: int | None = Field(default=None, primary_key=True)
    bespreking_id: int = Field(foreign_key="bespreking.id", index=True, ondelete="CASCADE")
    partner: str = Field(max_length=40)
    code: str = Field(default="niet_nagevraagd", max_length=20)
    notitie: str | None = None
    """Fact: what the partner has registered."""
    oordeel: str | None = None
    """Professional opinion, kept apart from the facts."""
    reden_niet_delen: str | None = None
    """Why the partner does not share (code deelt_niet)."""
    gewijzigd_op: datetime = Field(default_factory=utcnow)
    versie: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    """This answer's own version: partners answering at once never conflict; the same answer changed
    twice on one version is refused (zvh_core.meetings.voorbereiden)."""
    voorbereid_door: str | None = Field(default=None, max_length=80)
    """The partner account that recorded this answer itself (beforehand, or on its own screen in the meeting)."""
    voorbereid_op: datetime | None = None
    beoordeling: str | None = Field(default=None, max_length=20)
    """What the chair did with a partner's own answer: bevestigd, gewijzigd or gewist (None: not yet)."""


class GeplandAntwoord(SQLModel, table=True):
    """A partner's answer prepared for a melding on the agenda of an overleg the chair has not opened yet (its
    type on its regular day). Opening that overleg carries it over into a Bekendheid row with the same fields
    and version (zvh_core.meetings.planned), and removes it here."""

    __tablename__ = "gepland_antwoord"
    __table_args__ = (
        UniqueConstraint(
            "overleg_type", "datum", "melding_id", "partner", name="uq_gepland_antwoord_overleg_melding_partner"
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    overleg_type: str = Field(max_length=40)
    datum: date
    melding_id: int = Field(foreign_key="melding.id", index=True, ondelete="CASCADE")
    partner: str = Field(max_length=40)
    code: str = Field(default="niet_nagevraagd", max_length=20)
    notitie: str | None = None
    oordeel: str | None = None
    reden_niet_delen: str | None = None
    gewijzigd_op: datetime = Field(default_factory=utcnow)
    versie: int = 0
    voorbereid_door: str | None = Field(default=None, max_length=80)
    voorbereid_op: datetime | None = None


class Besluit(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    bespreking_id: int = Field(foreign_key="bespreking.id", unique=True, ondelete="CASCADE")
    route: str = Field(max_length=40, index=True)
    """Indexed: agendas start from the few besluiten that send a melding on (aanhouden, triage)."""
    toelichting: str | None = None
    genomen_op: datetime = Field(default_factory=utcnow)
    casus_id: int | None = Field(default=None, foreign_key="casus.id", ondelete="SET NULL")
    """The casus this besluit opened (route with opent_casus)."""


# --- casussen (procesregie) --------------------------------------------------------------------
class Casus(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    extern_id: str | None = Field(default=None, max_length=100, unique=True)
    thema: str = Field(max_length=40, index=True)
    gemeente: str = Field(max_length=80, index=True)
    geopend: date = Field(index=True)
    gesloten: date | None = Field(default=None, index=True)
    reden_sluiting: str | None = None
    procesregisseur: str | None = None
    aanbrenger: str | None = Field(default=None, max_length=40)
    grondslag: str | None = None
    aangemeld_door: str | None = Field(default=None, max_length=40)
    """Partner code of a ketenpartner that registered the casus directly (no melding)."""
    heropend_op: date | None = None
    """The start of the latest period when the casus was reopened (its periods: CasusPeriode)."""
    procesregisseur_id: int | None = Field(default=None, foreign_key="gebruiker.id", ondelete="SET NULL")
    """The account of the procesregisseur; ``procesregisseur`` keeps the name (alone, for imported history)."""
    evaluatie_op: date | None = None
    """The next evaluation of the plan van aanpak."""
    aangemaakt_op: datetime = Field(default_factory=utcnow)


class CasusPeriode(SQLModel, table=True):
    """One period in which a casus ran: from its opening (or a reopening) to its closing, or still open.

    Reopening adds a period and never changes one that has ended (domain.md §5 "ran in P")."""

    __tablename__ = "casus_periode"
    __table_args__ = (Index("ix_casus_periode_casus_van_tot", "casus_id", "van", "tot"),)
    id: int | None = Field(default=None, primary_key=True)
    casus_id: int = Field(foreign_key="casus.id", index=True, ondelete="CASCADE")
    van: date
    tot: date | None = None
    heropend: bool = False
    """True when this period began with a reopening (else with the opening itself)."""
    reden_heropenen: str | None = None
    geopend_door: str | None = Field(default=None, max_length=80)
    geopend_vastgelegd_op: datetime = Field(default_factory=utcnow)
    reden_sluiting: str | None = Field(default=None, max_length=40)
    """Code from the regio file (procesregie.sluitredenen); imported history may hold free text."""
    sluiting_notitie: str | None = None
    samenvatting: str | None = None
    """The evaluation written at closing."""
    doel_resultaten: dict = Field(default_factory=dict, sa_type=JSON)
    """Doel id (as text) → its status at this closing."""
    gesloten_door: str | None = Field(default=None, max_length=80)
    gesloten_vastgelegd_op: datetime | None = None


class CasusDoel(SQLModel, table=True):
    """A goal of the plan van aanpak, on one leefgebied; changes are versioned (CasusDoelWijziging)."""

    __tablename__ = "casus_doel"
    id: int | None = Field(default=None, primary_key=True)
    casus_id: int = Field(foreign_key="casus.id", index=True, ondelete="CASCADE")
    leefgebied: str = Field(max_length=40)
    tekst: str
    eigenaar: str = Field(max_length=40)
    """Partner code of the owner."""
    status: str = Field(default="nog_niet_gestart", max_length=20)
    termijn: date | None = None
    versie: int = 1
    gewijzigd_op: datetime = Field(default_factory=utcnow)


class CasusDoelWijziging(SQLModel, table=True):
    """One version of a goal: what it became, when, by whom."""

    __tablename__ = "casus_doel_wijziging"
    id: int | None = Field(default=None, primary_key=True)
    doel_id: int = Field(foreign_key="casus_doel.id", index=True, ondelete="CASCADE")
    casus_id: int = Field(foreign_key="casus.id", index=True, ondelete="CASCADE")
    versie: int
    datum: date
    door: str | None = Field(default=None, max_length=80)
    wat: str = Field(max_length=40)
    """aangemaakt, gewijzigd, sluiting (the result recorded when the casus closed) or resultaat_gecorrigeerd
    (a correction of that result, dated on the closing it corrects)."""
    leefgebied: str = Field(max_length=40)
    tekst: str
    eigenaar: str = Field(max_length=40)
    status: str = Field(max_length=20)
    termijn: date | None = None
    vastgelegd_op: datetime = Field(default_factory=utcnow)


class CasusJournaal(SQLModel, table=True):
    """A dated journal entry: who wrote it, which partner it comes from, the fact apart from the opinion."""

    __tablename__ = "casus_journaal"
    id: int | None = Field(default=None, primary_key=True)
    casus_id: int = Field(foreign_key="casus.id", index=True, ondelete="CASCADE")
    datum: date
    auteur: str | None = Field(default=None, max_length=80)
    bron_partner: str | None = Field(default=None, max_length=40)
    feit: str | None = None
    oordeel: str | None = None
    vastgelegd_op: datetime = Field(default_factory=utcnow)


class CasusEvaluatie(SQLModel, table=True):
    """An evaluation of the plan van aanpak, with the date of the next one."""

    __tablename__ = "casus_evaluatie"
    id: int | None = Field(default=None, primary_key=True)
    casus_id: int = Field(foreign_key="casus.id", index=True, ondelete="CASCADE")
    datum: date
    door: str | None = Field(default=None, max_length=80)
    samenvatting: str
    volgende_op: date | None = None
    vastgelegd_op: datetime = Field(default_factory=utcnow)


class CasusOverdracht(SQLModel, table=True):
    """A change of procesregisseur, with its date and hand-over note."""

    __tablename__ = "casus_overdracht"
    id: int | None = Field(default=None, primary_key=True)
    casus_id: int = Field(foreign_key="casus.id", index=True, ondelete="CASCADE")
    datum: date
    van_regisseur: str | None = Field(default=None, max_length=80)
    naar_regisseur: str = Field(max_length=80)
    notitie: str
    door: str | None = Field(default=None, max_length=80)
    vastgelegd_op: datetime = Field(default_factory=utcnow)


class CasusPersoon(SQLModel, table=True):
    __tablename__ = "casus_persoon"
    casus_id: int = Field(foreign_key="casus.id", primary_key=True, ondelete="CASCADE")
    persoon_id: int = Field(foreign_key="persoon.id", primary_key=True, index=True)
    rol: str = Field(default="betrokkene", max_length=20, sa_column_kwargs={"server_default": "betrokkene"})
    """The person's place in the family system (regio file: procesregie.gezinsrollen)."""


class CasusMelding(SQLModel, table=True):
    __tablename__ = "casus_melding"
    casus_id: int = Field(foreign_key="casus.id", primary_key=True, ondelete="CASCADE")
    melding_id: int = Field(foreign_key="melding.id", primary_key=True, index=True)


# --- follow-up ---------------------------------------------------------------------------------
class Actie(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    bespreking_id: int | None = Field(default=None, foreign_key="bespreking.id", index=True, ondelete="CASCADE")
    casus_id: int | None = Field(default=None, foreign_key="casus.id", index=True, ondelete="CASCADE")
    eigenaar: str = Field(max_length=40, index=True)
    """Partner code of the owner."""
    omschrijving: str
    termijn: date
    afgerond_op: date | None = None
    terugkoppeling: str | None = None
    status: str | None = Field(default=None, max_length=30)
    """gedaan, niet_gedaan or omstandigheden_gewijzigd (see zvh_core.acties.followup); None: not reviewed."""
    status_op: date | None = None
    status_overleg_id: int | None = Field(default=None, foreign_key="overleg.id", ondelete="SET NULL")
    """The overleg in which the status was set (the review of the previous overleg's actions)."""
    aangemaakt_op: datetime = Field(default_factory=utcnow)


# --- accounts and the access log (privacy) -----------------------------------------------------
class Gebruiker(SQLModel, table=True):
    """A local account. The password is only stored as an Argon2id hash."""

    id: int | None = Field(default=None, primary_key=True)
    naam: str = Field(max_length=80, unique=True)
    rol: str = Field(max_length=20)
    """beheerder, voorzitter, procesregisseur or partner (zvh_core.access.rights.ROLLEN)."""
    organisatie: str | None = Field(default=None, max_length=40)
    """Partner code of a partner account."""
    wachtwoord_hash: str
    actief: bool = True
    mislukte_pogingen: int = 0
    geblokkeerd_tot: datetime | None = None
    laatst_aangemeld_op: datetime | None = None
    aangemaakt_op: datetime = Field(default_factory=utcnow)


class Toegangslog(SQLModel, table=True):
    """Append-only access log; each entry holds the hash of the previous one (zvh_core.access.audit)."""

    id: int | None = Field(default=None, primary_key=True)
    tijd: datetime = Field(index=True)
    gebruiker: str = Field(max_length=80, index=True)
    rol: str = Field(max_length=20)
    actie: str = Field(max_length=40, index=True)
    object_type: str | None = Field(default=None, max_length=40)
    object_id: str | None = Field(default=None, max_length=80)
    persoon_id: int | None = Field(default=None, index=True)
    """No foreign key: the entry outlives the person record (retention)."""
    context: str | None = None
    werkplek: str | None = Field(default=None, max_length=120)
    details: str | None = None
    """Counts or parameters, never personal content."""
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)


# --- lookup (zvh_core/search_index.py, zvh_core/lookup.py, zvh_core/merge.py) ------------------
class PersoonZoeksleutel(SQLModel, table=True):
    """One search key of one person: 'n:<name token>', 'g:<geboortedatum>', 'b:<bsn>', 'p:<postcode>',
    'a:<postcode><huisnummer>'. Kept in step by zvh_core.store.search_index; queried by equality and prefix."""

    __tablename__ = "persoon_zoeksleutel"
    __table_args__ = (
        Index("ix_persoon_zoeksleutel_persoon", "persoon_id", "sleutel"),
        {"sqlite_with_rowid": False},
    )
    sleutel: str = Field(primary_key=True, max_length=120)
    persoon_id: int = Field(foreign_key="persoon.id", primary_key=True, ondelete="CASCADE")


class Zoekwoord(SQLModel, table=True):
    """The vocabulary of name tokens with their one-letter deletions (variant → woord), for typo matching."""

    __table_args__ = ({"sqlite_with_rowid": False},)
    variant: str = Field(primary_key=True, max_length=80)
    woord: str = Field(primary_key=True, max_length=80)


class PersoonSamenvoeging(SQLModel, table=True):
    """A merge of two Persoon records, with all it takes to undo it."""

    __tablename__ = "persoon_samenvoeging"
    id: int | None = Field(default=None, primary_key=True)
    behouden_id: int = Field(index=True)
    vervallen_id: int = Field(index=True)
    vervallen_gegevens: dict = Field(default_factory=dict, sa_type=JSON)
    """Every column of the removed record (dates as ISO text)."""
    behouden_voor: dict = Field(default_factory=dict, sa_type=JSON)
    """Columns of the kept record that the merge filled in: their values before the merge."""
    meldingen_verplaatst: list = Field(default_factory=list, sa_type=JSON)
    meldingen_dubbel: list = Field(default_factory=list, sa_type=JSON)
    """Meldingen that named both: the removed record's link was dropped."""
    casussen_verplaatst: list = Field(default_factory=list, sa_type=JSON)
    casussen_dubbel: list = Field(default_factory=list, sa_type=JSON)
    samengevoegd_op: datetime = Field(default_factory=utcnow)
    ongedaan_op: datetime | None = None


Index("ix_melding_soort_datum", col(Melding.soort), col(Melding.datum))
Index("ix_melding_extern_id", col(Melding.extern_id))
Index("ix_melding_persoon_persoon_melding", col(MeldingPersoon.persoon_id), col(MeldingPersoon.melding_id))
Index("ix_melding_gemeente_datum", col(Melding.gemeente), col(Melding.datum))
# Reports (zvh_core/rapport): covering indexes for the per-gemeente counts of meldingen and casussen.
Index("ix_melding_gemeente_soort_datum", col(Melding.gemeente), col(Melding.soort), col(Melding.datum))
Index("ix_casus_gemeente_thema_geopend", col(Casus.gemeente), col(Casus.thema), col(Casus.geopend), col(Casus.gesloten))
