"""A session that ended while a form was open loses nothing: the post is kept as a draft, the
person signs in again and finds the form filled in, to send it themselves; sending it then
records exactly once, even when the first post had in fact gone through."""

from __future__ import annotations

from io import BytesIO

import pytest
from sqlalchemy import select

from storage.tables import form_drafts as drafts_table
from tests.conftest import PASSWORD, login, open_people
from tests.tracker.scenario import drive_to
from tests.web.test_repeated_posts import HTMX, event_count, hidden

EXPIRED = "Votre session a expiré. Reconnectez-vous : ce que vous aviez saisi est conservé."
RESTORED = "Voici ce que vous aviez saisi. Vérifiez, puis envoyez à nouveau."
RAISE_URL = "/recommendations/nouvelle"
REASON = "Le budget communal ne suffit pas pour dix lampadaires."


@pytest.fixture
def tracker(app):
    return app.extensions["tracker"]


def form_fields(page: str) -> dict:
    names = ("request_id", "form_owner", "expected_version", "csrf_token")
    return {name: hidden(page, name) for name in names if f'name="{name}"' in page}


def end_session(client) -> None:
    """What a browser restart, or a session cookie lost, does."""
    client.delete_cookie("session")


def sign_in_at(client, login_page: str, username: str):
    """Sign in on the page we were sent to, as a browser does: the page is shown (with
    its message), then its form posted (it keeps ``next``)."""
    client.get(login_page)
    return client.post(login_page, data={"username": username, "password": PASSWORD})


def typed_raise(clock) -> dict:
    return {"title": "Radio communautaire en bambara",
            "description": "Émissions hebdomadaires sur les VBG.\n" + "Détails. " * 500,
            "theme": "sensibilisation", "meeting_date": clock.today.isoformat(),
            "origin_group": "jeunes"}


# ---- raising, without JavaScript ------------------------------------------------------
def test_a_raise_posted_after_the_session_ended_comes_back_filled_in_then_records_once(
        client, tracker, web_people, clock):
    login(client, "sec_segou")
    data = {**form_fields(client.get(RAISE_URL).text), **typed_raise(clock)}
    before = event_count(tracker)
    end_session(client)

    refused = client.post(RAISE_URL, data=data)

    assert refused.status_code == 303
    assert refused.location == "/login?next=/recommendations/nouvelle"
    assert EXPIRED in client.get(refused.location).text
    assert event_count(tracker) == before

    signed_in = sign_in_at(client, refused.location, "sec_segou")
    assert signed_in.location == RAISE_URL
    page = client.get(RAISE_URL).text
    assert RESTORED in page
    assert 'value="Radio communautaire en bambara"' in page
    assert "Émissions hebdomadaires sur les VBG." in page
    assert '<option value="sensibilisation" selected>' in page
    assert '<option value="jeunes" selected>' in page
    assert hidden(page, "request_id") == data["request_id"]
    assert event_count(tracker) == before  # filled in, not sent

    resent = {**form_fields(page), **typed_raise(clock)}
    assert client.post(RAISE_URL, data=resent).status_code == 303
    assert client.post(RAISE_URL, data=resent).status_code == 303
    assert event_count(tracker) == before + 2  # the file and its number, once
    assert RESTORED not in client.get(RAISE_URL).text  # the draft is done with


def test_if_the_first_raise_had_gone_through_sending_again_records_nothing(
        client, tracker, web_people, clock):
    login(client, "sec_segou")
    data = {**form_fields(client.get(RAISE_URL).text), **typed_raise(clock)}
    first = client.post(RAISE_URL, data=data)  # recorded, but the answer never arrived
    after_first = event_count(tracker)
    end_session(client)

    client.post(RAISE_URL, data=data)  # the retry meets the ended session
    login(client, "sec_segou")
    page = client.get(RAISE_URL).text
    again = client.post(RAISE_URL, data={**form_fields(page), **typed_raise(clock)})

    assert again.location == first.location
    assert event_count(tracker) == after_first
    assert "Cette recommandation était déjà enregistrée." in client.get(again.location).text


