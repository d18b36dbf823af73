"""Local accounts: adding, logging in (with lockout), disabling, resetting.

Passwords are hashed with Argon2id (argon2-cffi): 64 MiB memory, 3 passes, 4 lanes — above the
OWASP minimum of 19 MiB and 2 passes — and never stored, logged or shown in clear. Five wrong
passwords in a row lock an account for 15 minutes; every login, failure and lock is in the access log.

A fresh store (no active beheerder yet) accepts commands under the installation binding until the
first beheerder exists (domain.md §6); the TUI asks to create that beheerder first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlmodel import Session, col

from zvh_core.access import audit
from zvh_core.access.audit import Handeling
from zvh_core.access.rights import (
    BEHEERDER,
    INSTALLATIE,
    PARTNER,
    PERMISSION_LABEL,
    ROL_LABEL,
    ROLLEN,
    AccessDenied,
    Actor,
    Recht,
    require,
)
from zvh_core.kernel.errors import InvalidInput
from zvh_core.kernel.models import Gebruiker, stored_id, utcnow

if TYPE_CHECKING:  # the store sits a floor above access; only its type is needed here (the regio's too)
    from zvh_core.config.regio import Regio
    from zvh_core.store import Store

HASHER = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=4)
"""Argon2id; memory_cost in KiB."""
MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD_LENGTH = 12
_dummy: tuple[PasswordHasher, str] | None = None


def dummy_hash() -> str:
    """A hash of HASHER's strength to check a password against when the name is unknown; made at the first
    unknown name (~60 ms of Argon2), not when the module is imported (every `zvh` command imports it)."""
    global _dummy
    if _dummy is None or _dummy[0] is not HASHER:
        _dummy = (HASHER, HASHER.hash("geen-gebruiker-met-deze-naam"))
    return _dummy[1]


class AccountError(InvalidInput):
    """A refused account change or a failed login; the message is Dutch and meant for the user."""


@dataclass(frozen=True)
class GebruikerView:
    id: int
    naam: str
    rol: str
    organisatie: str | None
    actief: bool
    geblokkeerd_tot: datetime | None
    laatst_aangemeld_op: datetime | None

    def locked(self, now: datetime) -> bool:
        until = _aware(self.geblokkeerd_tot)
        return until is not None and until > now


def check_password(wachtwoord: str, naam: str = "") -> None:
    if len(wachtwoord) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Een wachtwoord heeft minstens {MIN_PASSWORD_LENGTH} tekens.")
    if len(naam.strip()) >= 3 and naam.strip().casefold() in wachtwoord.casefold():
        raise AccountError("Het wachtwoord mag de gebruikersnaam niet bevatten.")


def _check_role(regio: Regio, rol: str, organisatie: str | None) -> str | None:
    if rol not in ROLLEN:
        raise AccountError(f"Onbekende rol '{rol}'; kies uit {', '.join(ROLLEN)}.")
    if rol == PARTNER:
        if not organisatie:
            raise AccountError("Een partneraccount hoort bij een organisatie: geef --organisatie CODE.")
        if organisatie not in regio.partners:
            raise AccountError(f"Onbekende organisatie '{organisatie}'; kies uit {', '.join(regio.partners)}.")
        return organisatie
    if organisatie:
        raise AccountError("Alleen een partneraccount hoort bij een organisatie.")
    return None


def _find(session: Session, naam: str) -> Gebruiker | None:
    """The account, locked for this write transaction (PostgreSQL: two logins of one account count their
    failures one after the other, none lost)."""
    query = select(Gebruiker).where(func.lower(col(Gebruiker.naam)) == naam.strip().lower())
    return session.execute(query.with_for_update()).scalars().first()


def _view(g: Gebruiker) -> GebruikerView:
    return GebruikerView(stored_id(g), g.naam, g.rol, g.organisatie, g.actief, g.geblokkeerd_tot, g.laatst_aangemeld_op)


def _actor(g: Gebruiker, werkplek: str | None = None) -> Actor:
    actor = Actor(naam=g.naam, rol=g.rol, organisatie=g.organisatie, gebruiker_id=g.id)
    return actor if werkplek is None else Actor(g.naam, g.rol, g.organisatie, g.id, werkplek)


def user_exists(store: Store, naam: str) -> bool:
    """Whether an account of this name exists (reveals nothing else; used for the demo login hint)."""
    with store.read() as session:
        return _find(session, naam) is not None


def has_beheerder(store: Store) -> bool:
    with store.read() as session:
        return _has_beheerder(session)


def _has_beheerder(session: Session) -> bool:
    return (
        session.execute(
            select(col(Gebruiker.id)).where(col(Gebruiker.rol) == BEHEERDER, col(Gebruiker.actief).is_(True)).limit(1)
        ).first()
        is not None
    )


def _insert(session: Session, regio: Regio, naam: str, rol: str, wachtwoord: str, organisatie: str | None) -> Gebruiker:
    naam = naam.strip()
    if not naam or len(naam) > 80:
        raise AccountError("Een gebruikersnaam heeft 1 tot 80 tekens.")
    organisatie = _check_role(regio, rol, organisatie)
    check_password(wachtwoord, naam)
    if _find(session, naam) is not None:
        raise AccountError(f"Er is al een gebruiker '{naam}'.")
    gebruiker = Gebruiker(naam=naam, rol=rol, organisatie=organisatie, wachtwoord_hash=HASHER.hash(wachtwoord))
    session.add(gebruiker)
    session.flush()
    return gebruiker


def add_user(store: Store, regio: Regio, naam: str, rol: str, wachtwoord: str, organisatie: str | None = None) -> int:
    """A new account (beheerder only; on a fresh store, the installation binding)."""
    with store.write() as session:
        require(session, Recht.GEBRUIKERS)
        gebruiker = _insert(session, regio, naam, rol, wachtwoord, organisatie)
        audit.record(
            session,
            Handeling.GEBRUIKER,
            object_type="gebruiker",
            object_id=gebruiker.id,
            details={"wat": "toegevoegd", "naam": gebruiker.naam, "rol": rol, "organisatie": gebruiker.organisatie},
        )
        return stored_id(gebruiker)


def create_first_beheerder(store: Store, regio: Regio, naam: str, wachtwoord: str) -> Actor:
    """The first beheerder of a fresh store (TUI first start); refused once one exists."""
    with store.write() as session:
        if _has_beheerder(session):
            raise AccountError("Deze database heeft al een beheerder.")
        gebruiker = _insert(session, regio, naam, BEHEERDER, wachtwoord, None)
        actor = _actor(gebruiker)
        audit.record(
            session,
            Handeling.GEBRUIKER,
            object_type="gebruiker",
            object_id=gebruiker.id,
            actor=actor,
            details={"wat": "eerste beheerder aangemaakt", "naam": gebruiker.naam},
        )
        return actor


def list_users(session: Session) -> list[GebruikerView]:
    require(session, Recht.GEBRUIKERS)
    return [_view(g) for g in session.execute(select(Gebruiker).order_by(col(Gebruiker.naam))).scalars()]


def _change(store: Store, naam: str, wat: str, change) -> None:
    with store.write() as session:
        actor = require(session, Recht.GEBRUIKERS)
        gebruiker = _find(session, naam)
        if gebruiker is None:
            raise AccountError(f"Geen gebruiker '{naam}'.")
        change(session, gebruiker, actor)
        session.add(gebruiker)
        audit.record(
            session,
            Handeling.GEBRUIKER,
            object_type="gebruiker",
            object_id=gebruiker.id,
            details={"wat": wat, "naam": gebruiker.naam},
        )


def _last_beheerder_guard(session: Session, gebruiker: Gebruiker) -> None:
    if gebruiker.rol != BEHEERDER or not gebruiker.actief:
        return
    others = session.execute(
        select(func.count(col(Gebruiker.id))).where(
            col(Gebruiker.rol) == BEHEERDER, col(Gebruiker.actief).is_(True), col(Gebruiker.id) != gebruiker.id
        )
    ).one()[0]
    if not others:
        raise AccountError("Dit is de laatste actieve beheerder; maak eerst een andere beheerder aan.")


def disable_user(store: Store, naam: str) -> None:
    """Switch an account off (it stays, for the access log); it can no longer log in."""

    def change(session, gebruiker, actor):
        _last_beheerder_guard(session, gebruiker)
        gebruiker.actief = False

    _change(store, naam, "uitgeschakeld", change)


def enable_user(store: Store, naam: str) -> None:
    def change(session, gebruiker, actor):
        gebruiker.actief = True
        gebruiker.mislukte_pogingen = 0
        gebruiker.geblokkeerd_tot = None

    _change(store, naam, "ingeschakeld", change)


def reset_password(store: Store, naam: str, wachtwoord: str) -> None:
    """A new password (the beheerder hands it over); also lifts a lock."""

    def change(session, gebruiker, actor):
        check_password(wachtwoord, gebruiker.naam)
        gebruiker.wachtwoord_hash = HASHER.hash(wachtwoord)
        gebruiker.mislukte_pogingen = 0
        gebruiker.geblokkeerd_tot = None

    _change(store, naam, "wachtwoord opnieuw ingesteld", change)


def unlock_user(store: Store, naam: str) -> None:
    def change(session, gebruiker, actor):
        gebruiker.mislukte_pogingen = 0
        gebruiker.geblokkeerd_tot = None

    _change(store, naam, "blokkade opgeheven", change)


# --- logging in -----------------------------------------------------------------------------------
def _aware(moment: datetime | None) -> datetime | None:
    from datetime import UTC

    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


LOGIN_FAILED = (
    f"Onbekende gebruiker of onjuist wachtwoord. Na {MAX_FAILURES} onjuiste wachtwoorden is een account "
    f"{LOCK_MINUTES} minuten geblokkeerd."
)
"""The one answer to every failed login (unknown name, disabled, wrong password, locked): nobody can tell
from it whether an account of that name exists."""
UNKNOWN_NAME = "(onbekende naam)"
"""Who the log names for a login with a name no account has: what was typed may be a password."""


def login(
    store: Store, naam: str, wachtwoord: str, *, context: str = "aanmelden", now: datetime | None = None
) -> Actor:
    """The actor of this account when the password is right; AccountError otherwise (logged either way).
    Every failure gives the same message (LOGIN_FAILED), and a name that is no account is not logged as
    typed (it may be a password typed in the wrong field)."""
    now = now or utcnow()
    failure: str | None = None
    with store.write() as session:
        gebruiker = _find(session, naam) if naam.strip() else None
        if gebruiker is None or not gebruiker.actief:
            _verify(dummy_hash(), wachtwoord)  # same time as a real check: names cannot be probed
            anonymous = Actor(naam=gebruiker.naam if gebruiker is not None else UNKNOWN_NAME, rol="onbekend")
            audit.record(
                session,
                Handeling.AANMELDING_MISLUKT,
                object_type="gebruiker",
                actor=anonymous,
                context=context,
                details={"reden": "onbekend of uitgeschakeld"},
            )
            failure = LOGIN_FAILED
        else:
            actor = _actor(gebruiker)
            locked_until = _aware(gebruiker.geblokkeerd_tot)
            if locked_until is not None and locked_until > now:
                _verify(dummy_hash(), wachtwoord)  # the same time as any other attempt
                audit.record(
                    session,
                    Handeling.AANMELDING_MISLUKT,
                    object_type="gebruiker",
                    object_id=gebruiker.id,
                    actor=actor,
                    context=context,
                    details={"reden": "geblokkeerd"},
                )
                failure = LOGIN_FAILED
            elif _verify(gebruiker.wachtwoord_hash, wachtwoord):
                if HASHER.check_needs_rehash(gebruiker.wachtwoord_hash):
                    gebruiker.wachtwoord_hash = HASHER.hash(wachtwoord)
                gebruiker.mislukte_pogingen = 0
                gebruiker.geblokkeerd_tot = None
                gebruiker.laatst_aangemeld_op = now
                session.add(gebruiker)
                audit.record(
                    session,
                    Handeling.AANMELDING,
                    object_type="gebruiker",
                    object_id=gebruiker.id,
                    actor=actor,
                    context=context,
                )
                return actor
            else:
                gebruiker.mislukte_pogingen += 1
                audit.record(
                    session,
                    Handeling.AANMELDING_MISLUKT,
                    object_type="gebruiker",
                    object_id=gebruiker.id,
                    actor=actor,
                    context=context,
                    details={"poging": gebruiker.mislukte_pogingen},
                )
                if gebruiker.mislukte_pogingen >= MAX_FAILURES:
                    gebruiker.geblokkeerd_tot = now + timedelta(minutes=LOCK_MINUTES)
                    gebruiker.mislukte_pogingen = 0
                    audit.record(
                        session,
                        Handeling.ACCOUNT_GEBLOKKEERD,
                        object_type="gebruiker",
                        object_id=gebruiker.id,
                        actor=actor,
                        context=context,
                        details={"minuten": LOCK_MINUTES},
                    )
                failure = LOGIN_FAILED
                session.add(gebruiker)
    raise AccountError(failure)


def _verify(stored: str, wachtwoord: str) -> bool:
    try:
        return HASHER.verify(stored, wachtwoord)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def authorize_maintenance(store: Store, permission: Recht, wat: str, details: dict | None = None) -> None:
    """Check that the bound actor may do ``wat`` (backup, herstel, overzetten …) and log it first."""
    with store.write() as session:
        require(session, permission)
        audit.record(session, Handeling.BEHEER, object_type="database", details={"wat": wat, **(details or {})})


def check_without_writing(store: Store, naam: str | None, wachtwoord: str | None, permission: Recht) -> Actor:
    """Who runs a command on a store that cannot be written (a read-only file, for ``zvh backup``): the
    account and its right checked by reading only. Nothing is written (no failure counter, no log entry:
    the caller records the action elsewhere); on a store without a beheerder, the installation binding."""
    with store.read() as session:
        if not naam:
            if _has_beheerder(session):
                raise AccountError("Deze opdracht vraagt een gebruiker: zvh --gebruiker NAAM …")
            return installation_actor()
        gebruiker = _find(session, naam)
        if gebruiker is None or not gebruiker.actief:
            _verify(dummy_hash(), wachtwoord or "")  # the same time as a real check
            raise AccountError(LOGIN_FAILED)
        locked_until = _aware(gebruiker.geblokkeerd_tot)
        right = _verify(gebruiker.wachtwoord_hash, wachtwoord or "")
        if not right or (locked_until is not None and locked_until > utcnow()):
            raise AccountError(LOGIN_FAILED)
        actor = _actor(gebruiker)
    if not actor.may(permission):
        raise AccessDenied(f"Geen toegang: als {role_label(actor.rol)} mag u niet {PERMISSION_LABEL[permission]}.")
    return actor


def record_event(store: Store, actie: str, context: str | None = None) -> None:
    """Log an event of the bound actor that changes nothing else (screen locked, logged out)."""
    with store.write() as session:
        audit.record(session, actie, object_type="sessie", context=context)


def installation_actor() -> Actor:
    """The binding for commands on a fresh store; require() refuses it once a beheerder exists."""
    return Actor(naam="installatie", rol=INSTALLATIE)


def unknown_actor(naam: str | None) -> Actor:
    """Who restored a store that could not be opened to log in: the name given, not checked."""
    return Actor(naam=f"{naam or 'onbekend'} (niet aangemeld: database onleesbaar)", rol="onbekend")


def login_for_command(store: Store, naam: str | None, wachtwoord: str | None, command: str) -> Store:
    """The store bound for one CLI command: the account's, or the installation binding on a fresh store."""
    context = f"zvh {command}".strip()
    if not naam:
        if has_beheerder(store):
            raise AccountError("Deze opdracht vraagt een gebruiker: zvh --gebruiker NAAM …")
        return store.as_user(installation_actor(), context=context)
    if wachtwoord is None:
        raise AccountError("Geen wachtwoord gegeven.")
    return store.as_user(login(store, naam, wachtwoord, context=context), context=context)


def role_label(rol: str) -> str:
    return ROL_LABEL.get(rol, rol)
