"""The escalation desk: what waits for whom, who is told of what, and how long each level
took to acknowledge. One read model over both kinds of events:

- recommendation events move the desk's copy of each file (``desk_files``), from which
  the inbox is read (projections/desk_queries.py), and each acknowledgement adds a row to
  ``acknowledgements`` (escalation to acknowledgement, for the dashboards);
- some of them notify people (escalated to you, clarification requested of you or answered
  to you, a decision on your recommendation): one ``notifications`` row per person, found
  by role and territory in ``desk_people``, which account events keep.

A batch is folded in memory, event by event in log order, then written with a few
executemany statements, as the board does: rows of files and people touched by the batch
are read once at its start."""

from __future__ import annotations

from sqlalchemy import select

from domain.vocabulary import (
    ACCEPTED, ACKNOWLEDGED, AWAITING_ACKNOWLEDGEMENT, CLARIFICATION_REQUESTED, COMMUNE,
    DECLINED, IMPLEMENTED, NATIONAL, NATIONAL_OFFICER, OPEN, REGION, REGIONAL, SECRETARY,
    WITHDRAWN,
)
from projections.bulk import writer_for
from projections.events import aggregate_kind, id_text
from storage.tables import acknowledgements, desk_files, desk_people, notifications

_FILE_COLUMNS = tuple(column.name for column in desk_files.columns)
_CHANGING = tuple(name for name in _FILE_COLUMNS if name not in ("id", "commune"))
_FILE_TIMESTAMPS = ("due_by", "escalated_at", "since")
_PEOPLE_COLUMNS = ("user_id", "role", "commune", "region", "active")
_NOTIFICATION_COLUMNS = tuple(column.name for column in notifications.columns)
_ACK_COLUMNS = tuple(column.name for column in acknowledgements.columns)
_STATUS_AFTER = {"ClarificationRequested": CLARIFICATION_REQUESTED, "Accepted": ACCEPTED,
                 "Declined": DECLINED, "ImplementationReported": IMPLEMENTED,
                 "Withdrawn": WITHDRAWN}
# Events that change nothing the desk keeps.
_IGNORED = frozenset({"Noted"})
_ACCOUNT_EVENTS = frozenset({"Opened", "RoleChanged", "Disabled", "Enabled"})
_NOTIFYING = frozenset({"EscalatedToRegion", "EscalatedToNational", "ClarificationRequested",
                        "Clarified", "Accepted", "Declined"})


class DeskProjection:
    name = "desk"
    tables = (desk_files, desk_people, notifications, acknowledgements)

    def handles(self, event) -> bool:
        kind = aggregate_kind(event)
        if kind == "Recommendation":
            return type(event).__name__ not in _IGNORED
        return kind == "UserAccount" and type(event).__name__ in _ACCOUNT_EVENTS

    def prepare(self, connection, numbered_events):
        files, known_files = _load_files(connection, numbered_events)
        people = _People.load(connection, numbered_events)
        changed_files: set[str] = set()
        notes, acks = [], []
        for position, event in numbered_events:
            if aggregate_kind(event) == "UserAccount":
                people.fold(event)
                continue
            key = id_text(event.originator_id)
            name = type(event).__name__
            if name == "Raised":
                files[key] = _raised(key, event)
            else:
                row = files[key]
                if name == "Acknowledged":
                    acks.append(_acknowledgement(position, key, row, event))
                _fold(row, name, event)
                kind, audiences = notified(name, row)
                for user_id in people.in_audiences(audiences):
                    notes.append(_notification(user_id, position, key, kind, row, event))
            changed_files.add(key)
        writer = writer_for(connection)

        def file_values(row, columns):
            return tuple(writer.timestamp(row[name]) if name in _FILE_TIMESTAMPS else row[name]
                         for name in columns)

        new_files = [file_values(files[key], _FILE_COLUMNS)
                     for key in sorted(changed_files - known_files)]
        changed = [(*file_values(files[key], _CHANGING), key)
                   for key in sorted(changed_files & known_files)]
        note_rows = [(*row[:5], writer.timestamp(row[5]), *row[6:]) for row in notes]
        ack_rows = [(*row[:5], writer.timestamp(row[5]), writer.timestamp(row[6]), row[7])
                    for row in acks]

        def write(connection) -> None:
            writer.insert(connection, desk_files, _FILE_COLUMNS, new_files)
            writer.update(connection, desk_files, "id", _CHANGING, changed)
            people.write(connection, writer)
            writer.insert(connection, notifications, _NOTIFICATION_COLUMNS, note_rows)
            writer.insert(connection, acknowledgements, _ACK_COLUMNS, ack_rows)
        return write


def notified(event_name: str, row: dict) -> tuple[str | None, list[tuple]]:
    """Who hears of an event, as (role, territory) audiences, given the file's state after
    it; the kind of notification they get."""
    level, commune, region = row["level"], row["commune"], row["region"]
    if event_name == "EscalatedToRegion":
        return "escalated", [(REGIONAL, region)]
    if event_name == "EscalatedToNational":
        return "escalated", [(NATIONAL_OFFICER, None)]
    if event_name == "ClarificationRequested":  # the level below answers
        return "clarification_requested", [
            (SECRETARY, commune) if level == REGION else (REGIONAL, region)]
    if event_name == "Clarified":  # back to the level that asked
        return "clarified", [(REGIONAL, region) if level == REGION else (NATIONAL_OFFICER, None)]
    if event_name in ("Accepted", "Declined") and level != COMMUNE:
        # The commune hears of the decision on its recommendation; a decision of the CRSS
        # goes to the region that sent the file up as well.
        told = [(SECRETARY, commune)] + ([(REGIONAL, region)] if level == NATIONAL else [])
        return event_name.lower(), told
    return None, []