# ---- an action, through htmx ------------------------------------------------------------
def test_an_htmx_action_after_the_session_ended_sends_to_sign_in_and_back(
        client, tracker, web_people, clock):
    recommendation_id = drive_to(tracker, web_people, clock, ("commune", "open"))
    url = f"/recommendations/{recommendation_id}/escalate"
    login(client, "sec_segou")
    data = {**form_fields(client.get(url, headers=HTMX).text), "reason": REASON}
    before = event_count(tracker)
    end_session(client)

    refused = client.post(url, data=data, headers=HTMX)

    assert refused.status_code == 200 and refused.text == ""
    assert refused.headers["HX-Redirect"] == f"/login?next={url}"
    assert event_count(tracker) == before
    assert sign_in_at(client, refused.headers["HX-Redirect"], "sec_segou").location == url
    page = client.get(url).text
    assert RESTORED in page and REASON in page
    assert hidden(page, "expected_version") == "1"
    assert hidden(page, "request_id") == data["request_id"]

    resent = {**form_fields(page), "reason": REASON}
    assert client.post(url, data=resent, headers=HTMX).status_code == 200
    assert client.post(url, data=resent, headers=HTMX).status_code == 200
    assert event_count(tracker) == before + 1


def test_a_restored_action_whose_first_post_went_through_says_so(client, tracker, web_people,
                                                                 clock):
    recommendation_id = drive_to(tracker, web_people, clock, ("commune", "open"))
    url = f"/recommendations/{recommendation_id}/escalate"
    login(client, "sec_segou")
    data = {**form_fields(client.get(url).text), "reason": REASON}
    client.post(url, data=data)  # recorded; the answer was lost
    after_first = event_count(tracker)
    end_session(client)
    sign_in_at(client, client.post(url, data=data).location, "sec_segou")

    # Escalated already: no escalate form any more, and the person is told why.
    response = client.get(url)
    assert response.status_code == 303
    page = client.get(response.location).text
    assert "c&#39;était déjà enregistré" in page
    assert "pas possible" not in page
    assert event_count(tracker) == after_first


# ---- whose draft it is --------------------------------------------------------------------
def test_someone_else_signing_in_on_the_same_browser_does_not_see_the_draft(
        client, tracker, web_people, clock):
    login(client, "sec_segou")
    data = {**form_fields(client.get(RAISE_URL).text), **typed_raise(clock)}
    end_session(client)
    client.post(RAISE_URL, data=data)

    login(client, "sec_niono")
    page = client.get(RAISE_URL).text
    assert "Radio communautaire" not in page and RESTORED not in page
    client.post("/logout")
    login(client, "sec_segou")
    assert "Radio communautaire" not in client.get(RAISE_URL).text  # discarded, not kept


def test_a_form_without_a_valid_owner_is_not_kept(client, tracker, web_people, clock):
    login(client, "sec_segou")
    data = {**form_fields(client.get(RAISE_URL).text), **typed_raise(clock),
            "form_owner": "contrefait"}
    end_session(client)
    refused = client.post(RAISE_URL, data=data)
    assert refused.status_code == 302 and refused.location.startswith("/login")
    assert EXPIRED not in client.get(refused.location).text
    login(client, "sec_segou")
    assert "Radio communautaire" not in client.get(RAISE_URL).text


def test_never_keeps_a_password_or_the_form_s_tokens(app, client, tracker, web_people, clock):
    login(client, "sec_segou")
    data = {**form_fields(client.get(RAISE_URL).text), **typed_raise(clock),
            "password": PASSWORD, "csrf_token": "jeton"}
    end_session(client)
    client.post(RAISE_URL, data=data)
    with app.extensions["read_models"].engine.connect() as connection:
        [kept] = connection.execute(select(drafts_table.c.fields)).scalars().all()
    assert set(kept) == {"request_id", "title", "description", "theme", "meeting_date",
                         "origin_group"}


def test_a_draft_is_kept_two_days(client, tracker, web_people, clock):
    login(client, "sec_segou")
    data = {**form_fields(client.get(RAISE_URL).text), **typed_raise(clock)}
    end_session(client)
    client.post(RAISE_URL, data=data)
    clock.advance(days=2, minutes=1)
    login(client, "sec_segou")
    page = client.get(RAISE_URL).text
    assert "Radio communautaire" not in page and RESTORED not in page


