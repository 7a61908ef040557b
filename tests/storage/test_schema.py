"""Creating and migrating the tables (storage.schema), on both stores: an index no longer
declared is dropped at start, a declared column missing from an older table is added,
what is not ours to drop (keys, constraints, the search index, the event store's indexes)
survives, and creating again changes nothing."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, inspect, select

from projections import search
from projections.runner import ReadModels
from projections.board import BoardProjection
from storage.schema import (
    SchemaError, add_missing_columns, create_tables, drop_undeclared_indexes,
)
from storage.tables import (
    BLOBS, CHAIN, DRAFTS, ENDED_SESSIONS, READ_SIDE, audit_subjects, metadata, positions,
)
from tracker.storage import sql_engine


@pytest.fixture
def engine(database_url):
    engine = sql_engine(database_url)
    yield engine
    engine.dispose()


def run(engine, *statements: str) -> None:
    with engine.begin() as connection:
        for statement in statements:
            connection.exec_driver_sql(statement)


def every_index(engine) -> set[str]:
    """Every index of the database, constraints' and the event store's included."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            rows = connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'index'")
        else:
            rows = connection.exec_driver_sql(
                "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
        return {name for (name,) in rows}


def has_search_index(engine) -> bool:
    """The board's text index of projections/search.py: FTS5 table, or pg_trgm index."""
    if engine.dialect.name == "postgresql":
        return search.POSTGRES_INDEX in every_index(engine)
    with engine.connect() as connection:
        return connection.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = ?",
                                          (search.SQLITE_TABLE,)).first() is not None


def columns(engine, table: str) -> set[str]:
    return {column["name"] for column in inspect(engine).get_columns(table)}


def test_the_groups_cover_every_table_once():
    grouped = [table.name for table in READ_SIDE + CHAIN + DRAFTS + ENDED_SESSIONS + BLOBS]
    assert sorted(grouped) == sorted(metadata.tables)


def test_an_index_no_longer_declared_is_dropped_at_start(tracker_app):
    models = ReadModels(tracker_app)
    run(models.engine, "CREATE INDEX board_by_title ON board (title)",
        "CREATE INDEX history_retired ON history (actor_id, position)")
    assert {"board_by_title", "history_retired"} <= every_index(models.engine)

    ReadModels(tracker_app).engine.dispose()  # the next start

    present = every_index(models.engine)
    assert not {"board_by_title", "history_retired"} & present
    assert {index.name for table in READ_SIDE for index in table.indexes} <= present
    models.engine.dispose()


def test_keys_constraints_the_search_index_and_other_tables_indexes_survive(
        tracker_app, engine):
    ReadModels(tracker_app).engine.dispose()
    create_tables(engine)
    before = every_index(engine)
    assert has_search_index(engine)
    # Which indexes back keys and constraints depends on the store; all must stay.
    keys = {table.name: inspect(engine).get_pk_constraint(table.name)["constrained_columns"]
            for table in metadata.sorted_tables}

    with engine.begin() as connection:
        assert drop_undeclared_indexes(connection, list(metadata.sorted_tables)) == []
    ReadModels(tracker_app).engine.dispose()
    create_tables(engine)

    assert every_index(engine) == before
    assert all(keys[name] == inspect(engine).get_pk_constraint(name)["constrained_columns"]
               for name in keys)
    assert inspect(engine).get_unique_constraints("accounts")  # username
    assert has_search_index(engine)


def test_the_positions_version_is_added_to_an_older_database(tracker_app, engine):
    # read_model_positions as the code before the version made it, with a position kept.
    run(engine, "CREATE TABLE read_model_positions "
                "(name VARCHAR(64) NOT NULL PRIMARY KEY, position INTEGER NOT NULL)",
        "INSERT INTO read_model_positions (name, position) VALUES ('board', 0)")

    models = ReadModels(tracker_app)

    assert "version" in columns(engine, "read_model_positions")
    with engine.connect() as connection:
        rows = {row.name: (row.position, row.version)
                for row in connection.execute(select(positions))}
    # Rows written by code of no known version: the board is rebuilt by itself, from the
    # start of the log, and now says which version wrote it.
    assert rows["board"] == (0, BoardProjection.version)
    assert set(rows) == {projection.name for projection in models.projections}
    models.engine.dispose()


def test_missing_nullable_columns_are_added_and_rows_kept(engine):
    run(engine, "CREATE TABLE audit_subjects "
                "(aggregate_id VARCHAR(36) NOT NULL PRIMARY KEY, subject VARCHAR(200))",
        "INSERT INTO audit_subjects (aggregate_id, subject) VALUES ('a', 'Marché')")

    create_tables(engine, READ_SIDE)

    assert columns(engine, "audit_subjects") == {"aggregate_id", "subject", "commune",
                                                 "region"}
    with engine.connect() as connection:
        assert connection.execute(select(audit_subjects)).one()._asdict() == {
            "aggregate_id": "a", "subject": "Marché", "commune": None, "region": None}


def test_a_required_column_without_default_is_refused(engine):
    run(engine, "CREATE TABLE storage_test (id INTEGER PRIMARY KEY)")
    declared = Table("storage_test", MetaData(), Column("id", Integer, primary_key=True),
                     Column("label", String(20), nullable=False))

    with pytest.raises(SchemaError, match="storage_test.label"):
        create_tables(engine, [declared])

    assert columns(engine, "storage_test") == {"id"}


def test_creating_twice_changes_nothing(engine):
    create_tables(engine)
    with engine.begin() as connection:
        connection.execute(insert(positions).values(name="board", position=3))
    indexes = every_index(engine)

    create_tables(engine)
    with engine.begin() as connection:
        tables = list(metadata.sorted_tables)
        assert add_missing_columns(connection, tables) == []
        assert drop_undeclared_indexes(connection, tables) == []

    assert every_index(engine) == indexes
    with engine.connect() as connection:
        assert connection.execute(select(positions)).all() == [("board", 3, 0)]


def test_storage_imports_no_other_layer():
    imported = subprocess.run(
        [sys.executable, "-c", "import sys, storage.schema, storage.tables, storage.types; "
         "print(' '.join(sorted({name.split('.')[0] for name in sys.modules})))"],
        capture_output=True, text=True, check=True).stdout.split()
    assert not {"domain", "tracker", "projections", "web", "bench"} & set(imported)
