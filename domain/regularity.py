"""The regularity of a communal CCS: it meets at least once a month (docs/domain.md).

A commune whose last session held (not cancelled) is older than the interval in force
(``TRACKER_SESSION_INTERVAL_DAYS``, 31 days by default), or that has no session on
record, is « session en retard ». Like the other kinds of lateness it is read at a
moment, never recorded: the caller gives today from the application's clock (Mali time
is GMT), so a setting changed later changes the reading at once. On the last day of the
interval the commune is still on time: 31 days after a session is on time, 32 is late.

The calendar of regularity is the twelve months ending with the current one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

MONTHS_SHOWN = 12


@dataclass(frozen=True)
class SessionRegularity:
    """Where a commune stands: its last session held, and whether its CCS is late."""

    last_session: date | None
    overdue: bool
    days_since: int | None  # days since the last session; None: none on record


def session_regularity(last_session: date | None, today: date,
                       interval_days: int) -> SessionRegularity:
    """The regularity of a commune whose last session was held on ``last_session``."""
    if last_session is None:
        return SessionRegularity(None, True, None)
    days = (today - last_session).days
    return SessionRegularity(last_session, days > interval_days, days)


def last_months(today: date, count: int = MONTHS_SHOWN) -> list[date]:
    """The first day of each of the ``count`` months ending with today's, oldest first."""
    index = today.year * 12 + today.month - 1
    return [date(month // 12, month % 12 + 1, 1)
            for month in range(index - count + 1, index + 1)]


def month_of(day: date) -> date:
    """The first day of ``day``'s month: the key of the calendar's cells."""
    return day.replace(day=1)
