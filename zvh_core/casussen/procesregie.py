"""Casussen (procesregie): opened by a besluit or directly (aanmelding by a ketenpartner), their persons
(with a role in the family system) and meldingen edited; the lists and the casus itself.

A casus opened by a besluit covers that melding and its persons, in the besluit's own transaction. Periods
(closing, reopening) are in ``perioden``, the plan in ``plan``, journal and timeline in ``journaal``,
evaluations, hand-overs and "Mijn casussen" in ``regie``. A closed casus is read-only until reopened.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, func, select
from sqlmodel import Session, col

from zvh_core.access import audit
from zvh_core.access.audit import Handeling
from zvh_core.access.rights import PROCESREGISSEUR, Recht, require, require_any
from zvh_core.acties.followup import create_actie, open_clause
from zvh_core.casussen import perioden
from zvh_core.casussen.common import CasusError, changed, clean, ident, load_casus, not_in_future
from zvh_core.config.regio import Regio
from zvh_core.kernel import clock, dates
from zvh_core.kernel.models import (
    Actie,
    Casus,
    CasusDoel,
    CasusDoelWijziging,
    CasusEvaluatie,
    CasusJournaal,
    CasusMelding,
    CasusOverdracht,
    CasusPeriode,
    CasusPersoon,
    Gebruiker,
    Melding,
    MeldingPersoon,
    Persoon,
    stored_id,
)
from zvh_core.kernel.names import Naam
from zvh_core.kernel.person_fields import PersonFields, bsn_problem
from zvh_core.kernel.read_models import CasusDetail, CasusRow, MeldingRow, PersoonRow
from zvh_core.kernel.to_view import actie_view, person_view
from zvh_core.persons.matching import PersonMatcher, likely_persons
from zvh_core.persons.summaries import casus_person_names, melding_rows
from zvh_core.store import Store


@dataclass(frozen=True)
class CasusRequest:
    """What the chair chooses when a besluit opens a casus."""

    thema: str
    procesregisseur: str | None = None
    """The name of an active procesregisseur account (anything else is refused), or None."""


def _regisseur(session: Session, naam: str | None) -> tuple[str | None, int | None]:
    """(name, account id) of the active procesregisseur account with this name; a name that is no such
    account is refused (a name alone is kept only for imported history, which never passes here)."""
    naam = clean(naam)
    if naam is None:
        return None, None
    accounts = list(
        session.execute(select(Gebruiker).where(col(Gebruiker.rol) == PROCESREGISSEUR, col(Gebruiker.actief))).scalars()
    )
    account = next((a for a in accounts if a.naam.lower() == naam.lower()), None)
    if account is None:
        names = ", ".join(sorted((a.naam for a in accounts), key=str.casefold))
        choose = f"kies uit: {names}" if names else "er is nog geen; laat het leeg tot de beheerder er een maakt"
        raise CasusError(
            f"Procesregisseur: '{naam}' is geen actief account van een procesregisseur ({choose}).",
            veld="procesregisseur",
        )
    return account.naam, account.id


def _set_regisseur(session: Session, casus: Casus, naam: str | None) -> None:
    """Set the procesregisseur. The name already on the casus (from before accounts, or imported) stays as it
    is; when an account of a procesregisseur has that name, the casus is that account's from now on."""
    if casus.procesregisseur is not None and clean(naam) == casus.procesregisseur:
        if casus.procesregisseur_id is None:
            with suppress(CasusError):  # no such account: the name alone is kept
                casus.procesregisseur, casus.procesregisseur_id = _regisseur(session, naam)
        return
    casus.procesregisseur, casus.procesregisseur_id = _regisseur(session, naam)


# --- creating ----------------------------------------------------------------------------------
def _check_thema(regio: Regio, thema: str) -> None:
    if thema not in regio.themas:
        raise CasusError(f"Onbekend thema '{thema}'.", veld="thema")


def create_for_melding(
    session: Session, regio: Regio, melding_id: int, request: CasusRequest, geopend: date, today: date | None = None
) -> int:
    """A new casus for this melding and its persons (inside the caller's transaction).

    ``geopend`` is the overleg's date, but never after today: a triage started early for a later date opens
    the casus on the day the decision is actually taken."""
    _check_thema(regio, request.thema)
    melding = session.get(Melding, melding_id)
    if melding is None:
        raise CasusError("Deze melding bestaat niet.")
    geopend = min(geopend, today or clock.today())
    casus = Casus(
        thema=request.thema,
        gemeente=melding.gemeente,
        geopend=geopend,
        aanbrenger=melding.aanbrenger,
        grondslag=melding.grondslag or regio.privacy.grondslag,
        evaluatie_op=geopend + timedelta(days=regio.procesregie.evaluatie_interval(request.thema)),
    )
    _set_regisseur(session, casus, request.procesregisseur)
    session.add(casus)
    session.flush()
    assert casus.id is not None  # the flush gave it one
    perioden.start_first(session, ident(casus.id), geopend)
    _link_melding(session, casus.id, melding_id)
    return casus.id


