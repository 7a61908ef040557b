"""The catalogue is whole: every command has every part, every event of the recommendation
belongs to a command and has a label and a fold, and what is derived from it (who may act,
the awaited states) says what docs/domain.md says."""

from __future__ import annotations

import inspect

import pytest

from domain import catalogue
from domain.catalogue import (
    ACTIONS, ALL_EVENTS, COMMAND_OF_EVENT, COMMANDS, EVENT_LABELS, FIELD_KINDS, FIELD_LABELS,
    NEW, aggregate_events,
)
from domain.fold import FILE_STATE, file_changes
from domain.messages import Message
from domain.recommendation import Recommendation
from domain.session import Session, session_changes
from domain.rules import TEXT_LIMITS
from domain.vocabulary import LEVELS, ROLES, SESSION_STATUSES, STATUSES
from tests.domain.lifecycle import ROUTES, TRANSITIONS, give, in_state, raised

STATES = ({(level, status) for level in LEVELS for status in STATUSES} | {NEW}
          | {(level, status) for level in ("commune", "region") for status in SESSION_STATUSES})


ALL_COMMANDS = [*COMMANDS.values(), *catalogue.SESSION_COMMANDS.values()]


@pytest.mark.parametrize("command", ALL_COMMANDS, ids=lambda command: command.name)
def test_every_command_has_every_part(command):
    assert command.givers and set(command.givers) <= STATES
    assert all(roles and roles <= set(ROLES) for roles in command.givers.values())
    assert command.events and all(isinstance(label, Message)
                                  for label in command.events.values())
    assert isinstance(command.label, Message) and isinstance(command.done, Message)
    assert all(level in LEVELS and isinstance(sentence, Message)
               for level, sentence in command.destination.items())
    for spec in command.fields:
        assert spec.kind in FIELD_KINDS
        assert isinstance(spec.label, Message) and isinstance(spec.help, Message)
        if spec.kind in ("text", "textarea"):
            assert spec.limits in TEXT_LIMITS
        if spec.kind == "percent":
            assert spec.bounds == (0, 100)


@pytest.mark.parametrize("aggregate, command", [
    *((Recommendation, COMMANDS[name]) for name in ACTIONS),
    *((Session, catalogue.SESSION_COMMANDS[name]) for name in catalogue.SESSION_ACTIONS)],
    ids=lambda value: getattr(value, "name", getattr(value, "__name__", "")))
def test_every_action_has_an_aggregate_method_taking_its_fields(aggregate, command):
    method = getattr(aggregate, command.method)
    parameters = inspect.signature(method).parameters
    takes_any = any(p.kind is p.VAR_KEYWORD for p in parameters.values())
    assert takes_any or set(command.field_names()) <= set(parameters)
    assert "request_id" in parameters


def test_every_event_of_every_aggregate_has_a_label():
    assert set(EVENT_LABELS) == set(ALL_EVENTS)


def test_every_recommendation_and_session_event_belongs_to_one_command_and_has_a_fold():
    files, sessions = set(aggregate_events(Recommendation)), set(aggregate_events(Session))
    # But the operator's bookkeeping of a file (a reference given to an older one).
    without_command = set(catalogue.FILE_EVENTS_WITHOUT_COMMAND)
    assert without_command <= files and not without_command & set(COMMAND_OF_EVENT)
    assert set(COMMAND_OF_EVENT) == (files - without_command) | sessions
    for event_class in files:
        assert file_changes.dispatch(event_class) is not file_changes.dispatch(object)
    for event_class in sessions:
        assert session_changes.dispatch(event_class) is not session_changes.dispatch(object)


def test_the_fold_is_refused_for_an_event_it_does_not_know():
    with pytest.raises(TypeError):
        file_changes(object())


def test_every_field_has_a_label_for_the_history():
    for command in COMMANDS.values():
        assert all(spec.name in FIELD_LABELS for spec in command.fields)


def test_the_catalogue_says_the_lifecycle_of_the_tests():
    table = {(name, state) for name in ACTIONS for state in COMMANDS[name].states}
    assert table == {(command, start) for command, start, _, _ in TRANSITIONS}


