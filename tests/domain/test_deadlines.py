"""Deadlines read at a moment: overdue only while awaiting acknowledgement past the due
time, and the calendar days late or left (Mali time, GMT) that pages write out."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from domain.deadlines import Deadline, deadline, is_overdue
from tests.domain.lifecycle import STATUSES

AWAITING = "awaiting_acknowledgement"
DUE = datetime(2026, 3, 25, 9, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("now, overdue, days", [
    (DUE - timedelta(days=3), False, 3),               # « échéance dans 3 jours »
    (DUE - timedelta(days=2, hours=20), False, 3),     # still three calendar days
    (DUE - timedelta(hours=8), False, 0),              # « échéance aujourd'hui »
    (DUE, False, 0),                                   # at the due time: still on time
    (DUE + timedelta(seconds=1), True, 0),             # « en retard depuis aujourd'hui »
    (DUE + timedelta(days=4), True, 4),                # « en retard de 4 jours »
    (DUE + timedelta(days=4, hours=15), True, 5),      # the next calendar day: 5
])
def test_a_file_awaiting_acknowledgement_is_late_only_past_its_due_time(now, overdue, days):
    assert deadline(AWAITING, DUE, now) == Deadline(DUE, overdue, days)
    assert is_overdue(AWAITING, DUE, now) is overdue


@pytest.mark.parametrize("status", [status for status in STATUSES if status != AWAITING])
def test_nothing_is_overdue_unless_it_awaits_acknowledgement(status):
    long_after = DUE + timedelta(days=400)
    assert deadline(status, DUE, long_after) is None
    assert is_overdue(status, DUE, long_after) is False


def test_a_file_without_a_due_time_is_not_overdue():
    assert deadline(AWAITING, None, DUE) is None
    assert is_overdue(AWAITING, None, DUE) is False


def test_days_are_counted_in_mali_time_whatever_the_offset_given():
    # 23:30 on the 24th in UTC is the 25th in UTC+1: the day counted is Mali's (GMT).
    evening = datetime(2026, 3, 25, 0, 30, tzinfo=timezone(timedelta(hours=1)))
    assert deadline(AWAITING, DUE, evening).days == 1
