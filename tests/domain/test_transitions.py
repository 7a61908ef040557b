"""The lifecycle table of docs/domain.md, cell by cell: each allowed (command, state) leads to
the right state through the right event, and every other pair on the 3 levels x 8
statuses grid is refused without recording anything."""

from __future__ import annotations

import pytest

from domain.catalogue import COMMANDS as CATALOGUE, acting_role
from domain.recommendation import Recommendation, TransitionRefused
from tests.domain.lifecycle import (
    ALLOWED, ALL_STATES, COMMANDS, COMMUNE, FORBIDDEN, NATIONAL, OPEN, REGION, SECRETARY,
    TRANSITIONS, UNREACHABLE_STATES, actor_for, give, in_state, raised,
)


def _id(value):
    return "-".join(value) if isinstance(value, tuple) else str(value)


# ---- raise ------------------------------------------------------------------------------
def test_raise_opens_the_file_at_the_commune_with_one_raised_event():
    recommendation = raised()

    assert recommendation.state == (COMMUNE, OPEN)
    assert recommendation.version == 1
    [event] = recommendation.collect_events()
    assert type(event).__name__ == "Raised"
    assert event.actor == SECRETARY.as_record()
    assert event.commune == "segou" and event.region == "segou"
    assert recommendation.due_by is None and recommendation.target_date is None


def test_raise_trims_title_and_description():
    recommendation = raised(title="   Lampadaires au marché  ", description="  Dix.  ")

    assert recommendation.title == "Lampadaires au marché"
    assert recommendation.description == "Dix."


def test_raise_without_origin_group_stores_none():
    assert raised(origin_group="").origin_group is None


# ---- the table ----------------------------------------------------------------------------
def test_the_production_table_says_what_domain_md_says():
    production = {(name, state) for name, command in CATALOGUE.items()
                  if not command.creates for state in command.states}
    assert production == ALLOWED


@pytest.mark.parametrize("command, start, end, event_name", TRANSITIONS, ids=_id)
def test_allowed_command_leads_to_the_state_of_the_table(command, start, end, event_name):
    recommendation = in_state(*start)
    version = recommendation.version

    give(recommendation, command)

    assert recommendation.state == end
    [event] = recommendation.collect_events()
    assert type(event).__name__ == event_name
    assert isinstance(event, Recommendation.Event)
    assert event.originator_version == version + 1
    assert event.actor == actor_for(command, start[0]).as_record()
    assert event.timestamp is not None


@pytest.mark.parametrize("command, state", FORBIDDEN, ids=_id)
def test_forbidden_command_is_refused_and_records_nothing(command, state):
    recommendation = in_state(*state)
    version = recommendation.version

    with pytest.raises(TransitionRefused) as refusal:
        give(recommendation, command)

    assert (refusal.value.command, refusal.value.level, refusal.value.status) == (
        command, *state)
    assert recommendation.pending_events == []
    assert recommendation.version == version
    assert recommendation.state == state


def test_forbidden_pairs_cover_the_whole_grid():
    # 14 commands on 24 states; every cell not allowed is refused.
    assert len(ALL_STATES) == 24
    assert len(TRANSITIONS) + len(FORBIDDEN) == len(COMMANDS) * 24


def test_refusal_message_names_the_command_level_and_status_in_french():
    recommendation = in_state(REGION, "awaiting_acknowledgement")

    with pytest.raises(TransitionRefused, match="withdraw.*Région.*En attente"):
        give(recommendation, "withdraw")


@pytest.mark.parametrize("state", UNREACHABLE_STATES, ids=_id)
def test_unreachable_state_offers_only_notes_or_reopen(state):
    if state[1] in ("declined", "implemented", "withdrawn"):
        expected = {"reopen", "attach-to-session"}
    else:  # above the commune, the commune's follow-up too
        expected = {"note", "attach-to-session"} | (
            set() if state[0] == COMMUNE else {"follow-up"})
    assert set(in_state(*state).available_commands()) == expected


@pytest.mark.parametrize("state", ALL_STATES, ids=_id)
def test_available_commands_are_exactly_the_allowed_ones(state):
    expected = {command for command, start, _, _ in TRANSITIONS if start == state}

    assert set(in_state(*state).available_commands()) == expected


