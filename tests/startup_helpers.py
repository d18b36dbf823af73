"""Starting the app as `zvh` does, headless: for the tests of what happens at start (the daily backup after
the first screen, a damaged store found by it). Patch ``tui.app.ZvhApp.run`` with ``headless_start``."""

from __future__ import annotations

import asyncio
import time

from tests.tui_helpers import record_notices

STARTED: list = []
"""Each app that ``headless_start`` ran, with what it notified in ``app.notified``."""


def headless_start(app, timeout: float = 60.0) -> None:
    """Run ``app`` headless until its first screen is drawn and its daily backup has finished (or the app
    closed itself); keeps the messages it notified in ``app.notified``."""

    async def go() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            deadline = time.monotonic() + timeout
            while (app.daily_backup is not None or app.backup_running) and app.is_running:
                if time.monotonic() > deadline:
                    raise TimeoutError("de dagelijkse back-up werd niet afgerond")
                await pilot.pause(0.02)
            for _ in range(3):  # notify() posts a message: let the last ones be handled (a busy machine)
                if app.is_running:
                    await pilot.pause()
            app.notified = list(app.notices_shown)

    app.notified = []
    record_notices(app)
    asyncio.run(go())
    STARTED.append(app)
