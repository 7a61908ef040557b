"""Acknowledgement deadlines read at a given moment: is the file late, and by how many days.

The due time itself is fixed in the escalation (or clarification) event, from the setting in
force that day; this module only compares it with "now", which the caller takes from the
application's clock, so changing a setting later never rewrites what was due, and tests can
move time. A file is **overdue** while it awaits acknowledgement past its due time (docs/domain.md):
at the due time itself it is still on time, so with a deadline of 0 days it is due at once
and late a moment later."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from domain.vocabulary import ACCEPTED, AWAITING_ACKNOWLEDGEMENT


@dataclass(frozen=True)
class Deadline:
    """Where a file awaiting acknowledgement stands against its due time."""

    due_by: datetime
    overdue: bool
    # Calendar days (Mali time, i.e. GMT) past the due day when overdue, else left until it:
    # 0 means the due day is today.
    days: int


def is_overdue(status: str | None, due_by: datetime | None, now: datetime) -> bool:
    return status == AWAITING_ACKNOWLEDGEMENT and due_by is not None and now > due_by


def is_implementation_overdue(status: str | None, target_date: date | None,
                              now: datetime) -> bool:
    """An accepted file whose target date has passed (the day after it, in Mali time)
    without its implementation reported: « mise en œuvre en retard »."""
    return status == ACCEPTED and target_date is not None and target_date < _day(now)


def deadline(status: str | None, due_by: datetime | None, now: datetime) -> Deadline | None:
    """The deadline of a file in ``status`` due at ``due_by``; None when nothing is awaited."""
    if status != AWAITING_ACKNOWLEDGEMENT or due_by is None:
        return None
    overdue = now > due_by
    days = (_day(now) - _day(due_by)).days if overdue else (_day(due_by) - _day(now)).days
    return Deadline(due_by, overdue, max(days, 0))


def _day(moment: datetime) -> date:
    return moment.astimezone(timezone.utc).date()
