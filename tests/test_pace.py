from datetime import UTC, datetime, timedelta

from zvh_core.meetings.pace import expected_end, seconds_per_melding

START = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return START + timedelta(minutes=minutes)


def test_average_time_per_decision_from_the_start():
    assert seconds_per_melding(START, [at(2), at(5), at(6)]) == 120.0


def test_a_break_does_not_count_as_discussion_time():
    # 09:02, then a 40-minute interruption, then 09:45.
    assert seconds_per_melding(START, [at(2), at(42), at(45)]) == 150.0


def test_no_estimate_without_decisions_or_start():
    assert seconds_per_melding(START, []) is None
    assert seconds_per_melding(None, [at(2)]) is None
    assert seconds_per_melding(START, [at(60)]) is None


def test_expected_end():
    assert expected_end(at(10), 120.0, 5) == at(20)