def test_an_htmx_request_without_a_session_loads_the_sign_in_page_whole(client, tracker,
                                                                       web_people, clock):
    recommendation_id = drive_to(tracker, web_people, clock, ("commune", "open"))
    response = client.get(f"/recommendations/{recommendation_id}/note", headers=HTMX)
    assert response.status_code == 200
    assert response.headers["HX-Redirect"].startswith("/login?next=")
    assert client.get("/").status_code == 302  # without htmx: the usual redirect


# ---- with CSRF protection, as in production ---------------------------------------------
@pytest.fixture
def protected(database_url, clock):
    from web import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "s", "TRACKER_DATABASE_URL": database_url,
                      "TRACKER_CLOCK": clock})
    open_people(app.extensions["tracker"])
    yield app
    app.extensions["read_models"].engine.dispose()
    app.extensions["tracker"].close()


def sign_in(client, username: str):
    token = hidden(client.get("/login").text, "csrf_token")
    return client.post("/login", data={"username": username, "password": PASSWORD,
                                       "csrf_token": token})


def sign_in_from(client, page_url: str, username: str):
    token = hidden(client.get(page_url).text, "csrf_token")
    return client.post(page_url, data={"username": username, "password": PASSWORD,
                                       "csrf_token": token})


def test_with_csrf_the_stale_token_of_an_ended_session_still_keeps_the_draft(protected, clock):
    client = protected.test_client()
    tracker = protected.extensions["tracker"]
    sign_in(client, "sec_segou")
    data = {**form_fields(client.get(RAISE_URL).text), **typed_raise(clock)}
    end_session(client)

    refused = client.post(RAISE_URL, data=data)  # CSRFProtect refuses it first

    assert refused.status_code == 303 and refused.location == f"/login?next={RAISE_URL}"
    back = sign_in_from(client, refused.location, "sec_segou")
    assert back.location == RAISE_URL
    page = client.get(RAISE_URL).text
    assert "Radio communautaire en bambara" in page
    before = event_count(tracker)
    resent = {**form_fields(page), **typed_raise(clock)}
    assert client.post(RAISE_URL, data=resent).status_code == 303
    assert event_count(tracker) == before + 2  # the file and its number


def test_with_csrf_a_form_from_before_signing_in_again_elsewhere_comes_back_filled_in(
        protected, clock):
    client = protected.test_client()
    tracker = protected.extensions["tracker"]
    recommendation_id = drive_to(tracker, {name: tracker.authenticate_password(name, PASSWORD)
                                           for name in ("sec_segou", "reg_segou", "auditor")},
                                 clock, ("commune", "open"))
    url = f"/recommendations/{recommendation_id}/escalate"
    sign_in(client, "sec_segou")
    data = {**form_fields(client.get(url).text), "reason": REASON}
    end_session(client)
    sign_in(client, "sec_segou")  # in another tab: a new session, a new CSRF token
    before = event_count(tracker)

    refused = client.post(url, data=data, headers=HTMX)  # the old tab's form

    assert refused.headers["HX-Redirect"] == url
    page = client.get(url).text
    assert REASON in page and hidden(page, "request_id") == data["request_id"]
    assert client.post(url, data={**form_fields(page), "reason": REASON}).status_code == 303
    assert event_count(tracker) == before + 1


def test_files_sent_after_the_session_ended_are_asked_for_again(
        client, tracker, web_people, clock):
    """A draft keeps the text; files cannot be put back in a file input by any page, so the
    restored form says to choose them again — and nothing of them was stored."""
    login(client, "sec_segou")
    data = {**form_fields(client.get(RAISE_URL).text), **typed_raise(clock)}
    end_session(client)

    refused = client.post(RAISE_URL, data={
        **data, "files": [(BytesIO(b"%PDF-1.7\n%%EOF\n"), "pv.pdf")]})

    assert refused.status_code == 303
    sign_in_at(client, refused.location, "sec_segou")
    page = client.get(RAISE_URL).text
    assert ("Voici ce que vous aviez saisi, sauf les fichiers joints : choisissez-les à "
            "nouveau. Vérifiez, puis envoyez.") in page
    assert RESTORED not in page and 'value="Radio communautaire en bambara"' in page
    assert "_files_not_kept" not in page
    assert list(tracker.blobs.stored()) == []
