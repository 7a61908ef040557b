"""Every command, given by every person of ``people`` on a recommendation of Ségou in a
state that allows it: who succeeds, and why the others are refused. A refusal records
nothing."""

from __future__ import annotations

from uuid import UUID

import pytest

from domain.recommendation import InvalidInput, TransitionRefused
from tests.conftest import raise_fields
from tests.domain.lifecycle import (
    ACCEPTED, ACKNOWLEDGED, AWAITING, CLARIFICATION, COMMUNE, DECLINED, IMPLEMENTED, NATIONAL,
    OPEN, REGION, TRANSITIONS, WITHDRAWN,
)
from tests.tracker.scenario import command_fields, drive_to, raise_one
from tests.tracker.test_sessions import record as record_session
from tracker.authorization import NotFound, NotPermitted, NotYourLevel

PEOPLE_ORDER = ("sec_segou", "sec_niono", "sec_mopti", "reg_segou", "reg_mopti", "crss",
                "auditor", "admin")
OUTCOMES = {"403": NotPermitted, "404": NotFound, "409": NotYourLevel}

# command, state, then the outcome for each person, in the order of PEOPLE_ORDER:
# sec_segou sec_niono sec_mopti reg_segou reg_mopti crss auditor admin.
# ok = done; 403 NotPermitted (role), 404 NotFound (territory), 409 NotYourLevel (level).
ACCESS = [
    ("amend", (COMMUNE, OPEN),                       "ok   404  404  403  403  403  403  403"),
    ("note", (COMMUNE, OPEN),                        "ok   404  404  409  404  409  403  403"),
    ("note", (REGION, AWAITING),                     "409  404  404  ok   404  409  403  403"),
    ("note", (REGION, CLARIFICATION),                "409  404  404  ok   404  409  403  403"),
    ("note", (NATIONAL, ACKNOWLEDGED),               "409  404  404  409  404  ok   403  403"),
    ("escalate", (COMMUNE, OPEN),                    "ok   404  404  409  404  403  403  403"),
    ("escalate", (REGION, ACKNOWLEDGED),             "409  404  404  ok   404  403  403  403"),
    ("acknowledge", (REGION, AWAITING),              "403  403  403  ok   404  409  403  403"),
    ("acknowledge", (NATIONAL, AWAITING),            "403  403  403  409  404  ok   403  403"),
    ("request-clarification", (REGION, AWAITING),    "403  403  403  ok   404  409  403  403"),
    ("request-clarification", (NATIONAL, AWAITING),  "403  403  403  409  404  ok   403  403"),
    ("clarify", (REGION, CLARIFICATION),             "ok   404  404  409  404  403  403  403"),
    ("clarify", (NATIONAL, CLARIFICATION),           "409  404  404  ok   404  403  403  403"),
    ("accept", (COMMUNE, OPEN),                      "ok   404  404  409  404  409  403  403"),
    ("accept", (REGION, ACKNOWLEDGED),               "409  404  404  ok   404  409  403  403"),
    ("accept", (NATIONAL, ACKNOWLEDGED),             "409  404  404  409  404  ok   403  403"),
    ("decline", (REGION, ACKNOWLEDGED),              "403  403  403  ok   404  409  403  403"),
    ("decline", (NATIONAL, ACKNOWLEDGED),            "403  403  403  409  404  ok   403  403"),
    ("report-implementation", (COMMUNE, ACCEPTED),   "ok   404  404  409  404  409  403  403"),
    ("report-implementation", (REGION, ACCEPTED),    "409  404  404  ok   404  409  403  403"),
    ("report-implementation", (NATIONAL, ACCEPTED),  "409  404  404  409  404  ok   403  403"),
    ("withdraw", (COMMUNE, OPEN),                    "ok   404  404  403  403  403  403  403"),
    ("reopen", (COMMUNE, WITHDRAWN),                 "ok   404  404  403  403  403  403  403"),
    ("reopen", (REGION, DECLINED),                   "ok   404  404  403  403  403  403  403"),
    ("reopen", (NATIONAL, IMPLEMENTED),              "ok   404  404  403  403  403  403  403"),
    # The commune keeps a voice once its file has gone up; the region too at national level.
    ("follow-up", (REGION, AWAITING),                "ok   404  404  409  404  403  403  403"),
    ("follow-up", (REGION, ACCEPTED),                "ok   404  404  409  404  403  403  403"),
    ("follow-up", (NATIONAL, ACKNOWLEDGED),          "ok   404  404  ok   404  403  403  403"),
    ("chase-up", (REGION, AWAITING),                 "ok   404  404  409  404  403  403  403"),
    ("chase-up", (REGION, ACKNOWLEDGED),             "ok   404  404  409  404  403  403  403"),
    ("chase-up", (NATIONAL, CLARIFICATION),          "ok   404  404  ok   404  403  403  403"),
    ("report-progress", (COMMUNE, ACCEPTED),         "ok   404  404  409  404  409  403  403"),
    ("report-progress", (REGION, ACCEPTED),          "ok   404  404  ok   404  409  403  403"),
    ("report-progress", (NATIONAL, ACCEPTED),        "ok   404  404  409  404  ok   403  403"),
    # A file joins the session of its commune that put it forward, whatever its state.
    ("attach-to-session", (COMMUNE, OPEN),           "ok   404  404  403  403  403  403  403"),
    ("attach-to-session", (REGION, ACKNOWLEDGED),    "ok   404  404  403  403  403  403  403"),
    ("attach-to-session", (NATIONAL, DECLINED),      "ok   404  404  403  403  403  403  403"),
]
CASES = [
    pytest.param(command, state, person, outcome,
                 id=f"{command}-{state[0]}-{state[1]}-{person}-{outcome}")
    for command, state, row in ACCESS
    for person, outcome in zip(PEOPLE_ORDER, row.split(), strict=True)
]
LEADS_TO = {(command, start): end for command, start, end, _ in TRANSITIONS}


