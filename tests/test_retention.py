"""Retention removes exactly what is due on hand-made data, and logs only counts."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import func, select, update

from tests.factories import add_melding, add_persoon
from zvh_core.access import audit
from zvh_core.kernel.models import (
    Actie,
    Bekendheid,
    Besluit,
    Bespreking,
    Casus,
    CasusMelding,
    CasusPersoon,
    Melding,
    Persoon,
    Toegangslog,
)
from zvh_core.meetings import bespreking, overleggen
from zvh_core.meetings.agenda import agenda_items
from zvh_core.privacy import retention

TODAY = date(2026, 11, 26)  # melding: ≤ 2024-11-26; casus: gesloten ≤ 2021-11-26; log: before 2019-11-26


def decide(store, regio, day, route="geen_vervolg", actie=False):
    overleg = overleggen.open_overleg(store, regio, "routeertafel", day, "V", ["vt", "amw"])
    with store.read() as s:
        items = agenda_items(s, regio, overleg)
    for item in items:
        bespreking.set_bekendheid(store, regio, item.bespreking_id, "vt", code="bekend", notitie="oud")
        bespreking.set_besluit(store, regio, item.bespreking_id, route, None)
        if actie:
            bespreking.add_actie(store, regio, item.bespreking_id, "amw", "x", day)
    with store.write() as s:  # decided on the day of the overleg (the service stamps 'now')
        s.execute(
            update(Besluit)
            .where(Besluit.bespreking_id.in_([i.bespreking_id for i in items]))
            .values(genomen_op=datetime.combine(day, datetime.min.time(), UTC))
        )
    overleggen.close_overleg(store, overleg)
    return [i.melding_id for i in items]


def ids(store, model):
    with store.read() as s:
        return set(s.exec(select(model.id)).scalars())


def test_retention_removes_exactly_what_is_due(store, regio):
    with store.write() as s:
        old_person = add_persoon(s, achternaam="Oud", voornamen="Olaf")
        shared = add_persoon(s, achternaam="Gedeeld", voornamen="Gert")
        kept_person = add_persoon(s, achternaam="Nieuw", voornamen="Nina")
        casus_person = add_persoon(s, achternaam="Casus", voornamen="Cas")
        old = add_melding(s, datum=date(2024, 1, 10), personen=[old_person, shared], extern_id="OUD")
    decide(store, regio, date(2024, 1, 15), actie=True)  # decided 2024-01-15: due
    with store.write() as s:
        late = add_melding(s, datum=date(2024, 2, 1), personen=[shared], extern_id="LAAT-BESLOTEN")
    decide(store, regio, date(2025, 3, 3))  # decided 2025: not due yet
    with store.write() as s:
        recent = add_melding(s, datum=date(2026, 10, 1), personen=[kept_person], extern_id="RECENT")
    overleggen.open_overleg(store, regio, "routeertafel", TODAY, "V", ["vt"])  # 'recent' waits on an open agenda
    with store.write() as s:
        never = add_melding(s, datum=date(2024, 6, 1), personen=[kept_person], extern_id="NOOIT-BESPROKEN")
        in_old_casus = add_melding(s, datum=date(2015, 5, 1), personen=[casus_person], extern_id="IN-CASUS")
        old_casus = Casus(thema="pga", gemeente="Roermond", geopend=date(2015, 6, 1), gesloten=date(2020, 1, 1))
        new_casus = Casus(thema="pga", gemeente="Roermond", geopend=date(2019, 6, 1), gesloten=date(2023, 1, 1))
        open_casus = Casus(thema="pga", gemeente="Weert", geopend=date(2010, 6, 1))
        s.add_all([old_casus, new_casus, open_casus])
        s.flush()
        s.add_all(
            [
                CasusMelding(casus_id=old_casus.id, melding_id=in_old_casus.id),
                CasusPersoon(casus_id=old_casus.id, persoon_id=casus_person.id),
                CasusPersoon(casus_id=new_casus.id, persoon_id=kept_person.id),
                Actie(casus_id=old_casus.id, eigenaar="zvh", omschrijving="x", termijn=date(2016, 1, 1)),
            ]
        )
    # 'never' was on no overleg: 2024-06-01 ≤ 2024-11-26, so due.
    with store.read() as s:
        due = retention.due(s, regio, TODAY)
    assert set(due.meldingen) == {old.id, never.id, in_old_casus.id}
    assert set(due.casussen) == {old_casus.id}
    assert set(due.personen) == {old_person.id, casus_person.id}  # shared & kept still referenced

    before_bekendheid = ids(store, Bekendheid)
    plan = retention.execute(store, regio, TODAY)
    assert plan.meldingen == due.meldingen
    assert ids(store, Melding) == {late.id, recent.id}
    assert ids(store, Casus) == {new_casus.id, open_casus.id}
    assert ids(store, Persoon) == {shared.id, kept_person.id}
    with store.read() as s:
        assert s.exec(select(func.count()).select_from(Bespreking).where(Bespreking.melding_id == old.id)).one()[0] == 0
        assert s.exec(select(func.count()).select_from(Actie).where(Actie.casus_id == old_casus.id)).one()[0] == 0
        assert len(ids(store, Bekendheid)) == len(before_bekendheid) - 1
        assert ids(store, Besluit)
        (entry,) = audit.entries_unchecked(s, gebruiker="test")[-1:]
    assert entry.actie == "bewaartermijn_uitgevoerd"
    assert '"meldingen": 3' in entry.details and "Olaf" not in entry.details and "OUD" not in entry.details
    with store.read() as s:
        assert retention.due(s, regio, TODAY).meldingen == ()  # nothing left to do


def test_retention_prunes_the_old_log_and_keeps_it_verifiable(store, regio, monkeypatch):
    monkeypatch.setattr(audit, "utcnow", lambda: datetime(2018, 1, 1, tzinfo=UTC))
    with store.write() as s:
        for n in range(3):
            audit.record(s, audit.Handeling.BEKEKEN, object_type="melding", object_id=n, persoon_id=n)
    monkeypatch.undo()
    with store.write() as s:
        audit.record(s, audit.Handeling.GEWIJZIGD, object_type="melding", object_id=9)
    with store.read() as s:
        assert retention.due(s, regio, TODAY).logregels == 3
    retention.execute(store, regio, TODAY)
    with store.read() as s:
        assert s.exec(select(func.min(Toegangslog.id))).one()[0] == 4
        assert audit.verify(s).ok


def test_periods_come_from_the_regio_file(store, regio):
    custom = regio.model_copy(
        update={
            "privacy": regio.privacy.model_copy(
                update={
                    "bewaartermijnen": regio.privacy.bewaartermijnen.model_copy(
                        update={"melding_zonder_casus_jaren": 10}
                    )
                }
            )
        }
    )
    with store.write() as s:
        add_melding(s, datum=date(2020, 1, 1))
    with store.read() as s:
        assert len(retention.due(s, regio, TODAY).meldingen) == 1
        assert retention.due(s, custom, TODAY).meldingen == ()
