"""Text with a NUL or another control character is refused at the door, by the API and the
pages alike, with a message naming the field, and nothing is recorded: the log keeps
whatever it is given for ever, and PostgreSQL's text columns cannot hold a NUL."""

from __future__ import annotations

import pytest

from tests.conftest import login
from tests.web.test_api import api, event_count, raise_body, raised, tracker  # noqa: F401

NUL_TITLE = "Titre NUL\x00ici"


@pytest.mark.parametrize("field, value", [
    ("title", NUL_TITLE), ("description", "Description\x00"), ("title", "Titre \x1b[31m"),
    ("title", "\u200b" * 10), ("request_id", "cle\x00"), ("commune", "segou\x00"),
])
def test_api_raise_with_a_control_character_is_422_naming_the_field(api, tracker, clock,
                                                                     field, value):
    count = event_count(tracker)
    response = api.post("sec_segou", "/recommendations", raise_body(clock, **{field: value}))
    assert response.status_code == 422, response.json
    assert list(response.json["errors"]) == [field]
    assert event_count(tracker) == count
    # The read side still answers: nothing reached it.
    assert api.get("sec_segou", "/recommendations").status_code == 200


def test_api_raise_with_a_lone_surrogate_is_422_naming_the_field(api, tracker, clock):
    body = raise_body(clock)
    # A lone surrogate as JSON sends it: an escape that decodes to half a UTF-16 pair.
    data = ('{"title": "Moiti\\ud800 de paire", "theme": "autre", '
            f'"meeting_date": "{body["meeting_date"]}"}}')
    count = event_count(tracker)
    response = api.client.post("/api/v1/recommendations", data=data,
                               content_type="application/json",
                               headers=api.headers("sec_segou"))
    assert response.status_code == 422
    assert list(response.json["errors"]) == ["title"]
    assert event_count(tracker) == count


@pytest.mark.parametrize("command, field", [("note", "note"), ("escalate", "reason")])
def test_api_command_with_a_nul_is_422_and_records_nothing(api, tracker, raised, command,
                                                            field):
    count = event_count(tracker)
    response = api.act("sec_segou", raised, command,
                       {field: "Un texte assez long\x00 pour la règle", "expected_version": 1})
    assert response.status_code == 422
    assert list(response.json["errors"]) == [field]
    assert event_count(tracker) == count


def test_raise_form_with_a_nul_shows_the_error_and_records_nothing(client, tracker,
                                                                    web_people, clock):
    login(client, "sec_segou")
    count = event_count(tracker)
    response = client.post("/recommendations/nouvelle", data={
        "title": NUL_TITLE, "theme": "eclairage_public",
        "meeting_date": clock.today.isoformat(), "request_id": "form-nul"})
    assert response.status_code == 422
    assert 'id="title-errors"' in response.text
    assert "caractères non autorisés" in response.text
    assert event_count(tracker) == count
    assert client.get("/").status_code == 200
