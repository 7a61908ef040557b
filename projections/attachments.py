"""The attachments: one row per file an event brought (domain/attachments.py), in the order
of the log. Pages list a file's or a session's attachments from it, and a blob is served
only to a reader of an aggregate whose events name it (web/attachments.py)."""

from __future__ import annotations

from domain.attachments import attachments_of
from projections.bulk import writer_for
from projections.events import (
    ACCOUNT_EVENTS, NUMBERING_EVENTS, RECOMMENDATION_EVENTS, REFERENCE_EVENTS, SESSION_EVENTS,
    id_text,
)
from storage.tables import attachments

_COLUMNS = ("position", "ordinal", "aggregate_id", "aggregate_type", "version", "event_type",
            "at", "sha256", "original_sha256", "thumbnail_sha256", "name", "media_type",
            "size", "width", "height")
_DESCRIBED = ("sha256", "original_sha256", "thumbnail_sha256", "name", "media_type", "size",
              "width", "height")


class AttachmentsProjection:
    name = "attachments"
    version = 1
    tables = (attachments,)
    handled = RECOMMENDATION_EVENTS | SESSION_EVENTS
    ignored = ACCOUNT_EVENTS | REFERENCE_EVENTS | NUMBERING_EVENTS
    replay_weight = 0  # a row for the few events that bring files

    def prepare(self, connection, numbered_events):
        writer = writer_for(connection)
        rows = []
        for position, event in numbered_events:
            kind = "session" if type(event) in SESSION_EVENTS else "recommendation"
            for ordinal, item in enumerate(attachments_of(event)):
                rows.append((position, ordinal, id_text(event.originator_id), kind,
                             event.originator_version, type(event).__name__,
                             writer.timestamp(event.timestamp),
                             *(item.get(name) for name in _DESCRIBED)))
        return lambda connection: writer.insert(connection, attachments, _COLUMNS, rows)
