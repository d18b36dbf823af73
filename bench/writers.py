"""Bench: several chairs deciding at once on one store, on SQLite and on PostgreSQL.

    python bench/writers.py                       # 4 writers x 1000 decisions, SQLite and (if reachable) PostgreSQL
    python bench/writers.py --writers 1 --decisions 500
    python bench/writers.py --postgres postgresql+psycopg://zvh:zvh@127.0.0.1:5432/zvh_test

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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.postgres_url import DEFAULT as DEFAULT_POSTGRES
from tests.workers import bespreking_ids, fork_job, seed_meeting, writer
from zvh_core.store import open_store


def run(url: str, writers: int, decisions: int) -> dict[str, float]:
    store = open_store(url)
    overleg_id = seed_meeting(store, writers * decisions)
    ids = bespreking_ids(store, overleg_id)
    started = time.perf_counter()
    children = [fork_job(writer(url, ids[w::writers], []), before_fork=store) for w in range(writers)]
    for child in children:
        child.wait()
    elapsed = time.perf_counter() - started
    store.dispose()
    errors = [line for child in children for line in child.errors]
    if errors:
        raise SystemExit(f"fout in een schrijver: {errors[0]}")
    times = sorted(float(s) for child in children for _, s in child.reported("besloten"))
    return {
        "besluiten": len(times),
        "per_seconde": len(times) / elapsed,
        "mediaan_ms": statistics.median(times) * 1000,
        "p99_ms": times[int(len(times) * 0.99) - 1] * 1000,
        "traagste_ms": times[-1] * 1000,
    }


def report(name: str, writers: int, figures: dict[str, float]) -> None:
    print(
        f"{name:<11} {writers} schrijver(s): {figures['besluiten']:>5.0f} besluiten, "
        f"{figures['per_seconde']:>6.0f} besluiten/s; per besluit mediaan {figures['mediaan_ms']:.1f} ms, "
        f"p99 {figures['p99_ms']:.1f} ms, traagste {figures['traagste_ms']:.1f} ms"
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--decisions", type=int, default=1000, help="per schrijver")
    parser.add_argument("--postgres", default=os.environ.get("ZVH_TEST_POSTGRES_URL") or DEFAULT_POSTGRES)
    parser.add_argument("--alleen-sqlite", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        report("SQLite", args.writers, run(f"sqlite:///{Path(folder) / 'zvh.sqlite3'}", args.writers, args.decisions))
    if args.alleen_sqlite:
        return
    try:
        url, drop = postgres_schema(args.postgres)
    except Exception as error:
        print(f"PostgreSQL  niet bereikbaar ({str(error).splitlines()[0]}); overgeslagen")
        return
    try:
        report("PostgreSQL", args.writers, run(url, args.writers, args.decisions))
    finally:
        drop()


if __name__ == "__main__":
    main()
