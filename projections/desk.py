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

from domain.account import UserAccount
from domain.fold import file_changes
from domain.recommendation import Recommendation as R
from domain.vocabulary import COMMUNE, NATIONAL, NATIONAL_OFFICER, REGION, REGIONAL, SECRETARY
from projections.bulk import writer_for
from projections.recent import KeepsRecentRows, RecentRows
from projections.events import (
    ACCOUNT_EVENTS, NUMBERING_EVENTS, RECOMMENDATION_EVENTS, REFERENCE_EVENTS, SESSION_EVENTS,
    id_text,
)
from storage.tables import acknowledgements, desk_files, desk_people, notifications

_FILE_COLUMNS = tuple(column.name for column in desk_files.columns)
_CHANGING = tuple(name for name in _FILE_COLUMNS if name not in ("id", "commune"))
_FILE_TIMESTAMPS = ("due_by", "escalated_at", "since", "chased_up_at")
_FILE_DATES = ("target_date",)
# The file's state the desk keeps, as the domain's fold gives it.
_FOLDED = frozenset({"title", "region", "level", "status", "due_by", "target_date"})
_PEOPLE_COLUMNS = ("user_id", "role", "commune", "region", "active")
_NOTIFICATION_COLUMNS = tuple(column.name for column in notifications.columns)
_ACK_COLUMNS = tuple(column.name for column in acknowledgements.columns)
_PEOPLE_EVENTS = frozenset({UserAccount.Opened, UserAccount.RoleChanged,
                            UserAccount.Disabled, UserAccount.Enabled})
# Events that tell someone: the people to look up when a batch holds one.
_NOTIFYING = frozenset({R.EscalatedToRegion, R.EscalatedToNational, R.ClarificationRequested,
                        R.Clarified, R.Accepted, R.Declined, R.ChasedUp})
# Events that change nothing the desk keeps.
_UNUSED = frozenset({R.Noted, R.FollowedUp, R.ProgressReported, R.AttachedToSession,
                     R.ReferenceAssigned})


class DeskProjection(KeepsRecentRows):
    name = "desk"
    version = 2  # 2: target dates and chase-ups
    tables = (desk_files, desk_people, notifications, acknowledgements)
    handled = (RECOMMENDATION_EVENTS - _UNUSED) | _PEOPLE_EVENTS
    ignored = (_UNUSED | (ACCOUNT_EVENTS - _PEOPLE_EVENTS) | REFERENCE_EVENTS | SESSION_EVENTS
               | NUMBERING_EVENTS)
    replay_weight = 1
    # A rebuild's files and people, kept in memory (``hold``) and inserted by ``release``.
    held: dict[str, dict] | None = None
    held_people: "_People | None" = None

    def hold(self) -> None:
        self.held, self.held_people = {}, _People({}, set())

    def release(self, connection) -> None:
        writer = writer_for(connection)
        held, self.held = self.held, None
        writer.insert(connection, desk_files, _FILE_COLUMNS,
                      [_file_values(writer, held.pop(key), _FILE_COLUMNS) for key in sorted(held)])
        people, self.held_people = self.held_people, None
        people.write(connection, writer)

    def __init__(self):
        # The rows this process wrote last (projections/recent.py): files, and everyone.
        self.recent, self.recent_people = RecentRows(), RecentRows(most=1)
        self.kept = (self.recent, self.recent_people)

    def prepare(self, connection, numbered_events):
        if self.held is None:
            files, known_files = _load_files(connection, numbered_events, self.recent)
            people = _People.load(connection, numbered_events, self.recent_people)
        else:  # copies: the write keeps them (a batch may be applied again event by event)
            files, known_files = _held_files(self.held, numbered_events), set()
            # Account events set values: folding one again gives the same people.
            people = self.held_people
        changed_files: set[str] = set()
        notes, acks = [], []
        for position, event in numbered_events:
            if type(event) in _PEOPLE_EVENTS:
                people.fold(event)
                continue
            key = id_text(event.originator_id)
            if type(event) is R.Raised:
                files[key] = _raised(key, event)
            else:
                row = files[key]
                if type(event) is R.Acknowledged:
                    acks.append(_acknowledgement(position, key, row, event))
                _fold(row, event)
                kind, audiences = notified(event, row)
                for user_id in people.in_audiences(audiences):
                    notes.append(_notification(user_id, position, key, kind, row, event))
            changed_files.add(key)
        writer = writer_for(connection)
        note_rows = [(*row[:5], writer.timestamp(row[5]), *row[6:]) for row in notes]
        ack_rows = [(*row[:5], writer.timestamp(row[5]), writer.timestamp(row[6]), row[7])
                    for row in acks]
        if self.held is not None:
            held = self.held

            def write_held(connection) -> None:
                writer.insert(connection, notifications, _NOTIFICATION_COLUMNS, note_rows)
                writer.insert(connection, acknowledgements, _ACK_COLUMNS, ack_rows)
                held.update((key, files[key]) for key in changed_files)
            return write_held
        new_files = [_file_values(writer, files[key], _FILE_COLUMNS)
                     for key in sorted(changed_files - known_files)]
        changed = [(*_file_values(writer, files[key], _CHANGING), key)
                   for key in sorted(changed_files & known_files)]

        def write(connection) -> None:
            writer.insert(connection, desk_files, _FILE_COLUMNS, new_files)
            writer.update(connection, desk_files, "id", _CHANGING, changed)
            people.write(connection, writer)
            writer.insert(connection, notifications, _NOTIFICATION_COLUMNS, note_rows)
            writer.insert(connection, acknowledgements, _ACK_COLUMNS, ack_rows)
            self.recent.note({key: files[key] for key in changed_files})
            if people.loaded:
                self.recent_people.note({_EVERYONE: people.rows})
        return write


