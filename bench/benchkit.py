"""What the bench scripts share: their common options, the small store of ``--klein``, the binding to the
system actor, and the result lines that bench/all.py gathers into one table.

Every script takes ``--url`` (a store made with bench/generate.py) or ``--klein`` (a small store generated
in a temporary folder, so the script runs in seconds and CI can run it: tests/test_bench_small.py), and
``--resultaten PAD`` (append one JSON line per measure: measure, goal, figure, verdict). The services refuse
an unbound store ("Niet aangemeld"), so a bench works as the system actor, as maintenance scripts do.
"""

from __future__ import annotations

import argparse
import atexit
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

KLEIN_MELDINGEN = 1200
"""Meldingen in the generated store of ``--klein``: a real agenda, history and casussen, made in a second."""


def add_options(parser: argparse.ArgumentParser, *, store: bool = True) -> None:
    """``--klein`` and ``--resultaten`` (and ``--url`` when the script reads a store)."""
    if store:
        parser.add_argument("--url", help="SQLAlchemy-URL van een store van bench/generate.py")
    parser.add_argument("--klein", action="store_true", help="klein en snel: een kleine gegenereerde store (CI)")
    parser.add_argument("--resultaten", type=Path, help="voeg per maat een JSON-regel toe aan dit bestand")


def parse(parser: argparse.ArgumentParser, argv: list[str] | None = None, *, store: bool = True) -> argparse.Namespace:
    args = parser.parse_args(argv)
    if store and not args.url and not args.klein:
        parser.error("geef --url (een store van bench/generate.py) of --klein")
    return args


def temporary_folder(prefix: str = "zvh-bench-") -> Path:
    """A folder removed when the script ends."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def store_url(args: argparse.Namespace) -> str:
    """``--url``, or for ``--klein`` a freshly generated small SQLite store."""
    if args.url:
        return args.url
    from generate import generate

    url = f"sqlite:///{temporary_folder() / 'klein.sqlite3'}"
    generate(url, meldingen=KLEIN_MELDINGEN, jaren=2, overleggen_weken=6)
    return url


def bench_store(url: str):
    """The store at ``url`` bound to the system actor (logged as "bench")."""
    from zvh_core.access.systeem import as_system
    from zvh_core.store import open_store

    return as_system(open_store(url), "bench")


def record(args: argparse.Namespace, measure: str, goal: str, figure: str, verdict: bool | None) -> None:
    """One row for bench/all.py's table (``verdict`` None: a figure without a goal)."""
    if args.resultaten is None:
        return
    row = {"maat": measure, "doel": goal, "cijfer": figure, "gehaald": verdict, "klein": bool(args.klein)}
    with args.resultaten.open("a", encoding="utf-8") as out:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")


def verdict_text(met: bool | None) -> str:
    return "—" if met is None else ("gehaald" if met else "NIET gehaald")


def ensure_search_index(store) -> int | None:
    """Build the person search index when the store has none (bench/generate.py writes persons with Core
    inserts, without their keys): a search on such a store finds nobody and measures nothing. The number of
    keys written, or None when the index was there."""
    from sqlalchemy import select

    from zvh_core.kernel.models import PersoonZoeksleutel
    from zvh_core.store import search_index

    with store.read() as s:
        # Name keys, not just any key: a migration may have back-filled one kind of key (e.g. streets) only.
        name_key = search_index.prefix_range(PersoonZoeksleutel.sleutel, search_index.NAME)
        if s.execute(select(PersoonZoeksleutel.persoon_id).where(name_key).limit(1)).first() is not None:
            return None
    return search_index.rebuild(store)
