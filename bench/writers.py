"""Bench: several chairs deciding at once on one store, on SQLite and on PostgreSQL.

    python bench/writers.py                       # 4, 8 and 20 writers x 200 decisions, SQLite and (if reachable) PostgreSQL
    python bench/writers.py --writers 1 --decisions 500
    python bench/writers.py --postgres postgresql+psycopg://zvh:zvh@127.0.0.1:5432/zvh_test
    python bench/writers.py --klein    # 2 and 4 writers, a few decisions each (CI)

Each writer is its own process with its own connection, deciding its own agenda items as the run screen
does (read the item's version, then store the decision with that version). Prints decisions per second
over all writers and the time of one decision (median, 99th percentile, slowest), read included.
PostgreSQL: a fresh schema in the given database, dropped afterwards (default: ZVH_TEST_POSTGRES_URL, else
the local test database of .ci/postgres.sh).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchkit import add_options, bench_store, parse, record
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.postgres_url import DEFAULT as DEFAULT_POSTGRES
from tests.workers import bespreking_ids, fork_job, seed_meeting, writer


def machine_cpu() -> tuple[int, int] | None:
    """(busy, total) jiffies of all processors since boot (Linux /proc/stat), None elsewhere: the share busy
    during a run tells whether the writers wait on each other or on the processors (the database server's
    processes included, which no figure of our own processes shows)."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return sum(fields) - idle, sum(fields)


def run(url: str, writers: int, decisions: int) -> dict[str, float]:
    store = bench_store(url)
    overleg_id = seed_meeting(store, writers * decisions)
    ids = bespreking_ids(store, overleg_id)
    cpu_before = machine_cpu()
    started = time.perf_counter()
    children = [fork_job(writer(url, ids[w::writers], []), before_fork=store) for w in range(writers)]
    for child in children:
        child.wait()
    elapsed = time.perf_counter() - started
    cpu_after = machine_cpu()
    store.dispose()
    errors = [line for child in children for line in child.errors]
    if errors:
        print(f"fout in een schrijver: {errors[0]}", file=sys.stderr)
    times = sorted(float(s) for child in children for _, s in child.reported("besloten"))
    if not times:
        raise SystemExit(f"geen enkel besluit opgeslagen ({writers} schrijvers)")
    return {
        "fouten": len(errors) + writers * decisions - len(times),
        "besluiten": len(times),
        "per_seconde": len(times) / elapsed,
        "mediaan_ms": statistics.median(times) * 1000,
        "p99_ms": times[int(len(times) * 0.99) - 1] * 1000,
        "traagste_ms": times[-1] * 1000,
        "bezet": (
            (cpu_after[0] - cpu_before[0]) / max(1, cpu_after[1] - cpu_before[1])
            if cpu_before is not None and cpu_after is not None
            else float("nan")
        ),
    }


def report(name: str, writers: int, figures: dict[str, float]) -> None:
    print(
        f"{name:<11} {writers} schrijver(s): {figures['besluiten']:>5.0f} besluiten, "
        f"{figures['per_seconde']:>6.0f} besluiten/s; per besluit mediaan {figures['mediaan_ms']:.1f} ms, "
        f"p99 {figures['p99_ms']:.1f} ms, traagste {figures['traagste_ms']:.1f} ms, {figures['fouten']:.0f} fouten; "
        f"processors {figures['bezet']:.0%} bezet ({os.cpu_count()} kernen)"
    )


def postgres_schema(url: str):
    """A fresh schema in the database at ``url``; returns its URL and a function that drops it."""
    admin = create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    return scoped.render_as_string(hide_password=False), drop


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_options(parser, store=False)
    parser.add_argument("--writers", type=int, nargs="+", default=[4, 8, 20], help="aantallen schrijvers")
    parser.add_argument("--decisions", type=int, default=200, help="per schrijver")
    parser.add_argument("--postgres", default=os.environ.get("ZVH_TEST_POSTGRES_URL") or DEFAULT_POSTGRES)
    parser.add_argument("--alleen-sqlite", action="store_true")
    args = parse(parser, argv, store=False)
    if args.klein:
        args.writers, args.decisions = [2, 4], 8

    def measure(name: str, fresh) -> None:
        for writers in args.writers:
            with fresh() as url:
                figures = run(url, writers, args.decisions)
            report(name, writers, figures)
            record(
                args,
                f"{name}: {writers} schrijvers, besluiten/s (traagste)",
                "0 fouten",
                f"{figures['per_seconde']:.0f}/s ({figures['traagste_ms']:.0f} ms), {figures['fouten']:.0f} fouten",
                figures["fouten"] == 0,
            )

    @contextmanager
    def sqlite_file():
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'zvh.sqlite3'}"

    @contextmanager
    def postgres():
        url, drop = postgres_schema(args.postgres)
        try:
            yield url
        finally:
            drop()

    measure("SQLite", sqlite_file)
    if args.alleen_sqlite:
        return
    try:
        postgres_schema(args.postgres)[1]()
    except Exception as error:
        print(f"PostgreSQL  niet bereikbaar ({str(error).splitlines()[0]}); overgeslagen")
        return
    measure("PostgreSQL", postgres)


if __name__ == "__main__":
    main()
