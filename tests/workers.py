"""Other processes on the same store, for the crash, concurrency and bench runs.

``fork_job`` starts a job in a child process (forked, so it starts in milliseconds with everything
imported) that opens the store itself, as another app would, and reports each step on a pipe the moment
it is done: a line "besloten 12 vt" is only written after the decision's transaction has committed.
The parent may SIGKILL the child at any moment; what it had reported must be in the store.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy import select as sql_select

from zvh_core.access.systeem import as_system
from zvh_core.config.regio import load_regio
from zvh_core.imports.meldingen import import_meldingen
from zvh_core.kernel.models import Bespreking, Melding, utcnow
from zvh_core.meetings import bespreking, overleggen
from zvh_core.meetings.agenda import agenda_items
from zvh_core.meetings.bespreking import ConcurrentChange
from zvh_core.store import Store, open_store

MEETING_DAY = date(2026, 11, 26)  # a Thursday
PARTNERS = ["vt", "zvh", "cjg", "amw"]

Report = Callable[[str], None]


@dataclass
class Child:
    pid: int
    pipe: object
    lines: list[str] = field(default_factory=list)
    _buffer: bytes = b""
    exit_status: int | None = None

    def read(self, timeout: float) -> bool:
        """Collect reported lines for ``timeout`` seconds or until the child closes its end (then False)."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([self.pipe], [], [], left)
            if not ready:
                break
            chunk = os.read(self.pipe, 65536)
            if not chunk:
                return False
            self._buffer += chunk
            *complete, self._buffer = self._buffer.split(b"\n")
            self.lines.extend(line.decode() for line in complete)
        return True

    def wait_for(self, word: str, timeout: float = 60.0) -> None:
        """Read until the child reports ``word`` (or ends, or fails)."""
        deadline = time.monotonic() + timeout
        while not self.reported(word) and not self.errors and time.monotonic() < deadline:
            if not self.read(0.01) and not self._buffer:
                return

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        self.wait()

    def wait(self, timeout: float = 300.0) -> int:
        """Wait for the child to end (reading what it reports); its exit status."""
        if self.read(timeout):
            os.kill(self.pid, signal.SIGKILL)
            self.read(5)
        _, status = os.waitpid(self.pid, 0)
        os.close(self.pipe)
        self.exit_status = status
        return status

    @property
    def errors(self) -> list[str]:
        return [line for line in self.lines if line.startswith("fout ")]

    def reported(self, word: str) -> list[list[str]]:
        return [line.split()[1:] for line in self.lines if line.split()[:1] == [word]]


def fork_job(job: Callable[[Report], None], *, before_fork: Store | None = None) -> Child:
    """Run ``job(report)`` in a forked child. ``before_fork``: the parent's store, whose pooled connections
    are closed first (an SQLite connection must never cross a fork)."""
    if before_fork is not None:
        before_fork.dispose()
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        code = 0
        try:

            def report(line: str) -> None:
                os.write(write_end, (line + "\n").encode())

            job(report)
        except BaseException:
            os.write(write_end, ("fout " + traceback.format_exc().replace("\n", " | ") + "\n").encode())
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    return Child(pid, read_end)


# --- seeding ------------------------------------------------------------------------------------------
def seed_meeting(store: Store, count: int, *, prefix: str = "S", day: date = MEETING_DAY) -> int:
    """``count`` routeertafel meldingen and the routeertafel of ``day`` with them on the agenda."""
    regio = load_regio()
    soorten = ["overlast", "crimineel", "huiselijk_geweld"]
    gemeenten = list(regio.gemeenten)
    now = utcnow()
    rows = [
        {
            "bron": "politie",
            "extern_id": f"{prefix}-{i:06d}",
            "soort": soorten[i % 3],
            "datum": day - timedelta(days=1 + i % 7),
            "gemeente": gemeenten[i % len(gemeenten)],
            "omschrijving": f"Melding {i}",
            "urgent": False,
            "ingelezen_op": now,
        }
        for i in range(count)
    ]
    with store.write() as session:
        session.execute(insert(Melding), rows)
    return overleggen.open_overleg(store, regio, "routeertafel", day, "Voorzitter", PARTNERS)


def bespreking_ids(store: Store, overleg_id: int) -> list[int]:
    with store.read() as session:
        return list(
            session.scalars(
                sql_select(Bespreking.id).where(Bespreking.overleg_id == overleg_id).order_by(Bespreking.id)
            )
        )


# --- jobs -----------------------------------------------------------------------------------------------
def chair(url: str, overleg_id: int, *, partner: str = "vt") -> Callable[[Report], None]:
    """Chair the meeting as the run screen does: move on, read the item, record bekendheid, decide."""

    def job(report: Report) -> None:
        store, regio = as_system(open_store(url)), load_regio()
        routes = [r.code for r in regio.routes_of("routeertafel") if r.code != "aanhouden"]
        overleggen.start(store, overleg_id)
        with store.read() as session:
            items = [i for i in agenda_items(session, regio, overleg_id) if i.status in ("open", "bezig")]
        report(f"klaar-om-te-beginnen {len(items)}")
        for n, item in enumerate(items):
            overleggen.set_current(store, overleg_id, item.bespreking_id)
            with store.read() as session:
                detail = bespreking.load_detail(session, regio, item.bespreking_id, today=MEETING_DAY)
            versie = bespreking.set_bekendheid(
                store, regio, item.bespreking_id, partner, code="bekend", expected_versie=detail.versie
            )
            route = routes[n % len(routes)]
            bespreking.set_besluit(
                store, regio, item.bespreking_id, route, f"besluit {item.bespreking_id}", expected_versie=versie
            )
            report(f"besloten {item.bespreking_id} {route}")
        store.dispose()

    return job


def importer(url: str, path: Path) -> Callable[[Report], None]:
    def job(report: Report) -> None:
        store = as_system(open_store(url))
        report("begonnen")
        result = import_meldingen(store, load_regio(), path, today=MEETING_DAY)
        report(f"ingelezen {result.meldingen_new} {int(result.ok)}")
        store.dispose()

    return job


def writer(url: str, own: list[int], shared: list[int], *, contest_every: int = 10) -> Callable[[Report], None]:
    """Decide each bespreking in ``own`` (reading its version first, as a screen shows it) and, every
    ``contest_every`` decisions, edit one of the ``shared`` besprekingen that the other writers edit too.
    Reports "besloten ID SECONDS" and "gedeeld ID geaccepteerd|geweigerd"."""

    def job(report: Report) -> None:
        store, regio = as_system(open_store(url)), load_regio()
        routes = [r.code for r in regio.routes_of("routeertafel") if r.code != "aanhouden"]
        for n, bespreking_id in enumerate(own):
            started = time.perf_counter()
            with store.read() as session:
                versie = session.get(Bespreking, bespreking_id).versie
            bespreking.set_besluit(
                store, regio, bespreking_id, routes[n % len(routes)], f"besluit {n}", expected_versie=versie
            )
            report(f"besloten {bespreking_id} {time.perf_counter() - started:.6f}")
            if shared and n % contest_every == 0:
                target = shared[(n // contest_every) % len(shared)]
                with store.read() as session:
                    versie = session.get(Bespreking, target).versie
                try:
                    bespreking.set_bekendheid(
                        store, regio, target, "zvh", notitie=f"{os.getpid()} {n}", expected_versie=versie
                    )
                    report(f"gedeeld {target} geaccepteerd")
                except ConcurrentChange:
                    report(f"gedeeld {target} geweigerd")
        store.dispose()

    return job
