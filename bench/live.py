"""Bench: one live meeting, a chair and six partners, each its own process on one store (SQLite and PostgreSQL).

    python bench/live.py                          # 6 partners, 30 meldingen, SQLite and (if reachable) PostgreSQL
    python bench/live.py --partners 3 --meldingen 10 --alleen-sqlite
    python bench/live.py --postgres postgresql+psycopg://zvh:zvh@127.0.0.1:5432/zvh_test
    python bench/live.py --klein                  # 2 partners, 4 meldingen (CI)

The chair moves to the next melding (as the run screen stores its position); every partner process follows
through the store's change feed (db.changes: PRAGMA data_version polled every 250 ms, or LISTEN/NOTIFY)
and the live marker (zvh_core.meetings.live.stand), as its screen does, then answers on that melding
(zvh_core.meetings.voorbereiden.answer); the chair follows the answers the same way. Prints, median and
p95: from the chair's move (its write included) to each partner following, from a partner's answer to the
chair seeing it; and the writes per second the store took meanwhile (set by the meeting's pace, not the
store's limit: bench/writers.py measures that). Times are wall-clock times of one machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchkit import add_options, parse, record
from sqlalchemy import select

from bench.writers import postgres_schema
from tests.postgres_url import DEFAULT as DEFAULT_POSTGRES
from tests.workers import MEETING_DAY, bespreking_ids, fork_job, seed_meeting
from zvh_core.access.rights import Actor
from zvh_core.access.systeem import as_system
from zvh_core.config.regio import load_regio
from zvh_core.kernel.models import Bekendheid
from zvh_core.meetings import live, overleggen, voorbereiden
from zvh_core.store import open_store

WAIT_SECONDS = 30.0
"""A step that takes longer than this is a failure of the bench, not a slow result."""


def partner_job(url: str, overleg_id: int, partner: str):
    def job(report) -> None:
        regio = load_regio()
        store = open_store(url).as_user(Actor(f"bench-{partner}", "partner", organisatie=partner))
        feed = store.change_feed()
        report("klaar")
        followed = None
        while True:
            if not feed.wait(WAIT_SECONDS):
                raise SystemExit("geen wijziging meer gezien")
            with store.read() as s:
                stand = live.stand(s, overleg_id)
            if stand.status != "open":
                return
            if stand.huidige_bespreking_id != followed and stand.huidige_bespreking_id is not None:
                followed = stand.huidige_bespreking_id
                report(f"volgt {followed} {time.time():.6f}")
                voorbereiden.answer(store, regio, followed, code="bekend", notitie=f"{partner}", expected_versie=0)
                report(f"antwoord {followed} {time.time():.6f}")

    return job


def chair_job(url: str, overleg_id: int, items: list[int], partners: int):
    def job(report) -> None:
        store = as_system(open_store(url), "bench")
        feed = store.change_feed()
        overleggen.start(store, overleg_id)
        writes = 1
        started = time.time()
        for bespreking_id in items:
            report(f"zet {bespreking_id} {time.time():.6f}")
            overleggen.set_current(store, overleg_id, bespreking_id)
            report(f"gezet {bespreking_id} {time.time():.6f}")
            writes += 1
            seen: set[str] = set()
            deadline = time.monotonic() + WAIT_SECONDS
            while len(seen) < partners:
                if time.monotonic() > deadline:
                    raise SystemExit(f"antwoorden op {bespreking_id} niet gezien")
                feed.wait(1.0)
                with store.read() as s:
                    answered = s.exec(
                        select(Bekendheid.partner).where(
                            Bekendheid.bespreking_id == bespreking_id, Bekendheid.voorbereid_door.is_not(None)
                        )
                    ).all()
                now = time.time()
                for (partner,) in answered:
                    if partner not in seen:
                        seen.add(partner)
                        report(f"gezien {bespreking_id} {partner} {now:.6f}")
            writes += partners
        elapsed = time.time() - started
        overleggen.close_overleg(store, overleg_id)
        report(f"schrijfacties {writes} {elapsed:.6f}")

    return job


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def run(url: str, partners: int, meldingen: int) -> dict[str, float]:
    regio = load_regio()
    store = as_system(open_store(url), "bench")
    overleg_id = seed_meeting(store, meldingen, day=MEETING_DAY)
    codes = list(regio.partners)[:partners]
    overleggen.set_partners(store, regio, overleg_id, codes)
    items = bespreking_ids(store, overleg_id)
    children = [fork_job(partner_job(url, overleg_id, code), before_fork=store) for code in codes]
    for child in children:
        child.wait_for("klaar")
    chair = fork_job(chair_job(url, overleg_id, items, partners))
    for child in [chair, *children]:
        child.wait()
    errors = [line for child in [chair, *children] for line in child.errors]
    if errors:
        raise SystemExit(f"fout: {errors[0]}")
    moved = {int(b): float(t) for b, t in chair.reported("zet")}
    committed = {int(b): float(t) for b, t in chair.reported("gezet")}
    storing = [committed[b] - moved[b] for b in moved]
    seen = {(int(b), p): float(t) for b, p, t in chair.reported("gezien")}
    follow, answer = [], []
    for child, code in zip(children, codes, strict=True):
        for b, t in child.reported("volgt"):
            follow.append(float(t) - moved[int(b)])
        for b, t in child.reported("antwoord"):
            answer.append(seen[(int(b), code)] - float(t))
    (writes, elapsed), *_ = chair.reported("schrijfacties")
    store.dispose()
    return {
        "volgen_mediaan": statistics.median(follow) * 1000,
        "volgen_p95": percentile(follow, 0.95) * 1000,
        "antwoord_mediaan": statistics.median(answer) * 1000,
        "antwoord_p95": percentile(answer, 0.95) * 1000,
        "opslaan_mediaan": statistics.median(storing) * 1000,
        "metingen": len(follow) + len(answer),
        "schrijfacties_per_s": int(writes) / float(elapsed),
    }


FOLLOW_P95_MS = 1000


def report(name: str, partners: int, f: dict[str, float], args: argparse.Namespace | None = None) -> None:
    if args is not None:
        met = f["volgen_p95"] < FOLLOW_P95_MS
        record(
            args, f"Live overleg {name}: voorzitter -> partner volgt (p95)", "< 1 s", f"{f['volgen_p95']:.0f} ms", met
        )
        record(args, f"  {name}: antwoord bij de voorzitter (p95)", "—", f"{f['antwoord_p95']:.0f} ms", None)
    print(
        f"{name:<11} voorzitter + {partners} partners: volgen mediaan {f['volgen_mediaan']:.0f} ms, "
        f"p95 {f['volgen_p95']:.0f} ms (waarvan de stap opslaan mediaan {f['opslaan_mediaan']:.0f} ms); antwoord bij de voorzitter mediaan {f['antwoord_mediaan']:.0f} ms, "
        f"p95 {f['antwoord_p95']:.0f} ms; {f['schrijfacties_per_s']:.0f} schrijfacties/s tijdens het overleg "
        f"({f['metingen']:.0f} metingen)"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_options(parser, store=False)
    parser.add_argument("--partners", type=int, default=6)
    parser.add_argument("--meldingen", type=int, default=30)
    parser.add_argument("--postgres", default=os.environ.get("ZVH_TEST_POSTGRES_URL") or DEFAULT_POSTGRES)
    parser.add_argument("--alleen-sqlite", action="store_true")
    args = parse(parser, argv, store=False)
    if args.klein:
        args.partners, args.meldingen = 2, 4
    if args.partners > len(load_regio().partners):
        raise SystemExit(f"Hoogstens {len(load_regio().partners)} partners (de partners van de regio).")

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'zvh.sqlite3'}"
        report("SQLite", args.partners, run(url, args.partners, args.meldingen), args)
    if args.alleen_sqlite:
        return
    try:
        url, drop = postgres_schema(args.postgres)
    except Exception as error:
        print(f"PostgreSQL  niet bereikbaar ({str(error).splitlines()[0]}); overgeslagen")
        return
    try:
        report("PostgreSQL", args.partners, run(url, args.partners, args.meldingen), args)
    finally:
        drop()


if __name__ == "__main__":
    main()
