"""Aggregates and events are saved without the library's runtime protocol checks, and
what is saved is what the library's own collection would have saved."""

from __future__ import annotations

from eventsourcing.application import ProcessingEvent

from domain.file_numbers import FileNumbers
from tests.tracker.protocols import counting_protocol_checks
from tests.tracker.scenario import give, raise_one
from tracker.saving import collected


def test_commands_save_without_any_protocol_check(tracker_app, people, clock, monkeypatch):
    checks = counting_protocol_checks(monkeypatch)
    raised = raise_one(tracker_app, people, clock)  # the file and its register's number
    give(tracker_app, people, clock, raised.recommendation_id, "escalate")
    assert checks == []
    assert tracker_app.repository.get(raised.recommendation_id).version == 2


def test_what_is_collected_is_what_the_library_collects():
    numbered = FileNumbers(code="SEG", year=2026, commune="segou", number=1,
                           recommendation_id="f1")
    loose_event = FileNumbers(code="SEG", year=2027, commune="segou", number=1,
                              recommendation_id="f2").collect_events()[0]
    theirs = ProcessingEvent()
    theirs.collect_events(numbered, None, loose_event, note="x")
    numbered_again = FileNumbers(code="SEG", year=2026, commune="segou", number=1,
                                 recommendation_id="f1")
    ours = collected((numbered_again, None, loose_event), {"note": "x"})

    assert [type(event) for event in ours.events] == [type(event) for event in theirs.events]
    assert [(event.originator_id, event.originator_version) for event in ours.events] == \
        [(event.originator_id, event.originator_version) for event in theirs.events]
    assert list(ours.aggregates) == list(theirs.aggregates) == [numbered.id]
    assert ours.saved_kwargs == theirs.saved_kwargs == {"note": "x"}


def test_an_object_of_another_kind_is_collected_by_the_library(monkeypatch):
    seen = []
    monkeypatch.setattr(ProcessingEvent, "collect_events",
                        lambda self, *objs, **kwargs: seen.extend(objs))
    stranger = object()
    collected((stranger,), {})
    assert seen == [stranger]
