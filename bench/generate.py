"""A large store for benchmarks: years of meldingen, recurring persons, overleggen, casussen.

    python bench/generate.py --url sqlite:///PATH --meldingen 100000 [--personen N] [--casussen N]
                             [--overleggen-weken N] [--jaren N] [--seed S] [--vandaag YYYY-MM-DD]
    python bench/generate.py --klein    # a small store in a temporary folder, removed afterwards (CI)

Uses the demo's building blocks (zvh_core/demo/fill.py) but writes with SQLAlchemy Core bulk inserts,
a chunk at a time, with the ids chosen here: memory stays bounded (a few compact arrays per
household), whatever the size.

What it writes, for a fresh store:
- persons in households (shared surname and address, children), some with a BSN;
- meldingen spread over ``--jaren`` years, each about one household (drawn Zipf-like, so a few come
  back very often) or an unknown person;
- every overleg of every type over those years, closed. Every melding but the last few is decided
  at the next overleg of its type (some held over or sent to triage first), so that the agenda rule
  leaves only the meldingen since the last overleg of each type open: ~25 for the routeertafel.
  Overleggen in the last ``--overleggen-weken`` weeks are complete (bekendheid per partner, notes,
  actions); older ones only record each bespreking and besluit;
- casussen opened from triage decisions over the years, across themas and gemeenten, open and
  closed, with the household's persons and meldingen linked.
"""

from __future__ import annotations

import argparse
import sys
import time
from array import array
from bisect import bisect_right
from collections import Counter
from datetime import date, timedelta
from random import Random
from typing import NamedTuple

from sqlalchemy import Connection, Table, func, insert, select

from zvh_core.config.regio import Regio, load_regio
from zvh_core.demo.fill import DemoFactory, Zipf, at, overleg_dates, spread
from zvh_core.kernel.models import (
    Actie,
    Bekendheid,
    Besluit,
    Bespreking,
    Casus,
    CasusMelding,
    CasusPeriode,
    CasusPersoon,
    Melding,
    MeldingPersoon,
    Overleg,
    OverlegPartner,
    Persoon,
)
from zvh_core.store import open_store

CHUNK = 20_000
"""Meldingen per write transaction."""
AGENDA_TARGETS = {"routeertafel": 25, "e33_screening": 8}
"""Open meldingen left per overlegtype (others: 4)."""
UNKNOWN_CHANCE = 0.03
HOLD_CHANCE = 0.04
FORWARD_CHANCE = 0.05

TABLES: list[Table] = [  # in the order their rows may be written (parents first)
    m.__table__
    for m in (
        Persoon,
        Melding,
        MeldingPersoon,
        Overleg,
        OverlegPartner,
        Bespreking,
        Besluit,
        Bekendheid,
        Casus,
        CasusPeriode,
        CasusPersoon,
        CasusMelding,
        Actie,
    )
]


class BulkWriter:
    """Collects rows per table and writes them, parents first, in one transaction per flush."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.rows: dict[Table, list[dict]] = {t: [] for t in TABLES}
        self.counts: Counter[str] = Counter()

    def add(self, model, row: dict) -> None:
        self.rows[model.__table__].append(row)

    def flush(self) -> None:
        for table in TABLES:
            rows = self.rows[table]
            if rows:
                self.conn.execute(insert(table), rows)
                self.counts[table.name] += len(rows)
                rows.clear()
        self.conn.commit()


class NewMelding(NamedTuple):
    id: int
    persons: list[int]
    household: int | None
    """None: an unknown person."""
    gemeente: str
    previous: int
    """The household's melding before this one (0: none)."""


