"""On a slow link, a form sent through htmx disables its button and says it is being sent
(``hx-disabled-elt``, ``hx-indicator`` and a "Envoi en cours…" status), and is marked busy
for assistive technology; without JavaScript the browser's own navigation does this."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import login
from tests.tracker.scenario import drive_to
from tests.web.test_repeated_posts import FORMS, HTMX, event_count, hidden

STATIC = Path(__file__).resolve().parents[2] / "web" / "static"


class Forms(HTMLParser):
    """Each <form>'s attributes, and the text of the status elements inside it."""

    def __init__(self, page: str):
        super().__init__()
        self.forms: list[dict] = []
        self._in_form = False
        self._status_depth = 0
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"attrs": attrs, "status": []})
            self._in_form = True
        elif self._in_form and attrs.get("role") == "status":
            self.forms[-1]["status"].append({"class": attrs.get("class", ""), "text": ""})
            self._status_depth = 1
        elif self._status_depth:
            self._status_depth += 1

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif self._status_depth:
            self._status_depth -= 1

    def handle_data(self, data):
        if self._status_depth:
            self.forms[-1]["status"][-1]["text"] += data


def sending_form(page: str, method: str = "hx-post") -> dict:
    [form] = [form for form in Forms(page).forms if method in form["attrs"]]
    return form


def assert_shows_progress(form: dict, words: str = "Envoi en cours…") -> None:
    assert form["attrs"]["hx-disabled-elt"] == "find button"
    assert form["attrs"]["hx-indicator"] == "find .progress"
    [status] = [status for status in form["status"] if "progress" in status["class"].split()]
    assert status["text"].strip() == words


@pytest.fixture
def tracker(app):
    return app.extensions["tracker"]


@pytest.mark.parametrize("command", sorted(FORMS))
def test_every_action_form_disables_its_button_and_shows_progress(client, tracker, web_people,
                                                                   clock, command):
    state, username, _ = FORMS[command]
    recommendation_id = drive_to(tracker, web_people, clock, state)
    login(client, username)
    url = f"/recommendations/{recommendation_id}/{command}"
    for page in (client.get(url).text, client.get(url, headers=HTMX).text):
        assert_shows_progress(sending_form(page))


def test_an_action_form_shown_again_with_errors_still_shows_progress(client, tracker,
                                                                     web_people, clock):
    recommendation_id = drive_to(tracker, web_people, clock, ("commune", "open"))
    login(client, "sec_segou")
    response = client.post(f"/recommendations/{recommendation_id}/escalate", headers=HTMX,
                           data={"reason": "court", "expected_version": "1"})
    assert response.status_code == 422
    assert_shows_progress(sending_form(response.text))


def test_the_raise_form_is_sent_by_htmx_and_shows_progress(client, web_people):
    login(client, "sec_segou")
    form = sending_form(client.get("/recommendations/nouvelle").text)
    assert form["attrs"]["hx-post"] == "/recommendations/nouvelle"
    assert form["attrs"]["method"] == "post"  # and still a plain form without JavaScript
    assert_shows_progress(form)


def test_the_raise_form_through_htmx_answers_errors_in_place_then_loads_the_new_page(
        client, tracker, web_people, clock):
    login(client, "sec_segou")
    request_id = hidden(client.get("/recommendations/nouvelle").text, "request_id")
    data = {"title": "abc", "theme": "eclairage_public",
            "meeting_date": clock.today.isoformat(), "request_id": request_id}
    before = event_count(tracker)

    refused = client.post("/recommendations/nouvelle", data=data, headers=HTMX)
    assert refused.status_code == 422
    assert refused.text.lstrip().startswith('<form id="raise-form"')
    assert "<html" not in refused.text and 'id="title-errors"' in refused.text
    assert hidden(refused.text, "request_id") == request_id
    assert_shows_progress(sending_form(refused.text))
    assert event_count(tracker) == before

    data["title"] = "Lampadaires solaires au grand marché"
    accepted = client.post("/recommendations/nouvelle", data=data, headers=HTMX)
    again = client.post("/recommendations/nouvelle", data=data, headers=HTMX)
    assert accepted.status_code == again.status_code == 200
    assert re.fullmatch(r"/recommendations/[0-9a-f-]{36}", accepted.headers["HX-Redirect"])
    assert again.headers["HX-Redirect"] == accepted.headers["HX-Redirect"]
    assert event_count(tracker) == before + 2  # the file and its number, once
    page = client.get(accepted.headers["HX-Redirect"]).text
    # One message at a time: the latest, about the second post.
    assert "Cette recommandation était déjà enregistrée." in page


def test_the_board_filters_show_progress_while_loading(client, web_people):
    login(client, "crss")
    form = sending_form(client.get("/").text, method="hx-get")
    assert_shows_progress(form, "Chargement…")


def test_the_indicator_is_hidden_until_a_request_and_moves_only_when_allowed():
    css = (STATIC / "css" / "app.css").read_text()
    assert re.search(r"\.progress \{[^}]*display: none", css)
    assert ".htmx-request .progress" in css and ".progress.htmx-request" in css
    assert re.search(r"prefers-reduced-motion: reduce\) \{ \.progress::before \{ animation: none",
                     css)


def test_a_form_being_sent_is_marked_busy_for_assistive_technology():
    script = (STATIC / "js" / "app.js").read_text()
    assert 'addEventListener("htmx:beforeRequest"' in script
    assert 'setAttribute("aria-busy", "true")' in script
    assert 'addEventListener("htmx:afterRequest"' in script
    assert 'removeAttribute("aria-busy")' in script