# ---- who acts: the "by" column -------------------------------------------------------------
@pytest.mark.parametrize("command, level, role", [
    ("amend", COMMUNE, "secretary"), ("note", COMMUNE, "secretary"),
    ("note", REGION, "regional"), ("note", NATIONAL, "national"),
    ("escalate", COMMUNE, "secretary"), ("escalate", REGION, "regional"),
    ("acknowledge", REGION, "regional"), ("acknowledge", NATIONAL, "national"),
    ("request-clarification", REGION, "regional"),
    ("request-clarification", NATIONAL, "national"),
    ("clarify", REGION, "secretary"), ("clarify", NATIONAL, "regional"),
    ("accept", COMMUNE, "secretary"), ("accept", REGION, "regional"),
    ("accept", NATIONAL, "national"), ("decline", REGION, "regional"),
    ("decline", NATIONAL, "national"), ("report-implementation", COMMUNE, "secretary"),
    ("report-implementation", REGION, "regional"),
    ("report-implementation", NATIONAL, "national"), ("withdraw", COMMUNE, "secretary"),
    ("reopen", COMMUNE, "secretary"), ("reopen", REGION, "secretary"),
    ("reopen", NATIONAL, "secretary"),
])
def test_acting_role_is_the_by_column(command, level, role):
    assert acting_role(command, level) == role


@pytest.mark.parametrize("command, state, roles", [
    ("follow-up", (REGION, "acknowledged"), {"secretary"}),
    ("follow-up", (NATIONAL, "awaiting_acknowledgement"), {"secretary", "regional"}),
    ("chase-up", (REGION, "awaiting_acknowledgement"), {"secretary"}),
    ("chase-up", (NATIONAL, "clarification_requested"), {"secretary", "regional"}),
    ("report-progress", (COMMUNE, "accepted"), {"secretary"}),
    ("report-progress", (REGION, "accepted"), {"secretary", "regional"}),
    ("report-progress", (NATIONAL, "accepted"), {"secretary", "national"}),
    ("note", (NATIONAL, "acknowledged"), {"national"}),
])
def test_several_roles_may_give_the_commands_that_keep_the_commune_s_voice(command, state,
                                                                          roles):
    assert CATALOGUE[command].givers[state] == roles


# ---- what the events carry ------------------------------------------------------------------
def test_escalation_to_region_records_the_region_given_and_files_the_case_there():
    recommendation = in_state(COMMUNE, OPEN)

    give(recommendation, "escalate", region="san")

    [event] = recommendation.collect_events()
    assert event.region == "san"
    assert recommendation.region == "san"


def test_escalation_without_a_region_keeps_the_one_recorded_at_raise():
    recommendation = in_state(COMMUNE, OPEN)

    give(recommendation, "escalate")

    assert recommendation.region == "segou"


def test_escalation_to_national_keeps_the_region_recorded_at_the_first_escalation():
    recommendation = raised()
    give(recommendation, "escalate", region="san")
    give(recommendation, "acknowledge")

    give(recommendation, "escalate", region="segou")

    assert recommendation.region == "san"


def test_accept_records_its_target_date_and_reopen_clears_it():
    recommendation = in_state(COMMUNE, OPEN)
    give(recommendation, "accept")
    assert recommendation.target_date is not None
    give(recommendation, "report-implementation")

    give(recommendation, "reopen")

    assert recommendation.target_date is None and recommendation.due_by is None


def test_acknowledge_without_a_note_records_none():
    recommendation = in_state(REGION, "awaiting_acknowledgement")

    give(recommendation, "acknowledge", note="   ")

    [event] = recommendation.collect_events()
    assert event.note is None


@pytest.mark.parametrize("command, state, field", [
    ("note", (COMMUNE, OPEN), "note"), ("escalate", (COMMUNE, OPEN), "reason"),
    ("request-clarification", (REGION, "awaiting_acknowledgement"), "question"),
    ("clarify", (REGION, "clarification_requested"), "answer"),
    ("decline", (REGION, "acknowledged"), "reason"),
    ("report-implementation", (REGION, "accepted"), "note"),
    ("withdraw", (COMMUNE, OPEN), "reason"), ("reopen", (COMMUNE, "withdrawn"), "reason"),
])
def test_free_text_is_stored_trimmed_in_the_event(command, state, field):
    recommendation = in_state(*state)

    give(recommendation, command, **{field: "   Un texte assez long.   "})

    [event] = recommendation.collect_events()
    assert getattr(event, field) == "Un texte assez long."


def test_replaying_the_events_rebuilds_the_same_state():
    recommendation = raised()
    for command in ("escalate", "request-clarification", "clarify", "acknowledge", "accept"):
        give(recommendation, command)

    copy = None
    for event in recommendation.collect_events():
        copy = event.mutate(copy)

    assert copy.state == recommendation.state == (REGION, "accepted")
    assert copy.version == recommendation.version == 6
    assert copy.target_date == recommendation.target_date
