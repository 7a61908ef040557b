"""Web processes beside a separate projector (TRACKER_PROJECTOR=external): they never write
the read models, yet each person sees their own write at once; when the projector is down
the write is kept and the page says the display lags."""

from __future__ import annotations

import threading

import pytest

from projections.projector import Projector
from projections.runner import ReadModels
from tests.conftest import login, open_people
from tests.tracker.scenario import raise_one


@pytest.fixture
def read_wait_seconds():
    return 0.3  # when the projector is down, the page says so after this wait


@pytest.fixture
def external_app(database_url, clock, read_wait_seconds):
    from web import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret",
                      "TRACKER_DATABASE_URL": database_url, "TRACKER_CLOCK": clock,
                      "WTF_CSRF_ENABLED": False, "TRACKER_PROJECTOR": "external",
                      "TRACKER_READ_WAIT_SECONDS": read_wait_seconds})
    app.config["PEOPLE"] = open_people(app.extensions["tracker"])
    yield app
    app.extensions["read_models"].close()
    app.extensions["tracker"].close()


@pytest.fixture
def running_projector(external_app):
    read_models = ReadModels(external_app.extensions["tracker"])
    stop = threading.Event()
    thread = threading.Thread(target=Projector(read_models, idle_seconds=1).run, args=(stop,))
    thread.start()
    yield
    stop.set()
    thread.join(10)
    read_models.engine.dispose()


def raise_by_form(client, clock, title):
    return client.post("/recommendations/nouvelle", data={
        "title": title, "description": "", "theme": "eclairage_public",
        "meeting_date": clock.today.isoformat(), "origin_group": "", "request_id": title})


# The setting's default: the projector polls ten times a second, but on a machine busy
# with the whole suite its catch-up has been seen to take longer than 0.3 s.
@pytest.mark.parametrize("read_wait_seconds", [5])
def test_with_the_projector_running_the_person_sees_their_write(
        external_app, running_projector, clock):
    client = external_app.test_client()
    login(client, "sec_segou")

    response = raise_by_form(client, clock, "Lampadaires du marché de Ségou")

    assert response.status_code == 303
    page = client.get(response.location).text
    assert "Recommandation enregistrée" in page and "pas encore à jour" not in page
    board = client.get("/").text
    assert "Lampadaires du marché de Ségou" in board


def test_with_the_projector_down_the_write_is_kept_and_the_lag_is_said(external_app, clock):
    client = external_app.test_client()
    login(client, "sec_segou")
    tracker = external_app.extensions["tracker"]
    before = tracker.recorder.max_notification_id()

    response = raise_by_form(client, clock, "Patrouilles de nuit au port")

    assert response.status_code == 303
    assert tracker.recorder.max_notification_id() == before + 2  # the file and its number
    page = client.get(response.location).text
    assert "Patrouilles de nuit au port" in page  # the case file itself, from the events
    assert "l'affichage n'est pas encore à jour" in page.replace("&#39;", "'")
    # The web process did not write the read models itself.
    positions = external_app.extensions["read_models"].positions()
    assert min(positions.values()) < before + 1


def test_an_api_command_waits_for_its_own_write_not_for_those_after_it(
        external_app, clock, monkeypatch):
    """Under load the head of the log moves all the time: a command's answer that waited
    for the head, not for its own event, would wait behind everyone's writes."""
    tracker, people = external_app.extensions["tracker"], external_app.config["PEOPLE"]
    projector = ReadModels(tracker)
    projector.catch_up()
    web_side = external_app.extensions["read_models"]
    asked, real_wait = [], web_side.wait_for

    def wait_for(position, timeout=None):
        asked.append(position)
        if len(asked) == 1:  # another secretary's file, recorded meanwhile
            raise_one(tracker, people, clock, by="sec_niono", commune="niono")
            projector.catch_up()
        return real_wait(position, timeout)
    monkeypatch.setattr(web_side, "wait_for", wait_for)
    client = external_app.test_client()
    headers = {"Authorization": f"Bearer {tracker.issue_token(None, 'sec_segou')}"}

    raised = client.post("/api/v1/recommendations", headers=headers, json={
        "title": "Lampadaires du marché", "theme": "eclairage_public",
        "meeting_date": clock.today.isoformat(), "request_id": "raise-1"})
    escalated = client.post(f"/api/v1/recommendations/{raised.json['id']}/escalate",
                            headers=headers, json={"expected_version": raised.json["version"],
                                                   "reason": "Budget communal épuisé",
                                                   "request_id": "escalate-1"})

    assert (raised.status_code, escalated.status_code) == (201, 200)
    assert len(asked) == 2  # once per command, for its own event
    assert asked[0] < tracker.recorder.max_notification_id()
    assert escalated.json["status"] == "awaiting_acknowledgement"
    projector.engine.dispose()
