"""Writing many read-model rows at once, straight through the driver's ``executemany``
(on PostgreSQL, ``COPY`` for more than a few rows).

SQLAlchemy Core's executemany builds and processes a parameter dict for every row, about
10 µs for a history row, and a rebuild writes a million of them. Here rows are tuples
whose values were converted once, by functions chosen for the dialect, into exactly what
the Table's own types store (see ``storage/types.py``), so every read still goes through
those types and sees the same values."""

from __future__ import annotations

from datetime import date, datetime, timezone
from functools import lru_cache
from operator import itemgetter
from typing import Callable
from weakref import WeakKeyDictionary

import orjson

from sqlalchemy import Table
from sqlalchemy.engine import Connection


# From this many rows an insert on PostgreSQL is a COPY. Measured (psycopg 3.3, PostgreSQL
# 15, history-like rows of 8 columns, machine busy): one row 4,200 rows/s by INSERT against
# 3,350 by COPY; two rows 7,700 against 12,600; 50 rows 18,700 against 74,900; 2,000 rows
# 26,300 against 175,600.
COPY_FROM = 2


def _json(value) -> str:
    """Event data as JSON text: dates and times in ISO 8601 as ``isoformat`` writes them,
    ids as text. orjson, as the standard library's encoder costs more than the insert."""
    return orjson.dumps(value).decode()


def _utc_naive(value: datetime | None) -> datetime | None:
    # What UTCDateTime.process_bind_param gives the DateTime type.
    if value is None:
        return None
    return value.astimezone(timezone.utc).replace(tzinfo=None)


def _sqlite_timestamp(value: datetime | None) -> str | None:
    # SQLAlchemy's SQLite DATETIME storage format: "2026-03-10 09:00:00.000000".
    if value is None:
        return None
    if value.tzinfo is not timezone.utc:  # events carry UTC; anything else is converted
        value = value.astimezone(timezone.utc)
    return value.replace(tzinfo=None).isoformat(" ", "microseconds")


def _sqlite_date(value: date | None) -> str | None:
    # SQLAlchemy's SQLite DATE storage format: "2026-03-10".
    return None if value is None else value.isoformat()[:10]


def _as_is(value):
    return value


class BulkWriter:
    """Inserts and updates of many rows for one dialect (SQLite, or PostgreSQL with
    psycopg): ``timestamp``, ``date`` and ``json`` convert values for its columns."""

    def __init__(self, dialect):
        if dialect.name == "sqlite" and dialect.paramstyle == "qmark":
            self.marker = "?"
            self.copies = False
            # Cached: the board and the history convert each event's time.
            self.timestamp, self.date = lru_cache(maxsize=1 << 14)(_sqlite_timestamp), _sqlite_date
        elif dialect.name == "postgresql" and dialect.paramstyle in ("format", "pyformat"):
            self.marker = "%s"
            self.timestamp, self.date = _utc_naive, _as_is
            self.copies = dialect.driver == "psycopg"
        else:
            raise ValueError(f"no bulk writer for {dialect.name} ({dialect.paramstyle})")
        self.json = _json
        self._quote = dialect.identifier_preparer.quote
        self._statements: dict[tuple, str] = {}
        self._makers: dict[tuple, Callable[[dict], tuple]] = {}

    def row_maker(self, columns: tuple[str, ...], timestamps: frozenset = frozenset(),
                  dates: frozenset = frozenset()) -> Callable[[dict], tuple]:
        """A function from a dict row to the tuple of its ``columns``, timestamps and dates
        converted. Made once per set of columns: the values are taken by one
        ``itemgetter`` (C code), then only the few cells that need it are converted; a
        loop over every column would cost more than the insert itself."""
        key = (columns, timestamps, dates)
        maker = self._makers.get(key)
        if maker is None:
            maker = self._makers[key] = _row_maker(
                columns, [(index, self.timestamp if name in timestamps else self.date)
                          for index, name in enumerate(columns)
                          if name in timestamps or name in dates])
        return maker

    def insert(self, connection: Connection, table: Table, columns: tuple[str, ...],
               rows: list[tuple]) -> None:
        """``rows`` hold the values of ``columns``, in that order, already converted."""
        if not rows:
            return
        if self.copies and len(rows) >= COPY_FROM:
            # PostgreSQL's COPY, in the connection's transaction: the rows stream to the
            # server in one statement instead of one bound INSERT each.
            with connection.connection.driver_connection.cursor() as cursor:
                with cursor.copy(self._statement("copy", table, columns)) as copy:
                    write = copy.write_row
                    for row in rows:
                        write(row)
        else:
            connection.exec_driver_sql(self._statement("insert", table, columns), rows)

    def _statement(self, kind: str, table: Table, columns: tuple[str, ...]) -> str:
        key = (kind, table.name, columns)
        statement = self._statements.get(key)
        if statement is None:
            names = f"{self._quote(table.name)} ({', '.join(map(self._quote, columns))})"
            statement = self._statements[key] = (
                f"COPY {names} FROM STDIN" if kind == "copy" else
                f"INSERT INTO {names} VALUES ({', '.join([self.marker] * len(columns))})")
        return statement

    def update(self, connection: Connection, table: Table, key_column: str | tuple[str, ...],
               columns: tuple[str, ...], rows: list[tuple]) -> None:
        """Set ``columns`` of each row found by ``key_column`` (or by several key columns);
        each tuple holds the new values, then the key's."""
        if not rows:
            return
        key = ("update", table.name, key_column, columns)
        statement = self._statements.get(key)
        if statement is None:
            keys = (key_column,) if isinstance(key_column, str) else key_column
            assignments = ", ".join(f"{self._quote(name)} = {self.marker}" for name in columns)
            found = " AND ".join(f"{self._quote(name)} = {self.marker}" for name in keys)
            statement = self._statements[key] = (
                f"UPDATE {self._quote(table.name)} SET {assignments} WHERE {found}")
        connection.exec_driver_sql(statement, rows)


def _row_maker(columns: tuple[str, ...], conversions: list) -> Callable[[dict], tuple]:
    take = itemgetter(*columns)
    if len(columns) == 1:
        def one(row: dict) -> tuple:
            value = take(row)
            return (conversions[0][1](value),) if conversions else (value,)
        return one
    if not conversions:
        return take  # already the tuple of the values

    def make(row: dict) -> tuple:
        values = list(take(row))
        for index, convert in conversions:
            values[index] = convert(values[index])
        return tuple(values)
    return make


_WRITERS: WeakKeyDictionary = WeakKeyDictionary()


def writer_for(connection: Connection) -> BulkWriter:
    """The writer of this connection's dialect (one per engine)."""
    writer = _WRITERS.get(connection.dialect)
    if writer is None:
        writer = _WRITERS[connection.dialect] = BulkWriter(connection.dialect)
    return writer
