"""The three commands added through the catalogue, in the aggregate: follow-up, chase-up
(once in 24 hours), report-progress (a whole percentage and a note)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.recommendation import ChasedUpRecently, InvalidInput
from domain.time import events_timed_by
from tests.domain.lifecycle import (
    ACCEPTED, ACKNOWLEDGED, AWAITING, NATIONAL, NOW, REGION, give, in_state,
)


@pytest.mark.parametrize("state", [(REGION, AWAITING), (NATIONAL, ACKNOWLEDGED),
                                   (REGION, ACCEPTED)])
def test_follow_up_changes_neither_level_nor_status(state):
    recommendation = in_state(*state)
    give(recommendation, "follow-up", note="  La mairie a un devis.  ")
    [event] = recommendation.collect_events()
    assert type(event).__name__ == "FollowedUp" and event.note == "La mairie a un devis."
    assert recommendation.state == state


def _chase_up_at(recommendation, moment):
    with events_timed_by(lambda: moment):  # the event's time is the application's clock
        give(recommendation, "chase-up", now=moment)


def test_a_second_chase_up_within_24_hours_is_refused_and_records_nothing():
    recommendation = in_state(REGION, AWAITING)
    _chase_up_at(recommendation, NOW)
    recommendation.collect_events()

    with pytest.raises(ChasedUpRecently):
        _chase_up_at(recommendation, NOW + timedelta(hours=23, minutes=59))
    assert recommendation.pending_events == []

    _chase_up_at(recommendation, NOW + timedelta(hours=24))
    [event] = recommendation.collect_events()
    assert event.level == REGION


def test_chase_up_note_is_optional_and_at_most_2000_characters():
    recommendation = in_state(REGION, AWAITING)
    with pytest.raises(InvalidInput):
        give(recommendation, "chase-up", note="x" * 2001)
    give(recommendation, "chase-up", note="   ")
    [event] = recommendation.collect_events()
    assert event.note is None


@pytest.mark.parametrize("percent, ok", [(0, True), (100, True), (55, True), (-1, False),
                                         (101, False), (40.5, False), ("40", False),
                                         (True, False), (None, False)])
def test_progress_is_a_whole_percentage(percent, ok):
    recommendation = in_state(REGION, ACCEPTED)
    if ok:
        give(recommendation, "report-progress", percent=percent)
        assert recommendation.progress == percent
    else:
        with pytest.raises(InvalidInput) as refusal:
            give(recommendation, "report-progress", percent=percent)
        assert "percent" in refusal.value.errors
        assert recommendation.pending_events == []


@pytest.mark.parametrize("note", ["court", "x" * 2001, None])
def test_progress_note_is_10_to_2000_characters(note):
    recommendation = in_state(REGION, ACCEPTED)
    with pytest.raises(InvalidInput) as refusal:
        give(recommendation, "report-progress", note=note)
    assert list(refusal.value.errors) == ["note"]


def test_progress_leaves_the_file_accepted_until_implementation_is_reported():
    recommendation = in_state(NATIONAL, ACCEPTED)
    give(recommendation, "report-progress", percent=100)
    assert recommendation.state == (NATIONAL, ACCEPTED)
    give(recommendation, "report-implementation")
    assert recommendation.status == "implemented"
