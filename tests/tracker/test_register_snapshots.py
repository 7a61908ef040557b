"""A commune's register of file numbers is read from a snapshot every 25 numbers, so a raise
late in a busy year reads a few events, not the year's; the numbers stay as they were (no
gap, no double)."""

from __future__ import annotations

from domain.file_numbers import FileNumbers, register_id
from tests.conftest import raise_fields


def test_a_register_is_read_from_its_snapshot_and_numbers_go_on(tracker_app, people, clock):
    secretary = people["sec_segou"]
    references = [tracker_app.recommendation(secretary, tracker_app.raise_recommendation(
        secretary, **raise_fields(clock, title=f"Éclairage du quartier n°{n}"))
        .recommendation_id).reference for n in range(1, 31)]

    register = register_id("SEG", clock.today.year)
    snapshots = list(tracker_app.snapshots.get(register))
    assert [snapshot.originator_version for snapshot in snapshots] == [25]
    assert references == [f"SEG-{clock.today.year}-{n:03d}" for n in range(1, 31)]
    restored = tracker_app.repository.get(register)
    assert isinstance(restored, FileNumbers) and len(restored.files) == 30