def test_the_table_covers_every_command_at_every_level_where_it_is_allowed():
    covered = {(command, state[0]) for command, state, _ in ACCESS}
    assert covered == {(command, start[0]) for command, start, _, _ in TRANSITIONS}
    for _, _, row in ACCESS:
        assert row.split().count("ok") >= 1


@pytest.mark.parametrize("command, state, person, outcome", CASES)
def test_each_person_may_give_each_command_only_in_their_role_and_territory(
        tracker_app, people, clock, head, command, state, person, outcome):
    recommendation_id = drive_to(tracker_app, people, clock, state)
    if command == "attach-to-session":  # a session of the file's commune, on record
        fields = {"session_id": str(record_session(tracker_app, people, clock)
                                    .recommendation_id)}
    else:
        fields = command_fields(command, clock)
    before = head()

    def act():
        return tracker_app.act(people[person], recommendation_id, command, **fields)

    if outcome == "ok":
        result = act()
        assert head() == before + 1 == result.position
        after = tracker_app.recommendation(people["auditor"], recommendation_id)
        assert after.state == LEADS_TO[(command, state)]
        assert result.version == after.version
    else:
        with pytest.raises(OUTCOMES[outcome]):
            act()
        assert head() == before
        assert tracker_app.recommendation(people["auditor"], recommendation_id).state == state


