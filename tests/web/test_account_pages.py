"""Administrators manage accounts from the pages: list, create (temporary password shown
once), role and territory, title, password reset, API tokens, disable and enable. Plain
forms (POST → 303 → GET) and htmx fragments alike; a refusal keeps the form, says why in
French and records nothing; only administrators get in."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from storage.tables import audit_log
from tests.conftest import PASSWORD, login
from tests.web.test_repeated_posts import HTMX

SECRET = re.compile(r'<code id="secret">([^<]+)</code>')


@pytest.fixture
def tracker(app):
    return app.extensions["tracker"]


@pytest.fixture
def admin(client, web_people):
    login(client, "admin")
    return client


def head(tracker) -> int:
    return tracker.recorder.max_notification_id() or 0


def secret_of(response) -> str:
    return SECRET.search(response.text).group(1)


def api_status(app, token: str) -> int:
    return app.test_client().get("/api/v1/recommendations", headers={
        "Authorization": f"Bearer {token}"}).status_code


def create(client, **fields):
    data = {"username": "awa.traore", "display_name": "Awa Traoré", "role": "secretary",
            "commune": "niono", "title": "Secrétaire générale", **fields}
    return client.post("/comptes/nouveau", data=data)


# ---- who gets in ---------------------------------------------------------------------------
ADMIN_PAGES = [("get", "/comptes"), ("get", "/comptes/nouveau"), ("get", "/comptes/crss"),
               ("post", "/comptes/nouveau"), ("post", "/comptes/crss/role"),
               ("post", "/comptes/crss/titre"), ("post", "/comptes/crss/desactiver"),
               ("post", "/comptes/crss/reactiver"), ("post", "/comptes/crss/mot-de-passe"),
               ("post", "/comptes/crss/jetons"), ("post", "/comptes/crss/jetons/abc/revoquer"),
               ("post", "/comptes/crss/sessions/fermer")]


@pytest.mark.parametrize("person", ["sec_segou", "reg_segou", "crss", "auditor"])
def test_only_administrators_reach_the_account_pages(client, tracker, web_people, person):
    login(client, person)
    before = head(tracker)

    for method, url in ADMIN_PAGES:
        response = getattr(client, method)(url, data={"role": "admin", "title": "Chef"})
        assert response.status_code == 403, (method, url)
        assert "Seul un administrateur peut gérer les comptes." in response.text
    assert head(tracker) == before


def test_signed_out_visitors_are_sent_to_sign_in(client, web_people):
    response = client.get("/comptes/crss")
    assert response.status_code == 302 and response.location.startswith("/login")


def test_an_administrator_lands_on_account_cards_not_a_wide_table(admin, tracker):
    tracker.change_title(None, "reg_segou", "Gouverneur")

    page = admin.get("/", follow_redirects=True)

    assert page.request.path == "/comptes"
    assert "<table" not in page.text and 'href="/comptes/nouveau"' in page.text
    assert 'href="/comptes/reg_segou"' in page.text and "Gouverneur" in page.text
    assert "Secrétariat général de la commune" in page.text  # a role without a title


def test_names_and_titles_are_escaped(admin, tracker):
    tracker.open_account(None, username="pirate", password=PASSWORD, role="auditor",
                         display_name="<script>alert(1)</script>", title="<b>Chef</b>")

    for url in ("/comptes", "/comptes/pirate"):
        text = admin.get(url).text
        assert "<script>alert(1)" not in text and "<b>Chef" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


# ---- create ---------------------------------------------------------------------------------
def test_create_shows_the_temporary_password_once(admin, tracker):
    response = create(admin)

    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    temporary = secret_of(response)
    principal = tracker.authenticate_password("awa.traore", temporary)
    assert principal.must_change_password and principal.title == "Secrétaire générale"
    assert (principal.commune, principal.region) == ("niono", "segou")
    page = admin.get("/comptes/awa.traore").text
    assert temporary not in page and "provisoire" in page
    assert temporary not in admin.get("/comptes").text


def test_create_through_htmx_answers_the_fragment(admin):
    response = admin.post("/comptes/nouveau", headers=HTMX, data={
        "username": "gouv.kayes", "role": "regional", "region": "mopti"})

    assert response.status_code == 200 and "<html" not in response.text
    assert SECRET.search(response.text) and 'id="account"' in response.text


@pytest.mark.parametrize("fields, field, message", [
    ({"username": "a b"}, "username", "Identifiant de 3 à 64 caractères"),
    ({"username": "crss"}, "username", "Cet identifiant est déjà pris."),
    ({"commune": ""}, "commune", "Un secrétaire doit être rattaché à une commune."),
    ({"commune": "atlantide"}, "commune", "Commune inconnue : « atlantide »."),
    ({"role": "regional", "commune": ""}, "region",
     "Une autorité régionale doit être rattachée à une région."),
    ({"role": "chef"}, "role", "Rôle inconnu."),
    ({"title": "x" * 81}, "title", "Au plus 80 caractères (actuellement 81)."),
    ({"display_name": "Awa\u0000"}, "display_name", "caractères non autorisés"),
])
def test_create_refusals_keep_the_form_say_why_and_record_nothing(admin, tracker, fields,
                                                                   field, message):
    before = head(tracker)

    for headers in ({}, HTMX):
        response = admin.post("/comptes/nouveau", headers=headers, data={
            "username": "awa.traore", "display_name": "Awa Traoré", "role": "secretary",
            "commune": "niono", **fields})

        assert response.status_code == 422
        assert message in response.text.replace("&#39;", "'").replace("&#34;", '"')
        assert f'id="{field}-errors"' in response.text
        assert ("<html" in response.text) is not bool(headers)
        assert not SECRET.search(response.text)
    assert head(tracker) == before
    if "username" not in fields:
        assert 'value="awa.traore"' in response.text  # what was typed is kept


# ---- role and territory, title --------------------------------------------------------------
def test_role_change_posts_then_redirects_and_says_so(admin, tracker):
    response = admin.post("/comptes/crss/role", data={"role": "regional", "region": "mopti"})

    assert response.status_code == 303 and response.location == "/comptes/crss"
    page = admin.get(response.location).text
    assert "Rôle et territoire enregistrés." in page and "Région de Mopti" in page
    assert tracker.account("crss").region == "mopti"


def test_role_change_through_htmx_answers_the_refreshed_account(admin, tracker):
    response = admin.post("/comptes/crss/role", headers=HTMX,
                          data={"role": "secretary", "commune": "mopti"})

    assert response.status_code == 200 and "<html" not in response.text
    assert 'id="account"' in response.text and "Rôle et territoire enregistrés." in response.text


@pytest.mark.parametrize("fields, message", [
    ({"role": "regional"}, "Une autorité régionale doit être rattachée à une région."),
    ({"role": "national"}, "Ce compte a déjà ce rôle et ce territoire."),
    ({"role": "secretary", "commune": "atlantide"}, "Commune inconnue : « atlantide »."),
])
def test_a_refused_role_change_keeps_the_form_and_records_nothing(admin, tracker, fields,
                                                                   message):
    before = head(tracker)

    response = admin.post("/comptes/crss/role", data=fields)

    assert response.status_code == 422 and message in response.text.replace("&#39;", "'")
    assert head(tracker) == before


def test_the_title_shows_instead_of_the_role_and_empty_gives_the_role_back(admin, tracker):
    admin.post("/comptes/reg_segou/titre", data={"title": "Gouverneur"})
    assert tracker.principal(tracker.account("reg_segou").id).title == "Gouverneur"
    assert "Gouverneur" in admin.get("/comptes").text

    response = admin.post("/comptes/reg_segou/titre", data={"title": "  "})

    assert response.status_code == 303
    assert tracker.principal(tracker.account("reg_segou").id).title is None


def test_a_title_too_long_is_refused_with_the_text_kept(admin, tracker):
    before = head(tracker)

    response = admin.post("/comptes/reg_segou/titre", headers=HTMX, data={"title": "G" * 81})

    assert response.status_code == 422 and "G" * 81 in response.text
    assert head(tracker) == before


def test_an_administrator_is_not_offered_to_disable_or_demote_themselves(admin, tracker):
    page = admin.get("/comptes/admin").text
    assert "/comptes/admin/desactiver" not in page and "/comptes/admin/role" not in page
    before = head(tracker)

    assert admin.post("/comptes/admin/desactiver").status_code == 403
    assert admin.post("/comptes/admin/role", data={"role": "auditor"}).status_code == 403
    assert head(tracker) == before


def test_an_unknown_account_is_not_found(admin, tracker):
    before = head(tracker)
    assert admin.get("/comptes/personne").status_code == 404
    assert admin.post("/comptes/personne/desactiver").status_code == 404
    assert head(tracker) == before


# ---- disable and enable --------------------------------------------------------------------
def test_disabling_signs_the_person_out_and_stops_their_tokens_at_once(app, admin, tracker):
    token = tracker.issue_token(None, "crss")
    person = app.test_client()
    login(person, "crss")
    assert person.get("/").status_code == 200 and api_status(app, token) == 200

    response = admin.post("/comptes/crss/desactiver")

    assert response.status_code == 303
    assert "Compte désactivé" in admin.get("/comptes/crss").text
    assert person.get("/").status_code == 302
    assert api_status(app, token) == 401
    assert admin.post("/comptes/crss/reactiver").status_code == 303
    assert login(person, "crss").status_code == 302 and person.get("/").status_code == 200
    assert api_status(app, token) == 401


def test_disabling_twice_answers_a_conflict_in_the_page(admin, tracker):
    admin.post("/comptes/crss/desactiver")
    before = head(tracker)

    response = admin.post("/comptes/crss/desactiver", headers=HTMX)

    assert response.status_code == 409 and "Ce compte est déjà désactivé." in response.text
    assert head(tracker) == before


# ---- password reset ------------------------------------------------------------------------
def test_a_reset_ends_the_sessions_and_the_person_must_choose_a_password(app, admin, tracker):
    person = app.test_client()
    login(person, "sec_segou")

    response = admin.post("/comptes/sec_segou/mot-de-passe")

    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    temporary = secret_of(response)
    assert person.get("/").status_code == 302  # signed out
    assert login(person, "sec_segou").status_code == 401
    assert login(person, "sec_segou", temporary).status_code == 302
    for url in ("/", "/recommendations/nouvelle", "/sessions", "/a-traiter"):
        assert person.get(url).location == "/mot-de-passe", url
    assert person.get("/a-traiter/badge", headers=HTMX).status_code == 286  # polling stops
    page = person.get("/mot-de-passe").text
    assert "Choisir un nouveau mot de passe" in page and "provisoire" in page

    chosen = person.post("/mot-de-passe", data={"current_password": temporary,
                                                "new_password": "trois-mots-choisis",
                                                "confirmation": "trois-mots-choisis"})

    assert chosen.status_code == 303 and chosen.location == "/"
    assert person.get("/").status_code == 200
    assert not tracker.principal(tracker.account("sec_segou").id).must_change_password


def test_a_person_who_must_choose_a_password_may_still_sign_out(app, admin):
    temporary = secret_of(admin.post("/comptes/crss/mot-de-passe"))
    person = app.test_client()
    login(person, "crss", temporary)

    assert person.post("/logout").status_code == 302
    assert person.get("/mot-de-passe").status_code == 302  # to the sign-in page


# ---- API tokens ----------------------------------------------------------------------------
def test_a_token_is_shown_once_then_listed_by_id_and_date_and_revoked(app, admin, tracker):
    response = admin.post("/comptes/crss/jetons")

    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    token = secret_of(response)
    token_id, secret = token.split(".")[1], token.split(".")[2]
    assert api_status(app, token) == 200
    page = admin.get("/comptes/crss").text
    assert f"Jeton {token_id}" in page and "créé le 10 mars 2026" in page
    assert secret not in page

    revoked = admin.post(f"/comptes/crss/jetons/{token_id}/revoquer", headers=HTMX)

    assert revoked.status_code == 200 and "Jeton révoqué" in revoked.text
    assert f"Jeton {token_id}" not in revoked.text
    assert api_status(app, token) == 401


def test_revoking_an_unknown_token_answers_a_conflict_and_records_nothing(admin, tracker):
    before = head(tracker)

    response = admin.post("/comptes/crss/jetons/00000000/revoquer")

    assert response.status_code == 409 and "Jeton inconnu ou déjà révoqué." in response.text
    assert head(tracker) == before


def test_a_disabled_account_is_offered_no_reset_and_no_token(admin, tracker):
    tracker.disable_account(None, "crss")
    page = admin.get("/comptes/crss").text
    assert "/comptes/crss/mot-de-passe" not in page and "/comptes/crss/jetons" not in page
    assert "/comptes/crss/reactiver" in page


# ---- the audit log ------------------------------------------------------------------------
def test_every_change_is_an_account_event_in_the_audit_log_without_secrets(app, admin,
                                                                            tracker):
    temporary = secret_of(create(admin))
    admin.post("/comptes/awa.traore/titre", data={"title": "SG de Niono"})
    admin.post("/comptes/awa.traore/role", data={"role": "secretary", "commune": "segou"})
    reset = secret_of(admin.post("/comptes/awa.traore/mot-de-passe"))
    token = secret_of(admin.post("/comptes/awa.traore/jetons"))
    admin.post(f"/comptes/awa.traore/jetons/{token.split('.')[1]}/revoquer")
    admin.post("/comptes/awa.traore/desactiver")
    admin.post("/comptes/awa.traore/reactiver")

    read_models = app.extensions["read_models"]
    read_models.catch_up()
    with read_models.engine.connect() as connection:
        rows = connection.execute(select(audit_log).where(
            audit_log.c.subject == "awa.traore").order_by(audit_log.c.position)).all()
    assert [row.event_type for row in rows] == [
        "Opened", "TitleChanged", "RoleChanged", "PasswordReset", "ApiTokenIssued",
        "ApiTokenRevoked", "Disabled", "Enabled"]
    assert {row.actor_username for row in rows} == {"admin"}
    assert rows[0].data["must_change_password"] and rows[3].data == {"must_change": True}
    assert rows[1].data == {"title": "SG de Niono"}
    stored = repr([row.data for row in rows])
    for secret in (temporary, reset, token.split(".")[2], "password_hash", "token_hash"):
        assert secret not in stored


# ---- with CSRF protection, as in production ---------------------------------------------
@pytest.fixture
def protected(database_url, clock, blob_store):
    from web import create_app
    from tests.conftest import open_people

    app = create_app({"TESTING": True, "SECRET_KEY": "s", "TRACKER_DATABASE_URL": database_url,
                      "TRACKER_CLOCK": clock, "TRACKER_BLOB_STORE": blob_store})
    open_people(app.extensions["tracker"])
    yield app
    app.extensions["read_models"].engine.dispose()
    app.extensions["tracker"].close()


def test_every_account_form_carries_its_csrf_token_and_a_post_without_one_is_refused(
        protected):
    from tests.web.test_repeated_posts import hidden

    client = protected.test_client()
    tracker = protected.extensions["tracker"]
    token = hidden(client.get("/login").text, "csrf_token")
    client.post("/login", data={"username": "admin", "password": PASSWORD,
                                "csrf_token": token})
    page = client.get("/comptes/crss").text
    assert page.count('name="csrf_token"') == page.count("<form")
    before = head(tracker)

    refused = client.post("/comptes/crss/titre", data={"title": "Chef"})

    assert refused.status_code == 400 and head(tracker) == before
    accepted = client.post("/comptes/crss/titre",
                           data={"title": "Chef", "csrf_token": hidden(page, "csrf_token")})
    assert accepted.status_code == 303 and head(tracker) == before + 1


def test_sign_out_everywhere_ends_the_persons_sessions_and_only_theirs(app, admin, tracker):
    phone, other = app.test_client(), app.test_client()
    login(phone, "sec_segou"), login(other, "sec_niono")
    assert "Déconnecter partout" in admin.get("/comptes/sec_segou").text
    assert "Déconnecter partout" not in admin.get("/comptes/admin").text  # not one's own

    response = admin.post("/comptes/sec_segou/sessions/fermer")

    assert response.status_code == 303
    assert "Sessions fermées sur tous les appareils" in admin.get(response.location).text
    assert phone.get("/").status_code == 302 and other.get("/").status_code == 200
    assert login(phone, "sec_segou").status_code == 302  # the password still works
