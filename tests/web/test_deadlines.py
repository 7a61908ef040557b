"""Deadlines in the pages and the API: « en retard de 4 jours » / « échéance dans 3 jours »,
the overdue filter of the board and of GET /api/v1/recommendations, a deadline of 0 days,
and a setting changed after the fact, which never moves what was already due."""

from __future__ import annotations

import html
import re
from datetime import datetime, timezone
from uuid import UUID

import pytest

from tests.conftest import login, raise_fields
from tests.web.test_api import Api

REASON = "Le budget communal ne suffit pas."


@pytest.fixture
def tracker(app):
    return app.extensions["tracker"]


def escalated(tracker, people, clock, title: str, by: str = "sec_segou") -> str:
    principal = people[by]
    recommendation_id = tracker.raise_recommendation(principal, **raise_fields(
        clock, commune=principal.commune, title=title)).recommendation_id
    tracker.act(principal, recommendation_id, "escalate", reason=REASON)
    return str(recommendation_id)


@pytest.fixture
def late_and_due(tracker, web_people, clock):
    """One file four days late, one due in three days, one not awaiting anything."""
    late = escalated(tracker, web_people, clock, "Lampadaires en retard")    # due 25 March
    clock.advance(days=7)
    due = escalated(tracker, web_people, clock, "Patrouilles à l'heure")    # due 1 April
    tracker.raise_recommendation(web_people["sec_segou"], **raise_fields(
        clock, title="Encore à la commune"))
    clock.advance(days=7)  # 24 March... then to the 29th
    clock.advance(days=5)
    return {"late": late, "due": due}


def titles(page: str) -> list[str]:
    return [html.unescape(title) for title in re.findall(r'<td><a href="/recommendations/[^"]+">([^<]+)</a>', page)]


def test_the_board_says_how_late_or_how_long_is_left(client, late_and_due):
    login(client, "reg_segou")

    page = client.get("/").text

    assert "en retard de 4 jours" in page and "échéance dans 3 jours" in page
    assert page.count('class="deadline late"') == 1


def test_the_recommendation_page_says_it_too(client, late_and_due):
    login(client, "sec_segou")
    assert "en retard de 4 jours" in client.get(f"/recommendations/{late_and_due['late']}").text
    assert "échéance dans 3 jours" in client.get(f"/recommendations/{late_and_due['due']}").text


def test_the_board_filters_overdue_files_and_its_links_keep_the_filter(client, late_and_due):
    login(client, "crss")

    page = client.get("/?overdue=on").text

    assert titles(page) == ["Lampadaires en retard"]
    assert 'name="overdue" value="on" checked' in page
    assert re.search(r'href="/recommandations\.csv\?overdue=True"', page)
    assert titles(client.get("/?overdue=on", headers={"HX-Request": "true"}).text) == [
        "Lampadaires en retard"]
    assert len(titles(client.get("/").text)) == 3


def test_overdue_follows_the_applications_clock(client, late_and_due, clock):
    login(client, "crss")
    clock.advance(days=3)  # 1 April, 09:00: the second is due this very moment
    assert titles(client.get("/?overdue=on").text) == ["Lampadaires en retard"]
    clock.advance(minutes=1)
    assert titles(client.get("/?overdue=on").text) == ["Patrouilles à l'heure",
                                                       "Lampadaires en retard"]


# ---- the API -------------------------------------------------------------------------------
@pytest.fixture
def api(client, tracker, web_people) -> Api:
    return Api(client, tracker)


def test_the_api_filters_on_overdue_and_says_it_of_every_item(api, late_and_due):
    late_only = api.get("auditor", "/recommendations", overdue="true").get_json()
    everything = api.get("auditor", "/recommendations").get_json()

    assert [item["id"] for item in late_only["items"]] == [late_and_due["late"]]
    assert late_only["total"] == 1 and late_only["items"][0]["overdue"] is True
    assert {item["title"]: item["overdue"] for item in everything["items"]} == {
        "Lampadaires en retard": True, "Patrouilles à l'heure": False,
        "Encore à la commune": False}
    assert api.get("auditor", "/recommendations", overdue="false").get_json()["total"] == 3
    assert api.get("auditor", f"/recommendations/{late_and_due['late']}").get_json()[
        "overdue"] is True


