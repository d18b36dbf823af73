"""The `zvh` entry point: Python's cyclic garbage collector rests while the app's modules are imported.

Importing SQLAlchemy, Pydantic and the models makes a few hundred thousand long-lived objects and next to no
garbage, yet the collector walks them again and again as they come (~45 ms of the ~0.55 s of `zvh zoek` on
this machine). ``imports_done`` moves everything imported so far out of the collector's sight for good
(``gc.freeze``, made for this) and turns it back on before a command's own work begins, so a long command
(an import of 100k rows, the app) collects as always.
"""

from __future__ import annotations

import gc

_paused = False


def main() -> None:
    global _paused
    gc.disable()
    _paused = True
    from tui.cli.main import main as run

    run()


def imports_done() -> None:
    """The command's modules are loaded: the collector works again (a no-op unless ``main`` paused it)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
