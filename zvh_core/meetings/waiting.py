"""'Never lost': meldingen that are undecided and on no open agenda, oldest first.

Undecided means: no besluit yet, or the newest besluit sends the melding on to another overleg
(aanhouden, ZVH triage). On no agenda means: not on the agenda of an open overleg without a besluit there.
Such a melding normally turns up on the next overleg of the type it waits for; one whose soort no
overlegtype covers would never turn up by itself, and is listed without a type.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from zvh_core.access.rights import Recht, require_any
from zvh_core.config.regio import SAME_TYPE, Regio
from zvh_core.kernel.bulk import chunked
from zvh_core.kernel.models import Bespreking, Melding, Overleg
from zvh_core.kernel.read_models import WachtendeMelding
from zvh_core.meetings.agenda import (
    has_besluit,
    onward_besluiten,
    pending_elsewhere_clause,
)
from zvh_core.persons.summaries import melding_rows

NIEUW = "nieuw"
AANGEHOUDEN = "aangehouden"
DOORVERWEZEN = "doorverwezen"
VAN_AGENDA = "van_agenda"
NIET_BESPROKEN = "niet_besproken"
REDEN_LABELS = {
    NIEUW: "nieuw, nog niet besproken",
    AANGEHOUDEN: "aangehouden",
    DOORVERWEZEN: "doorverwezen",
    VAN_AGENDA: "van de agenda gehaald",
    NIET_BESPROKEN: "niet besproken (overleg gesloten)",
}


def _waiting(session: Session, regio: Regio) -> tuple[dict[int, tuple[str, str]], list[tuple[int, date]]]:
    """(melding id → (route, overleg type) of the besluit that sent it on; (id, datum) of every waiting melding).

    Two small indexed reads (no besluit yet; sent on by the newest besluit) instead of one query that
    joins every melding to every besluit."""
    not_pending = ~pending_elsewhere_clause(None)
    undecided = session.execute(
        select(col(Melding.id), col(Melding.datum)).where(~has_besluit(col(Melding.id)), not_pending)
    ).all()
    onward = {
        mid: (route, overleg_type)
        for mid, route, overleg_type in session.execute(select(onward_besluiten(regio))).all()
    }
    sent_on: list[tuple[int, date]] = []
    for chunk in chunked(sorted(onward)):
        sent_on += session.execute(
            select(col(Melding.id), col(Melding.datum)).where(col(Melding.id).in_(chunk), not_pending)
        ).all()
    return onward, sorted([*undecided, *sent_on], key=lambda r: (r[1], r[0]))


def waiting_meldingen(session: Session, regio: Regio, limit: int = 500) -> tuple[int, list[WachtendeMelding]]:
    """(how many wait in total, the oldest ``limit`` of them)."""
    require_any(session, Recht.OVERLEG_VOEREN, Recht.CASUS_WIJZIGEN)
    onward, waiting = _waiting(session, regio)
    ids = [mid for mid, _ in waiting[:limit]]
    stored = {}
    for chunk in chunked(ids):
        stored.update({m.id: m for m in session.execute(select(Melding).where(col(Melding.id).in_(chunk))).scalars()})
    meldingen = [stored[mid] for mid in ids]
    last = _latest_bespreking(session, ids)
    melding_row = {r.id: r for r in melding_rows(session, meldingen)}
    result = []
    for melding in meldingen:
        previous = last.get(melding.id)
        if melding.id in onward:
            route, decided_in = onward[melding.id]
            wacht_op: tuple[str | None, ...] = (regio.route_target(route, decided_in),)
            reden = AANGEHOUDEN if regio.routes[route].naar == SAME_TYPE else DOORVERWEZEN
        else:
            wacht_op = tuple(code for code, otype in regio.overlegtypen.items() if otype.covers(melding.soort))
            if previous is None:
                reden = NIEUW
            else:
                reden = VAN_AGENDA if previous[2] else NIET_BESPROKEN
        result.append(
            WachtendeMelding(
                melding=melding_row[melding.id],
                wacht_op=tuple(t for t in wacht_op if t in regio.overlegtypen),
                reden=reden,
                sinds=previous[1] if previous else melding.datum,
                laatste_overleg_type=previous[0] if previous else None,
            )
        )
    return len(waiting), result


def _latest_bespreking(session: Session, melding_ids: list[int]) -> dict[int, tuple[str, date, bool]]:
    """Per melding: (type, datum, taken off) of the newest overleg it was on."""
    latest: dict[int, tuple[str, date, bool]] = {}
    for chunk in chunked(melding_ids):
        for melding_id, overleg_type, datum, afgevoerd in session.execute(
            select(col(Bespreking.melding_id), col(Overleg.type), col(Overleg.datum), col(Bespreking.afgevoerd))
            .join(Overleg, col(Overleg.id) == col(Bespreking.overleg_id))
            .where(col(Bespreking.melding_id).in_(chunk))
            .order_by(col(Overleg.datum), col(Overleg.id))
        ).all():
            latest[melding_id] = (overleg_type, datum, afgevoerd)
    return latest
