"""A meldingen.csv (domain.md §4) for an import benchmark, made with the demo's factories.

    python bench/make_csv.py --rijen N --uit PATH [--seed S] [--jaren N] [--vandaag YYYY-MM-DD]
    python bench/make_csv.py --klein    # 300 rows to a temporary file, removed afterwards (CI)

One row per (melding, person): a melding about a household repeats its extern_id and record fields
on several rows. Persons come back (Zipf-like, as in bench/generate.py), always with the same
name, birth date, BSN and address, so the import's person matching has real work to do; a few
rows name nobody (an unknown person). Written as a stream: memory stays small for any N.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from datetime import date, timedelta
from functools import lru_cache
from itertools import chain, repeat
from pathlib import Path
from random import Random

from zvh_core.config.regio import Regio, load_regio
from zvh_core.demo.fill import DemoFactory, Zipf, spread

HEADER = (
    "extern_id",
    "bron",
    "soort",
    "datum",
    "gemeente",
    "achternaam",
    "tussenvoegsel",
    "voornamen",
    "geboortedatum",
    "bsn",
    "adres",
    "postcode",
    "woonplaats",
    "omschrijving",
)
ROWS_PER_MELDING = 1.35
"""About how many persons a melding names; used to spread the meldingen over the days."""
UNKNOWN_CHANCE = 0.03


def write_csv(
    path: Path, rijen: int, *, seed: int = 2026, today: date | None = None, jaren: int = 2, regio: Regio | None = None
) -> int:
    """Write ``rijen`` data rows to ``path``; the number of meldingen they hold."""
    regio = regio or load_regio()
    today = today or date.today()
    f = DemoFactory(regio, seed=seed, today=today, extern_id_step=3)
    rng = Random(seed)
    zipf = Zipf(max(1, rijen // 5))
    household = lru_cache(maxsize=50_000)(f.household)
    days = spread(int(rijen / ROWS_PER_MELDING) + 1, today - timedelta(365 * jaren), today)
    written = meldingen = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(HEADER)
        for day, count in chain(days, repeat((today - timedelta(1), 1))):
            for _ in range(count):
                soort = f.soort(rng)
                if rng.random() < UNKNOWN_CHANCE:
                    persons = [f.unknown_person(f.gemeente_choice(rng))]
                else:
                    persons = f.pick_persons(rng, household(zipf(rng)), soort, day)
                persons = persons[: rijen - written]
                m = f.melding_fields(rng, soort=soort, datum=day, gemeente=persons[0].gemeente, persons=persons)
                record = (m["extern_id"], m["bron"], soort, day.isoformat(), m["gemeente"])
                for p in persons:
                    writer.writerow(
                        (
                            *record,
                            p.achternaam or "",
                            p.tussenvoegsel or "",
                            p.voornamen or "",
                            p.geboortedatum.isoformat() if p.geboortedatum else "",
                            p.bsn or "",
                            p.adres or "",
                            p.postcode or "",
                            p.woonplaats or "",
                            m["omschrijving"],
                        )
                    )
                written += len(persons)
                meldingen += 1
                if written >= rijen:
                    return meldingen
    return meldingen


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rijen", type=int, help="data rows (one per melding and person)")
    parser.add_argument("--uit", type=Path, help="the CSV file to write")
    parser.add_argument("--klein", action="store_true", help="300 rows to a temporary file (CI)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--jaren", type=int, default=2, help="years the meldingen are spread over")
    parser.add_argument("--vandaag", type=date.fromisoformat, help="the last meldingen are from the day before")
    args = parser.parse_args(argv)
    if args.klein:
        from benchkit import temporary_folder

        args.uit = args.uit or temporary_folder() / "meldingen.csv"
        args.rijen = min(args.rijen or 300, 300)
    if not args.uit or not args.rijen:
        parser.error("geef --rijen en --uit (of --klein)")
    started = time.perf_counter()
    meldingen = write_csv(args.uit, args.rijen, seed=args.seed, today=args.vandaag, jaren=args.jaren)
    print(f"{args.rijen:,} rijen ({meldingen:,} meldingen) in {args.uit}, {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
