"""Follow-up actions: the open ones per owner, marking one done, and the review at the next overleg.

An action is open while it is not done (``afgerond_op`` empty) and its review did not close it: the
review at the next overleg of the same type marks it gedaan (done, with the date), niet gedaan (stays
open) or omstandigheden gewijzigd (no longer needed).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import and_, or_, select
from sqlmodel import Session, col

from zvh_core.access import audit
from zvh_core.access.audit import Handeling
from zvh_core.access.rights import Recht, partner_scope, require
from zvh_core.config.regio import Regio
from zvh_core.kernel import clock
from zvh_core.kernel.bulk import chunked
from zvh_core.kernel.errors import InvalidInput, NotFound
from zvh_core.kernel.models import (
    Actie,
    Bespreking,
    Casus,
    Melding,
    Overleg,
    stored_id,
)
from zvh_core.kernel.read_models import NOBODY, ActieRow
from zvh_core.kernel.to_view import actie_view
from zvh_core.persons.summaries import (
    casus_person_ids,
    casus_person_names,
    melding_person_ids,
    short_person_names,
)
from zvh_core.store import Store


class ActieError(InvalidInput):
    """An action that cannot be made or changed as asked; ``veld`` names the form field it is about."""

    def __init__(self, message: str, *, veld: str | None = None) -> None:
        super().__init__(message)
        self.veld = veld


GEDAAN = "gedaan"
NIET_GEDAAN = "niet_gedaan"
GEWIJZIGD = "omstandigheden_gewijzigd"
STATUS_LABELS = {GEDAAN: "gedaan", NIET_GEDAAN: "niet gedaan", GEWIJZIGD: "omstandigheden gewijzigd"}


def open_clause():
    """SQL condition on Actie: still to be done."""
    return and_(col(Actie.afgerond_op).is_(None), or_(col(Actie.status).is_(None), col(Actie.status) == NIET_GEDAAN))


# --- reading ---------------------------------------------------------------------------------------
def actie_rows(session: Session, acties: Sequence[Actie]) -> list[ActieRow]:
    """Each action with where it comes from (overleg and melding, or casus) and whom it concerns."""
    bespreking_ids = sorted({a.bespreking_id for a in acties if a.bespreking_id is not None})
    casus_ids = sorted({a.casus_id for a in acties if a.casus_id is not None})
    context: dict[int, tuple] = {}
    for chunk in chunked(bespreking_ids):
        for bespreking_id, overleg_id, overleg_type, overleg_datum, melding_id, extern_id in session.execute(
            select(
                col(Bespreking.id),
                col(Overleg.id),
                col(Overleg.type),
                col(Overleg.datum),
                col(Melding.id),
                col(Melding.extern_id),
            )
            .join(Overleg, col(Overleg.id) == col(Bespreking.overleg_id))
            .join(Melding, col(Melding.id) == col(Bespreking.melding_id))
            .where(col(Bespreking.id).in_(chunk))
        ).all():
            context[bespreking_id] = (overleg_id, overleg_type, overleg_datum, melding_id, extern_id)
    themas: dict[int, str] = {}
    for chunk in chunked(casus_ids):
        themas.update(session.execute(select(col(Casus.id), col(Casus.thema)).where(col(Casus.id).in_(chunk))).all())
    names = short_person_names(session, sorted({c[3] for c in context.values()}))
    casus_names = casus_person_names(session, casus_ids)
    rows = []
    for actie in acties:
        if actie.bespreking_id is not None and actie.bespreking_id in context:
            overleg_id, overleg_type, overleg_datum, melding_id, extern_id = context[actie.bespreking_id]
            rows.append(
                ActieRow(
                    actie=actie_view(actie),
                    overleg_id=overleg_id,
                    overleg_type=overleg_type,
                    overleg_datum=overleg_datum,
                    melding_id=melding_id,
                    melding_extern_id=extern_id,
                    personen=names.get(melding_id, NOBODY),
                )
            )
        else:
            casus_id = actie.casus_id
            assert casus_id is not None  # an action comes from a bespreking or else from a casus
            rows.append(
                ActieRow(
                    actie=actie_view(actie),
                    casus_id=casus_id,
                    casus_thema=themas.get(casus_id),
                    personen=casus_names.get(casus_id, NOBODY),
                )
            )
    return rows


def open_acties(session: Session, regio: Regio, *, eigenaar: str | None = None) -> list[ActieRow]:
    """Open actions by owner (in the regio's partner order), earliest termijn first. A partner account
    sees only the actions its organisation owns."""
    require(session, Recht.ACTIE_LEZEN)
    partner = partner_scope(session)
    if partner is not None:
        eigenaar = partner
    stmt = select(Actie).where(open_clause())
    if eigenaar is not None:
        stmt = stmt.where(col(Actie.eigenaar) == eigenaar)
    acties = list(session.execute(stmt).scalars())
    order = {code: n for n, code in enumerate(regio.partners)}
    acties.sort(key=lambda a: (order.get(a.eigenaar, len(order)), a.termijn, a.id))
    rows = actie_rows(session, acties)
    by_melding = melding_person_ids(session, {r.melding_id for r in rows if r.melding_id is not None})
    by_casus = casus_person_ids(session, {r.casus_id for r in rows if r.casus_id is not None})

    def persons_of(row: ActieRow) -> tuple[int, ...]:
        if row.melding_id is not None:
            return by_melding.get(row.melding_id, ())
        return by_casus.get(row.casus_id, ()) if row.casus_id is not None else ()

    shown = [p for r in rows for p in persons_of(r)]
    audit.record_persons(
        session, Handeling.BEKEKEN, shown, object_type="acties", object_id=eigenaar, details={"acties": len(acties)}
    )
    return rows


def acties_of(
    session: Session, bespreking_ids: Iterable[int | None], casus_ids: Iterable[int | None]
) -> list[tuple[Actie, bool]]:
    """Every action of these besprekingen and of these casussen, each with whether it is still open
    (``open_clause``, evaluated by the store), by id: one statement while both id lists fit one IN list."""
    bespreking_chunks = list(chunked(sorted({i for i in bespreking_ids if i is not None})))
    casus_chunks = list(chunked(sorted({i for i in casus_ids if i is not None})))
    found: dict[int, tuple[Actie, bool]] = {}
    for n in range(max(len(bespreking_chunks), len(casus_chunks))):
        of_besprekingen = bespreking_chunks[n] if n < len(bespreking_chunks) else []
        of_casussen = casus_chunks[n] if n < len(casus_chunks) else []
        stmt = select(Actie, open_clause().label("open")).where(
            or_(col(Actie.bespreking_id).in_(of_besprekingen), col(Actie.casus_id).in_(of_casussen))
        )
        for actie, is_open in session.exec(stmt).all():  # type: ignore[call-overload]
            found[actie.id] = (actie, bool(is_open))
    return [found[i] for i in sorted(found)]


def earlier_open_acties(
    session: Session,
    candidates: Iterable[tuple[Actie, bool]],
    exclude_bespreking_id: int | None,
    casus_ids: Iterable[int | None],
) -> list[ActieRow]:
    """Open actions from other besprekingen of this melding or of meldingen about these persons, and
    from their casussen: what is still pending when the melding is on the table again. ``candidates``:
    the actions of every bespreking of those meldingen and of the persons' casussen (``casus_ids``), as
    ``acties_of`` reads them."""
    casussen = set(casus_ids)
    acties = [
        actie
        for actie, is_open in candidates
        if is_open
        and (
            (actie.bespreking_id is not None and actie.bespreking_id != exclude_bespreking_id)
            or actie.casus_id in casussen
        )
    ]
    acties.sort(key=lambda a: (a.termijn, a.id))
    return actie_rows(session, acties)


# --- writing ---------------------------------------------------------------------------------------
def create_actie(
    session: Session,
    regio: Regio,
    eigenaar: str,
    omschrijving: str,
    termijn: date,
    *,
    bespreking_id: int | None = None,
    casus_id: int | None = None,
) -> int:
    """A follow-up task for a partner with a due date, in a bespreking or a casus (the caller's transaction)."""
    if eigenaar not in regio.partners:
        raise ActieError(f"Onbekende partner '{eigenaar}'.", veld="eigenaar")
    if not omschrijving.strip():
        raise ActieError("Een actie heeft een omschrijving nodig.", veld="omschrijving")
    actie = Actie(
        bespreking_id=bespreking_id,
        casus_id=casus_id,
        eigenaar=eigenaar,
        omschrijving=omschrijving.strip(),
        termijn=termijn,
    )
    session.add(actie)
    session.flush()
    return stored_id(actie)


def _own(session: Session) -> list:
    """Extra condition for a partner account: only the actions its organisation owns."""
    partner = partner_scope(session)
    return [] if partner is None else [col(Actie.eigenaar) == partner]


def _actie(session: Session, actie_id: int, wat: str) -> Actie:
    """The action, when the actor may finish it (a partner: only its own); the change is logged."""
    require(session, Recht.ACTIE_AFRONDEN)
    actie = session.get(Actie, actie_id)
    partner = partner_scope(session)
    if actie is None or (partner is not None and actie.eigenaar != partner):
        raise NotFound("Deze actie bestaat niet (meer).")
    audit.record(session, Handeling.GEWIJZIGD, object_type="actie", object_id=actie_id, details={"wat": wat})
    return actie


def complete_actie(
    store: Store, actie_id: int, afgerond_op: date, terugkoppeling: str | None, *, today: date | None = None
) -> None:
    """Mark an action done on a date (not after today: it has happened), with the owner's feedback."""
    today = today or clock.today()
    if afgerond_op > today:
        raise ActieError(
            f"Afgerond op {afgerond_op:%d-%m-%Y} ligt in de toekomst; vandaag is het {today:%d-%m-%Y}.", veld="datum"
        )
    with store.write() as session:
        actie = _actie(session, actie_id, "afgerond")
        actie.afgerond_op = afgerond_op
        actie.terugkoppeling = (terugkoppeling or "").strip() or actie.terugkoppeling
        actie.status, actie.status_op = GEDAAN, afgerond_op
        session.add(actie)
