"""Aggregates load through the tracker's repository, folded without the library's
per-event protocol check: the same state as the library's own fold, at any version, from
snapshots too."""

from __future__ import annotations

from eventsourcing.application import project_aggregate

from domain.vocabulary import ACCEPTED, REGION
from tests.tracker.protocols import counting_protocol_checks
from tests.tracker.scenario import drive_to
from tracker.repository import FoldingRepository


def _state(aggregate) -> dict:
    return {name: value for name, value in vars(aggregate).items()
            if name != "_pending_events"}


def test_a_file_loads_as_the_librarys_fold_makes_it_at_every_version(
        tracker_app, people, clock):
    file_id = drive_to(tracker_app, people, clock, (REGION, ACCEPTED))
    repository = tracker_app.repository
    assert isinstance(repository, FoldingRepository)
    current = repository.get(file_id)
    assert current.version >= 3
    for version in range(1, current.version + 1):
        ours = repository.get(file_id, version=version)
        theirs = repository.get(file_id, version=version, projector_func=project_aggregate)
        assert ours.version == version and _state(ours) == _state(theirs)


def test_an_account_loads_without_any_protocol_check(tracker_app, people, monkeypatch):
    checks = counting_protocol_checks(monkeypatch)
    account = tracker_app.repository.get(people["sec_segou"].user_id)
    assert account.username and "CanMutateProtocol" not in checks
    tracker_app.repository.get(people["sec_segou"].user_id, projector_func=project_aggregate)
    assert "CanMutateProtocol" in checks  # what the library's fold would have cost


def test_loading_a_file_or_an_account_never_asks_for_a_snapshot(
        tracker_app, people, clock, monkeypatch):
    # Only registers of file numbers have snapshots: looking for one before every load
    # was a query more for each, two per API request.
    asked = []
    monkeypatch.setattr(tracker_app.snapshots, "get",
                        lambda *args, **kwargs: asked.append(args) or [])
    file_id = drive_to(tracker_app, people, clock, (REGION, ACCEPTED))
    tracker_app.repository.get(file_id)
    tracker_app.repository.get(people["sec_segou"].user_id)
    assert asked == []
