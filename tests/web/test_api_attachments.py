"""Attachments through the API: ``multipart/form-data`` on the endpoints whose commands take
files (field ``files``, repeated), JSON unchanged everywhere; each file's and session's JSON
lists its attachments, served by ``GET /api/v1/attachments/<sha256>`` to the same readers
as the file — on both event stores and both blob stores."""

from __future__ import annotations

import json
from datetime import timedelta
from io import BytesIO

import pytest

from storage.blobs import DATABASE
from tests.web.test_api import Api, api, event_count, raise_body, raised, tracker  # noqa: F401
from tests.web.test_api_sessions import session_body
from tests.web.test_attachment_pages import PDF, photo, upload

ATTACHMENT_KEYS = {"sha256", "name", "media_type", "size", "width", "height", "url",
                   "thumbnail_url"}


@pytest.fixture(params=["folder", DATABASE])
def blob_store(request, tmp_path) -> str:
    return str(tmp_path / "blobs") if request.param == "folder" else DATABASE


def post_files(api: Api, username: str, path: str, fields: dict, files: list):
    """A multipart request: the fields as form fields (lists and objects as JSON text)."""
    data = {name: json.dumps(value) if isinstance(value, (list, dict)) else str(value)
            for name, value in fields.items()}
    data["files"] = files
    return api.client.post(f"/api/v1{path}", data=data, headers=api.headers(username),
                           content_type="multipart/form-data")


def test_a_recommendation_raised_with_files_lists_them(api, tracker, clock):
    response = post_files(api, "sec_segou", "/recommendations", raise_body(clock),
                          [upload("marché.jpg", photo()), upload("pv.pdf", PDF)])
    assert response.status_code == 201
    image, document = response.json["attachments"]
    assert set(image) == ATTACHMENT_KEYS
    assert image["name"] == "marché.jpg" and image["media_type"] == "image/jpeg"
    assert (image["width"], image["height"]) == (800, 600)
    assert image["url"] == f"/api/v1/attachments/{image['sha256']}"
    assert image["thumbnail_url"].startswith("/api/v1/attachments/")
    assert document == {"sha256": document["sha256"], "name": "pv.pdf",
                        "media_type": "application/pdf", "size": len(PDF), "width": None,
                        "height": None, "url": f"/api/v1/attachments/{document['sha256']}",
                        "thumbnail_url": None}
    served = api.get("sec_segou", document["url"].removeprefix("/api/v1"))
    assert served.status_code == 200 and served.data == PDF
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.headers["Content-Disposition"].startswith("attachment")
    again = api.get("sec_segou", f"/recommendations/{response.json['id']}")
    assert again.json["attachments"] == response.json["attachments"]


def test_json_stays_as_it_was_and_lists_no_attachment(api, clock):
    response = api.post("sec_segou", "/recommendations", raise_body(clock))
    assert response.status_code == 201 and response.json["attachments"] == []


def test_a_file_without_attachments_is_answered_without_asking_their_read_model(
        api, clock, monkeypatch):
    # Most files have none: the file itself knows (its attachment_count), which saves a
    # query, and for a read the wait for the head of the log, on every answer.
    from web import api as api_module

    asked = []
    real = api_module.attachments_of_aggregate
    monkeypatch.setattr(api_module, "attachments_of_aggregate",
                        lambda engine, key: asked.append(str(key)) or real(engine, key))
    bare = api.post("sec_segou", "/recommendations", raise_body(clock)).json
    assert api.get("sec_segou", f"/recommendations/{bare['id']}").json["attachments"] == []
    assert api.post("sec_segou", f"/recommendations/{bare['id']}/escalate",
                    {"reason": "Le budget communal ne suffit pas."}).status_code == 200
    assert asked == []
    with_files = post_files(api, "sec_segou", "/recommendations", raise_body(clock),
                            [upload("pv.pdf", PDF)]).json
    shown = api.get("sec_segou", f"/recommendations/{with_files['id']}").json
    assert [item["name"] for item in shown["attachments"]] == ["pv.pdf"]
    assert asked == [with_files["id"]] * 2  # the raise's answer, then the read


@pytest.mark.parametrize("username, status", [
    ("sec_segou", 200), ("reg_segou", 200), ("crss", 200), ("auditor", 200),
    ("sec_niono", 404), ("reg_mopti", 404), ("admin", 404),
])
def test_an_attachment_is_served_to_the_readers_of_its_file_only(api, clock, username, status):
    raised = post_files(api, "sec_segou", "/recommendations", raise_body(clock),
                        [upload("marché.jpg", photo())]).json
    [image] = raised["attachments"]
    for url in (image["url"], image["thumbnail_url"]):
        assert api.get(username, url.removeprefix("/api/v1")).status_code == status


def test_an_attachment_asks_for_a_token(api, client, clock):
    raised = post_files(api, "sec_segou", "/recommendations", raise_body(clock),
                        [upload("pv.pdf", PDF)]).json
    assert client.get(raised["attachments"][0]["url"]).status_code == 401


