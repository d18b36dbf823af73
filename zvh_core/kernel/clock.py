"""Dates and times as the users see them (Europe/Amsterdam); the store keeps UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Europe/Amsterdam")


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return datetime.now(LOCAL).date()


def local_time(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL)


def next_weekday_on_or_after(day: date, weekdays: tuple[int, ...]) -> date:
    """The first date on or after ``day`` whose weekday is in ``weekdays`` (``day`` itself when none are set)."""
    if not weekdays:
        return day
    for offset in range(7):
        candidate = day + timedelta(days=offset)
        if candidate.weekday() in weekdays:
            return candidate
    return day
