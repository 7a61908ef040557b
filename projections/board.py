"""The board: one row per recommendation, folded from its events in batches.

A batch is folded in memory. Files raised in the batch become whole rows, inserted with
one executemany. For files raised earlier only what changed is written: most events
move a few columns (status, level, due time, version), so there is no need to read the
row first. The exception is an amendment of the title or description, whose search text
needs the other one: those few rows are read."""

from __future__ import annotations

from sqlalchemy import select

from domain.vocabulary import (
    ACCEPTED, ACKNOWLEDGED, AWAITING_ACKNOWLEDGEMENT, CLARIFICATION_REQUESTED, COMMUNE,
    DECLINED, IMPLEMENTED, NATIONAL, OPEN, REGION, WITHDRAWN,
)
from projections.bulk import writer_for
from projections.events import aggregate_kind, id_text
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
_COLUMNS = tuple(column.name for column in board.columns)
_TIMESTAMPS = frozenset({"due_by", "raised_at", "last_activity"})
_DATES = frozenset({"meeting_date", "target_date"})
_TEXT = ("title", "description")


class BoardProjection:
    name = "board"
    tables = (board,)
    kind = "Recommendation"

    def handles(self, event) -> bool:
        return aggregate_kind(event) == self.kind

    def apply(self, connection, numbered_events) -> None:
        """Fold a batch in memory, then write it with a few executemany statements."""
        new_rows: dict[str, dict] = {}  # raised in this batch: whole rows
        changes: dict[str, dict] = {}   # raised before: the columns that changed
        for _, event in numbered_events:
            key = id_text(event.originator_id)
            if type(event).__name__ == "Raised":
                new_rows[key] = _raised_row(event)
            else:
                row = new_rows.get(key)
                _fold(row if row is not None else changes.setdefault(key, {}), event)
        for row in new_rows.values():
            row["search_text"] = searchable(row["title"], row["description"])
        self._add_search_text(connection, changes)
        writer = writer_for(connection)
        writer.insert(connection, board, _COLUMNS,
                      [_values(writer, _COLUMNS, row) for row in new_rows.values()])
        for columns, rows in _by_columns(writer, changes).items():
            writer.update(connection, board, "id", columns, rows)

    @staticmethod
    def _add_search_text(connection, changes: dict[str, dict]) -> None:
        """Amended titles or descriptions: the search text needs both, so read the one
        that did not change."""
        amended = [key for key, change in changes.items()
                   if "title" in change or "description" in change]
        for start in range(0, len(amended), 500):  # under SQLite's bound-parameter limit
            chunk = amended[start:start + 500]
            stored = connection.execute(select(board.c.id, board.c.title, board.c.description)
                                        .where(board.c.id.in_(chunk)))
            for key, title, description in stored:
                change = changes[key]
                change["search_text"] = searchable(change.get("title", title),
                                                   change.get("description", description))


def _values(writer, columns: tuple[str, ...], row: dict) -> tuple:
    values = []
    for name in columns:
        value = row[name]
        if name in _TIMESTAMPS:
            value = writer.timestamp(value)
        elif name in _DATES:
            value = writer.date(value)
        values.append(value)
    return tuple(values)


def _by_columns(writer, changes: dict[str, dict]) -> dict[tuple, list[tuple]]:
    """Changes grouped by the set of columns they touch, one UPDATE statement per set;
    rows in id order, so the updates walk the primary key index forwards."""
    groups: dict[tuple, list[tuple]] = {}
    for key in sorted(changes):
        change = changes[key]
        columns = tuple(sorted(change))
        groups.setdefault(columns, []).append((*_values(writer, columns, change), key))
    return groups


def _raised_row(event) -> dict:
    return {
        "id": id_text(event.originator_id), "title": event.title,
        "description": event.description, "commune": event.commune,
        "region": event.region, "level": COMMUNE, "status": OPEN, "theme": event.theme,
        "origin_group": event.origin_group, "meeting_date": event.meeting_date,
        "due_by": None, "target_date": None, "raised_at": event.timestamp,
        "last_activity": event.timestamp, "version": event.originator_version,
        "search_text": None,  # set once the batch is folded
    }


def _fold(row: dict, event) -> None:
    """Apply one event to a whole row, or to the dict of a row's changed columns."""
    name = type(event).__name__
    row["version"], row["last_activity"] = event.originator_version, event.timestamp
    if name == "Amended":
        for field, change in event.changes.items():
            row[field] = change["after"]
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
