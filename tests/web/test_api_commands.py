"""The JSON API's commands: the whole life of a recommendation from commune to CRSS, the
input rules of every command (422), and refusals mapped to 403 / 404 / 409 with nothing
recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.web.test_api import (  # noqa: F401  (fixtures)
    NO_SUCH_ID, api, event_count, raise_body, raised, tracker,
)

REASON = "Au-delà des moyens de la commune."
QUESTION = "Combien de lampadaires exactement ?"
ANSWER = "Dix lampadaires solaires, devis joint."
REPORT = "Les dix lampadaires sont posés et allumés."

# Commands that move a fresh (commune, open) file to a given state, as (who, command, body).
TO_REGION = [("sec_segou", "escalate", {"reason": REASON})]
TO_REGION_ACKNOWLEDGED = TO_REGION + [("reg_segou", "acknowledge", {})]
TO_NATIONAL = TO_REGION_ACKNOWLEDGED + [("reg_segou", "escalate", {"reason": REASON})]
TO_NATIONAL_ACKNOWLEDGED = TO_NATIONAL + [("crss", "acknowledge", {})]
WITHDRAWN = [("sec_segou", "withdraw", {"reason": REASON})]
STATES = {"commune-open": [], "region-awaiting": TO_REGION,
          "region-acknowledged": TO_REGION_ACKNOWLEDGED, "national-awaiting": TO_NATIONAL,
          "national-acknowledged": TO_NATIONAL_ACKNOWLEDGED, "withdrawn": WITHDRAWN}


def perform(api, recommendation_id: str, who: str, command: str, body=None,
            status: int = 200) -> dict:
    response = api.act(who, recommendation_id, command, body)
    assert response.status_code == status, (command, response.json)
    return response.json


def bring_to(api, recommendation_id: str, state: str) -> None:
    for who, command, body in STATES[state]:
        perform(api, recommendation_id, who, command, body)


def state_of(body: dict) -> tuple[str, str]:
    return body["level"], body["status"]


def history_types(api, recommendation_id: str) -> list[str]:
    response = api.get("auditor", f"/recommendations/{recommendation_id}/history")
    return [item["type"] for item in response.json["items"]]


# ---- the whole life ----------------------------------------------------------------------
def test_a_recommendation_travels_from_commune_to_crss_and_back(api, clock):
    created = api.post("sec_segou", "/recommendations", raise_body(clock)).json
    key = created["id"]
    steps = [
        ("sec_segou", "amend", {"title": "Éclairage solaire du grand marché"},
         ("commune", "open")),
        ("sec_segou", "note", {"note": "Devis demandé au fournisseur."}, ("commune", "open")),
        ("sec_segou", "escalate", {"reason": REASON}, ("region", "awaiting_acknowledgement")),
        ("reg_segou", "request-clarification", {"question": QUESTION},
         ("region", "clarification_requested")),
        ("sec_segou", "clarify", {"answer": ANSWER}, ("region", "awaiting_acknowledgement")),
        ("reg_segou", "acknowledge", {"note": "Bien reçu."}, ("region", "acknowledged")),
        ("reg_segou", "note", {"note": "À voir avec le CRSS."}, ("region", "acknowledged")),
        ("reg_segou", "escalate", {"reason": REASON}, ("national", "awaiting_acknowledgement")),
        ("crss", "request-clarification", {"question": QUESTION},
         ("national", "clarification_requested")),
        ("reg_segou", "clarify", {"answer": ANSWER}, ("national", "awaiting_acknowledgement")),
        ("crss", "acknowledge", {}, ("national", "acknowledged")),
        ("crss", "accept", {"note": "Financé.", "target_date": "2026-06-30"},
         ("national", "accepted")),
        ("crss", "report-implementation", {"note": REPORT}, ("national", "implemented")),
        ("sec_segou", "reopen", {"reason": "Deux lampadaires sont déjà en panne."},
         ("commune", "open")),
        ("sec_segou", "withdraw", {"reason": "Réparés par la mairie entre-temps."},
         ("commune", "withdrawn")),
    ]
    for version, (who, command, body, expected) in enumerate(steps, start=2):
        after = perform(api, key, who, command, body)
        assert state_of(after) == expected, command
        assert after["version"] == version
    assert history_types(api, key) == [
        "Raised", "Amended", "Noted", "EscalatedToRegion", "ClarificationRequested",
        "Clarified", "Acknowledged", "Noted", "EscalatedToNational", "ClarificationRequested",
        "Clarified", "Acknowledged", "Accepted", "ImplementationReported", "Reopened",
        "Withdrawn"]


def test_escalation_sets_the_regional_deadline_and_changes_who_may_act(api, raised, clock):
    after = perform(api, raised, "sec_segou", "escalate", {"reason": REASON})
    assert after["due_by"] == (clock.now + timedelta(days=15)).isoformat()
    assert after["due_by"] == "2026-03-25T09:00:00+00:00"
    # The secretary's turn is over: she may only follow the file up, or chase it up.
    assert after["allowed_actions"] == ["follow-up", "chase-up", "attach-to-session"]
    regional = api.get("reg_segou", f"/recommendations/{raised}").json
    assert regional["allowed_actions"] == ["note", "acknowledge", "request-clarification"]


def test_clarification_restarts_the_deadline(api, raised, clock):
    bring_to(api, raised, "region-awaiting")
    perform(api, raised, "reg_segou", "request-clarification", {"question": QUESTION})
    clock.advance(days=10)
    after = perform(api, raised, "sec_segou", "clarify", {"answer": ANSWER})
    assert after["due_by"] == (clock.now + timedelta(days=15)).isoformat()


def test_national_escalation_gives_the_crss_thirty_days(api, raised, clock):
    bring_to(api, raised, "region-acknowledged")
    after = perform(api, raised, "reg_segou", "escalate", {"reason": REASON})
    assert after["due_by"] == (clock.now + timedelta(days=30)).isoformat()


def test_commune_accepts_and_reports_implementation_itself(api, raised, clock):
    target = (clock.today + timedelta(days=60)).isoformat()
    after = perform(api, raised, "sec_segou", "accept", {"target_date": target})
    assert state_of(after) == ("commune", "accepted") and after["target_date"] == target
    after = perform(api, raised, "sec_segou", "report-implementation", {"note": REPORT})
    assert state_of(after) == ("commune", "implemented")
    assert after["allowed_actions"] == ["reopen", "attach-to-session"]


def test_region_accepts_without_note_or_date_and_reports_implementation(api, raised):
    bring_to(api, raised, "region-acknowledged")
    after = perform(api, raised, "reg_segou", "accept", {})
    assert state_of(after) == ("region", "accepted") and after["target_date"] is None
    after = perform(api, raised, "reg_segou", "report-implementation", {"note": REPORT})
    assert state_of(after) == ("region", "implemented")


@pytest.mark.parametrize("state, who", [("region-acknowledged", "reg_segou"),
                                        ("national-acknowledged", "crss")])
def test_a_level_declines_and_the_commune_reopens(api, raised, state, who):
    bring_to(api, raised, state)
    after = perform(api, raised, who, "decline", {"reason": "Hors du champ de la RSS."})
    assert after["status"] == "declined"
    after = perform(api, raised, "sec_segou", "reopen", {"reason": "Nouveaux éléments reçus."})
    assert state_of(after) == ("commune", "open") and after["due_by"] is None


def test_acknowledge_needs_no_body_at_all(api, tracker, raised):
    bring_to(api, raised, "region-awaiting")
    response = api.client.post(f"/api/v1/recommendations/{raised}/acknowledge",
                               headers=api.headers("reg_segou"))
    assert response.status_code == 200 and response.json["status"] == "acknowledged"


def test_amend_may_clear_the_origin_group(api, raised):
    after = perform(api, raised, "sec_segou", "amend", {"origin_group": None})
    assert after["origin_group"] is None


def test_a_command_shows_in_the_list_and_history_at_once(api, raised):
    perform(api, raised, "sec_segou", "escalate", {"reason": REASON})
    listed = api.get("reg_segou", "/recommendations", status="awaiting_acknowledgement").json
    assert [item["id"] for item in listed["items"]] == [raised]
    assert listed["items"][0]["version"] == 2
    assert history_types(api, raised)[-1] == "EscalatedToRegion"


def test_expected_version_that_matches_is_accepted(api, raised):
    after = perform(api, raised, "sec_segou", "note", {"note": "Vu.", "expected_version": 1})
    assert after["version"] == 2


def test_stale_expected_version_is_409_and_records_nothing(api, tracker, raised):
    perform(api, raised, "sec_segou", "note", {"note": "Première note."})
    count = event_count(tracker)
    response = api.act("sec_segou", raised, "escalate",
                       {"reason": REASON, "expected_version": 1})
    assert response.status_code == 409 and "avant vous" in response.json["error"]
    assert event_count(tracker) == count
    assert api.get("sec_segou", f"/recommendations/{raised}").json["status"] == "open"


# ---- input rules of each command (422) ---------------------------------------------------
@pytest.mark.parametrize("who, command, body, field", [
    ("sec_segou", "amend", {"title": "abc"}, "title"),
    ("sec_segou", "amend", {"title": "x" * 201}, "title"),
    ("sec_segou", "amend", {"description": "x" * 5001}, "description"),
    ("sec_segou", "amend", {"theme": "meteo"}, "theme"),
    ("sec_segou", "amend", {"meeting_date": "hier"}, "meeting_date"),
    ("sec_segou", "amend", {"meeting_date": "2099-01-01"}, "meeting_date"),
    ("sec_segou", "amend", {"origin_group": "enfants"}, "origin_group"),
    ("sec_segou", "amend", {}, "_schema"),
    ("sec_segou", "amend", {"title": "Éclairage public du grand marché"}, "_schema"),
    ("sec_segou", "note", {}, "note"),
    ("sec_segou", "note", {"note": "   "}, "note"),
    ("sec_segou", "note", {"note": "x" * 5001}, "note"),
    ("sec_segou", "note", {"note": ["liste"]}, "note"),
    ("sec_segou", "escalate", {}, "reason"),
    ("sec_segou", "escalate", {"reason": "court"}, "reason"),
    ("sec_segou", "escalate", {"reason": "x" * 2001}, "reason"),
    ("reg_segou", "acknowledge", {"note": "x" * 5001}, "note"),
    ("reg_segou", "request-clarification", {}, "question"),
    ("reg_segou", "request-clarification", {"question": "pourquoi"}, "question"),
    ("sec_segou", "clarify", {}, "answer"),
    ("sec_segou", "clarify", {"answer": "parce que"}, "answer"),
    ("sec_segou", "accept", {"note": "x" * 5001}, "note"),
    ("sec_segou", "accept", {"target_date": "bientôt"}, "target_date"),
    ("sec_segou", "accept", {"target_date": "2020-01-01"}, "target_date"),
    ("reg_segou", "decline", {"reason": "non"}, "reason"),
    ("sec_segou", "report-implementation", {}, "note"),
    ("sec_segou", "report-implementation", {"note": "fait"}, "note"),
    ("sec_segou", "withdraw", {"reason": ""}, "reason"),
    ("sec_segou", "reopen", {"reason": "encore"}, "reason"),
    ("sec_segou", "note", {"note": "Vu.", "expected_version": "deux"}, "expected_version"),
    ("sec_segou", "note", {"note": "Vu.", "expected_version": 1.5}, "expected_version"),
])
def test_invalid_command_field_is_422_naming_it_and_records_nothing(api, tracker, raised,
                                                                     who, command, body,
                                                                     field):
    count = event_count(tracker)
    response = api.act(who, raised, command, body)
    assert response.status_code == 422, response.json
    assert list(response.json["errors"]) == [field]
    assert all(isinstance(message, str) for message in response.json["errors"][field])
    assert event_count(tracker) == count


@pytest.mark.parametrize("data", ["raison=trop cher", "[]", "{"])
def test_command_body_that_is_not_a_json_object_is_400(api, tracker, raised, data):
    count = event_count(tracker)
    response = api.client.post(f"/api/v1/recommendations/{raised}/escalate", data=data,
                               headers=api.headers("sec_segou"))
    assert response.status_code == 400 and "JSON" in response.json["error"]
    assert event_count(tracker) == count


@pytest.mark.parametrize("command", ["raise", "delete", "approve", "history-2", "ACCEPT"])
def test_unknown_command_is_404(api, tracker, raised, command):
    count = event_count(tracker)
    response = api.act("sec_segou", raised, command, {})
    assert response.status_code == 404 and response.is_json
    assert event_count(tracker) == count


def test_commands_are_posted_not_got(api, raised):
    assert api.get("sec_segou", f"/recommendations/{raised}/escalate").status_code == 405


# ---- refusals: 403 the role never may, 404 outside the territory, 409 not now ---------------
REFUSALS = [
    # (state, who, command, body, status)
    ("commune-open", "auditor", "note", {"note": "Vu."}, 403),
    ("commune-open", "admin", "note", {"note": "Vu."}, 403),
    ("commune-open", "reg_segou", "amend", {"title": "Autre titre"}, 403),
    ("commune-open", "reg_segou", "withdraw", {"reason": REASON}, 403),
    ("region-acknowledged", "crss", "escalate", {"reason": REASON}, 403),
    ("region-awaiting", "sec_segou", "acknowledge", {}, 403),
    ("national-awaiting", "sec_segou", "request-clarification", {"question": QUESTION}, 403),
    ("commune-open", "sec_niono", "note", {"note": "Vu."}, 404),
    ("commune-open", "sec_mopti", "withdraw", {"reason": REASON}, 404),
    ("region-awaiting", "reg_mopti", "acknowledge", {}, 404),
    ("national-awaiting", "reg_mopti", "note", {"note": "Vu."}, 404),
    ("commune-open", "reg_segou", "acknowledge", {}, 409),
    ("commune-open", "sec_segou", "reopen", {"reason": REASON}, 409),
    ("region-awaiting", "sec_segou", "withdraw", {"reason": REASON}, 409),
    ("region-awaiting", "sec_segou", "note", {"note": "Vu."}, 409),
    ("region-awaiting", "reg_segou", "decline", {"reason": REASON}, 409),
    ("region-awaiting", "crss", "acknowledge", {}, 409),
    ("region-acknowledged", "sec_segou", "clarify", {"answer": ANSWER}, 409),
    ("national-awaiting", "reg_segou", "acknowledge", {}, 409),
    ("national-acknowledged", "reg_segou", "accept", {}, 409),
    ("withdrawn", "sec_segou", "note", {"note": "Vu."}, 409),
    ("withdrawn", "sec_segou", "withdraw", {"reason": REASON}, 409),
]


@pytest.mark.parametrize("state, who, command, body, status", REFUSALS)
def test_refused_command_maps_to_its_status_and_records_nothing(api, tracker, raised, state,
                                                                who, command, body, status):
    bring_to(api, raised, state)
    before = api.get("auditor", f"/recommendations/{raised}").json
    count = event_count(tracker)
    response = api.act(who, raised, command, body)
    assert response.status_code == status, response.json
    assert response.is_json and response.json["error"]
    assert event_count(tracker) == count
    assert api.get("auditor", f"/recommendations/{raised}").json == before


def test_regional_of_another_region_gets_404_even_with_invalid_input(api, raised):
    # Outside the territory, validation messages would confirm the file exists.
    response = api.act("reg_mopti", raised, "request-clarification", {"question": "?"})
    assert response.status_code == 404


def test_role_that_may_never_act_gets_403_before_its_input_is_judged(api, raised):
    assert api.act("auditor", raised, "note", {}).status_code == 403


@pytest.mark.parametrize("recommendation_id", ["pas-un-uuid", NO_SUCH_ID])
def test_command_on_malformed_or_unknown_id_is_404(api, tracker, recommendation_id):
    count = event_count(tracker)
    response = api.act("sec_segou", recommendation_id, "note", {"note": "Vu."})
    assert response.status_code == 404
    assert event_count(tracker) == count


def test_refusal_message_is_french_and_names_the_state(api, raised):
    response = api.act("sec_segou", raised, "reopen", {"reason": REASON})
    assert response.status_code == 409
    assert "impossible" in response.json["error"] and "Ouverte" in response.json["error"]
