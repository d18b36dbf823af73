"""Every bench, one table: measure, goal, figure, verdict.

    python bench/all.py --url sqlite:////tmp/zvh-1m.sqlite3      # the goals of issue 13 are for a 1M store
    python bench/all.py --klein                                 # every bench on a small generated store (CI)
    python bench/all.py --url … --alleen lookup run_screen      # some of them

Runs each bench script as its own process (bench/SCRIPT.py --url … or --klein, --resultaten FILE), shows
its own output as it goes, then prints the table from the result lines the scripts wrote. A script that
fails is a row "FOUT" and makes the exit code 1. On --klein the verdicts are those of a small store: the
goals are meant for the big one.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchkit import temporary_folder, verdict_text

HERE = Path(__file__).resolve().parent
SCRIPTS = ("startup", "lookup", "run_screen", "report", "bijlage", "lists", "import_rate", "writers", "live")
"""The benches with figures, in the order of the table (generate and make_csv only make data)."""
NEEDS_STORE = {"startup", "lookup", "run_screen", "report", "bijlage", "lists"}


def run_script(name: str, args: argparse.Namespace, results: Path, url: str | None) -> tuple[bool, float]:
    command = [sys.executable, str(HERE / f"{name}.py"), "--resultaten", str(results)]
    if args.klein:
        command.append("--klein")
    if url and name in NEEDS_STORE:
        command += ["--url", url]
    print(f"\n== {name}: {' '.join(command[1:])}", flush=True)
    start = time.perf_counter()
    done = subprocess.run(command, timeout=args.tijdslimiet)
    return done.returncode == 0, time.perf_counter() - start


def table(rows: list[tuple[str, str, str, str]]) -> str:
    header = ("maat", "doel", "cijfer", "oordeel")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="SQLAlchemy-URL van een store van bench/generate.py")
    parser.add_argument("--klein", action="store_true", help="elke bench op een kleine gegenereerde store")
    parser.add_argument("--alleen", nargs="+", choices=SCRIPTS, help="alleen deze benches")
    parser.add_argument("--tijdslimiet", type=float, default=3600, help="seconden per bench")
    args = parser.parse_args(argv)
    if not args.url and not args.klein:
        parser.error("geef --url (een store van bench/generate.py) of --klein")

    url = args.url
    if args.klein and not url:  # one small store for all of them
        from benchkit import KLEIN_MELDINGEN
        from generate import generate

        url = f"sqlite:///{temporary_folder() / 'klein.sqlite3'}"
        generate(url, meldingen=KLEIN_MELDINGEN, jaren=2, overleggen_weken=6)
    results = temporary_folder() / "resultaten.jsonl"
    rows: list[tuple[str, str, str, str]] = []
    failed = []
    for name in args.alleen or SCRIPTS:
        before = results.read_text(encoding="utf-8").count("\n") if results.exists() else 0
        ok, took = run_script(name, args, results, url)
        lines = results.read_text(encoding="utf-8").splitlines()[before:] if results.exists() else []
        for line in lines:
            row = json.loads(line)
            rows.append((row["maat"], row["doel"], row["cijfer"], verdict_text(row["gehaald"])))
        if not ok:
            failed.append(name)
            rows.append((f"{name}.py", "werkt", f"FOUT na {took:.0f} s", "NIET gehaald"))
    print()
    print(
        f"Store: {args.url or 'klein (gegenereerd)'}"
        + ("  — kleine store: de doelen gelden voor 1M" if args.klein else "")
    )
    print(table(rows))
    if failed:
        print(f"\nMislukt: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
