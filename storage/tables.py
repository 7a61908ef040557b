"""Every table (SQLAlchemy Core), on one ``metadata``: the read models and the position
each has reached, the escalation desk's tables, the audit chain, and the form drafts.

The groups at the end (``READ_SIDE``, ``CHAIN``, ``DRAFTS``) are what each part of the
application creates at start, through ``storage.schema.create_tables``."""

from __future__ import annotations

from sqlalchemy import (
    JSON, BigInteger, Boolean, Column, Date, DateTime, Float, Index, Integer, LargeBinary,
    MetaData, String, Table, Text, false,
)

from storage.types import UTCDateTime

metadata = MetaData()

# ---- read models ---------------------------------------------------------------------------
positions = Table(
    "read_model_positions", metadata,
    Column("name", String(64), primary_key=True),
    Column("position", Integer, nullable=False),
    # The version of the read model's code that wrote its rows: a new one means a rebuild.
    Column("version", Integer, nullable=False, server_default="0"),
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
    Column("progress", Integer),  # the last percentage reported, once accepted
    Column("session_id", String(36)),  # the CCS session it came from, when on record
    Column("reference", String(20)),  # « SEG-2026-014 »; none before `references assign`
    Column("raised_at", UTCDateTime, nullable=False),
    Column("last_activity", UTCDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    # Lower-case, accent-free reference, title and description, so "eclairage" finds
    # "Éclairage" and "seg-2026-014" finds its file.
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
    Column("title", String(80)),  # shown instead of the role's label; none: the label
    # Opened or reset with a temporary password, not yet replaced by the person's own.
    Column("must_change_password", Boolean, nullable=False, server_default=false()),
)

# Each account's API tokens in force: their id and when they were issued, never a secret.
account_tokens = Table(
    "account_tokens", metadata,
    Column("account_id", String(36), primary_key=True),
    Column("token_id", String(16), primary_key=True),
    Column("issued_at", UTCDateTime, nullable=False),
    Column("issued_by", String(200)),  # the administrator's display name; none: the CLI
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
    Column("actor_name", String(200)),  # as the account was named when it acted
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

# ---- the escalation desk (inbox, notifications, acknowledgement times) ----------------------
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
    # Accepted with a date for its implementation: late once the day has passed.
    Column("target_date", Date),
    # When a lower level last chased up the level holding the file; cleared when it moves.
    Column("chased_up_at", UTCDateTime),
)
Index("desk_files_waiting_by_region", desk_files.c.level, desk_files.c.status,
      desk_files.c.region, desk_files.c.due_by)
Index("desk_files_waiting_by_commune", desk_files.c.level, desk_files.c.status,
      desk_files.c.commune)
# The inbox's other two counts (its badge is on every page): files chased up, and accepted
# files whose implementation is late. Partial indexes, which the counts' own conditions
# imply (``target_date < ?`` implies it is not null; a bound ``status = ?`` would not let
# SQLite use an index on status = 'accepted'): a few rows each, or the count read from the
# index alone, instead of every file of the level (the chased-up count took 7 ms at 100,000
# files on PostgreSQL).
_CHASED_UP = desk_files.c.chased_up_at.is_not(None)
Index("desk_files_chased_up", desk_files.c.level, desk_files.c.region, desk_files.c.commune,
      desk_files.c.status, postgresql_where=_CHASED_UP, sqlite_where=_CHASED_UP)
_WITH_TARGET = desk_files.c.target_date.is_not(None)
Index("desk_files_by_target_date", desk_files.c.level, desk_files.c.status,
      desk_files.c.region, desk_files.c.commune, desk_files.c.target_date,
      postgresql_where=_WITH_TARGET, sqlite_where=_WITH_TARGET)

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
    # escalated | clarification_requested | clarified | accepted | declined | chased_up
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

# Not a read model: which notification a person has read is no fact of the event log (in
# the audit chain, read receipts would bury the facts), so it survives a rebuild. Its key,
# (person, log position of the event), is the notification's own, which a rebuild keeps.
notification_reads = Table(
    "notification_reads", metadata,
    Column("user_id", String(36), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("read_at", UTCDateTime, nullable=False),
)

# ---- the audit chain (tracker/chain.py) -----------------------------------------------------
# One link per stored event: sha256(previous link + the event as stored).
audit_chain = Table(
    "audit_chain", metadata,
    Column("position", BigInteger, primary_key=True, autoincrement=False),
    Column("hash", String(64), nullable=False),
    Column("sealed_at", DateTime(timezone=True), nullable=False),
)
audit_verifications = Table(
    "audit_verifications", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("verified_at", DateTime(timezone=True), nullable=False),
    Column("ok", Boolean, nullable=False),
    Column("checked", BigInteger, nullable=False),
    Column("head_position", BigInteger, nullable=False),
    Column("head_hash", String(64), nullable=False),
    Column("message", Text, nullable=False),
)

# Verifications started from the auditors' page (tracker/verification.py): who asked, how far
# it has got (shared by every web process polling it), and its verdict once done.
audit_runs = Table(
    "audit_runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_by", String(64), nullable=False),
    Column("started_by_name", String(200), nullable=False),
    Column("started_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("total", BigInteger, nullable=False),
    Column("checked", BigInteger, nullable=False),
    Column("finished_at", UTCDateTime),
    Column("ok", Boolean),
    Column("message", Text),
)

# ---- form drafts (web/drafts.py) ------------------------------------------------------------
# What was typed into a form posted after its session ended, for a while.
form_drafts = Table(
    "form_drafts", metadata,
    Column("id", String(64), primary_key=True),
    Column("owner", String(32), nullable=False),
    Column("path", String(500), nullable=False),
    Column("fields", JSON, nullable=False),
    Column("saved_at", UTCDateTime, nullable=False, index=True),
)

# ---- signed-out page sessions (web/session_lifetime.py) -------------------------------------
# A session cookie signed out of, by a hash of its id, until it would have expired anyway:
# a copy of the cookie kept elsewhere must not sign in again.
ended_sessions = Table(
    "ended_sessions", metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("expires_at", UTCDateTime, nullable=False, index=True),
)

# ---- CCS sessions ---------------------------------------------------------------------------
# One row per session of a communal or regional CCS, with its attendance summed up for the
# dashboards (women, men, youth) and the number of recommendations it issued.
sessions = Table(
    "sessions", metadata,
    Column("id", String(36), primary_key=True),
    Column("level", String(16), nullable=False),    # commune | region: whose CCS met
    Column("commune", String(64)),
    Column("region", String(64), nullable=False),
    Column("held_on", Date, nullable=False),
    Column("place", String(200), nullable=False),
    Column("chaired_by", String(200), nullable=False),
    Column("agenda", JSON, nullable=False),
    Column("attendance", JSON),
    Column("women", Integer, nullable=False),
    Column("men", Integer, nullable=False),
    Column("youth", Integer, nullable=False),       # present in the "jeunes" group
    Column("has_minutes", Boolean, nullable=False),
    Column("status", String(16), nullable=False),
    Column("recommendations", Integer, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("last_activity", UTCDateTime, nullable=False),
    Column("version", Integer, nullable=False),
)
Index("sessions_by_commune", sessions.c.commune, sessions.c.held_on)
Index("sessions_by_region", sessions.c.region, sessions.c.held_on)
Index("board_by_session", board.c.session_id)

# One row per file an event brought (domain/attachments.py): what a page lists under a file
# or a session, and who may read a blob (the readers of an aggregate that names it).
attachments = Table(
    "attachments", metadata,
    Column("position", Integer, primary_key=True),
    Column("ordinal", Integer, primary_key=True),  # its place among the event's files
    Column("aggregate_id", String(36), nullable=False),
    Column("aggregate_type", String(16), nullable=False),  # recommendation | session
    Column("version", Integer, nullable=False),
    Column("event_type", String(64), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("original_sha256", String(64), nullable=False),
    Column("thumbnail_sha256", String(64)),
    Column("name", String(200), nullable=False),
    Column("media_type", String(32), nullable=False),
    Column("size", Integer, nullable=False),
    Column("width", Integer),
    Column("height", Integer),
)
Index("attachments_by_aggregate", attachments.c.aggregate_id, attachments.c.position)
Index("attachments_by_sha256", attachments.c.sha256)
Index("attachments_by_thumbnail", attachments.c.thumbnail_sha256)

# ---- attachments' bytes (TRACKER_BLOB_STORE=database; storage/blobs.py) ------------------------
blobs = Table(
    "blobs", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("stored_at", UTCDateTime, nullable=False),
    Column("data", LargeBinary, nullable=False),
)

# ---- events a read model could not apply (projections/dead_letters.py) ----------------------
# The log is forever: an event that a read model's fold or write refuses (whatever the
# reason) is set aside here, and the read model goes on with the next one.
dead_letters = Table(
    "dead_letters", metadata,
    Column("read_model", String(64), primary_key=True),
    Column("position", BigInteger, primary_key=True),
    Column("event_type", String(200), nullable=False),
    Column("error", Text, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
)

# ---- who creates what -----------------------------------------------------------------------
# The read models' runner: the read models, their positions, and the read receipts.
READ_SIDE = (positions, board, history, accounts, account_tokens, audit_log, audit_subjects,
             board_versions, desk_files, desk_people, notifications, acknowledgements,
             notification_reads, sessions, attachments, dead_letters)
CHAIN = (audit_chain, audit_verifications, audit_runs)
DRAFTS = (form_drafts,)
ENDED_SESSIONS = (ended_sessions,)
BLOBS = (blobs,)