def test_the_api_refuses_an_unclear_overdue_value(api, late_and_due):
    answer = api.get("auditor", "/recommendations", overdue="peut-être")
    assert answer.status_code == 422
    assert answer.get_json() == {"errors": {"overdue": ["Valeur attendue : true ou false."]}}


def test_the_api_overdue_filter_stays_within_the_callers_territory(api, late_and_due):
    assert api.get("reg_mopti", "/recommendations", overdue="true").get_json()["total"] == 0
    assert api.get("sec_niono", "/recommendations", overdue="true").get_json()["total"] == 0
    assert api.get("admin", "/recommendations", overdue="true").status_code == 403


# ---- a deadline of 0 days, a setting changed later ----------------------------------------------
@pytest.fixture
def app_with(database_url, clock, monkeypatch):
    """``app_with(region_days)``: the application with that regional deadline."""
    from web import create_app

    made = []

    def app_with(region_days: int):
        monkeypatch.setenv("TRACKER_REGION_ACK_DAYS", str(region_days))
        app = create_app({"TESTING": True, "SECRET_KEY": "test-secret",
                          "TRACKER_DATABASE_URL": database_url, "TRACKER_CLOCK": clock,
                          "WTF_CSRF_ENABLED": False})
        made.append(app)
        return app
    yield app_with
    for app in made:
        app.extensions["read_models"].engine.dispose()
        app.extensions["tracker"].close()


def test_a_deadline_of_zero_days_is_due_at_once_and_late_a_moment_later(app_with, clock):
    from tests.conftest import open_people

    app = app_with(0)
    people = open_people(app.extensions["tracker"])
    recommendation_id = escalated(app.extensions["tracker"], people, clock, "Tout de suite")
    client = app.test_client()
    login(client, "reg_segou")

    assert "échéance aujourd'hui" in html.unescape(client.get("/").text)
    assert titles(client.get("/?overdue=on").text) == []
    clock.advance(minutes=1)
    assert "en retard depuis aujourd'hui" in html.unescape(client.get("/").text)
    assert titles(client.get("/?overdue=on").text) == ["Tout de suite"]
    row = app.extensions["tracker"].recommendation(people["crss"], UUID(recommendation_id))
    assert row.due_by == datetime(2026, 3, 10, 9, 0, tzinfo=timezone.utc)


def test_a_setting_changed_later_keeps_what_was_due_and_applies_from_then_on(app_with,
                                                                            clock):
    from tests.conftest import open_people

    before = app_with(15)
    people = open_people(before.extensions["tracker"])
    first = escalated(before.extensions["tracker"], people, clock, "Transmise sous 15 jours")

    after = app_with(3)  # the operator shortens the deadline, then restarts
    tracker = after.extensions["tracker"]
    second = escalated(tracker, people, clock, "Transmise sous 3 jours")
    after.extensions["read_models"].rebuild()  # even replayed from the events
    api = Api(after.test_client(), tracker)

    dues = {item["title"]: item["due_by"] for item in
            api.get("crss", "/recommendations").get_json()["items"]}
    assert dues == {"Transmise sous 15 jours": "2026-03-25T09:00:00+00:00",
                    "Transmise sous 3 jours": "2026-03-13T09:00:00+00:00"}
    assert tracker.recommendation(people["crss"], UUID(first)).due_by.day == 25
    assert tracker.recommendation(people["crss"], UUID(second)).due_by.day == 13
    clock.advance(days=4)
    assert [item["title"] for item in api.get("crss", "/inbox").get_json()["items"]] == []
    files = [item for item in api.get("reg_segou", "/inbox").get_json()["items"]
             if item["reason"] != "session_overdue"]  # the region's CCS sessions aside
    assert [item["title"] for item in files] == ["Transmise sous 3 jours",
                                                 "Transmise sous 15 jours"]
    assert [item["overdue"] for item in files] == [True, False]
