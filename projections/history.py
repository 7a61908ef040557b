"""The history: one row per recommendation event, for the timeline and the audit trail."""

from __future__ import annotations

from projections.bulk import writer_for
from projections.events import (
    ACCOUNT_EVENTS, ENVELOPE, NUMBERING_EVENTS, RECOMMENDATION_EVENTS, REFERENCE_EVENTS,
    SESSION_EVENTS, id_text,
)
from storage.tables import history

# The one free text each event carries, shown as the body of a timeline entry.
_TEXT_FIELDS = ("note", "reason", "question", "answer")
_COLUMNS = ("position", "recommendation_id", "version", "at", "event_type", "actor_id",
            "actor_username", "actor_name", "actor_role", "text", "details")


class HistoryProjection:
    name = "history"
    version = 1
    tables = (history,)
    handled = RECOMMENDATION_EVENTS
    ignored = ACCOUNT_EVENTS | REFERENCE_EVENTS | SESSION_EVENTS | NUMBERING_EVENTS
    replay_weight = 1

    def prepare(self, connection, numbered_events):
        """The batch's rows; the write is one executemany."""
        writer = writer_for(connection)
        timestamp, as_json = writer.timestamp, writer.json
        rows = []
        for position, event in numbered_events:
            entry = history_row(position, event)
            rows.append((position, entry["recommendation_id"], entry["version"],
                         timestamp(entry["at"]), entry["event_type"], entry["actor_id"],
                         entry["actor_username"], entry["actor_name"], entry["actor_role"],
                         entry["text"], as_json(entry["details"])))
        return lambda connection: writer.insert(connection, history, _COLUMNS, rows)


def history_row(position: int, event) -> dict:
    """The history row of ``event`` as a dict; ``details`` holds the event's other fields."""
    fields = {name: value for name, value in vars(event).items() if name not in ENVELOPE}
    actor = fields.pop("actor", None) or {}
    # The key that tells a resubmitted form from a new command; not part of what happened.
    fields.pop("request_id", None)
    if not fields.get("attachments"):  # events that could bring files, and brought none
        fields.pop("attachments", None)
    text = None
    for name in _TEXT_FIELDS:
        if name in fields:
            value = fields[name]
            if not value:  # an empty optional note is not worth a detail line
                del fields[name]
            elif text is None:
                text = fields.pop(name)
    return {
        "position": position, "recommendation_id": id_text(event.originator_id),
        "version": event.originator_version, "at": event.timestamp,
        "event_type": type(event).__name__, "actor_id": actor.get("user_id"),
        "actor_username": actor.get("username"), "actor_name": actor.get("display_name"),
        "actor_role": actor.get("role"), "text": text, "details": fields,
    }
