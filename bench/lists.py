"""Bench: how fast the lists of the E33/triage work read on a big store: wachtend ("never lost"),
open casussen, open acties, the review of the previous overleg's actions, a person search.

    python bench/generate.py --url sqlite:////tmp/zvh-100k.sqlite3 --meldingen 100000
    python bench/lists.py --url sqlite:////tmp/zvh-100k.sqlite3
    python bench/lists.py --klein      # a small generated store, in seconds (CI)

Prints the best of three runs per service call (each runs in a worker thread in the app).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchkit import add_options, bench_store, parse, record, store_url

from zvh_core.acties import followup
from zvh_core.casussen import procesregie
from zvh_core.config.regio import load_regio
from zvh_core.meetings import (
    action_review,
    overleggen,
)
from zvh_core.meetings.waiting import waiting_meldingen


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_options(parser)
    args = parse(parser, argv)
    regio = load_regio()
    store = bench_store(store_url(args))
    today = date.today()
    with store.read() as s:
        open_now = overleggen.open_overleggen(s, regio)

    def best(name: str, read) -> None:
        fastest, result = float("inf"), None
        for _ in range(3):
            with store.read() as session:
                start = time.perf_counter()
                result = read(session)
                fastest = min(fastest, time.perf_counter() - start)
        rows = len(result[1]) if isinstance(result, tuple) else len(result)
        print(f"{name:<44} {fastest * 1000:8.1f} ms   ({rows} rijen)")
        record(args, f"Lijst: {name}", "—", f"{fastest * 1000:.1f} ms", None)

    best("Wachtend (nooit kwijt)", lambda s: waiting_meldingen(s, regio))
    best("Open casussen", lambda s: procesregie.list_casussen(s, regio, today))
    best("Open acties", lambda s: followup.open_acties(s, regio))
    if open_now:
        best("Acties van het vorige overleg nalopen", lambda s: action_review.review_acties(s, regio, open_now[0].id))
    store.dispose()


if __name__ == "__main__":
    main()
