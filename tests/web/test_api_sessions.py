"""The sessions API: recording (with attendance and minutes), listing within the territory,
one session, its commands, and its recommendations raised in one sitting. Errors as
everywhere: 401, 403, 404, 409, 422, and nothing recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.web.test_api import Api, api, event_count, tracker  # noqa: F401

ATTENDANCE = {"femmes": {"women": 5, "men": 0}, "jeunes": {"women": 2, "men": 3}}


def session_body(clock, **overrides) -> dict:
    body = {"held_on": (clock.today - timedelta(days=5)).isoformat(), "place": "Mairie de Ségou",
            "chaired_by": "Le maire", "agenda": ["Éclairage", "Patrouilles"],
            "attendance": ATTENDANCE, "minutes": "Deux points examinés.",
            "request_id": "session-1"}
    body.update(overrides)
    return body


def sitting(count=3, **overrides) -> dict:
    return {"items": [{"title": f"Recommandation {index} de la session",
                       "theme": "eclairage_public", "origin_group": "jeunes",
                       "request_id": f"row-{index}", **overrides} for index in range(count)]}


@pytest.fixture
def session_id(api, clock) -> str:
    return api.post("sec_segou", "/sessions", session_body(clock)).json["id"]


def test_a_secretary_records_a_session_with_its_attendance_and_minutes(api, tracker, clock):
    before = event_count(tracker)
    response = api.post("sec_segou", "/sessions", session_body(clock))
    assert response.status_code == 201
    body = response.json
    assert (body["commune"], body["level"], body["status"]) == ("segou", "commune", "recorded")
    assert body["attendance"]["jeunes"] == {"women": 2, "men": 3}
    assert body["allowed_actions"] == ["amend", "record-attendance", "write-minutes", "adopt",
                                       "cancel"]
    assert event_count(tracker) == before + 3
    again = api.post("sec_segou", "/sessions", session_body(clock))
    assert again.status_code == 200 and again.json["id"] == body["id"]
    assert event_count(tracker) == before + 3


@pytest.mark.parametrize("username, body, status", [
    ("crss", {}, 403), ("auditor", {}, 403), ("admin", {}, 403),
    ("sec_segou", {"commune": "niono"}, 403), ("sec_segou", {"held_on": "2099-01-01"}, 422),
    ("sec_segou", {"place": "x"}, 422), ("sec_segou", {"agenda": "pas une liste"}, 422),
    ("sec_segou", {"attendance": {"martiens": {"women": 1}}}, 422),
    ("sec_segou", {"attendance": {"femmes": {"women": 1.5}}}, 422),
    ("sec_segou", {"place": "Mairie\x00"}, 422),
])
def test_a_refused_session_records_nothing(api, tracker, clock, username, body, status):
    before = event_count(tracker)
    response = api.post(username, "/sessions", session_body(clock, **body))
    assert response.status_code == status, response.json
    assert event_count(tracker) == before


def test_a_regional_ccs_session_is_recorded_by_the_region(api, clock):
    response = api.post("reg_segou", "/sessions", session_body(clock, request_id="r-1"))
    assert response.status_code == 201
    assert (response.json["level"], response.json["commune"], response.json["region"]) == (
        "region", None, "segou")


def test_sessions_are_listed_within_the_territory_with_their_filters(api, clock, session_id):
    api.post("sec_mopti", "/sessions", session_body(clock, place="Mairie de Mopti"))
    assert api.get("sec_segou", "/sessions").json["total"] == 1
    assert api.get("reg_segou", "/sessions").json["total"] == 1
    listed = api.get("crss", "/sessions").json
    assert listed["total"] == 2
    assert {item["attendance"]["women"] for item in listed["items"]} == {7}
    assert api.get("crss", "/sessions", commune="mopti").json["total"] == 1
    later = (clock.today + timedelta(days=1)).isoformat()
    assert api.get("crss", "/sessions", **{"from": later}).json["total"] == 0
    assert api.get("crss", "/sessions", page="0").status_code == 422
    assert api.get("admin", "/sessions").status_code == 403


@pytest.mark.parametrize("username, status", [("sec_niono", 404), ("reg_mopti", 404),
                                              ("reg_segou", 200), ("auditor", 200)])
def test_a_session_is_read_within_the_territory(api, session_id, username, status):
    assert api.get(username, f"/sessions/{session_id}").status_code == status


def test_the_minutes_are_adopted_then_only_corrected_with_a_reason(api, tracker, session_id):
    adopted = api.post("sec_segou", f"/sessions/{session_id}/adopt", {"expected_version": 3})
    assert adopted.status_code == 200 and adopted.json["status"] == "adopted"
    before = event_count(tracker)
    assert api.post("sec_segou", f"/sessions/{session_id}/write-minutes",
                    {"minutes": "Autre"}).status_code == 409
    assert api.post("sec_segou", f"/sessions/{session_id}/correct",
                    {"place": "Maison des jeunes"}).status_code == 422
    assert api.post("reg_segou", f"/sessions/{session_id}/correct",
                    {"place": "Maison des jeunes",
                     "reason": "Le lieu était la maison des jeunes."}).status_code == 409
    assert event_count(tracker) == before
    corrected = api.post("sec_segou", f"/sessions/{session_id}/correct",
                         {"place": "Maison des jeunes",
                          "reason": "Le lieu était la maison des jeunes."})
    assert corrected.json["place"] == "Maison des jeunes"
    assert api.post("sec_segou", f"/sessions/{session_id}/voler", {}).status_code == 404


def test_recommendations_of_a_session_are_raised_in_one_sitting(api, tracker, session_id,
                                                                clock):
    response = api.post("sec_segou", f"/sessions/{session_id}/recommendations", sitting(3))
    assert response.status_code == 201
    ids = response.json["ids"]
    assert len(ids) == 3
    file = api.get("sec_segou", f"/recommendations/{ids[0]}").json
    assert file["meeting_date"] == (clock.today - timedelta(days=5)).isoformat()
    assert sorted(api.get("sec_segou", f"/sessions/{session_id}").json["recommendations"]) == \
        sorted(ids)
    again = api.post("sec_segou", f"/sessions/{session_id}/recommendations", sitting(3))
    assert again.status_code == 200 and again.json["ids"] == ids  # 201 only when created


def test_one_wrong_row_records_nothing_and_names_its_row(api, tracker, session_id):
    body = sitting(3)
    body["items"][2]["title"] = "abc"
    before = event_count(tracker)
    response = api.post("sec_segou", f"/sessions/{session_id}/recommendations", body)
    assert response.status_code == 422
    assert list(response.json["errors"]["items"]) == ["2"]
    assert "title" in response.json["errors"]["items"]["2"]
    assert event_count(tracker) == before


@pytest.mark.parametrize("username, status", [("sec_niono", 404), ("reg_segou", 403),
                                              ("crss", 403), ("auditor", 403)])
def test_only_the_session_s_secretary_raises_its_recommendations(api, tracker, session_id,
                                                                 username, status):
    before = event_count(tracker)
    assert api.post(username, f"/sessions/{session_id}/recommendations",
                    sitting(1)).status_code == status
    assert event_count(tracker) == before


def test_an_existing_file_is_attached_to_a_session_of_its_commune(api, tracker, session_id,
                                                                  clock):
    from tests.web.test_api import raise_body

    file_id = api.post("sec_segou", "/recommendations", raise_body(clock)).json["id"]
    attached = api.act("sec_segou", file_id, "attach-to-session", {"session_id": session_id})
    assert attached.status_code == 200
    assert attached.json["meeting_date"] == (clock.today - timedelta(days=5)).isoformat()
    assert api.get("sec_segou", f"/sessions/{session_id}").json["recommendations"] == [file_id]
    other = api.post("sec_mopti", "/sessions", session_body(clock)).json["id"]
    assert api.act("sec_segou", file_id, "attach-to-session",
                   {"session_id": other}).status_code == 422


def test_a_session_as_it_stood_at_a_past_moment(api, clock, session_id):
    recorded_at = clock.now
    clock.advance(hours=2)
    api.post("sec_segou", f"/sessions/{session_id}/adopt", {})
    past = api.get("sec_segou", f"/sessions/{session_id}", as_of=recorded_at.isoformat()).json
    assert (past["status"], past["allowed_actions"]) == ("recorded", [])
    assert api.get("sec_segou", f"/sessions/{session_id}").json["status"] == "adopted"
    before = (clock.today - timedelta(days=30)).isoformat()
    assert api.get("sec_segou", f"/sessions/{session_id}", as_of=before).status_code == 404
    assert api.get("sec_niono", f"/sessions/{session_id}",
                   as_of=recorded_at.isoformat()).status_code == 404