class Households:
    """Where each household's persons are (consecutive ids) and what the generator needs of them."""

    def __init__(self) -> None:
        self.first = array("I")  # first persoon id
        self.size = bytearray()
        self.gemeente = bytearray()  # index in regio.gemeenten
        self.born = array("I", [0])  # per persoon id: geboortedatum as ordinal, 0 unknown
        self.last_melding = array("I")  # per household: its latest melding id, 0 none

    def __len__(self) -> int:
        return len(self.first)

    def members(self, h: int, on: date) -> list[int]:
        """Persoon ids of household ``h`` born by ``on`` (adults first)."""
        day = on.toordinal()
        first = self.first[h]
        alive = [p for p in range(first, first + self.size[h]) if self.born[p] <= day]
        return alive or [first]

    def adults(self, members: list[int], on: date) -> list[int]:
        limit = on.toordinal() - 16 * 365
        return [p for p in members if self.born[p] <= limit] or members[:1]


class Generator:
    def __init__(self, regio: Regio, *, seed: int, today: date, years: int, detail_weeks: int) -> None:
        self.regio = regio
        self.today = today
        self.rng = Random(seed)
        self.f = DemoFactory(regio, seed=seed, today=today, extern_id_step=3)
        self.start = today - timedelta(365 * years)
        self.detail_from = today - timedelta(7 * detail_weeks)
        self.types = list(regio.overlegtypen)
        self.kinds = {t: self.f.route_kinds(t) for t in self.types}
        self.casus_type = next((t for t in self.types if self.kinds[t][3]), None)
        self.households = Households()
        self.next_id: Counter[str] = Counter()

    def new_id(self, table: str) -> int:
        self.next_id[table] += 1
        return self.next_id[table]

    # persons ---------------------------------------------------------------------------------
    def write_persons(self, out: BulkWriter, total: int) -> None:
        hh, created = self.households, at(self.start)
        h = 0
        while self.next_id["persoon"] < total:
            members = self.f.household(h)[: total - self.next_id["persoon"]]
            hh.first.append(self.next_id["persoon"] + 1)
            hh.size.append(len(members))
            hh.gemeente.append(self.regio.gemeenten.index(members[0].gemeente))
            hh.last_melding.append(0)
            for person in members:
                out.add(Persoon, {"id": self.new_id("persoon"), **person.persoon_fields(), "aangemaakt_op": created})
                hh.born.append(person.geboortedatum.toordinal() if person.geboortedatum else 0)
            h += 1
            if len(out.rows[Persoon.__table__]) >= CHUNK:
                out.flush()
        out.flush()

    # overleggen ------------------------------------------------------------------------------
    def write_overleggen(self, out: BulkWriter) -> None:
        all_dates = sorted(
            (
                (d, self.types.index(t), t)
                for t in self.types
                for d in overleg_dates(self.regio, t, self.start, self.today)
            ),
        )
        self.dates: dict[str, list[date]] = {t: [] for t in self.types}
        self.ids: dict[str, list[int]] = {t: [] for t in self.types}
        for day, _, t in all_dates:
            oid = self.new_id("overleg")
            self.dates[t].append(day)
            self.ids[t].append(oid)
            out.add(
                Overleg,
                {
                    "id": oid,
                    "type": t,
                    "datum": day,
                    "voorzitter": self.f.voorzitter(t, day),
                    "status": "gesloten",
                    "gestart_op": at(day),
                    "gesloten_op": at(day) + timedelta(hours=3),
                    "huidige_bespreking_id": None,
                    "aangemaakt_op": at(day - timedelta(3)),
                },
            )
            for n, partner in enumerate(self.regio.overlegtypen[t].partners):
                out.add(OverlegPartner, {"overleg_id": oid, "partner": partner, "volgorde": n})
        self.volgorde = array("I", [0]) * (self.next_id["overleg"] + 1)
        out.flush()

    def next_overleg(self, t: str, after: date) -> tuple[int, date] | None:
        """(id, date) of the first overleg of type ``t`` after ``after``, if before today."""
        i = bisect_right(self.dates[t], after)
        return (self.ids[t][i], self.dates[t][i]) if i < len(self.dates[t]) else None

    # meldingen -------------------------------------------------------------------------------
    def write_meldingen(self, out: BulkWriter, total: int, casussen: int) -> None:
        f, rng, regio = self.f, self.rng, self.regio
        last = {t: self.dates[t][-1] for t in self.types if self.dates[t]}
        cutoff = min(last.values())
        open_counts = {
            t: AGENDA_TARGETS.get(t, 4) for t in self.types if any(f.type_of_soort[s] == t for s in regio.soorten)
        }
        bulk = total - sum(open_counts.values())
        zipf = Zipf(len(self.households))
        frequent = zipf.k * 5  # households drawn this low are "known": more partners know them
        casus_step, casus_due = casussen / max(1, bulk), 0.0
        for day, count in spread(bulk, self.start, cutoff):
            for _ in range(count):
                soort = f.soort(rng)
                h = zipf(rng)
                new = self.add_melding(out, soort, day, h)
                casus_due += casus_step
                known = 0.5 if new.household is not None and h < frequent else 0.2
                opened_on = self.decide(out, new.id, soort, day, known, casus_due >= 1)
                if opened_on:
                    self.add_casus(out, new, soort, opened_on)
                    casus_due -= 1
                if len(out.rows[Melding.__table__]) >= CHUNK:
                    out.flush()
        for t, count in open_counts.items():  # the open agenda: since the last overleg of each type
            soorten = [s for s in regio.soorten if f.type_of_soort[s] == t]
            window = (self.today - last[t]).days
            for _ in range(count):
                soort = rng.choices(soorten, weights=[f.soort_weights[s] for s in soorten])[0]
                self.add_melding(out, soort, last[t] + timedelta(rng.randrange(window)), zipf(rng, head=0.3))
        out.flush()

    def add_melding(self, out: BulkWriter, soort: str, day: date, h: int) -> NewMelding:
        """Write a melding about household ``h``, or about an unknown person."""
        f, rng, hh = self.f, self.rng, self.households
        melding_id, previous = self.new_id("melding"), 0
        if rng.random() < UNKNOWN_CHANCE:
            persons = [self.new_id("persoon")]
            gemeente = f.gemeente_choice(rng)
            out.add(
                Persoon, {"id": persons[0], **f.unknown_person(gemeente).persoon_fields(), "aangemaakt_op": at(day)}
            )
            h = None
        else:
            members = hh.members(h, day)
            gemeente = self.regio.gemeenten[hh.gemeente[h]]
            if len(members) > 1 and f.wants_several(rng, soort):
                persons = members[: rng.randint(2, min(4, len(members)))]
            else:
                persons = [rng.choice(hh.adults(members, day))]
                if f.wants_several(rng, soort):  # a co-suspect from elsewhere
                    other = hh.first[rng.randrange(len(hh))]
                    if other not in persons:
                        persons.append(other)
            previous, hh.last_melding[h] = hh.last_melding[h], melding_id
        out.add(Melding, {"id": melding_id, **f.melding_fields(rng, soort=soort, datum=day, gemeente=gemeente)})
        for p in persons:
            out.add(MeldingPersoon, {"melding_id": melding_id, "persoon_id": p})
        return NewMelding(melding_id, persons, h, gemeente, previous)

    def decide(
        self, out: BulkWriter, melding_id: int, soort: str, day: date, known: float, wants_casus: bool
    ) -> date | None:
        """Discuss the melding at the overleggen that follow; the day it opened a casus, if it did."""
        f, rng = self.f, self.rng
        t = f.type_of_soort[soort]
        if t is None:  # a soort no overleg takes: stays undecided
            return None
        first = self.next_overleg(t, day)
        final, hold, forward, casus = self.kinds[t]
        steps: list[tuple[str, int, date, str]] = []  # (type, overleg id, date, route)
        opened = False
        if wants_casus and self.casus_type:
            if casus:
                steps, opened = [(t, *first, casus[0])], True
            else:
                route = next((r for r in forward if self.regio.route_target(r, t) == self.casus_type), None)
                then = route and self.next_overleg(self.casus_type, first[1])
                if then:
                    steps = [(t, *first, route), (self.casus_type, *then, self.kinds[self.casus_type][3][0])]
                    opened = True
        if not steps and first[1] >= self.detail_from:
            draw = rng.random()
            if hold and draw < HOLD_CHANCE and (then := self.next_overleg(t, first[1])):
                steps = [(t, *first, hold[0]), (t, *then, f.final_route(rng, t, soort))]
            elif forward and draw > 1 - FORWARD_CHANCE:
                route = rng.choice(forward)
                target = self.regio.route_target(route, t)
                if then := self.next_overleg(target, first[1]):
                    steps = [(t, *first, route), (target, *then, f.final_route(rng, target, soort))]
        if not steps:
            steps = [(t, *first, f.final_route(rng, t, soort) or (final or hold or forward or casus)[0])]
        for otype, overleg_id, odate, route in steps:
            self.add_bespreking(out, melding_id, otype, overleg_id, odate, route, known)
        return steps[-1][2] if opened else None

    def add_bespreking(
        self, out: BulkWriter, melding_id: int, otype: str, overleg_id: int, odate: date, route: str, known: float
    ) -> None:
        f, rng = self.f, self.rng
        volgorde = self.volgorde[overleg_id]
        self.volgorde[overleg_id] = volgorde + 1
        when = at(odate) + timedelta(seconds=10 * volgorde)
        bespreking_id = self.new_id("bespreking")
        out.add(
            Bespreking,
            {
                "id": bespreking_id,
                "overleg_id": overleg_id,
                "melding_id": melding_id,
                "volgorde": volgorde,
                "afgevoerd": False,
                "versie": 1,
                "gewijzigd_op": when,
            },
        )
        out.add(
            Besluit,
            {
                "id": bespreking_id,
                "bespreking_id": bespreking_id,
                "route": route,
                "toelichting": f.toelichting(rng, route),
                "genomen_op": when,
            },
        )
        if odate < self.detail_from:
            return
        present = self.regio.overlegtypen[otype].partners
        for partner in present:
            code, notitie = f.bekendheid(rng, partner, odate, known=known)
            out.add(
                Bekendheid,
                {
                    "id": self.new_id("bekendheid"),
                    "bespreking_id": bespreking_id,
                    "partner": partner,
                    "code": code,
                    "notitie": notitie,
                    "gewijzigd_op": when,
                },
            )
        if rng.random() < (0.5 if self.regio.routes[route].partner else 0.15):
            owner = f.actie_owner(rng, route, present)
            out.add(
                Actie,
                {
                    "id": self.new_id("actie"),
                    "bespreking_id": bespreking_id,
                    "casus_id": None,
                    **f.actie(rng, eigenaar=owner, datum=odate),
                },
            )

    def add_casus(self, out: BulkWriter, new: NewMelding, soort: str, geopend: date) -> None:
        """A casus opened from ``new``: its persons (and household) and meldingen linked."""
        f, rng, hh = self.f, self.rng, self.households
        casus_id = self.new_id("casus")
        gesloten, reden = f.sluiting(rng, geopend, open_chance=0.1)
        out.add(
            Casus,
            {
                "id": casus_id,
                "extern_id": f"ZVH-{geopend.year}-{casus_id:06d}",
                "thema": f.casus_thema(rng, soort),
                "gemeente": new.gemeente,
                "geopend": geopend,
                "gesloten": gesloten,
                "reden_sluiting": reden,
                "procesregisseur": f.procesregisseur(rng),
                "aangemaakt_op": at(geopend),
            },
        )
        out.add(
            CasusPeriode,
            {"casus_id": casus_id, "van": geopend, "tot": gesloten, "heropend": False,
             "geopend_vastgelegd_op": at(geopend), "doel_resultaten": {}},
        )  # fmt: skip
        household = hh.members(new.household, geopend)[:4] if new.household is not None else []
        for p in dict.fromkeys(new.persons + household):
            out.add(CasusPersoon, {"casus_id": casus_id, "persoon_id": p})
        for melding_id in (new.id, new.previous):
            if melding_id:
                out.add(CasusMelding, {"casus_id": casus_id, "melding_id": melding_id})
        if gesloten is None:
            out.add(
                Actie,
                {
                    "id": self.new_id("actie"),
                    "bespreking_id": None,
                    "casus_id": casus_id,
                    **f.actie(rng, eigenaar="zvh", datum=max(geopend, self.today - timedelta(30))),
                },
            )


