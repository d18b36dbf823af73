"""Bench: the import rate of `zvh import meldingen`, in rows per second.

    python bench/import_rate.py [--rijen 100000]
    python bench/import_rate.py --klein      # 500 rows, in seconds (CI)

Writes a valid meldingen.csv with bench/make_csv.py's factories, imports it into a fresh SQLite store
(the same service the CLI calls), then imports it again (everything already present) and prints both.
Beside it the floor (SQLite): the very rows the import stored (meldingen, persons, links, search keys and
words) written into a fresh store with the same indexes by a plain executemany per table in one
transaction, and the ratio import / floor. The floor's connection checks foreign keys, as every connection
of the store does (db/engine.py): storing these rows in this schema includes those checks. The floor without
them is printed beside it. Import and floor alternate over three rounds (``--rondes``), each into a fresh
store, and the figures are their medians: a shared machine's speed drifts, and a ratio of an import and a
floor measured apart would measure the drift too. Pass --url to import once into another (empty) store,
e.g. PostgreSQL.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchkit import add_options, bench_store, parse, record, temporary_folder
from make_csv import write_csv

from zvh_core.config.regio import load_regio
from zvh_core.imports.meldingen import import_meldingen

TARGET_ROWS_PER_S = 20_000
TARGET_RATIO = 2.0
FLOOR_LABEL = "Vloer: executemany (FK's aan)"
FLOOR_TABLES = ("persoon", "melding", "melding_persoon", "persoon_zoeksleutel", "zoekwoord")


def timed_floor(source: Path, folder: Path, *, foreign_keys: bool = True) -> tuple[float, float]:
    """(wall-clock seconds, processor seconds) of a plain executemany of the rows ``source`` holds into a
    fresh store with the same indexes."""
    import sqlite3

    target = Path(tempfile.mkdtemp(dir=folder)) / "vloer.sqlite3"
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
    took, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    writer.close()
    return took, cpu


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_options(parser, store=False)
    parser.add_argument("--rijen", type=int, default=100_000)
    parser.add_argument(
        "--rondes", type=int, help="import en vloer om en om, zo vaak (mediaan; standaard 3, met --klein of --url 1)"
    )
    parser.add_argument("--url", help="SQLAlchemy-URL van een lege store (standaard: een tijdelijk SQLite-bestand)")
    args = parse(parser, argv, store=False)
    if args.klein:
        args.rijen = min(args.rijen, 500)

    folder = temporary_folder("zvh-import-bench-")
    csv_path = folder / "meldingen.csv"
    meldingen = write_csv(csv_path, args.rijen)
    print(f"Bestand: {args.rijen:_} regels, {meldingen:_} meldingen".replace("_", "."))

    def line(label: str, seconds: float, after: str = "") -> None:
        print(f"{label:<36} {seconds:6.1f} s   {rate(args.rijen, seconds):>9} regels/s{after}")

    regio = load_regio()
    with_floor = not args.url  # the floor is SQLite's; --url: one empty store to import into, once
    rounds = (args.rondes or (1 if args.klein else 3)) if with_floor else 1
    firsts, import_cpu, floors, floor_cpu = [], [], [], []
    store = None
    for round_number in range(1, rounds + 1):
        # Import and floor alternate, round after round: a shared machine's speed drifts over seconds,
        # and a ratio of figures taken minutes apart measures the drift as much as the import.
        if store is not None:
            store.dispose()
        store_file = folder / f"zvh-{round_number}.sqlite3"
        store = bench_store(args.url or f"sqlite:///{store_file}")
        seconds, cpu, result = timed_import(store, regio, csv_path)
        firsts.append(seconds)
        import_cpu.append(cpu)
        line("Eerste import (alles nieuw)", seconds, f"   ronde {round_number}")
        if round_number == 1:
            print("   " + " ".join(result.summary_lines()))
        if with_floor:
            seconds, cpu = timed_floor(store_file, folder)
            floors.append(seconds)
            floor_cpu.append(cpu)
            line(FLOOR_LABEL, seconds, f"   ronde {round_number}")
    assert store is not None
    second, _, result = timed_import(store, regio, csv_path)  # the last round's store: everything present
    line("Tweede import (alles al aanwezig)", second)
    print("   " + " ".join(result.summary_lines()))
    first = median(firsts)
    ratio = None
    if with_floor:
        bare, _ = timed_floor(store_file, folder, foreign_keys=False)
        bottom = median(floors)
        ratio = first / bottom
        print(f"Mediaan over {rounds} {'ronde' if rounds == 1 else 'rondes'}:")
        line("Eerste import", first)
        line("Vloer: executemany zonder FK-controle", bare, f"   import / vloer {first / bare:.1f}×")
        line(FLOOR_LABEL, bottom, f"   import / vloer {ratio:.1f}×")
        print(f"{'':<36} doel: import / vloer (FK's aan) ≤ {TARGET_RATIO:.0f}×")
        print(
            f"{'Processortijd (zonder wachten op cpu)':<36} import {median(import_cpu):.1f} s, vloer "
            f"{median(floor_cpu):.1f} s: import / vloer {median(import_cpu) / median(floor_cpu):.1f}×"
        )
    record(
        args,
        f"Import {args.rijen:_} regels, eerste keer".replace("_", "."),
        f"> {TARGET_ROWS_PER_S:_} regels/s".replace("_", "."),
        f"{rate(args.rijen, first)} regels/s",
        args.rijen / first > TARGET_ROWS_PER_S,
    )
    record(args, "  tweede keer (alles al aanwezig)", "—", f"{rate(args.rijen, second)} regels/s", None)
    if ratio is not None:
        record(args, "  import / vloer (executemany)", f"≤ {TARGET_RATIO:.0f}×", f"{ratio:.1f}×", ratio <= TARGET_RATIO)
    store.dispose()


def timed_import(store, regio, csv_path: Path):
    """(wall-clock seconds, processor seconds, result) of one import of ``csv_path``; stops on any error."""
    start, cpu_start = time.perf_counter(), time.process_time()
    result = import_meldingen(store, regio, csv_path)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    if not result.ok:
        sys.exit("\n".join(str(e) for e in result.errors[:10]))
    return seconds, cpu, result


def rate(rows: int, seconds: float) -> str:
    """Rows per second, with a Dutch thousands separator: '28.405'."""
    return f"{rows / seconds:_.0f}".replace("_", ".")


if __name__ == "__main__":
    main()
