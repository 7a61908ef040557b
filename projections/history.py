"""The history: one row per recommendation event, for the timeline and the audit trail."""

from __future__ import annotations

from sqlalchemy import insert

from projections.events import aggregate_kind, event_fields, event_name, json_safe
from projections.schema import history

# The one free text each event carries, shown as the body of a timeline entry.
_TEXT_FIELDS = ("note", "reason", "question", "answer")


class HistoryProjection:
    name = "history"
    tables = (history,)

    def handles(self, event) -> bool:
        return aggregate_kind(event) == "Recommendation"

    def apply(self, connection, numbered_events) -> None:
        rows = [history_row(position, event) for position, event in numbered_events]
        if rows:
            connection.execute(insert(history), rows)


def history_row(position: int, event) -> dict:
    fields = event_fields(event)
    actor = fields.pop("actor", None) or {}
    # The key that tells a resubmitted form from a new command; not part of what happened.
    fields.pop("request_id", None)
    text = next((fields.pop(name) for name in _TEXT_FIELDS if fields.get(name)), None)
    for name in _TEXT_FIELDS:  # an empty optional note is not worth a detail line
        if name in fields and not fields[name]:
            fields.pop(name)
    return {
        "position": position, "recommendation_id": str(event.originator_id),
        "version": event.originator_version, "at": event.timestamp,
        "event_type": event_name(event), "actor_id": actor.get("user_id"),
        "actor_username": actor.get("username"), "actor_name": actor.get("display_name"),
        "actor_role": actor.get("role"), "text": text, "details": json_safe(fields),
    }
