"""A page session ends: signing out ends it for any copy of its cookie, on every process;
one left idle for TRACKER_SESSION_IDLE_HOURS, or signed in TRACKER_SESSION_MAX_DAYS ago,
has ended; over HTTPS every cookie is Secure and the browser is told to stay on HTTPS."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, Clock, close_app, login, make_app
from tracker.config import Settings


@pytest.fixture
def clock():
    """The sessions' own clock (the wall clock outside these tests)."""
    return Clock()


@pytest.fixture
def app(database_url, clock, blob_store):
    app = make_app(database_url, blob_store, TRACKER_SESSION_CLOCK=clock)
    yield app
    close_app(app)


def signed_in(client) -> bool:
    return client.get("/").status_code == 200


def copy_of_cookie(app, client):
    """Another browser holding the same session cookie (copied, or kept from before)."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_signing_out_ends_every_copy_of_the_session_cookie(app, client, web_people):
    login(client, "sec_segou")
    copy = copy_of_cookie(app, client)
    assert signed_in(copy)

    client.post("/logout")

    assert not signed_in(client)
    assert not signed_in(copy)
    assert copy.get("/").headers["Location"].startswith("/login")


def test_signing_out_on_one_device_leaves_the_persons_other_sessions(app, web_people):
    phone, desk = app.test_client(), app.test_client()
    login(phone, "sec_segou"), login(desk, "sec_segou")

    phone.post("/logout")

    assert not signed_in(phone) and signed_in(desk)
    assert login(phone, "sec_segou").status_code == 302 and signed_in(phone)


def test_a_second_application_sees_the_sign_out(app, client, web_people, database_url,
                                               clock, blob_store):
    """Two web processes over the same database, sharing the secret key."""
    other = make_app(database_url, blob_store, TRACKER_SESSION_CLOCK=clock)
    try:
        login(client, "sec_segou")
        elsewhere = other.test_client()
        elsewhere.set_cookie("session", client.get_cookie("session").value)
        assert signed_in(elsewhere)

        client.post("/logout")

        assert not signed_in(elsewhere)
    finally:
        close_app(other)


def test_an_idle_session_ends_after_eight_hours(client, clock, web_people):
    login(client, "sec_segou")
    clock.advance(hours=7, minutes=59)
    assert signed_in(client)  # each request counts as activity
    clock.advance(hours=7, minutes=59)
    assert signed_in(client)

    clock.advance(hours=8, minutes=1)

    assert not signed_in(client)


def test_a_session_ends_seven_days_after_signing_in_however_busy(client, clock, web_people):
    login(client, "sec_segou")
    for _hour in range(0, 7 * 24 - 6, 6):
        clock.advance(hours=6)
        assert signed_in(client)

    clock.advance(hours=7)

    assert not signed_in(client)
    assert login(client, "sec_segou").status_code == 302 and signed_in(client)


def test_the_cookie_outlives_the_browser_until_the_session_would_end(client, web_people):
    response = login(client, "sec_segou")
    cookie = response.headers["Set-Cookie"]
    assert "Expires=" in cookie  # a phone's browser closed and reopened stays signed in


@pytest.mark.parametrize("name, raw", [
    ("TRACKER_SESSION_IDLE_HOURS", "0"), ("TRACKER_SESSION_IDLE_HOURS", "huit"),
    ("TRACKER_SESSION_IDLE_HOURS", "nan"), ("TRACKER_SESSION_MAX_DAYS", "100000"),
    ("TRACKER_URL_SCHEME", "ftp"), ("TRACKER_PROXIES", "-1")])
def test_bad_session_settings_stop_the_start_with_a_message(name, raw):
    with pytest.raises(ValueError) as refusal:
        Settings.from_environment({name: raw})
    assert name in str(refusal.value)


def test_settings_are_read(monkeypatch):
    settings = Settings.from_environment({"TRACKER_SESSION_IDLE_HOURS": "2",
                                          "TRACKER_SESSION_MAX_DAYS": "1.5",
                                          "TRACKER_URL_SCHEME": "https",
                                          "TRACKER_PROXIES": "1"})
    assert (settings.session_idle_hours, settings.session_max_days, settings.url_scheme,
            settings.proxies) == (2, 1.5, "https", 1)


# ---- HTTPS ---------------------------------------------------------------------------------
@pytest.fixture
def served_over_https(database_url, blob_store, web_people):
    app = make_app(database_url, blob_store, TRACKER_URL_SCHEME="https")
    yield app
    close_app(app)


def test_with_url_scheme_https_every_cookie_is_secure_and_hsts_is_sent(served_over_https):
    client = served_over_https.test_client()
    response = client.post("/login", data={"username": "sec_segou", "password": PASSWORD})
    assert "Secure" in response.headers["Set-Cookie"]
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    language = client.get("/langue/en?next=/")
    assert "Secure" in language.headers["Set-Cookie"]


def test_behind_a_trusted_proxy_x_forwarded_proto_means_https(database_url, clock, blob_store,
                                                              web_people):
    behind = make_app(database_url, blob_store, TRACKER_PROXIES=1)
    direct = make_app(database_url, blob_store)
    try:
        for app, secure in ((behind, True), (direct, False)):
            response = app.test_client().post(
                "/login", headers={"X-Forwarded-Proto": "https"},
                data={"username": "sec_segou", "password": PASSWORD})
            # Without a proxy of ours, a client saying « https » itself is not believed.
            assert ("Secure" in response.headers["Set-Cookie"]) is secure
            assert ("Strict-Transport-Security" in response.headers) is secure
    finally:
        close_app(behind, direct)


BACKGROUND = {"X-Background": "1"}  # the service worker's own fetches (web/offline.py)


def test_the_service_workers_fetches_never_write_the_session_cookie(client, web_people):
    anonymous = client.get("/hors-ligne", headers=BACKGROUND)
    assert anonymous.status_code == 401 and "Set-Cookie" not in anonymous.headers
    login(client, "sec_segou")
    page = client.get("/recommendations/nouvelle")
    kept_ahead = client.get("/recommendations/nouvelle", headers=BACKGROUND)
    assert page.status_code == kept_ahead.status_code == 200
    # A page the person opens refreshes the cookie; the worker's copy of it never does.
    assert "Set-Cookie" in page.headers and "Set-Cookie" not in kept_ahead.headers

