"""A double click or a retry after a timeout sends the same command twice with the same
``request_id``: the tracker records it once and answers the second copy with the first
result, whatever happened to the file in between. Also: events stored before events had a
``request_id`` still load."""

from __future__ import annotations

import pytest
from eventsourcing.persistence import StoredEvent

from domain.recommendation import InvalidInput
from tests.domain.lifecycle import (
    ACCEPTED, ACKNOWLEDGED, AWAITING, CLARIFICATION, COMMUNE, DECLINED, NATIONAL, OPEN, REGION,
)
from tests.tracker.scenario import command_fields, drive_to, give, owner_of, raise_one
from tracker.application import Tracker
from tracker.authorization import StaleVersion

# One state where each command may be given, and the event it records there.
WHERE = {
    "amend": ((COMMUNE, OPEN), "Amended"),
    "note": ((REGION, AWAITING), "Noted"),
    "escalate": ((COMMUNE, OPEN), "EscalatedToRegion"),
    "acknowledge": ((NATIONAL, AWAITING), "Acknowledged"),
    "request-clarification": ((REGION, AWAITING), "ClarificationRequested"),
    "clarify": ((REGION, CLARIFICATION), "Clarified"),
    "accept": ((REGION, ACKNOWLEDGED), "Accepted"),
    "decline": ((NATIONAL, ACKNOWLEDGED), "Declined"),
    "report-implementation": ((COMMUNE, ACCEPTED), "ImplementationReported"),
    "withdraw": ((COMMUNE, OPEN), "Withdrawn"),
    "reopen": ((REGION, DECLINED), "Reopened"),
}


def events_of(tracker, recommendation_id) -> list:
    return list(tracker.events.get(recommendation_id))


def person_for(tracker, people, recommendation_id, command):
    level = tracker.recommendation(people["auditor"], recommendation_id).level
    return people[owner_of(command, level)]


@pytest.mark.parametrize("command", sorted(WHERE))
def test_the_same_request_twice_is_recorded_once_and_answered_twice(
        tracker_app, people, clock, head, command):
    state, event_name = WHERE[command]
    recommendation_id = drive_to(tracker_app, people, clock, state)
    person = person_for(tracker_app, people, recommendation_id, command)
    seen = tracker_app.recommendation(person, recommendation_id).version
    fields = command_fields(command, clock)

    first = tracker_app.act(person, recommendation_id, command, expected_version=seen,
                            request_id="formulaire-42", **fields)
    after_first = head()
    # The same form again: its expected version is now stale and, for most commands, the
    # new state no longer allows the command. Neither matters: it was done already.
    again = tracker_app.act(person, recommendation_id, command, expected_version=seen,
                            request_id="formulaire-42", **fields)

    assert head() == after_first
    assert (first.version, first.repeated) == (seen + 1, False)
    assert (again.recommendation_id, again.version, again.repeated) == (
        recommendation_id, first.version, True)
    last = events_of(tracker_app, recommendation_id)[-1]
    assert type(last).__name__ == event_name and last.request_id == "formulaire-42"


def test_a_retry_after_others_acted_gives_back_the_first_result(tracker_app, people, clock,
                                                                head):
    recommendation_id = drive_to(tracker_app, people, clock, (REGION, AWAITING))
    first = tracker_app.act(people["reg_segou"], recommendation_id, "note",
                            expected_version=2, request_id="note-1", note="Premier passage.")
    give(tracker_app, people, clock, recommendation_id, "acknowledge")
    give(tracker_app, people, clock, recommendation_id, "escalate")
    before = head()

    again = tracker_app.act(people["reg_segou"], recommendation_id, "note",
                            expected_version=2, request_id="note-1", note="Premier passage.")

    assert head() == before
    assert again.version == first.version == 3 and again.repeated


