"""The four measures of domain.md §5, counted by the database.

``count`` runs one query per figure: it groups by gemeente and computes the figure for every period
asked at once with conditional aggregates (``SUM(CASE …)``, ``COUNT(DISTINCT CASE …)``), so a table of
quarters plus their Totaal costs one query per column, whatever the number of gemeenten or quarters. Rows
are never loaded into Python, and the SQL is plain enough for SQLite and PostgreSQL alike.

- meldingen(P, G, soorten): meldingen of G with a soort in ``soorten`` and ``datum`` in P;
- casussen(P, G, thema): casussen of G with that thema that ran in P: one of their periods (casus_periode:
  from the opening or a reopening to the closing, or open) overlaps P, ``van <= P.tot`` and (``tot`` empty or
  ``tot >= P.van``); counted once (``COUNT(DISTINCT casus)``) however many periods do. Reopening adds a
  period and never changes one that ended, so a delivered quarter keeps its figures;
- nieuwe_casussen(P, G, thema): casussen of that thema with ``geopend`` in P;
- personen(P, G, thema): distinct persons linked to casussen(P, G, thema);
- gesloten_casussen(P, G, thema): casussen with a period that closed in P (once each);
- heropende_casussen(P, G, thema): casussen with a period that began with a reopening in P (once each);
- duur_gesloten(P, G, thema): the mean length in whole days (rounded) of the periods that closed in P;
- doelen_bereikt(P, G, thema): the share in whole percent (rounded) of the goal results recorded at the
  closings in P that are 'bereikt' (0 when none were recorded); a result corrected afterwards counts as
  corrected (the latest version of that goal dated on that closing).

The last two are no counts: their regional Totaal is measured over all the gemeenten at once
(``regional``), never the sum of the gemeenten (``ADDITIEF``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from zvh_core.config.rapport_definitie import Cijfer
from zvh_core.kernel.models import Casus, CasusDoelWijziging, CasusPeriode, CasusPersoon, Melding
from zvh_core.reports.periode import Periode


def _melding_in(p: Periode) -> ColumnElement[bool]:
    return and_(col(Melding.datum) >= p.van, col(Melding.datum) <= p.tot)


def _casus_ran_in(p: Periode) -> ColumnElement[bool]:
    """One period of the casus (the joined casus_periode row) overlaps P."""
    return and_(col(CasusPeriode.van) <= p.tot, or_(col(CasusPeriode.tot).is_(None), col(CasusPeriode.tot) >= p.van))


def _casus_opened_in(p: Periode) -> ColumnElement[bool]:
    return and_(col(Casus.geopend) >= p.van, col(Casus.geopend) <= p.tot)


def _envelope(perioden: Sequence[Periode]) -> Periode:
    return Periode(min(p.van for p in perioden), max(p.tot for p in perioden))


RESULTS = ("sluiting", "resultaat_gecorrigeerd")
"""The goal versions that record a result at a closing: the result itself and its later corrections."""

ADDITIEF = frozenset(
    {"meldingen", "casussen", "nieuwe_casussen", "personen", "gesloten_casussen", "heropende_casussen"}
)
"""Measures whose regional Totaal is the sum of the gemeenten (every casus belongs to one gemeente)."""


def _between(column, p: Periode) -> ColumnElement[bool]:
    return and_(column >= p.van, column <= p.tot)


def _days(session: Session, end, start):
    """Whole days from ``start`` to ``end`` (two dates), in the store's dialect."""
    if session.get_bind().dialect.name == "sqlite":
        return func.julianday(end) - func.julianday(start)
    return end - start


