"""Driving the app in tests: wait until every store worker and message is done."""

from __future__ import annotations

import asyncio
import html
import re
from datetime import date
from pathlib import Path

from rich.cells import cell_len
from textual.worker import WorkerCancelled, WorkerState

from tui.app import ZvhApp
from zvh_core.config.regio import Regio
from zvh_core.store import Store

_SVG_TEXT = re.compile(r'<text [^>]*?x="([\d.]+)"[^>]*?clip-path="url\(#[\w-]+-line-(\d+)\)"[^>]*>(.*?)</text>', re.S)
_SVG_CHAR_WIDTH = 20 * 0.61  # rich's export_svg: a cell is 20 * 0.61 wide

TODAY = date(2026, 11, 26)  # a Thursday: routeertafel day


def make_app(store: Store, regio: Regio, tmp_path: Path, today: date = TODAY) -> ZvhApp:
    return record_notices(ZvhApp(store, regio, today=lambda: today, export_dir=tmp_path / "exports"))


def record_notices(app: ZvhApp) -> ZvhApp:
    """Keep every (severity, message) the app notifies, through the public ``App.notify``, for ``notices``."""
    shown: list[tuple[str, str]] = []
    notify = app.notify

    def recording_notify(message: str, **options) -> None:
        shown.append((options.get("severity", "information"), message))
        notify(message, **options)

    app.notify = recording_notify  # type: ignore[method-assign]
    app.notices_shown = shown  # type: ignore[attr-defined]
    return app


def notices(app: ZvhApp) -> list[str]:
    """The messages the app notified since ``record_notices`` (``make_app`` records them), oldest first."""
    return [message for _severity, message in app.notices_shown]  # type: ignore[attr-defined]


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
                # Widgets such as DataTable measure their columns when idle: a short real pause lets the idle
                # handlers run (waiting for the whole process to go idle took up to a second on a busy machine
                # and tripped the idle-lock test). A frame drawn before that measuring is drawn again
                # (tui/row_table.py mends Textual #3533), so no frame needs comparing.
                await pilot.pause(0.02)
                await pilot.pause()
                return


async def press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


def screen_text(app) -> str:
    """What the terminal shows right now, as plain text, read from Textual's public SVG screenshot.

    Under a translucent dialog the screenshot holds the screen beneath it too, as the terminal shows it: a test
    that something is not shown checks what the user could read, dialog and background."""
    width, height = app.size
    rows: list[list[str]] = [[" "] * width for _ in range(height)]
    for x, line, text in _SVG_TEXT.findall(app.export_screenshot()):
        row, col = rows[int(line)], round(float(x) / _SVG_CHAR_WIDTH)
        for ch in html.unescape(text).replace("\xa0", " "):
            if col < width:
                row[col] = ch
                if cell_len(ch) == 2 and col + 1 < width:
                    row[col + 1] = ""
            col += cell_len(ch)
    return "\n".join("".join(row) for row in rows)
