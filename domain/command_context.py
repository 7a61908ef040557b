"""Who gives a command and in what circumstances: what every aggregate's command receives
from the application besides its fields (recommendations and CCS sessions alike)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Mapping
from uuid import UUID

from domain.vocabulary import NATIONAL, REGION


@dataclass(frozen=True)
class Circumstances:
    """What a command may need to know besides its fields, given by the application: the
    moment, the acknowledgement deadline of each level in force, and the commune's region
    today (the reference data), frozen into an escalation."""

    now: datetime
    acknowledgement_days: Mapping[str, int] = field(
        default_factory=lambda: {REGION: 15, NATIONAL: 30})
    commune_region: str | None = None
    # The session of a given id as the tracker finds it (None: no such session), for a
    # file joining its session; any object with ``commune``, ``held_on`` and ``status``.
    session_of: Callable[[str], object | None] | None = None


@dataclass(frozen=True)
class Actor:
    """Who gives a command, as recorded in every event."""

    user_id: UUID
    username: str
    display_name: str
    role: str

    def as_record(self) -> dict:
        # Field by field: ``dataclasses.asdict`` deep-copies recursively, and every command
        # records its actor.
        return {"user_id": str(self.user_id), "username": self.username,
                "display_name": self.display_name, "role": self.role}


def note_request(event, aggregate) -> None:
    """Keep which event each request made on the aggregate, by (person, request id): the
    same request again is answered from the aggregate the command loads, without reading
    its events a second time (tracker ``_earlier_result``)."""
    request_id = getattr(event, "request_id", None)
    if not request_id:
        return
    actor = getattr(event, "actor", None) or {}
    requests = vars(aggregate).get("requests")
    if requests is None:
        requests = aggregate.requests = {}
    requests.setdefault((actor.get("user_id"), request_id),
                        (type(event), event.originator_version))
