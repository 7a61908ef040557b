"""A PostgreSQL rebuild beside the read models in service, swapped in when complete.

Rebuilding in place empties the read models first: for as long as the replay lasts (at
ten million events, minutes), the board shows a part of the files. On PostgreSQL the
rebuild instead writes into a schema of its own (``rebuild_<schema>``), first in the
search path of its connections so that every statement, SQLAlchemy's and the bulk
writer's, finds the new tables there; the tables it does not rebuild (read receipts,
drafts…) are still found in the schema in service behind it. Once the new tables are
complete, with their indexes, one transaction moves them into the schema in service in
place of the old ones and sets the rebuilt read models' positions and dead letters.
Until that moment the pages read the old read models; after it, the new. A rebuild
stopped half-way leaves the schema in service as it was (the next rebuild drops the
staging schema and starts again)."""

from __future__ import annotations

import logging

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ProgrammingError

from projections import search
from projections.position_watch import announce
from storage.schema import lock_schema
from storage.tables import dead_letters, positions
from tracker.storage import read_model_schema, sql_engine

PREFIX = "rebuild_"
logger = logging.getLogger("tracker.projections")


def applies(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def schema_in_service(connection: Connection) -> str:
    return connection.exec_driver_sql("SELECT current_schema()").scalar()


def staging_name(database_url: str) -> str:
    return PREFIX + (read_model_schema(database_url) or "public")


def staging_engine(database_url: str) -> Engine:
    """An engine whose unqualified names are the staging schema's first, then those of the
    schema in service."""
    service = read_model_schema(database_url) or "public"
    return sql_engine(database_url, search_path=f"{staging_name(database_url)},{service}")


def prepare(engine: Engine, database_url: str) -> bool:
    """An empty staging schema (what a rebuild stopped half-way left is dropped); False
    when the database refuses this role a schema of its own (CREATE on the database is a
    right an operator may not give): the rebuild is then made in place."""
    quote = engine.dialect.identifier_preparer.quote
    name = quote(staging_name(database_url))
    try:
        with engine.begin() as connection:
            lock_schema(connection)
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {name} CASCADE")
            connection.exec_driver_sql(f"CREATE SCHEMA {name}")
            # pg_trgm, if it is still to be made, in the schema in service: made from the
            # staging schema, it would go with it.
            search.create(connection)
    except ProgrammingError as error:  # psycopg's InsufficientPrivilege among others
        logger.warning("No staging schema for the rebuild (%s): the read models are "
                       "rebuilt in place.", error.orig)
        return False
    return True


def swap(engine: Engine, database_url: str, tables: list) -> None:
    """In one transaction: the staged ``tables`` replace those in service, and the rebuilt
    read models' positions and dead letters (those the staging schema has) are the
    staged ones."""
    quote = engine.dialect.identifier_preparer.quote
    staged = quote(staging_name(database_url))
    with engine.begin() as connection:
        lock_schema(connection)  # waits for any catch-up writing the old tables
        service = quote(schema_in_service(connection))
        for table in tables:
            name = quote(table.name)
            connection.exec_driver_sql(f"DROP TABLE IF EXISTS {service}.{name}")
            connection.exec_driver_sql(f"ALTER TABLE {staged}.{name} SET SCHEMA {service}")
        moved, letters = quote(positions.name), quote(dead_letters.name)
        columns = ", ".join(quote(column.name) for column in dead_letters.columns)
        connection.exec_driver_sql(
            f"INSERT INTO {service}.{moved} (name, position, version) "
            f"SELECT name, position, version FROM {staged}.{moved} "
            f"ON CONFLICT (name) DO UPDATE "
            f"SET position = excluded.position, version = excluded.version")
        connection.exec_driver_sql(
            f"DELETE FROM {service}.{letters} "
            f"WHERE read_model IN (SELECT name FROM {staged}.{moved})")
        connection.exec_driver_sql(
            f"INSERT INTO {service}.{letters} ({columns}) "
            f"SELECT {columns} FROM {staged}.{letters}")
        connection.exec_driver_sql(f"DROP SCHEMA {staged} CASCADE")
        announce(connection, database_url)

