"""Where a report comes from, said on every exported page: when, by whom, from which store, and warnings.

A figure delivered to a municipality must be traceable: ``Herkomst`` names the moment it was made (local
time), the account that made it and the store it was counted from (a file path, or a database URL without
its password). It also warns, on the page itself, when

- the period is not over yet (its figures still grow: "Q4 asked on 3 December"), and
- data has been removed for the retention periods (bewaartermijnen) that may have counted in the period,
  so the figures can be lower than ones delivered earlier (the access log records every removal run).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlmodel import Session, col

from zvh_core.access.audit import Handeling
from zvh_core.access.rights import ROL_LABEL, actor_of
from zvh_core.config.regio import Bewaartermijnen, Regio
from zvh_core.kernel import clock, dates
from zvh_core.kernel.models import Toegangslog
from zvh_core.reports.periode import Periode, quarter_of


@dataclass(frozen=True)
class Herkomst:
    aangemaakt_op: datetime
    """Local time (Europe/Amsterdam)."""
    door: str
    """The account (and its role)."""
    bron: str
    """The store: its file or its database URL without password."""
    waarschuwingen: tuple[str, ...] = ()
    kort: tuple[str, ...] = ()
    """The warnings in a few words, for the header of every printed page."""

    @property
    def regel(self) -> str:
        """One line for the top of a page."""
        return f"Aangemaakt op {self.aangemaakt_op:%d-%m-%Y %H:%M} door {self.door} · bron: {self.bron}"

    @property
    def velden(self) -> tuple[tuple[str, str], ...]:
        """The same as label/value pairs, for an explanation sheet."""
        return (
            ("Aangemaakt op", f"{self.aangemaakt_op:%d-%m-%Y %H:%M}"),
            ("Aangemaakt door", self.door),
            ("Bron (database)", self.bron),
        )


def store_source(session: Session) -> str:
    """The store a session reads: the SQLite file, or the server URL with the password left out."""
    url = session.get_bind().engine.url
    if url.get_backend_name() == "sqlite":
        return url.database or "(geheugen)"
    return url.set(password=None).render_as_string(hide_password=True)


def who(session: Session) -> str:
    actor = actor_of(session)
    if actor is None:
        return "onbekend"
    rol = ROL_LABEL.get(actor.rol, actor.rol)
    return rol if actor.naam == actor.rol else f"{actor.naam} ({rol})"


def open_period_warning(periode: Periode, today: date) -> str | None:
    if periode.tot < today:
        return None
    text = (
        f"Let op: de periode is nog niet voorbij (zij loopt t/m {dates.short_date(periode.tot)}). De cijfers tellen "
        f"tot en met vandaag, {dates.short_date(today)}, en zijn nog niet definitief."
    )
    if quarter_of(periode.tot).van > today:
        text += " Casussen die nu openstaan, tellen ook mee in de kwartalen die nog moeten beginnen."
    return text


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def retention_warning(session: Session, periode: Periode, shortest_years: int) -> str | None:
    """A warning when a retention run removed meldingen or casussen that may have counted in ``periode``.

    A run on peildatum D removes nothing dated after D minus the shortest retention period, so a period that
    starts after that boundary of the latest run that removed anything is untouched.
    """
    rows = session.execute(
        select(col(Toegangslog.details))
        .where(col(Toegangslog.actie) == Handeling.BEWAARTERMIJN)
        .order_by(col(Toegangslog.id))
    ).all()
    boundary: date | None = None
    removed = (0, 0)
    for (details,) in rows:
        try:
            data = json.loads(details or "{}")
            peildatum = date.fromisoformat(data["peildatum"])
        except (ValueError, KeyError, TypeError):
            continue
        counts = (int(data.get("meldingen") or 0), int(data.get("casussen") or 0))
        if not any(counts):
            continue
        edge = _years_before(peildatum, shortest_years)
        if boundary is None or edge >= boundary:
            boundary, removed = edge, counts
    if boundary is None or periode.van > boundary:
        return None
    return (
        f"Let op: volgens de bewaartermijnen zijn gegevens verwijderd ({removed[0]} meldingen en {removed[1]} "
        f"casussen bij de laatste keer) die in deze periode kunnen hebben meegeteld (tot {dates.short_date(boundary)}"
        "). De cijfers kunnen lager zijn dan eerder geleverde."
    )


def shortest_retention_years(regio: Regio | None = None) -> int:
    """The shortest retention period of meldingen and casussen (the regio's, or the defaults)."""
    termijnen = regio.privacy.bewaartermijnen if regio is not None else Bewaartermijnen()
    return min(termijnen.melding_zonder_casus_jaren, termijnen.casus_na_sluiting_jaren)


def herkomst(session: Session, periode: Periode, shortest_retention_years: int, today: date | None = None) -> Herkomst:
    """The provenance of a report over ``periode``, made now in ``session`` (``today``: the app's day)."""
    today = today or clock.today()
    open_period = open_period_warning(periode, today)
    removed = retention_warning(session, periode, shortest_retention_years)
    short = (
        open_period and f"Let op: periode nog niet voorbij; cijfers t/m {dates.short_date(today)}, niet definitief.",
        removed and "Let op: gegevens verwijderd volgens de bewaartermijnen; cijfers kunnen lager zijn dan eerder.",
    )
    return Herkomst(
        aangemaakt_op=clock.local_time(clock.now()),
        door=who(session),
        bron=store_source(session),
        waarschuwingen=tuple(w for w in (open_period, removed) if w),
        kort=tuple(w for w in short if w),
    )
