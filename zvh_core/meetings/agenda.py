"""Which meldingen belong on an overleg's agenda, and the agenda as the chair sees it.

A melding waits for an overlegtype until a decision sends it nowhere further:
- without any besluit it waits for the type whose soorten cover its soort;
- after a besluit whose route has ``naar`` it waits for that type ("zelfde": the type that decided).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from zvh_core.access import audit, partner_visibility
from zvh_core.access.audit import Handeling
from zvh_core.access.rights import Recht, partner_scope, require
from zvh_core.config.regio import SAME_TYPE, Regio
from zvh_core.kernel.models import Bekendheid, Besluit, Bespreking, Melding, Overleg
from zvh_core.kernel.read_models import AgendaItem, BekendheidView
from zvh_core.persons.summaries import melding_person_ids, short_person_names


def has_besluit(melding_id):
    """SQL condition: this melding has a besluit (in any overleg)."""
    return exists().where(col(Bespreking.melding_id) == melding_id, col(Besluit.bespreking_id) == col(Bespreking.id))


def _newest_besluit():
    """SQL condition on Besluit/Bespreking: no later besluit on the same melding overrides this one."""
    later_besluit = aliased(Besluit)
    later_bespreking = aliased(Bespreking)
    return ~exists().where(
        later_bespreking.melding_id == col(Bespreking.melding_id),
        later_besluit.bespreking_id == later_bespreking.id,
        or_(
            later_besluit.genomen_op > col(Besluit.genomen_op),
            and_(later_besluit.genomen_op == col(Besluit.genomen_op), later_besluit.id > col(Besluit.id)),
        ),
    )


def _sent_to_type(regio: Regio, type_code: str):
    """Melding ids whose newest besluit sends them to ``type_code``.

    Starts from the few besluiten with such a route (indexed) and keeps those that no later besluit on
    the same melding overrides, instead of ranking every besluit in the store."""
    same_routes = [code for code, route in regio.routes.items() if route.naar == SAME_TYPE]
    routes_here = [code for code, route in regio.routes.items() if route.naar == type_code]
    return (
        select(col(Bespreking.melding_id))
        .join(Besluit, col(Besluit.bespreking_id) == col(Bespreking.id))
        .join(Overleg, col(Overleg.id) == col(Bespreking.overleg_id))
        .where(
            or_(
                col(Besluit.route).in_(routes_here),
                and_(col(Besluit.route).in_(same_routes), col(Overleg.type) == type_code),
            ),
            _newest_besluit(),
        )
    )


def onward_besluiten(regio: Regio):
    """Subquery: per melding whose newest besluit sends it on to an overleg (a route with ``naar``), that
    besluit's route and the type of the overleg that took it (columns melding_id, route, overleg_type)."""
    onward = [code for code, route in regio.routes.items() if route.naar]
    return (
        select(col(Bespreking.melding_id), col(Besluit.route), col(Overleg.type).label("overleg_type"))
        .join(Besluit, col(Besluit.bespreking_id) == col(Bespreking.id))
        .join(Overleg, col(Overleg.id) == col(Bespreking.overleg_id))
        .where(col(Besluit.route).in_(onward), _newest_besluit())
        .subquery()
    )


def waiting_for_type_clause(regio: Regio, type_code: str):
    """SQL condition on Melding: it waits for an overleg of ``type_code``."""
    otype = regio.overlegtype(type_code)
    undecided = ~has_besluit(col(Melding.id))
    if "*" not in otype.soorten:
        undecided = and_(col(Melding.soort).in_(otype.soorten), undecided)
    return or_(undecided, col(Melding.id).in_(_sent_to_type(regio, type_code)))


def pending_elsewhere_clause(overleg_id: int | None):
    """SQL condition on Melding: it is on another open overleg's agenda without a besluit there."""
    conditions = [
        col(Bespreking.melding_id) == col(Melding.id),
        col(Bespreking.afgevoerd).is_(False),
        col(Overleg.id) == col(Bespreking.overleg_id),
        col(Overleg.status) == "open",
        ~exists().where(col(Besluit.bespreking_id) == col(Bespreking.id)),
    ]
    if overleg_id is not None:
        conditions.append(col(Bespreking.overleg_id) != overleg_id)
    return exists().where(*conditions)


def candidate_melding_ids(
    session: Session, regio: Regio, type_code: str, on_date: date, overleg_id: int | None = None
) -> list[int]:
    """Meldingen up to ``on_date`` waiting for this type and not on an agenda yet; urgent first, then oldest."""
    query = select(col(Melding.id)).where(
        col(Melding.datum) <= on_date, waiting_for_type_clause(regio, type_code), ~pending_elsewhere_clause(overleg_id)
    )
    if overleg_id is not None:
        on_this = exists().where(
            col(Bespreking.melding_id) == col(Melding.id), col(Bespreking.overleg_id) == overleg_id
        )
        query = query.where(~on_this)
    query = query.order_by(col(Melding.urgent).desc(), col(Melding.datum), col(Melding.id))
    return list(session.execute(query).scalars())


