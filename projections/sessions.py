"""The sessions of the CCS: one row per session, its attendance summed up (women, men,
youth) for the dashboards, and how many recommendations came out of it.

The session's own state is the domain's fold (domain/session.py ``session_changes``); the
count of recommendations follows the files that join a session (``AttachedToSession``),
one at raise for a file raised from its session, or later for one attached to it."""

from __future__ import annotations

from sqlalchemy import select

from domain.recommendation import Recommendation
from domain.session import Session, session_changes
from domain.vocabulary import ATTENDANCE_GROUPS
from projections.bulk import writer_for
from projections.events import (
    ACCOUNT_EVENTS, NUMBERING_EVENTS, RECOMMENDATION_EVENTS, REFERENCE_EVENTS, SESSION_EVENTS,
    id_text,
)
from storage.tables import sessions

_COLUMNS = tuple(column.name for column in sessions.columns)
_TIMESTAMPS = frozenset({"recorded_at", "last_activity"})
_DATES = frozenset({"held_on"})
_FOLDED = frozenset(_COLUMNS)
_JOINING = frozenset({Recommendation.AttachedToSession})


class SessionsProjection:
    name = "sessions"
    version = 1
    tables = (sessions,)
    handled = SESSION_EVENTS | _JOINING
    ignored = ((RECOMMENDATION_EVENTS - _JOINING) | ACCOUNT_EVENTS | REFERENCE_EVENTS
               | NUMBERING_EVENTS)
    replay_weight = 0  # a session a month per commune
    held: dict[str, dict] | None = None  # a rebuild's rows, in memory (``hold``)

    def hold(self) -> None:
        self.held = {}

    def release(self, connection) -> None:
        writer = writer_for(connection)
        held, self.held = self.held, None
        as_row = writer.row_maker(_COLUMNS, _TIMESTAMPS, _DATES)
        writer.insert(connection, sessions, _COLUMNS,
                      [as_row(_stored(writer, held[key])) for key in sorted(held)])

    def prepare(self, connection, numbered_events):
        if self.held is None:
            rows, known = self._rows(connection, numbered_events)
        else:  # copies: the write keeps them
            rows = {key: dict(self.held[key]) for key in _wanted(numbered_events)
                    if key in self.held}
            known = set()
        changed: set[str] = set()
        for _, event in numbered_events:
            if type(event) in _JOINING:
                key = event.session_id
                if key in rows:  # a session this log knows (always, but for hand-made logs)
                    rows[key]["recommendations"] += 1
                    changed.add(key)
                continue
            key = id_text(event.originator_id)
            if type(event) is Session.Recorded:
                rows[key] = {"id": key, "recommendations": 0, "recorded_at": event.timestamp}
            row, changes = rows[key], session_changes(event)
            row.update({name: value for name, value in changes.items() if name in _FOLDED})
            if "minutes" in changes:  # the text is the aggregate's; the board says if any
                row["has_minutes"] = bool(changes["minutes"])
            row.update(_attendance_totals(row["attendance"]),
                       last_activity=event.timestamp, version=event.originator_version)
            changed.add(key)
        if self.held is not None:
            held = self.held
            return lambda connection: held.update((key, rows[key]) for key in changed)
        writer = writer_for(connection)
        as_row = writer.row_maker(_COLUMNS, _TIMESTAMPS, _DATES)
        new = [as_row(_stored(writer, rows[key])) for key in sorted(changed - known)]
        updated = [(*as_row(_stored(writer, rows[key]))[1:], key)
                   for key in sorted(changed & known)]

        def write(connection) -> None:
            writer.insert(connection, sessions, _COLUMNS, new)
            writer.update(connection, sessions, "id", _COLUMNS[1:], updated)
        return write

    @staticmethod
    def _rows(connection, numbered_events) -> tuple[dict, set]:
        """The rows of sessions recorded before this batch that it touches."""
        rows = {}
        keys = sorted(_wanted(numbered_events))
        for start in range(0, len(keys), 500):
            for row in connection.execute(select(sessions).where(
                    sessions.c.id.in_(keys[start:start + 500]))):
                rows[row.id] = dict(row._mapping)
        return rows, set(rows)


def _wanted(numbered_events) -> set[str]:
    """The sessions recorded before this batch that it touches."""
    return {event.session_id if type(event) in _JOINING else id_text(event.originator_id)
            for _, event in numbered_events if type(event) is not Session.Recorded}


def _attendance_totals(attendance: dict | None) -> dict:
    attendance = attendance or {}
    counts = [attendance.get(group) or {} for group in ATTENDANCE_GROUPS]
    return {"women": sum(count.get("women", 0) for count in counts),
            "men": sum(count.get("men", 0) for count in counts),
            "youth": sum((attendance.get("jeunes") or {}).values())}


def _stored(writer, row: dict) -> dict:
    """The row with its JSON columns as the driver stores them."""
    return {**row, "agenda": writer.json(row["agenda"]),
            "attendance": None if row["attendance"] is None else writer.json(row["attendance"])}
