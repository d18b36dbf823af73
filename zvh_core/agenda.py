"""Which meldingen belong on an overleg's agenda, and the agenda as the chair sees it.

A melding waits for an overlegtype until a decision sends it nowhere further:
- without any besluit it waits for the type whose soorten cover its soort;
- after a besluit whose route has ``naar`` it waits for that type ("zelfde": the type that decided).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import and_, exists, func, or_, select
from sqlmodel import Session

from zvh_core.models import (
    Bekendheid,
    Besluit,
    Bespreking,
    CasusPersoon,
    Melding,
    MeldingPersoon,
    Overleg,
    Persoon,
)
from zvh_core.naming import short_name
from zvh_core.regio import SAME_TYPE, Regio
from zvh_core.views import AgendaItem


def latest_besluit_subquery():
    """Per melding: the route of its newest besluit and the type of the overleg that took it."""
    ranked = (
        select(
            Bespreking.melding_id.label("melding_id"),
            Besluit.route.label("route"),
            Overleg.type.label("overleg_type"),
            func.row_number()
            .over(partition_by=Bespreking.melding_id, order_by=(Besluit.genomen_op.desc(), Besluit.id.desc()))
            .label("rn"),
        )
        .join(Besluit, Besluit.bespreking_id == Bespreking.id)
        .join(Overleg, Overleg.id == Bespreking.overleg_id)
        .subquery()
    )
    return select(ranked.c.melding_id, ranked.c.route, ranked.c.overleg_type).where(ranked.c.rn == 1).subquery()


def waiting_for_type_clause(regio: Regio, type_code: str):
    """SQL condition on Melding: it waits for an overleg of ``type_code``."""
    otype = regio.overlegtype(type_code)
    latest = latest_besluit_subquery()
    same_routes = [code for code, route in regio.routes.items() if route.naar == SAME_TYPE]
    routes_here = [code for code, route in regio.routes.items() if route.naar == type_code]
    has_besluit = exists().where(latest.c.melding_id == Melding.id)
    undecided_of_soort = and_(~has_besluit, Melding.soort.in_(otype.soorten)) if "*" not in otype.soorten else ~has_besluit
    sent_here = exists().where(
        latest.c.melding_id == Melding.id,
        or_(
            latest.c.route.in_(routes_here),
            and_(latest.c.route.in_(same_routes), latest.c.overleg_type == type_code),
        ),
    )
    return or_(undecided_of_soort, sent_here)


def pending_elsewhere_clause(overleg_id: int | None):
    """SQL condition on Melding: it is on another open overleg's agenda without a besluit there."""
    conditions = [
        Bespreking.melding_id == Melding.id,
        Bespreking.afgevoerd.is_(False),
        Overleg.id == Bespreking.overleg_id,
        Overleg.status == "open",
        ~exists().where(Besluit.bespreking_id == Bespreking.id),
    ]
    if overleg_id is not None:
        conditions.append(Bespreking.overleg_id != overleg_id)
    return exists().where(*conditions)


def candidate_melding_ids(
    session: Session, regio: Regio, type_code: str, on_date: date, overleg_id: int | None = None
) -> list[int]:
    """Meldingen up to ``on_date`` waiting for this type and not on an agenda yet; urgent first, then oldest."""
    query = select(Melding.id).where(
        Melding.datum <= on_date, waiting_for_type_clause(regio, type_code), ~pending_elsewhere_clause(overleg_id)
    )
    if overleg_id is not None:
        on_this = exists().where(Bespreking.melding_id == Melding.id, Bespreking.overleg_id == overleg_id)
        query = query.where(~on_this)
    query = query.order_by(Melding.urgent.desc(), Melding.datum, Melding.id)
    return list(session.exec(query).scalars())


def _short_names(session: Session, owner_column, person_column, owner_ids: Iterable[int]) -> dict[int, str]:
    ids = list(owner_ids)
    names: dict[int, list[str]] = defaultdict(list)
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        rows = session.exec(
            select(owner_column, Persoon.voornamen, Persoon.tussenvoegsel, Persoon.achternaam)
            .join(Persoon, Persoon.id == person_column)
            .where(owner_column.in_(chunk))
            .order_by(owner_column, Persoon.id)
        ).all()
        for owner_id, voornamen, tussenvoegsel, achternaam in rows:
            names[owner_id].append(short_name(voornamen, tussenvoegsel, achternaam))
    return {oid: ", ".join(names.get(oid, [])) or "onbekend" for oid in ids}


def short_person_names(session: Session, melding_ids: Iterable[int]) -> dict[int, str]:
    """'J. de Vries, M. de Vries' per melding; 'onbekend' when no person is named."""
    return _short_names(session, MeldingPersoon.melding_id, MeldingPersoon.persoon_id, melding_ids)


def casus_person_names(session: Session, casus_ids: Iterable[int]) -> dict[int, str]:
    """'J. de Vries, M. de Vries' per casus; 'onbekend' without persons."""
    return _short_names(session, CasusPersoon.casus_id, CasusPersoon.persoon_id, casus_ids)


def agenda_items(session: Session, regio: Regio, overleg_id: int) -> list[AgendaItem]:
    """The agenda of an overleg in order, each item with its status."""
    rows = session.exec(
        select(Bespreking, Melding, Besluit)
        .join(Melding, Melding.id == Bespreking.melding_id)
        .outerjoin(Besluit, Besluit.bespreking_id == Bespreking.id)
        .where(Bespreking.overleg_id == overleg_id, Bespreking.afgevoerd.is_(False))
        .order_by(Bespreking.volgorde, Bespreking.id)
    ).all()
    bespreking_ids = [b.id for b, _, _ in rows]
    melding_ids = [m.id for _, m, _ in rows]
    touched = set(
        session.exec(
            select(Bekendheid.bespreking_id)
            .where(
                Bekendheid.bespreking_id.in_(bespreking_ids),
                or_(Bekendheid.code != "niet_nagevraagd", Bekendheid.notitie.is_not(None)),
            )
            .distinct()
        ).scalars()
    ) if bespreking_ids else set()
    held_routes = [code for code, route in regio.routes.items() if route.naar == SAME_TYPE]
    held_before = dict(
        session.exec(
            select(Bespreking.melding_id, func.count())
            .join(Besluit, Besluit.bespreking_id == Bespreking.id)
            .where(
                Bespreking.melding_id.in_(melding_ids),
                Bespreking.overleg_id != overleg_id,
                Besluit.route.in_(held_routes),
            )
            .group_by(Bespreking.melding_id)
        ).all()
    ) if melding_ids else {}
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
                eerder_aangehouden=held_before.get(melding.id, 0),
            )
        )
    return items