def _load_files(connection, numbered_events) -> tuple[dict, set]:
    """The desk rows of files raised before this batch and touched by it."""
    raised_here = {id_text(event.originator_id) for _, event in numbered_events
                   if type(event).__name__ == "Raised"}
    wanted = list({id_text(event.originator_id) for _, event in numbered_events
                   if aggregate_kind(event) == "Recommendation"} - raised_here)
    files = {}
    for start in range(0, len(wanted), 500):  # under SQLite's bound-parameter limit
        for row in connection.execute(select(desk_files).where(
                desk_files.c.id.in_(wanted[start:start + 500]))):
            files[row.id] = dict(row._mapping)
    return files, set(files)


def _raised(key: str, event) -> dict:
    return {"id": key, "title": event.title, "commune": event.commune,
            "region": event.region, "level": COMMUNE, "status": OPEN, "due_by": None,
            "escalated_at": None, "reason": None, "since": event.timestamp}


def _fold(row: dict, name: str, event) -> None:
    at = event.timestamp
    if name == "Amended":
        if "title" in event.changes:
            row["title"] = event.changes["title"]["after"]
        return
    row["since"] = at
    if name == "EscalatedToRegion":
        row.update(level=REGION, status=AWAITING_ACKNOWLEDGEMENT, region=event.region,
                   due_by=event.due_by, escalated_at=at, reason="escalated")
    elif name == "EscalatedToNational":
        row.update(level=NATIONAL, status=AWAITING_ACKNOWLEDGEMENT, due_by=event.due_by,
                   escalated_at=at, reason="escalated")
    elif name == "Acknowledged":
        row.update(status=ACKNOWLEDGED, due_by=None, reason=None)
    elif name == "Clarified":
        row.update(status=AWAITING_ACKNOWLEDGEMENT, due_by=event.due_by, reason="clarified")
    elif name == "Reopened":
        row.update(level=COMMUNE, status=OPEN, due_by=None, escalated_at=None, reason=None)
    elif name in _STATUS_AFTER:
        row["status"] = _STATUS_AFTER[name]


def _acknowledgement(position: int, key: str, row: dict, event) -> tuple:
    escalated_at = row["escalated_at"]
    seconds = (event.timestamp - escalated_at).total_seconds()
    return (position, key, row["level"], row["commune"], row["region"], escalated_at,
            event.timestamp, seconds)


def _notification(user_id: str, position: int, key: str, kind: str, row: dict, event) -> tuple:
    actor = getattr(event, "actor", None) or {}
    return (user_id, position, key, kind, row["level"], event.timestamp, row["title"],
            actor.get("display_name"))


class _People:
    """The accounts a batch may notify, indexed by (role, territory)."""

    def __init__(self, rows: dict[str, dict], known: set[str]):
        self.rows, self.known, self.changed = rows, known, set()
        self.audiences: dict[tuple, set[str]] = {}
        for user_id, row in rows.items():
            self._index(user_id, row)

    @classmethod
    def load(cls, connection, numbered_events) -> "_People":
        # Only when the batch may notify someone or changes an account: a page's catch-up
        # of one note reads nothing here.
        if not any(aggregate_kind(event) == "UserAccount"
                   or type(event).__name__ in _NOTIFYING for _, event in numbered_events):
            return cls({}, set())
        rows = {row.user_id: dict(row._mapping) for row in connection.execute(select(desk_people))}
        return cls(rows, set(rows))

    def fold(self, event) -> None:
        user_id, name = id_text(event.originator_id), type(event).__name__
        row = self.rows.get(user_id)
        if row is not None:
            self._unindex(user_id, row)
        if name == "Opened":
            row = self.rows[user_id] = {"user_id": user_id, "role": event.role,
                                        "commune": event.commune, "region": event.region,
                                        "active": True}
        elif row is None:  # an account opened before the desk existed cannot be: replayed
            return
        elif name == "RoleChanged":
            row.update(role=event.role, commune=event.commune, region=event.region)
        else:
            row["active"] = name == "Enabled"
        self.changed.add(user_id)
        self._index(user_id, row)

    def in_audiences(self, audiences: list[tuple]) -> list[str]:
        found = []
        for audience in audiences:
            found.extend(sorted(self.audiences.get(audience, ())))
        return found

    def write(self, connection, writer) -> None:
        rows = [tuple(self.rows[user_id][name] for name in _PEOPLE_COLUMNS)
                for user_id in sorted(self.changed)]
        writer.insert(connection, desk_people, _PEOPLE_COLUMNS,
                      [row for row in rows if row[0] not in self.known])
        writer.update(connection, desk_people, "user_id", _PEOPLE_COLUMNS[1:],
                      [(*row[1:], row[0]) for row in rows if row[0] in self.known])

    @staticmethod
    def _audience(row: dict) -> tuple | None:
        if not row["active"]:
            return None
        if row["role"] == SECRETARY:
            return SECRETARY, row["commune"]
        if row["role"] == REGIONAL:
            return REGIONAL, row["region"]
        if row["role"] == NATIONAL_OFFICER:
            return NATIONAL_OFFICER, None
        return None  # auditors and administrators are never asked to act

    def _index(self, user_id: str, row: dict) -> None:
        audience = self._audience(row)
        if audience is not None:
            self.audiences.setdefault(audience, set()).add(user_id)

    def _unindex(self, user_id: str, row: dict) -> None:
        audience = self._audience(row)
        if audience is not None:
            self.audiences.get(audience, set()).discard(user_id)
