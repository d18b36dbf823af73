"""A person's dossier: who they are and everything the ZVH knows about them, newest first."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from zvh_core.access import audit
from zvh_core.access.audit import Handeling
from zvh_core.access.rights import Recht, require
from zvh_core.kernel.errors import NotFound
from zvh_core.kernel.models import Actie, Casus, CasusDoel, CasusJournaal, CasusPeriode
from zvh_core.kernel.names import Naam, age_on
from zvh_core.kernel.read_models import ActieView, CasusWerk, Dossier, PersonDetail
from zvh_core.kernel.to_view import actie_view
from zvh_core.persons.history import history_for
from zvh_core.persons.lookup import load_persons
from zvh_core.persons.merge import likely_duplicates, merges_into


def person_detail(person: dict, today: date) -> PersonDetail:
    return PersonDetail(
        id=person["id"],
        naam=Naam.volledig(person["achternaam"], person["tussenvoegsel"], person["voornamen"]),
        achternaam=person["achternaam"],
        tussenvoegsel=person["tussenvoegsel"],
        voornamen=person["voornamen"],
        geboortedatum=person["geboortedatum"],
        leeftijd=age_on(person["geboortedatum"], today),
        bsn=person["bsn"],
        adres=person["adres"],
        postcode=person["postcode"],
        woonplaats=person["woonplaats"],
    )


def _casus_werk(session: Session, casus_ids: list[int]) -> dict[int, CasusWerk]:
    """Periods, goals and journal of each casus (the procesregie; domain.md §8)."""
    if not casus_ids:
        return {}
    perioden: dict[int, list[tuple[date, date | None, str | None]]] = defaultdict(list)
    for p in session.execute(
        select(CasusPeriode)
        .where(col(CasusPeriode.casus_id).in_(casus_ids))
        .order_by(col(CasusPeriode.van), col(CasusPeriode.id))
    ).scalars():
        perioden[p.casus_id].append((p.van, p.tot, p.reden_sluiting))
    doelen: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for d in session.execute(
        select(CasusDoel).where(col(CasusDoel.casus_id).in_(casus_ids)).order_by(col(CasusDoel.id))
    ).scalars():
        doelen[d.casus_id].append((d.leefgebied, d.status))
    journaal: dict[int, list[CasusJournaal]] = defaultdict(list)
    for j in session.execute(
        select(CasusJournaal)
        .where(col(CasusJournaal.casus_id).in_(casus_ids))
        .order_by(col(CasusJournaal.datum), col(CasusJournaal.id))
    ).scalars():
        journaal[j.casus_id].append(j)
    return {
        cid: CasusWerk(
            perioden=tuple(perioden[cid]),
            doelen=tuple(doelen[cid]),
            journaal=len(journaal[cid]),
            laatste_journaal=journaal[cid][-1].datum if journaal[cid] else None,
            laatste_feit=(journaal[cid][-1].feit or journaal[cid][-1].oordeel) if journaal[cid] else None,
        )
        for cid in casus_ids
    }


def load_dossier(session: Session, persoon_id: int, *, today: date) -> Dossier:
    """The person, their meldingen with every bespreking (who knew them, the route, the actions), their
    casussen with actions, likely duplicates and merges that can be undone. Logged as a view of the person."""
    require(session, Recht.PERSOON_ZOEKEN)
    person = load_persons(session, [persoon_id]).get(persoon_id)
    if person is None:
        raise NotFound("Deze persoon bestaat niet (meer); misschien is hij samengevoegd.")
    audit.record(session, Handeling.BEKEKEN, object_type="dossier", object_id=persoon_id, persoon_id=persoon_id)
    history = history_for(session, None, [persoon_id], None)
    casus_ids = [c.id for c in history.casussen]
    acties: dict[int, list[ActieView]] = defaultdict(list)
    gemeente: dict[int, str] = {}
    if casus_ids:
        for actie in session.execute(
            select(Actie).where(col(Actie.casus_id).in_(casus_ids)).order_by(col(Actie.termijn))
        ).scalars():
            acties[actie.casus_id].append(actie_view(actie))
        gemeente = dict(
            session.execute(select(col(Casus.id), col(Casus.gemeente)).where(col(Casus.id).in_(casus_ids))).all()
        )
    others = {pid for m in history.meldingen for pid in m.persoon_ids} | {
        pid for c in history.casussen for pid in c.persoon_ids
    }
    names = {
        pid: Naam.volledig(p["achternaam"], p["tussenvoegsel"], p["voornamen"])
        for pid, p in load_persons(session, others).items()
    }
    return Dossier(
        casus_werk=tuple(_casus_werk(session, casus_ids).items()),
        persoon=person_detail(person, today),
        history=history,
        casus_acties=tuple((cid, tuple(acties[cid])) for cid in casus_ids if acties.get(cid)),
        casus_gemeente=tuple(gemeente.items()),
        dubbelen=tuple(likely_duplicates(session, persoon_id)),
        samenvoegingen=tuple(merges_into(session, persoon_id)),
        namen=tuple(sorted(names.items())),
    )
