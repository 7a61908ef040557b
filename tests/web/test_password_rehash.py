"""Signing in through the page after the hashing parameters changed: the person is in,
their other sessions go on, and the audit log says what happened in plain French,
without the hash."""

from __future__ import annotations

import tracker.accounts
from tests.conftest import login


def test_a_sign_in_that_rehashes_ends_no_session_and_shows_in_the_audit_log(
        app, client, web_people, monkeypatch):
    tracker_app = app.extensions["tracker"]
    phone, auditor = app.test_client(), app.test_client()
    assert login(phone, "sec_segou").status_code == 302
    login(auditor, "auditor")  # before the change: their hash stays as it was
    monkeypatch.setattr(tracker.accounts, "PASSWORD_HASH_METHOD", "pbkdf2:sha256:2000")

    assert login(client, "sec_segou").status_code == 302

    assert client.get("/").status_code == 200 and phone.get("/").status_code == 200
    new_hash = tracker_app.account("sec_segou").password_hash
    assert new_hash.startswith("pbkdf2:sha256:2000$")
    page = auditor.get("/audit/").text
    rows = page.split('<table class="board audit">')[1]
    assert rows.count("Empreinte du mot de passe mise à jour à la connexion") == 1
    assert new_hash.split("$")[-1] not in page
