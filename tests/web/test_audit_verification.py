"""« Vérifier maintenant » on the auditors' page: the verification runs in the background,
the panel follows it (htmx polling; without JavaScript the page refreshes itself), who
verified and the verdict are recorded; the receipt downloads; the log reads in words —
event types sorted by their label, field names and values as people say them."""

from __future__ import annotations

import json
import re
import time
import unicodedata
from datetime import timedelta

import pytest
from sqlalchemy import insert, update

from storage.tables import audit_runs
from tests.conftest import login
from tests.web.test_audit_log import OTHER_ROLES, recorded, tracker  # noqa: F401
from tracker.verification import ABANDONED_AFTER

HTMX = {"HX-Request": "true"}


def finished(app, timeout: float = 20.0):
    """The latest run, once it is done (it runs in a thread of the app)."""
    verifications = app.extensions["verifications"]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = verifications.latest()
        if run is not None and not run.running:
            return run
        time.sleep(0.05)
    raise AssertionError("the verification did not finish")


def running_run(app, by="auditor", updated_ago=timedelta(0)):
    """A run left as if in progress (its thread elsewhere), updated ``updated_ago``."""
    chain = app.extensions["chain"]
    now = chain.clock()
    with chain.engine.begin() as connection:
        return connection.execute(insert(audit_runs).values(
            started_by=by, started_by_name="Auditor", started_at=now - updated_ago,
            updated_at=now - updated_ago, total=200, checked=50)).inserted_primary_key[0]


def test_an_auditor_verifies_from_the_page_and_the_verdict_names_who(app, client, recorded):
    login(client, "auditor")
    page = client.get("/audit/").text
    assert "Vérifier maintenant" in page and "flask --app wsgi" not in page

    response = client.post("/audit/verifier")

    assert response.status_code == 303 and response.location.endswith("/audit/#verification")
    run = finished(app)
    assert run.ok is True and run.started_by == "auditor" and run.checked > 0
    page = client.get("/audit/").text
    assert "Intacte" in page and "par Auditor" in page
    assert "Chaîne intacte" in page
    assert app.extensions["chain"].last_verification().ok  # recorded as from the CLI


def test_through_htmx_the_panel_polls_while_it_runs_then_stops(app, client, recorded):
    login(client, "auditor")
    running_run(app)
    panel = client.get("/audit/verification", headers=HTMX).text
    assert 'hx-trigger="every 1s"' in panel and "50 événements relus sur 200" in panel
    assert 'value="25"' in panel  # 50 of 200
    assert "Vérifier maintenant" not in panel  # one at a time
    app.extensions["verifications"]._finish(
        app.extensions["verifications"].latest().id, True, "Chaîne intacte.")
    panel = client.get("/audit/verification", headers=HTMX).text
    assert "hx-trigger" not in panel and "Vérifier maintenant" in panel


def test_without_javascript_a_running_verification_refreshes_the_page(app, client, recorded):
    login(client, "auditor")
    running_run(app)
    page = client.get("/audit/").text
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert client.get("/audit/verification").status_code == 303


def test_asking_again_while_one_runs_joins_it(app, client, recorded):
    login(client, "auditor")
    run_id = running_run(app)
    client.post("/audit/verifier", headers=HTMX)
    assert app.extensions["verifications"].latest().id == run_id


def test_a_run_whose_process_died_is_closed_and_another_starts(app, client, recorded):
    login(client, "auditor")
    stale = running_run(app, updated_ago=ABANDONED_AFTER + timedelta(seconds=1))
    client.post("/audit/verifier", headers=HTMX)
    verifications = app.extensions["verifications"]
    interrupted = verifications.find(stale)
    assert not interrupted.running and interrupted.ok is False
    assert "interrompue" in interrupted.message
    assert finished(app).id != stale


def test_a_broken_chain_is_said_with_its_position(app, client, tracker, recorded):
    chain = app.extensions["chain"]
    chain.seal()
    from storage.tables import audit_chain
    with chain.engine.begin() as connection:
        connection.execute(update(audit_chain).where(audit_chain.c.position == 3)
                           .values(hash="0" * 64))
    login(client, "auditor")
    client.post("/audit/verifier", headers=HTMX)
    run = finished(app)
    assert run.ok is False and "position 3" in run.message
    assert "Rompue" in client.get("/audit/").text


@pytest.mark.parametrize("username", OTHER_ROLES)
def test_only_auditors_verify_or_download_the_receipt(client, recorded, username):
    login(client, username)
    assert client.post("/audit/verifier").status_code == 403
    assert client.get("/audit/verification", headers=HTMX).status_code == 403
    assert client.get("/audit/recu.json").status_code == 403


def test_the_receipt_downloads_as_json(app, client, recorded):
    login(client, "auditor")
    response = client.get("/audit/recu.json")
    receipt = json.loads(response.data)
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert receipt["hash"] == app.extensions["chain"].last_link()[1]
    assert receipt["position"] == app.extensions["chain"].last_link()[0]


def test_event_types_are_sorted_by_their_label_in_the_reader_s_language(client, recorded):
    login(client, "auditor")
    for language in ("fr", "en"):
        client.set_cookie("lang", language)
        page = client.get("/audit/").text
        select = page[page.index('name="event_type"'):]
        select = select[:select.index("</select>")]
        labels = re.findall(r'<option value="\w+"[^>]*>([^<]+)</option>', select)
        assert len(labels) > 20
        assert labels == sorted(labels, key=without_accents), language
    assert without_accents("Précisions apportées") < without_accents("Premier numéro")


def without_accents(label: str) -> str:
    return "".join(char for char in unicodedata.normalize("NFKD", label.casefold())
                   if not unicodedata.combining(char))


def test_data_reads_in_words(client, recorded):
    login(client, "auditor")
    page = client.get("/audit/?event_type=Raised").text
    assert "<dt>Titre</dt>" in page and "<dt>title</dt>" not in page
    assert "<dd>Éclairage public</dd>" in page  # the theme's label, not its key
    assert re.search(r"<summary>\d+ champs</summary>", page)
    one = client.get("/audit/?event_type=Acknowledged").text
    assert "1 champs" not in one


def test_one_file_s_events_are_found_by_its_number(client, tracker, recorded):
    login(client, "auditor")
    page = client.get("/audit/").text
    number = re.search(r"[A-Z]{3}-\d{4}-\d{3}", page)
    assert number, "the log shows files' numbers"
    filtered = client.get("/audit/", query_string={"recommendation": number.group(0)}).text
    assert "Recommandation enregistrée" in filtered.split('<table class="board audit">')[1]
    lower = client.get("/audit/", query_string={
        "recommendation": number.group(0).lower()}).text
    assert lower.count("<tr>") == filtered.count("<tr>")
    unknown = client.get("/audit/", query_string={"recommendation": "ZZZ-2026-999"}).text
    assert "Aucun dossier accessible ne porte le numéro" in unknown
    garbage = client.get("/audit/", query_string={"recommendation": "n'importe quoi"}).text
    assert "un numéro s&#39;écrit comme SEG-2026-014" in garbage
