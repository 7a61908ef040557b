"""The board through time: every version of every row, each valid from the time of its
event until the next one, so the board of any past moment is one query (``as_of``).

Rows are kept in the form they are stored in (timestamps and dates as the bulk writer
writes them) from the moment they are read or built: a version is the version before it
with what its event changed, and nearly every event of a rebuild continues a file of an
earlier batch, whose last version is read back by its key, through the driver, without
converting each of its values twice."""

from __future__ import annotations

from operator import itemgetter

from sqlalchemy import Date

from domain.recommendation import Recommendation
from projections.board import fold, raised_row
from projections.bulk import writer_for
from projections.recent import KeepsRecentRows, RecentRows
from projections.events import (
    ACCOUNT_EVENTS, NUMBERING_EVENTS, RECOMMENDATION_EVENTS, REFERENCE_EVENTS, SESSION_EVENTS,
    id_text,
)
from storage.tables import board_versions
from storage.types import UTCDateTime

_COLUMNS = tuple(column.name for column in board_versions.columns)
_TIMESTAMPS = frozenset(column.name for column in board_versions.columns
                        if isinstance(column.type, UTCDateTime))
_DATES = frozenset(column.name for column in board_versions.columns
                   if isinstance(column.type, Date))
_as_stored_tuple = itemgetter(*_COLUMNS)
_READ_CHUNK = 400  # keys per read-back: two parameters each, well under SQLite's limit


class BoardVersionsProjection(KeepsRecentRows):
    name = "board_versions"
    version = 4  # 2, 3, 4: the board's progress, session and reference columns
    tables = (board_versions,)
    handled = RECOMMENDATION_EVENTS
    ignored = ACCOUNT_EVENTS | REFERENCE_EVENTS | SESSION_EVENTS | NUMBERING_EVENTS
    replay_weight = 1
    # A rebuild's last version of each file, kept in memory (``hold``): a version is
    # inserted once the next one ends it, the last ones by ``release``: never an update.
    held: dict[str, dict] | None = None

    def __init__(self):
        self.recent = RecentRows()  # each file's last version this process wrote
        self.kept = (self.recent,)

    def hold(self) -> None:
        self.held = {}

    def release(self, connection) -> None:
        writer = writer_for(connection)
        held, self.held = self.held, None
        writer.insert(connection, board_versions, _COLUMNS,
                      [_as_stored_tuple(held.pop(key)) for key in sorted(held)])

    def prepare(self, connection, numbered_events):
        writer = writer_for(connection)
        held = self.held
        if held is None:
            earlier = self._earlier(connection, writer, _continued(numbered_events),
                                    self.recent)
        else:  # read only: the ended version is inserted as a new dict
            earlier = {key: held[key] for key in _continued(numbered_events)}
        ended_earlier: list[tuple] = []  # (valid_to, id, version) of earlier batches' rows
        versions: list[dict] = []
        latest: dict[str, dict] = {}
        for _, event in numbered_events:
            key = id_text(event.originator_id)
            moment = writer.timestamp(event.timestamp)
            if type(event) is Recommendation.Raised:
                row = _as_stored(writer, raised_row(event))
            else:
                previous = latest.get(key)
                if previous is None:
                    previous = earlier[key]
                    ended_earlier.append((moment, key, previous["version"]))
                else:
                    previous["valid_to"] = moment
                change: dict = {}
                fold(change, event)
                row = {**previous, **_as_stored(writer, change)}
            row["valid_from"], row["valid_to"] = moment, None
            latest[key] = row
            versions.append(row)
        if held is not None:
            return self._held_write(writer, earlier, ended_earlier, versions, latest)
        inserted = [_as_stored_tuple(row) for row in versions]

        def write(connection) -> None:
            writer.insert(connection, board_versions, _COLUMNS, inserted)
            writer.update(connection, board_versions, ("id", "version"), ("valid_to",),
                          ended_earlier)
            self.recent.note(latest)
        return write

    def _held_write(self, writer, earlier, ended_earlier, versions, latest):
        """Insert the versions that ended (in this batch, or earlier ones it ended), and
        keep each file's last one."""
        inserted = [_as_stored_tuple({**earlier[key], "valid_to": moment})
                    for moment, key, _ in ended_earlier]
        inserted += [_as_stored_tuple(row) for row in versions if row["valid_to"] is not None]
        held = self.held

        def write(connection) -> None:
            writer.insert(connection, board_versions, _COLUMNS, inserted)
            held.update(latest)
        return write

    @staticmethod
    def _earlier(connection, writer, wanted: dict[str, int],
                 recent: RecentRows) -> dict[str, dict]:
        """The rows of these (id, version) pairs, their values as stored: this process's
        last ones from memory, the others from the table."""
        rows = {}
        for key, version in wanted.items():
            row = recent.get(key)
            if row is not None and row["version"] == version:
                rows[key] = row
        pairs = sorted((key, version) for key, version in wanted.items() if key not in rows)
        columns = ", ".join(f"v.{name}" for name in _COLUMNS)
        for start in range(0, len(pairs), _READ_CHUNK):
            chunk = pairs[start:start + _READ_CHUNK]
            values = ", ".join([f"({writer.marker}, {writer.marker})"] * len(chunk))
            # A join from the list of keys: each is one lookup in the primary key
            # (SQLite would scan the table for "(id, version) IN (VALUES …)").
            result = connection.exec_driver_sql(
                f"WITH wanted (id, version) AS (VALUES {values}) "
                f"SELECT {columns} FROM wanted JOIN {board_versions.name} v "
                f"ON v.id = wanted.id AND v.version = wanted.version",
                tuple(value for pair in chunk for value in pair))
            for values_ in result:
                row = dict(zip(_COLUMNS, values_))
                rows[row["id"]] = row
        return rows


def _continued(numbered_events) -> dict[str, int]:
    """The files whose first event in this batch continues an earlier batch's version:
    id -> that version."""
    seen: set[str] = set()
    wanted: dict[str, int] = {}
    for _, event in numbered_events:
        key = id_text(event.originator_id)
        if key in seen:
            continue
        seen.add(key)
        if type(event) is not Recommendation.Raised:
            wanted[key] = event.originator_version - 1  # each event is the next version
    return wanted


def _as_stored(writer, values: dict) -> dict:
    """Values of a row (or of a row's changes) in the form the writer stores."""
    return {name: (writer.timestamp(value) if name in _TIMESTAMPS else
                   writer.date(value) if name in _DATES else value)
            for name, value in values.items()}