def test_a_retry_with_a_newer_expected_version_is_still_recognised(tracker_app, people, clock,
                                                                   head):
    # An API client that re-read the file before retrying sends the version it read.
    recommendation_id = drive_to(tracker_app, people, clock, (COMMUNE, OPEN))
    first = tracker_app.act(people["sec_segou"], recommendation_id, "note",
                            expected_version=1, request_id="note-2", note="Devis demandé.")
    before = head()

    again = tracker_app.act(people["sec_segou"], recommendation_id, "note",
                            expected_version=first.version, request_id="note-2",
                            note="Devis demandé.")

    assert head() == before and again.version == first.version and again.repeated


def test_without_expected_version_the_request_id_still_counts(tracker_app, people, clock, head):
    recommendation_id = drive_to(tracker_app, people, clock, (COMMUNE, OPEN))
    tracker_app.act(people["sec_segou"], recommendation_id, "note", request_id="n-3",
                    note="Sans version attendue.")
    before = head()
    again = tracker_app.act(people["sec_segou"], recommendation_id, "note", request_id="n-3",
                            note="Sans version attendue.")
    assert head() == before and again.repeated


def test_a_new_request_id_is_a_new_command(tracker_app, people, clock):
    recommendation_id = drive_to(tracker_app, people, clock, (COMMUNE, OPEN))
    for request_id in ("note-a", "note-b", None):
        tracker_app.act(people["sec_segou"], recommendation_id, "note", request_id=request_id,
                        note="Une note de suivi.")
    assert [type(e).__name__ for e in events_of(tracker_app, recommendation_id)] == [
        "Raised", "Noted", "Noted", "Noted"]


def test_a_new_request_on_a_stale_version_is_still_refused(tracker_app, people, clock, head):
    recommendation_id = drive_to(tracker_app, people, clock, (COMMUNE, OPEN))
    tracker_app.act(people["sec_segou"], recommendation_id, "note", request_id="n-4",
                    note="Une première note.")
    before = head()
    with pytest.raises(StaleVersion):
        tracker_app.act(people["sec_segou"], recommendation_id, "note", expected_version=1,
                        request_id="n-5", note="Une autre note.")
    assert head() == before


def test_another_persons_request_id_is_not_theirs(tracker_app, people, clock, head):
    # The key is per person: a colleague's "1" is not the secretary's "1".
    tracker_app.open_account(None, username="sec_segou_2", role="secretary",
                             password="lanterne-baobab-pirogue", commune="segou")
    colleague = tracker_app.authenticate_password("sec_segou_2", "lanterne-baobab-pirogue")
    recommendation_id = drive_to(tracker_app, people, clock, (COMMUNE, OPEN))
    tracker_app.act(people["sec_segou"], recommendation_id, "note", request_id="1",
                    note="Note du secrétaire.")
    before = head()

    result = tracker_app.act(colleague, recommendation_id, "note", request_id="1",
                             note="Note de son collègue.")

    assert not result.repeated and head() == before + 1


def test_a_request_id_used_for_another_command_is_refused(tracker_app, people, clock, head):
    recommendation_id = drive_to(tracker_app, people, clock, (COMMUNE, OPEN))
    tracker_app.act(people["sec_segou"], recommendation_id, "note", request_id="k",
                    note="Une note de suivi.")
    before = head()
    with pytest.raises(InvalidInput) as refused:
        tracker_app.act(people["sec_segou"], recommendation_id, "escalate", request_id="k",
                        reason="Le budget communal ne suffit pas.")
    assert "request_id" in refused.value.errors
    assert head() == before


def test_raise_and_then_an_action_with_the_raise_key_is_refused(tracker_app, people, clock):
    result = raise_one(tracker_app, people, clock, request_id="formulaire-9")
    with pytest.raises(InvalidInput):
        tracker_app.act(people["sec_segou"], result.recommendation_id, "note",
                        request_id="formulaire-9", note="Une note de suivi.")


