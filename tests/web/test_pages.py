"""The pages: sign-in, board (full page vs htmx fragment), the recommendation page, and
every action through plain forms (POST → redirect → GET) and through htmx."""

from __future__ import annotations

import re
from uuid import UUID

import pytest

from tests.conftest import PASSWORD, login, raise_fields

HTMX = {"HX-Request": "true"}


@pytest.fixture
def tracker(app):
    return app.extensions["tracker"]


@pytest.fixture
def raised(tracker, web_people, clock):
    result = tracker.raise_recommendation(web_people["sec_segou"], **raise_fields(clock))
    return str(result.recommendation_id)


def event_count(tracker) -> int:
    return tracker.recorder.max_notification_id() or 0


# ---- signing in ------------------------------------------------------------------------
def test_login_page_is_french_and_asks_for_username_and_password(client):
    page = client.get("/login").text
    assert '<html lang="fr">' in page
    assert 'name="username"' in page and 'name="password"' in page


def test_board_requires_signing_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.location


def test_wrong_password_is_refused_with_a_french_message(client, web_people):
    response = login(client, "sec_segou", "pas-le-bon")
    assert response.status_code == 401
    assert "Identifiant ou mot de passe incorrect" in response.text


def test_disabled_account_cannot_sign_in(client, app, web_people):
    app.extensions["tracker"].disable_account(None, "sec_segou")
    assert login(client, "sec_segou").status_code == 401


def test_login_returns_to_the_page_asked_for_but_never_to_another_site(client, web_people):
    response = client.post("/login?next=https://ailleurs.example/", data={
        "username": "sec_segou", "password": PASSWORD})
    assert response.location == "/"
    client.post("/logout")
    response = client.post("/login?next=/recommendations/nouvelle",
                           data={"username": "sec_segou", "password": PASSWORD})
    assert response.location == "/recommendations/nouvelle"


def test_logout_ends_the_session(client, web_people):
    login(client, "sec_segou")
    client.post("/logout")
    assert client.get("/").status_code == 302


# ---- the board -------------------------------------------------------------------------
def test_board_full_page_and_htmx_fragment(client, raised):
    login(client, "sec_segou")
    full = client.get("/")
    assert full.status_code == 200 and "<html" in full.text and 'id="board"' in full.text
    fragment = client.get("/", headers=HTMX)
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and fragment.text.lstrip().startswith("<section id=\"board\"")
    for response in (full, fragment):
        assert "HX-Request" in response.headers["Vary"]


def test_board_shows_only_the_secretary_s_commune(client, tracker, web_people, clock, raised):
    tracker.raise_recommendation(web_people["sec_mopti"], **raise_fields(
        clock, commune="mopti", title="Patrouilles de nuit à Mopti"))
    login(client, "sec_segou")
    page = client.get("/").text
    assert "Éclairage public du grand marché" in page
    assert "Patrouilles de nuit à Mopti" not in page


def test_board_filters_are_bookmarkable_and_applied(client, tracker, web_people, clock, raised):
    tracker.raise_recommendation(web_people["sec_segou"], **raise_fields(
        clock, title="Carburant pour les patrouilles", theme="appui_fds"))
    login(client, "crss")
    page = client.get("/?theme=appui_fds").text
    assert "Carburant pour les patrouilles" in page and "grand marché" not in page
    page = client.get("/?q=eclairage").text
    assert "grand marché" in page and "Carburant" not in page


def test_board_ignores_unknown_filter_values(client, raised):
    login(client, "crss")
    response = client.get("/?status=n-importe-quoi&page=abc")
    assert response.status_code == 200
    assert "grand marché" in response.text


def test_board_paginates_with_links_that_keep_the_filters(client, tracker, web_people, clock):
    for number in range(30):
        tracker.raise_recommendation(web_people["sec_segou"], **raise_fields(
            clock, title=f"Recommandation numéro {number:02d}"))
    login(client, "sec_segou")
    first = client.get("/?theme=eclairage_public").text
    assert "page 1 sur 2" in first
    assert 'href="/?page=2&amp;theme=eclairage_public"' in first
    second = client.get("/?page=2&theme=eclairage_public").text
    assert second.count("Recommandation numéro") == 5


