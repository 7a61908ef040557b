"""The board: one row per recommendation, folded from its events in batches."""

from __future__ import annotations

from sqlalchemy import bindparam, insert, select, update

from domain.vocabulary import (
    ACCEPTED, ACKNOWLEDGED, AWAITING_ACKNOWLEDGEMENT, CLARIFICATION_REQUESTED, COMMUNE,
    DECLINED, IMPLEMENTED, NATIONAL, OPEN, REGION, WITHDRAWN,
)
from projections.events import aggregate_kind, event_name
from projections.schema import board
from projections.text import searchable

# Events that only move the status (the level stays where it is).
_STATUS_AFTER = {
    "Acknowledged": ACKNOWLEDGED,
    "ClarificationRequested": CLARIFICATION_REQUESTED,
    "Accepted": ACCEPTED,
    "Declined": DECLINED,
    "ImplementationReported": IMPLEMENTED,
    "Withdrawn": WITHDRAWN,
}
_COLUMNS = [column.name for column in board.columns]


class BoardProjection:
    name = "board"
    tables = (board,)

    def handles(self, event) -> bool:
        return aggregate_kind(event) == "Recommendation"

    def apply(self, connection, numbered_events) -> None:
        """Fold a batch in memory, then write it with two executemany statements."""
        events = [event for _, event in numbered_events]
        created = {e.originator_id for e in events if event_name(e) == "Raised"}
        rows = self._load(connection, {e.originator_id for e in events} - created)
        known = set(rows)
        for event in events:
            key = str(event.originator_id)
            if event_name(event) == "Raised":
                rows[key] = _raised_row(event)
            else:
                _fold(rows[key], event)
        new_rows = [row for key, row in rows.items() if key not in known]
        changed = [{**row, "row_id": key} for key, row in rows.items() if key in known]
        if new_rows:
            connection.execute(insert(board), new_rows)
        if changed:
            connection.execute(
                update(board).where(board.c.id == bindparam("row_id"))
                .values({name: bindparam(name) for name in _COLUMNS if name != "id"}),
                changed)

    @staticmethod
    def _load(connection, ids) -> dict:
        rows, ids = {}, [str(i) for i in ids]
        for start in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
            chunk = ids[start:start + 500]
            for row in connection.execute(select(board).where(board.c.id.in_(chunk))):
                rows[row.id] = dict(row._mapping)
        return rows


def _raised_row(event) -> dict:
    return {
        "id": str(event.originator_id), "title": event.title,
        "description": event.description, "commune": event.commune,
        "region": event.region, "level": COMMUNE, "status": OPEN, "theme": event.theme,
        "origin_group": event.origin_group, "meeting_date": event.meeting_date,
        "due_by": None, "target_date": None, "raised_at": event.timestamp,
        "last_activity": event.timestamp, "version": event.originator_version,
        "search_text": searchable(event.title, event.description),
    }


def _fold(row: dict, event) -> None:
    name = event_name(event)
    row["version"], row["last_activity"] = event.originator_version, event.timestamp
    if name == "Amended":
        for field, change in event.changes.items():
            row[field] = change["after"]
        row["search_text"] = searchable(row["title"], row["description"])
    elif name == "EscalatedToRegion":
        row.update(level=REGION, status=AWAITING_ACKNOWLEDGEMENT, region=event.region,
                   due_by=event.due_by)
    elif name == "EscalatedToNational":
        row.update(level=NATIONAL, status=AWAITING_ACKNOWLEDGEMENT, due_by=event.due_by)
    elif name == "Clarified":
        row.update(status=AWAITING_ACKNOWLEDGEMENT, due_by=event.due_by)
    elif name == "Reopened":
        row.update(level=COMMUNE, status=OPEN, due_by=None, target_date=None)
    elif name in _STATUS_AFTER:
        row["status"] = _STATUS_AFTER[name]
        if name == "Acknowledged":
            row["due_by"] = None
        if name == "Accepted":
            row["target_date"] = event.target_date
