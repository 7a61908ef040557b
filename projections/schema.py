"""The read-side tables (SQLAlchemy Core) and the position each read model has reached."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    JSON, Boolean, Column, Date, DateTime, Index, Integer, MetaData, String, Table, Text,
    TypeDecorator,
)


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes in and out, on SQLite (which keeps no offset) as on PostgreSQL."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return value.replace(tzinfo=timezone.utc) if value is not None else None


metadata = MetaData()

positions = Table(
    "read_model_positions", metadata,
    Column("name", String(64), primary_key=True),
    Column("position", Integer, nullable=False),
)

board = Table(
    "board", metadata,
    Column("id", String(36), primary_key=True),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("commune", String(64), nullable=False),
    Column("region", String(64), nullable=False),
    Column("level", String(16), nullable=False),
    Column("status", String(32), nullable=False),
    Column("theme", String(32), nullable=False),
    Column("origin_group", String(32)),
    Column("meeting_date", Date, nullable=False),
    Column("due_by", UTCDateTime),
    Column("target_date", Date),
    Column("raised_at", UTCDateTime, nullable=False),
    Column("last_activity", UTCDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    # Lower-case, accent-free title and description, so "eclairage" finds "Éclairage".
    Column("search_text", Text, nullable=False),
)
# The board page: a count and 25 rows in order of activity, within any mix of filters.
# One index per filter, led by it and then in page order, so that a page is a walk that
# stops after 25 rows; each also holds the other filters' columns, so that the count and
# the walk never read the table (at 100,000 files the table is ~50 MB, an index ~10 MB).
_FILTERS = ("region", "commune", "level", "status", "theme")


def _listing(name: str, *leading: str) -> Index:
    rest = [column for column in _FILTERS if column not in leading]
    return Index(name, *(board.c[column] for column in (
        *leading, "last_activity", "id", *rest, "due_by")))


_listing("board_list_by_activity")
for _column in _FILTERS:
    _listing(f"board_list_by_{_column}", _column)

history = Table(
    "history", metadata,
    Column("position", Integer, primary_key=True),
    Column("recommendation_id", String(36), nullable=False),
    Column("version", Integer, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("event_type", String(64), nullable=False),
    Column("actor_id", String(36)),
    Column("actor_username", String(64)),
    Column("actor_name", String(200)),
    Column("actor_role", String(16)),
    Column("text", Text),
    Column("details", JSON, nullable=False),
)
Index("history_by_recommendation", history.c.recommendation_id, history.c.version)

accounts = Table(
    "accounts", metadata,
    Column("id", String(36), primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("role", String(16), nullable=False),
    Column("commune", String(64)),
    Column("region", String(64)),
    Column("disabled", Boolean, nullable=False),
    Column("token_count", Integer, nullable=False),
    Column("opened_at", UTCDateTime, nullable=False),
    Column("last_change", UTCDateTime, nullable=False),
)

# Every event of every aggregate, for the auditors: who did what, where, when.
audit_log = Table(
    "audit_log", metadata,
    Column("position", Integer, primary_key=True),
    Column("at", UTCDateTime, nullable=False),
    Column("aggregate_type", String(16), nullable=False),  # recommendation | account
    Column("aggregate_id", String(36), nullable=False),
    Column("version", Integer, nullable=False),
    Column("event_type", String(64), nullable=False),
    Column("actor_username", String(64)),
    Column("actor_role", String(16)),
    Column("subject", String(200)),  # the recommendation's title, the account's username
    Column("commune", String(64)),
    Column("region", String(64)),
    Column("data", JSON, nullable=False),
)
# Keyset pages newest first, narrowed by one filter: each index ends with the position.
Index("audit_by_actor", audit_log.c.actor_username, audit_log.c.position)
Index("audit_by_role", audit_log.c.actor_role, audit_log.c.position)
Index("audit_by_type", audit_log.c.event_type, audit_log.c.position)
Index("audit_by_commune", audit_log.c.commune, audit_log.c.position)
Index("audit_by_region", audit_log.c.region, audit_log.c.position)
Index("audit_by_aggregate", audit_log.c.aggregate_id, audit_log.c.position)
Index("audit_by_time", audit_log.c.at)

# Where each aggregate stands (commune, region, title), for events that do not repeat it.
audit_subjects = Table(
    "audit_subjects", metadata,
    Column("aggregate_id", String(36), primary_key=True),
    Column("subject", String(200)),
    Column("commune", String(64)),
    Column("region", String(64)),
)

# The board as it stood at any moment: one row per version of each recommendation, valid
# from its event's time until the next event's (valid_to NULL: still current).
board_versions = Table(
    "board_versions", metadata,
    Column("id", String(36), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("valid_from", UTCDateTime, nullable=False),
    Column("valid_to", UTCDateTime),
    # The board's own columns, but for the long texts (the search matches today's).
    *(Column(column.name, column.type, nullable=column.nullable) for column in board.columns
      if column.name not in ("id", "version", "description", "search_text")),
)
# The board as of a moment (as_of.py): led by the moment, in the board's order, with
# every filter's column, so that the count and the page's keys are one index walk.
Index("board_versions_by_moment", *(board_versions.c[column] for column in (
    "valid_from", "id", "version", "valid_to", *_FILTERS, "due_by")))
# Indexes of earlier versions of this schema, dropped when the read models start.
# board_versions_current (id, valid_to): a version is now read back by its primary key.
RETIRED_INDEXES = ("board_versions_by_time", "board_versions_current")
