"""The procesregisseur's side of a casus: evaluations of the plan (with the next evaluation date, by default
the thema's interval from the regio file), hand-overs to another procesregisseur's account (date and note),
the check before closing, "Mijn casussen" and the working file the casus screen shows."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, func, or_, select
from sqlmodel import Session, col

from zvh_core.access.rights import PROCESREGISSEUR, Recht, actor_of, require
from zvh_core.acties.followup import open_clause
from zvh_core.casussen import journaal, perioden, plan, procesregie
from zvh_core.casussen.common import CasusError, actor_name, changed, clean, ident, load_casus, not_in_future
from zvh_core.casussen.views import EvaluatieView, MijnCasus, OverdrachtView, Sluitcheck, Werkdossier
from zvh_core.config.regio import Regio
from zvh_core.kernel import dates
from zvh_core.kernel.models import (
    Actie,
    Casus,
    CasusDoel,
    CasusEvaluatie,
    CasusJournaal,
    CasusOverdracht,
    Gebruiker,
)
from zvh_core.persons.summaries import casus_person_names
from zvh_core.store import Store


def evaluatie_view(e: CasusEvaluatie) -> EvaluatieView:
    return EvaluatieView(
        id=ident(e.id), datum=e.datum, door=e.door, samenvatting=e.samenvatting, volgende_op=e.volgende_op
    )


def overdracht_view(o: CasusOverdracht) -> OverdrachtView:
    return OverdrachtView(
        id=ident(o.id), datum=o.datum, van_regisseur=o.van_regisseur, naar_regisseur=o.naar_regisseur, notitie=o.notitie,
        door=o.door,
    )  # fmt: skip


def evalueer(
    store: Store,
    regio: Regio,
    casus_id: int,
    *,
    datum: date,
    samenvatting: str,
    today: date,
    volgende_op: date | None = None,
) -> EvaluatieView:
    """Record an evaluation of the plan; the next one is ``volgende_op`` or the thema's interval after it."""
    text = clean(samenvatting)
    if text is None:
        raise CasusError("Vat de evaluatie samen.", veld="samenvatting")
    not_in_future(datum, today, "De datum van de evaluatie", veld="datum")
    if volgende_op is not None and volgende_op <= datum:
        raise CasusError("De volgende evaluatie ligt na deze.", veld="volgende")
    with store.write() as session:
        casus = changed(session, casus_id, "evaluatie")
        if datum < casus.geopend:
            raise CasusError(
                f"Een evaluatie kan niet vóór de opening ({dates.short_date(casus.geopend)}) liggen.", veld="datum"
            )
        volgende = volgende_op or datum + timedelta(days=regio.procesregie.evaluatie_interval(casus.thema))
        entry = CasusEvaluatie(
            casus_id=casus_id, datum=datum, door=actor_name(session), samenvatting=text, volgende_op=volgende
        )
        casus.evaluatie_op = volgende
        session.add_all([entry, casus])
        session.flush()
        return evaluatie_view(entry)


def regisseur_accounts(session: Session) -> list[tuple[int, str]]:
    """(id, naam) of the active procesregisseur accounts, by name."""
    require(session, Recht.CASUS_LEZEN)
    rows = session.execute(
        select(col(Gebruiker.id), col(Gebruiker.naam)).where(
            col(Gebruiker.rol) == PROCESREGISSEUR, col(Gebruiker.actief)
        )
    ).all()
    return sorted(((r[0], r[1]) for r in rows), key=lambda r: r[1].casefold())


def _account_named(session: Session, naam: str | None) -> int | None:
    """The active procesregisseur account with this name (a name kept from before accounts), or None."""
    if not naam:
        return None
    return session.execute(
        select(col(Gebruiker.id)).where(
            func.lower(col(Gebruiker.naam)) == naam.lower(),
            col(Gebruiker.rol) == PROCESREGISSEUR,
            col(Gebruiker.actief),
        )
    ).scalar()


def draag_over(
    store: Store, casus_id: int, *, naar_gebruiker_id: int, notitie: str, datum: date, today: date
) -> OverdrachtView:
    """Hand the casus to another procesregisseur (an account), with a note for the new one."""
    text = clean(notitie)
    if text is None:
        raise CasusError("Schrijf een overdrachtsnotitie voor de nieuwe procesregisseur.", veld="notitie")
    not_in_future(datum, today, "De datum van overdracht", veld="datum")
    with store.write() as session:
        casus = changed(session, casus_id, "overdracht")
        account = session.get(Gebruiker, naar_gebruiker_id)
        if account is None or not account.actief or account.rol != PROCESREGISSEUR:
            raise CasusError("Kies een actief account van een procesregisseur.", veld="naar")
        if casus.procesregisseur_id == account.id:
            raise CasusError(f"{account.naam} is al de procesregisseur van deze casus.", veld="naar")
        entry = CasusOverdracht(
            casus_id=casus_id, datum=datum, van_regisseur=casus.procesregisseur, naar_regisseur=account.naam,
            notitie=text, door=actor_name(session),
        )  # fmt: skip
        casus.procesregisseur, casus.procesregisseur_id = account.naam, account.id
        session.add_all([entry, casus])
        session.flush()
        return overdracht_view(entry)