# ---- wrong state: the person who would own the command, at a moment that does not allow it --
WRONG_STATE = [
    ("amend", (REGION, AWAITING),                    "sec_segou"),
    ("amend", (COMMUNE, ACCEPTED),                   "sec_segou"),
    ("note", (COMMUNE, WITHDRAWN),                   "sec_segou"),
    ("note", (REGION, DECLINED),                     "reg_segou"),
    ("note", (NATIONAL, IMPLEMENTED),                "crss"),
    ("escalate", (COMMUNE, ACCEPTED),                "sec_segou"),
    ("escalate", (REGION, AWAITING),                 "reg_segou"),
    ("acknowledge", (REGION, ACKNOWLEDGED),          "reg_segou"),
    ("acknowledge", (NATIONAL, CLARIFICATION),       "crss"),
    ("request-clarification", (REGION, CLARIFICATION), "reg_segou"),
    ("request-clarification", (NATIONAL, ACKNOWLEDGED), "crss"),
    ("clarify", (REGION, AWAITING),                  "sec_segou"),
    ("clarify", (NATIONAL, AWAITING),                "reg_segou"),
    ("accept", (REGION, AWAITING),                   "reg_segou"),
    ("accept", (NATIONAL, ACCEPTED),                 "crss"),
    ("decline", (REGION, AWAITING),                  "reg_segou"),
    ("decline", (NATIONAL, CLARIFICATION),           "crss"),
    ("report-implementation", (COMMUNE, OPEN),       "sec_segou"),
    ("report-implementation", (REGION, DECLINED),    "reg_segou"),
    ("withdraw", (COMMUNE, ACCEPTED),                "sec_segou"),
    ("withdraw", (REGION, AWAITING),                 "sec_segou"),
    ("reopen", (COMMUNE, OPEN),                      "sec_segou"),
    ("reopen", (REGION, ACCEPTED),                   "sec_segou"),
    ("follow-up", (COMMUNE, OPEN),                   "sec_segou"),
    ("follow-up", (NATIONAL, DECLINED),              "sec_segou"),
    ("chase-up", (REGION, ACCEPTED),                 "sec_segou"),
    ("chase-up", (NATIONAL, IMPLEMENTED),            "reg_segou"),
    ("report-progress", (REGION, ACKNOWLEDGED),      "sec_segou"),
    ("report-progress", (NATIONAL, IMPLEMENTED),     "crss"),
]


@pytest.mark.parametrize("command, state, person", WRONG_STATE,
                         ids=[f"{c}-{s[0]}-{s[1]}" for c, s, _ in WRONG_STATE])
def test_command_in_a_state_that_does_not_allow_it_is_refused(
        tracker_app, people, clock, head, command, state, person):
    recommendation_id = drive_to(tracker_app, people, clock, state)
    before = head()

    with pytest.raises(TransitionRefused):
        tracker_app.act(people[person], recommendation_id, command,
                        **command_fields(command, clock))

    assert head() == before


# ---- what each person is offered --------------------------------------------------------------
OFFERED = [
    ((COMMUNE, OPEN), "sec_segou", {"amend", "note", "escalate", "accept", "withdraw",
                                     "attach-to-session"}),
    ((COMMUNE, OPEN), "reg_segou", set()),
    ((COMMUNE, OPEN), "crss", set()),
    ((REGION, AWAITING), "reg_segou", {"note", "acknowledge", "request-clarification"}),
    ((REGION, AWAITING), "sec_segou", {"follow-up", "chase-up", "attach-to-session"}),
    ((REGION, AWAITING), "crss", set()),
    ((REGION, CLARIFICATION), "sec_segou", {"clarify", "follow-up", "chase-up",
                                             "attach-to-session"}),
    ((REGION, CLARIFICATION), "reg_segou", {"note"}),
    ((REGION, ACKNOWLEDGED), "reg_segou", {"note", "escalate", "accept", "decline"}),
    ((NATIONAL, CLARIFICATION), "reg_segou", {"clarify", "follow-up", "chase-up"}),
    ((NATIONAL, CLARIFICATION), "crss", {"note"}),
    ((NATIONAL, ACKNOWLEDGED), "crss", {"note", "accept", "decline"}),
    ((NATIONAL, ACCEPTED), "crss", {"note", "report-implementation", "report-progress"}),
    ((NATIONAL, ACCEPTED), "sec_segou", {"follow-up", "report-progress",
                                            "attach-to-session"}),
    ((NATIONAL, ACCEPTED), "reg_segou", {"follow-up"}),
    ((NATIONAL, DECLINED), "sec_segou", {"reopen", "attach-to-session"}),
    ((NATIONAL, DECLINED), "crss", set()),
    ((COMMUNE, WITHDRAWN), "sec_segou", {"reopen", "attach-to-session"}),
    ((REGION, AWAITING), "auditor", set()),
]


