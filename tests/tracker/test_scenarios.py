"""Narrated lives of recommendations through the Tracker on SQLite: who did what, when,
what was recorded, and what was refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from domain.recommendation import InvalidInput, NothingChanged
from tests.conftest import raise_fields
from tests.domain.lifecycle import ACKNOWLEDGED, AWAITING, COMMUNE, OPEN, REGION
from tests.tracker.scenario import drive_to, give, raise_one
from tracker.application import Tracker
from tracker.authorization import NotFound, StaleVersion
from tracker.config import Settings
from tracker.reference import Reference


def stored_events(tracker, recommendation_id):
    return list(tracker.events.get(recommendation_id))


# ---- a whole life -------------------------------------------------------------------------
def test_a_street_lamp_request_goes_from_segou_to_the_crss_and_is_implemented(
        tracker_app, people, clock, head):
    # The Ségou CCS met three days ago; the secretary records its recommendation.
    raised = raise_one(tracker_app, people, clock)
    recommendation_id = raised.recommendation_id
    assert (raised.created, raised.version, raised.position) == (True, 1, head())

    # The commune cannot pay for the lamps: up to the region.
    clock.advance(days=1)
    give(tracker_app, people, clock, recommendation_id, "escalate")
    # The Governor's office asks how many lamps; the secretary answers a week later.
    clock.advance(days=2)
    give(tracker_app, people, clock, recommendation_id, "request-clarification")
    clock.advance(days=7)
    give(tracker_app, people, clock, recommendation_id, "clarify")
    give(tracker_app, people, clock, recommendation_id, "acknowledge", by="reg_segou")
    # The region needs the CRSS for the budget.
    give(tracker_app, people, clock, recommendation_id, "escalate", by="reg_segou")
    give(tracker_app, people, clock, recommendation_id, "acknowledge", by="crss")
    give(tracker_app, people, clock, recommendation_id, "note", by="crss",
         note="Financement trouvé auprès du PNUD.")
    give(tracker_app, people, clock, recommendation_id, "accept", by="crss")
    clock.advance(days=45)
    result = give(tracker_app, people, clock, recommendation_id, "report-implementation",
                  by="crss")

    recommendation = tracker_app.recommendation(people["auditor"], recommendation_id)
    assert recommendation.state == ("national", "implemented")
    assert result.version == recommendation.version == 10
    events = stored_events(tracker_app, recommendation_id)
    assert [type(e).__name__ for e in events] == [
        "Raised", "EscalatedToRegion", "ClarificationRequested", "Clarified", "Acknowledged",
        "EscalatedToNational", "Acknowledged", "Noted", "Accepted", "ImplementationReported"]
    assert [e.actor["username"] for e in events] == [
        "sec_segou", "sec_segou", "reg_segou", "sec_segou", "reg_segou", "reg_segou", "crss",
        "crss", "crss", "crss"]


def test_every_event_records_who_acted_with_their_role_at_that_moment(tracker_app, people,
                                                                      clock):
    recommendation_id = drive_to(tracker_app, people, clock, (REGION, AWAITING))
    # The regional authority later becomes a CRSS officer; the past stays as it was.
    give(tracker_app, people, clock, recommendation_id, "acknowledge")
    tracker_app.change_role(None, "reg_segou", "national")

    acknowledged = stored_events(tracker_app, recommendation_id)[-1]
    reg = people["reg_segou"]
    assert acknowledged.actor == {"user_id": str(reg.user_id), "username": "reg_segou",
                                  "display_name": "Reg Segou", "role": "regional"}


def test_a_withdrawn_recommendation_is_reopened_by_its_secretary(tracker_app, people, clock):
    recommendation_id = drive_to(tracker_app, people, clock, (COMMUNE, "withdrawn"))

    result = give(tracker_app, people, clock, recommendation_id, "reopen")

    recommendation = tracker_app.recommendation(people["sec_segou"], recommendation_id)
    assert recommendation.state == (COMMUNE, OPEN) and result.version == 3


def test_a_reopened_national_file_is_back_in_the_commune_and_can_go_up_again(
        tracker_app, people, clock):
    recommendation_id = drive_to(tracker_app, people, clock, ("national", "declined"))
    give(tracker_app, people, clock, recommendation_id, "reopen")

    give(tracker_app, people, clock, recommendation_id, "escalate")

    recommendation = tracker_app.recommendation(people["reg_segou"], recommendation_id)
    assert recommendation.state == (REGION, AWAITING)


def test_a_past_version_can_be_read(tracker_app, people, clock):
    recommendation_id = drive_to(tracker_app, people, clock, (REGION, ACKNOWLEDGED))

    first = tracker_app.recommendation(people["auditor"], recommendation_id, version=1)

    assert first.state == (COMMUNE, OPEN) and first.version == 1


# ---- field errors through the tracker -------------------------------------------------------
@pytest.mark.parametrize("command, state, fields, error", [
    ("note", (COMMUNE, OPEN), {"note": ""}, "note"),
    ("escalate", (COMMUNE, OPEN), {"reason": "court"}, "reason"),
    ("escalate", (COMMUNE, OPEN), {"reason": "Le budget manque.", "deadline_days": 1},
     "deadline_days"),
    ("amend", (COMMUNE, OPEN), {"commune": "niono"}, "commune"),
    ("amend", (COMMUNE, OPEN), {"title": "abc"}, "title"),
    ("accept", (COMMUNE, OPEN), {"target_date": "yesterday"}, "target_date"),
    ("clarify", (REGION, "clarification_requested"), {"answer": "Oui."}, "answer"),
])
def test_invalid_fields_are_refused_and_record_nothing(tracker_app, people, clock, head,
                                                       command, state, fields, error):
    recommendation_id = drive_to(tracker_app, people, clock, state)
    before = head()

    with pytest.raises(InvalidInput) as refusal:
        give(tracker_app, people, clock, recommendation_id, command, **fields)

    assert error in refusal.value.errors
    assert head() == before


def test_accept_target_date_in_the_past_is_refused(tracker_app, people, clock, head):
    recommendation_id = raise_one(tracker_app, people, clock).recommendation_id
    before = head()

    with pytest.raises(InvalidInput) as refusal:
        give(tracker_app, people, clock, recommendation_id, "accept",
             target_date=clock.today - timedelta(days=1))

    assert "target_date" in refusal.value.errors and head() == before


def test_amend_that_changes_nothing_records_nothing(tracker_app, people, clock, head):
    recommendation_id = raise_one(tracker_app, people, clock).recommendation_id
    before = head()

    with pytest.raises(NothingChanged):
        tracker_app.act(people["sec_segou"], recommendation_id, "amend",
                        title=raise_fields(clock)["title"])

    assert head() == before


def test_amend_records_only_what_changed(tracker_app, people, clock):
    recommendation_id = raise_one(tracker_app, people, clock).recommendation_id

    tracker_app.act(people["sec_segou"], recommendation_id, "amend",
                    title=raise_fields(clock)["title"], theme="appui_fds")

    amended = stored_events(tracker_app, recommendation_id)[-1]
    assert amended.changes == {"theme": {"before": "eclairage_public", "after": "appui_fds"}}


def test_meeting_date_is_judged_against_the_trackers_clock(tracker_app, people, clock, head):
    tomorrow = clock.today + timedelta(days=1)
    before = head()

    with pytest.raises(InvalidInput):
        raise_one(tracker_app, people, clock, meeting_date=tomorrow)
    assert head() == before
    clock.advance(days=1)
    assert raise_one(tracker_app, people, clock, meeting_date=tomorrow).created


# ---- idempotent raise -------------------------------------------------------------------------
def test_raising_twice_with_the_same_request_id_gives_the_same_recommendation(
        tracker_app, people, clock, head):
    first = raise_one(tracker_app, people, clock, request_id="formulaire-17")
    after_first = head()

    again = raise_one(tracker_app, people, clock, request_id="formulaire-17",
                      title="Titre changé entre-temps")

    assert again.recommendation_id == first.recommendation_id
    assert (first.created, again.created) == (True, False)
    assert head() == after_first == again.position
    recommendation = tracker_app.recommendation(people["sec_segou"], first.recommendation_id)
    assert recommendation.title == raise_fields(clock)["title"]
    assert len(stored_events(tracker_app, first.recommendation_id)) == 1


def test_a_retry_after_the_file_moved_on_gives_back_its_current_version(
        tracker_app, people, clock):
    first = raise_one(tracker_app, people, clock, request_id="formulaire-18")
    give(tracker_app, people, clock, first.recommendation_id, "escalate")

    again = raise_one(tracker_app, people, clock, request_id="formulaire-18")

    assert again.recommendation_id == first.recommendation_id and again.version == 2


def test_the_same_request_id_from_two_people_makes_two_recommendations(tracker_app, people,
                                                                        clock, head):
    tracker_app.open_account(None, username="sec_segou_2", role="secretary",
                             password="lanterne-baobab-pirogue", commune="segou")
    other = tracker_app.authenticate_password("sec_segou_2", "lanterne-baobab-pirogue")
    before = head()

    first = raise_one(tracker_app, people, clock, request_id="formulaire-1")
    second = tracker_app.raise_recommendation(other, **raise_fields(clock,
                                                                   request_id="formulaire-1"))

    assert first.recommendation_id != second.recommendation_id
    assert first.created and second.created and head() == before + 4  # each: file, number


def test_raising_without_request_id_twice_makes_two_recommendations(tracker_app, people,
                                                                    clock):
    first = raise_one(tracker_app, people, clock)
    second = raise_one(tracker_app, people, clock)

    assert first.recommendation_id != second.recommendation_id


# ---- stale versions ---------------------------------------------------------------------------
def test_acting_on_an_outdated_version_is_refused_and_records_nothing(tracker_app, people,
                                                                      clock, head):
    recommendation_id = drive_to(tracker_app, people, clock, (REGION, AWAITING))
    seen = tracker_app.recommendation(people["reg_segou"], recommendation_id).version
    give(tracker_app, people, clock, recommendation_id, "note", by="reg_segou")
    before = head()

    with pytest.raises(StaleVersion):
        tracker_app.act(people["reg_segou"], recommendation_id, "acknowledge",
                        expected_version=seen)

    assert head() == before
    assert tracker_app.recommendation(people["reg_segou"], recommendation_id).status == AWAITING


def test_acting_on_the_current_version_succeeds(tracker_app, people, clock):
    recommendation_id = drive_to(tracker_app, people, clock, (REGION, AWAITING))

    result = tracker_app.act(people["reg_segou"], recommendation_id, "acknowledge",
                             expected_version=2)

    assert result.version == 3


@pytest.mark.parametrize("expected_version", [0, 1, 3, 99])
def test_any_other_expected_version_is_stale(tracker_app, people, clock, expected_version):
    recommendation_id = drive_to(tracker_app, people, clock, (REGION, AWAITING))

    with pytest.raises(StaleVersion):
        tracker_app.act(people["reg_segou"], recommendation_id, "acknowledge",
                        expected_version=expected_version)


# ---- deadlines --------------------------------------------------------------------------------
def test_region_has_15_days_and_the_crss_30_days_to_acknowledge(tracker_app, people, clock):
    recommendation_id = raise_one(tracker_app, people, clock).recommendation_id
    escalated_at = clock.now
    give(tracker_app, people, clock, recommendation_id, "escalate")
    assert tracker_app.recommendation(people["crss"], recommendation_id).due_by == (
        escalated_at + timedelta(days=15))

    clock.advance(days=4, hours=5)
    give(tracker_app, people, clock, recommendation_id, "acknowledge")
    assert tracker_app.recommendation(people["crss"], recommendation_id).due_by is None
    give(tracker_app, people, clock, recommendation_id, "escalate")

    assert tracker_app.recommendation(people["crss"], recommendation_id).due_by == (
        clock.now + timedelta(days=30))


def test_clarification_restarts_the_acknowledgement_deadline(tracker_app, people, clock):
    recommendation_id = drive_to(tracker_app, people, clock, (REGION, AWAITING))
    give(tracker_app, people, clock, recommendation_id, "request-clarification")
    clock.advance(days=20)

    give(tracker_app, people, clock, recommendation_id, "clarify")

    assert tracker_app.recommendation(people["crss"], recommendation_id).due_by == (
        clock.now + timedelta(days=15))


def test_national_clarification_restarts_30_days(tracker_app, people, clock):
    recommendation_id = drive_to(tracker_app, people, clock, ("national", AWAITING))
    give(tracker_app, people, clock, recommendation_id, "request-clarification")
    clock.advance(days=3)

    give(tracker_app, people, clock, recommendation_id, "clarify")

    assert tracker_app.recommendation(people["crss"], recommendation_id).due_by == (
        clock.now + timedelta(days=30))


def test_deadlines_follow_the_settings(database_url, clock, tracker_app, people):
    configured = Tracker(Settings(database_url, region_ack_days=3, national_ack_days=5),
                         clock=clock)
    recommendation_id = raise_one(configured, people, clock).recommendation_id

    give(configured, people, clock, recommendation_id, "escalate")
    give(configured, people, clock, recommendation_id, "acknowledge")
    give(configured, people, clock, recommendation_id, "escalate")

    history = stored_events(configured, recommendation_id)
    assert history[1].due_by == clock.now + timedelta(days=3)
    assert history[3].due_by == clock.now + timedelta(days=5)


# ---- the region is recorded at escalation -----------------------------------------------------
def with_segou_moved_to(reference: Reference, region: str) -> Reference:
    communes = dict(reference.communes)
    communes["segou"] = replace(communes["segou"], region=region)
    return Reference(communes=communes, regions=reference.regions)


def test_escalation_files_the_case_in_the_communes_region_of_that_day(
        tracker_app, settings, people, clock):
    recommendation_id = raise_one(tracker_app, people, clock).recommendation_id
    # The territorial organisation changes: Ségou commune now belongs to San.
    after_reform = Tracker(settings, clock=clock,
                           reference=with_segou_moved_to(tracker_app.reference, "san"))
    after_reform.open_account(None, username="reg_san", role="regional",
                              password="lanterne-baobab-pirogue", region="san")
    reg_san = after_reform.authenticate_password("reg_san", "lanterne-baobab-pirogue")

    give(after_reform, people, clock, recommendation_id, "escalate")

    escalated = stored_events(tracker_app, recommendation_id)[-1]
    assert escalated.region == "san"
    assert tracker_app.recommendation(reg_san, recommendation_id).region == "san"
    with pytest.raises(NotFound):
        tracker_app.act(people["reg_segou"], recommendation_id, "acknowledge")
    tracker_app.act(reg_san, recommendation_id, "acknowledge")

    # Back under the old map, the file stays where it was filed, up to the CRSS.
    tracker_app.act(reg_san, recommendation_id, "escalate",
                    reason="Le budget régional ne suffit pas.")
    assert tracker_app.recommendation(people["crss"], recommendation_id).region == "san"


def test_the_region_recorded_at_raise_is_the_communes_region(tracker_app, people, clock):
    recommendation_id = raise_one(tracker_app, people, clock, by="sec_niono",
                                  commune="niono").recommendation_id

    assert stored_events(tracker_app, recommendation_id)[0].region == "segou"
    assert tracker_app.recommendation(people["reg_segou"], recommendation_id).commune == "niono"