def sluitcheck(session: Session, casus_id: int) -> Sluitcheck:
    """What closing leaves behind: the open actions and the goals (to give each a result)."""
    require(session, Recht.CASUS_LEZEN)
    load_casus(session, casus_id)
    return Sluitcheck(
        open_acties=tuple(perioden.open_actie_lines(session, casus_id)), doelen=tuple(plan.doelen(session, casus_id))
    )


def werkdossier(session: Session, regio: Regio, casus_id: int) -> Werkdossier:
    """The working file of the casus: periods, plan, journal, evaluations, hand-overs and the timeline."""
    require(session, Recht.CASUS_LEZEN)
    casus = load_casus(session, casus_id)
    opened = journaal.opening_besluit(session, casus_id)
    evaluaties = session.execute(
        select(CasusEvaluatie).where(col(CasusEvaluatie.casus_id) == casus_id).order_by(col(CasusEvaluatie.datum))
    ).scalars()
    overdrachten = session.execute(
        select(CasusOverdracht).where(col(CasusOverdracht.casus_id) == casus_id).order_by(col(CasusOverdracht.datum))
    ).scalars()
    return Werkdossier(
        perioden=tuple(perioden.perioden(session, casus_id)),
        doelen=tuple(plan.doelen(session, casus_id)),
        journaal=tuple(journaal.journaal(session, regio, casus_id)),
        evaluaties=tuple(evaluatie_view(e) for e in evaluaties),
        overdrachten=tuple(overdracht_view(o) for o in overdrachten),
        tijdlijn=tuple(journaal.tijdlijn(session, regio, casus_id)),
        evaluatie_op=casus.evaluatie_op,
        procesregisseur_id=casus.procesregisseur_id or _account_named(session, casus.procesregisseur),
        toelichting=opened[0].toelichting if opened else None,
        rollen=procesregie.rollen(session, casus_id),
    )


def mijn_casussen(session: Session, today: date) -> list[MijnCasus]:
    """The open casussen of the logged-in procesregisseur (by account, or by name for casussen from before
    accounts): evaluations due within a week first, then by next evaluation."""
    require(session, Recht.CASUS_LEZEN)
    actor = actor_of(session)
    if actor is None:
        return []
    mine = [col(Casus.procesregisseur_id) == actor.gebruiker_id] if actor.gebruiker_id is not None else []
    mine.append(
        and_(col(Casus.procesregisseur_id).is_(None), func.lower(col(Casus.procesregisseur)) == actor.naam.lower())
    )
    casussen = list(session.execute(select(Casus).where(col(Casus.gesloten).is_(None), or_(*mine))).scalars())
    ids = [c.id for c in casussen]
    if not ids:
        return []
    names = casus_person_names(session, ids)
    overdue_goals = dict(
        session.execute(
            select(col(CasusDoel.casus_id), func.count())
            .where(
                col(CasusDoel.casus_id).in_(ids),
                col(CasusDoel.termijn) < today,
                col(CasusDoel.status).in_(("nog_niet_gestart", "bezig")),
            )
            .group_by(col(CasusDoel.casus_id))
        ).all()
    )
    overdue_acties = dict(
        session.execute(
            select(col(Actie.casus_id), func.count())
            .where(col(Actie.casus_id).in_(ids), open_clause(), col(Actie.termijn) < today)
            .group_by(col(Actie.casus_id))
        ).all()
    )
    last_entry = dict(
        session.execute(
            select(col(CasusJournaal.casus_id), func.max(col(CasusJournaal.datum)))
            .where(col(CasusJournaal.casus_id).in_(ids))
            .group_by(col(CasusJournaal.casus_id))
        ).all()
    )
    rows = [
        MijnCasus(
            id=c.id,
            thema=c.thema,
            gemeente=c.gemeente,
            personen=names[c.id],
            evaluatie_op=c.evaluatie_op,
            doelen_over_termijn=overdue_goals.get(c.id, 0),
            acties_over_termijn=overdue_acties.get(c.id, 0),
            dagen_sinds_journaal=(today - last_entry[c.id]).days if c.id in last_entry else None,
        )
        for c in casussen
    ]
    rows.sort(key=lambda r: (not r.evaluatie_due(today), r.evaluatie_op or date.max, r.id))
    return rows
