"""What every casus service shares: the refusal type, loading a casus for a change (right, access log,
read-only when closed), who is working, and the date rule (an event that has happened is never in the future)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from zvh_core.access import audit
from zvh_core.access.audit import Handeling
from zvh_core.access.rights import Recht, actor_of, require
from zvh_core.kernel import dates
from zvh_core.kernel.errors import InvalidInput
from zvh_core.kernel.models import Casus, CasusPersoon


class CasusError(InvalidInput):
    """A change to a casus that the rules refuse; Dutch, for the user.

    ``veld`` names the form field the refusal is about (the screen shows the message beside it)."""

    def __init__(self, message: str, *, veld: str | None = None) -> None:
        super().__init__(message)
        self.veld = veld


def ident(value: int | None) -> int:
    """The id of a stored (flushed) row; never None there."""
    if value is None:
        raise ValueError("rij zonder id: nog niet opgeslagen")
    return value


def clean(text: str | None) -> str | None:
    return (text or "").strip() or None


def load_casus(session: Session, casus_id: int) -> Casus:
    casus = session.get(Casus, casus_id)
    if casus is None:
        raise CasusError("Deze casus bestaat niet (meer).")
    return casus


def person_ids(session: Session, casus_id: int) -> list[int]:
    return list(
        session.execute(select(col(CasusPersoon.persoon_id)).where(col(CasusPersoon.casus_id) == casus_id)).scalars()
    )


def changed(
    session: Session, casus_id: int, wat: str, extra_persons: Iterable[int] = (), *, when_closed: bool = False
) -> Casus:
    """The casus, when the actor may change casussen and (unless ``when_closed``) it is open; the change is
    logged for each of its persons."""
    require(session, Recht.CASUS_WIJZIGEN)
    casus = load_casus(session, casus_id)
    if casus.gesloten is not None and not when_closed:
        raise CasusError(
            f"Deze casus is gesloten (sinds {dates.short_date(casus.gesloten)}) en kan alleen worden ingezien; "
            "heropen hem eerst (o)."
        )
    audit.record_persons(
        session,
        Handeling.GEWIJZIGD,
        [*person_ids(session, casus_id), *extra_persons],
        object_type="casus",
        object_id=casus_id,
        details={"wat": wat},
    )
    return casus


def actor_name(session: Session) -> str | None:
    actor = actor_of(session)
    return actor.naam if actor is not None else None


def not_in_future(day: date, today: date, what: str, veld: str | None = None) -> None:
    """An event that has happened (opening, closing, reopening, an action done) cannot lie after today."""
    if day > today:
        raise CasusError(
            f"{what} ({dates.short_date(day)}) ligt in de toekomst; vandaag is het {dates.short_date(today)}.",
            veld=veld,
        )