def test_awaited_states_are_where_a_file_waits_for_an_answer():
    assert catalogue.awaited_states() == {
        "regional": [("region", "awaiting_acknowledgement"),
                     ("national", "clarification_requested")],
        "national": [("national", "awaiting_acknowledgement")],
        "secretary": [("region", "clarification_requested")],
    }


@pytest.mark.parametrize("state", sorted(ROUTES), ids=lambda state: "-".join(state))
def test_the_fold_gives_the_aggregate_s_own_state(state):
    """Folding the events with domain/fold.py alone gives the state the aggregate holds."""
    recommendation = raised()
    for command in ROUTES[state]:
        give(recommendation, command)
    folded: dict = {}
    for event in recommendation.collect_events():
        folded.update(file_changes(event))
    assert folded == {name: getattr(recommendation, name) for name in FILE_STATE}


def test_progress_and_chase_up_are_folded_and_reopen_clears_progress():
    recommendation = in_state("region", "accepted")
    give(recommendation, "report-progress", percent=70)
    assert recommendation.progress == 70
    give(recommendation, "report-implementation")
    give(recommendation, "reopen")
    assert recommendation.progress is None and recommendation.state == ("commune", "open")


def test_each_command_constant_is_the_command_of_its_name():
    for name, command in COMMANDS.items():
        assert getattr(catalogue, name.upper().replace("-", "_")) is command


def test_each_session_command_constant_is_the_session_command_of_its_name():
    named = {"record": catalogue.RECORD_SESSION, "amend": catalogue.AMEND_SESSION,
             "record-attendance": catalogue.RECORD_ATTENDANCE,
             "write-minutes": catalogue.WRITE_MINUTES, "adopt": catalogue.ADOPT_MINUTES,
             "correct": catalogue.CORRECT_SESSION, "cancel": catalogue.CANCEL_SESSION}
    assert named == dict(catalogue.SESSION_COMMANDS)


PRODUCT = ("domain", "tracker", "projections", "web", "storage")


def test_a_command_s_name_is_written_in_at_most_two_product_files():
    """The catalogue, and the aggregate's own guard: everything else derives from them.
    Two aggregates may each have a command of the same name (a session is amended too);
    a command named like a field ("note") is also written where the field is."""
    from pathlib import Path
    import re

    root = Path(__file__).resolve().parents[2]
    sources = {str(path.relative_to(root)): path.read_text(encoding="utf-8")
               for package in PRODUCT for pattern in ("*.py", "*.html")
               for path in (root / package).rglob(pattern)}
    catalogues = {"domain/recommendation.py": COMMANDS,
                  "domain/session.py": catalogue.SESSION_COMMANDS}
    field_names = {spec.name for commands in catalogues.values()
                   for command in commands.values() for spec in command.fields}
    for commands in catalogues.values():
        for name in commands:
            if name in field_names:
                continue
            quoted = re.compile(rf"[\"']{re.escape(name)}[\"']")
            files = {path for path, text in sources.items() if quoted.search(text)}
            allowed = {"domain/catalogue.py"} | {
                module for module, others in catalogues.items() if name in others}
            assert files <= allowed, (name, sorted(files - allowed))


def test_every_action_says_in_one_line_what_it_does_at_every_level_it_is_given():
    from domain.catalogue import ACTIONS, COMMANDS, NEXT_STEPS
    for name in ACTIONS:
        command = COMMANDS[name]
        for level, _status in command.states:
            purpose = command.purpose_at(level)
            assert purpose and purpose.endswith("."), (name, level)
            assert len(purpose) <= 120, (name, level)
    assert set(NEXT_STEPS) <= set(ACTIONS)
    for command in COMMANDS.values():  # a sentence said after, for each level it names
        assert set(command.done_from) <= set(command.destination)


def test_the_note_and_the_follow_up_may_be_written_offline_and_no_decision():
    """Issue 15: what happened on the ground is kept on the device; a decision (accept,
    escalate, close…) waits for a connection."""
    from domain.catalogue import OFFLINE_ACTIONS

    assert OFFLINE_ACTIONS == ("note", "follow-up")
    assert not any(COMMANDS[name].grave or COMMANDS[name].awaited for name in OFFLINE_ACTIONS)
