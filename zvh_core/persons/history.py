"""'Eerder bekend': every earlier melding, bespreking, decision, action and casus about some persons."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from typing import NamedTuple, cast

from sqlalchemy import select
from sqlmodel import Session, col

from zvh_core.access import partner_visibility
from zvh_core.access.rights import Recht, partner_scope, require
from zvh_core.config.regio import DEELT_NIET
from zvh_core.kernel.bulk import chunked
from zvh_core.kernel.models import (
    Actie,
    Bekendheid,
    Besluit,
    Bespreking,
    Casus,
    CasusPersoon,
    Melding,
    MeldingPersoon,
    Overleg,
    stored_id,
)
from zvh_core.kernel.read_models import (
    ActieView,
    BekendheidView,
    CasusRef,
    EarlierBespreking,
    EarlierMelding,
    History,
)
from zvh_core.kernel.to_view import actie_view, bekendheid_view, besluit_view


def year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day - timedelta(days=365)


def _in_chunks(session: Session, stmt_for, ids: Sequence[int | None], *, scalars: bool = False) -> list:
    """Run ``stmt_for(chunk)`` for the ids in chunks (bounded IN lists) and collect the results."""
    rows: list = []
    for chunk in chunked(ids):
        result = session.execute(stmt_for(chunk))
        rows.extend(result.scalars().all() if scalars else result.all())
    return rows


class Earlier(NamedTuple):
    """What is read once about the persons of a melding (or of a dossier), shared by 'Eerder bekend', the
    HERHAALD mark and the earlier open actions (zvh_core.meetings.bespreking.load_detail)."""

    persons_per_melding: dict[int, set[int]]
    """Every melding of these persons (and the melding itself) → which of them it is about."""
    meldingen: dict[int, Melding]
    besprekingen: list[tuple[Bespreking, Overleg, Besluit | None]]
    """Every bespreking of those meldingen (taken off the agenda too), with its overleg and besluit."""


def read_earlier(session: Session, melding: Melding | None, persoon_ids: list[int]) -> Earlier:
    """Two reads (per chunk of ids): the meldingen of these persons with their links, and their besprekingen."""
    persons_per_melding: dict[int, set[int]] = defaultdict(set)
    meldingen: dict[int, Melding] = {}
    for pid, linked in _in_chunks(
        session,
        lambda chunk: (
            select(col(MeldingPersoon.persoon_id), Melding)
            .join(Melding, col(Melding.id) == MeldingPersoon.melding_id)
            .where(col(MeldingPersoon.persoon_id).in_(chunk))
        ),
        persoon_ids,
    ):
        persons_per_melding[linked.id].add(pid)
        meldingen[linked.id] = linked
    if melding is not None:
        meldingen.setdefault(cast(int, melding.id), melding)
    meldingen = dict(sorted(meldingen.items()))
    besprekingen = _in_chunks(
        session,
        lambda chunk: (
            select(Bespreking, Overleg, Besluit)
            .join(Overleg, col(Overleg.id) == col(Bespreking.overleg_id))
            .outerjoin(Besluit, col(Besluit.bespreking_id) == col(Bespreking.id))
            .where(col(Bespreking.melding_id).in_(chunk))
        ),
        sorted(meldingen),
    )
    return Earlier(persons_per_melding, meldingen, [tuple(row) for row in besprekingen])


def repeated_in(earlier: Earlier, melding: Melding, persoon_ids: list[int]) -> set[int]:
    """The persons with another melding in the 12 months before this melding's date, from what
    ``read_earlier`` read (no statement of its own)."""
    since = year_before(melding.datum)
    return {
        pid
        for mid, pids in earlier.persons_per_melding.items()
        if mid != melding.id and since <= earlier.meldingen[mid].datum < melding.datum
        for pid in pids
        if pid in persoon_ids
    }


def history_for(
    session: Session,
    melding_id: int | None,
    persoon_ids: list[int],
    exclude_bespreking_id: int | None,
    *,
    regio=None,
    earlier: Earlier | None = None,
    acties: list[Actie] | None = None,
    casus_rows: list[tuple[Casus, int]] | None = None,
) -> History:
    """Everything earlier about these persons (and earlier besprekingen of this melding), newest first.

    Without ``melding_id``: everything about these persons (a person's dossier).
    Callers check the permission (it is part of a detail view). A partner sees only meldingen routed to
    it, only its own notes and actions, and no casussen. A caller that read ``earlier``, the ``acties`` of
    those besprekingen (all of them or more) or the persons' ``casus_rows`` already hands them in.
    """
    require(session, Recht.MELDING_DETAIL)
    partner = partner_scope(session)
    if earlier is None:
        known = session.get(Melding, melding_id) if melding_id is not None else None
        earlier = read_earlier(session, known, persoon_ids)
    if partner is not None:
        return _partner_history(
            session, melding_id, persoon_ids, exclude_bespreking_id, regio, partner, earlier, acties
        )
    return _full_history(session, melding_id, persoon_ids, exclude_bespreking_id, earlier, acties, casus_rows)


def person_history(session: Session, persoon_id: int) -> History:
    """Everything about one person, unscoped (every partner's answers and actions): what an inzage (AVG art. 15)
    shows. No right is checked here: the caller checks its own (``Recht.INZAGE``)."""
    return _full_history(session, None, [persoon_id], None, read_earlier(session, None, [persoon_id]), None, None)


def _full_history(
    session: Session,
    melding_id: int | None,
    persoon_ids: list[int],
    exclude_bespreking_id: int | None,
    earlier: Earlier,
    acties: list[Actie] | None,
    casus_rows: list[tuple[Casus, int]] | None,
) -> History:
    persons_per_melding, meldingen = earlier.persons_per_melding, earlier.meldingen
    bespreking_rows = [r for r in earlier.besprekingen if not r[0].afgevoerd and r[0].id != exclude_bespreking_id]
    bespreking_ids = [b.id for b, _, _ in bespreking_rows]

    known: dict[int | None, list[BekendheidView]] = defaultdict(list)
    for row in _in_chunks(
        session,
        lambda chunk: select(Bekendheid).where(
            col(Bekendheid.bespreking_id).in_(chunk),
            # Every answer a partner gave, "niet bekend" included (a hand-off shows who was asked and said no).
            col(Bekendheid.code).in_(("bekend", "niet_bekend", DEELT_NIET))
            | col(Bekendheid.notitie).is_not(None)
            | col(Bekendheid.oordeel).is_not(None),
        ),
        bespreking_ids,
        scalars=True,
    ):
        known[row.bespreking_id].append(bekendheid_view(row))
    actions: dict[int | None, list[ActieView]] = defaultdict(list)
    if acties is None:
        acties = _in_chunks(
            session,
            lambda chunk: select(Actie).where(col(Actie.bespreking_id).in_(chunk)),
            bespreking_ids,
            scalars=True,
        )
    wanted = set(bespreking_ids)
    for actie in sorted(acties, key=lambda a: a.id or 0):
        if actie.bespreking_id in wanted:
            actions[actie.bespreking_id].append(actie_view(actie))

    besprekingen_per_melding: dict[int, list[EarlierBespreking]] = defaultdict(list)
    for bespreking, overleg, besluit in sorted(bespreking_rows, key=lambda r: r[1].datum, reverse=True):
        besprekingen_per_melding[bespreking.melding_id].append(
            EarlierBespreking(
                overleg_type=overleg.type,
                overleg_datum=overleg.datum,
                bekend_bij=tuple(known.get(bespreking.id, ())),
                besluit=besluit_view(besluit) if besluit else None,
                acties=tuple(actions.get(bespreking.id, ())),
            )
        )

    shown = []
    for mid, melding in meldingen.items():
        is_current = mid == melding_id
        if is_current and not besprekingen_per_melding.get(mid):
            continue
        shown.append(
            EarlierMelding(
                melding_id=mid,
                extern_id=melding.extern_id,
                datum=melding.datum,
                soort=melding.soort,
                gemeente=melding.gemeente,
                omschrijving=melding.omschrijving,
                persoon_ids=tuple(sorted(persons_per_melding.get(mid, ()))),
                besprekingen=tuple(besprekingen_per_melding.get(mid, ())),
                deze_melding=is_current,
            )
        )
    shown.sort(key=lambda e: (e.deze_melding, e.datum), reverse=True)
    return History(meldingen=tuple(shown), casussen=tuple(casussen_of(session, persoon_ids, casus_rows)))


def _partner_history(
    session, melding_id, persoon_ids, exclude_bespreking_id, regio, partner, earlier: Earlier, acties
) -> History:
    if regio is None:
        from zvh_core.config.regio import load_regio

        regio = load_regio()
    visible = set(
        _in_chunks(
            session,
            lambda chunk: (
                select(col(MeldingPersoon.melding_id))
                .join(Melding, col(Melding.id) == col(MeldingPersoon.melding_id))
                .where(col(MeldingPersoon.persoon_id).in_(chunk), partner_visibility.melding_clause(regio, partner))
            ),
            persoon_ids,
            scalars=True,
        )
    )
    full = _full_history(session, melding_id, persoon_ids, exclude_bespreking_id, earlier, acties, [])
    kept = []
    for m in full.meldingen:
        if m.melding_id not in visible and not m.deze_melding:
            continue
        besprekingen = tuple(
            EarlierBespreking(
                overleg_type=b.overleg_type,
                overleg_datum=b.overleg_datum,
                bekend_bij=tuple(k for k in b.bekend_bij if k.partner == partner),
                besluit=b.besluit,
                acties=tuple(a for a in b.acties if a.eigenaar == partner),
            )
            for b in m.besprekingen
        )
        kept.append(
            EarlierMelding(
                melding_id=m.melding_id,
                extern_id=m.extern_id,
                datum=m.datum,
                soort=m.soort,
                gemeente=m.gemeente,
                omschrijving=m.omschrijving,
                persoon_ids=m.persoon_ids,
                besprekingen=besprekingen,
                deze_melding=m.deze_melding,
            )
        )
    return History(meldingen=tuple(kept), casussen=())


def casus_rows_of(session: Session, persoon_ids: list[int]) -> list[tuple[Casus, int]]:
    """(casus, persoon_id) for every casus of these persons."""
    return _in_chunks(
        session,
        lambda chunk: (
            select(Casus, col(CasusPersoon.persoon_id))
            .join(CasusPersoon, col(CasusPersoon.casus_id) == col(Casus.id))
            .where(col(CasusPersoon.persoon_id).in_(chunk))
        ),
        persoon_ids,
    )


def casussen_of(
    session: Session, persoon_ids: list[int], rows: list[tuple[Casus, int]] | None = None
) -> list[CasusRef]:
    """The casussen of these persons (none for a partner); ``rows`` as casus_rows_of gives them, if read already."""
    if partner_scope(session) is not None:
        return []
    if rows is None:
        rows = casus_rows_of(session, persoon_ids)
    per_casus: dict[int | None, tuple[Casus, set[int]]] = {}
    for casus, pid in rows:
        per_casus.setdefault(casus.id, (casus, set()))[1].add(pid)
    refs = [
        CasusRef(
            id=stored_id(c),
            thema=c.thema,
            geopend=c.geopend,
            gesloten=c.gesloten,
            procesregisseur=c.procesregisseur,
            persoon_ids=tuple(sorted(pids)),
        )
        for c, pids in per_casus.values()
    ]
    return sorted(refs, key=lambda r: r.geopend, reverse=True)
