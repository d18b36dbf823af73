"""Benches that cannot rot: every script in bench/ runs in its small mode (``--klein``: a small generated
store, seconds) as its own process, and the figures scripts write the result lines bench/all.py tabulates.
Nothing here is timed: a bench fails this test only by breaking."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
HELPERS = {"benchkit"}
"""Modules in bench/ that are no script."""
DATA_ONLY = {"generate", "make_csv", "all"}
"""Scripts that make data (or run the others) and write no result lines themselves."""
SCRIPTS = sorted(p.stem for p in BENCH.glob("*.py") if p.stem not in HELPERS)


def run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        # The benches measure plain stores, also in the suite's encrypted run (tests/encrypted_run.py).
        env={k: v for k, v in os.environ.items() if k != "ZVH_DB_SLEUTEL"},
        timeout=600,
    )


USES_POSTGRES = {"writers", "live"}
"""Benches that also measure PostgreSQL: that part in the PostgreSQL pass, the rest once, in the SQLite pass."""


@pytest.mark.parametrize(
    "script",
    [
        pytest.param(s, marks=[] if s in USES_POSTGRES else [pytest.mark.sqlite_pass_only])
        for s in SCRIPTS
        if s != "all"
    ],
)
def test_every_bench_runs_in_its_small_mode(script, tmp_path):
    results = tmp_path / "resultaten.jsonl"
    args = [str(BENCH / f"{script}.py"), "--klein"]
    if script not in DATA_ONLY:
        args += ["--resultaten", str(results)]
    if script in USES_POSTGRES and not os.environ.get("ZVH_TEST_POSTGRES_URL"):
        args.append("--alleen-sqlite")  # PostgreSQL only in the PostgreSQL pass, on its own test database
    done = run(args, tmp_path)
    assert done.returncode == 0, f"bench/{script}.py --klein faalde:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    if script in DATA_ONLY:
        return
    rows = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    assert rows, f"bench/{script}.py schreef geen resultaten"
    for row in rows:
        assert set(row) == {"maat", "doel", "cijfer", "gehaald", "klein"} and row["klein"] is True
        assert row["maat"] and row["cijfer"] and row["gehaald"] in (True, False, None)


@pytest.mark.sqlite_pass_only
def test_all_prints_one_table_of_the_benches(tmp_path):
    done = run([str(BENCH / "all.py"), "--klein", "--alleen", "report"], tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    table = done.stdout[done.stdout.index("maat ") :].splitlines()
    assert table[0].split() == ["maat", "doel", "cijfer", "oordeel"]
    assert any(line.startswith("Rapport ml-tabel-1 (mediaan)") and "< 2 s" in line for line in table)
    assert any(line.startswith("  vloer: één GROUP BY") for line in table)


def test_every_script_is_known_to_all():
    sys.path.insert(0, str(BENCH))
    try:
        import all as bench_all
    finally:
        sys.path.remove(str(BENCH))
    assert set(bench_all.SCRIPTS) == set(SCRIPTS) - DATA_ONLY, "a new bench belongs in bench/all.py's table"
