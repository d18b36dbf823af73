"""ORM rows to read models: the converters every capability uses to hand screens plain views."""

from __future__ import annotations

from datetime import date

from zvh_core.kernel.models import Actie, Bekendheid, Besluit, Persoon, stored_id
from zvh_core.kernel.names import Naam, age_on
from zvh_core.kernel.read_models import (
    ActieView,
    BekendheidView,
    BesluitView,
    PersonView,
)


def address_of(persoon: Persoon) -> str | None:
    """'Markt 1, 6041 AB Roermond'."""
    parts = [p for p in (persoon.adres, " ".join(x for x in (persoon.postcode, persoon.woonplaats) if x)) if p]
    return ", ".join(parts) or None


def person_view(persoon: Persoon, today: date, *, herhaald: bool = False) -> PersonView:
    return PersonView(
        id=stored_id(persoon),
        naam=Naam.volledig(persoon.achternaam, persoon.tussenvoegsel, persoon.voornamen),
        geboortedatum=persoon.geboortedatum,
        leeftijd=age_on(persoon.geboortedatum, today),
        bsn=persoon.bsn,
        adres=address_of(persoon),
        herhaald=herhaald,
    )


def actie_view(actie: Actie) -> ActieView:
    return ActieView(
        id=stored_id(actie),
        eigenaar=actie.eigenaar,
        omschrijving=actie.omschrijving,
        termijn=actie.termijn,
        afgerond_op=actie.afgerond_op,
        terugkoppeling=actie.terugkoppeling,
        status=actie.status,
        status_op=actie.status_op,
        status_overleg_id=actie.status_overleg_id,
    )


def besluit_view(besluit: Besluit) -> BesluitView:
    return BesluitView(
        route=besluit.route, toelichting=besluit.toelichting, genomen_op=besluit.genomen_op, casus_id=besluit.casus_id
    )


def bekendheid_view(row: Bekendheid) -> BekendheidView:
    return BekendheidView(
        partner=row.partner,
        code=row.code,
        notitie=row.notitie,
        oordeel=row.oordeel,
        reden=row.reden_niet_delen,
        versie=row.versie,
        voorbereid_door=row.voorbereid_door,
        voorbereid_op=row.voorbereid_op,
        beoordeling=row.beoordeling,
    )
