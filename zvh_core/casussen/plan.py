"""The plan van aanpak of a casus (domain.md §8): goals on the leefgebieden of its thema (regio data), each with
an owner partner, a status and a termijn. Every change is a version (``casus_doel_wijziging``); a change names
the version the user saw, and a goal changed meanwhile by someone else is refused with its stored state
(no lost update)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from zvh_core.access.rights import Recht, require
from zvh_core.casussen.common import CasusError, actor_name, changed, clean, ident
from zvh_core.casussen.views import DoelView
from zvh_core.config.regio import DOELSTATUSSEN, Regio
from zvh_core.kernel.models import CasusDoel, CasusDoelWijziging, utcnow
from zvh_core.store import Store

WIJZIGING_LABELS = {
    "aangemaakt": "nieuw",
    "gewijzigd": "gewijzigd",
    "sluiting": "resultaat bij sluiten",
    "resultaat_gecorrigeerd": "resultaat bij sluiten gecorrigeerd",
}
"""How a version of a goal (``casus_doel_wijziging.wat``) is named on the timeline and in the inzage."""


class DoelChanged(CasusError):
    """The goal changed since the version the user saw; nothing was stored. ``doel`` is the stored state."""

    def __init__(self, doel: DoelView) -> None:
        super().__init__(
            "Iemand anders heeft dit doel intussen gewijzigd; uw wijziging is niet opgeslagen. "
            "U ziet nu wat er is vastgelegd: voer uw wijziging zo nodig opnieuw in."
        )
        self.doel = doel


def doel_view(d: CasusDoel) -> DoelView:
    return DoelView(
        id=ident(d.id), casus_id=d.casus_id, leefgebied=d.leefgebied, tekst=d.tekst, eigenaar=d.eigenaar, status=d.status,
        termijn=d.termijn, versie=d.versie,
    )  # fmt: skip


def _check(regio: Regio, thema: str, leefgebied: str, tekst: str, eigenaar: str, status: str) -> str:
    if leefgebied not in regio.procesregie.leefgebieden_van(thema):
        allowed = ", ".join(regio.leefgebied_label(c) for c in regio.procesregie.leefgebieden_van(thema))
        raise CasusError(
            f"Leefgebied '{regio.leefgebied_label(leefgebied)}' hoort niet bij thema "
            f"{regio.thema_label(thema)} (kies uit: {allowed}).",
            veld="leefgebied",
        )
    text = clean(tekst)
    if text is None:
        raise CasusError("Beschrijf het doel.", veld="tekst")
    if eigenaar not in regio.partners:
        raise CasusError(f"Onbekende partner '{eigenaar}' als eigenaar.", veld="eigenaar")
    if status not in DOELSTATUSSEN:
        raise CasusError(f"Onbekende status '{status}'.", veld="status")
    return text


def _version(session: Session, doel: CasusDoel, wat: str, datum: date) -> None:
    session.add(
        CasusDoelWijziging(
            doel_id=ident(doel.id), casus_id=doel.casus_id, versie=doel.versie, datum=datum, door=actor_name(session),
            wat=wat, leefgebied=doel.leefgebied, tekst=doel.tekst, eigenaar=doel.eigenaar, status=doel.status,
            termijn=doel.termijn,
        )
    )  # fmt: skip


def add_doel(
    store: Store,
    regio: Regio,
    casus_id: int,
    *,
    leefgebied: str,
    tekst: str,
    eigenaar: str,
    termijn: date | None,
    today: date,
    status: str = "nog_niet_gestart",
) -> DoelView:
    """A new goal of the plan; returns it (version 1)."""
    with store.write() as session:
        casus = changed(session, casus_id, "doel toegevoegd")
        text = _check(regio, casus.thema, leefgebied, tekst, eigenaar, status)
        doel = CasusDoel(
            casus_id=casus_id, leefgebied=leefgebied, tekst=text, eigenaar=eigenaar, status=status, termijn=termijn
        )
        session.add(doel)
        session.flush()
        _version(session, doel, "aangemaakt", today)
        return doel_view(doel)


def update_doel(
    store: Store,
    regio: Regio,
    doel_id: int,
    *,
    expected_versie: int,
    tekst: str,
    eigenaar: str,
    status: str,
    termijn: date | None,
    today: date,
) -> DoelView:
    """Change a goal (its leefgebied stays); refused with the stored goal when it changed since
    ``expected_versie``. Returns the new version."""
    with store.write() as session:
        doel = session.get(CasusDoel, doel_id)
        if doel is None:
            raise CasusError("Dit doel bestaat niet (meer).")
        casus = changed(session, doel.casus_id, "doel gewijzigd")
        if doel.versie != expected_versie:
            raise DoelChanged(doel_view(doel))
        text = _check(regio, casus.thema, doel.leefgebied, tekst, eigenaar, status)
        if (text, eigenaar, status, termijn) == (doel.tekst, doel.eigenaar, doel.status, doel.termijn):
            return doel_view(doel)
        doel.tekst, doel.eigenaar, doel.status, doel.termijn = text, eigenaar, status, termijn
        doel.versie += 1
        doel.gewijzigd_op = utcnow()
        session.add(doel)
        session.flush()
        _version(session, doel, "gewijzigd", today)
        return doel_view(doel)


def doelen(session: Session, casus_id: int) -> list[DoelView]:
    """The goals of the casus, per leefgebied in the order they were set."""
    require(session, Recht.CASUS_LEZEN)
    rows = session.execute(
        select(CasusDoel).where(col(CasusDoel.casus_id) == casus_id).order_by(col(CasusDoel.id))
    ).scalars()
    return [doel_view(d) for d in rows]


def wijzigingen(session: Session, casus_id: int) -> list[CasusDoelWijziging]:
    """Every version of every goal of the casus, oldest first (for the timeline and the inzage)."""
    require(session, Recht.CASUS_LEZEN)
    return list(
        session.execute(
            select(CasusDoelWijziging)
            .where(col(CasusDoelWijziging.casus_id) == casus_id)
            .order_by(col(CasusDoelWijziging.datum), col(CasusDoelWijziging.id))
        ).scalars()
    )
