"""Time travel: a recommendation, its history and the whole board as they stood at a past
moment, rebuilt from the events; pages and API, same filters and scope as today."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import login, raise_fields


@pytest.fixture
def tracker(app):
    return app.extensions["tracker"]


@pytest.fixture
def story(tracker, web_people, clock):
    """Ségou raises on 10 March, escalates on 12 March; the region acknowledges on
    15 March. Mopti raises on 13 March."""
    start = clock.today
    segou = tracker.raise_recommendation(
        web_people["sec_segou"], **raise_fields(clock, title="Lampadaires du marché"))
    clock.advance(days=2)
    tracker.act(web_people["sec_segou"], segou.recommendation_id, "escalate",
                reason="Au-delà des moyens de la commune.")
    clock.advance(days=1)
    mopti = tracker.raise_recommendation(
        web_people["sec_mopti"], **raise_fields(clock, commune="mopti", title="Radio en peul"))
    clock.advance(days=2)
    tracker.act(web_people["reg_segou"], segou.recommendation_id, "acknowledge")
    return {"segou": str(segou.recommendation_id), "mopti": str(mopti.recommendation_id),
            "day": lambda n: (start + timedelta(days=n)).isoformat()}


def api(client, tracker, username, path):
    token = tracker.issue_token(None, username)
    return client.get(path, headers={"Authorization": f"Bearer {token}"})


def test_a_recommendation_as_of_a_day_is_its_state_at_the_end_of_that_day(
        client, tracker, story):
    path = f"/api/v1/recommendations/{story['segou']}"

    then = api(client, tracker, "crss", f"{path}?as_of={story['day'](2)}").json
    now = api(client, tracker, "crss", path).json

    assert (then["level"], then["status"], then["version"]) == (
        "region", "awaiting_acknowledgement", 2)
    assert then["allowed_actions"] == []  # the past is read-only
    assert (now["status"], now["version"]) == ("acknowledged", 3)


def test_a_moment_with_its_offset_is_exact(client, tracker, story, clock):
    escalated_at = (clock.now - timedelta(days=3)).isoformat()  # the escalation's instant
    before = (clock.now - timedelta(days=3, seconds=1)).isoformat()
    path = f"/api/v1/recommendations/{story['segou']}"

    escalated_at = escalated_at.replace("+", "%2B")
    assert api(client, tracker, "crss", f"{path}?as_of={escalated_at}").json["version"] == 2
    assert api(client, tracker, "crss",
               f"{path}?as_of={before.replace('+', '%2B')}").json["version"] == 1


def test_the_history_as_of_stops_at_that_moment(client, tracker, story):
    items = api(client, tracker, "auditor", f"/api/v1/recommendations/{story['segou']}"
                f"/history?as_of={story['day'](2)}").json["items"]
    assert [item["type"] for item in items] == ["Raised", "EscalatedToRegion"]


def test_before_it_was_raised_a_recommendation_did_not_exist(client, tracker, story):
    response = api(client, tracker, "crss",
                   f"/api/v1/recommendations/{story['mopti']}?as_of={story['day'](1)}")
    assert response.status_code == 404
    assert response.json["error"] == "Ce dossier n'existait pas encore à cette date."


def test_as_of_keeps_the_territory_rules(client, tracker, story):
    response = api(client, tracker, "sec_segou",
                   f"/api/v1/recommendations/{story['mopti']}?as_of={story['day'](4)}")
    assert response.status_code == 404


def test_a_bad_as_of_is_told(client, tracker, story):
    response = api(client, tracker, "crss",
                   f"/api/v1/recommendations/{story['segou']}?as_of=hier")
    assert response.status_code == 422 and "AAAA-MM-JJ" in response.json["errors"]["as_of"][0]

    login(client, "crss")
    page = client.get("/?as_of=hier")
    assert page.status_code == 422 and "AAAA-MM-JJ" in page.get_data(as_text=True)


def test_the_board_as_of_shows_each_file_as_it_was_with_the_same_filters(
        client, tracker, story):
    then = api(client, tracker, "crss", f"/api/v1/recommendations?as_of={story['day'](2)}")
    assert [(i["title"], i["status"]) for i in then.json["items"]] == [
        ("Lampadaires du marché", "awaiting_acknowledgement")]

    later = api(client, tracker, "crss",
                f"/api/v1/recommendations?as_of={story['day'](3)}&level=commune").json
    assert [i["title"] for i in later["items"]] == ["Radio en peul"] and later["total"] == 1
    searched = api(client, tracker, "crss",
                   f"/api/v1/recommendations?as_of={story['day'](3)}&q=peul").json
    assert [(i["title"], i["status"]) for i in searched["items"]] == [("Radio en peul", "open")]


def test_the_board_as_of_keeps_the_callers_territory(client, tracker, story):
    items = api(client, tracker, "sec_mopti",
                f"/api/v1/recommendations?as_of={story['day'](4)}").json["items"]
    assert [i["title"] for i in items] == ["Radio en peul"]


def test_the_pages_show_the_past_read_only(client, tracker, story):
    login(client, "reg_segou")
    page = client.get(f"/recommendations/{story['segou']}?as_of={story['day'](2)}").text
    assert "lecture seule" in page and "Voir l'état actuel" in page.replace("&#39;", "'")
    assert "Accuser réception" not in page  # it was awaiting, but the past takes no action
    assert "En attente d'accusé de réception" in page.replace("&#39;", "'")

    board = client.get(f"/?as_of={story['day'](2)}").text
    assert "reconstitué à partir des événements" in board and "Lampadaires du marché" in board
    assert "Radio en peul" not in board

