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


# A NUL as the log's JSON writes it. Searched in the stored bytes: far cheaper than
# walking every decoded event, and a NUL can only be there as this escape.
_ESCAPED_NUL = b"\\u0000"
# What a NUL becomes on the read side: visible, so an auditor sees that something was there.
NUL_REPLACEMENT = "\ufffd"


def decoded(notification, to_domain_event):
    """The domain event of a stored notification, as the read models may write it.

    Text is checked at the door, but the log is forever: an event recorded before that
    check may hold a NUL, which PostgreSQL's text columns refuse. Such an event is given
    to the read models with each NUL replaced (the stored event is never changed)."""
    event = to_domain_event(notification)
    if _ESCAPED_NUL in notification.state:
        for name, value in vars(event).items():
            # The event was just decoded and is this caller's alone: set in place.
            object.__setattr__(event, name, _without_nul(value))
    return event


def _without_nul(value):
    if isinstance(value, str):
        return value.replace("\x00", NUL_REPLACEMENT)
    if isinstance(value, dict):
        return {_without_nul(key): _without_nul(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_without_nul(item) for item in value)
    return value
