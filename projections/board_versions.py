"""The board through time: every version of every row, each valid from the time of its
event until the next one, so the board of any past moment is one query (``as_of``)."""

from __future__ import annotations

from sqlalchemy import Date, bindparam, select

from projections.board import _fold, _raised_row
from projections.bulk import writer_for
from projections.events import aggregate_kind, id_text
from projections.schema import UTCDateTime, board_versions

_COLUMNS = tuple(column.name for column in board_versions.columns)
_TIMESTAMPS = frozenset(column.name for column in board_versions.columns
                        if isinstance(column.type, UTCDateTime))
_DATES = frozenset(column.name for column in board_versions.columns
                   if isinstance(column.type, Date))


class BoardVersionsProjection:
    name = "board_versions"
    tables = (board_versions,)

    def handles(self, event) -> bool:
        return aggregate_kind(event) == "Recommendation"

    def apply(self, connection, numbered_events) -> None:
        if not numbered_events:
            return
        current = self._current(connection, {
            id_text(event.originator_id) for _, event in numbered_events
            if event.originator_version > 1})
        closed_before: list[tuple] = []  # versions of earlier batches this batch ends
        versions: list[dict] = []
        latest: dict[str, dict] = {}
        for _, event in numbered_events:
            key = id_text(event.originator_id)
            if type(event).__name__ == "Raised":
                row = _raised_row(event)
            else:
                previous = latest.get(key)
                if previous is None:
                    previous = current[key]
                    closed_before.append((event.timestamp, key, previous["version"]))
                else:
                    previous["valid_to"] = event.timestamp
                row = dict(previous)
                _fold(row, event)
            row.update(valid_from=event.timestamp, valid_to=None)
            latest[key] = row
            versions.append(row)
        writer = writer_for(connection)
        writer.insert(connection, board_versions, _COLUMNS,
                      [tuple(_convert(writer, name, row.get(name)) for name in _COLUMNS)
                       for row in versions])
        if closed_before:
            connection.execute(
                board_versions.update()
                .where(board_versions.c.id == bindparam("key"),
                       board_versions.c.version == bindparam("old_version"))
                .values(valid_to=bindparam("ended")),
                [{"ended": ended, "key": key, "old_version": version}
                 for ended, key, version in closed_before])

    @staticmethod
    def _current(connection, keys: set[str]) -> dict[str, dict]:
        rows, keys = {}, sorted(keys)
        for start in range(0, len(keys), 500):
            for row in connection.execute(select(board_versions).where(
                    board_versions.c.id.in_(keys[start:start + 500]),
                    board_versions.c.valid_to.is_(None))):
                rows[row.id] = dict(row._mapping)
        return rows


def _convert(writer, name: str, value):
    if name in _TIMESTAMPS:
        return writer.timestamp(value)
    if name in _DATES:
        return writer.date(value)
    return value
