"""Reading stored events for the read models: the event classes of each aggregate, the
envelope every event carries, ids as text, and events made safe to write."""

from __future__ import annotations

from functools import lru_cache

from domain.account import UserAccount
from domain.catalogue import ALL_EVENTS as ALL_EVENT_CLASSES, aggregate_events
from domain.file_numbers import FileNumbers
from domain.recommendation import Recommendation
from domain.reference_data import ReferenceData
from domain.session import Session

# Attributes every eventsourcing event carries; the rest is what the event says.
ENVELOPE = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic"})

RECOMMENDATION_EVENTS = frozenset(aggregate_events(Recommendation))
ACCOUNT_EVENTS = frozenset(aggregate_events(UserAccount))
REFERENCE_EVENTS = frozenset(aggregate_events(ReferenceData))
SESSION_EVENTS = frozenset(aggregate_events(Session))
# The registers of reference numbers: each number is in its file's own events too.
NUMBERING_EVENTS = frozenset(aggregate_events(FileNumbers))
ALL_EVENTS = frozenset(ALL_EVENT_CLASSES)


@lru_cache(maxsize=1 << 14)
def id_text(originator_id) -> str:
    """The aggregate id as stored in the read models. Cached: the board and the history
    both ask for each event's, and ``UUID.__str__`` is slow Python (as many entries as
    the decoder's UUID cache, projections/decoding.py)."""
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
        with_nul_replaced(event)
    return event


def with_nul_replaced(event) -> None:
    """Replace each NUL of a just-decoded event's values (it is the caller's alone)."""
    for name, value in vars(event).items():
        object.__setattr__(event, name, _without_nul(value))


def _without_nul(value):
    if isinstance(value, str):
        return value.replace("\x00", NUL_REPLACEMENT)
    if isinstance(value, dict):
        return {_without_nul(key): _without_nul(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_without_nul(item) for item in value)
    return value
