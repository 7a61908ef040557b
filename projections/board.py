"""The board: one row per recommendation, folded from its events in batches.

A batch is folded in memory. Files raised in the batch become whole rows, inserted with
one executemany. For files raised earlier only what changed is written: most events
move a few columns (status, level, due time, version), so there is no need to read the
row first. The exception is a change of the title, the description or the reference,
whose search text needs the others: those few rows are read.

What an event changes is the domain's fold (domain/fold.py), kept to the board's columns."""

from __future__ import annotations

from sqlalchemy import select

from domain.catalogue import FILE_EVENTS_WITHOUT_COMMAND
from domain.fold import file_changes
from domain.recommendation import Recommendation
from projections.bulk import writer_for
from projections.events import (
    ACCOUNT_EVENTS, NUMBERING_EVENTS, RECOMMENDATION_EVENTS, REFERENCE_EVENTS, SESSION_EVENTS,
    id_text,
)
from projections.text import searchable
from storage.tables import board

_COLUMNS = tuple(column.name for column in board.columns)
_FOLDED = frozenset(_COLUMNS)
_TIMESTAMPS = frozenset({"due_by", "raised_at", "last_activity"})
_DATES = frozenset({"meeting_date", "target_date"})
# What the board's search finds a file by, each a column of its own too.
_SEARCHED = ("reference", "title", "description")
# The operator's bookkeeping (a reference given to an older file) is no activity on the file:
# it must not bring every older file to the top of the board.
_NOT_ACTIVITY = frozenset(FILE_EVENTS_WITHOUT_COMMAND)


class BoardProjection:
    name = "board"
    version = 4  # 2: the progress column; 3: the session a file came from; 4: its reference
    tables = (board,)
    handled = RECOMMENDATION_EVENTS
    ignored = ACCOUNT_EVENTS | REFERENCE_EVENTS | SESSION_EVENTS | NUMBERING_EVENTS
    replay_weight = 2  # the most Python per event: a rebuild balances its two processes
    held: dict[str, dict] | None = None  # a rebuild's rows, kept in memory (``hold``)

    def hold(self) -> None:
        """From now on (a rebuild from empty), keep the rows in memory: each batch folds
        into them, and ``release`` inserts them all at the end, never an update."""
        self.held = {}

    def release(self, connection) -> None:
        """Insert the rows held since ``hold``, in id order, and stop holding."""
        writer = writer_for(connection)
        whole_row = writer.row_maker(_COLUMNS, _TIMESTAMPS, _DATES)
        held, self.held = self.held, None
        writer.insert(connection, board, _COLUMNS,
                      [whole_row(held.pop(key)) for key in sorted(held)])

    def prepare(self, connection, numbered_events):
        """Fold a batch in memory; the write is a few executemany statements."""
        if self.held is not None:
            return self._prepare_held(numbered_events)
        # Files raised in this batch: whole rows; raised before: the columns that changed.
        rows, raised = _folded(numbered_events, lambda key: {})
        new_rows = {key: row for key, row in rows.items() if key in raised}
        changes = {key: row for key, row in rows.items() if key not in raised}
        for row in new_rows.values():
            row["search_text"] = searchable(*(row[name] for name in _SEARCHED))
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

    def _prepare_held(self, numbered_events):
        """The same fold, on copies of the held rows: the write keeps them (so a batch
        applied again one event at a time, see batch.py, starts from the same rows)."""
        held = self.held
        rows, _ = _folded(numbered_events, lambda key: dict(held[key]))
        for key, row in rows.items():
            before = held.get(key)
            if before is None or any(row[name] != before[name] for name in _SEARCHED):
                row["search_text"] = searchable(*(row[name] for name in _SEARCHED))
        return lambda connection: held.update(rows)

    @staticmethod
    def _add_search_text(connection, changes: dict[str, dict]) -> None:
        """A changed title, description or reference: the search text needs all three,
        so read those that did not change."""
        amended = [key for key, change in changes.items()
                   if any(name in change for name in _SEARCHED)]
        for start in range(0, len(amended), 500):  # under SQLite's bound-parameter limit
            chunk = amended[start:start + 500]
            stored = connection.execute(select(board.c.id, *(board.c[name] for name in _SEARCHED))
                                        .where(board.c.id.in_(chunk)))
            for key, *values in stored:
                change = changes[key]
                change["search_text"] = searchable(*(change.get(name, value) for name, value
                                                     in zip(_SEARCHED, values)))


def _folded(numbered_events, earlier) -> tuple[dict[str, dict], set[str]]:
    """Each file's row after the batch, and the files raised in it: a file raised here
    starts from its whole row, any other from ``earlier(key)`` (its changed columns only,
    or a copy of the row a rebuild holds)."""
    rows: dict[str, dict] = {}
    raised: set[str] = set()
    for _, event in numbered_events:
        key = id_text(event.originator_id)
        if type(event) is Recommendation.Raised:
            rows[key] = raised_row(event)
            raised.add(key)
            continue
        row = rows.get(key)
        if row is None:
            row = rows[key] = earlier(key)
        fold(row, event)
    return rows, raised


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


def raised_row(event) -> dict:
    """The whole board row of a file just raised (its search text set later)."""
    row = {name: value for name, value in file_changes(event).items() if name in _FOLDED}
    row.update(id=id_text(event.originator_id), raised_at=event.timestamp,
               last_activity=event.timestamp, version=event.originator_version,
               search_text=None)
    return row


def fold(row: dict, event) -> None:
    """Apply one event to a whole row, or to the dict of a row's changed columns: the
    fold's changes to the board's columns, and the version and last activity."""
    row["version"] = event.originator_version
    if type(event) not in _NOT_ACTIVITY:
        row["last_activity"] = event.timestamp
    for name, value in file_changes(event).items():
        if name in _FOLDED:
            row[name] = value
