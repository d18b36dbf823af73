"""The system binding: for tests, benchmarks and maintenance scripts, never for people.

The command line and the TUI bind their store only to an account after a login (or, on a fresh
store, the installation binding); import-linter forbids tui from importing this module
(tests/test_architecture.py), so no screen or command can produce this binding.
"""

from __future__ import annotations

from typing import TypeVar

from zvh_core.access.rights import SYSTEEM, Actor

S = TypeVar("S")


def system_actor(naam: str = "systeem") -> Actor:
    return Actor(naam=naam, rol=SYSTEEM)


def as_system(store: S, naam: str = "systeem") -> S:
    """``store`` bound to the system actor (allowed everything, logged under ``naam``)."""
    return store.as_user(system_actor(naam), context=naam)  # type: ignore[attr-defined]
