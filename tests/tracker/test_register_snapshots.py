"""A raise reads only the last event of its commune's register of file numbers; a register
read whole (a file found by its reference) starts from a snapshot taken every 100 numbers,
so it replays a few events, not the year's; the numbers stay as they were (no gap, no
double)."""

from __future__ import annotations

from domain.file_numbers import FileNumbers, register_id
from tests.conftest import raise_fields
from tracker.file_numbers import REGISTER_SNAPSHOT_EVERY as EVERY


def test_a_register_is_read_from_its_snapshot_and_numbers_go_on(tracker_app, people, clock,
                                                                 monkeypatch):
    secretary = people["sec_segou"]
    references = [tracker_app.recommendation(secretary, tracker_app.raise_recommendation(
        secretary, **raise_fields(clock, title=f"Éclairage du quartier n°{n}"))
        .recommendation_id).reference for n in range(1, EVERY + 6)]

    register = register_id("SEG", clock.today.year)
    snapshots = list(tracker_app.snapshots.get(register))
    assert [snapshot.originator_version for snapshot in snapshots] == [EVERY]
    assert references == [f"SEG-{clock.today.year}-{n:03d}" for n in range(1, EVERY + 6)]
    restored = tracker_app.registers.get(register)
    assert isinstance(restored, FileNumbers) and len(restored.files) == EVERY + 5
    read = []
    real_get = tracker_app.events.get

    def get(*args, **kwargs):
        events = list(real_get(*args, **kwargs))
        read.extend(events)
        return events
    monkeypatch.setattr(tracker_app.events, "get", get)
    assert len(tracker_app.registers.get(register).files) == EVERY + 5
    assert len(read) == 5  # the numbers after the snapshot, not the year's


def test_a_raise_reads_the_last_number_not_the_register(tracker_app, people, clock,
                                                       monkeypatch):
    secretary = people["sec_segou"]
    for n in range(1, 4):
        tracker_app.raise_recommendation(secretary, **raise_fields(clock, title=f"Puits n°{n}"))
    register = register_id("SEG", clock.today.year)
    real_get = tracker_app.repository.get

    def get(aggregate_id, *args, **kwargs):
        assert aggregate_id != register, "a raise read the year's register whole"
        return real_get(aggregate_id, *args, **kwargs)
    monkeypatch.setattr(tracker_app.repository, "get", get)

    raised = tracker_app.raise_recommendation(secretary, **raise_fields(clock, title="Puits"))

    monkeypatch.undo()
    assert tracker_app.recommendation(secretary, raised.recommendation_id).reference == \
        f"SEG-{clock.today.year}-004"
    assert tracker_app.repository.get(register).file_numbered(4) == str(raised.recommendation_id)


def test_a_registers_next_snapshot_is_taken_from_the_last_one(tracker_app, people, clock,
                                                              monkeypatch):
    secretary = people["sec_segou"]
    for n in range(1, 2 * EVERY):
        tracker_app.raise_recommendation(secretary, **raise_fields(clock, title=f"Puits n°{n}"))
    register = register_id("SEG", clock.today.year)
    read = []
    real_get = tracker_app.events.get

    def get(originator_id, *args, **kwargs):
        events = list(real_get(originator_id, *args, **kwargs))
        if originator_id == register:
            read.extend(events)
        return events
    monkeypatch.setattr(tracker_app.events, "get", get)

    tracker_app.raise_recommendation(secretary, **raise_fields(clock, title="Puits"))

    snapshots = list(tracker_app.snapshots.get(register))
    assert [snapshot.originator_version for snapshot in snapshots] == [EVERY, 2 * EVERY]
    restored = tracker_app.registers.get(register)
    assert len(restored.files) == 2 * EVERY and restored.file_numbered(2 * EVERY)
    # The raise read the register's last event; its snapshot, the numbers since the last.
    assert len(read) <= EVERY + 1
