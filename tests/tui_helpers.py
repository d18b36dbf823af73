"""Driving the app in tests: wait until every store worker and message is done."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

from textual.worker import WorkerCancelled, WorkerState

from tui.app import ZvhApp
from zvh_core.config.regio import Regio
from zvh_core.store import Store

TODAY = date(2026, 11, 26)  # a Thursday: routeertafel day


def make_app(store: Store, regio: Regio, tmp_path: Path, today: date = TODAY) -> ZvhApp:
    return ZvhApp(store, regio, today=lambda: today, export_dir=tmp_path / "exports")


async def workers_done(app) -> None:
    """Wait for the app's workers. A worker cancelled by a newer one of its exclusive group (the live
    meeting's reads, for one) is done too; Textual's own wait_for_complete raises for it."""
    while unfinished := [worker for worker in app.workers if not worker.is_finished]:
        started = [worker for worker in unfinished if worker.state != WorkerState.PENDING]
        if not started:  # Textual refuses to wait for a worker not started yet
            await asyncio.sleep(0.005)
            continue
        results = await asyncio.gather(*[worker.wait() for worker in started], return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException) and not isinstance(result, WorkerCancelled):
                raise result


async def settle(pilot, rounds: int = 20) -> None:
    """Let workers finish and their messages be handled (handlers may start new workers)."""
    quiet = 0
    for _ in range(rounds):
        await pilot.pause()
        if any(not w.is_finished for w in pilot.app.workers):  # pending ones too: a loaded machine starts them late
            quiet = 0
            await workers_done(pilot.app)
        else:
            quiet += 1
            if quiet == 3:  # screen switches and mounts take a few message rounds
                # Widgets such as DataTable measure their columns when idle: wait for that too, or a busy
                # machine shows a frame with the header's widths (cut cells).
                # (A short real pause lets the idle handlers run; waiting for the whole process to go idle
                # took up to a second on a busy machine and tripped the idle-lock test.)
                await pilot.pause(0.02)
                await pilot.pause()
                await _frame_settled(pilot)
                return


async def _frame_settled(pilot, tries: int = 10) -> None:
    """Until two frames a short pause apart are the same: a loaded machine lays out a screen or a table's
    measured columns a round later than a quiet one (the flaky triage-agenda and home-snapshot frames)."""
    before = screen_text(pilot.app)
    for _ in range(tries):
        await pilot.pause(0.01)
        await pilot.pause()
        now = screen_text(pilot.app)
        if now == before:
            return
        before = now


async def press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


def screen_text(app) -> str:
    """What the terminal shows right now (the active screen and its dialogs), as plain text.

    The one private Textual API the tests use (checked against Textual 8.2.8): no public API gives the text of
    the top screen. ``App.export_screenshot`` (SVG, public) composites ``App._background_screens`` under a
    translucent dialog, so a privacy test of a dialog would also see the screen under it, which is why an
    SVG-based version was reverted; ``Widget.render_lines`` draws one widget without its children. Kept in this
    one helper so a Textual upgrade changes one place."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)