def test_admin_sees_accounts_not_recommendations(client, web_people, raised):
    login(client, "admin")
    response = client.get("/", follow_redirects=True)
    assert "Comptes des utilisateurs" in response.text
    assert "grand marché" not in response.text


def test_admin_cannot_open_a_recommendation(client, raised):
    login(client, "admin")
    assert client.get(f"/recommendations/{raised}").status_code == 403


# ---- hostile text ------------------------------------------------------------------------
def test_user_text_is_escaped_everywhere(client, tracker, web_people, clock):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    result = tracker.raise_recommendation(web_people["sec_segou"], **raise_fields(
        clock, title="Titre " + hostile, description=hostile))
    tracker.act(web_people["sec_segou"], result.recommendation_id, "note", note=hostile)
    login(client, "sec_segou")
    for url in ("/", f"/recommendations/{result.recommendation_id}"):
        page = client.get(url).text
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;" in page


# ---- the recommendation page ----------------------------------------------------------------
def test_page_offers_only_the_actions_of_the_current_person(client, raised):
    login(client, "sec_segou")
    page = client.get(f"/recommendations/{raised}").text
    for label in ("Modifier", "Transmettre à la région de Ségou", "Retenir", "Retirer"):
        assert label in page
    assert "Accuser réception" not in page
    client.post("/logout")
    login(client, "reg_segou")
    page = client.get(f"/recommendations/{raised}").text
    assert "Vos actions possibles" in page and "Transmettre à la région" not in page
    assert "Aucune action ne vous revient" in page


def test_outside_territory_is_not_found(client, raised):
    login(client, "reg_mopti")
    assert client.get(f"/recommendations/{raised}").status_code == 404
    assert client.get("/recommendations/pas-un-identifiant").status_code == 404


def test_action_form_for_an_action_not_allowed_redirects_with_a_message(client, raised):
    login(client, "sec_segou")
    response = client.get(f"/recommendations/{raised}/acknowledge", follow_redirects=True)
    assert "pas possible pour vous" in response.text


# ---- raising ----------------------------------------------------------------------------
def test_raise_form_without_javascript_redirects_to_the_new_page(client, tracker, web_people, clock):
    login(client, "sec_segou")
    form = client.get("/recommendations/nouvelle").text
    request_id = re.search(r'name="request_id" value="([^"]+)"', form).group(1)
    data = {"title": "Radio communautaire en bambara", "description": "Émissions sur les VBG",
            "theme": "sensibilisation", "meeting_date": clock.today.isoformat(),
            "origin_group": "jeunes", "request_id": request_id}
    response = client.post("/recommendations/nouvelle", data=data)
    assert response.status_code == 303
    page = client.get(response.location).text
    assert "Radio communautaire en bambara" in page and "Recommandation enregistrée" in page
    # A second post of the same form (double click, retry) records nothing more.
    before = event_count(tracker)
    again = client.post("/recommendations/nouvelle", data=data)
    assert again.location == response.location
    assert event_count(tracker) == before


@pytest.mark.parametrize("field, value, message", [
    ("title", "abc", "Entre 5 et 200 caractères"),
    ("theme", "inconnu", "Choisissez un thème"),
    ("meeting_date", "31/12/2025", "AAAA-MM-JJ"),
    ("meeting_date", "2099-01-01", "ne peut pas être dans le futur"),
    ("origin_group", "martiens", "Choisissez un groupe"),
])
def test_raise_form_shows_errors_next_to_fields_and_records_nothing(
        client, tracker, web_people, clock, field, value, message):
    login(client, "sec_segou")
    data = {"title": "Lampadaires solaires", "theme": "eclairage_public",
            "meeting_date": clock.today.isoformat(), "request_id": "form-1", field: value}
    before = event_count(tracker)
    response = client.post("/recommendations/nouvelle", data=data)
    assert response.status_code == 422
    assert f'id="{field}-errors"' in response.text and message in response.text
    assert 'aria-invalid="true"' in response.text
    assert event_count(tracker) == before


