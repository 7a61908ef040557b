"""Two people acting on the same file at the same moment, through two Tracker instances on
one SQLite database (as two web workers would): exactly one wins, the other is told its
view is stale, and exactly one event is appended."""

from __future__ import annotations

import threading

import pytest

from tests.conftest import raise_fields
from tests.domain.lifecycle import AWAITING, REGION
from tests.tracker.scenario import command_fields, drive_to
from tracker.application import Tracker
from tracker.authorization import StaleVersion


def test_the_second_of_two_interleaved_commands_is_stale_and_records_nothing(
        tracker_app, settings, people, clock, head, monkeypatch):
    recommendation_id = drive_to(tracker_app, people, clock, (REGION, AWAITING))
    other_worker = Tracker(settings, clock=clock)
    before = head()
    loaded = other_worker._visible

    def load_then_let_the_first_worker_acknowledge(*args, **kwargs):
        recommendation = loaded(*args, **kwargs)
        # Between this worker's load and its save, the first worker acknowledges.
        tracker_app.act(people["reg_segou"], recommendation_id, "acknowledge")
        return recommendation

    monkeypatch.setattr(other_worker, "_visible", load_then_let_the_first_worker_acknowledge)

    with pytest.raises(StaleVersion):
        other_worker.act(people["reg_segou"], recommendation_id, "request-clarification",
                         **command_fields("request-clarification", clock))

    assert head() == before + 1
    events = list(tracker_app.events.get(recommendation_id))
    assert [type(e).__name__ for e in events[-2:]] == ["EscalatedToRegion", "Acknowledged"]


@pytest.mark.parametrize("workers", [2, 4])
def test_concurrent_acknowledge_and_request_for_clarification_one_wins(
        tracker_app, settings, people, clock, head, workers):
    recommendation_id = drive_to(tracker_app, people, clock, (REGION, AWAITING))
    instances = [Tracker(settings, clock=clock) for _ in range(workers)]
    commands = ["acknowledge", "request-clarification"] * (workers // 2)
    before = head()
    start = threading.Barrier(workers)
    outcomes = [None] * workers

    def worker(index):
        start.wait()
        try:
            instances[index].act(people["reg_segou"], recommendation_id, commands[index],
                                 expected_version=2,
                                 **command_fields(commands[index], clock))
            outcomes[index] = "ok"
        except StaleVersion:
            outcomes[index] = "stale"
        except Exception as error:  # noqa: BLE001 - reported in the assertion below
            outcomes[index] = repr(error)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["ok"] + ["stale"] * (workers - 1)
    assert head() == before + 1
    winner = commands[outcomes.index("ok")]
    recommendation = tracker_app.recommendation(people["crss"], recommendation_id)
    assert recommendation.version == 3
    assert recommendation.status == {"acknowledge": "acknowledged",
                                     "request-clarification": "clarification_requested"}[winner]


def test_concurrent_raises_with_one_request_id_create_one_recommendation(
        tracker_app, settings, people, clock, head):
    instances = [tracker_app, Tracker(settings, clock=clock), Tracker(settings, clock=clock)]
    before = head()
    start = threading.Barrier(len(instances))
    results = [None] * len(instances)

    def worker(index):
        start.wait()
        results[index] = instances[index].raise_recommendation(
            people["sec_segou"], **raise_fields(clock, request_id="session-mars"))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(instances))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len({result.recommendation_id for result in results}) == 1
    assert sum(result.created for result in results) == 1
    assert head() == before + 2  # the file and its number
