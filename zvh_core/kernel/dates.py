"""Dates as the users write and read them: one parser for every date a user types, and the Dutch formats."""

from __future__ import annotations

from datetime import date, datetime

WEEKDAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


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
    raise ValueError(f"'{raw}' is geen geldige datum (DD-MM-JJJJ of JJJJ-MM-DD)")
