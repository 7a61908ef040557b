"""The regularity of a communal CCS, read at a day: late past the interval after its last
session, or with none on record; on the last day of the interval it is still on time.
The calendar is the twelve months ending with the current one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.regularity import SessionRegularity, last_months, month_of, session_regularity

TODAY = date(2026, 3, 10)


@pytest.mark.parametrize("days_ago, interval, overdue", [
    (0, 31, False), (30, 31, False),
    (31, 31, False),            # exactly 31 days: still on time
    (32, 31, True),             # 32: « session en retard »
    (400, 31, True),
    (7, 7, False), (8, 7, True),  # another interval in force
    (0, 0, False), (1, 0, True),  # 0 days: a session today, or late
])
def test_a_commune_is_late_only_past_the_interval_after_its_last_session(days_ago, interval,
                                                                         overdue):
    last = TODAY - timedelta(days=days_ago)
    assert session_regularity(last, TODAY, interval) == SessionRegularity(last, overdue,
                                                                          days_ago)


def test_a_commune_without_a_session_on_record_is_late():
    assert session_regularity(None, TODAY, 31) == SessionRegularity(None, True, None)


def test_the_calendar_is_the_twelve_months_ending_with_the_current_one():
    months = last_months(TODAY)
    assert len(months) == 12
    assert months[0] == date(2025, 4, 1) and months[-1] == date(2026, 3, 1)
    assert months[9] == date(2026, 1, 1)  # across the new year
    assert last_months(date(2026, 12, 31), 3) == [date(2026, 10, 1), date(2026, 11, 1),
                                                  date(2026, 12, 1)]
    assert last_months(date(2026, 1, 1), 2) == [date(2025, 12, 1), date(2026, 1, 1)]


def test_a_day_falls_in_its_month():
    assert month_of(date(2026, 2, 28)) == date(2026, 2, 1)
