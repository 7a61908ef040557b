"""``as_of``: a day (« 2026-03-10 », the end of that day) or a moment (ISO 8601 with its
UTC offset; without one, Mali time, which is GMT)."""

from __future__ import annotations

from datetime import date, datetime, time, timezone

from domain.messages import N_
from domain.recommendation import InvalidInput


def parse_as_of(value: str | None) -> datetime | None:
    """The moment asked for, or None; raises InvalidInput (422) on anything else."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), time.max, tzinfo=timezone.utc)
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput({"as_of": [N_(
            "Date invalide : utilisez AAAA-MM-JJ, ou AAAA-MM-JJTHH:MM avec le décalage "
            "horaire.")]})
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
