"""Keeping the read models in step: positions stored with the rows, restart, rebuild,
two catch-ups at once, and read-your-writes."""

from __future__ import annotations

import threading
from uuid import UUID

import pytest
from sqlalchemy import func, select

from projections.history import HistoryProjection
from projections.runner import ReadModels
from storage.tables import board, history, positions
from tests.projections.conftest import build_dataset, snapshot
from tests.tracker.scenario import give, raise_one


READ_MODELS = ("board", "history", "accounts", "audit_log", "desk", "board_versions", "sessions",
               "attachments")


def recommendation_event_count(tracker) -> int:
    return sum(1 for n in tracker.recorder.select_notifications(start=1, limit=100_000)
               if n.topic.startswith("domain.recommendation:"))


def assert_each_event_applied_once(tracker, people, read_models) -> None:
    rows = snapshot(read_models.engine)
    positions = [row["position"] for row in rows["history"]]
    assert len(positions) == len(set(positions)) == recommendation_event_count(tracker)
    for row in rows["board"]:
        aggregate = tracker.recommendation(people["auditor"], UUID(row["id"]))
        assert row["version"] == aggregate.version
        assert (row["level"], row["status"]) == aggregate.state
        versions = [h["version"] for h in rows["history"] if h["recommendation_id"] == row["id"]]
        assert versions == list(range(1, aggregate.version + 1))


# ---- catch_up -----------------------------------------------------------------------------
def test_catch_up_applies_every_event_and_records_the_head_as_position(
        tracker_app, people, clock, read_models, head):
    build_dataset(tracker_app, people, clock, count=8)

    read = read_models.catch_up()

    assert read == head()
    assert read_models.positions() == dict.fromkeys(READ_MODELS, head())
    assert [status.lag for status in read_models.status()] == [0] * len(READ_MODELS)
    assert_each_event_applied_once(tracker_app, people, read_models)


def test_catch_up_when_up_to_date_reads_nothing(tracker_app, people, clock, read_models):
    raise_one(tracker_app, people, clock)
    read_models.catch_up()
    before = snapshot(read_models.engine)

    assert read_models.catch_up() == 0
    assert snapshot(read_models.engine) == before


def test_status_reports_the_lag_of_each_read_model(tracker_app, people, clock, read_models,
                                                   head):
    read_models.catch_up()
    raise_one(tracker_app, people, clock)
    raise_one(tracker_app, people, clock)

    # Two events a raise: the file's, and its number's.
    assert {(s.name, s.lag, s.head) for s in read_models.status()} == {
        (name, 4, head()) for name in READ_MODELS}


def test_catching_up_in_small_steps_gives_what_one_big_batch_gives(
        tracker_app, people, clock, read_models):
    # Catching up after every few commands folds new events into rows already written.
    for round_ in range(4):
        build_dataset(tracker_app, people, clock, count=5 + round_)
        read_models.catch_up(batch_size=7)
    stepwise = snapshot(read_models.engine)

    read_models.rebuild(batch_size=1000)

    assert snapshot(read_models.engine) == stepwise


# ---- wait_for -----------------------------------------------------------------------------
def test_wait_for_makes_a_command_visible_on_the_board(tracker_app, people, clock,
                                                       read_models):
    from projections.queries import board_row

    raised = raise_one(tracker_app, people, clock)
    read_models.wait_for(raised.position)
    result = give(tracker_app, people, clock, raised.recommendation_id, "escalate")
    assert board_row(read_models.engine, raised.recommendation_id)["status"] == "open"

    read_models.wait_for(result.position)

    row = board_row(read_models.engine, raised.recommendation_id)
    assert (row["level"], row["status"], row["version"]) == (
        "region", "awaiting_acknowledgement", result.version)


def test_wait_for_a_position_already_reached_reads_nothing(tracker_app, people, clock,
                                                           read_models, monkeypatch):
    raised = raise_one(tracker_app, people, clock)
    read_models.catch_up()
    monkeypatch.setattr(read_models, "catch_up",
                        lambda *a, **k: pytest.fail("caught up for nothing"))

    read_models.wait_for(raised.position)


# ---- restart ------------------------------------------------------------------------------
def test_a_catch_up_after_its_own_batch_does_not_read_the_positions_again(
        tracker_app, people, clock, read_models, head, monkeypatch):
    # The projector catches up after every command: the positions its last batch left
    # are where the next one starts, a query less each time.
    raise_one(tracker_app, people, clock)
    read_models.catch_up()
    asked = []
    real = read_models.positions
    monkeypatch.setattr(read_models, "positions", lambda: asked.append(1) or real())
    raise_one(tracker_app, people, clock)
    assert read_models.catch_up() > 0 and asked == []
    assert real() == dict.fromkeys(READ_MODELS, head())
    assert_each_event_applied_once(tracker_app, people, read_models)


def test_positions_set_back_elsewhere_are_read_when_nothing_new_seems_to_come(
        tracker_app, people, clock, read_models, head):
    # Another process set a read model back to the start (an upgrade rebuilding it): what
    # this process remembers of the positions must not make it believe it is done.
    build_dataset(tracker_app, people, clock, count=4)
    read_models.catch_up()
    other = ReadModels(tracker_app, projections=[HistoryProjection()], create=False)
    try:
        with other.engine.begin() as connection:
            connection.execute(history.delete())
            connection.execute(positions.update().where(positions.c.name == "history")
                               .values(position=0))
        assert read_models.catch_up() == head()
        assert_each_event_applied_once(tracker_app, people, read_models)
    finally:
        other.engine.dispose()