def generate(
    url: str,
    *,
    meldingen: int,
    personen: int | None = None,
    casussen: int | None = None,
    overleggen_weken: int = 26,
    jaren: int = 5,
    seed: int = 2026,
    today: date | None = None,
    regio: Regio | None = None,
) -> dict[str, int]:
    """Fill the fresh store at ``url``; the rows written per table."""
    regio = regio or load_regio()
    store = open_store(url)
    try:
        with store.read() as session:
            if session.scalar(select(func.count()).select_from(Melding)):
                raise SystemExit(f"{store.url} bevat al meldingen; kies een nieuw bestand.")
        gen = Generator(regio, seed=seed, today=today or date.today(), years=jaren, detail_weeks=overleggen_weken)
        with store.engine.connect() as conn:
            if store.dialect == "sqlite":  # outside a transaction; a generated store need not survive a power cut
                raw = conn.connection.driver_connection
                raw.execute("PRAGMA synchronous = OFF")
                raw.execute("PRAGMA cache_size = -131072")
            out = BulkWriter(conn)
            gen.write_persons(out, personen if personen is not None else max(1, meldingen // 4))
            gen.write_overleggen(out)
            gen.write_meldingen(out, meldingen, casussen if casussen is not None else meldingen // 10)
        return dict(out.counts)
    finally:
        store.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="SQLAlchemy URL of a new store, e.g. sqlite:////tmp/bench.sqlite3")
    parser.add_argument("--meldingen", type=int)
    parser.add_argument("--klein", action="store_true", help="a small store in a temporary folder (CI)")
    parser.add_argument("--personen", type=int, help="named persons (default: meldingen / 4)")
    parser.add_argument("--casussen", type=int, help="about this many casussen (default: meldingen / 10)")
    parser.add_argument(
        "--overleggen-weken",
        type=int,
        default=26,
        help="weeks of complete overleggen before today (older ones: besluit only)",
    )
    parser.add_argument("--jaren", type=int, default=5, help="years the meldingen are spread over")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--vandaag", type=date.fromisoformat, help="the day the open agenda is for (default: today)")
    args = parser.parse_args(argv)
    if args.klein:
        from benchkit import KLEIN_MELDINGEN, temporary_folder

        args.url = args.url or f"sqlite:///{temporary_folder() / 'klein.sqlite3'}"
        args.meldingen = min(args.meldingen or KLEIN_MELDINGEN, KLEIN_MELDINGEN)
    if not args.url or not args.meldingen:
        parser.error("geef --url en --meldingen (of --klein)")
    started = time.perf_counter()
    counts = generate(
        args.url,
        meldingen=args.meldingen,
        personen=args.personen,
        casussen=args.casussen,
        overleggen_weken=args.overleggen_weken,
        jaren=args.jaren,
        seed=args.seed,
        today=args.vandaag,
    )
    elapsed = time.perf_counter() - started
    for table, count in counts.items():
        print(f"{table:>16}: {count:>10,}")
    print(f"{'klaar in':>16}: {elapsed:>10.1f} s")


if __name__ == "__main__":
    sys.exit(main())