def update_from_request(session: Session, regio: Regio, casus_id: int, request: CasusRequest) -> None:
    """The chair changed thema or procesregisseur of the casus a besluit opened."""
    _check_thema(regio, request.thema)
    casus = load_casus(session, casus_id)
    casus.thema = request.thema
    _set_regisseur(session, casus, request.procesregisseur)
    session.add(casus)


def delete_casus(session: Session, casus_id: int) -> None:
    """Remove a casus with its links and actions (a besluit that opened it was changed in the same overleg)."""
    session.execute(delete(Actie).where(col(Actie.casus_id) == casus_id))
    for model in (CasusDoelWijziging, CasusDoel, CasusJournaal, CasusEvaluatie, CasusOverdracht, CasusPeriode):
        session.execute(delete(model).where(col(model.casus_id) == casus_id))
    session.execute(delete(CasusPersoon).where(col(CasusPersoon.casus_id) == casus_id))
    session.execute(delete(CasusMelding).where(col(CasusMelding.casus_id) == casus_id))
    session.execute(delete(Casus).where(col(Casus.id) == casus_id))


def open_casus(
    store: Store,
    regio: Regio,
    *,
    thema: str,
    gemeente: str,
    geopend: date,
    procesregisseur: str | None = None,
    aangemeld_door: str | None = None,
    persoon_ids: Iterable[int] = (),
    today: date | None = None,
) -> int:
    """A casus opened directly, e.g. on an aanmelding by a ketenpartner (without a melding)."""
    _check_thema(regio, thema)
    not_in_future(geopend, today or clock.today(), "De datum van openen", veld="geopend")
    canonical = regio.gemeente_by_name(gemeente or "")
    if canonical is None:
        raise CasusError(f"Onbekende gemeente '{gemeente}'.", veld="gemeente")
    if aangemeld_door is not None and aangemeld_door not in regio.partners:
        raise CasusError(f"Onbekende partner '{aangemeld_door}'.", veld="aangemeld_door")
    with store.write() as session:
        require(session, Recht.CASUS_WIJZIGEN)
        casus = Casus(
            thema=thema,
            gemeente=canonical,
            geopend=geopend,
            aangemeld_door=aangemeld_door,
            aanbrenger=aangemeld_door or "zvh",  # on whose behalf: the partner that registered it
            grondslag=regio.privacy.grondslag,
            evaluatie_op=geopend + timedelta(days=regio.procesregie.evaluatie_interval(thema)),
        )
        _set_regisseur(session, casus, procesregisseur)
        session.add(casus)
        session.flush()
        assert casus.id is not None  # the flush gave it one
        perioden.start_first(session, ident(casus.id), geopend)
        persons = list(dict.fromkeys(persoon_ids))
        for persoon_id in persons:
            _link_persoon(session, casus.id, persoon_id)
        audit.record_persons(session, Handeling.AANGEMAAKT, persons, object_type="casus", object_id=casus.id)
        return casus.id


# --- editing -------------------------------------------------------------------------------------
def _link_persoon(session: Session, casus_id: int, persoon_id: int, rol: str = "betrokkene") -> bool:
    if session.get(Persoon, persoon_id) is None:
        raise CasusError("Deze persoon bestaat niet.")
    if session.get(CasusPersoon, (casus_id, persoon_id)) is not None:
        return False
    session.add(CasusPersoon(casus_id=casus_id, persoon_id=persoon_id, rol=rol))
    session.flush()
    return True


def _link_melding(session: Session, casus_id: int, melding_id: int) -> int:
    """Link the melding and its persons; the number of persons newly linked."""
    if session.get(CasusMelding, (casus_id, melding_id)) is None:
        session.add(CasusMelding(casus_id=casus_id, melding_id=melding_id))
        session.flush()
    added = 0
    for persoon_id in session.execute(
        select(col(MeldingPersoon.persoon_id)).where(col(MeldingPersoon.melding_id) == melding_id)
    ).scalars():
        added += _link_persoon(session, casus_id, persoon_id)
    return added