UNASKED = "niet_nagevraagd"


def undecided_status(bekendheid: Iterable[BekendheidView]) -> str:
    """The status of an item without besluit: 'bezig' once a partner said something (a code other than
    niet nagevraagd, or a note), else 'open'. The rule of ``agenda_items``, for a screen that has just
    stored a bekendheid and knows the rows (no reload needed). A partner's preparation the chair has not
    taken up yet is no discussion yet."""
    return (
        "bezig"
        if any((b.code != UNASKED or b.notitie) and (b.voorbereid_door is None or b.beoordeling) for b in bekendheid)
        else "open"
    )


def agenda_items(session: Session, regio: Regio, overleg_id: int, *, shown_as: str = "agenda") -> list[AgendaItem]:
    """The agenda of an overleg in order, each item with its status (a partner: only what it may see).
    The view is logged per person shown, as ``shown_as`` (the agenda, a besluitenlijst …)."""
    require(session, Recht.OVERLEG_LEZEN)
    query = (
        select(Bespreking, Melding, Besluit)
        .join(Melding, col(Melding.id) == col(Bespreking.melding_id))
        .outerjoin(Besluit, col(Besluit.bespreking_id) == col(Bespreking.id))
        .where(col(Bespreking.overleg_id) == overleg_id, col(Bespreking.afgevoerd).is_(False))
        .order_by(col(Bespreking.volgorde), col(Bespreking.id))
    )
    partner = partner_scope(session)
    if partner is not None:
        query = query.where(partner_visibility.bespreking_clause(regio, partner))
    rows = session.execute(query).all()
    bespreking_ids = [b.id for b, _, _ in rows]
    melding_ids = [m.id for _, m, _ in rows]
    persons = melding_person_ids(session, melding_ids)
    audit.record_persons(
        session,
        Handeling.BEKEKEN,
        [p for m in melding_ids for p in persons.get(m, ())],
        object_type=shown_as,
        object_id=overleg_id,
        context=f"overleg {overleg_id}",
        details={"meldingen": len(rows)},
    )
    touched = (
        set(
            session.execute(
                select(col(Bekendheid.bespreking_id))
                .where(
                    col(Bekendheid.bespreking_id).in_(bespreking_ids),
                    or_(col(Bekendheid.code) != UNASKED, col(Bekendheid.notitie).is_not(None)),
                    # A partner's preparation the chair has not taken up yet is no discussion yet.
                    or_(col(Bekendheid.voorbereid_door).is_(None), col(Bekendheid.beoordeling).is_not(None)),
                )
                .distinct()
            ).scalars()
        )
        if bespreking_ids
        else set()
    )
    held_routes = [code for code, route in regio.routes.items() if route.naar == SAME_TYPE]
    held_before = (
        dict(
            session.execute(
                select(col(Bespreking.melding_id), func.count())
                .join(Besluit, col(Besluit.bespreking_id) == col(Bespreking.id))
                .where(
                    col(Bespreking.melding_id).in_(melding_ids),
                    col(Bespreking.overleg_id) != overleg_id,
                    col(Besluit.route).in_(held_routes),
                )
                .group_by(col(Bespreking.melding_id))
            ).all()
        )
        if melding_ids
        else {}
    )
    came_from: dict[int, tuple[str, date, str]] = {}
    if melding_ids:
        for melding_id, type_code, datum, route in session.exec(
            select(Bespreking.melding_id, Overleg.type, Overleg.datum, Besluit.route)  # type: ignore[call-overload]
            .join(Besluit, Besluit.bespreking_id == Bespreking.id)
            .join(Overleg, Overleg.id == Bespreking.overleg_id)
            .where(Bespreking.melding_id.in_(melding_ids), Bespreking.overleg_id != overleg_id)  # type: ignore[attr-defined]
            .order_by(Overleg.datum, Overleg.id)
        ).all():
            came_from[melding_id] = (type_code, datum, route)  # the latest wins
    names = short_person_names(session, melding_ids)
    items = []
    for bespreking, melding, besluit in rows:
        if besluit is not None:
            status = "aangehouden" if besluit.route in held_routes else "besloten"
        else:
            status = "bezig" if bespreking.id in touched else "open"
        items.append(
            AgendaItem(
                bespreking_id=bespreking.id,
                melding_id=melding.id,
                volgorde=bespreking.volgorde,
                extern_id=melding.extern_id,
                datum=melding.datum,
                soort=melding.soort,
                gemeente=melding.gemeente,
                urgent=melding.urgent,
                personen=names[melding.id],
                status=status,
                route=besluit.route if besluit else None,
                besloten_op=besluit.genomen_op if besluit else None,
                eerder_aangehouden=held_before.get(melding.id, 0),
                persoon_ids=persons.get(melding.id, ()),
                eerder=came_from.get(melding.id),
            )
        )
    return items