def test_a_restarted_read_model_resumes_where_it_stopped(tracker_app, people, clock,
                                                         read_models, head):
    build_dataset(tracker_app, people, clock, count=10)
    read_models.catch_up(batch_size=7)
    stopped_at = head()
    read_models.engine.dispose()
    build_dataset(tracker_app, people, clock, count=6)

    restarted = ReadModels(tracker_app)
    try:
        assert restarted.positions()["board"] == stopped_at
        assert restarted.catch_up(batch_size=7) == head() - stopped_at
        assert_each_event_applied_once(tracker_app, people, restarted)
    finally:
        restarted.engine.dispose()


def test_a_crash_in_the_middle_of_a_batch_leaves_neither_rows_nor_position(
        tracker_app, people, clock, read_models, head, monkeypatch):
    build_dataset(tracker_app, people, clock, count=6)
    read_models.catch_up(batch_size=7)
    before = snapshot(read_models.engine)
    build_dataset(tracker_app, people, clock, count=6)
    calls = []

    class PowerCut(BaseException):
        """The process stopping there (an error of a fold would be a dead letter instead,
        tests/projections/test_dead_letters.py)."""

    def crash_after_board_rows_are_written(self, connection, numbered_events):
        def write(connection):  # the board's rows (written first) are in the transaction
            calls.append(len(numbered_events))
            raise PowerCut()
        return write

    monkeypatch.setattr(HistoryProjection, "prepare", crash_after_board_rows_are_written)
    with pytest.raises(PowerCut):
        read_models.catch_up(batch_size=7)
    assert calls and snapshot(read_models.engine) == before
    monkeypatch.undo()

    restarted = ReadModels(tracker_app)
    try:
        restarted.catch_up(batch_size=7)
        assert restarted.positions()["history"] == head()
        assert_each_event_applied_once(tracker_app, people, restarted)
    finally:
        restarted.engine.dispose()


# ---- rebuild ------------------------------------------------------------------------------
def test_rebuild_drops_and_replays_to_identical_tables(tracker_app, people, clock,
                                                       read_models, head):
    build_dataset(tracker_app, people, clock, count=36)
    read_models.catch_up()
    before = snapshot(read_models.engine)
    batches = []

    replayed = read_models.rebuild(batch_size=7, on_batch=batches.append)

    assert replayed == head() == sum(batches)
    assert len(batches) == -(-head() // 7) > 10
    assert snapshot(read_models.engine) == before
    assert len(before["board"]) == 36 and len(before["accounts"]) == 8
    assert len({row["status"] for row in before["board"]}) == 8


def test_rebuild_forgets_rows_that_were_not_from_events(tracker_app, people, clock,
                                                        read_models):
    raise_one(tracker_app, people, clock)
    read_models.catch_up()
    expected = snapshot(read_models.engine)
    with read_models.engine.begin() as connection:
        connection.execute(board.update().values(title="Bricolé à la main"))
        connection.execute(history.delete())

    read_models.rebuild()

    assert snapshot(read_models.engine) == expected


# ---- several processes at once -------------------------------------------------------------
def _together(count, action):
    """Run ``action(index)`` in ``count`` threads released at the same moment."""
    start, errors = threading.Barrier(count), []

    def run(index):
        start.wait()
        try:
            action(index)
        except Exception as error:  # noqa: BLE001 - reported by the caller
            errors.append(error)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_several_processes_can_start_their_read_models_on_a_fresh_database(
        tracker_app, people, clock, head):
    raise_one(tracker_app, people, clock)
    started = [None] * 4

    def start(index):
        started[index] = ReadModels(tracker_app)

    try:
        assert _together(4, start) == []
        assert started[0].positions() == dict.fromkeys(READ_MODELS, 0)
        started[0].catch_up()
        assert started[3].positions()["board"] == head()
    finally:
        for models in started:
            if models:
                models.engine.dispose()


# ---- two catch-ups at once ----------------------------------------------------------------
@pytest.mark.parametrize("runners", [2, 3])
def test_concurrent_catch_ups_apply_each_event_exactly_once(tracker_app, people, clock,
                                                            read_models, head, runners):
    build_dataset(tracker_app, people, clock, count=24)
    others = [ReadModels(tracker_app) for _ in range(runners - 1)]
    everyone = [read_models, *others]

    errors = _together(runners, lambda index: everyone[index].catch_up(batch_size=5))

    try:
        assert errors == []
        assert read_models.positions() == {name: head()
                                           for name in READ_MODELS}
        assert_each_event_applied_once(tracker_app, people, read_models)
        with read_models.engine.connect() as connection:
            assert connection.execute(select(func.count()).select_from(board)).scalar() == 24
        expected = snapshot(read_models.engine)
        read_models.rebuild()
        assert snapshot(read_models.engine) == expected
    finally:
        for models in others:
            models.engine.dispose()
