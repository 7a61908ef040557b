"""``as_of``: a day (« 2026-03-10 », the end of that day) or a moment (ISO 8601 with its
UTC offset; without one, Mali time, which is GMT)."""

from __future__ import annotations

from datetime import date, datetime, time, timezone

from domain.messages import N_
from domain.recommendation import InvalidInput

# The moments an « as of » may name: the log holds nothing before, and past them a day
# more, or a change of offset, would leave the calendar.
EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(2199, 12, 31, 23, 59, 59, 999999, tzinfo=timezone.utc)


def parse_as_of(value: str | None) -> datetime | None:
    """The moment asked for, or None; raises InvalidInput (422) on anything else."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    try:
        if len(value) == 10:  # a day: its end
            moment = datetime.combine(date.fromisoformat(value), time.max,
                                      tzinfo=timezone.utc)
        else:
            moment = datetime.fromisoformat(value)
            moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
            moment = moment.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        raise InvalidInput({"as_of": [N_(
            "Date invalide : utilisez AAAA-MM-JJ, ou AAAA-MM-JJTHH:MM avec le décalage "
            "horaire.")]})
    if not EARLIEST <= moment <= LATEST:
        raise InvalidInput({"as_of": [N_("Date hors de la période couverte (de 2000 à "
                                         "2199).")]})
    return moment
