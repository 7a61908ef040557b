"""A PostgreSQL rebuild is made beside the read models in service and swapped in whole
(projections/staging.py): while it replays, the pages read the complete old tables; a
rebuild stopped half-way changes nothing; the swap brings the new rows, indexes,
positions and dead letters in one transaction, and leaves no staging schema behind. A role
that may not make a schema rebuilds in place, as on SQLite."""

from __future__ import annotations

import secrets

import pytest
from sqlalchemy import create_engine, func, inspect, make_url, select, text

from projections import replay, search, staging
from storage.tables import board, dead_letters, history
from projections.runner import ReadModels
from tests.conftest import open_people
from tests.projections.conftest import build_dataset, snapshot
from tracker.application import Tracker
from tracker.config import Settings
from tracker.storage import read_model_schema, read_model_url

pytestmark = pytest.mark.parametrize("store", ["postgres"])  # SQLite rebuilds in place


class Stop(Exception):
    pass


def count(engine, table) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def staging_schemas(read_models) -> list[str]:
    """The staging schema of this test's own schema, if it is there."""
    name = staging.staging_name(read_models.tracker.settings.database_url)
    with read_models.engine.connect() as connection:
        return connection.execute(text("SELECT nspname FROM pg_namespace WHERE nspname = :name"),
                                  {"name": name}).scalars().all()


def test_the_pages_read_the_old_tables_until_the_new_ones_are_complete(
        tracker_app, people, clock, read_models, head):
    build_dataset(tracker_app, people, clock, count=12)
    read_models.catch_up()
    before = snapshot(read_models.engine)
    seen_while_replaying = []

    def look(_count: int) -> None:
        seen_while_replaying.append((count(read_models.engine, board),
                                     count(read_models.engine, history),
                                     min(read_models.positions().values()),
                                     len(staging_schemas(read_models))))

    read_models.rebuild(batch_size=5, on_batch=look)

    assert len(seen_while_replaying) > 3
    assert set(seen_while_replaying) == {(12, len(before["history"]), head(), 1)}
    assert snapshot(read_models.engine) == before
    assert staging_schemas(read_models) == []
    indexes = {index["name"] for index in inspect(read_models.engine).get_indexes("board")}
    assert {index.name for index in board.indexes} <= indexes
    assert search.POSTGRES_INDEX in indexes


def test_a_rebuild_stopped_half_way_leaves_the_read_models_in_service_as_they_were(
        tracker_app, people, clock, read_models):
    build_dataset(tracker_app, people, clock, count=12)
    read_models.catch_up()
    before, positions = snapshot(read_models.engine), read_models.positions()

    def stop_after_two(calls=[]) -> None:  # noqa: B006 - counts this rebuild's batches
        calls.append(1)
        if len(calls) == 2:
            raise Stop()

    with pytest.raises(Stop):
        read_models.rebuild(batch_size=5, on_batch=lambda _: stop_after_two())

    assert snapshot(read_models.engine) == before
    assert read_models.positions() == positions
    # The next rebuild starts from a clean staging schema.
    read_models.rebuild(batch_size=5)
    assert snapshot(read_models.engine) == before
    assert staging_schemas(read_models) == []


def test_the_swap_brings_the_dead_letters_the_replay_met(
        tracker_app, people, clock, read_models, monkeypatch):
    build_dataset(tracker_app, people, clock, count=3)
    read_models.catch_up()
    first_raise = min(row["position"] for row in snapshot(read_models.engine)["history"])
    board_model = next(p for p in read_models.projections if p.name == "board")
    folded = board_model.prepare

    def refuse_the_first_raise(connection, events):
        if any(position == first_raise for position, _ in events):
            raise ValueError("refused")
        return folded(connection, events)

    monkeypatch.setattr(board_model, "prepare", refuse_the_first_raise)
    read_models.rebuild(batch_size=50)

    with read_models.engine.connect() as connection:
        letters = connection.execute(select(dead_letters.c.read_model, dead_letters.c.position)
                                     ).all()
    assert letters == [("board", first_raise)]
    assert count(read_models.engine, board) == 2


@pytest.fixture
def role_without_schema_rights(database_url):
    """A database role that may create tables in the tracker's schema but not schemas in
    the database (PostgreSQL's default for a role that does not own the database)."""
    role = f"tracker_{secrets.token_hex(4)}"
    schema = read_model_schema(database_url)
    admin = create_engine(read_model_url(database_url))
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE ROLE "{role}" LOGIN')
        connection.exec_driver_sql(f'GRANT USAGE, CREATE ON SCHEMA "{schema}" TO "{role}"')
    yield make_url(database_url).set(username=role).render_as_string(hide_password=False)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'DROP OWNED BY "{role}" CASCADE')
        connection.exec_driver_sql(f'DROP ROLE "{role}"')
    admin.dispose()


def test_without_the_right_to_make_a_schema_the_rebuild_is_made_in_place(
        role_without_schema_rights, clock, caplog):
    tracker = Tracker(Settings(database_url=role_without_schema_rights), clock=clock)
    read_models = ReadModels(tracker, inline=True)
    try:
        build_dataset(tracker, open_people(tracker), clock, count=6)
        read_models.catch_up()
        before = snapshot(read_models.engine)

        read_models.rebuild(batch_size=5)

        assert snapshot(read_models.engine) == before
        assert "rebuilt in place" in caplog.text
        assert staging_schemas(read_models) == []
    finally:
        read_models.engine.dispose()
        tracker.close()


def test_the_new_tables_get_statistics_while_they_fill(tracker_app, people, clock,
                                                       read_models, monkeypatch):
    """Without statistics, PostgreSQL's planner reads a whole new table for each batch's
    look-ups (560 s instead of 55 at 990,194 events): the replay analyzes as it goes."""
    monkeypatch.setattr(replay, "ANALYZE_FIRST", 10)
    build_dataset(tracker_app, people, clock, count=12)
    name = staging.staging_name(read_models.tracker.settings.database_url)
    estimated = []

    def look(_count: int) -> None:
        with read_models.engine.connect() as connection:
            estimated.append(connection.execute(text(
                "SELECT c.reltuples FROM pg_class c JOIN pg_namespace n "
                "ON n.oid = c.relnamespace WHERE n.nspname = :schema "
                "AND c.relname = 'board_versions'"), {"schema": name}).scalar_one())

    read_models.rebuild(batch_size=5, on_batch=look)

    assert estimated[0] == -1  # never analyzed: the planner knows nothing
    assert max(estimated) > 0  # analyzed during the replay, before the swap


def test_the_rebuilt_tables_are_vacuumed_so_counts_read_an_index(
        tracker_app, people, clock, read_models):
    build_dataset(tracker_app, people, clock, count=12)

    read_models.rebuild(batch_size=5)

    schema = read_model_schema(read_models.tracker.settings.database_url) or "public"
    with read_models.engine.connect() as connection:
        all_visible = connection.execute(text(
            "SELECT c.relallvisible FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = :schema AND c.relname = 'board'"),
            {"schema": schema}).scalar_one()
    assert all_visible > 0  # the visibility map is set: index-only scans need no heap