def notified(event, row: dict) -> tuple[str | None, list[tuple]]:
    """Who hears of an event, as (role, territory) audiences, given the file's state after
    it; the kind of notification they get."""
    level, commune, region = row["level"], row["commune"], row["region"]
    kind = type(event)
    if kind is R.EscalatedToRegion:
        return "escalated", [(REGIONAL, region)]
    if kind is R.EscalatedToNational:
        return "escalated", [(NATIONAL_OFFICER, None)]
    if kind is R.ClarificationRequested:  # the level below answers
        return "clarification_requested", [
            (SECRETARY, commune) if level == REGION else (REGIONAL, region)]
    if kind is R.Clarified:  # back to the level that asked
        return "clarified", [(REGIONAL, region) if level == REGION else (NATIONAL_OFFICER, None)]
    if kind is R.ChasedUp:  # the owner of the level that holds the file
        return "chased_up", [(REGIONAL, region) if level == REGION else (NATIONAL_OFFICER, None)]
    if kind in (R.Accepted, R.Declined) and level != COMMUNE:
        # The commune hears of the decision on its recommendation; a decision of the CRSS
        # goes to the region that sent the file up as well.
        told = [(SECRETARY, commune)] + ([(REGIONAL, region)] if level == NATIONAL else [])
        return ("accepted" if kind is R.Accepted else "declined"), told
    return None, []


def _file_values(writer, row: dict, columns) -> tuple:
    return tuple(writer.timestamp(row[name]) if name in _FILE_TIMESTAMPS else
                 writer.date(row[name]) if name in _FILE_DATES else row[name]
                 for name in columns)


def _held_files(held: dict, numbered_events) -> dict:
    """Copies of the held rows of the files a batch continues."""
    return {key: dict(held[key]) for key in {
        id_text(event.originator_id) for _, event in numbered_events
        if type(event) in RECOMMENDATION_EVENTS and type(event) is not R.Raised}
        if key in held}


def _load_files(connection, numbered_events, recent: RecentRows) -> tuple[dict, set]:
    """The desk rows of files raised before this batch and touched by it: those this
    process wrote last from memory, the others from the table."""
    raised_here = {id_text(event.originator_id) for _, event in numbered_events
                   if type(event) is R.Raised}
    touched = {id_text(event.originator_id) for _, event in numbered_events
               if type(event) in RECOMMENDATION_EVENTS} - raised_here
    files = {key: row for key in touched if (row := recent.get(key)) is not None}
    wanted = [key for key in touched if key not in files]
    for start in range(0, len(wanted), 500):  # under SQLite's bound-parameter limit
        for row in connection.execute(select(desk_files).where(
                desk_files.c.id.in_(wanted[start:start + 500]))):
            files[row.id] = dict(row._mapping)
    return files, set(files)


