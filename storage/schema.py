"""The one place that creates the tables of ``storage.tables`` and brings a database made by
an earlier version of the code up to the tables as declared now.

At each start, ``create_tables`` creates what is missing (tables, then indexes, IF NOT
EXISTS), adds the columns declared since (nullable, or with a server default), and drops
the indexes of these tables that are no longer declared, found in the database itself:
no hand-kept list of what changed. It never drops a table or a column, nor changes a
column's type: such a change needs a migration written for it."""

from __future__ import annotations

from typing import Iterable

from sqlalchemy import Table, bindparam, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.schema import CreateColumn, CreateIndex, CreateTable

from storage.tables import metadata

# Advisory lock key (PostgreSQL): creating and migrating tables, one process at a time.
SCHEMA_LOCK = 0x7472_6B01
# Table.info key: names of indexes made outside the metadata (raw DDL), kept by migrations.
_OTHER_INDEXES = "storage.other_indexes"


class SchemaError(RuntimeError):
    """The database cannot be brought to the declared tables without a written migration."""


def declare_index(table: Table, name: str) -> None:
    """Count the index ``name``, which its owner creates itself on ``table``, as declared:
    ``create_tables`` neither creates nor drops it."""
    table.info.setdefault(_OTHER_INDEXES, set()).add(name)


def declared_indexes(table: Table) -> set[str]:
    return {index.name for index in table.indexes} | table.info.get(_OTHER_INDEXES, set())


def create_tables(bind: Engine | Connection, tables: Iterable[Table] | None = None) -> None:
    """Create ``tables`` (default: every table), their missing columns and indexes, and drop
    their indexes no longer declared. Given a connection, works in its transaction (the
    PostgreSQL lock is then held until it ends), so the caller may add its own DDL."""
    tables = list(metadata.sorted_tables if tables is None else tables)
    if isinstance(bind, Engine):
        with bind.begin() as connection:
            _create(connection, tables)
    else:
        _create(bind, tables)


def lock_schema(connection: Connection) -> None:
    """Before DDL on PostgreSQL (create, drop, index, migrate), as the transaction's first
    statement: wait until no other transaction changes the schema or writes read-model
    rows (see ``share_schema``), and keep them out until this one ends. On SQLite, a
    no-op: one writer at a time already."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK})


def share_schema(connection: Connection) -> None:
    """As the first statement of a transaction that writes read-model rows (PostgreSQL):
    such transactions run side by side, but never beside DDL.

    DDL and row writes lock the same tables in different orders (DROP TABLE and CREATE
    INDEX in the order of the tables, a catch-up in the order of its read models): a
    projector restarted with ``--rebuild`` beside a rebuild's leftover worker died of a
    deadlock on its DROP TABLE. Both sides take this one lock before any table, so either
    waits for the other whole, and no cycle can form."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock_shared(:key)"),
                           {"key": SCHEMA_LOCK})


def _create(connection: Connection, tables: list[Table]) -> None:
    # IF NOT EXISTS still races on PostgreSQL's catalogue, and a migration reads before it
    # alters: serialise (which also keeps read-model writes out, see share_schema).
    lock_schema(connection)
    # IF NOT EXISTS, not create_all's look-then-create: two processes starting on a fresh
    # database would both look, and the slower CREATE TABLE would fail.
    for table in tables:
        connection.execute(CreateTable(table, if_not_exists=True))
    add_missing_columns(connection, tables)
    drop_undeclared_indexes(connection, tables)
    for table in tables:
        for index in table.indexes:
            connection.execute(CreateIndex(index, if_not_exists=True))


def add_missing_columns(connection: Connection, tables: list[Table]) -> list[str]:
    """ALTER TABLE ADD COLUMN for each declared column the existing table lacks; returns
    them as "table.column". Only a column that rows already there can do without (NULL,
    or the server default) can be added: anything else raises :class:`SchemaError`."""
    present = existing_columns(connection, tables)
    added = []
    for table in tables:
        for column in table.columns:
            if column.name in present.get(table.name, set()):
                continue
            name = f"{table.name}.{column.name}"
            if column.primary_key or not (column.nullable or column.server_default is not None):
                raise SchemaError(
                    f"{name} is declared but missing from the database, and cannot be added "
                    "to a table that has rows: declare it nullable or with a server_default, "
                    "or write a migration for it")
            ddl = CreateColumn(column).compile(dialect=connection.dialect)
            quoted = connection.dialect.identifier_preparer.quote(table.name)
            try:
                connection.exec_driver_sql(f"ALTER TABLE {quoted} ADD COLUMN {ddl}")
            except DBAPIError:
                # SQLite has no lock to take around the look-then-alter: another process
                # may have added it in between (PostgreSQL holds SCHEMA_LOCK).
                if connection.dialect.name != "sqlite" or column.name not in (
                        existing_columns(connection, [table]).get(table.name, set())):
                    raise
            added.append(name)
    return added


def drop_undeclared_indexes(connection: Connection, tables: list[Table]) -> list[str]:
    """Drop each index on ``tables`` that the database holds but the code no longer
    declares (see ``declare_index``); returns their names. Indexes that back a primary
    key or a unique constraint are the table's own, never dropped."""
    by_name = {table.name: table for table in tables}
    quote = connection.dialect.identifier_preparer.quote
    dropped = []
    for table_name, index_name in existing_indexes(connection):
        table = by_name.get(table_name)
        if table is not None and index_name not in declared_indexes(table):
            connection.exec_driver_sql(f"DROP INDEX IF EXISTS {quote(index_name)}")
            dropped.append(index_name)
    return dropped


def existing_indexes(connection: Connection) -> list[tuple[str, str]]:
    """(table, index) for each index made by CREATE INDEX in the current schema (or SQLite
    file): not those behind a primary key or unique constraint."""
    if connection.dialect.name == "sqlite":
        # Constraints' indexes (sqlite_autoindex_*) have no SQL of their own.
        rows = connection.exec_driver_sql(
            "SELECT tbl_name, name FROM sqlite_master WHERE type = 'index' "
            "AND sql IS NOT NULL")
    elif connection.dialect.name == "postgresql":
        # The catalogue behind pg_indexes: by oid, the indexes of keys and of unique or
        # exclusion constraints are left out.
        rows = connection.exec_driver_sql(
            "SELECT t.relname, i.relname FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
            "WHERE t.relnamespace = current_schema()::regnamespace AND NOT EXISTS ("
            "  SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid "
            "  AND c.contype IN ('p', 'u', 'x'))")
    else:
        raise SchemaError(f"no migration for {connection.dialect.name} databases")
    return [tuple(row) for row in rows]


def existing_columns(connection: Connection, tables: list[Table]) -> dict[str, set[str]]:
    """The columns each of ``tables`` has in the database (absent tables are left out)."""
    names = [table.name for table in tables]
    if connection.dialect.name == "sqlite":
        query = text("SELECT m.name, p.name FROM sqlite_master m "
                     "JOIN pragma_table_info(m.name) p "
                     "WHERE m.type = 'table' AND m.name IN :names")
    elif connection.dialect.name == "postgresql":
        query = text("SELECT table_name, column_name FROM information_schema.columns "
                     "WHERE table_schema = current_schema() AND table_name IN :names")
    else:
        raise SchemaError(f"no migration for {connection.dialect.name} databases")
    columns: dict[str, set[str]] = {}
    for table_name, column_name in connection.execute(
            query.bindparams(bindparam("names", expanding=True)), {"names": names}):
        columns.setdefault(table_name, set()).add(column_name)
    return columns
