"""Bench: an annual report (ml-tabel-1 over a report year) on a large store.

    python bench/generate.py --url sqlite:////tmp/zvh-1m.sqlite3 --meldingen 1000000 --casussen 100000
    python bench/report.py --url sqlite:////tmp/zvh-1m.sqlite3 [--rapport ml-tabel-1] [--van JJJJ-MM-DD --tot JJJJ-MM-DD]
    python bench/report.py --klein      # a small generated store, in seconds (CI)

Prints the store's size, then the median and slowest of several runs of the whole report (every query of
build_rapport, one per column) and, for reference, the other presets. Target: under 2 s for ml-tabel-1.
Beside it the floor: one plain GROUP BY (gemeente, quarter) over the meldingen of the period, the least
any report over those rows has to read. Default period: the report year (Q4 … Q3) that ends before the
newest melding's quarter.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchkit import add_options, bench_store, parse, record, store_url
from sqlalchemy import func, select

from zvh_core.config.regio import load_regio
from zvh_core.kernel.models import Casus, Melding
from zvh_core.reports.periode import Periode, current_report_year
from zvh_core.reports.tabel import build_rapport

TARGET_S = 2.0


def timed(store, regio, code: str, periode: Periode, runs: int) -> tuple[list[float], object]:
    samples, rapport = [], None
    for _ in range(runs):
        start = time.perf_counter()
        with store.read() as session:
            rapport = build_rapport(session, regio, code, periode)
        samples.append(time.perf_counter() - start)
    return samples, rapport


def floor(store, periode: Periode, runs: int) -> list[float]:
    """A plain GROUP BY gemeente × quarter over the period's meldingen (no report logic)."""
    quarter = (func.extract("month", Melding.datum) + 2) / 3
    query = (
        select(Melding.gemeente, func.extract("year", Melding.datum), quarter, func.count())
        .where(Melding.datum >= periode.van, Melding.datum <= periode.tot)
        .group_by(Melding.gemeente, func.extract("year", Melding.datum), quarter)
    )
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        with store.engine.connect() as connection:
            connection.execute(query).all()
        samples.append(time.perf_counter() - start)
    return samples


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_options(parser)
    parser.add_argument("--rapport", default="ml-tabel-1")
    parser.add_argument("--van", type=date.fromisoformat)
    parser.add_argument("--tot", type=date.fromisoformat)
    parser.add_argument("--runs", type=int, default=5)
    args = parse(parser, argv)
    if args.klein:
        args.runs = min(args.runs, 2)

    regio = load_regio()
    store = bench_store(store_url(args))
    with store.read() as s:
        n_meldingen, last = s.exec(select(func.count(), func.max(Melding.datum)).select_from(Melding)).one()
        n_casussen = s.exec(select(func.count()).select_from(Casus)).one()[0]
    print(f"Store: {n_meldingen:_} meldingen, {n_casussen:_} casussen ({store.dialect})".replace("_", "."))
    if args.van and args.tot:
        periode = Periode(args.van, args.tot)
    else:
        periode = current_report_year(last or date.today())
    print(f"Periode: {periode.label}")

    cold, _ = timed(store, regio, args.rapport, periode, 1)
    samples, rapport = timed(store, regio, args.rapport, periode, args.runs)
    total = rapport.rijen[-1].waarden
    median = statistics.median(samples)
    print(
        f"{args.rapport:<14} eerste keer {cold[0]:6.3f} s   mediaan {median:6.3f} s   traagste {max(samples):6.3f} s"
        f"   (n={len(samples)}, {len(rapport.cijfers)} kolommen, {len(rapport.rijen)} rijen)"
    )
    print(f"{'':<14} Totaal regio: {dict(zip(rapport.kolommen, total, strict=False))}")
    bottom = statistics.median(floor(store, periode, args.runs))
    print(
        f"{'vloer':<14} mediaan {bottom:6.3f} s   (één GROUP BY gemeente × kwartaal; rapport/vloer {median / bottom:.1f}×)"
    )
    for code in regio.alle_rapporten:
        if code != args.rapport:
            other, _ = timed(store, regio, code, periode, 1 if args.klein else 3)
            print(f"{code:<14} mediaan {statistics.median(other):6.3f} s")
    met = median < TARGET_S
    print(f"Doel: {args.rapport} onder {TARGET_S:.0f} s: {'gehaald' if met else 'NIET gehaald'}")
    record(args, f"Rapport {args.rapport} (mediaan)", f"< {TARGET_S:.0f} s", f"{median:.3f} s", met)
    record(args, "  vloer: één GROUP BY, verhouding", "—", f"{bottom:.3f} s, {median / bottom:.1f}×", None)
    store.dispose()


if __name__ == "__main__":
    main()
