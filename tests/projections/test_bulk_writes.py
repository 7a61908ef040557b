"""The fast write path of the read models: rows written in bulk straight to the driver
store exactly what SQLAlchemy's types would, changes to rows of earlier batches are
written without reading them (except for the search text), and a rebuild, which builds
the indexes at the end, leaves every index in place."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sqlalchemy import inspect, insert, select

from projections import replay, runner
from projections.bulk import writer_for
from projections.queries import BoardFilters, board_page, board_row
from projections.text import searchable
from storage.tables import board, history, metadata
from tests.projections.conftest import build_dataset, snapshot
from tests.tracker.scenario import give, raise_one


def stored_text(connection, table, column, key_column, key):
    """What the database holds, read without SQLAlchemy's result processing."""
    return connection.exec_driver_sql(
        f"SELECT {column} FROM {table} WHERE {key_column} = "
        f"{'?' if connection.dialect.name == 'sqlite' else '%s'}", (key,)).scalar_one()


def test_bulk_values_are_stored_as_sqlalchemy_stores_them(read_models):
    moment = datetime(2026, 3, 10, 9, 0, 0, 120, tzinfo=timezone.utc)
    on_the_hour = datetime(2026, 3, 10, 10, tzinfo=timezone(timedelta(hours=1)))
    details = {"meeting_date": date(2026, 3, 1), "changes": {"title": {"after": "É"}}}
    as_json = {"meeting_date": "2026-03-01", "changes": {"title": {"after": "É"}}}
    with read_models.engine.begin() as connection:
        writer = writer_for(connection)
        for position, at in ((1, moment), (3, on_the_hour)):
            connection.execute(insert(history), {
                "position": position, "recommendation_id": "r", "version": position,
                "at": at, "event_type": "Noted", "details": as_json})
            writer.insert(connection, history, ("position", "recommendation_id", "version",
                                                "at", "event_type", "details"),
                          [(position + 1, "r", position + 1, writer.timestamp(at), "Noted",
                            writer.json(details))])
        for position in (1, 3):
            assert (stored_text(connection, "history", "at", "position", position)
                    == stored_text(connection, "history", "at", "position", position + 1))
        rows = connection.execute(select(history).order_by(history.c.position)).all()
    assert [row.at for row in rows] == [moment, moment, on_the_hour, on_the_hour]
    assert {row.at.tzinfo for row in rows} == {timezone.utc}
    assert [row.details for row in rows] == [as_json] * 4


def test_an_amendment_in_a_later_batch_keeps_the_search_text_whole(
        tracker_app, people, clock, read_models):
    raised = raise_one(tracker_app, people, clock, title="Lampadaires du marché de Pélengana",
                       description="Dix lampadaires solaires.")
    read_models.catch_up()

    tracker_app.act(people["sec_segou"], raised.recommendation_id, "amend",
                    description="Vingt projecteurs à la gare routière.")
    read_models.catch_up()

    row = board_row(read_models.engine, raised.recommendation_id)
    assert row["search_text"] == searchable("SEG-2026-001",
                                            "Lampadaires du marché de Pélengana",
                                            "Vingt projecteurs à la gare routière.")
    assert row["version"] == 2

    def found(q):
        return board_page(read_models.engine, {}, BoardFilters(q=q)).total

    assert (found("pelengana"), found("projecteurs gare"), found("solaires")) == (1, 1, 0)


def test_changes_to_rows_of_earlier_batches_touch_only_their_columns(
        tracker_app, people, clock, read_models):
    raised = raise_one(tracker_app, people, clock)
    read_models.catch_up()
    before = board_row(read_models.engine, raised.recommendation_id)
    clock.advance(days=2)

    give(tracker_app, people, clock, raised.recommendation_id, "escalate")
    give(tracker_app, people, clock, raised.recommendation_id, "acknowledge")
    give(tracker_app, people, clock, raised.recommendation_id, "note")
    read_models.catch_up()

    after = board_row(read_models.engine, raised.recommendation_id)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {"level", "status", "version", "last_activity"}
    assert (after["level"], after["status"], after["due_by"], after["version"]) == (
        "region", "acknowledged", None, 4)


def test_a_rebuild_leaves_every_index_in_place(tracker_app, people, clock, read_models):
    raise_one(tracker_app, people, clock)
    read_models.catch_up()

    read_models.rebuild()

    inspector = inspect(read_models.engine)
    for table in (board, history):
        present = {index["name"] for index in inspector.get_indexes(table.name)}
        assert {index.name for index in table.indexes} <= present
    assert {index.name for table in metadata.sorted_tables for index in table.indexes}


def test_a_rebuild_in_two_processes_gives_what_catching_up_gives(
        tracker_app, people, clock, read_models, head, monkeypatch):
    build_dataset(tracker_app, people, clock, count=12)
    read_models.catch_up(batch_size=7)
    expected = snapshot(read_models.engine)
    monkeypatch.setattr(runner, "PARALLEL_REBUILD_FROM", 0)
    batches = []

    replayed = read_models.rebuild(batch_size=7, on_batch=batches.append)

    assert replayed == head() == sum(batches)
    assert snapshot(read_models.engine) == expected


def test_the_two_rebuild_groups_hold_every_read_model_once(read_models):
    here, there = replay.two_groups(read_models.projections)

    assert here and there
    assert sorted(p.name for p in here + there) == sorted(p.name for p in read_models.projections)