def update_casus(
    store: Store, regio: Regio, casus_id: int, *, thema: str, gemeente: str, procesregisseur: str | None
) -> None:
    """Thema and gemeente of the casus; a procesregisseur only when it has none yet (a swap is a hand-over)."""
    _check_thema(regio, thema)
    canonical = regio.gemeente_by_name(gemeente or "")
    if canonical is None:
        raise CasusError(f"Onbekende gemeente '{gemeente}'.", veld="gemeente")
    with store.write() as session:
        casus = changed(session, casus_id, "gegevens")
        if (
            casus.procesregisseur is not None
            and (clean(procesregisseur) or "").lower() != casus.procesregisseur.lower()
        ):
            # A swap goes through a hand-over, with its date and note; an edit would lose both.
            raise CasusError(
                f"De procesregisseur ({casus.procesregisseur}) wisselt alleen met een overdracht (h), met datum en "
                "notitie.",
                veld="procesregisseur",
            )
        casus.thema, casus.gemeente = thema, canonical
        _set_regisseur(session, casus, procesregisseur)
        session.add(casus)


def add_persoon(store: Store, casus_id: int, persoon_id: int, rol: str = "betrokkene") -> bool:
    """Link a person (with a role in the family system); False when already linked."""
    with store.write() as session:
        changed(session, casus_id, "persoon toegevoegd", [persoon_id])
        return _link_persoon(session, casus_id, persoon_id, rol)


def remove_persoon(store: Store, casus_id: int, persoon_id: int) -> None:
    with store.write() as session:
        changed(session, casus_id, "persoon verwijderd", [persoon_id])
        link = session.get(CasusPersoon, (casus_id, persoon_id))
        if link is not None:
            session.delete(link)


def add_melding(store: Store, casus_id: int, melding_id: int) -> int:
    """Link a melding and its persons; the number of persons newly linked."""
    with store.write() as session:
        changed(session, casus_id, "melding gekoppeld")
        if session.get(Melding, melding_id) is None:
            raise CasusError("Deze melding bestaat niet.")
        if session.get(CasusMelding, (casus_id, melding_id)) is not None:
            raise CasusError("Deze melding hoort al bij de casus.")
        return _link_melding(session, casus_id, melding_id)


def remove_melding(store: Store, casus_id: int, melding_id: int) -> None:
    """Unlink a melding; its persons stay (remove them separately when they do not belong)."""
    with store.write() as session:
        changed(session, casus_id, "melding losgekoppeld")
        link = session.get(CasusMelding, (casus_id, melding_id))
        if link is not None:
            session.delete(link)


def add_casus_actie(store: Store, regio: Regio, casus_id: int, eigenaar: str, omschrijving: str, termijn: date) -> int:
    """A follow-up task within a casus (no overleg needed)."""
    with store.write() as session:
        changed(session, casus_id, "actie")
        return create_actie(session, regio, eigenaar, omschrijving, termijn, casus_id=casus_id)


# --- persons --------------------------------------------------------------------------------------
def _check_rol(regio: Regio, rol: str) -> None:
    if rol not in regio.procesregie.gezinsrollen:
        known = ", ".join(regio.procesregie.gezinsrollen.values())
        raise CasusError(f"Onbekende rol '{rol}' (kies uit: {known}).", veld="rol")


def set_rol(store: Store, regio: Regio, casus_id: int, persoon_id: int, rol: str) -> str:
    """The person's place in the family system of the casus; returns the role stored."""
    _check_rol(regio, rol)
    with store.write() as session:
        changed(session, casus_id, f"rol {rol}", [persoon_id])
        link = session.get(CasusPersoon, (casus_id, persoon_id))
        if link is None:
            raise CasusError("Deze persoon hoort niet bij de casus.")
        link.rol = rol
        session.add(link)
        return rol


def rollen(session: Session, casus_id: int) -> dict[int, str]:
    """Persoon id → role in the family system of the casus."""
    require(session, Recht.CASUS_LEZEN)
    rows = session.execute(
        select(col(CasusPersoon.persoon_id), col(CasusPersoon.rol)).where(col(CasusPersoon.casus_id) == casus_id)
    )
    return {r[0]: r[1] for r in rows.all()}