@pytest.mark.parametrize("state, person, offered", OFFERED,
                         ids=[f"{s[0]}-{s[1]}-{p}" for s, p, _ in OFFERED])
def test_allowed_actions_are_exactly_what_the_person_may_do_now(
        tracker_app, people, clock, state, person, offered):
    recommendation_id = drive_to(tracker_app, people, clock, state)
    recommendation = tracker_app.recommendation(people[person], recommendation_id)

    assert set(tracker_app.allowed_actions(people[person], recommendation)) == offered


# ---- reading ------------------------------------------------------------------------------------
@pytest.mark.parametrize("person, sees", [
    ("sec_segou", True), ("sec_niono", False), ("sec_mopti", False), ("reg_segou", True),
    ("reg_mopti", False), ("crss", True), ("auditor", True),
])
def test_reading_a_recommendation_is_bounded_by_territory(tracker_app, people, clock,
                                                          person, sees):
    recommendation_id = raise_one(tracker_app, people, clock).recommendation_id

    if sees:
        assert tracker_app.recommendation(people[person], recommendation_id).commune == "segou"
    else:
        with pytest.raises(NotFound):
            tracker_app.recommendation(people[person], recommendation_id)


def test_admin_may_not_read_recommendation_content(tracker_app, people, clock):
    recommendation_id = raise_one(tracker_app, people, clock).recommendation_id

    with pytest.raises(NotPermitted):
        tracker_app.recommendation(people["admin"], recommendation_id)


def test_an_unknown_id_or_an_account_id_is_not_found(tracker_app, people):
    for unknown in (UUID(int=42), people["sec_segou"].user_id):
        with pytest.raises(NotFound):
            tracker_app.recommendation(people["crss"], unknown)
        with pytest.raises(NotFound):
            tracker_app.act(people["crss"], unknown, "note", note="x")


def test_an_unknown_command_is_not_permitted_and_records_nothing(tracker_app, people,
                                                                clock, head):
    recommendation_id = raise_one(tracker_app, people, clock).recommendation_id
    before = head()

    for command in ("raise", "delete", "request_clarification", ""):
        with pytest.raises(NotPermitted):
            tracker_app.act(people["sec_segou"], recommendation_id, command)
    assert head() == before


# ---- raise ----------------------------------------------------------------------------------
@pytest.mark.parametrize("person, commune, outcome", [
    ("sec_segou", "segou", "ok"), ("sec_niono", "niono", "ok"), ("sec_mopti", "mopti", "ok"),
    ("sec_niono", "segou", "403"), ("sec_mopti", "segou", "403"),
    ("sec_segou", "niono", "403"), ("sec_segou", "nulle-part", "422"),
    ("reg_segou", "segou", "403"), ("reg_mopti", "mopti", "403"),
    ("crss", "segou", "403"), ("auditor", "segou", "403"), ("admin", "segou", "403"),
])
def test_raise_only_for_ones_own_commune(tracker_app, people, clock, head, person, commune,
                                         outcome):
    before = head()

    if outcome == "ok":
        result = tracker_app.raise_recommendation(people[person],
                                                  **raise_fields(clock, commune=commune))
        assert result.created and head() == before + 2  # the file and its number
        recommendation = tracker_app.recommendation(people["crss"], result.recommendation_id)
        assert recommendation.commune == commune
        assert recommendation.region == tracker_app.reference.region_of(commune)
    else:  # an unknown commune is a wrong input, not a territory
        with pytest.raises(NotPermitted if outcome == "403" else InvalidInput):
            tracker_app.raise_recommendation(people[person],
                                             **raise_fields(clock, commune=commune))
        assert head() == before
