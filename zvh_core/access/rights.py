"""Who may do what: roles, permissions (a matrix as data) and the check every service makes.

The actor travels with the store: ``store.as_user(actor)`` gives a Store whose sessions carry it in
``session.info``; a service calls ``require(session, Recht.SOMETHING)`` before it reads or writes, so a
screen or command that forgets a check still cannot get past the service. A session without an actor
is refused. Partner accounts are also narrowed in the queries themselves (``partner_scope``).
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from zvh_core.kernel.errors import ZvhError

ACTOR = "zvh_actor"
"""Key of the actor in ``session.info``."""
CONTEXT = "zvh_context"
"""Key of the context (screen, overleg, command) in ``session.info``, for the access log."""


class AccessDenied(ZvhError):
    """The actor's role does not allow this; the message is Dutch and meant for the user.

    Deliberately not an OSError/PermissionError: handlers of file errors must never swallow it.
    """


class Recht(StrEnum):
    """Rights (permissions). The role matrix below says which role has which."""

    OVERLEG_OVERZICHT = "overleg.overzicht"
    """The list of overleggen (type, date, chair, progress): no person data."""
    OVERLEG_LEZEN = "overleg.lezen"
    """An agenda or besluitenlijst with its meldingen (partner: only what is routed to it)."""
    OVERLEG_VOEREN = "overleg.voeren"
    """Open, start, change the agenda, bekendheid, besluit, acties, close."""
    MELDING_DETAIL = "melding.detail"
    """One melding with its persons and 'Eerder bekend'."""
    VOORBEREIDEN = "overleg.voorbereiden"
    """A partner prepares a coming overleg where its organisation is expected: the lookup fields of each
    melding, and its own bekendheid, verrijking or 'deelt niet' (zvh_core.meetings.voorbereiden)."""
    MELDING_INLEZEN = "melding.inlezen"
    CASUS_LEZEN = "casus.lezen"
    CASUS_WIJZIGEN = "casus.wijzigen"
    PERSOON_ZOEKEN = "persoon.zoeken"
    PERSOON_SAMENVOEGEN = "persoon.samenvoegen"
    ACTIE_LEZEN = "actie.lezen"
    ACTIE_AFRONDEN = "actie.afronden"
    RAPPORT = "rapport.maken"
    GEBRUIKERS = "gebruikers.beheren"
    TOEGANGSLOG = "toegangslog.lezen"
    INZAGE = "inzage.maken"
    BEWAARTERMIJN = "bewaartermijn.uitvoeren"
    DEMO = "demo.vullen"
    BACKUP = "backup.maken"


PERMISSION_LABEL: dict[Recht, str] = {
    Recht.OVERLEG_OVERZICHT: "de lijst met overleggen zien",
    Recht.OVERLEG_LEZEN: "agenda's en besluitenlijsten inzien",
    Recht.OVERLEG_VOEREN: "een overleg voeren of wijzigen",
    Recht.MELDING_DETAIL: "meldingen met personen inzien",
    Recht.VOORBEREIDEN: "een overleg voorbereiden als ketenpartner",
    Recht.MELDING_INLEZEN: "meldingen of casussen inlezen",
    Recht.CASUS_LEZEN: "casussen inzien",
    Recht.CASUS_WIJZIGEN: "casussen wijzigen",
    Recht.PERSOON_ZOEKEN: "personen zoeken",
    Recht.PERSOON_SAMENVOEGEN: "personen samenvoegen",
    Recht.ACTIE_LEZEN: "acties inzien",
    Recht.ACTIE_AFRONDEN: "acties afronden",
    Recht.RAPPORT: "rapportages maken",
    Recht.GEBRUIKERS: "gebruikers beheren",
    Recht.TOEGANGSLOG: "het toegangslog inzien",
    Recht.INZAGE: "een inzage (AVG art. 15) maken",
    Recht.BEWAARTERMIJN: "gegevens na de bewaartermijn verwijderen",
    Recht.DEMO: "demodata laden",
    Recht.BACKUP: "back-ups maken of terugzetten",
}

BEHEERDER, VOORZITTER, PROCESREGISSEUR, PARTNER = "beheerder", "voorzitter", "procesregisseur", "partner"
ROLLEN: tuple[str, ...] = (BEHEERDER, VOORZITTER, PROCESREGISSEUR, PARTNER)
"""The roles an account can have."""
INSTALLATIE = "installatie"
"""A fresh store without a beheerder: the command line may do everything until the first one exists."""
SYSTEEM = "systeem"
"""Tests, benchmarks and maintenance scripts (zvh_core.access.systeem); the CLI and TUI never produce it."""

ROL_LABEL = {
    BEHEERDER: "beheerder",
    VOORZITTER: "voorzitter",
    PROCESREGISSEUR: "procesregisseur",
    PARTNER: "ketenpartner",
    INSTALLATIE: "installatie (nog geen beheerder)",
    SYSTEEM: "systeem",
}

_ALL = frozenset(Recht)
MATRIX: dict[str, frozenset[Recht]] = {
    # Accounts, regio, retention, rights requests, the log; no case content on screen.
    BEHEERDER: frozenset(
        {
            Recht.OVERLEG_OVERZICHT,
            Recht.GEBRUIKERS,
            Recht.TOEGANGSLOG,
            Recht.INZAGE,
            Recht.BEWAARTERMIJN,
            Recht.DEMO,
            Recht.BACKUP,
            Recht.RAPPORT,
        }
    ),
    # Chairs the meetings: the agenda, the table, the decisions.
    # Looking a person up mid-meeting (Ctrl+F) is part of chairing; merging persons is not.
    VOORZITTER: frozenset(
        {
            Recht.OVERLEG_OVERZICHT,
            Recht.OVERLEG_LEZEN,
            Recht.OVERLEG_VOEREN,
            Recht.MELDING_DETAIL,
            Recht.MELDING_INLEZEN,
            Recht.ACTIE_LEZEN,
            Recht.ACTIE_AFRONDEN,
            Recht.CASUS_LEZEN,
            Recht.RAPPORT,
            Recht.PERSOON_ZOEKEN,
        }
    ),
    # Coordinates casussen and looks persons up.
    PROCESREGISSEUR: frozenset(
        {
            Recht.OVERLEG_OVERZICHT,
            Recht.OVERLEG_LEZEN,
            Recht.MELDING_DETAIL,
            Recht.MELDING_INLEZEN,
            Recht.CASUS_LEZEN,
            Recht.CASUS_WIJZIGEN,
            Recht.PERSOON_ZOEKEN,
            Recht.PERSOON_SAMENVOEGEN,
            Recht.ACTIE_LEZEN,
            Recht.ACTIE_AFRONDEN,
            Recht.RAPPORT,
        }
    ),
    # Only what is routed to its organisation and the actions it owns (narrowed in the queries); before and
    # during an overleg where it is expected: the lookup fields, its own answers, the decision.
    PARTNER: frozenset(
        {
            Recht.OVERLEG_OVERZICHT,
            Recht.OVERLEG_LEZEN,
            Recht.MELDING_DETAIL,
            Recht.ACTIE_LEZEN,
            Recht.ACTIE_AFRONDEN,
            Recht.VOORBEREIDEN,
        }
    ),
    INSTALLATIE: _ALL,
    SYSTEEM: _ALL,
}


def werkplek() -> str:
    try:
        return socket.gethostname()[:120]
    except OSError:  # pragma: no cover - no hostname at all
        return "onbekend"


@dataclass(frozen=True)
class Actor:
    """Who is working: an account (or the installation/system binding) on a workstation."""

    naam: str
    rol: str
    organisatie: str | None = None
    """Partner code of a partner account."""
    gebruiker_id: int | None = None
    werkplek: str = field(default_factory=werkplek)

    @property
    def is_partner(self) -> bool:
        return self.rol == PARTNER

    def may(self, permission: Recht) -> bool:
        return permission in MATRIX.get(self.rol, frozenset())


def actor_of(session: Any) -> Actor | None:
    return session.info.get(ACTOR)


def _fresh_store_check(session: Any) -> None:
    """The installation binding holds only while the store has no active beheerder (checked once per session)."""
    if session.info.get("zvh_fresh_checked"):
        return
    from sqlalchemy import select
    from sqlmodel import col

    from zvh_core.kernel.models import Gebruiker

    exists = session.execute(
        select(col(Gebruiker.id)).where(col(Gebruiker.rol) == BEHEERDER, col(Gebruiker.actief).is_(True)).limit(1)
    ).first()
    if exists is not None:
        raise AccessDenied("Deze database heeft al een beheerder: meld u aan met --gebruiker NAAM.")
    session.info["zvh_fresh_checked"] = True


def require(session: Any, permission: Recht) -> Actor:
    """The session's actor, when its role allows ``permission``; else AccessDenied."""
    actor = actor_of(session)
    if actor is None:
        raise AccessDenied("Niet aangemeld: meld u eerst aan.")
    if not actor.may(permission):
        raise AccessDenied(
            f"Geen toegang: als {ROL_LABEL.get(actor.rol, actor.rol)} mag u niet {PERMISSION_LABEL[permission]}."
        )
    if actor.rol == INSTALLATIE:
        _fresh_store_check(session)
    return actor


def require_any(session: Any, *permissions: Recht) -> Actor:
    """The session's actor, when its role allows at least one of ``permissions``."""
    actor = actor_of(session)
    for permission in permissions:
        if actor is not None and actor.may(permission):
            return require(session, permission)
    return require(session, permissions[0])  # refused, with the first permission's message


def partner_scope(session: Any) -> str | None:
    """The organisation a partner account is limited to; None for every other role."""
    actor = actor_of(session)
    if actor is None or not actor.is_partner:
        return None
    return actor.organisatie or ""  # a partner without an organisation sees nothing, never everything


def allowed(actor: Actor | None, permission: Recht) -> bool:
    """For screens: whether to offer an action at all (the service checks again)."""
    return actor is not None and actor.may(permission)
