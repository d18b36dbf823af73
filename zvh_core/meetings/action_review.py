"""The review of follow-up actions at the next overleg of the same type: gedaan, niet gedaan, omstandigheden gewijzigd.

The review goes per owner (each partner answers for its own actions at once), the owner with the oldest term
first and within an owner the oldest term first, so overdue actions come first; the order does not change
while the table reviews. 'The rest of this partner: niet gedaan' is one transaction; a short note per action
(what the partner said) is kept as its terugkoppeling."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, or_, select
from sqlmodel import Session, col

from zvh_core.access.rights import Recht, require
from zvh_core.acties.followup import (
    GEDAAN,
    NIET_GEDAAN,
    STATUS_LABELS,
    _actie,
    _own,
    actie_rows,
    open_clause,
)
from zvh_core.config.regio import Regio
from zvh_core.kernel.models import Actie, Bespreking, Overleg
from zvh_core.kernel.read_models import ActieRow, OverlegView
from zvh_core.meetings.overleggen import (
    MeetingError,
    get_overleg,
    previous_overleg_id,
    require_open,
)
from zvh_core.store import Store


def review_acties(session: Session, regio: Regio, overleg_id: int) -> tuple[OverlegView | None, list[ActieRow]]:
    """What this overleg reviews first: the open actions of the previous overleg of the same type, the
    ones an earlier review left 'niet gedaan', and those reviewed in this overleg (with their status)."""
    require(session, Recht.OVERLEG_LEZEN)
    previous = previous_overleg_id(session, overleg_id)
    overleg = session.get(Overleg, overleg_id)
    if overleg is None:
        raise MeetingError(f"Overleg {overleg_id} bestaat niet.")
    earlier = (
        select(col(Bespreking.id))
        .join(Overleg, col(Overleg.id) == col(Bespreking.overleg_id))
        .where(col(Overleg.type) == overleg.type, col(Overleg.datum) < overleg.datum)
    )
    conditions = [col(Actie.status_overleg_id) == overleg_id, and_(open_clause(), col(Actie.status) == NIET_GEDAAN)]
    if previous is not None:
        from_previous = select(col(Bespreking.id)).where(col(Bespreking.overleg_id) == previous)
        conditions.append(and_(open_clause(), col(Actie.bespreking_id).in_(from_previous)))
    acties = list(
        session.execute(
            select(Actie)
            .where(col(Actie.bespreking_id).in_(earlier), or_(*conditions), *_own(session))
            .order_by(col(Actie.termijn), col(Actie.id))
        ).scalars()
    )
    return (get_overleg(session, regio, previous) if previous else None), per_owner(actie_rows(session, acties))


def per_owner(rows: list[ActieRow]) -> list[ActieRow]:
    """``rows`` (oldest term first) grouped per owner: the owners in the order of their oldest action, each
    owner's actions oldest first (overdue ones before the rest)."""
    groups: dict[str, list[ActieRow]] = {}
    for row in sorted(rows, key=lambda r: (r.actie.termijn, r.actie.id)):
        groups.setdefault(row.actie.eigenaar, []).append(row)
    return [row for group in groups.values() for row in group]


def set_review_status(store: Store, actie_id: int, overleg_id: int, status: str | None, on: date) -> None:
    """The review of an action at an overleg: gedaan, niet gedaan, omstandigheden gewijzigd, or None (undo)."""
    if status is not None and status not in STATUS_LABELS:
        raise MeetingError(f"Onbekende status '{status}'.")
    with store.write() as session:
        require_open(session, overleg_id)
        actie = _actie(session, actie_id, f"status {status}")
        if status is None:
            if (
                actie.status_overleg_id == overleg_id
                and actie.status == GEDAAN
                and actie.afgerond_op == actie.status_op
            ):
                actie.afgerond_op = None
            actie.status = actie.status_op = actie.status_overleg_id = None
        else:
            actie.status, actie.status_op, actie.status_overleg_id = status, on, overleg_id
            if status == GEDAAN:
                actie.afgerond_op = actie.afgerond_op or on
            else:
                actie.afgerond_op = None
        session.add(actie)


def set_rest_niet_gedaan(store: Store, regio: Regio, overleg_id: int, eigenaar: str, on: date) -> int:
    """'The rest of this partner: niet gedaan': every action of ``eigenaar`` in this overleg's review that is
    not reviewed here yet, in one transaction. Returns how many."""
    with store.write() as session:
        require_open(session, overleg_id)
        _, rows = review_acties(session, regio, overleg_id)
        rest = [r.actie.id for r in rows if r.actie.eigenaar == eigenaar and not r.actie.reviewed_in(overleg_id)]
        for actie_id in rest:
            actie = _actie(session, actie_id, f"status {NIET_GEDAAN} (rest van {eigenaar})")
            actie.status, actie.status_op, actie.status_overleg_id = NIET_GEDAAN, on, overleg_id
            actie.afgerond_op = None
            session.add(actie)
        return len(rest)


def set_review_note(store: Store, actie_id: int, overleg_id: int, notitie: str | None) -> None:
    """A short note with an action at its review (what the owner said); empty clears it."""
    with store.write() as session:
        require_open(session, overleg_id)
        actie = _actie(session, actie_id, "notitie bij nalopen")
        actie.terugkoppeling = (notitie or "").strip() or None
        session.add(actie)
