"""Bench: how fast the run screen opens and moves to the next melding, on a big store.

    python bench/generate.py --url sqlite:////tmp/zvh-100k.sqlite3 --meldingen 100000
    python bench/run_screen.py --url sqlite:////tmp/zvh-100k.sqlite3
    python bench/run_screen.py --klein      # a small generated store, a few moves (CI)

Prints the median (and slowest) of several runs: the service call alone (load_detail) and the whole
round trip in the headless app, from the key press until the new melding is on screen. Between moves the
bench lets the app finish its background reads, as it would while the table discusses a melding; the
screen reads the next and previous melding ahead, so a move only has to draw.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchkit import add_options, bench_store, parse, record, store_url

from tests.tui_helpers import workers_done  # one way to wait for the app's workers, shared with the tests
from tui.app import ZvhApp
from tui.screens.run import RunScreen
from zvh_core.config.regio import load_regio
from zvh_core.kernel import clock
from zvh_core.meetings import bespreking, overleggen
from zvh_core.meetings.agenda import agenda_items


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


NEXT_P95_MS = 40


def p95(samples: list[float]) -> float:
    """The 95th percentile (nearest rank; never above the slowest)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(name: str, samples: list[float]) -> None:
    print(
        f"{name:<48} mediaan {ms(statistics.median(samples)):>10}   p95 {ms(p95(samples)):>10}   "
        f"traagste {ms(max(samples)):>10}   (n={len(samples)})"
    )


async def wait_for(predicate, timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError("het scherm werd niet bijgewerkt")
        await asyncio.sleep(0.0005)


def detail_shown(screen: RunScreen) -> bool:
    item = screen.current_item
    return item is not None and screen.detail is not None and screen.detail.bespreking_id == item.bespreking_id


class PaintClock:
    """Stamps the moment a melding has been drawn (after the screen refresh that shows it), whether it
    came from the store or from the copy the screen read ahead."""

    def __init__(self) -> None:
        self.painted: asyncio.Event | None = None
        original = RunScreen._show_detail

        def show_detail(screen: RunScreen, detail, **kwargs) -> None:
            original(screen, detail, **kwargs)
            if self.painted is not None and detail_shown(screen):
                screen.call_after_refresh(self.painted.set)

        RunScreen._show_detail = show_detail  # type: ignore[method-assign]

    def arm(self) -> asyncio.Event:
        self.painted = asyncio.Event()
        return self.painted


async def bench_app(store, regio, overleg_id: int, moves: int, opens: int) -> tuple[list[float], list[float]]:
    """Time from the chair's action (open screen / next melding) until the melding is painted."""
    paint = PaintClock()
    app = ZvhApp(store, regio, export_dir=Path(tempfile.mkdtemp()))
    open_times, next_times = [], []
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        for _ in range(opens + 1):
            painted = paint.arm()
            start = time.perf_counter()
            app.start_run(overleg_id)
            await asyncio.wait_for(painted.wait(), 30)
            open_times.append(time.perf_counter() - start)
            await workers_done(app)
            app.go_home()
            await pilot.pause()
        open_times = open_times[1:]  # the first includes Textual's one-off style and import work
        app.start_run(overleg_id)
        await wait_for(lambda: isinstance(app.screen, RunScreen) and detail_shown(app.screen))
        screen = app.screen
        last = len(screen.items) - 1
        for _ in range(moves):
            # The chair discusses each melding for a while: the screen has read its neighbours by then.
            forward = screen.index < last
            neighbour = screen.items[screen.index + (1 if forward else -1)].bespreking_id
            await wait_for(lambda n=neighbour: n in screen.cache and not any(w.is_running for w in app.workers))
            await pilot.pause()
            painted = paint.arm()
            start = time.perf_counter()
            # What the `n` / `v` keys run; key dispatch itself is well under a millisecond.
            screen.action_next() if forward else screen.action_previous()
            await asyncio.wait_for(painted.wait(), 30)
            next_times.append(time.perf_counter() - start)
            if screen.index in (0, last):
                screen._move_to(0 if screen.index == last else last)  # keep walking through real items
                await wait_for(lambda: detail_shown(screen))
        await workers_done(app)
    return open_times, next_times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_options(parser)
    parser.add_argument("--zetten", type=int, default=30, help="aantal keer 'volgende'")
    parser.add_argument("--openen", type=int, default=5, help="aantal keer het runscherm openen")
    args = parse(parser, argv)
    if args.klein:
        args.zetten, args.openen = min(args.zetten, 4), min(args.openen, 1)

    regio = load_regio()
    store = bench_store(store_url(args))
    with store.read() as s:
        from sqlalchemy import func, select

        from zvh_core.kernel.models import Melding, Persoon

        n_meldingen = s.exec(select(func.count()).select_from(Melding)).one()[0]
        n_personen = s.exec(select(func.count()).select_from(Persoon)).one()[0]
    print(f"Store: {n_meldingen:_} meldingen, {n_personen:_} personen ({store.dialect})".replace("_", "."))

    today = clock.today()
    datum = overleggen.scheduled_date(regio, "routeertafel", today)
    start = time.perf_counter()
    overleg_id = overleggen.open_overleg(store, regio, "routeertafel", datum, "Bench", ["vt", "zvh", "cjg", "amw"])
    print(f"{'Overleg openen (agenda samenstellen)':<48} {ms(time.perf_counter() - start):>18}")
    with store.read() as s:
        items = agenda_items(s, regio, overleg_id)
    if len(items) < 2:
        sys.exit("De agenda heeft minder dan twee meldingen; genereer eerst data met bench/generate.py.")
    print(f"Agenda: {len(items)} meldingen")

    service = []
    for item in (items * max(1, 30 // len(items)))[: 5 if args.klein else None]:
        start = time.perf_counter()
        with store.read() as s:
            bespreking.load_detail(s, regio, item.bespreking_id, today=today)
        service.append(time.perf_counter() - start)
    report("Melding laden (service, load_detail)", service)

    open_times, next_times = asyncio.run(bench_app(store, regio, overleg_id, args.zetten, args.openen))
    report("Runscherm openen (tot melding zichtbaar)", open_times)
    report("Volgende melding (toets tot melding zichtbaar)", next_times)
    record(args, "Runscherm openen (mediaan)", "—", ms(statistics.median(open_times)), None)
    record(
        args,
        "Volgende melding, toets → zichtbaar (p95)",
        f"< {NEXT_P95_MS} ms",
        ms(p95(next_times)),
        p95(next_times) * 1000 < NEXT_P95_MS,
    )
    store.dispose()


if __name__ == "__main__":
    main()
