"""Retention (bewaartermijnen): what is due for removal, and removing it for real.

Periods come from the regio file (``[privacy.bewaartermijnen]``, in years):
- a melding that led to no casus: ``melding_zonder_casus_jaren`` after its last besluit (its datum
  when it was never decided); never while it is on an open overleg;
- a closed casus, with its actions and the meldingen linked to it (unless another casus that is not
  due yet holds them): ``casus_na_sluiting_jaren`` after it was closed;
- a person record: as soon as no melding or casus refers to it any more;
- the access log: ``toegangslog_jaren`` (the log keeps a checkpoint, see zvh_core.access.audit).

Removal deletes the rows (besprekingen with their bekendheid, besluit and actions; links; persons with
their search-index keys, merge records and name tokens nobody else has);
only counts are logged, never content. Reports over earlier periods count what is still stored, so
their numbers drop after a removal unless they were saved (exported) first (README).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, delete, exists, func, literal, select, update
from sqlmodel import Session, col

from zvh_core.access import audit
from zvh_core.access.audit import Handeling
from zvh_core.access.rights import Recht, require
from zvh_core.config.regio import Regio
from zvh_core.kernel.bulk import chunked
from zvh_core.kernel.models import (
    Actie,
    Bekendheid,
    Besluit,
    Bespreking,
    Casus,
    CasusDoel,
    CasusDoelWijziging,
    CasusEvaluatie,
    CasusJournaal,
    CasusMelding,
    CasusOverdracht,
    CasusPeriode,
    CasusPersoon,
    Melding,
    MeldingPersoon,
    Overleg,
    Persoon,
    PersoonSamenvoeging,
    PersoonZoeksleutel,
    Toegangslog,
    Zoekwoord,
)
from zvh_core.store import Store
from zvh_core.store.search_index import NAME as NAME_KEY

PERSON_REFERENCES: list[Callable[[], ColumnElement[bool]]] = []
"""More tables that keep a person (other modules add a callable returning an SQL condition on Persoon)."""
EXTRA_MELDING_CLEANUP: list[Callable[[Session, list[int]], None]] = []
EXTRA_PERSON_CLEANUP: list[Callable[[Session, list[int]], None]] = []
"""Other modules' rows to remove with meldingen or persons (e.g. a search index)."""


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class Due:
    """What is due on ``peildatum`` (ids for the removal; the report shows counts)."""

    peildatum: date
    meldingen: tuple[int, ...]
    casussen: tuple[int, ...]
    personen: tuple[int, ...]
    log_voor: datetime
    logregels: int
    grenzen: dict[str, date]

    def lines(self) -> list[str]:
        g = self.grenzen
        return [
            f"Peildatum {self.peildatum:%d-%m-%Y}.",
            f"Meldingen zonder casus, laatste besluit op of voor {g['melding']:%d-%m-%Y}: {len(self.meldingen)}",
            f"Gesloten casussen, gesloten op of voor {g['casus']:%d-%m-%Y}: {len(self.casussen)}",
            f"Personen die daarna nergens meer voorkomen: {len(self.personen)}",
            f"Toegangslogregels van voor {g['log']:%d-%m-%Y}: {self.logregels}",
        ]


def _due_casussen(session: Session, cutoff: date) -> list[int]:
    return list(
        session.execute(
            select(col(Casus.id))
            .where(col(Casus.gesloten).is_not(None), col(Casus.gesloten) <= cutoff)
            .order_by(col(Casus.id))
        ).scalars()
    )


def _due_meldingen(session: Session, melding_cutoff: date, due_casussen: list[int], casus_cutoff: date) -> list[int]:
    cutoff_moment = datetime.combine(melding_cutoff + timedelta(days=1), time.min, UTC)
    on_open_overleg = exists().where(
        col(Bespreking.melding_id) == col(Melding.id),
        col(Overleg.id) == col(Bespreking.overleg_id),
        col(Overleg.status) == "open",
    )
    decided_later = exists().where(
        col(Bespreking.melding_id) == col(Melding.id),
        col(Besluit.bespreking_id) == col(Bespreking.id),
        col(Besluit.genomen_op) >= cutoff_moment,
    )
    in_casus = exists().where(col(CasusMelding.melding_id) == col(Melding.id))
    without_casus = select(col(Melding.id)).where(
        ~in_casus, col(Melding.datum) <= melding_cutoff, ~decided_later, ~on_open_overleg
    )
    ids = set(session.execute(without_casus).scalars())
    # Meldingen of a due casus go with it, unless a casus that is not due holds them too.
    not_due_casus = exists().where(
        col(CasusMelding.melding_id) == col(Melding.id),
        col(Casus.id) == col(CasusMelding.casus_id),
        (col(Casus.gesloten).is_(None)) | (col(Casus.gesloten) > casus_cutoff),
    )
    for chunk in chunked(due_casussen):
        ids.update(
            session.execute(
                select(col(Melding.id))
                .join(CasusMelding, col(CasusMelding.melding_id) == col(Melding.id))
                .where(col(CasusMelding.casus_id).in_(chunk), ~not_due_casus, ~on_open_overleg)
            ).scalars()
        )
    return sorted(ids)


def _persons_of(session: Session, meldingen: Iterable[int], casussen: Iterable[int]) -> set[int]:
    found: set[int] = set()
    for chunk in chunked(list(meldingen)):
        found.update(
            session.execute(
                select(col(MeldingPersoon.persoon_id)).where(col(MeldingPersoon.melding_id).in_(chunk))
            ).scalars()
        )
    for chunk in chunked(list(casussen)):
        found.update(
            session.execute(select(col(CasusPersoon.persoon_id)).where(col(CasusPersoon.casus_id).in_(chunk))).scalars()
        )
    return found


