"""What differs on the municipality's workstations (Windows, macOS): the app starts without an OS zone
database, and the CLI follows the usual conventions."""

from __future__ import annotations

import os
import subprocess
import sys


def _zvh(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *args], capture_output=True, text=True, env={**os.environ, **env}, timeout=60
    )


def test_without_an_os_zone_database_the_app_still_knows_amsterdam_time():
    # Windows Python has no zone files: tzdata (a dependency) must supply Europe/Amsterdam.
    result = subprocess.run(
        [sys.executable, "-c", "from zvh_core.kernel import clock; print(clock.LOCAL, clock.today())"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONTZPATH": "/nonexistent"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Europe/Amsterdam ")
    result = _zvh("--help", PYTHONTZPATH="/nonexistent")
    assert result.returncode == 0, result.stderr
