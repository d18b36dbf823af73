"""Following a live overleg: a cheap marker of where it stands, read whenever the store's change feed
(db.changes, Store.change_feed) says that someone committed.

The feed wakes every follower on any commit, an access-log entry too; the marker tells a screen whether
what it shows moved (the chair's position, a change of a bespreking, an answer, the attendance) so that it
reads the rest, and logs that view, only then. The marker holds ids, versions and counts, no person data, so
reading it is not logged: followers reading after a change never wake each other up in turn.

A partner preparing an overleg the chair has not opened yet follows ``opened_overleg_id`` instead: the id once
the chair opened it (then its marker).
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from sqlalchemy import Integer, cast, func
from sqlmodel import Session, col, select

from zvh_core.access.rights import Recht, require
from zvh_core.kernel.models import Bekendheid, Besluit, Bespreking, Overleg, OverlegPartner


class Stand(NamedTuple):
    """Where an overleg stands; two equal Stands show the same meeting."""

    status: str
    huidige_bespreking_id: int | None
    gestart: bool
    geheimhouding: bool
    besprekingen: tuple[int, int, int]
    """Count, sum of versions, count taken off the agenda."""
    antwoorden: tuple[int, int]
    """Count and sum of the answers' versions."""
    besluiten: int
    aanwezigheid: tuple[tuple[str, str], ...]


def stand(session: Session, overleg_id: int) -> Stand | None:
    """The marker of one overleg (None when it no longer exists)."""
    require(session, Recht.OVERLEG_OVERZICHT)
    overleg = session.get(Overleg, overleg_id)
    if overleg is None:
        return None
    count, versions, off = session.exec(
        select(
            func.count(col(Bespreking.id)),
            func.coalesce(func.sum(col(Bespreking.versie)), 0),
            func.coalesce(func.sum(cast(col(Bespreking.afgevoerd), Integer)), 0),
        ).where(col(Bespreking.overleg_id) == overleg_id)
    ).one()
    in_overleg = select(col(Bespreking.id)).where(col(Bespreking.overleg_id) == overleg_id)
    answers, answer_versions = session.exec(
        select(func.count(col(Bekendheid.id)), func.coalesce(func.sum(col(Bekendheid.versie)), 0)).where(
            col(Bekendheid.bespreking_id).in_(in_overleg)
        )
    ).one()
    besluiten = session.exec(
        select(func.count(col(Besluit.id))).where(col(Besluit.bespreking_id).in_(in_overleg))
    ).one()
    attendance = session.exec(
        select(col(OverlegPartner.partner), col(OverlegPartner.aanwezigheid))
        .where(col(OverlegPartner.overleg_id) == overleg_id)
        .order_by(col(OverlegPartner.partner))
    ).all()
    return Stand(
        status=overleg.status,
        huidige_bespreking_id=overleg.huidige_bespreking_id,
        gestart=overleg.gestart_op is not None,
        geheimhouding=overleg.geheimhouding_gelezen_op is not None,
        besprekingen=(int(count), int(versions), int(off)),
        antwoorden=(int(answers), int(answer_versions)),
        besluiten=int(besluiten),
        aanwezigheid=tuple((p, a) for p, a in attendance),
    )


def opened_overleg_id(session: Session, type_code: str, datum: date) -> int | None:
    """The overleg of this type on this date once the chair has opened it (None before); not logged."""
    require(session, Recht.OVERLEG_OVERZICHT)
    return session.exec(
        select(col(Overleg.id)).where(col(Overleg.type) == type_code, col(Overleg.datum) == datum)
    ).first()
