"""One live meeting as separate processes on one store (SQLite or PostgreSQL, as the run is): two partners
answer every melding at the same moment, on the same items, and nothing is lost or refused; the chair's
process sees every answer through the change feed; then the chair moves and both partner processes
follow, in order; neither partner's preparation ever shows the other's answer."""

from __future__ import annotations

import time

from sqlalchemy import select

from tests.workers import MEETING_DAY, bespreking_ids, fork_job, seed_meeting
from zvh_core.access.rights import Actor
from zvh_core.access.systeem import as_system
from zvh_core.config.regio import load_regio
from zvh_core.kernel.models import Bekendheid
from zvh_core.meetings import live, overleggen, voorbereiden
from zvh_core.store import open_store

ITEMS = 12
MOVES = 3
PARTNERS = ("vt", "amw")


def partner_process(url: str, overleg_id: int, partner: str, items: list[int]):
    def job(report) -> None:
        regio = load_regio()
        store = open_store(url).as_user(Actor(f"{partner}-proces", "partner", organisatie=partner))
        with store.change_feed() as feed:
            for bespreking_id in items:
                voorbereiden.answer(store, regio, bespreking_id, code="bekend", notitie=partner, expected_versie=0)
                report(f"antwoord {bespreking_id}")
            followed = None
            while feed.wait(30):
                with store.read() as s:
                    stand = live.stand(s, overleg_id)
                if stand.status != "open":
                    return
                if stand.huidige_bespreking_id not in (None, followed):
                    if followed is None:  # every answer is in by now: what does this partner see?
                        with store.read() as s:
                            prep = voorbereiden.voorbereiding(s, regio, overleg_id, MEETING_DAY)
                        report(
                            "ziet "
                            + ",".join(sorted({f"{i.antwoord.partner}:{i.antwoord.notitie}" for i in prep.items}))
                        )
                    followed = stand.huidige_bespreking_id
                    report(f"volgt {followed}")
            raise SystemExit("de voorzitter bewoog niet meer")

    return job


def chair_process(url: str, overleg_id: int, items: list[int]):
    def job(report) -> None:
        store = as_system(open_store(url), "voorzitter")
        overleggen.start(store, overleg_id)
        with store.change_feed() as feed:
            deadline = time.monotonic() + 60
            while True:
                with store.read() as s:
                    seen = s.execute(select(Bekendheid.partner).where(Bekendheid.voorbereid_door.is_not(None))).all()
                if len(seen) == ITEMS * len(PARTNERS):
                    report(f"alles_gezien {len(seen)}")
                    break
                if time.monotonic() > deadline:
                    raise SystemExit(f"na 60 s pas {len(seen)} antwoorden gezien")
                feed.wait(2)
        for bespreking_id in items[1 : 1 + MOVES]:
            overleggen.set_current(store, overleg_id, bespreking_id)
            report(f"gezet {bespreking_id}")
            time.sleep(0.6)  # the chair talks a moment: each partner follows each move
        overleggen.close_overleg(store, overleg_id)

    return job


def test_a_chair_and_two_partner_processes_answer_at_once_and_follow(store, db_url, regio):
    overleg_id = seed_meeting(store, ITEMS)
    overleggen.set_partners(store, regio, overleg_id, ["vt", "zvh", "amw"])
    items = bespreking_ids(store, overleg_id)
    store.dispose()
    partners = [fork_job(partner_process(db_url, overleg_id, p, items)) for p in PARTNERS]
    chair = fork_job(chair_process(db_url, overleg_id, items))
    for child in [chair, *partners]:
        assert child.wait(120) == 0, child.errors
    assert not [line for child in [chair, *partners] for line in child.errors]
    assert chair.reported("alles_gezien") == [[str(ITEMS * len(PARTNERS))]]
    moves = [b for (b,) in chair.reported("gezet")]
    for child, partner in zip(partners, PARTNERS, strict=True):
        assert child.reported("ziet") == [[f"{partner}:{partner}"]]  # its own answers only, never the other's
        assert len(child.reported("antwoord")) == ITEMS
        assert [b for (b,) in child.reported("volgt")][-MOVES:] == moves

    with store.read() as s:
        rows = s.execute(select(Bekendheid.partner, Bekendheid.versie, Bekendheid.notitie)).all()
    assert sorted(rows) == sorted((p, 1, p) for p in PARTNERS for _ in range(ITEMS))  # none lost, none refused