def test_only_secretaries_get_the_raise_form(client, web_people):
    login(client, "reg_segou")
    assert client.get("/recommendations/nouvelle").status_code == 403


# ---- actions ------------------------------------------------------------------------------
def test_action_without_javascript_posts_then_redirects(client, tracker, raised):
    login(client, "sec_segou")
    response = client.post(f"/recommendations/{raised}/escalate",
                           data={"reason": "Le budget communal ne suffit pas.",
                                 "expected_version": "1"})
    assert response.status_code == 303
    page = client.get(response.location).text
    assert "Transmise à la région" in page
    assert "Le budget communal ne suffit pas." in page


def test_action_through_htmx_returns_the_refreshed_recommendation(client, raised):
    login(client, "sec_segou")
    response = client.post(f"/recommendations/{raised}/note", headers=HTMX,
                           data={"note": "Devis reçu de l'entreprise.", "expected_version": "1"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<article id="recommendation"')
    assert "Devis reçu de l&#39;entreprise." in response.text
    assert response.headers["HX-Push-Url"] == f"/recommendations/{raised}"


def test_invalid_action_input_is_shown_in_the_form_and_records_nothing(client, tracker, raised):
    login(client, "sec_segou")
    before = event_count(tracker)
    response = client.post(f"/recommendations/{raised}/escalate", headers=HTMX,
                           data={"reason": "court", "expected_version": "1"})
    assert response.status_code == 422
    assert response.headers["HX-Retarget"] == "#action-panel"
    assert 'id="reason-errors"' in response.text and "Entre 10 et 2000" in response.text
    assert event_count(tracker) == before


def test_stale_form_gets_a_conflict_and_records_nothing(client, tracker, web_people, raised):
    login(client, "sec_segou")
    tracker.act(web_people["sec_segou"], UUID(raised), "note", note="Quelqu'un d'autre agit.")
    before = event_count(tracker)
    response = client.post(f"/recommendations/{raised}/escalate",
                           data={"reason": "Le budget communal ne suffit pas.",
                                 "expected_version": "1"})
    assert response.status_code == 409
    assert "avant vous" in response.text
    assert event_count(tracker) == before


def test_refused_action_from_another_role_records_nothing(client, tracker, raised):
    login(client, "crss")
    before = event_count(tracker)
    response = client.post(f"/recommendations/{raised}/acknowledge", data={})
    assert response.status_code == 409
    assert event_count(tracker) == before
    client.post("/logout")
    login(client, "auditor")
    assert client.post(f"/recommendations/{raised}/note", data={"note": "x"}).status_code == 403
    assert event_count(tracker) == before


def test_amend_form_shows_before_and_after_in_the_history(client, raised):
    login(client, "sec_segou")
    form = client.get(f"/recommendations/{raised}/amend").text
    assert 'value="Éclairage public du grand marché"' in form
    client.post(f"/recommendations/{raised}/amend", data={
        "title": "Éclairage public du marché central", "theme": "eclairage_public",
        "meeting_date": "2026-03-07", "expected_version": "1"})
    page = client.get(f"/recommendations/{raised}").text
    assert "« Éclairage public du grand marché » → « Éclairage public du marché central »" in page


def test_amend_without_change_is_refused(client, raised):
    login(client, "sec_segou")
    response = client.post(f"/recommendations/{raised}/amend", data={
        "title": "Éclairage public du grand marché", "expected_version": "1"})
    assert response.status_code == 422
    assert "Aucune modification" in response.text


def test_whole_lifecycle_walks_through_the_pages(client, raised):
    steps = [
        ("sec_segou", "escalate", {"reason": "Au-delà des moyens de la commune."}),
        ("reg_segou", "request-clarification", {"question": "Combien de lampadaires ?"}),
        ("sec_segou", "clarify", {"answer": "Dix lampadaires solaires."}),
        ("reg_segou", "acknowledge", {}),
        ("reg_segou", "escalate", {"reason": "Financement national nécessaire."}),
        ("crss", "acknowledge", {"note": "Reçu au CRSS."}),
        ("crss", "accept", {"target_date": "2026-06-30"}),
        ("crss", "report-implementation", {"note": "Lampadaires installés en mai."}),
        ("sec_segou", "reopen", {"reason": "Trois lampadaires sont déjà en panne."}),
    ]
    for version, (username, command, data) in enumerate(steps, start=1):
        client.post("/logout")
        login(client, username)
        response = client.post(f"/recommendations/{raised}/{command}",
                               data={**data, "expected_version": str(version)})
        assert response.status_code == 303, (command, response.text[:500])
    client.post("/logout")
    login(client, "auditor")
    page = client.get(f"/recommendations/{raised}").text
    assert page.count('<li>\n      <p class="when">') == len(steps) + 1
    assert "Rouverte" in page and "Ouverte" in page


# ---- CSRF ---------------------------------------------------------------------------------
def test_forms_without_csrf_token_are_refused(database_url, clock):
    from tests.conftest import open_people
    from web import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "s", "TRACKER_DATABASE_URL": database_url,
                      "TRACKER_CLOCK": clock})
    open_people(app.extensions["tracker"])
    client = app.test_client()
    response = client.post("/login", data={"username": "sec_segou", "password": PASSWORD})
    assert response.status_code == 400
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    response = client.post("/login", data={"username": "sec_segou", "password": PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302
    app.extensions["read_models"].engine.dispose()


# ---- the next step ------------------------------------------------------------------------
def primary_buttons(page: str) -> list[str]:
    return re.findall(r'<a class="button primary[^"]*"[^>]*>([^<]+)</a>', page)


def test_a_file_shows_its_next_step_naming_where_it_goes_and_what_each_action_does(
        client, raised):
    login(client, "sec_segou")
    page = client.get(f"/recommendations/{raised}").text
    assert primary_buttons(page) == ["Transmettre à la région de Ségou"]
    assert page.index("Prochaine étape") < page.index("Autres actions")
    assert "La commune ne peut pas la régler seule : la région la reçoit" in page
    assert "La commune s&#39;engage à la mettre en œuvre elle-même." in page  # Retenir
    assert "Version" not in page and raised not in page.split("<main")[1].split("href")[0]

    response = client.post(f"/recommendations/{raised}/escalate", data={
        "reason": "Le budget communal ne suffit pas.", "expected_version": "1"},
        follow_redirects=True)
    assert "Recommandation transmise à la région de Ségou." in response.text
    assert response.text.count('class="flash') == 1  # one message at a time


def test_the_region_s_next_step_is_to_acknowledge_then_to_send_on_to_the_crss(
        client, tracker, web_people, raised):
    tracker.act(web_people["sec_segou"], UUID(raised), "escalate",
                reason="Le budget communal ne suffit pas.")
    login(client, "reg_segou")
    assert primary_buttons(client.get(f"/recommendations/{raised}").text) == [
        "Accuser réception"]
    tracker.act(web_people["reg_segou"], UUID(raised), "acknowledge")
    page = client.get(f"/recommendations/{raised}").text
    assert primary_buttons(page) == ["Transmettre au CRSS"]
    form = client.get(f"/recommendations/{raised}/escalate").text
    assert '<h3 id="form-title-escalate">Transmettre au CRSS</h3>' in form


def test_through_htmx_the_confirmation_replaces_the_message_of_the_page(client, raised):
    login(client, "sec_segou")
    response = client.post(f"/recommendations/{raised}/note", headers={"HX-Request": "true"},
                           data={"note": "Point fait avec le maire.", "expected_version": "1"})
    assert '<div id="messages" aria-live="polite" hx-swap-oob="true">' in response.text
    assert response.text.count('class="flash') == 1 and "Note ajoutée." in response.text