def _query(session: Session, cijfer: Cijfer, gemeenten: Sequence[str], perioden: Sequence[Periode], group):
    """(select of the per-period aggregates, how a row's aggregates become the figures)."""
    envelope = _envelope(perioden)
    ints = lambda row: tuple(int(v or 0) for v in row)  # noqa: E731
    casus_where = (col(Casus.thema) == cijfer.thema, col(Casus.gemeente).in_(gemeenten))
    if cijfer.maat == "meldingen":
        values = [func.sum(case((_melding_in(p), 1), else_=0)) for p in perioden]
        where = (col(Melding.soort).in_(cijfer.soorten), col(Melding.gemeente).in_(gemeenten), _melding_in(envelope))
        return select(*group(col(Melding.gemeente)), *values).select_from(Melding).where(*where), ints
    if cijfer.maat == "personen":
        persons = [func.count(case((_casus_ran_in(p), col(CasusPersoon.persoon_id))).distinct()) for p in perioden]
        query = (
            select(*group(col(Casus.gemeente)), *persons)
            .select_from(Casus)
            .join(CasusPeriode, col(CasusPeriode.casus_id) == col(Casus.id))
            .join(CasusPersoon, col(CasusPersoon.casus_id) == col(Casus.id))
            .where(*casus_where, _casus_ran_in(envelope))
        )
        return query, ints
    if cijfer.maat in ("casussen", "gesloten_casussen", "heropende_casussen"):
        condition = {
            "casussen": _casus_ran_in,
            "gesloten_casussen": lambda p: _between(col(CasusPeriode.tot), p),
            "heropende_casussen": lambda p: and_(col(CasusPeriode.heropend), _between(col(CasusPeriode.van), p)),
        }[cijfer.maat]
        counted: list[Any] = [func.count(case((condition(p), col(Casus.id))).distinct()) for p in perioden]
        query = (
            select(*group(col(Casus.gemeente)), *counted)
            .select_from(Casus)
            .join(CasusPeriode, col(CasusPeriode.casus_id) == col(Casus.id))
            .where(*casus_where, condition(envelope))
        )
        return query, ints
    if cijfer.maat == "duur_gesloten":
        days = _days(session, col(CasusPeriode.tot), col(CasusPeriode.van))
        values = [
            agg
            for p in perioden
            for agg in (func.sum(case((_between(col(CasusPeriode.tot), p), days), else_=0)),
                        func.sum(case((_between(col(CasusPeriode.tot), p), 1), else_=0)))
        ]  # fmt: skip
        query = (
            select(*group(col(Casus.gemeente)), *values)
            .select_from(Casus)
            .join(CasusPeriode, col(CasusPeriode.casus_id) == col(Casus.id))
            .where(*casus_where, _between(col(CasusPeriode.tot), envelope))
        )
        return query, _ratio(1)
    if cijfer.maat == "doelen_bereikt":
        w = CasusDoelWijziging
        values = [
            agg
            for p in perioden
            for agg in (func.sum(case((and_(_between(col(w.datum), p), col(w.status) == "bereikt"), 1), else_=0)),
                        func.sum(case((_between(col(w.datum), p), 1), else_=0)))
        ]  # fmt: skip
        # A result corrected later (resultaat_gecorrigeerd, dated on the closing it corrects) counts instead.
        later = aliased(CasusDoelWijziging)
        corrected = (
            select(col(later.id))
            .where(
                col(later.doel_id) == col(w.doel_id),
                col(later.datum) == col(w.datum),
                col(later.wat).in_(RESULTS),
                col(later.id) > col(w.id),
            )
            .exists()
        )
        query = (
            select(*group(col(Casus.gemeente)), *values)
            .select_from(Casus)
            .join(w, col(w.casus_id) == col(Casus.id))
            .where(*casus_where, col(w.wat).in_(RESULTS), ~corrected, _between(col(w.datum), envelope))
        )
        return query, _ratio(100)
    values = [func.sum(case((_casus_opened_in(p), 1), else_=0)) for p in perioden]
    return (
        select(*group(col(Casus.gemeente)), *values).select_from(Casus).where(*casus_where, _casus_opened_in(envelope)),
        ints,
    )


def _ratio(scale: int):
    """Pairs (part, whole) per period → round(scale × part / whole), 0 without a whole."""

    def figures(row) -> tuple[int, ...]:
        pairs = list(zip(row[::2], row[1::2], strict=True))
        return tuple(round(scale * float(a or 0) / float(b)) if b else 0 for a, b in pairs)

    return figures


def count(
    session: Session, cijfer: Cijfer, gemeenten: Sequence[str], perioden: Sequence[Periode]
) -> dict[str, tuple[int, ...]]:
    """Per gemeente: the figure in each of ``perioden`` (in that order), from one query.

    Gemeenten without any counted row are absent (their figures are all 0).
    """
    if not perioden or not gemeenten:
        return {}
    query, figures = _query(session, cijfer, gemeenten, perioden, lambda column: (column,))
    query = query.group_by(col(Melding.gemeente) if cijfer.maat == "meldingen" else col(Casus.gemeente))
    return {row[0]: figures(row[1:]) for row in session.execute(query).all()}


def regional(
    session: Session, cijfer: Cijfer, gemeenten: Sequence[str], perioden: Sequence[Periode]
) -> tuple[int, ...]:
    """The figure over all ``gemeenten`` together, per period (for the Totaal of a measure that is no count)."""
    if not perioden or not gemeenten:
        return ()
    query, figures = _query(session, cijfer, gemeenten, perioden, lambda column: ())
    row = session.execute(query).first()
    return figures(tuple(row)) if row is not None else (0,) * len(perioden)