def meldingen_van(session: Session, persoon_id: int) -> list[MeldingRow]:
    """The meldingen about a person found with the lookup, newest first (to link one to a casus)."""
    require(session, Recht.CASUS_WIJZIGEN)
    meldingen = (
        session.execute(
            select(Melding)
            .join(MeldingPersoon, col(MeldingPersoon.melding_id) == col(Melding.id))
            .where(col(MeldingPersoon.persoon_id) == persoon_id)
            .order_by(col(Melding.datum).desc(), col(Melding.id).desc())
        )
        .scalars()
        .all()
    )
    audit.record(session, Handeling.BEKEKEN, object_type="persoon", object_id=persoon_id, persoon_id=persoon_id,
                 details={"waar": "casus: melding koppelen"})  # fmt: skip
    return list(melding_rows(session, meldingen))


class LikelyPersons(CasusError):
    """ "Nieuwe persoon" found stored persons these details probably are; nothing was made. The message lists
    them; the form asks again before it makes the new person after all."""

    def __init__(self, found: list[tuple[PersoonRow, str]]) -> None:
        self.found = found
        listed = "; ".join(
            f"{row.naam}{f' ({dates.short_date(row.geboortedatum)})' if row.geboortedatum else ''}: {reason}"
            for row, reason in found
        )
        super().__init__(
            f"Deze persoon lijkt al bekend: {listed}. Kies die persoon met Esc en het zoekscherm, of sla nogmaals "
            "op (Ctrl+S) om toch een nieuwe persoon te maken."
        )


def likely_personen(
    session: Session,
    *,
    achternaam: str | None,
    tussenvoegsel: str | None = None,
    voornamen: str | None = None,
    geboortedatum: date | None = None,
    bsn: str | None = None,
    woonplaats: str | None = None,
) -> list[tuple[PersoonRow, str]]:
    """What "Nieuwe persoon" offers before it makes one: stored persons these details probably are, each
    with the reason ('herkend' first: the one ``new_persoon`` would take anyway)."""
    require_any(session, Recht.CASUS_WIJZIGEN, Recht.PERSOON_ZOEKEN)
    fields = PersonFields(
        achternaam=clean(achternaam),
        tussenvoegsel=clean(tussenvoegsel),
        voornamen=clean(voornamen),
        geboortedatum=geboortedatum,
        bsn=clean(bsn),
        woonplaats=clean(woonplaats),
    )
    found = likely_persons(session, fields)
    if not found:
        return []
    ids = [persoon_id for persoon_id, _ in found]
    audit.record_persons(session, Handeling.BEKEKEN, ids, object_type="persoon", context="nieuwe persoon")
    persons = {p.id: p for p in session.execute(select(Persoon).where(col(Persoon.id).in_(ids))).scalars()}
    counts: dict[int, int] = {
        persoon_id: n
        for persoon_id, n in session.execute(
            select(col(MeldingPersoon.persoon_id), func.count())
            .where(col(MeldingPersoon.persoon_id).in_(ids))
            .group_by(col(MeldingPersoon.persoon_id))
        )
    }
    return [
        (
            PersoonRow(
                id=p.id,
                naam=Naam.volledig(p.achternaam, p.tussenvoegsel, p.voornamen),
                geboortedatum=p.geboortedatum,
                bsn=p.bsn,
                woonplaats=p.woonplaats,
                meldingen=counts.get(p.id, 0),
            ),
            reason,
        )
        for persoon_id, reason in found
        if (p := persons.get(persoon_id)) is not None
    ]


def new_persoon(
    store: Store,
    *,
    achternaam: str | None,
    tussenvoegsel: str | None = None,
    voornamen: str | None = None,
    geboortedatum: date | None = None,
    bsn: str | None = None,
    adres: str | None = None,
    postcode: str | None = None,
    woonplaats: str | None = None,
    casus_id: int | None = None,
    rol: str = "betrokkene",
    regio: Regio | None = None,
) -> tuple[int, bool]:
    """The person with these details: an existing one when recognised (domain.md §4), else new; linked to
    ``casus_id`` when given, in the same transaction. Returns (id, recognised)."""
    fields = PersonFields(
        achternaam=clean(achternaam),
        tussenvoegsel=clean(tussenvoegsel),
        voornamen=clean(voornamen),
        geboortedatum=geboortedatum,
        bsn=clean(bsn),
        adres=clean(adres),
        postcode=clean(postcode),
        woonplaats=clean(woonplaats),
    )
    if not fields.has_name:
        raise CasusError("Vul ten minste een achternaam of voornaam in.", veld="achternaam")
    if fields.bsn and (problem := bsn_problem(fields.bsn)):
        raise CasusError(f"Ongeldig BSN '{fields.bsn}' ({problem}).", veld="bsn")
    if regio is not None:
        _check_rol(regio, rol)
    with store.write() as session:
        require(session, Recht.CASUS_WIJZIGEN)
        matcher = PersonMatcher(session)
        matcher.preload([fields])
        entry = matcher.resolve(fields)
        assert entry is not None  # checked above: a person with a name is never unknown
        matcher.save()
        assert entry.id is not None  # save gave a new person its id
        audit.record(
            session,
            Handeling.GEWIJZIGD if matcher.persons_recognised else Handeling.AANGEMAAKT,
            object_type="persoon",
            object_id=entry.id,
            persoon_id=entry.id,
            details={"casus": casus_id},
        )
        if casus_id is not None:
            changed(session, casus_id, "persoon toegevoegd", [entry.id])
            _link_persoon(session, casus_id, entry.id, rol)
        return entry.id, matcher.persons_recognised > 0


