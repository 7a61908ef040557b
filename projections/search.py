"""A trigram index of the board's search text, so that a word typed in the board's search
box is found without reading every row (``LIKE '%word%'`` cannot use a B-tree index; at
100,000 files that scan alone takes about 100 ms).

- SQLite: an FTS5 table with the ``trigram`` tokenizer over the board's rows (external
  content: it stores no text of its own), kept in step by triggers on ``board``. A
  quoted word of three characters or more matches the rows that contain it, as LIKE does.
- PostgreSQL: a GIN index with ``pg_trgm``'s operator class, which LIKE uses by itself.
  When the extension cannot be created (no right to), there is no index: searches scan.

A trigram phrase query finds exactly what ``LIKE '%word%'`` finds (the tests compare
them), and the search text is already lower-case and accent-free on both sides. The FTS
table follows the board's rowids; a ``VACUUM`` may renumber those, after which the read
models must be rebuilt (``projections rebuild``)."""

from __future__ import annotations

import re

from sqlalchemy import (
    Column, Integer, MetaData, Table, Text, func, literal_column, select,
)
from sqlalchemy.engine import Connection

from storage.schema import declare_index
from storage.tables import board

SQLITE_TABLE = "board_search"
POSTGRES_INDEX = "board_search_trigrams"
SHORTEST_INDEXED = 3  # a trigram index knows nothing of shorter words
_CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f]")
# Made here by raw DDL: storage's migrations are not to drop it as undeclared.
declare_index(board, POSTGRES_INDEX)

# The FTS table as SQLAlchemy sees it, for queries (it is created by ``create`` below).
board_search = Table(SQLITE_TABLE, MetaData(), Column("rowid", Integer),
                     Column("search_text", Text))

_SQLITE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_TABLE} USING fts5("
    "search_text, content='board', content_rowid='rowid', tokenize='trigram')",
    f"CREATE TRIGGER IF NOT EXISTS {SQLITE_TABLE}_insert AFTER INSERT ON board BEGIN "
    f"INSERT INTO {SQLITE_TABLE}(rowid, search_text) VALUES (new.rowid, new.search_text); "
    "END",
    f"CREATE TRIGGER IF NOT EXISTS {SQLITE_TABLE}_delete AFTER DELETE ON board BEGIN "
    f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}, rowid, search_text) "
    "VALUES ('delete', old.rowid, old.search_text); END",
    f"CREATE TRIGGER IF NOT EXISTS {SQLITE_TABLE}_update AFTER UPDATE OF search_text "
    f"ON board BEGIN "
    f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}, rowid, search_text) "
    "VALUES ('delete', old.rowid, old.search_text); "
    f"INSERT INTO {SQLITE_TABLE}(rowid, search_text) VALUES (new.rowid, new.search_text); "
    "END",
)


def create(connection: Connection) -> None:
    """Create the index if it is missing, filled from the rows already on the board.
    Call it once the board table exists, in the transaction that created it."""
    if connection.dialect.name == "sqlite":
        existed = connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = ?", (SQLITE_TABLE,)).first()
        for statement in _SQLITE:
            connection.exec_driver_sql(statement)
        if not existed:
            connection.exec_driver_sql(
                f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}) VALUES ('rebuild')")
    elif connection.dialect.name == "postgresql":
        _create_trigram_index(connection)


def drop(connection: Connection) -> None:
    """Drop the index and its triggers (a rebuild builds it again once the board is
    full: one pass over the rows instead of an update per row)."""
    if connection.dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {SQLITE_TABLE}_{trigger}")
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {SQLITE_TABLE}")
    elif connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {POSTGRES_INDEX}")


def conditions(dialect, words: list[str], *, walking: bool = False) -> list:
    """The board rows containing every one of ``words`` (already ``searchable``), as SQL
    conditions for this database: on SQLite the FTS5 index for words of three characters
    or more, LIKE for shorter ones; elsewhere LIKE, which PostgreSQL's trigram index
    serves by itself.

    ``walking``: SQLite is to walk a board index (in page order, or the range of another
    filter) and check each entry's rowid against the matches, rather than look every
    match up in the table: ``+rowid`` keeps the rowid from being used as a key. A page
    stops after 25 rows, long before the thousands of matches of a common word."""
    def like(word):
        return board.c.search_text.contains(word, autoescape=True)

    words = searchable_words(words)

    if dialect.name != "sqlite":
        return [like(word) for word in words]
    indexed = [word for word in words if len(word) >= SHORTEST_INDEXED]
    found = [like(word) for word in words if len(word) < SHORTEST_INDEXED]
    if indexed:
        rowid = literal_column("+board.rowid" if walking else "board.rowid")
        found.append(rowid.in_(_matches(indexed)))
    return found


def searchable_words(words: list[str]) -> list[str]:
    """The words without control characters: a NUL ends an FTS5 query before its closing
    quote, and PostgreSQL's text refuses it; no stored text holds one to be found."""
    cleaned = [_CONTROL_CHARACTERS.sub("", word) for word in words]
    return [word for word in cleaned if word]


def count(connection: Connection, words: list[str]) -> int | None:
    """How many board rows contain all ``words``, from the index alone (SQLite, words of
    three characters or more); None when the index cannot tell."""
    words = searchable_words(words)
    if connection.dialect.name != "sqlite" or not words or any(
            len(word) < SHORTEST_INDEXED for word in words):
        return None
    return connection.execute(
        select(func.count()).select_from(_matches(words).subquery())).scalar_one()


def _matches(words: list[str]):
    # Each word as an FTS5 phrase, its quotes doubled, so that nothing is syntax; a
    # trigram phrase matches the rows that contain it, exactly as LIKE '%word%' does.
    phrases = " AND ".join('"' + word.replace('"', '""') + '"' for word in words)
    return (select(board_search.c.rowid)
            .where(literal_column(SQLITE_TABLE).op("MATCH")(phrases)))


def _create_trigram_index(connection: Connection) -> None:
    # CREATE EXTENSION needs a right the application's role may lack: try in a
    # savepoint, so that a refusal costs the index only, not the transaction.
    try:
        with connection.begin_nested():
            connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema = connection.exec_driver_sql(
                "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n "
                "ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'").scalar_one()
            quote = connection.dialect.identifier_preparer.quote
            connection.exec_driver_sql(
                f"CREATE INDEX IF NOT EXISTS {POSTGRES_INDEX} ON board "
                f"USING gin (search_text {quote(schema)}.gin_trgm_ops)")
    except Exception:  # noqa: BLE001 - no extension, no index: searches still work
        pass
