"""Tables of the escalation desk (inbox, notifications, acknowledgement times), on the
read models' metadata so they are created, dropped and rebuilt with the others.

``notification_reads`` is the exception: which notification a person has read is not in
the event log (it is not a fact about a case file, and putting it in the audit chain would
bury the facts under read receipts), so it is kept beside the read models, like the form
drafts, and survives a rebuild. Its key, (person, log position of the event), is the
notification's own, which a rebuild gives back unchanged."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, Index, Integer, String, Table

from projections.schema import UTCDateTime, metadata

# Every recommendation as the desk needs it to know whom an event concerns, and what
# waits for whom: the desk's own copy, so that it folds each event from the state right
# before it (another read model's table holds the state after the whole batch).
desk_files = Table(
    "desk_files", metadata,
    Column("id", String(36), primary_key=True),
    Column("title", String(200), nullable=False),
    Column("commune", String(64), nullable=False),
    Column("region", String(64), nullable=False),
    Column("level", String(16), nullable=False),
    Column("status", String(32), nullable=False),
    Column("due_by", UTCDateTime),
    # When the file reached its current level (for the acknowledgement times).
    Column("escalated_at", UTCDateTime),
    # Why it awaits acknowledgement: "escalated", or "clarified" (the answer came back).
    Column("reason", String(32)),
    # When it entered its current (level, status).
    Column("since", UTCDateTime, nullable=False),
)
Index("desk_files_waiting_by_region", desk_files.c.level, desk_files.c.status,
      desk_files.c.region, desk_files.c.due_by)
Index("desk_files_waiting_by_commune", desk_files.c.level, desk_files.c.status,
      desk_files.c.commune)

# Who gets a notification: each account's role and territory, from the account events.
desk_people = Table(
    "desk_people", metadata,
    Column("user_id", String(36), primary_key=True),
    Column("role", String(16), nullable=False),
    Column("commune", String(64)),
    Column("region", String(64)),
    Column("active", Boolean, nullable=False),
)

# One row per person told of an event; keyed by the event's position in the log.
notifications = Table(
    "notifications", metadata,
    Column("user_id", String(36), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("recommendation_id", String(36), nullable=False),
    # escalated | clarification_requested | clarified | accepted | declined
    Column("kind", String(32), nullable=False),
    Column("level", String(16), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("title", String(200), nullable=False),
    Column("actor_name", String(200)),
)
Index("notifications_by_recommendation", notifications.c.recommendation_id,
      notifications.c.user_id)

# One row per acknowledgement: how long the level took to acknowledge the escalation.
acknowledgements = Table(
    "acknowledgements", metadata,
    Column("position", Integer, primary_key=True),
    Column("recommendation_id", String(36), nullable=False),
    Column("level", String(16), nullable=False),
    Column("commune", String(64), nullable=False),
    Column("region", String(64), nullable=False),
    Column("escalated_at", UTCDateTime, nullable=False),
    Column("acknowledged_at", UTCDateTime, nullable=False),
    Column("seconds", Float, nullable=False),
)
Index("acknowledgements_by_region", acknowledgements.c.region, acknowledgements.c.level)

# Not a read model (see the module's docstring): never dropped by a rebuild.
notification_reads = Table(
    "notification_reads", metadata,
    Column("user_id", String(36), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("read_at", UTCDateTime, nullable=False),
)