def test_an_action_with_files_as_multipart(api, raised, clock):
    accepted = post_files(api, "sec_segou", f"/recommendations/{raised}/accept",
                          {"note": "La commune s'en charge.",
                           "target_date": (clock.today + timedelta(days=60)).isoformat()},
                          [upload("lettre-du-maire.pdf", PDF)])
    assert accepted.status_code == 200, accepted.json
    response = post_files(api, "sec_segou", f"/recommendations/{raised}/report-progress",
                          {"percent": 40, "note": "Poteaux posés.", "request_id": "p-1"},
                          [upload("poteaux.jpg", photo())])
    assert response.status_code == 200, response.json
    assert [item["name"] for item in response.json["attachments"]] == [
        "lettre-du-maire.pdf", "poteaux.jpg"]
    assert response.json["progress"] == 40


def test_files_on_a_command_that_takes_none_are_refused_and_nothing_recorded(
        api, tracker, raised):
    before = event_count(tracker)
    response = post_files(api, "sec_segou", f"/recommendations/{raised}/escalate",
                          {"reason": "Hors de portée de la commune."}, [upload("pv.pdf", PDF)])
    assert response.status_code == 422
    assert response.json["errors"]["files"] == ["Cette action ne prend pas de pièce jointe."]
    assert event_count(tracker) == before


def test_a_file_that_is_no_image_nor_pdf_is_a_422_and_nothing_is_stored(api, tracker, clock):
    before = event_count(tracker)
    response = post_files(api, "sec_segou", "/recommendations", raise_body(clock),
                          [upload("photo.jpg", b"<html><script>alert(1)</script>")])
    assert response.status_code == 422
    assert response.json["errors"]["files"] == [
        "Le fichier « photo.jpg » n'est ni une image (JPEG, PNG, WebP) ni un PDF."]
    assert event_count(tracker) == before and list(tracker.blobs.stored()) == []


def test_refusals_are_said_in_english_to_an_english_client(api, clock):
    response = api.client.post(
        "/api/v1/recommendations", headers={**api.headers("sec_segou"),
                                            "Accept-Language": "en"},
        data={**raise_body(clock), "files": [upload("notes.txt", b"plain text")]},
        content_type="multipart/form-data")
    assert response.status_code == 422
    assert "is neither an image" in response.json["errors"]["files"][0]


def test_a_session_recorded_with_files_and_its_agenda_as_json_text(api, clock):
    body = session_body(clock)
    response = post_files(api, "sec_segou", "/sessions", body,
                          [upload("pv-signé.pdf", PDF), upload("présence.png", photo())])
    assert response.status_code == 201, response.json
    assert response.json["agenda"] == body["agenda"]
    assert response.json["attendance"]["jeunes"] == {"women": 2, "men": 3}
    assert [item["name"] for item in response.json["attachments"]] == [
        "pv-signé.pdf", "présence.jpg"]
    session_id = response.json["id"]
    minutes = post_files(api, "sec_segou", f"/sessions/{session_id}/write-minutes",
                         {"minutes": "Procès-verbal signé.", "request_id": "m-1"},
                         [upload("pv-final.pdf", PDF + b"signed")])
    assert minutes.status_code == 200, minutes.json
    assert len(minutes.json["attachments"]) == 3
    url = minutes.json["attachments"][2]["url"].removeprefix("/api/v1")
    assert api.get("sec_niono", url).status_code == 404
    assert api.get("reg_segou", url).status_code == 200


def test_a_session_as_it_stood_lists_only_the_files_it_had(api, clock):
    session = post_files(api, "sec_segou", "/sessions", session_body(clock),
                         [upload("pv.pdf", PDF)]).json
    clock.advance(hours=2)
    post_files(api, "sec_segou", f"/sessions/{session['id']}/write-minutes",
               {"minutes": "Suite."}, [upload("suite.pdf", PDF + b"2")])
    moment = (clock() - timedelta(hours=1)).isoformat()
    past = api.get("sec_segou", f"/sessions/{session['id']}", as_of=moment)
    assert [item["name"] for item in past.json["attachments"]] == ["pv.pdf"]


def test_a_malformed_agenda_in_a_multipart_form_is_a_422(api, tracker, clock):
    before = event_count(tracker)
    fields = {**session_body(clock), "agenda": "[pas du json"}
    data = {name: json.dumps(value) if isinstance(value, (list, dict)) else str(value)
            for name, value in fields.items()}
    data["agenda"] = "[pas du json"
    response = api.client.post("/api/v1/sessions", data={**data, "files": [
        (BytesIO(PDF), "pv.pdf")]}, headers=api.headers("sec_segou"),
        content_type="multipart/form-data")
    assert response.status_code == 422 and "agenda" in response.json["errors"]
    assert event_count(tracker) == before
