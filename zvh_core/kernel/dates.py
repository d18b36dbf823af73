"""Dates as the users write and read them: one parser for every date of the product (typed in the app or a
CLI option, or read from a contract CSV file: domain.md §4), and the Dutch formats."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

DATE_FORMATS = "JJJJ-MM-DD of DD-MM-JJJJ"
"""The accepted formats, as messages name them."""
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DUTCH_DATE = re.compile(r"([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})")

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


@lru_cache(maxsize=16384)
def parse_date(text: str) -> date | None:
    """'JJJJ-MM-DD', or 'DD-MM-JJJJ' with the leading zeros optional ('D-M-JJJJ'), as a date; None when the
    text is in neither format or names no real day (30 February). ASCII digits only. Cached: an import
    reads the same few hundred dates thousands of times."""
    if m := _ISO_DATE.fullmatch(text):
        year, month, day = m.groups()
    elif m := _DUTCH_DATE.fullmatch(text):
        day, month, year = m.groups()
    else:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def parse_user_date(text: str) -> date:
    """``parse_date`` of what a user typed (spaces around it ignored); raises ValueError with a Dutch message."""
    raw = text.strip()
    parsed = parse_date(raw)
    if parsed is None:
        raise ValueError(f"'{raw}' is geen geldige datum (DD-MM-JJJJ of JJJJ-MM-DD)")
    return parsed
