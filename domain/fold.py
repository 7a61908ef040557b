"""A case file's state after each event, written once: the aggregate applies it to itself,
and every read model that keeps a file's state (board, desk, audit subjects, board
versions) applies it to its rows, so they can never disagree on what an event did.

``file_changes(event)`` gives the attributes the event sets, as a dict; events that
change nothing of the state (a note) give an empty one. Dispatch is on the event class:
an event the fold does not know is a ``TypeError``, not a silent no-op."""

from __future__ import annotations

from functools import singledispatch

from domain.recommendation import Recommendation
from domain.vocabulary import (
    ACCEPTED, ACKNOWLEDGED, AWAITING_ACKNOWLEDGEMENT, CLARIFICATION_REQUESTED, COMMUNE,
    DECLINED, IMPLEMENTED, NATIONAL, OPEN, REGION, WITHDRAWN,
)

# Every attribute of a file's state, in the order a read model may lay them out.
FILE_STATE = ("commune", "region", "title", "description", "theme", "meeting_date",
              "origin_group", "level", "status", "due_by", "target_date", "progress",
              "chased_up_at", "session_id", "reference")
R = Recommendation


def opened_file(*, commune, region, title, description, theme, meeting_date,
                origin_group, reference=None) -> dict:
    """The state of a file just raised."""
    return {"reference": reference, "commune": commune, "region": region, "title": title,
            "description": description, "theme": theme, "meeting_date": meeting_date,
            "origin_group": origin_group, "level": COMMUNE, "status": OPEN,
            "due_by": None, "target_date": None, "progress": None, "chased_up_at": None,
            "session_id": None}


@singledispatch
def file_changes(event) -> dict:
    raise TypeError(f"the fold does not know {type(event).__qualname__}")


@file_changes.register
def _(event: R.Raised) -> dict:
    return opened_file(commune=event.commune, region=event.region, title=event.title,
                       description=event.description, theme=event.theme,
                       meeting_date=event.meeting_date, origin_group=event.origin_group,
                       # Raised before references existed: none in the event.
                       reference=getattr(event, "reference", None))


@file_changes.register(R.Noted)
@file_changes.register(R.FollowedUp)
def _unchanged(event) -> dict:
    return {}


@file_changes.register
def _(event: R.Amended) -> dict:
    return {name: change["after"] for name, change in event.changes.items()}


@file_changes.register
def _(event: R.EscalatedToRegion) -> dict:
    return {"level": REGION, "status": AWAITING_ACKNOWLEDGEMENT, "region": event.region,
            "due_by": event.due_by}


@file_changes.register
def _(event: R.EscalatedToNational) -> dict:
    return {"level": NATIONAL, "status": AWAITING_ACKNOWLEDGEMENT, "due_by": event.due_by}


@file_changes.register
def _(event: R.Acknowledged) -> dict:
    return {"status": ACKNOWLEDGED, "due_by": None}


@file_changes.register
def _(event: R.ClarificationRequested) -> dict:
    return {"status": CLARIFICATION_REQUESTED}


@file_changes.register
def _(event: R.Clarified) -> dict:
    return {"status": AWAITING_ACKNOWLEDGEMENT, "due_by": event.due_by}


@file_changes.register
def _(event: R.Accepted) -> dict:
    return {"status": ACCEPTED, "target_date": event.target_date}


@file_changes.register
def _(event: R.Declined) -> dict:
    return {"status": DECLINED}


@file_changes.register
def _(event: R.ImplementationReported) -> dict:
    return {"status": IMPLEMENTED}


@file_changes.register
def _(event: R.Withdrawn) -> dict:
    return {"status": WITHDRAWN}


@file_changes.register
def _(event: R.Reopened) -> dict:
    return {"level": COMMUNE, "status": OPEN, "due_by": None, "target_date": None,
            "progress": None}


@file_changes.register
def _(event: R.ChasedUp) -> dict:
    return {"chased_up_at": event.timestamp}


@file_changes.register
def _(event: R.ProgressReported) -> dict:
    return {"progress": event.percent}


@file_changes.register
def _(event: R.AttachedToSession) -> dict:
    return {"session_id": event.session_id, "meeting_date": event.held_on}


@file_changes.register
def _(event: R.ReferenceAssigned) -> dict:
    return {"reference": event.reference}
