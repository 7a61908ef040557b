"""Attachments in the pages: files sent with a plain multipart form (no JavaScript), shown
in the history at the event that brought them (a thumbnail for an image, an icon and a size
for a PDF), served only to the readers of what they are attached to and with headers that
let a browser do nothing more than show them; a refused file records nothing and keeps
what was typed — on both event stores and both blob stores."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from PIL import Image

from storage.blobs import DATABASE
from tests.conftest import login, raise_fields
from tests.web.test_session_pages import record, record_form

HTMX = {"HX-Request": "true"}
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(params=["folder", DATABASE])
def blob_store(request, tmp_path) -> str:
    return str(tmp_path / "blobs") if request.param == "folder" else DATABASE


@pytest.fixture
def tracker(app):
    return app.extensions["tracker"]


def photo(size=(800, 600), colour=(200, 120, 40)) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


def upload(name: str, data: bytes):
    return (BytesIO(data), name)


def event_count(tracker) -> int:
    return tracker.recorder.max_notification_id() or 0


def raise_form(clock, **overrides) -> dict:
    fields = raise_fields(clock)
    form = {"title": fields["title"], "theme": fields["theme"],
            "meeting_date": fields["meeting_date"].isoformat(), "request_id": "form-1"}
    form.update(overrides)
    return form


def sources(page: str, kind: str = "img") -> list[str]:
    attribute = "src" if kind == "img" else "href"
    return re.findall(rf'<{kind}[^>]*{attribute}="(/pieces/[0-9a-f]{{64}})"', page)


@pytest.fixture
def raised_with_files(client, tracker, web_people, clock):
    """A recommendation of Ségou raised through the form with a photo and a PDF."""
    login(client, "sec_segou")
    response = client.post("/recommendations/nouvelle", data={
        **raise_form(clock), "files": [upload("marché.jpg", photo()),
                                       upload("procès-verbal.pdf", PDF)]})
    assert response.status_code == 303
    return response.headers["Location"].rsplit("/", 1)[-1]


def test_a_raise_form_offers_files_and_posts_as_multipart(client, web_people):
    login(client, "sec_segou")
    page = client.get("/recommendations/nouvelle").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page
    assert re.search(r'<input id="files" name="files" type="file" multiple', page)
    assert "jusqu'à 5 fichiers" in page and "10 Mo au plus" in page


def test_files_raised_with_a_recommendation_show_in_its_history(
        client, tracker, raised_with_files):
    page = client.get(f"/recommendations/{raised_with_files}").get_data(as_text=True)
    [thumbnail] = sources(page)
    links = sources(page, "a")
    assert len(links) == 2  # the full image, and the PDF
    assert 'alt="marché.jpg"' in page and 'width="320" height="240"' in page
    assert "procès-verbal.pdf" in page and "PDF" in page
    image = client.get(thumbnail)
    assert image.status_code == 200 and image.mimetype == "image/jpeg"
    assert len(image.data) <= 20_000
    assert Image.open(BytesIO(image.data)).size == (320, 240)
    full = client.get(links[0])
    assert Image.open(BytesIO(full.data)).size == (800, 600)


def test_a_served_file_says_what_it_is_and_may_do_nothing_else(client, raised_with_files):
    page = client.get(f"/recommendations/{raised_with_files}").get_data(as_text=True)
    image_url, pdf_url = sources(page, "a")
    image, document = client.get(image_url), client.get(pdf_url)
    assert image.headers["Content-Disposition"].startswith("inline")
    assert document.mimetype == "application/pdf" and document.data == PDF
    disposition = document.headers["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert "filename*=UTF-8''proc%C3%A8s-verbal.pdf" in disposition
    for response in (image, document):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]
        assert "sandbox" in response.headers["Content-Security-Policy"]
        assert response.headers["Cache-Control"].startswith("private")
        assert response.headers["ETag"].strip('"') == image_url.rsplit("/", 1)[-1] \
            or response is document
    again = client.get(image_url, headers={"If-None-Match": image.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


@pytest.mark.parametrize("username, status", [
    ("sec_segou", 200), ("reg_segou", 200), ("crss", 200), ("auditor", 200),
    ("sec_niono", 404), ("sec_mopti", 404), ("reg_mopti", 404), ("admin", 404),
])
def test_a_file_is_served_only_to_those_who_read_what_it_is_attached_to(
        app, client, raised_with_files, username, status):
    page = client.get(f"/recommendations/{raised_with_files}").get_data(as_text=True)
    urls = [*sources(page), *sources(page, "a")]
    reader = app.test_client()
    login(reader, username)
    assert {reader.get(url).status_code for url in urls} == {status}


def test_a_file_asks_for_a_signed_in_reader(app, raised_with_files, client):
    page = client.get(f"/recommendations/{raised_with_files}").get_data(as_text=True)
    response = app.test_client().get(sources(page)[0])
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_blobs_no_event_names_are_never_served(client, tracker, web_people):
    stray = tracker.blobs.put(PDF + b"refused command")  # stored, then its command refused
    login(client, "auditor")
    for address in (f"/pieces/{stray}", "/pieces/" + "0" * 64, "/pieces/not-a-hash",
                    "/pieces/" + stray.upper()):
        assert client.get(address).status_code == 404


def test_a_file_gone_from_the_store_is_not_found_not_an_error(
        client, tracker, raised_with_files):
    page = client.get(f"/recommendations/{raised_with_files}").get_data(as_text=True)
    url = sources(page, "a")[1]
    tracker.blobs.delete(url.rsplit("/", 1)[-1])
    assert client.get(url).status_code == 404


def test_files_with_an_action_show_under_its_event(client, tracker, web_people, clock):
    file_id = str(tracker.raise_recommendation(web_people["sec_segou"],
                                               **raise_fields(clock)).recommendation_id)
    login(client, "sec_segou")
    form = client.get(f"/recommendations/{file_id}/note").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in form and 'name="files"' in form
    version = re.search(r'name="expected_version" value="(\d+)"', form).group(1)
    response = client.post(f"/recommendations/{file_id}/note", data={
        "note": "Photo des lampadaires posés.", "expected_version": version,
        "request_id": "note-1", "files": [upload("lampadaires.png", photo(colour=(9, 9, 9)))]})
    assert response.status_code == 303
    page = client.get(f"/recommendations/{file_id}").get_data(as_text=True)
    note_entry = page[page.index("Photo des lampadaires posés."):]
    assert 'alt="lampadaires.jpg"' in note_entry  # re-encoded: named for what it is now


def test_an_action_without_files_offers_none(client, tracker, web_people, clock):
    file_id = str(tracker.raise_recommendation(web_people["sec_segou"],
                                               **raise_fields(clock)).recommendation_id)
    login(client, "sec_segou")
    form = client.get(f"/recommendations/{file_id}/escalate").get_data(as_text=True)
    assert 'name="files"' not in form and "multipart" not in form


def test_a_refused_file_records_nothing_and_keeps_what_was_typed(
        client, tracker, web_people, clock):
    login(client, "sec_segou")
    before = event_count(tracker)
    response = client.post("/recommendations/nouvelle", data={
        **raise_form(clock, title="Éclairer la gare routière", description="Trois lampadaires"),
        "files": [upload("photo.jpg", b"GIF89a not a photo at all"),
                  upload("pv.pdf", PDF)]})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "« photo.jpg » n&#39;est ni une image (JPEG, PNG, WebP) ni un PDF." in page
    assert 'value="Éclairer la gare routière"' in page and "Trois lampadaires" in page
    assert "choisissez-les à nouveau" in page
    assert event_count(tracker) == before
    assert list(tracker.blobs.stored()) == []  # the good PDF was not kept either


def test_a_file_over_the_limit_is_refused_with_the_limit_through_htmx(
        client, tracker, web_people, clock):
    login(client, "sec_segou")
    before = event_count(tracker)
    big = b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024)
    response = client.post("/recommendations/nouvelle", headers=HTMX, data={
        **raise_form(clock, title="Un titre gardé"), "files": [upload("gros.pdf", big)]})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and page.lstrip().startswith('<form id="raise-form"')
    assert "« gros.pdf » dépasse 10 Mo." in page and 'value="Un titre gardé"' in page
    assert event_count(tracker) == before


def test_six_files_are_refused(client, tracker, web_people, clock):
    login(client, "sec_segou")
    response = client.post("/recommendations/nouvelle", data={
        **raise_form(clock), "files": [upload(f"p{index}.pdf", PDF + bytes([index]))
                                       for index in range(6)]})
    assert response.status_code == 422
    assert "5 pièces jointes au plus par action." in response.get_data(as_text=True)
    assert list(tracker.blobs.stored()) == []


def test_a_body_past_the_request_limit_is_refused_in_french(app, client, web_people, clock):
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024  # as if the limit were 64 KB
    login(client, "sec_segou")
    response = client.post("/recommendations/nouvelle", headers=HTMX, data={
        **raise_form(clock), "files": [upload("gros.pdf", PDF + b"0" * 100_000)]})
    assert response.status_code == 413
    assert "L&#39;envoi dépasse la taille permise" in response.get_data(as_text=True)


def test_the_request_limit_leaves_room_for_five_files_at_the_upload_limit(app):
    assert app.config["MAX_CONTENT_LENGTH"] == (5 * 10 + 1) * 1024 * 1024


def test_a_session_recorded_with_its_signed_minutes(client, tracker, web_people, clock):
    login(client, "sec_segou")
    form = client.get("/sessions/nouvelle").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in form and 'name="files"' in form
    response = client.post("/sessions/nouvelle", data={
        **record_form(clock), "request_id": "s-1",
        "files": [upload("pv-signé.pdf", PDF), upload("présence.jpg", photo())]})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "pv-signé.pdf" in page and 'alt="présence.jpg"' in page
    assert client.get(sources(page)[0]).status_code == 200
    other = client.application.test_client()
    login(other, "sec_niono")
    assert other.get(sources(page)[0]).status_code == 404


def test_a_session_action_takes_files_when_the_catalogue_says_so(
        client, tracker, web_people, clock):
    session_id = record(tracker, web_people, clock)
    login(client, "sec_segou")
    form = client.get(f"/sessions/{session_id}/write-minutes").get_data(as_text=True)
    assert 'name="files"' in form
    version = re.search(r'name="expected_version" value="(\d+)"', form).group(1)
    response = client.post(f"/sessions/{session_id}/write-minutes", data={
        "minutes": "Procès-verbal signé, joint.", "expected_version": version,
        "request_id": "m-1", "files": [upload("pv.pdf", PDF)]})
    assert response.status_code == 303
    page = client.get(f"/sessions/{session_id}").get_data(as_text=True)
    assert "pv.pdf" in page and len(sources(page, "a")) == 1
    cancel = client.get(f"/sessions/{session_id}/cancel")
    assert cancel.status_code != 200 or 'name="files"' not in cancel.get_data(as_text=True)


def test_file_names_are_escaped_and_sizes_said_in_english_too(
        client, tracker, web_people, clock):
    login(client, "sec_segou")
    response = client.post("/recommendations/nouvelle", data={
        **raise_form(clock), "files": [upload('<img src=x onerror=alert(1)>.pdf', PDF)]})
    file_id = response.headers["Location"].rsplit("/", 1)[-1]
    page = client.get(f"/recommendations/{file_id}").get_data(as_text=True)
    assert "<img src=x" not in page
    assert "1 Ko" in page
    client.get("/langue/en")
    english = client.get(f"/recommendations/{file_id}").get_data(as_text=True)
    assert "1 KB" in english and "Attachments" in english
