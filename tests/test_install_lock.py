"""The install IT repeats: requirements.lock pins every runtime dependency at the version constraints.txt
(what the suite runs with) names, each with hashes, so a pipx/venv install gets exactly what was tested."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=;~!]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _pins(text: str) -> dict[str, str]:
    return {
        _name(m.group(1)): m.group(2) for m in re.finditer(r"^([A-Za-z0-9_.\[\]-]+)==([^\s;\\]+)", text, re.MULTILINE)
    }


def test_the_lock_pins_the_tested_versions_with_hashes():
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    tested = _pins((ROOT / "constraints.txt").read_text(encoding="utf-8"))
    locked = _pins(lock)
    assert locked, "requirements.lock names no packages"
    for name, version in locked.items():
        assert tested.get(name) == version, f"{name}: lock {version}, constraints.txt {tested.get(name)} (make lock)"
    entries = re.split(r"\n(?=[A-Za-z0-9])", lock.split("\n", 2)[2])
    for entry in entries:
        assert "--hash=sha256:" in entry, f"no hash for {entry.splitlines()[0]}"


def test_every_runtime_dependency_is_in_the_lock():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    locked = _pins((ROOT / "requirements.lock").read_text(encoding="utf-8"))
    missing = [d for d in project["dependencies"] if _name(d) not in locked]
    assert missing == [], f"not in requirements.lock (make lock): {missing}"
