"""A form posted twice (a double click, a retry after a timeout) records once, through every
action form with and without htmx, and through the JSON API: the second answer is the
success of the first, never a conflict."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.conftest import login
from tests.domain.lifecycle import (
    ACCEPTED, ACKNOWLEDGED, AWAITING, CLARIFICATION, COMMUNE, DECLINED, NATIONAL, OPEN, REGION,
)
from tests.tracker.scenario import drive_to
from tests.web.test_api import Api

HTMX = {"HX-Request": "true"}
A_SESSION = "<a session of the file's commune, recorded by the test>"

# Per command: a state that allows it, who gives it there, and what they type.
FORMS = {
    "amend": ((COMMUNE, OPEN), "sec_segou", {"title": "Lampadaires solaires du marché"}),
    "note": ((REGION, AWAITING), "reg_segou", {"note": "Dossier reçu, en lecture."}),
    "escalate": ((COMMUNE, OPEN), "sec_segou", {"reason": "Le budget communal ne suffit pas."}),
    "acknowledge": ((NATIONAL, AWAITING), "crss", {"note": "Bien reçu au CRSS."}),
    "request-clarification": ((REGION, AWAITING), "reg_segou",
                              {"question": "Combien de lampadaires exactement ?"}),
    "clarify": ((REGION, CLARIFICATION), "sec_segou", {"answer": "Dix lampadaires solaires."}),
    "accept": ((REGION, ACKNOWLEDGED), "reg_segou", {"note": "Retenue par la région."}),
    "decline": ((NATIONAL, ACKNOWLEDGED), "crss", {"reason": "Hors du champ du CRSS."}),
    "report-implementation": ((COMMUNE, ACCEPTED), "sec_segou",
                              {"note": "Les lampadaires sont posés."}),
    "withdraw": ((COMMUNE, OPEN), "sec_segou", {"reason": "Le marché a été déplacé."}),
    "reopen": ((REGION, DECLINED), "sec_segou", {"reason": "Le marché est revenu."}),
    "follow-up": ((NATIONAL, AWAITING), "reg_segou", {"note": "La région relance le budget."}),
    # Twice within the day: the second post is the first one again, not a second chase-up.
    "chase-up": ((REGION, ACKNOWLEDGED), "sec_segou", {"note": "Toujours pas de nouvelles."}),
    "report-progress": ((NATIONAL, ACCEPTED), "sec_segou",
                        {"percent": "30", "note": "Trois lampadaires sur dix sont posés."}),
    "attach-to-session": ((COMMUNE, OPEN), "sec_segou", {"session_id": A_SESSION}),
}


@pytest.fixture
def tracker(app):
    return app.extensions["tracker"]


def event_count(tracker) -> int:
    return tracker.recorder.max_notification_id() or 0


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)


def typed_for(tracker, people, clock, typed: dict) -> dict:
    """What is typed, with a real session where the form asks for one."""
    if typed.get("session_id") != A_SESSION:
        return typed
    session = tracker.record_session(people["sec_segou"], commune="segou",
                                     held_on=clock.today - timedelta(days=3),
                                     place="Salle de la mairie", chaired_by="Le maire")
    return {**typed, "session_id": str(session.recommendation_id)}


def open_form(client, recommendation_id, command, headers=None) -> dict:
    """The hidden fields of the form as the page gives it."""
    page = client.get(f"/recommendations/{recommendation_id}/{command}", headers=headers).text
    return {name: hidden(page, name) for name in ("expected_version", "request_id")}


@pytest.mark.parametrize("command", sorted(FORMS))
def test_every_action_form_carries_its_own_request_id(client, tracker, web_people, clock,
                                                      command):
    state, username, _ = FORMS[command]
    recommendation_id = drive_to(tracker, web_people, clock, state)
    login(client, username)
    first = open_form(client, recommendation_id, command)
    second = open_form(client, recommendation_id, command, headers=HTMX)
    assert len(first["request_id"]) == 36 and first["request_id"] != second["request_id"]


@pytest.mark.parametrize("command", sorted(FORMS))
def test_posting_an_action_form_twice_records_it_once(client, tracker, web_people, clock,
                                                      command):
    state, username, typed = FORMS[command]
    recommendation_id = drive_to(tracker, web_people, clock, state)
    login(client, username)
    data = {**open_form(client, recommendation_id, command),
            **typed_for(tracker, web_people, clock, typed)}

    first = client.post(f"/recommendations/{recommendation_id}/{command}", data=data)
    after_first = event_count(tracker)
    again = client.post(f"/recommendations/{recommendation_id}/{command}", data=data)

    assert (first.status_code, again.status_code) == (303, 303)
    assert event_count(tracker) == after_first
    page = client.get(again.location).text
    assert "déjà enregistré" in page and 'class="flash error"' not in page


def test_a_double_click_through_htmx_records_once_and_shows_success(client, tracker,
                                                                    web_people, clock):
    recommendation_id = drive_to(tracker, web_people, clock, (COMMUNE, OPEN))
    login(client, "sec_segou")
    data = {**open_form(client, recommendation_id, "escalate", headers=HTMX),
            "reason": "Le budget communal ne suffit pas."}
    url = f"/recommendations/{recommendation_id}/escalate"

    first = client.post(url, data=data, headers=HTMX)
    after_first = event_count(tracker)
    again = client.post(url, data=data, headers=HTMX)

    assert (first.status_code, again.status_code) == (200, 200)
    assert event_count(tracker) == after_first
    assert again.text.lstrip().startswith('<article id="recommendation"')
    assert "c&#39;était déjà enregistré" in again.text
    assert "HX-Retarget" not in again.headers  # the page, not the form with an error


def test_a_form_shown_again_with_errors_keeps_its_request_id(client, tracker, web_people,
                                                             clock):
    recommendation_id = drive_to(tracker, web_people, clock, (COMMUNE, OPEN))
    login(client, "sec_segou")
    data = {**open_form(client, recommendation_id, "escalate"), "reason": "court"}
    url = f"/recommendations/{recommendation_id}/escalate"

    refused = client.post(url, data=data, headers=HTMX)
    assert refused.status_code == 422
    assert hidden(refused.text, "request_id") == data["request_id"]

    corrected = {**data, "reason": "Le budget communal ne suffit pas."}
    assert client.post(url, data=corrected).status_code == 303
    before = event_count(tracker)
    assert client.post(url, data=corrected).status_code == 303
    assert event_count(tracker) == before


def test_a_second_form_opened_records_a_second_note(client, tracker, web_people, clock):
    recommendation_id = drive_to(tracker, web_people, clock, (COMMUNE, OPEN))
    login(client, "sec_segou")
    url = f"/recommendations/{recommendation_id}/note"
    for _ in range(2):
        data = {**open_form(client, recommendation_id, "note"), "note": "Même texte."}
        data["expected_version"] = ""  # notes do not need the latest version
        assert client.post(url, data=data).status_code == 303
    history = [type(e).__name__ for e in tracker.events.get(recommendation_id)]
    assert history == ["Raised", "Noted", "Noted"]


# ---- the JSON API -----------------------------------------------------------------------
@pytest.fixture
def api(client, tracker, web_people) -> Api:
    api = Api(client, tracker)
    for username in web_people:
        api.token(username)
    return api


def test_the_api_answers_a_repeated_command_with_the_first_result(api, tracker, web_people,
                                                                  clock):
    recommendation_id = drive_to(tracker, web_people, clock, (COMMUNE, OPEN))
    body = {"reason": "Le budget communal ne suffit pas.", "expected_version": 1,
            "request_id": "script-2026-03-10-001"}

    first = api.act("sec_segou", recommendation_id, "escalate", body)
    after_first = event_count(tracker)
    again = api.act("sec_segou", recommendation_id, "escalate", body)

    assert (first.status_code, again.status_code) == (200, 200)
    assert event_count(tracker) == after_first
    assert again.json["version"] == first.json["version"] == 2
    assert again.json["level"] == "region"


def test_the_api_without_request_id_still_refuses_a_stale_repeat(api, tracker, web_people,
                                                                 clock):
    recommendation_id = drive_to(tracker, web_people, clock, (COMMUNE, OPEN))
    body = {"reason": "Le budget communal ne suffit pas.", "expected_version": 1}
    assert api.act("sec_segou", recommendation_id, "escalate", body).status_code == 200
    before = event_count(tracker)
    assert api.act("sec_segou", recommendation_id, "escalate", body).status_code == 409
    assert event_count(tracker) == before


def test_the_api_refuses_a_request_id_reused_for_another_command(api, tracker, web_people,
                                                                 clock):
    recommendation_id = drive_to(tracker, web_people, clock, (COMMUNE, OPEN))
    api.act("sec_segou", recommendation_id, "note", {"note": "Devis demandé.",
                                                      "request_id": "k-1"})
    before = event_count(tracker)
    response = api.act("sec_segou", recommendation_id, "escalate",
                       {"reason": "Le budget communal ne suffit pas.", "request_id": "k-1"})
    assert response.status_code == 422 and "request_id" in response.json["errors"]
    assert event_count(tracker) == before


def test_the_api_refuses_an_overlong_request_id(api, tracker, web_people, clock):
    recommendation_id = drive_to(tracker, web_people, clock, (COMMUNE, OPEN))
    before = event_count(tracker)
    response = api.act("sec_segou", recommendation_id, "note",
                       {"note": "Devis demandé.", "request_id": "x" * 101})
    assert response.status_code == 422 and "request_id" in response.json["errors"]
    assert event_count(tracker) == before


def test_every_action_of_the_catalogue_has_its_form_here():
    from domain.catalogue import ACTIONS

    assert set(FORMS) == set(ACTIONS)
