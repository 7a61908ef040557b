"""Everyone signed in changes their own password: the current one required, the new one
twice, the same strength rules as the CLI; the person's other sessions end, this one goes
on. Refusals keep nothing typed, say why in French and record nothing."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, PEOPLE, login
from tests.web.test_repeated_posts import HTMX

NEW = "trois-mots-choisis"


@pytest.fixture
def tracker(app):
    return app.extensions["tracker"]


def head(tracker) -> int:
    return tracker.recorder.max_notification_id() or 0


def change(client, current=PASSWORD, new=NEW, confirmation=None, headers=None):
    return client.post("/mot-de-passe", headers=headers or {}, data={
        "current_password": current, "new_password": new,
        "confirmation": new if confirmation is None else confirmation})


@pytest.mark.parametrize("person", list(PEOPLE))
def test_every_person_changes_their_own_password(app, client, tracker, web_people, person):
    login(client, person)
    elsewhere = app.test_client()
    login(elsewhere, person)
    assert client.get("/mot-de-passe").status_code == 200

    response = change(client)

    assert response.status_code == 303 and response.location == "/"
    assert "Mot de passe changé." in client.get("/", follow_redirects=True).text
    assert elsewhere.get("/").status_code == 302  # the person's other session has ended
    assert tracker.authenticate_password(person, PASSWORD) is None
    assert tracker.authenticate_password(person, NEW) is not None


def test_through_htmx_the_browser_is_sent_to_the_board(client, web_people):
    login(client, "sec_segou")

    response = change(client, headers=HTMX)

    assert response.status_code == 200 and response.headers["HX-Redirect"] == "/"


@pytest.mark.parametrize("typed, field, message", [
    ({"current": "pas-le-bon-mot"}, "current_password", "Mot de passe actuel incorrect."),
    ({"confirmation": "trois-mots-choisi"}, "confirmation",
     "Les deux nouveaux mots de passe ne sont pas identiques."),
    ({"new": "12345678"}, "new_password", "Au moins 12 caractères (actuellement 8)."),
    ({"new": "motdepasse2026"}, "new_password", "Ce mot de passe se devine trop facilement"),
    ({"new": "sec_segou-2026!"}, "new_password", "ne doit pas contenir l&#39;identifiant"),
    ({"new": PASSWORD}, "new_password", "Choisissez un mot de passe différent de l&#39;actuel."),
])
def test_refusals_say_why_keep_no_password_and_record_nothing(client, tracker, web_people,
                                                              typed, field, message):
    login(client, "sec_segou")
    before = head(tracker)

    for headers in ({}, HTMX):
        response = change(client, headers=headers, **typed)

        assert response.status_code == 422
        assert message in response.text and f'id="{field}-errors"' in response.text
        assert ("<html" in response.text) is not bool(headers)
        for value in (PASSWORD, *typed.values()):
            assert f'value="{value}"' not in response.text  # nothing typed comes back
    assert head(tracker) == before
    assert client.get("/").status_code == 200  # still signed in


def test_the_page_needs_a_signed_in_person(client):
    assert client.get("/mot-de-passe").status_code == 302
    assert client.post("/mot-de-passe", data={}).status_code == 302
