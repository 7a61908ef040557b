"""Reading the escalation desk: a person's inbox (what waits for their action), its count
for the navigation badge, their notifications, and marking notifications read.

Whose inbox is asked for comes from the tracker's authorisation (``inbox_owner``): a role,
a territory and the person's id. What waits for whom:

- a regional authority: files escalated to their region awaiting acknowledgement (first
  sent, or sent back with the answer to a question), and files about which the CRSS asks
  the region for clarification;
- the CRSS: files escalated to the nation awaiting acknowledgement;
- a secretary: the region's questions on the commune's files, and decisions taken on them
  above the commune that they have not read yet (their notification is unread).

Files awaiting acknowledgement come by due time, so the overdue ones come first. After the
files, when the caller says whose sessions the owner watches (``SessionWatch``: a regional
authority its region's communes, a secretary its own), one item per commune whose CCS
session is late (``session_overdue``, projections/regularity.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine

from domain.catalogue import LEVEL_OWNER, awaited_states
from domain.deadlines import deadline
from domain.vocabulary import (
    ACCEPTED, AWAITING_ACKNOWLEDGEMENT, CLARIFICATION_REQUESTED, COMMUNE, NATIONAL_OFFICER,
    REGIONAL, SECRETARY,
)
from projections.regularity import overdue_communes
from storage.tables import desk_files, notification_reads, notifications

DECISIONS = ("accepted", "declined")
INBOX_LIMIT = 100
MOST_INBOX_ITEMS = 500
NOTIFICATIONS_PER_PAGE = 50
# The column holding each role's territory (the CRSS has the whole country).
TERRITORY = {SECRETARY: "commune", REGIONAL: "region", NATIONAL_OFFICER: None}
# (level, status) of files waiting for each role's answer, and its territory's column:
# where the catalogue gives a command the file waits for (acknowledge, clarify, ...).
WAITING = {role: [(level, status, TERRITORY[role]) for level, status in states]
           for role, states in awaited_states().items()}
# The level each role owns: the files it holds, chased up or late in their implementation.
OWNED_LEVEL = {role: level for level, role in LEVEL_OWNER.items()}


@dataclass(frozen=True)
class Inbox:
    items: list[dict]
    total: int
    late_sessions: int = 0  # of ``total``, communes whose session is late

    @property
    def files(self) -> int:
        return self.total - self.late_sessions


@dataclass(frozen=True)
class SessionWatch:
    """The communes whose CCS sessions an inbox watches (``{slug: region}``), and the
    days a CCS may go without a session (``TRACKER_SESSION_INTERVAL_DAYS``)."""

    communes: dict[str, str] = field(default_factory=dict)
    interval_days: int = 31


def inbox(engine: Engine, owner: dict | None, now: datetime,
          limit: int = INBOX_LIMIT, sessions: SessionWatch | None = None) -> Inbox:
    """What waits for ``owner`` (None: nothing ever waits, e.g. for an auditor), at most
    ``limit`` items; ``total`` counts them all. With ``sessions``, the communes of it
    whose session is late come after the files."""
    if owner is None:
        return Inbox([], 0)
    items, total = [], 0
    with engine.connect() as connection:
        for conditions, order in _sections(owner, now):
            total += connection.execute(select(func.count()).select_from(desk_files)
                                        .where(*conditions)).scalar_one()
            rows = connection.execute(select(desk_files).where(*conditions)
                                      .order_by(order, desk_files.c.id)
                                      .limit(max(limit - len(items), 0)))
            items += [_file_item(dict(row._mapping), now) for row in rows]
        if owner["role"] == SECRETARY:
            unread = _unread(owner["user_id"]).where(notifications.c.kind.in_(DECISIONS))
            total += connection.execute(select(func.count()).select_from(
                unread.subquery())).scalar_one()
            rows = connection.execute(
                unread.add_columns(desk_files.c.commune, desk_files.c.region)
                .join(desk_files, desk_files.c.id == notifications.c.recommendation_id)
                .order_by(notifications.c.position.desc()).limit(max(limit - len(items), 0)))
            items += [_decision_item(dict(row._mapping)) for row in rows]
    late = _late_sessions(engine, sessions, now)
    total += len(late)
    items += [_session_item(regularity) for regularity in late[:max(limit - len(items), 0)]]
    return Inbox(items, total, len(late))


def inbox_count(engine: Engine, owner: dict | None, now: datetime,
                sessions: SessionWatch | None = None) -> int:
    """How many items wait for ``owner``: the navigation badge, asked for every minute."""
    if owner is None:
        return 0
    total = 0
    with engine.connect() as connection:
        for conditions, _ in _sections(owner, now):
            total += connection.execute(
                select(func.count()).select_from(desk_files).where(*conditions)).scalar_one()
        if owner["role"] == SECRETARY:
            total += connection.execute(select(func.count()).select_from(
                _unread(owner["user_id"]).where(notifications.c.kind.in_(DECISIONS))
                .subquery())).scalar_one()
    return total + len(_late_sessions(engine, sessions, now))


def _late_sessions(engine: Engine, sessions: SessionWatch | None, now: datetime) -> list:
    if sessions is None or not sessions.communes:
        return []
    return overdue_communes(engine, sessions.communes, now.date(), sessions.interval_days)


def _sections(owner: dict, now: datetime) -> list[tuple[list, object]]:
    """The parts of an inbox, each (conditions on desk_files, order): files awaiting the
    owner's answer (by due time, the overdue first); files of the owner's level that a
    lower level chased up; accepted files whose target date has passed."""
    role = owner["role"]
    sections = [(_waiting(owner, level, status, territory),
                 desk_files.c.due_by if status == AWAITING_ACKNOWLEDGEMENT
                 else desk_files.c.since)
                for level, status, territory in WAITING.get(role, [])]
    level = OWNED_LEVEL.get(role)
    if level is not None:
        held = _held(owner, level)
        answered = [status for at, status, _ in WAITING.get(role, []) if at == level]
        sections.append(([*held, desk_files.c.chased_up_at.is_not(None),
                          desk_files.c.status.not_in(answered)], desk_files.c.chased_up_at))
        sections.append(([*held, desk_files.c.status == ACCEPTED,
                          desk_files.c.target_date < now.date()], desk_files.c.target_date))
    return sections


# ---- notifications ---------------------------------------------------------------------------
def notifications_of(engine: Engine, user_id: str, before: int | None = None,
                     limit: int = NOTIFICATIONS_PER_PAGE) -> list[dict]:
    """The person's notifications, newest first, each with ``read``; ``before`` a
    position, for the next page."""
    read = notification_reads
    query = (select(notifications, read.c.read_at)
             .outerjoin(read, and_(read.c.user_id == notifications.c.user_id,
                                   read.c.position == notifications.c.position))
             .where(notifications.c.user_id == user_id))
    if before is not None:
        query = query.where(notifications.c.position < before)
    with engine.connect() as connection:
        rows = connection.execute(query.order_by(notifications.c.position.desc()).limit(limit))
        return [{**row._mapping, "read": row.read_at is not None} for row in rows]


def unread_count(engine: Engine, user_id: str) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(
            _unread(user_id).subquery())).scalar_one()


def mark_read(engine: Engine, user_id: str, now: datetime, *, positions=None,
              recommendation_id: str | None = None) -> int:
    """Mark read the person's notifications at ``positions``, or those about
    ``recommendation_id``, or (neither given) all of them; returns how many were unread.

    The unread ones are looked up first, so that opening a file with nothing unread (most
    page views) writes nothing and takes no write lock."""
    unread = _unread(user_id).with_only_columns(notifications.c.position)
    if positions is not None:
        unread = unread.where(notifications.c.position.in_(list(positions)))
    if recommendation_id is not None:
        unread = unread.where(notifications.c.recommendation_id == str(recommendation_id))
    with engine.connect() as connection:
        found = connection.execute(unread).scalars().all()
    if not found:
        return 0
    with engine.begin() as connection:
        insert = sqlite_insert if connection.dialect.name == "sqlite" else postgresql_insert
        # Two tabs marking the same notification at once: the second finds it read.
        statement = insert(notification_reads).on_conflict_do_nothing()
        result = connection.execute(statement, [
            {"user_id": str(user_id), "position": position, "read_at": now}
            for position in found], execution_options={"preserve_rowcount": True})
        return result.rowcount


def _unread(user_id: str):
    read = notification_reads
    return (select(notifications)
            .where(notifications.c.user_id == str(user_id))
            .where(~select(read.c.position).where(read.c.user_id == notifications.c.user_id,
                                                  read.c.position == notifications.c.position)
                   .exists()))


def _waiting(owner: dict, level: str, status: str, territory: str | None) -> list:
    conditions = [desk_files.c.level == level, desk_files.c.status == status]
    if territory is not None:
        conditions.append(desk_files.c[territory] == owner[territory])
    return conditions


def _held(owner: dict, level: str) -> list:
    conditions = [desk_files.c.level == level]
    territory = TERRITORY[owner["role"]]
    if territory is not None:
        conditions.append(desk_files.c[territory] == owner[territory])
    return conditions


def _file_item(row: dict, now: datetime) -> dict:
    due = deadline(row["status"], row["due_by"], now)
    if row["status"] == ACCEPTED:
        reason = "implementation_overdue"
    elif row["chased_up_at"] is not None:
        reason = "chased_up"
    elif row["status"] == AWAITING_ACKNOWLEDGEMENT:
        reason = row["reason"]
    else:
        reason = CLARIFICATION_REQUESTED
    return {"id": row["id"], "title": row["title"], "commune": row["commune"],
            "region": row["region"], "level": row["level"], "status": row["status"],
            "reason": reason, "since": row["since"], "due_by": row["due_by"],
            "overdue": bool(due and due.overdue), "deadline": due, "notification": None}


def _session_item(regularity) -> dict:
    """A commune whose CCS session is late: no file to open, the commune's page instead."""
    return {"id": None, "title": None, "commune": regularity.commune,
            "region": regularity.region, "level": COMMUNE, "status": None,
            "reason": "session_overdue", "since": None, "due_by": None, "overdue": True,
            "deadline": None, "notification": None,
            "last_session": regularity.last_session, "days_since": regularity.days_since}


def _decision_item(row: dict) -> dict:
    return {"id": row["recommendation_id"], "title": row["title"], "commune": row["commune"],
            "region": row["region"], "level": row["level"], "status": row["kind"],
            "reason": "decision", "since": row["at"], "due_by": None, "overdue": False,
            "deadline": None, "notification": row["position"]}
