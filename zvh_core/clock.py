"""Dates and times as the users see them (Europe/Amsterdam); the store keeps UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Europe/Amsterdam")

WEEKDAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MAANDEN = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return datetime.now(LOCAL).date()


def local_time(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL)


def long_date(day: date) -> str:
    """'donderdag 26 november 2026'."""
    return f"{WEEKDAGEN[day.weekday()]} {day.day} {MAANDEN[day.month - 1]} {day.year}"


def short_date(day: date | None) -> str:
    """'26-11-2026' (how Dutch professionals write dates); '' for None."""
    return day.strftime("%d-%m-%Y") if day else ""


def parse_user_date(text: str) -> date:
    """Parse 'DD-MM-JJJJ', 'D-M-JJJJ' or 'JJJJ-MM-DD'; raises ValueError with a Dutch message."""
    raw = text.strip()
    for fmt in ("%d-%m-%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{raw}' is geen geldige datum (DD-MM-JJJJ)")


def next_weekday_on_or_after(day: date, weekdays: tuple[int, ...]) -> date:
    """The first date on or after ``day`` whose weekday is in ``weekdays`` (``day`` itself when none are set)."""
    if not weekdays:
        return day
    for offset in range(7):
        candidate = day + timedelta(days=offset)
        if candidate.weekday() in weekdays:
            return candidate
    return day
