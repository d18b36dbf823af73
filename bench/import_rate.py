"""Bench: the import rate of `zvh import meldingen`, in rows per second.

    python bench/import_rate.py [--rijen 100000]
    python bench/import_rate.py --klein      # 500 rows, in seconds (CI)

Writes a valid meldingen.csv with bench/make_csv.py's factories, imports it into a fresh SQLite store
(the same service the CLI calls), then imports it again (everything already present) and prints both.
Beside it the floor (SQLite): the very rows the import stored (meldingen, persons, links, search keys and
words) written into a fresh store with the same indexes by a plain executemany per table in one
transaction, and the ratio import / floor. The floor's connection checks foreign keys, as every connection
of the store does (db/engine.py): storing these rows in this schema includes those checks. The floor without
them is printed beside it. Pass --url to import into another (empty) store, e.g. PostgreSQL.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchkit import add_options, bench_store, parse, record, temporary_folder
from make_csv import write_csv

from zvh_core.config.regio import load_regio
from zvh_core.imports.meldingen import import_meldingen

TARGET_ROWS_PER_S = 20_000
TARGET_RATIO = 2.0
FLOOR_TABLES = ("persoon", "melding", "melding_persoon", "persoon_zoeksleutel", "zoekwoord")


FLOOR_CPU: list[float] = []
"""The floor's processor seconds (beside its wall-clock seconds, which a shared machine stretches)."""


def floor_seconds(source: Path, folder: Path, *, foreign_keys: bool = True) -> float:
    """A plain executemany of the rows ``source`` holds into a fresh store with the same indexes."""
    import sqlite3

    target = folder / f"vloer-{'fk' if foreign_keys else 'zonder-fk'}.sqlite3"
    bench_store(f"sqlite:///{target}").dispose()  # migrated: the same tables and indexes
    reader = sqlite3.connect(source)
    tables = {}
    for table in FLOOR_TABLES:
        cursor = reader.execute(f"SELECT * FROM {table}")
        tables[table] = ([d[0] for d in cursor.description], cursor.fetchall())
    reader.close()
    writer = sqlite3.connect(target, isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA synchronous = FULL")
    writer.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
    writer.execute("DELETE FROM toegangslog")
    start, cpu_start = time.perf_counter(), time.process_time()
    writer.execute("BEGIN IMMEDIATE")
    for table, (columns, rows) in tables.items():
        marks = ", ".join("?" * len(columns))
        writer.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
    writer.execute("COMMIT")
    took = time.perf_counter() - start
    FLOOR_CPU.append(time.process_time() - cpu_start)
    writer.close()
    return took


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_options(parser, store=False)
    parser.add_argument("--rijen", type=int, default=100_000)
    parser.add_argument("--url", help="SQLAlchemy-URL van een lege store (standaard: een tijdelijk SQLite-bestand)")
    args = parse(parser, argv, store=False)
    if args.klein:
        args.rijen = min(args.rijen, 500)

    folder = temporary_folder("zvh-import-bench-")
    csv_path = folder / "meldingen.csv"
    meldingen = write_csv(csv_path, args.rijen)
    print(f"Bestand: {args.rijen:_} regels, {meldingen:_} meldingen".replace("_", "."))

    regio = load_regio()
    store = bench_store(args.url or f"sqlite:///{folder / 'zvh.sqlite3'}")
    rates, times, cpu = [], [], []
    for label in ("Eerste import (alles nieuw)", "Tweede import (alles al aanwezig)"):
        start, cpu_start = time.perf_counter(), time.process_time()
        result = import_meldingen(store, regio, csv_path)
        elapsed = time.perf_counter() - start
        cpu.append(time.process_time() - cpu_start)
        if not result.ok:
            sys.exit("\n".join(str(e) for e in result.errors[:10]))
        rate = args.rijen / elapsed
        print(f"{label:<36} {elapsed:6.1f} s   {rate:>9,.0f} regels/s".replace(",", "."))
        print("   " + " ".join(result.summary_lines()))
        rates.append(rate)
        times.append(elapsed)
    ratio = None
    if store.dialect == "sqlite" and not args.url:
        bare = floor_seconds(folder / "zvh.sqlite3", folder, foreign_keys=False)
        bottom = floor_seconds(folder / "zvh.sqlite3", folder)
        ratio = times[0] / bottom
        for label, seconds in (
            ("Vloer: executemany zonder FK-controle", bare),
            ("Vloer: executemany (FK's aan)", bottom),
        ):
            print(
                f"{label:<36} {seconds:6.1f} s   {args.rijen / seconds:>9,.0f} regels/s".replace(",", ".")
                + f"   import / vloer {times[0] / seconds:.1f}×"
            )
        print(f"{'':<36} doel: import / vloer (FK's aan) ≤ {TARGET_RATIO:.0f}×")
        print(
            f"{'Processortijd (zonder wachten op cpu)':<36} import {cpu[0]:.1f} s, vloer {FLOOR_CPU[-1]:.1f} s: "
            f"{f'{args.rijen / cpu[0]:_.0f}'.replace('_', '.')} regels/s, import / vloer {cpu[0] / FLOOR_CPU[-1]:.1f}×"
        )
    record(
        args,
        f"Import {args.rijen:_} regels, eerste keer".replace("_", "."),
        f"> {TARGET_ROWS_PER_S:_} regels/s".replace("_", "."),
        f"{rates[0]:_.0f} regels/s".replace("_", "."),
        rates[0] > TARGET_ROWS_PER_S,
    )
    record(args, "  tweede keer (alles al aanwezig)", "—", f"{rates[1]:_.0f} regels/s".replace("_", "."), None)
    if ratio is not None:
        record(args, "  import / vloer (executemany)", f"≤ {TARGET_RATIO:.0f}×", f"{ratio:.1f}×", ratio <= TARGET_RATIO)
    store.dispose()


if __name__ == "__main__":
    main()
