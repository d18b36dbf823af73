"""The meeting's pace: how long a melding takes, and when the agenda will be done."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import datetime, timedelta

BREAK = timedelta(minutes=15)
"""A longer gap between two decisions is a break or an interruption, not discussion time."""


def seconds_per_melding(started: datetime | None, decided_at: Iterable[datetime]) -> float | None:
    """Average time per decision, from the start and the decision times, leaving out breaks."""
    times = sorted(decided_at)
    if started is None or not times:
        return None
    moments = [started, *times] if started <= times[0] else times
    gaps = [later - earlier for earlier, later in itertools.pairwise(moments) if later - earlier <= BREAK]
    if not gaps:
        return None
    return sum(gap.total_seconds() for gap in gaps) / len(gaps)


def expected_end(now: datetime, per_melding: float, remaining: int) -> datetime:
    return now + timedelta(seconds=per_melding * remaining)