# --- reading ----------------------------------------------------------------------------------------
def _rows(session: Session, casussen: list[Casus], today: date) -> list[CasusRow]:
    ids = [stored_id(c) for c in casussen]
    if not ids:
        return []
    names = casus_person_names(session, ids)
    meldingen = dict(
        session.execute(
            select(col(CasusMelding.casus_id), func.count())
            .where(col(CasusMelding.casus_id).in_(ids))
            .group_by(col(CasusMelding.casus_id))
        ).all()
    )
    acties = dict(
        session.execute(
            select(col(Actie.casus_id), func.count())
            .where(col(Actie.casus_id).in_(ids), open_clause())
            .group_by(col(Actie.casus_id))
        ).all()
    )
    return [
        CasusRow(
            id=stored_id(c),
            extern_id=c.extern_id,
            thema=c.thema,
            gemeente=c.gemeente,
            geopend=c.geopend,
            gesloten=c.gesloten,
            procesregisseur=c.procesregisseur,
            aangemeld_door=c.aangemeld_door,
            personen=names[stored_id(c)],
            meldingen=meldingen.get(c.id, 0),
            open_acties=acties.get(c.id, 0),
            leeftijd_dagen=max(0, ((c.gesloten or today) - c.geopend).days),
        )
        for c in casussen
    ]


def list_casussen(session: Session, regio: Regio, today: date, *, include_closed: bool = False) -> list[CasusRow]:
    """Casussen by thema (in the regio's order), then procesregisseur, then oldest first."""
    require(session, Recht.CASUS_LEZEN)
    stmt = select(Casus)
    if not include_closed:
        stmt = stmt.where(col(Casus.gesloten).is_(None))
    casussen = list(session.execute(stmt).scalars())
    order = {code: n for n, code in enumerate(regio.themas)}
    casussen.sort(
        key=lambda c: (
            c.gesloten is not None,
            order.get(c.thema, len(order)),
            (c.procesregisseur or "").casefold() or "\uffff",
            c.geopend,
            c.id,
        )
    )
    return _rows(session, casussen, today)


def get_casus(session: Session, regio: Regio, casus_id: int, today: date) -> CasusDetail:
    """One casus with its persons, meldingen and actions; logged as a view of each person."""
    require(session, Recht.CASUS_LEZEN)
    casus = load_casus(session, casus_id)
    (row,) = _rows(session, [casus], today)
    persons = (
        session.execute(
            select(Persoon)
            .join(CasusPersoon, col(CasusPersoon.persoon_id) == col(Persoon.id))
            .where(col(CasusPersoon.casus_id) == casus_id)
            .order_by(col(Persoon.geboortedatum).is_(None), col(Persoon.geboortedatum), col(Persoon.id))
        )
        .scalars()
        .all()
    )
    meldingen = (
        session.execute(
            select(Melding)
            .join(CasusMelding, col(CasusMelding.melding_id) == col(Melding.id))
            .where(col(CasusMelding.casus_id) == casus_id)
            .order_by(col(Melding.datum).desc(), col(Melding.id).desc())
        )
        .scalars()
        .all()
    )
    acties = session.execute(
        select(Actie).where(col(Actie.casus_id) == casus_id).order_by(col(Actie.termijn), col(Actie.id))
    ).scalars()
    audit.record_persons(session, Handeling.BEKEKEN, [p.id for p in persons], object_type="casus", object_id=casus_id)
    return CasusDetail(
        row=row,
        reden_sluiting=casus.reden_sluiting,
        heropend_op=casus.heropend_op,
        personen=tuple(person_view(p, today) for p in persons),
        meldingen=tuple(melding_rows(session, meldingen)),
        acties=tuple(actie_view(a) for a in acties),
    )
