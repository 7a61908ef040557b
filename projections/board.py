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
from projections.text import searchable
from storage.tables import board

_COLUMNS = tuple(column.name for column in board.columns)
_TIMESTAMPS = frozenset({"due_by", "raised_at", "last_activity"})
_DATES = frozenset({"meeting_date", "target_date"})


class BoardProjection:
    name = "board"
    tables = (board,)
    kind = "Recommendation"
    replay_weight = 2  # the most Python per event: a rebuild balances its two processes

    def handles(self, event) -> bool:
        return aggregate_kind(event) == self.kind

    def prepare(self, connection, numbered_events):
        """Fold a batch in memory; the write is a few executemany statements."""
        new_rows: dict[str, dict] = {}  # raised in this batch: whole rows
        changes: dict[str, dict] = {}   # raised before: the columns that changed
        for _, event in numbered_events:
            key = id_text(event.originator_id)
            if type(event).__name__ == "Raised":
                new_rows[key] = _raised_row(event)
                continue
            row = new_rows.get(key)
            if row is None:
                row = changes.get(key)
                if row is None:
                    row = changes[key] = {}
            _fold(row, event)
        for row in new_rows.values():
            row["search_text"] = searchable(row["title"], row["description"])
        self._add_search_text(connection, changes)
        writer = writer_for(connection)
        whole_row = writer.row_maker(_COLUMNS, _TIMESTAMPS, _DATES)
        inserted = [whole_row(row) for row in new_rows.values()]
        updated = _by_columns(writer, changes)

        def write(connection) -> None:
            writer.insert(connection, board, _COLUMNS, inserted)
            for columns, rows in updated.items():
                writer.update(connection, board, "id", columns, rows)
        return write

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


def _by_columns(writer, changes: dict[str, dict]) -> dict[tuple, list[tuple]]:
    """Changes grouped by the set of columns they touch, one UPDATE statement per set;
    rows in id order, so the updates walk the primary key index forwards."""
    groups: dict[tuple, list[tuple]] = {}
    for key in sorted(changes):
        change = changes[key]
        change["id"] = key  # last in each tuple, for WHERE id = ?
        columns = tuple(change)
        rows = groups.get(columns)
        if rows is None:
            rows = groups[columns] = []
        rows.append(writer.row_maker(columns, _TIMESTAMPS, _DATES)(change))
    # The key was put last in each tuple; the statements set the other columns.
    return {columns[:-1]: rows for columns, rows in groups.items()}


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
    row["version"], row["last_activity"] = event.originator_version, event.timestamp
    fold = _FOLDS.get(type(event).__name__)
    if fold:
        fold(row, event)


def _amended(row: dict, event) -> None:
    for field, change in event.changes.items():
        row[field] = change["after"]


def _moved_status(status: str, **also):
    def fold(row: dict, event) -> None:
        row["status"] = status
        row.update(also)
    return fold


def _accepted(row: dict, event) -> None:
    row["status"], row["target_date"] = ACCEPTED, event.target_date


# How each event changes a row (whole, or the dict of a row's changed columns); every
# event also sets the version and the last activity. Noted changes nothing else.
_FOLDS = {
    "Amended": _amended,
    "EscalatedToRegion": lambda row, event: row.update(
        level=REGION, status=AWAITING_ACKNOWLEDGEMENT, region=event.region,
        due_by=event.due_by),
    "EscalatedToNational": lambda row, event: row.update(
        level=NATIONAL, status=AWAITING_ACKNOWLEDGEMENT, due_by=event.due_by),
    "Clarified": lambda row, event: row.update(status=AWAITING_ACKNOWLEDGEMENT,
                                               due_by=event.due_by),
    "Reopened": lambda row, event: row.update(level=COMMUNE, status=OPEN, due_by=None,
                                              target_date=None),
    "Acknowledged": _moved_status(ACKNOWLEDGED, due_by=None),
    "ClarificationRequested": _moved_status(CLARIFICATION_REQUESTED),
    "Accepted": _accepted,
    "Declined": _moved_status(DECLINED),
    "ImplementationReported": _moved_status(IMPLEMENTED),
    "Withdrawn": _moved_status(WITHDRAWN),
}
