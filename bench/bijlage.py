"""Bench: the jaarverslag appendix (all gemeenten and the regio) on a large store, as XLSX and PDF.

    python bench/generate.py --url sqlite:////tmp/zvh-1m.sqlite3 --meldingen 1000000 --casussen 100000
    python bench/bijlage.py --url sqlite:////tmp/zvh-1m.sqlite3 [--jaar JJJJ] [--runs N] [--uitvoer MAP]

Prints the store's size, then per run the time to count (every table and chart figure), to write the
workbook and to write the PDF, and the median of each. Target: counting plus the workbook under 5 s.
Default year: the report year (Q4 … Q3) that ends before the newest melding's quarter.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select

from zvh_core.access.exports import write_private_bytes
from zvh_core.access.rights import SYSTEEM, Actor
from zvh_core.config.regio import load_regio
from zvh_core.kernel.models import Casus, Melding
from zvh_core.reports.bijlage import build_bijlage
from zvh_core.reports.bijlage_pdf import to_pdf
from zvh_core.reports.bijlage_xlsx import to_xlsx
from zvh_core.reports.periode import current_report_year
from zvh_core.store import open_store

TARGET_S = 5.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="SQLAlchemy-URL van een (grote) store")
    parser.add_argument("--jaar", type=int)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--uitvoer", type=Path, help="map om de laatste werkmap en PDF in te bewaren")
    args = parser.parse_args()

    regio = load_regio()
    store = open_store(args.url).as_user(Actor("bench", SYSTEEM))
    with store.read() as s:
        n_meldingen, last = s.exec(select(func.count(), func.max(Melding.datum)).select_from(Melding)).one()
        n_casussen = s.exec(select(func.count()).select_from(Casus)).one()[0]
    print(f"Store: {n_meldingen:_} meldingen, {n_casussen:_} casussen ({store.dialect})".replace("_", "."))
    jaar = args.jaar or current_report_year(last).tot.year
    counting, xlsx_times, pdf_times = [], [], []
    for run in range(1, args.runs + 1):
        start = time.perf_counter()
        with store.read() as session:
            bijlage = build_bijlage(session, regio, jaar)
        counted = time.perf_counter()
        workbook = to_xlsx(bijlage)
        written = time.perf_counter()
        pdf = to_pdf(bijlage)
        done = time.perf_counter()
        counting.append(counted - start)
        xlsx_times.append(written - counted)
        pdf_times.append(done - written)
        print(
            f"run {run}: tellen {counted - start:6.3f} s   xlsx {written - counted:6.3f} s ({len(workbook) // 1024} kB)"
            f"   pdf {done - written:6.3f} s ({len(pdf) // 1024} kB)"
        )
    sections = len(bijlage.secties) - 1
    print(f"Rapportagejaar {jaar} ({bijlage.periode.label}), {sections} gemeenten en de regio")
    xlsx_total = statistics.median(counting) + statistics.median(xlsx_times)
    pdf_total = statistics.median(counting) + statistics.median(pdf_times)
    print(
        f"mediaan: tellen {statistics.median(counting):.3f} s, xlsx {statistics.median(xlsx_times):.3f} s, "
        f"pdf {statistics.median(pdf_times):.3f} s; hele bijlage als xlsx {xlsx_total:.3f} s, als pdf {pdf_total:.3f} s"
    )
    print(f"Doel: xlsx onder {TARGET_S:.0f} s: {'gehaald' if xlsx_total < TARGET_S else 'NIET gehaald'}")
    if args.uitvoer:
        write_private_bytes(args.uitvoer / f"bijlage-{jaar}.xlsx", workbook)  # 0600, as every export
        write_private_bytes(args.uitvoer / f"bijlage-{jaar}.pdf", pdf)
    store.dispose()


if __name__ == "__main__":
    main()
