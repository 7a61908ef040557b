"""Reading stored events as plain facts: name, aggregate, time, and the event's own fields."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

# Attributes every eventsourcing event carries; the rest is what the event says.
_ENVELOPE = {"originator_id", "originator_version", "timestamp", "originator_topic"}


def event_name(event) -> str:
    return type(event).__name__


def aggregate_kind(event) -> str:
    """"Recommendation" or "UserAccount": the class the event is nested in."""
    return type(event).__qualname__.split(".")[0]


def event_fields(event) -> dict:
    return {name: value for name, value in vars(event).items() if name not in _ENVELOPE}


def json_safe(value):
    """Event data as JSON (dates in ISO 8601), for the history's details column."""
    if isinstance(value, dict):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(item) for item in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value