def _still_referenced(session: Session, persons: list[int], meldingen: set[int], casussen: set[int]) -> set[int]:
    """Persons that keep a reference outside the rows being removed."""
    kept: set[int] = set()
    for chunk in chunked(persons):
        for pid, mid in session.execute(
            select(col(MeldingPersoon.persoon_id), col(MeldingPersoon.melding_id)).where(
                col(MeldingPersoon.persoon_id).in_(chunk)
            )
        ).all():
            if mid not in meldingen:
                kept.add(pid)
        for pid, cid in session.execute(
            select(col(CasusPersoon.persoon_id), col(CasusPersoon.casus_id)).where(
                col(CasusPersoon.persoon_id).in_(chunk)
            )
        ).all():
            if cid not in casussen:
                kept.add(pid)
        for condition in PERSON_REFERENCES:
            kept.update(
                session.execute(select(col(Persoon.id)).where(col(Persoon.id).in_(chunk), condition())).scalars()
            )
    return kept


def due(session: Session, regio: Regio, today: date) -> Due:
    """What the retention periods make due on ``today``."""
    require(session, Recht.BEWAARTERMIJN)
    periods = regio.privacy.bewaartermijnen
    grenzen = {
        "melding": years_before(today, periods.melding_zonder_casus_jaren),
        "casus": years_before(today, periods.casus_na_sluiting_jaren),
        "log": years_before(today, periods.toegangslog_jaren),
    }
    casussen = _due_casussen(session, grenzen["casus"])
    meldingen = _due_meldingen(session, grenzen["melding"], casussen, grenzen["casus"])
    candidates = sorted(_persons_of(session, meldingen, casussen))
    kept = _still_referenced(session, candidates, set(meldingen), set(casussen))
    log_voor = datetime.combine(grenzen["log"], time.min, UTC)
    logregels = session.execute(select(func.count(col(Toegangslog.id))).where(col(Toegangslog.tijd) < log_voor)).one()[
        0
    ]
    return Due(
        peildatum=today,
        meldingen=tuple(meldingen),
        casussen=tuple(casussen),
        personen=tuple(p for p in candidates if p not in kept),
        log_voor=log_voor,
        logregels=logregels,
        grenzen=grenzen,
    )


def _delete_meldingen(session: Session, ids: list[int]) -> None:
    for chunk in chunked(ids):
        besprekingen = select(col(Bespreking.id)).where(col(Bespreking.melding_id).in_(chunk))
        session.execute(
            update(Overleg)
            .where(col(Overleg.huidige_bespreking_id).in_(besprekingen))
            .values(huidige_bespreking_id=None)
        )
        for model in (Actie, Bekendheid, Besluit):
            session.execute(delete(model).where(col(model.bespreking_id).in_(besprekingen)))
        session.execute(delete(Bespreking).where(col(Bespreking.melding_id).in_(chunk)))
        session.execute(delete(MeldingPersoon).where(col(MeldingPersoon.melding_id).in_(chunk)))
        session.execute(delete(CasusMelding).where(col(CasusMelding.melding_id).in_(chunk)))
        for cleanup in EXTRA_MELDING_CLEANUP:
            cleanup(session, list(chunk))
        session.execute(delete(Melding).where(col(Melding.id).in_(chunk)))


PROCESREGIE = (CasusDoelWijziging, CasusDoel, CasusJournaal, CasusEvaluatie, CasusOverdracht, CasusPeriode)
"""The working file of a casus (plan, journal, evaluations, hand-overs, periods): removed with the casus."""


def _delete_casussen(session: Session, ids: list[int]) -> None:
    for chunk in chunked(ids):
        for model in (Actie, CasusPersoon, CasusMelding, *PROCESREGIE):
            session.execute(delete(model).where(col(model.casus_id).in_(chunk)))
        session.execute(delete(Casus).where(col(Casus.id).in_(chunk)))


def _delete_persons(session: Session, ids: list[int]) -> None:
    """Persons, their search keys, merge records that hold them, and name tokens no one has any more."""
    for chunk in chunked(ids):
        for cleanup in EXTRA_PERSON_CLEANUP:
            cleanup(session, list(chunk))
        session.execute(delete(PersoonZoeksleutel).where(col(PersoonZoeksleutel.persoon_id).in_(chunk)))
        session.execute(delete(PersoonSamenvoeging).where(col(PersoonSamenvoeging.behouden_id).in_(chunk)))
        session.execute(delete(Persoon).where(col(Persoon.id).in_(chunk)))
    if ids:
        still_used = exists().where(col(PersoonZoeksleutel.sleutel) == literal(NAME_KEY).concat(col(Zoekwoord.woord)))
        session.execute(delete(Zoekwoord).where(~still_used))


def execute(store: Store, regio: Regio, today: date) -> Due:
    """Remove what is due, in one transaction, and log the counts (never the content)."""
    with store.write() as session:
        plan = due(session, regio, today)
        _delete_casussen(session, list(plan.casussen))
        _delete_meldingen(session, list(plan.meldingen))
        _delete_persons(session, list(plan.personen))
        removed_log = audit.prune_before(session, plan.log_voor) if plan.logregels else 0
        audit.record(
            session,
            Handeling.BEWAARTERMIJN,
            object_type="bewaartermijn",
            details={
                "peildatum": today.isoformat(),
                "meldingen": len(plan.meldingen),
                "casussen": len(plan.casussen),
                "personen": len(plan.personen),
                "logregels": removed_log,
            },
        )
        return plan
