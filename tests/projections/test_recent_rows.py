"""The rows a read model wrote in this process's last batches serve its next ones
(projections/recent.py): a batch continuing them reads none back, and whatever another
process, a rebuild or a failed batch did in between, the tables end as a clean rebuild
makes them."""

from __future__ import annotations

from sqlalchemy import event, select

from projections.events import ALL_EVENTS, RECOMMENDATION_EVENTS
from projections.history import HistoryProjection
from projections.recent import RecentRows
from projections.registry import read_models as registered
from projections.runner import ReadModels
from tests.projections.conftest import build_dataset
from tests.tracker.scenario import give, raise_one

KEPT_TABLES = ("desk_files", "desk_people", "audit_subjects", "board_versions")


def every_row(engine) -> dict[str, list[tuple]]:
    """Every row of every read model's tables, in a stable order."""
    tables = [table for projection in registered() for table in projection.tables]
    with engine.connect() as connection:
        return {table.name: sorted((tuple(map(repr, row)) for row in
                                    connection.execute(select(table))))
                for table in tables}


def as_rebuilt(tracker_app) -> dict:
    fresh = ReadModels(tracker_app)
    try:
        fresh.rebuild()
        return every_row(fresh.engine)
    finally:
        fresh.engine.dispose()


def reads_of_kept_tables(engine, action) -> list[str]:
    seen = []

    def spy(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")) and any(
                name in statement for name in KEPT_TABLES):
            seen.append(statement)
    event.listen(engine, "before_cursor_execute", spy)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", spy)
    return seen


def test_a_batch_continuing_this_processs_own_reads_none_of_its_rows_back(
        tracker_app, people, clock, read_models):
    first = raise_one(tracker_app, people, clock).recommendation_id
    read_models.catch_up()
    give(tracker_app, people, clock, first, "escalate")
    give(tracker_app, people, clock, first, "acknowledge", by="reg_segou")
    assert reads_of_kept_tables(read_models.engine, read_models.catch_up) == []
    assert every_row(read_models.engine) == as_rebuilt(tracker_app)


def test_what_another_process_wrote_in_between_is_read_from_the_tables(
        tracker_app, people, clock, read_models):
    build_dataset(tracker_app, people, clock, count=6)
    file = raise_one(tracker_app, people, clock).recommendation_id
    read_models.catch_up()
    other = ReadModels(tracker_app)
    try:
        give(tracker_app, people, clock, file, "escalate")
        other.catch_up()  # the other process moves the positions and the rows
        give(tracker_app, people, clock, file, "acknowledge", by="reg_segou")
        reads = reads_of_kept_tables(read_models.engine, read_models.catch_up)
    finally:
        other.engine.dispose()
    assert reads  # not from memory: its rows of that file are no longer the tables'
    assert every_row(read_models.engine) == as_rebuilt(tracker_app)


def test_a_rebuild_in_between_leaves_nothing_stale(tracker_app, people, clock, read_models):
    build_dataset(tracker_app, people, clock, count=6)
    file = raise_one(tracker_app, people, clock).recommendation_id
    read_models.catch_up()
    read_models.rebuild()
    give(tracker_app, people, clock, file, "escalate")
    read_models.catch_up()
    assert every_row(read_models.engine) == as_rebuilt(tracker_app)


class _Noting:
    """A read model that keeps what it writes, and fails its write when told."""

    name, version, tables, replay_weight = "noting", 1, (), 0
    handled, ignored = RECOMMENDATION_EVENTS, ALL_EVENTS - RECOMMENDATION_EVENTS

    def __init__(self):
        self.recent, self.fail = RecentRows(), False

    def prepare(self, connection, numbered_events):
        def write(connection) -> None:
            self.recent.note({position: "written" for position, _ in numbered_events})
            if self.fail:
                raise RuntimeError("this write fails")
        return write

    def remember(self) -> None:
        self.recent.remember()

    def forget(self) -> None:
        self.recent.forget()


def test_rows_are_kept_once_their_batch_committed_and_forgotten_when_it_failed(
        tracker_app, people, clock):
    noting = _Noting()
    models = ReadModels(tracker_app, projections=[HistoryProjection(), noting])
    try:
        raise_one(tracker_app, people, clock)
        models.catch_up()
        assert len(noting.recent) == 1
        noting.fail = True  # every write of it fails: its events become dead letters
        raise_one(tracker_app, people, clock)
        models.catch_up()
        assert len(noting.recent) == 0  # noted in a rolled-back transaction: forgotten
        assert [letter.read_model for letter in models.dead_letters()] == ["noting"]
    finally:
        models.engine.dispose()


def test_the_least_recently_written_go_first():
    recent = RecentRows(most=2)
    recent.note({"a": {"v": 1}, "b": {"v": 1}})
    recent.remember()
    recent.note({"a": {"v": 2}, "c": {"v": 1}})
    assert recent.get("c") is None  # noted, not committed yet
    recent.remember()
    assert (recent.get("a"), recent.get("b"), recent.get("c")) == ({"v": 2}, None, {"v": 1})
    copy = recent.get("a")
    copy["v"] = 99
    assert recent.get("a") == {"v": 2}  # the caller folds into a copy


def test_a_rebuild_keeps_no_rows_and_the_catch_ups_after_it_do(
        tracker_app, people, clock, read_models):
    # A rebuild's batches hold thousands of files: its memory is counted (≤ 300 MB).
    build_dataset(tracker_app, people, clock, count=6)
    desk = next(p for p in read_models.projections if p.name == "desk")
    read_models.rebuild()
    assert len(desk.recent) == 0
    raise_one(tracker_app, people, clock)
    read_models.catch_up()
    assert len(desk.recent) == 1
