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
- personen(P, G, thema): distinct persons linked to casussen(P, G, thema).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlmodel import Session

from zvh_core.config.rapport_definitie import Cijfer
from zvh_core.kernel.models import Casus, CasusPeriode, CasusPersoon, Melding
from zvh_core.reports.periode import Periode


def _melding_in(p: Periode) -> ColumnElement[bool]:
    return and_(Melding.datum >= p.van, Melding.datum <= p.tot)


def _casus_ran_in(p: Periode) -> ColumnElement[bool]:
    """One period of the casus (the joined casus_periode row) overlaps P."""
    return and_(CasusPeriode.van <= p.tot, or_(CasusPeriode.tot.is_(None), CasusPeriode.tot >= p.van))


def _casus_opened_in(p: Periode) -> ColumnElement[bool]:
    return and_(Casus.geopend >= p.van, Casus.geopend <= p.tot)


def _envelope(perioden: Sequence[Periode]) -> Periode:
    return Periode(min(p.van for p in perioden), max(p.tot for p in perioden))


def count(
    session: Session, cijfer: Cijfer, gemeenten: Sequence[str], perioden: Sequence[Periode]
) -> dict[str, tuple[int, ...]]:
    """Per gemeente: the figure in each of ``perioden`` (in that order), from one query.

    Gemeenten without any counted row are absent (their figures are all 0).
    """
    if not perioden or not gemeenten:
        return {}
    envelope = _envelope(perioden)
    if cijfer.maat == "meldingen":
        values = [func.sum(case((_melding_in(p), 1), else_=0)) for p in perioden]
        query = (
            select(Melding.gemeente, *values)
            .where(Melding.soort.in_(cijfer.soorten), Melding.gemeente.in_(gemeenten), _melding_in(envelope))
            .group_by(Melding.gemeente)
        )
    elif cijfer.maat == "personen":
        values = [func.count(case((_casus_ran_in(p), CasusPersoon.persoon_id)).distinct()) for p in perioden]
        query = (
            select(Casus.gemeente, *values)
            .join(CasusPeriode, CasusPeriode.casus_id == Casus.id)
            .join(CasusPersoon, CasusPersoon.casus_id == Casus.id)
            .where(Casus.thema == cijfer.thema, Casus.gemeente.in_(gemeenten), _casus_ran_in(envelope))
            .group_by(Casus.gemeente)
        )
    elif cijfer.maat == "casussen":
        values = [func.count(case((_casus_ran_in(p), Casus.id)).distinct()) for p in perioden]
        query = (
            select(Casus.gemeente, *values)
            .join(CasusPeriode, CasusPeriode.casus_id == Casus.id)
            .where(Casus.thema == cijfer.thema, Casus.gemeente.in_(gemeenten), _casus_ran_in(envelope))
            .group_by(Casus.gemeente)
        )
    else:
        values = [func.sum(case((_casus_opened_in(p), 1), else_=0)) for p in perioden]
        query = (
            select(Casus.gemeente, *values)
            .where(Casus.thema == cijfer.thema, Casus.gemeente.in_(gemeenten), _casus_opened_in(envelope))
            .group_by(Casus.gemeente)
        )
    return {row[0]: tuple(int(v or 0) for v in row[1:]) for row in session.exec(query).all()}
