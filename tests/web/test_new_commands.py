"""The three commands added through the catalogue, through the JSON API and the pages:
``follow-up`` (the commune, or at national level the region, adds a follow-up to a file
another level holds), ``chase-up`` (the levels below remind the one holding the file, at
most once a day) and ``report-progress`` (how far an accepted recommendation has come).

For each: success, the refusals (401, 403, 404, 409, 422) with nothing recorded, a repeated
``request_id``, the forms with and without htmx, and the page in English. Also what the
recommendation says of its progress and of a target date gone by."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from domain.errors import DomainError
from tests.conftest import login
from tests.domain.lifecycle import (
    ACCEPTED, ACKNOWLEDGED, AWAITING, CLARIFICATION, COMMUNE, DECLINED, IMPLEMENTED, NATIONAL,
    OPEN, REGION, WITHDRAWN,
)
from tests.tracker.scenario import drive_to, give
from tests.web.test_api import api, event_count, tracker  # noqa: F401  (fixtures)
from tests.web.test_api_commands import perform
from web.errors import STATUS_OF

HTMX = {"HX-Request": "true"}
FOLLOW_UP = "La mairie a trouvé un devis moins cher."
CHASE_UP = "Le marché est toujours dans le noir."
PROGRESS = "Quatre lampadaires sur dix sont posés."

# Per command: a state that allows it, who gives it there, and a valid body.
GIVEN = {
    "follow-up": ((REGION, AWAITING), "sec_segou", {"note": FOLLOW_UP}),
    "chase-up": ((REGION, AWAITING), "sec_segou", {"note": CHASE_UP}),
    "report-progress": ((COMMUNE, ACCEPTED), "sec_segou", {"percent": 40, "note": PROGRESS}),
}
EVENT_OF = {"follow-up": "FollowedUp", "chase-up": "ChasedUp",
            "report-progress": "ProgressReported"}
LABELS = {"follow-up": "Ajouter un suivi", "chase-up": "Relancer",
          "report-progress": "Signaler l'avancement"}
ENGLISH_LABELS = {"follow-up": "Add a follow-up", "chase-up": "Chase up",
                  "report-progress": "Report progress"}
DONE = {"follow-up": "Suivi ajouté.", "chase-up": "Relance envoyée à la région de Ségou.",
        "report-progress": "Avancement enregistré."}


@pytest.fixture
def file_in(tracker, web_people, clock):
    """``file_in(state)``: the id (text) of a new Ségou recommendation in ``state``."""
    def file_in_(state, **overrides) -> str:
        return str(drive_to(tracker, web_people, clock, state, **overrides))
    return file_in_


def read(api, recommendation_id: str, who: str = "auditor") -> dict:
    return api.get(who, f"/recommendations/{recommendation_id}").json


def history(api, recommendation_id: str) -> list[dict]:
    return api.get("auditor", f"/recommendations/{recommendation_id}/history").json["items"]


def assert_refused(api, tracker, recommendation_id, who, command, body, status) -> dict:
    """The command is refused with ``status`` and changes nothing at all."""
    before = read(api, recommendation_id)
    count = event_count(tracker)
    response = api.act(who, recommendation_id, command, body)
    assert response.status_code == status, response.json
    assert response.is_json
    assert event_count(tracker) == count
    assert read(api, recommendation_id) == before
    return response.json


# ---- the API: success ----------------------------------------------------------------------
@pytest.mark.parametrize("state, who", [
    ((REGION, AWAITING), "sec_segou"), ((REGION, CLARIFICATION), "sec_segou"),
    ((REGION, ACCEPTED), "sec_segou"), ((NATIONAL, ACKNOWLEDGED), "sec_segou"),
    ((NATIONAL, ACKNOWLEDGED), "reg_segou"), ((NATIONAL, ACCEPTED), "reg_segou"),
])
def test_follow_up_is_recorded_and_changes_nothing_else(api, tracker, file_in, state, who):
    key = file_in(state)
    before = read(api, key)
    response = api.act(who, key, "follow-up", {"note": f"  {FOLLOW_UP}  ",
                                               "expected_version": before["version"],
                                               "request_id": "suivi-1"})
    assert response.status_code == 200, response.json
    after = response.json
    assert after["version"] == before["version"] + 1
    assert {name: value for name, value in after.items()
            if name not in ("version", "allowed_actions")} == {
        name: value for name, value in before.items()
        if name not in ("version", "allowed_actions")}
    assert "follow-up" in after["allowed_actions"]  # a follow-up may follow another
    last = history(api, key)[-1]
    assert last["type"] == "FollowedUp" and last["note"] == FOLLOW_UP
    assert last["actor"]["username"] == who


@pytest.mark.parametrize("state, who", [
    ((REGION, AWAITING), "sec_segou"), ((REGION, ACKNOWLEDGED), "sec_segou"),
    ((REGION, CLARIFICATION), "sec_segou"), ((NATIONAL, AWAITING), "sec_segou"),
    ((NATIONAL, AWAITING), "reg_segou"), ((NATIONAL, CLARIFICATION), "reg_segou"),
])
def test_chase_up_is_recorded_with_the_level_it_reminds(api, tracker, file_in, state, who):
    key = file_in(state)
    version = read(api, key)["version"]
    after = perform(api, key, who, "chase-up", {"note": CHASE_UP, "expected_version": version,
                                                "request_id": "relance-1"})
    assert (after["level"], after["status"]) == state and after["version"] == version + 1
    last = history(api, key)[-1]
    assert (last["type"], last["note"], last["level"]) == ("ChasedUp", CHASE_UP, state[0])


def test_chase_up_needs_no_message(api, file_in, clock):
    key = file_in((REGION, AWAITING))
    for body in ({}, {"note": ""}, {"note": None}, {"note": "   "}):
        after = perform(api, key, "sec_segou", "chase-up", body)
        assert after["status"] == "awaiting_acknowledgement"
        assert history(api, key)[-1]["note"] is None
        clock.advance(hours=24, seconds=1)


@pytest.mark.parametrize("state, who", [
    ((COMMUNE, ACCEPTED), "sec_segou"), ((REGION, ACCEPTED), "sec_segou"),
    ((REGION, ACCEPTED), "reg_segou"), ((NATIONAL, ACCEPTED), "sec_segou"),
    ((NATIONAL, ACCEPTED), "crss"),
])
def test_progress_is_reported_and_shows_on_the_recommendation(api, file_in, state, who):
    key = file_in(state)
    assert read(api, key)["progress"] is None
    version = read(api, key)["version"]
    after = perform(api, key, who, "report-progress",
                    {"percent": 40, "note": PROGRESS, "expected_version": version,
                     "request_id": "avancement-1"})
    assert after["progress"] == 40 and after["status"] == "accepted"
    assert after["version"] == version + 1
    assert read(api, key, who)["progress"] == 40
    last = history(api, key)[-1]
    assert (last["type"], last["percent"], last["note"]) == ("ProgressReported", 40, PROGRESS)
    # Progress may go back, reach 100 %, and the owner's report stays the final step.
    for percent in (100, 0):
        assert perform(api, key, who, "report-progress",
                       {"percent": percent, "note": PROGRESS})["progress"] == percent


def test_progress_is_kept_once_implemented_and_cleared_by_reopening(api, file_in):
    key = file_in((COMMUNE, ACCEPTED))
    perform(api, key, "sec_segou", "report-progress", {"percent": 90, "note": PROGRESS})
    after = perform(api, key, "sec_segou", "report-implementation",
                    {"note": "Les dix lampadaires sont posés."})
    assert after["status"] == "implemented" and after["progress"] == 90
    after = perform(api, key, "sec_segou", "reopen", {"reason": "Deux sont déjà en panne."})
    assert after["progress"] is None


def test_percent_may_be_sent_as_a_whole_number_in_a_string(api, file_in):
    key = file_in((COMMUNE, ACCEPTED))
    after = perform(api, key, "sec_segou", "report-progress", {"percent": "60",
                                                               "note": PROGRESS})
    assert after["progress"] == 60


# ---- the API: refusals ---------------------------------------------------------------------
@pytest.mark.parametrize("command", sorted(GIVEN))
def test_without_a_token_the_api_answers_401(api, tracker, file_in, command):
    state, _, body = GIVEN[command]
    key = file_in(state)
    count = event_count(tracker)
    response = api.client.post(f"/api/v1/recommendations/{key}/{command}", json=body)
    assert response.status_code == 401 and response.json["error"]
    assert event_count(tracker) == count


@pytest.mark.parametrize("command, who", [
    ("follow-up", "crss"), ("chase-up", "crss"),
    *[(command, who) for command in sorted(GIVEN) for who in ("auditor", "admin")],
])
def test_a_role_that_never_gives_the_command_gets_403(api, tracker, file_in, command, who):
    state, _, body = GIVEN[command]
    key = file_in(state)
    for sent in (body, {}):  # before its input is judged
        assert assert_refused(api, tracker, key, who, command, sent, 403)["error"]


@pytest.mark.parametrize("command", sorted(GIVEN))
@pytest.mark.parametrize("who", ["sec_mopti", "sec_niono"])
def test_outside_the_territory_is_404_whatever_the_input(api, tracker, file_in, command, who):
    state, _, body = GIVEN[command]
    key = file_in(state)
    for sent in (body, {"percent": 101, "note": ""}):
        assert assert_refused(api, tracker, key, who, command, sent, 404)["error"]


def test_another_region_may_not_follow_up_at_national_level(api, tracker, file_in):
    key = file_in((NATIONAL, ACKNOWLEDGED))
    assert_refused(api, tracker, key, "reg_mopti", "follow-up", {"note": FOLLOW_UP}, 404)


WRONG_MOMENT = [
    # (state, who, command, body): not in this state, or not this person at this level.
    ((COMMUNE, OPEN), "sec_segou", "follow-up", {"note": FOLLOW_UP}),
    ((REGION, DECLINED), "sec_segou", "follow-up", {"note": FOLLOW_UP}),
    ((NATIONAL, IMPLEMENTED), "reg_segou", "follow-up", {"note": FOLLOW_UP}),
    ((COMMUNE, WITHDRAWN), "sec_segou", "follow-up", {"note": FOLLOW_UP}),
    ((REGION, AWAITING), "reg_segou", "follow-up", {"note": FOLLOW_UP}),
    ((COMMUNE, OPEN), "sec_segou", "chase-up", {"note": CHASE_UP}),
    ((REGION, ACCEPTED), "sec_segou", "chase-up", {"note": CHASE_UP}),
    ((NATIONAL, ACCEPTED), "reg_segou", "chase-up", {}),
    ((NATIONAL, DECLINED), "sec_segou", "chase-up", {}),
    ((REGION, AWAITING), "reg_segou", "chase-up", {}),
    ((COMMUNE, OPEN), "sec_segou", "report-progress", {"percent": 10, "note": PROGRESS}),
    ((REGION, ACKNOWLEDGED), "sec_segou", "report-progress", {"percent": 10, "note": PROGRESS}),
    ((COMMUNE, IMPLEMENTED), "sec_segou", "report-progress", {"percent": 10, "note": PROGRESS}),
    ((NATIONAL, ACCEPTED), "reg_segou", "report-progress", {"percent": 10, "note": PROGRESS}),
    ((REGION, ACCEPTED), "crss", "report-progress", {"percent": 10, "note": PROGRESS}),
]


@pytest.mark.parametrize("state, who, command, body", WRONG_MOMENT)
def test_wrong_state_or_level_is_409_and_records_nothing(api, tracker, file_in, state, who,
                                                         command, body):
    key = file_in(state)
    assert assert_refused(api, tracker, key, who, command, body, 409)["error"]


@pytest.mark.parametrize("command", sorted(GIVEN))
def test_a_stale_expected_version_is_409_and_records_nothing(api, tracker, web_people, clock,
                                                            file_in, command):
    state, who, body = GIVEN[command]
    key = file_in(state)
    version = read(api, key)["version"]
    give(tracker, web_people, clock, UUID(key), "note")  # by the level holding the file
    error = assert_refused(api, tracker, key, who, command,
                           {**body, "expected_version": version}, 409)["error"]
    assert "avant vous" in error


def test_a_second_chase_up_within_24_hours_is_409_then_accepted_a_day_later(api, tracker,
                                                                            file_in, clock):
    key = file_in((NATIONAL, AWAITING))
    perform(api, key, "sec_segou", "chase-up", {"note": CHASE_UP})
    clock.advance(hours=23, minutes=59)
    for who in ("sec_segou", "reg_segou"):  # once a day per file, whoever chases
        error = assert_refused(api, tracker, key, who, "chase-up", {}, 409)["error"]
        assert "moins de 24 heures" in error and "11/03/2026 09:00 GMT" in error
    clock.advance(minutes=1, seconds=1)  # 24 h and 1 s after the first
    after = perform(api, key, "reg_segou", "chase-up", {"note": "Toujours rien du CRSS."})
    assert [item["type"] for item in history(api, key)].count("ChasedUp") == 2
    assert after["status"] == "awaiting_acknowledgement"


def test_the_chase_up_refusal_is_translated(api, file_in):
    key = file_in((REGION, AWAITING))
    perform(api, key, "sec_segou", "chase-up", {})
    response = api.client.post(f"/api/v1/recommendations/{key}/chase-up", json={},
                               headers={**api.headers("sec_segou"), "Accept-Language": "en"})
    assert response.status_code == 409
    assert response.json["error"] == ("This file was chased up less than 24 hours ago: it can "
                                      "be chased up again from 11/03/2026 09:00 GMT.")


INVALID = [
    ("follow-up", {}, "note"),
    ("follow-up", {"note": "   "}, "note"),
    ("follow-up", {"note": "x" * 5001}, "note"),
    ("follow-up", {"note": 42}, "note"),
    ("follow-up", {"note": "Un suivi\x00 avec un NUL"}, "note"),
    ("chase-up", {"note": "x" * 2001}, "note"),
    ("chase-up", {"note": "Une relance\x00"}, "note"),
    ("chase-up", {"note": ["liste"]}, "note"),
    ("report-progress", {"percent": 101, "note": PROGRESS}, "percent"),
    ("report-progress", {"percent": -1, "note": PROGRESS}, "percent"),
    ("report-progress", {"percent": 40.5, "note": PROGRESS}, "percent"),
    ("report-progress", {"percent": "abc", "note": PROGRESS}, "percent"),
    ("report-progress", {"percent": True, "note": PROGRESS}, "percent"),
    ("report-progress", {"percent": None, "note": PROGRESS}, "percent"),
    ("report-progress", {"percent": "", "note": PROGRESS}, "percent"),
    ("report-progress", {"note": PROGRESS}, "percent"),
    ("report-progress", {"percent": 40, "note": "court"}, "note"),
    ("report-progress", {"percent": 40, "note": "x" * 2001}, "note"),
    ("report-progress", {"percent": 40}, "note"),
    ("report-progress", {"percent": 40, "note": "Une avancée\x00 réelle"}, "note"),
    ("report-progress", {"percent": 40, "note": PROGRESS, "expected_version": "deux"},
     "expected_version"),
]


@pytest.mark.parametrize("command, body, field", INVALID)
def test_invalid_input_is_422_naming_the_field_and_records_nothing(api, tracker, file_in,
                                                                   command, body, field):
    state, who, _ = GIVEN[command]
    key = file_in(state)
    errors = assert_refused(api, tracker, key, who, command, body, 422)["errors"]
    assert list(errors) == [field]
    assert errors[field] and all(isinstance(message, str) for message in errors[field])


def test_percent_messages_are_the_catalogue_s(api, tracker, file_in):
    key = file_in((COMMUNE, ACCEPTED))
    errors = api.act("sec_segou", key, "report-progress",
                     {"percent": 101, "note": PROGRESS}).json["errors"]
    assert errors == {"percent": ["Indiquez un pourcentage entier, de 0 à 100."]}
    errors = api.act("sec_segou", key, "report-progress",
                     {"percent": 40.5, "note": PROGRESS}).json["errors"]
    assert errors == {"percent": ["Nombre entier attendu."]}


@pytest.mark.parametrize("command", sorted(GIVEN))
def test_a_repeated_request_id_gives_back_the_first_result_and_records_once(api, tracker,
                                                                            file_in, command):
    state, who, body = GIVEN[command]
    key = file_in(state)
    body = {**body, "expected_version": read(api, key)["version"],
            "request_id": f"script-{command}-1"}
    first = api.act(who, key, command, body)
    count = event_count(tracker)
    # Even a chase-up within the day, and whatever the body says now.
    again = api.act(who, key, command, {**body, "percent": 90} if "percent" in body else body)
    assert (first.status_code, again.status_code) == (200, 200), again.json
    assert again.json == first.json
    assert event_count(tracker) == count
    assert [item["type"] for item in history(api, key)].count(EVENT_OF[command]) == 1


# ---- what the recommendation says of its implementation ----------------------------------------
def test_implementation_is_overdue_only_once_the_target_date_has_passed(api, file_in, clock):
    key = file_in((COMMUNE, OPEN))
    target = clock.today + timedelta(days=10)
    perform(api, key, "sec_segou", "accept", {"target_date": target.isoformat()})
    assert read(api, key)["implementation_overdue"] is False
    clock.advance(days=10)  # the target day itself: still on time
    assert read(api, key)["implementation_overdue"] is False
    clock.advance(days=1)
    body = read(api, key)
    assert body["implementation_overdue"] is True and body["overdue"] is False
    after = perform(api, key, "sec_segou", "report-implementation",
                    {"note": "Les dix lampadaires sont posés."})
    assert after["implementation_overdue"] is False


def test_implementation_without_a_target_date_is_never_overdue(api, file_in, clock):
    key = file_in((COMMUNE, OPEN))
    perform(api, key, "sec_segou", "accept", {})
    clock.advance(days=400)
    assert read(api, key)["implementation_overdue"] is False


# ---- the pages -------------------------------------------------------------------------------
def test_the_secretary_is_offered_follow_up_and_chase_up_once_the_file_has_gone_up(
        client, file_in):
    key = file_in((REGION, AWAITING))
    login(client, "sec_segou")
    page = client.get(f"/recommendations/{key}").text
    assert f"/recommendations/{key}/follow-up" in page and f"/{key}/chase-up" in page
    assert "Ajouter un suivi" in page and "Relancer" in page
    assert "Signaler l&#39;avancement" not in page


def test_the_forms_ask_for_what_each_command_needs(client, file_in):
    key = file_in((REGION, AWAITING))
    login(client, "sec_segou")
    form = client.get(f"/recommendations/{key}/follow-up").text
    assert '<textarea id="note" name="note"' in form and 'maxlength="5000"' in form
    assert " required" in form
    form = client.get(f"/recommendations/{key}/chase-up").text
    assert "Relancer la région de Ségou" in form  # where the reminder goes
    assert 'maxlength="2000"' in form and "Facultatif" in form
    key = file_in((COMMUNE, ACCEPTED))
    form = client.get(f"/recommendations/{key}/report-progress", headers=HTMX).text
    assert '<input id="percent" name="percent" type="number"' in form
    assert 'min="0" max="100" step="1"' in form and 'inputmode="numeric"' in form
    assert "Avancement (%)" in form and "Où en est la mise en œuvre" in form


@pytest.mark.parametrize("command", sorted(GIVEN))
def test_each_form_without_javascript_posts_then_redirects_to_the_page(client, tracker,
                                                                       file_in, command):
    state, who, body = GIVEN[command]
    key = file_in(state)
    login(client, who)
    count = event_count(tracker)
    response = client.post(f"/recommendations/{key}/{command}",
                           data={**body, "expected_version": _version(tracker, key)})
    assert response.status_code == 303 and response.location == f"/recommendations/{key}"
    assert event_count(tracker) == count + 1
    page = client.get(response.location).text
    assert f'<p class="flash success" role="status">{DONE[command]}</p>' in page
    assert _escaped(body["note"]) in page  # in the history


@pytest.mark.parametrize("command", sorted(GIVEN))
def test_each_form_through_htmx_returns_the_refreshed_recommendation(client, tracker,
                                                                     file_in, command):
    state, who, body = GIVEN[command]
    key = file_in(state)
    login(client, who)
    response = client.post(f"/recommendations/{key}/{command}", headers=HTMX,
                           data={**body, "expected_version": _version(tracker, key)})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<article id="recommendation"')
    assert response.headers["HX-Push-Url"] == f"/recommendations/{key}"
    assert DONE[command] in response.text and _escaped(body["note"]) in response.text


def test_the_page_shows_the_progress_reported(client, tracker, file_in):
    key = file_in((REGION, ACCEPTED))
    login(client, "sec_segou")
    client.post(f"/recommendations/{key}/report-progress",
                data={"percent": "40", "note": PROGRESS})
    page = client.get(f"/recommendations/{key}").text
    assert "<dt>Avancement</dt>" in page
    assert '<dd class="advancement">40 % <progress max="100" value="40"' in page
    assert "Avancement : 40 %" in page  # the history's entry
    assert "Mise en œuvre en retard" not in page


def test_the_page_without_progress_says_nothing_of_it(client, file_in):
    key = file_in((COMMUNE, ACCEPTED))
    login(client, "sec_segou")
    page = client.get(f"/recommendations/{key}").text
    assert "<dt>Avancement</dt>" not in page and "<progress" not in page


def test_the_page_says_when_implementation_is_overdue(client, tracker, file_in, clock):
    key = file_in((COMMUNE, ACCEPTED))  # target date: 60 days on (tests/tracker/scenario.py)
    login(client, "sec_segou")
    clock.advance(days=60)
    assert "Mise en œuvre en retard" not in client.get(f"/recommendations/{key}").text
    clock.advance(days=1)
    page = client.get(f"/recommendations/{key}").text
    assert '<dd class="deadline late">Mise en œuvre en retard</dd>' in page
    # As it stood before the date: on time then.
    earlier = client.get(f"/recommendations/{key}?as_of={clock.today - timedelta(days=30)}")
    assert earlier.status_code == 200 and "Mise en œuvre en retard" not in earlier.text


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
@pytest.mark.parametrize("command, data, field, message", [
    ("report-progress", {"percent": "101", "note": PROGRESS}, "percent",
     "Indiquez un pourcentage entier, de 0 à 100."),
    ("report-progress", {"percent": "quarante", "note": PROGRESS}, "percent",
     "Nombre entier attendu."),
    ("report-progress", {"percent": "40", "note": "court"}, "note", "Entre 10 et 2000"),
    ("follow-up", {"note": ""}, "note", "Ce champ est obligatoire."),
    ("chase-up", {"note": "x" * 2001}, "note", "Au plus 2000 caractères."),
])
def test_invalid_input_is_shown_beside_its_field_and_records_nothing(
        client, tracker, file_in, headers, command, data, field, message):
    state, who, _ = GIVEN[command]
    key = file_in(state)
    login(client, who)
    count = event_count(tracker)
    response = client.post(f"/recommendations/{key}/{command}", headers=headers, data=data)
    assert response.status_code == 422
    assert f'id="{field}-errors"' in response.text and message in response.text
    assert f'id="{field}" name="{field}"' in response.text
    assert 'aria-invalid="true"' in response.text
    if headers:
        assert response.headers["HX-Retarget"] == "#action-panel"
        assert "<html" not in response.text
    if field == "percent":  # what was typed is shown again
        assert f'value="{data["percent"]}"' in response.text
    assert event_count(tracker) == count


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_second_chase_up_through_the_form_shows_why_it_waits(client, tracker, web_people,
                                                              file_in, clock, headers):
    key = file_in((REGION, ACKNOWLEDGED))
    give(tracker, web_people, clock, UUID(key), "chase-up", by="sec_segou")
    login(client, "sec_segou")
    count = event_count(tracker)
    response = client.post(f"/recommendations/{key}/chase-up", headers=headers,
                           data={"note": CHASE_UP, "request_id": "autre-formulaire"})
    assert response.status_code == 409
    assert "déjà été relancé il y a moins de 24 heures" in response.text
    assert 'class="action-form"' in response.text  # the form, to send later
    if headers:
        assert response.headers["HX-Retarget"] == "#action-panel"
    assert event_count(tracker) == count
    clock.advance(hours=24, seconds=1)
    again = client.post(f"/recommendations/{key}/chase-up", headers=headers,
                        data={"note": CHASE_UP, "request_id": "autre-formulaire"})
    assert again.status_code == (200 if headers else 303)
    assert event_count(tracker) == count + 1


def test_pages_refuse_a_role_or_a_territory_as_the_api_does(client, tracker, file_in):
    key = file_in((NATIONAL, ACCEPTED))
    count = event_count(tracker)
    login(client, "auditor")
    assert client.post(f"/recommendations/{key}/report-progress",
                       data={"percent": "10", "note": PROGRESS}).status_code == 403
    client.post("/logout")
    login(client, "sec_mopti")
    assert client.post(f"/recommendations/{key}/follow-up",
                       data={"note": FOLLOW_UP}).status_code == 404
    client.post("/logout")
    login(client, "reg_segou")  # follows up at national level, but reports nothing
    response = client.post(f"/recommendations/{key}/report-progress",
                           data={"percent": "10", "note": PROGRESS})
    assert response.status_code == 409
    assert event_count(tracker) == count


def test_a_form_not_offered_now_sends_back_to_the_page(client, file_in):
    key = file_in((COMMUNE, OPEN))
    login(client, "sec_segou")
    response = client.get(f"/recommendations/{key}/chase-up", follow_redirects=True)
    assert "pas possible pour vous" in response.text


# ---- in English ------------------------------------------------------------------------------
def test_the_commands_read_in_english(client, tracker, file_in):
    client.set_cookie("lang", "en")
    key = file_in((REGION, AWAITING))
    login(client, "sec_segou")
    page = client.get(f"/recommendations/{key}").text
    assert ENGLISH_LABELS["follow-up"] in page and ENGLISH_LABELS["chase-up"] in page
    assert "Ajouter un suivi" not in page
    form = client.get(f"/recommendations/{key}/chase-up").text
    assert "Chase up the region of Ségou" in form
    client.post(f"/recommendations/{key}/follow-up", data={"note": FOLLOW_UP})
    page = client.get(f"/recommendations/{key}").text
    assert "Follow-up added." in page  # the confirmation, and the history's label
    assert client.post(f"/recommendations/{key}/chase-up", data={}).status_code == 303
    refused = client.post(f"/recommendations/{key}/chase-up", data={})
    assert refused.status_code == 409 and "less than 24 hours ago" in refused.text

    key = file_in((COMMUNE, ACCEPTED))
    form = client.get(f"/recommendations/{key}/report-progress").text
    assert ENGLISH_LABELS["report-progress"] in form and "Progress (%)" in form
    refused = client.post(f"/recommendations/{key}/report-progress",
                          data={"percent": "101", "note": PROGRESS})
    assert "Give a whole percentage, from 0 to 100." in refused.text
    client.post(f"/recommendations/{key}/report-progress",
                data={"percent": "40", "note": PROGRESS})
    page = client.get(f"/recommendations/{key}").text
    assert "Progress recorded." in page and "<dt>Progress</dt>" in page
    assert '<dd class="advancement">40% <progress' in page and "Progress: 40%" in page


def test_overdue_implementation_reads_in_english(client, file_in, clock):
    client.set_cookie("lang", "en")
    key = file_in((COMMUNE, ACCEPTED))
    clock.advance(days=61)
    login(client, "sec_segou")
    assert "Implementation late" in client.get(f"/recommendations/{key}").text


# ---- every refusal of the domain has its HTTP status ---------------------------------------
def _subclasses(cls) -> set:
    return {sub for direct in cls.__subclasses__() for sub in {direct, *_subclasses(direct)}}


def test_every_refusal_of_the_domain_and_the_tracker_maps_to_a_status():
    import tracker.application  # noqa: F401  (every module that declares refusals)
    import web.api  # noqa: F401

    unmapped = {error.__qualname__ for error in _subclasses(DomainError)
                if not any(issubclass(error, mapped) for mapped in STATUS_OF)}
    assert not unmapped, f"add them to web/errors.py STATUS_OF: {sorted(unmapped)}"


# ---- helpers --------------------------------------------------------------------------------
def _version(tracker, key: str) -> str:
    return str(tracker.repository.get(UUID(key)).version)


def _escaped(text: str) -> str:
    return text.replace("'", "&#39;")