def _raised(key: str, event) -> dict:
    row = {name: value for name, value in file_changes(event).items()
           if name in _FOLDED or name == "commune"}
    row.update(id=key, escalated_at=None, reason=None, since=event.timestamp,
               chased_up_at=None)
    return row


def _fold(row: dict, event) -> None:
    """The fold's changes the desk keeps, then the desk's own: when the file entered its
    state, why it waits, when it was sent up, whether it was chased up since."""
    changes = file_changes(event)
    row.update({name: value for name, value in changes.items() if name in _FOLDED})
    if "level" in changes or "status" in changes:  # the file moved
        row.update(since=event.timestamp, chased_up_at=None)
        _DESK_MOVES.get(type(event), _no_more)(row, event)
    elif type(event) is R.ChasedUp:
        row["chased_up_at"] = event.timestamp


def _escalated(row: dict, event) -> None:
    row.update(escalated_at=event.timestamp, reason="escalated")


def _no_more(row: dict, event) -> None:
    """A move after which nothing is awaited for a reason the desk keeps."""


# The desk's own columns after the moves that set them.
_DESK_MOVES = {
    R.EscalatedToRegion: _escalated,
    R.EscalatedToNational: _escalated,
    R.Acknowledged: lambda row, event: row.update(reason=None),
    R.Clarified: lambda row, event: row.update(reason="clarified"),
    R.Reopened: lambda row, event: row.update(escalated_at=None, reason=None),
}


def _acknowledgement(position: int, key: str, row: dict, event) -> tuple:
    escalated_at = row["escalated_at"]
    seconds = (event.timestamp - escalated_at).total_seconds()
    return (position, key, row["level"], row["commune"], row["region"], escalated_at,
            event.timestamp, seconds)


def _notification(user_id: str, position: int, key: str, kind: str, row: dict, event) -> tuple:
    actor = getattr(event, "actor", None) or {}
    return (user_id, position, key, kind, row["level"], event.timestamp, row["title"],
            actor.get("display_name"))


# The key under which the desk keeps everyone's rows (RecentRows of one entry).
_EVERYONE = "everyone"


class _People:
    """The accounts a batch may notify, indexed by (role, territory)."""

    def __init__(self, rows: dict[str, dict], known: set[str], loaded: bool = False):
        # loaded: ``rows`` are everyone's (not only those the batch opened).
        self.rows, self.known, self.changed, self.loaded = rows, known, set(), loaded
        self.audiences: dict[tuple, set[str]] = {}
        for user_id, row in rows.items():
            self._index(user_id, row)

    @classmethod
    def load(cls, connection, numbered_events, recent: RecentRows) -> "_People":
        # Only when the batch may notify someone or changes an account: a page's catch-up
        # of one note reads nothing here. Everyone, as this process wrote them last, or
        # from the table.
        if not any(type(event) in _PEOPLE_EVENTS or type(event) in _NOTIFYING
                   for _, event in numbered_events):
            return cls({}, set())
        everyone = recent.get(_EVERYONE)
        if everyone is not None:
            rows = {user_id: dict(row) for user_id, row in everyone.items()}
        else:
            rows = {row.user_id: dict(row._mapping)
                    for row in connection.execute(select(desk_people))}
        return cls(rows, set(rows), loaded=True)

    def fold(self, event) -> None:
        user_id, kind = id_text(event.originator_id), type(event)
        row = self.rows.get(user_id)
        if row is not None:
            self._unindex(user_id, row)
        if kind is UserAccount.Opened:
            row = self.rows[user_id] = {"user_id": user_id, "role": event.role,
                                        "commune": event.commune, "region": event.region,
                                        "active": True}
        elif row is None:  # an account opened before the desk existed cannot be: replayed
            return
        elif kind is UserAccount.RoleChanged:
            row.update(role=event.role, commune=event.commune, region=event.region)
        else:
            row["active"] = kind is UserAccount.Enabled
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
