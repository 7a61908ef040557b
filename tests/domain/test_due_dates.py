"""Acknowledgement deadlines: due when the file is escalated, restarted by a clarification,
cleared by the acknowledgement and by reopening."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.domain.lifecycle import (
    ACKNOWLEDGED, AWAITING, CLARIFICATION, COMMUNE, NATIONAL, NOW, OPEN, REGION, give,
    in_state,
)


# ---- escalate -----------------------------------------------------------------------------
@pytest.mark.parametrize("start, days", [((COMMUNE, OPEN), 15), ((REGION, ACKNOWLEDGED), 30),
                                         ((COMMUNE, OPEN), 7), ((REGION, ACKNOWLEDGED), 0)])
def test_escalation_sets_the_due_time_from_the_deadline_given(start, days):
    recommendation = in_state(*start)
    moment = NOW + timedelta(days=2, hours=3)

    give(recommendation, "escalate", now=moment, deadline_days=days)

    assert recommendation.due_by == moment + timedelta(days=days)
    [event] = recommendation.collect_events()
    assert event.due_by == moment + timedelta(days=days)


def test_raised_recommendation_is_not_due():
    assert in_state(COMMUNE, OPEN).due_by is None


# ---- acknowledge / request-clarification -----------------------------------------------------
@pytest.mark.parametrize("level", [REGION, NATIONAL])
def test_acknowledgement_clears_the_due_time(level):
    recommendation = in_state(level, AWAITING)
    assert recommendation.due_by is not None

    give(recommendation, "acknowledge")

    assert recommendation.due_by is None


def test_request_for_clarification_keeps_the_due_time():
    recommendation = in_state(REGION, AWAITING)
    due = recommendation.due_by

    give(recommendation, "request-clarification")

    assert recommendation.due_by == due


# ---- clarify --------------------------------------------------------------------------------
@pytest.mark.parametrize("level, days", [(REGION, 15), (NATIONAL, 30)])
def test_clarification_restarts_the_deadline_from_the_answer(level, days):
    recommendation = in_state(level, AWAITING)
    give(recommendation, "request-clarification")
    answered_at = NOW + timedelta(days=12)

    give(recommendation, "clarify", now=answered_at, deadline_days=days)

    assert recommendation.state == (level, AWAITING)
    assert recommendation.due_by == answered_at + timedelta(days=days)
    [_, event] = recommendation.collect_events()
    assert event.due_by == answered_at + timedelta(days=days)


def test_clarification_restarts_even_when_the_first_deadline_had_passed():
    recommendation = in_state(REGION, CLARIFICATION)
    answered_at = NOW + timedelta(days=40)

    give(recommendation, "clarify", now=answered_at, deadline_days=15)

    assert recommendation.due_by == answered_at + timedelta(days=15) > answered_at


# ---- reopen ---------------------------------------------------------------------------------
def test_reopening_clears_the_due_time():
    recommendation = in_state(NATIONAL, AWAITING)
    give(recommendation, "acknowledge")
    give(recommendation, "decline")

    give(recommendation, "reopen")

    assert recommendation.due_by is None
    assert recommendation.state == (COMMUNE, OPEN)