def test_two_copies_racing_record_one_event_and_both_succeed(tracker_app, settings, people,
                                                             clock, head, monkeypatch):
    recommendation_id = drive_to(tracker_app, people, clock, (COMMUNE, OPEN))
    other_worker = Tracker(settings, clock=clock)
    save = other_worker.save
    fields = dict(expected_version=1, request_id="double-clic",
                  reason="Le budget communal ne suffit pas.")

    def let_the_twin_through_then_save(*aggregates):
        # Both copies found nothing and loaded version 1; the twin is saved first.
        tracker_app.act(people["sec_segou"], recommendation_id, "escalate", **fields)
        return save(*aggregates)

    monkeypatch.setattr(other_worker, "save", let_the_twin_through_then_save)
    before = head()
    try:
        result = other_worker.act(people["sec_segou"], recommendation_id, "escalate", **fields)
    finally:
        other_worker.close()

    assert head() == before + 1
    assert result.version == 2 and result.repeated


def test_earlier_result_tells_whether_a_request_was_recorded(tracker_app, people, clock):
    recommendation_id = drive_to(tracker_app, people, clock, (COMMUNE, OPEN))
    tracker_app.act(people["sec_segou"], recommendation_id, "note", request_id="vu",
                    note="Une note de suivi.")
    found = tracker_app.earlier_result(people["sec_segou"], recommendation_id, "note", "vu")
    assert found.version == 2 and found.repeated
    assert tracker_app.earlier_result(people["sec_segou"], recommendation_id, "note",
                                      "jamais-vu") is None


# ---- events stored before request_id existed ---------------------------------------------
def old_copy(tracker, recommendation_id, new_id) -> list[StoredEvent]:
    """The file's stored events as the first release wrote them (no request_id on commands,
    no class_version), under a new id: nothing stored is rewritten."""
    copies = []
    transcoder = tracker.mapper.transcoder
    for stored in tracker.recorder.select_events(recommendation_id):
        state = transcoder.decode(stored.state)
        state.pop("class_version", None)
        if stored.originator_version > 1:  # Raised always had a request_id
            state.pop("request_id", None)
        copies.append(StoredEvent(originator_id=new_id,
                                  originator_version=stored.originator_version,
                                  topic=stored.topic, state=transcoder.encode(state)))
    return copies


def test_events_stored_without_request_id_still_load_and_take_new_commands(
        tracker_app, people, clock, head):
    from uuid import uuid4

    assert tracker_app.mapper.compressor is None and tracker_app.mapper.cipher is None
    original = drive_to(tracker_app, people, clock, (REGION, ACKNOWLEDGED))
    old_id = uuid4()
    copies = old_copy(tracker_app, original, old_id)
    assert all(b"request_id" not in copy.state for copy in copies[1:])
    tracker_app.recorder.insert_events(copies)

    events = events_of(tracker_app, old_id)
    assert [event.request_id for event in events[1:]] == [None, None]
    recommendation = tracker_app.recommendation(people["reg_segou"], old_id)
    assert recommendation.state == (REGION, ACKNOWLEDGED) and recommendation.version == 3

    result = tracker_app.act(people["reg_segou"], old_id, "note", expected_version=3,
                             request_id="après-mise-à-jour", note="Toujours suivi.")
    before = head()
    again = tracker_app.act(people["reg_segou"], old_id, "note", expected_version=3,
                            request_id="après-mise-à-jour", note="Toujours suivi.")
    assert result.version == again.version == 4 and again.repeated and head() == before


def test_a_command_with_a_request_id_reads_its_files_events_once(tracker_app, people, clock,
                                                                 head, monkeypatch):
    # The file the command loads knows which requests made its events: looking for an
    # earlier copy of this one does not read them all again.
    recommendation_id = raise_one(tracker_app, people, clock).recommendation_id
    reads = []
    real_get = tracker_app.events.get

    def get(originator_id, *args, **kwargs):
        if originator_id == recommendation_id:
            reads.append(kwargs)
        return real_get(originator_id, *args, **kwargs)
    monkeypatch.setattr(tracker_app.events, "get", get)

    first = tracker_app.act(people["sec_segou"], recommendation_id, "escalate",
                            request_id="envoi-7", **command_fields("escalate", clock))
    assert len(reads) == 1
    again = tracker_app.act(people["sec_segou"], recommendation_id, "escalate",
                            request_id="envoi-7", **command_fields("escalate", clock))
    assert len(reads) == 2 and (again.version, again.repeated) == (first.version, True)
