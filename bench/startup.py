"""Bench: how fast `zvh` starts, as whole processes (interpreter, imports, store, first paint).

    python bench/startup.py --url sqlite:////tmp/zvh-1m.sqlite3 [--keer 10]
    python bench/startup.py --klein      # a small generated store, one run each (CI)

Three measures, each the median of ``--keer`` runs of a fresh process: `zvh --help`; `zvh zoek NAAM` on the
store (a surname that is in it); and the app, started in a pseudo-terminal of 160×48, until its login screen
(or, on a store without accounts, its first-beheerder screen) is on the terminal. The app's daily backup
runs after that paint, into a temporary backup folder. Goals: 0.3 s, 0.6 s (1M store) and 0.8 s.
For reference also a bare `python -c "import typer, rich"`.

The project's own modules are byte-compiled first, as an installed wheel has them (pip compiles at install):
with PYTHONDONTWRITEBYTECODE in the environment (or a read-only checkout) every run would otherwise compile
every module of the app from source, a cost no installed app pays.
"""

from __future__ import annotations

import argparse
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchkit import add_options, bench_store, ensure_search_index, parse, record, store_url, temporary_folder

GOALS = {"help": 0.3, "zoek": 0.6, "app": 0.8}
PAINTED = (b"aanmelden", b"eerste beheerder")
"""Words of the login and first-beheerder screens' titles: the screen is on the terminal."""


ROOT = Path(__file__).resolve().parents[1]


def byte_compile() -> None:
    """Write the .pyc files of the project's packages (as `pip install` of the wheel does)."""
    import compileall

    for package in ("db", "tui", "zvh_core"):
        compileall.compile_dir(ROOT / package, quiet=1)


def zvh_command() -> list[str]:
    script = Path(sys.executable).with_name("zvh")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from tui.cli.launch import main; main()"]


def timed_run(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(argv, env=env, capture_output=True, timeout=120)
    took = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} faalde ({result.returncode}): {result.stderr.decode()[-500:]}")
    return took


def timed_app(env: dict[str, str], timeout: float = 60.0) -> float:
    """Start the app in a pseudo-terminal; seconds until its first screen's title is written."""
    import fcntl
    import termios

    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: becomes `zvh` on the terminal
        argv = zvh_command()
        os.execve(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 48, 160, 0, 0))
    seen = b""
    try:
        while True:
            left = timeout - (time.perf_counter() - start)
            if left <= 0:
                raise SystemExit("de app toonde geen aanmeldscherm")
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                raise SystemExit(f"de app stopte voor het aanmeldscherm: {seen[-500:]!r}") from None
            seen = (seen + chunk)[-200_000:]
            lowered = seen.lower()
            if any(word in lowered for word in PAINTED):
                return time.perf_counter() - start
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def a_surname(url: str) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            name = connection.execute(
                text("SELECT achternaam FROM persoon WHERE achternaam IS NOT NULL ORDER BY id LIMIT 1")
            ).scalar()
    finally:
        engine.dispose()
    return name or "Jansen"


def page_check_seconds(url: str) -> float | None:
    """How long SQLite's quick_check of the whole store takes (the page check of issue 17), None off SQLite."""
    from sqlalchemy import create_engine

    engine = create_engine(url)
    if engine.dialect.name != "sqlite":
        return None
    try:
        with engine.connect() as connection:
            start = time.perf_counter()
            connection.exec_driver_sql("PRAGMA quick_check(5)").all()
            return time.perf_counter() - start
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_options(parser)
    parser.add_argument("--keer", type=int, default=10, help="runs per measure (median)")
    args = parse(parser, argv)
    if args.klein:
        args.keer = min(args.keer, 1)
    url = store_url(args)
    from zvh_core.store import open_store

    open_store(url).dispose()  # any migration is done here, not in the timed runs
    store = bench_store(url)
    if ensure_search_index(store) is not None:  # zoek must find someone, as on a real store
        print("zoekindex opgebouwd (de store had er geen)")
    store.dispose()
    byte_compile()
    folder = temporary_folder("zvh-startup-bench-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZVH_")}
    env.update(
        ZVH_DATABASE_URL=url,
        ZVH_BACKUP_DIR=str(folder / "backups"),
        XDG_DATA_HOME=str(folder / "data"),
        XDG_CONFIG_HOME=str(folder / "config"),
        XDG_STATE_HOME=str(folder / "state"),  # the page-check memo starts empty: the first zoek checks it all
        TERM="xterm-256color",
    )
    zvh = zvh_command()
    surname = a_surname(url)
    runs = {
        "python -c 'import typer, rich' (ter vergelijking)": (
            None,
            lambda: timed_run([sys.executable, "-c", "import typer, rich"], env),
        ),
        "zvh --help": ("help", lambda: timed_run([*zvh, "--help"], env)),
        f"zvh zoek {surname}": ("zoek", lambda: timed_run([*zvh, "zoek", surname], env)),
        "app: start tot aanmeldscherm zichtbaar": ("app", lambda: timed_app(env)),
    }
    check = page_check_seconds(url)
    if check is not None:  # the whole check: the app's start worker, and a command on a changed file
        print(f"{'paginacontrole (PRAGMA quick_check) op deze store':<48} {check:6.3f} s")
        first = timed_run([*zvh, "zoek", surname], env)
        print(f"{'zvh zoek, eerste keer (met hele paginacontrole)':<48} {first:6.3f} s")
    for name, (goal, run) in runs.items():  # zoek: the file as the previous zoek left it (page_check's memo)
        samples = [run() for _ in range(args.keer)]
        median = statistics.median(samples)
        target = GOALS.get(goal) if goal else None
        verdict = "" if target is None else f"   doel < {target} s: {'gehaald' if median < target else 'NIET gehaald'}"
        print(f"{name:<48} mediaan {median:6.3f} s   traagste {max(samples):6.3f} s   (n={len(samples)}){verdict}")
        if target is not None:
            record(args, f"Start: {name}", f"< {target} s", f"{median:.3f} s", median < target)


if __name__ == "__main__":
    main()
