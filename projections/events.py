"""Reading stored events as plain facts: name, aggregate, time, and the event's own fields."""

from __future__ import annotations

from functools import lru_cache

# Attributes every eventsourcing event carries; the rest is what the event says.
ENVELOPE = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic"})

# Event class -> the aggregate class it is nested in, worked out once per class: every
# projection asks for every event of a rebuild.
_KINDS: dict[type, str] = {}


def event_name(event) -> str:
    return type(event).__name__


def aggregate_kind(event) -> str:
    """"Recommendation" or "UserAccount": the class the event is nested in."""
    cls = type(event)
    kind = _KINDS.get(cls)
    if kind is None:
        kind = _KINDS[cls] = cls.__qualname__.split(".")[0]
    return kind


@lru_cache(maxsize=1 << 16)
def id_text(originator_id) -> str:
    """The aggregate id as stored in the read models. Cached: the board and the history
    both ask for each event's, and ``UUID.__str__`` is slow Python."""
    return str(originator_id)
