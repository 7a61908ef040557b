"""The pages of CCS sessions: the list within each reader's territory, the record form
(without JavaScript and with htmx, errors beside their fields, nothing recorded), a
session's page and each of its actions, its recommendations entered in one sitting (one
more row, one wrong row, all or nothing, the same sitting again), the session field of
« Rattacher à une session », hostile text, and English."""

from __future__ import annotations

import re
from datetime import timedelta
from uuid import UUID

import pytest

from tests.conftest import login, raise_fields

HTMX = {"HX-Request": "true"}
ATTENDANCE = {"femmes": {"women": 5, "men": 0}, "jeunes": {"women": 2, "men": 3},
              "elus": {"women": 1, "men": 6}}
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def tracker(app):
    return app.extensions["tracker"]


def event_count(tracker) -> int:
    return tracker.recorder.max_notification_id() or 0


def hidden(page: str, name: str) -> str:
    """The value of the input named ``name`` (hidden or not) in a page."""
    return re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*value="([^"]*)"', page).group(1)


def record(tracker, people, clock, by="sec_segou", days_ago=6, **overrides):
    """A session recorded straight through the tracker (set-up, not under test)."""
    principal = people[by]
    where = ({"commune": principal.commune} if principal.role == "secretary"
             else {"region": principal.region})
    fields = dict(held_on=clock.today - timedelta(days=days_ago), place="Salle de la mairie",
                  chaired_by="Le maire", agenda=["Éclairage public", "Patrouilles"])
    fields.update(overrides)
    return str(tracker.record_session(principal, **where, **fields).recommendation_id)


def record_form(clock, **overrides) -> dict:
    data = {"held_on": (clock.today - timedelta(days=6)).isoformat(),
            "place": "Salle de la mairie de Ségou", "chaired_by": "Le maire, M. Traoré",
            "agenda": "Éclairage du marché\r\nPatrouilles de nuit\r\n",
            "attendance-femmes-women": "5", "attendance-jeunes-women": "2",
            "attendance-jeunes-men": "3", "attendance-elus-men": "6",
            "minutes": "Le CCS a examiné l'éclairage du marché."}
    data.update(overrides)
    return data


def row(index: int, title: str, theme="eclairage_public", **more) -> dict:
    fields = {f"items-{index}-title": title, f"items-{index}-theme": theme,
              f"items-{index}-request_id": f"row-{index}"}
    fields.update({f"items-{index}-{name}": value for name, value in more.items()})
    return fields


def blank_row(index: int) -> dict:
    return {f"items-{index}-title": "", f"items-{index}-description": "",
            f"items-{index}-theme": "", f"items-{index}-origin_group": "",
            f"items-{index}-request_id": f"row-{index}"}


# ---- the list ------------------------------------------------------------------------------
@pytest.fixture
def three_sessions(tracker, web_people, clock):
    segou = record(tracker, web_people, clock, place="Mairie de Ségou", days_ago=6,
                   attendance=ATTENDANCE, minutes="Compte rendu de Ségou.")
    mopti = record(tracker, web_people, clock, by="sec_mopti", place="Mairie de Mopti",
                   days_ago=2)
    regional = record(tracker, web_people, clock, by="reg_segou", place="Gouvernorat de Ségou",
                      chaired_by="Le Gouverneur", days_ago=12)
    return {"segou": segou, "mopti": mopti, "regional": regional}


@pytest.mark.parametrize("username, seen", [
    ("sec_segou", {"Mairie de Ségou"}),
    ("sec_niono", set()),
    ("reg_segou", {"Mairie de Ségou", "Gouvernorat de Ségou"}),
    ("reg_mopti", {"Mairie de Mopti"}),
    ("crss", {"Mairie de Ségou", "Mairie de Mopti", "Gouvernorat de Ségou"}),
    ("auditor", {"Mairie de Ségou", "Mairie de Mopti", "Gouvernorat de Ségou"}),
])
def test_the_list_shows_the_sessions_of_the_reader_s_territory(client, three_sessions,
                                                               username, seen):
    login(client, username)
    page = client.get("/sessions").text
    places = {"Mairie de Ségou", "Mairie de Mopti", "Gouvernorat de Ségou"}
    assert {place for place in places if place in page} == seen
    assert f"{len(seen)} session" in page
    assert '<a href="/sessions">Sessions</a>' in page  # in the navigation


def test_administrators_get_no_session(client, three_sessions):
    login(client, "admin")
    assert client.get("/sessions").status_code == 403
    assert client.get(f"/sessions/{three_sessions['segou']}").status_code == 403
    assert 'href="/sessions"' not in client.get("/comptes").text


def test_each_row_says_when_where_status_attendance_minutes_and_recommendations(
        client, tracker, web_people, three_sessions):
    tracker.raise_from_session(web_people["sec_segou"], UUID(three_sessions["segou"]), [
        {"title": "Lampadaires du marché", "theme": "eclairage_public", "request_id": "a"}])
    login(client, "reg_segou")
    page = client.get("/sessions").text
    # Newest first: Ségou's communal session (4 March) before the regional one (26 February).
    assert page.index("4 mars 2026") < page.index("26 février 2026")
    segou = page[page.index("4 mars 2026"):page.index("26 février 2026")]
    assert f'href="/sessions/{three_sessions["segou"]}"' in page
    for text in ("Ségou", "Mairie de Ségou", "Enregistrée", "8 femmes · 9 hommes · dont 5 jeunes",
                 "Procès-verbal : oui", "1 recommandation"):
        assert text in segou
    regional = page[page.index("26 février 2026"):]
    for text in ("CCS régional de Ségou", "présence non saisie", "Procès-verbal : non",
                 "0 recommandation"):
        assert text in regional


@pytest.mark.parametrize("username, may_record", [
    ("sec_segou", True), ("reg_segou", True), ("crss", False), ("auditor", False)])
def test_only_those_who_record_sessions_are_offered_to(client, web_people, username,
                                                       may_record):
    login(client, username)
    assert ('href="/sessions/nouvelle"' in client.get("/sessions").text) == may_record
    assert client.get("/sessions/nouvelle").status_code == (200 if may_record else 403)


def test_the_list_is_filtered_by_commune_and_region_and_answers_htmx_with_a_fragment(
        client, three_sessions):
    login(client, "crss")
    page = client.get("/sessions?commune=mopti").text
    assert "Mairie de Mopti" in page and "Mairie de Ségou" not in page
    page = client.get("/sessions?region=segou").text
    assert "Mairie de Ségou" in page and "Gouvernorat de Ségou" in page
    assert "Mairie de Mopti" not in page
    fragment = client.get("/sessions?region=mopti", headers=HTMX)
    assert fragment.text.lstrip().startswith('<section id="sessions"')
    assert "<html" not in fragment.text and "HX-Request" in fragment.headers["Vary"]
    # A value outside the reader's choices is dropped, not trusted.
    client.post("/logout")
    login(client, "reg_mopti")
    assert "Mairie de Mopti" in client.get("/sessions?region=segou").text


def test_the_list_is_paged(client, tracker, web_people, clock):
    for number in range(27):
        record(tracker, web_people, clock, days_ago=number + 1, place=f"Quartier n°{number:02d}")
    login(client, "sec_segou")
    first = client.get("/sessions").text
    assert "27 sessions · page 1 sur 2" in first and "Quartier n°00" in first
    assert 'href="/sessions?page=2"' in first
    second = client.get("/sessions?page=2").text
    assert "Quartier n°26" in second and "Quartier n°00" not in second


# ---- recording a session ---------------------------------------------------------------------
def test_a_session_is_recorded_without_javascript_then_shown(client, tracker, web_people,
                                                             clock):
    login(client, "sec_segou")
    form = client.get("/sessions/nouvelle").text
    for box in ("attendance-femmes-women", "attendance-fds-men"):
        assert f'name="{box}" type="number" inputmode="numeric"' in form
    data = {**record_form(clock), "request_id": hidden(form, "request_id")}
    before = event_count(tracker)

    response = client.post("/sessions/nouvelle", data=data)

    assert response.status_code == 303
    assert event_count(tracker) == before + 3  # recorded, attendance, minutes
    page = client.get(response.location).text
    assert "Session enregistrée." in page
    assert "Session du 4 mars 2026 — CCS de Ségou" in page
    for text in ("Salle de la mairie de Ségou", "Le maire, M. Traoré",
                 "<li>Éclairage du marché</li><li>Patrouilles de nuit</li>",
                 "Le CCS a examiné l&#39;éclairage du marché.",
                 "<tfoot><tr><th scope=\"row\">Total</th><td>7</td><td>9</td><td>16</td></tr>",
                 "Femmes : 43,8\xa0% des présents.", "Jeunes : 31,2\xa0% des présents."):
        assert text in page
    # The same form sent again (a double click, a retry) records nothing more.
    again = client.post("/sessions/nouvelle", data=data)
    assert again.location == response.location and event_count(tracker) == before + 3


def test_attendance_left_empty_is_not_recorded_as_nobody(client, tracker, web_people, clock):
    login(client, "sec_segou")
    boxes = {name: "" for name in record_form(clock) if name.startswith("attendance-")}
    before = event_count(tracker)
    response = client.post("/sessions/nouvelle", data=record_form(clock, minutes="", **boxes))
    assert response.status_code == 303 and event_count(tracker) == before + 1
    page = client.get(response.location).text
    assert "La liste de présence n'est pas encore saisie." in page
    assert "Le procès-verbal n'est pas encore rédigé." in page


@pytest.mark.parametrize("field, value, message", [
    ("held_on", "", "Ce champ est obligatoire."),
    ("held_on", "2099-01-01", "ne peut pas être dans le futur"),
    ("place", "x", "Entre 2 et 200 caractères."),
    ("chaired_by", "", "Ce champ est obligatoire."),
    ("attendance", "douze", "Un nombre entier de personnes"),
    ("agenda", "x", "Point « x »"),
])
def test_a_refused_session_shows_its_errors_beside_the_fields_and_records_nothing(
        client, tracker, web_people, clock, field, value, message):
    login(client, "sec_segou")
    key = "attendance-jeunes-men" if field == "attendance" else field
    before = event_count(tracker)
    response = client.post("/sessions/nouvelle", data=record_form(clock, **{key: value},
                                                                  request_id="form-1"))
    assert response.status_code == 422
    assert f'id="{field}-errors"' in response.text and message in response.text
    assert 'aria-invalid="true"' in response.text
    assert 'value="Salle de la mairie de Ségou"' in response.text or field == "place"
    assert event_count(tracker) == before


def test_the_record_form_through_htmx(client, tracker, web_people, clock):
    login(client, "sec_segou")
    refused = client.post("/sessions/nouvelle", headers=HTMX, data=record_form(clock, place="x"))
    assert refused.status_code == 422
    assert refused.text.lstrip().startswith('<form id="record-session-form"')
    recorded = client.post("/sessions/nouvelle", headers=HTMX, data=record_form(clock))
    assert recorded.status_code == 200
    assert re.fullmatch(r"/sessions/[0-9a-f-]{36}", recorded.headers["HX-Redirect"])


def test_a_regional_authority_records_its_regional_ccs_session(client, web_people, clock):
    login(client, "reg_segou")
    assert "CCS régional :" in client.get("/sessions/nouvelle").text
    response = client.post("/sessions/nouvelle", data=record_form(
        clock, place="Gouvernorat de Ségou", chaired_by="Le Gouverneur"))
    page = client.get(response.location).text
    assert "Session du 4 mars 2026 — CCS régional de Ségou" in page
    assert "Ajouter les recommandations de la session" not in page  # a commune's, not its


def test_a_record_posted_after_the_sign_in_ended_comes_back_filled_in(client, tracker,
                                                                      web_people, clock):
    login(client, "sec_segou")
    form = client.get("/sessions/nouvelle").text
    data = {**record_form(clock), "request_id": hidden(form, "request_id"),
            "form_owner": hidden(form, "form_owner")}
    before = event_count(tracker)
    client.delete_cookie("session")
    refused = client.post("/sessions/nouvelle", data=data)
    assert refused.location == "/login?next=/sessions/nouvelle"
    client.get(refused.location)  # the sign-in page, with its message, as a browser shows it
    login(client, "sec_segou")
    page = client.get("/sessions/nouvelle").text
    assert "Voici ce que vous aviez saisi." in page
    assert 'value="Salle de la mairie de Ségou"' in page
    assert 'name="attendance-jeunes-men" type="number" inputmode="numeric" min="0" ' \
           'max="10000" step="1" value="3"' in page
    assert hidden(page, "request_id") == data["request_id"]
    assert event_count(tracker) == before


def test_a_full_sitting_posted_after_the_sign_in_ended_comes_back_with_every_row(
        client, tracker, session_id):
    login(client, "sec_segou")
    form = client.get(f"/sessions/{session_id}/recommandations").text
    data = {"form_owner": hidden(form, "form_owner")}
    for index in range(30):  # the most a sitting takes, each row with a long description
        data.update(row(index, f"Recommandation numéro {index} de la séance",
                        origin_group="femmes", description="Détails. " * 500))
    before = event_count(tracker)
    client.delete_cookie("session")
    refused = client.post(f"/sessions/{session_id}/recommandations", data=data)
    assert refused.location == f"/login?next=/sessions/{session_id}/recommandations"
    client.get(refused.location)  # the sign-in page, with its message, as a browser shows it
    login(client, "sec_segou")
    page = client.get(f"/sessions/{session_id}/recommandations").text
    assert "Voici ce que vous aviez saisi." in page
    for index in range(30):
        assert f'value="Recommandation numéro {index} de la séance"' in page
        assert hidden(page, f"items-{index}-request_id") == f"row-{index}"
    assert event_count(tracker) == before


# ---- a session's page and its actions -------------------------------------------------------
@pytest.mark.parametrize("username, status", [
    ("sec_segou", 200), ("sec_niono", 404), ("reg_segou", 200), ("reg_mopti", 404),
    ("crss", 200), ("auditor", 200), ("admin", 403)])
def test_a_session_s_page_is_read_within_the_territory(client, tracker, web_people, clock,
                                                       username, status):
    session_id = record(tracker, web_people, clock)
    login(client, username)
    assert client.get(f"/sessions/{session_id}").status_code == status
    assert client.get("/sessions/pas-un-identifiant").status_code in (403, 404)


# Each action, in an order that the session's life allows, with what is typed and what the
# page shows afterwards.
ACTIONS = [
    ("amend", {"place": "Maison des jeunes", "agenda": "Éclairage public\nPatrouilles\nRadio"},
     ["Session modifiée", "Lieu : « Salle de la mairie » → « Maison des jeunes »",
      "Éclairage public ; Patrouilles » → « Éclairage public ; Patrouilles ; Radio"]),
    ("record-attendance", {"attendance-femmes-women": "4", "attendance-jeunes-men": "3"},
     ["Liste de présence enregistrée", "4 femmes, 3 hommes"]),
    ("write-minutes", {"minutes": "Trois points examinés, deux recommandations."},
     ["Procès-verbal rédigé", "Trois points examinés, deux recommandations."]),
    ("adopt", {}, ["Procès-verbal adopté"]),
    ("correct", {"reason": "Le lieu exact était la maison de la femme.",
                 "place": "Maison de la femme"},
     ["Session corrigée", "Le lieu exact était la maison de la femme.",
      "« Maison des jeunes » → « Maison de la femme »"]),
]


def test_each_action_of_a_session_through_its_form_without_javascript(client, tracker,
                                                                      web_people, clock):
    session_id = record(tracker, web_people, clock)
    login(client, "sec_segou")
    for version, (command, typed, shown) in enumerate(ACTIONS, start=1):
        form = client.get(f"/sessions/{session_id}/{command}").text
        assert 'class="action-form"' in form, command
        data = {"expected_version": hidden(form, "expected_version"),
                "request_id": hidden(form, "request_id"), **typed}
        assert data["expected_version"] == str(version)
        if command in ("amend", "correct"):  # starts from the session as it is
            for name in ("held_on", "place", "chaired_by"):
                data.setdefault(name, hidden(form, name))
        response = client.post(f"/sessions/{session_id}/{command}", data=data)
        assert response.status_code == 303, (command, response.text[:800])
        page = client.get(response.location).text
        for text in shown:
            assert text.replace("'", "&#39;") in page, (command, text)
    page = client.get(f"/sessions/{session_id}").text
    assert "Procès-verbal adopté" in page and "Corriger la session" in page
    # Who acted, by the name people know them by, as a file's history says it.
    assert page.count("par Sec Segou (") == len(ACTIONS) + 1 and "par sec_segou" not in page
    assert "Adopter le procès-verbal</a>" not in page  # adopted: no second time


def test_an_action_sent_again_after_the_sign_in_ended_says_it_was_recorded(
        client, tracker, web_people, clock):
    session_id = record(tracker, web_people, clock, minutes="Trois points examinés.")
    login(client, "sec_segou")
    form = client.get(f"/sessions/{session_id}/adopt").text
    data = {name: hidden(form, name) for name in ("expected_version", "request_id",
                                                  "form_owner")}
    assert client.post(f"/sessions/{session_id}/adopt", data=data).status_code == 303
    before = event_count(tracker)
    client.delete_cookie("session")  # the answer was lost, the phone slept, the post again
    refused = client.post(f"/sessions/{session_id}/adopt", data=data)
    client.get(refused.location)  # the sign-in page, with its message, as a browser shows it
    login(client, "sec_segou")

    back = client.get(f"/sessions/{session_id}/adopt")

    assert back.status_code == 303 and back.location == f"/sessions/{session_id}"
    page = client.get(back.location).text
    assert "Adopter le procès-verbal : c&#39;était déjà enregistré." in page
    assert "pas possible pour vous" not in page
    assert event_count(tracker) == before


def test_a_session_is_cancelled_through_its_form(client, tracker, web_people, clock):
    session_id = record(tracker, web_people, clock)
    login(client, "sec_segou")
    assert "Ajouter les recommandations de la session" in client.get(
        f"/sessions/{session_id}").text
    response = client.post(f"/sessions/{session_id}/cancel", data={
        "reason": "La réunion n'a pas eu lieu faute de quorum.", "expected_version": "1"})
    assert response.status_code == 303
    page = client.get(response.location).text
    assert "Session annulée." in page and "faute de quorum" in page
    assert "Ajouter les recommandations de la session" not in page
    assert "Aucune action ne vous revient sur cette session pour le moment." in page
    refused = client.get(f"/sessions/{session_id}/recommandations", follow_redirects=True)
    assert "Vous ne pouvez pas ajouter de recommandations à cette session." in refused.text


def test_the_amend_form_starts_from_the_session_and_an_unchanged_one_is_refused(
        client, tracker, web_people, clock):
    session_id = record(tracker, web_people, clock)
    login(client, "sec_segou")
    form = client.get(f"/sessions/{session_id}/amend").text
    assert ">Éclairage public\nPatrouilles</textarea>" in form
    before = event_count(tracker)
    response = client.post(f"/sessions/{session_id}/amend", data={
        "held_on": hidden(form, "held_on"), "place": "Salle de la mairie",
        "chaired_by": "Le maire", "agenda": "Éclairage public\r\nPatrouilles",
        "expected_version": "1"})
    assert response.status_code == 422 and "Aucune modification" in response.text
    assert event_count(tracker) == before


def test_a_session_action_through_htmx_refreshes_the_session_in_place(client, tracker,
                                                                      web_people, clock):
    session_id = record(tracker, web_people, clock)
    login(client, "sec_segou")
    panel = client.get(f"/sessions/{session_id}/write-minutes", headers=HTMX).text
    assert panel.lstrip().startswith('<form class="action-form"') and "<html" not in panel
    refused = client.post(f"/sessions/{session_id}/write-minutes", headers=HTMX,
                          data={"minutes": "", "expected_version": "1"})
    assert refused.status_code == 422 and refused.headers["HX-Retarget"] == "#action-panel"
    assert 'id="minutes-errors"' in refused.text
    done = client.post(f"/sessions/{session_id}/write-minutes", headers=HTMX,
                       data={"minutes": "Compte rendu de la session.", "expected_version": "1"})
    assert done.status_code == 200
    assert done.text.lstrip().startswith('<article id="session"')
    assert "Procès-verbal enregistré." in done.text and "Compte rendu de la session." in done.text
    assert done.headers["HX-Push-Url"] == f"/sessions/{session_id}"


def test_a_session_action_posted_twice_records_once(client, tracker, web_people, clock):
    session_id = record(tracker, web_people, clock, minutes="Compte rendu.")
    login(client, "sec_segou")
    form = client.get(f"/sessions/{session_id}/adopt").text
    data = {"expected_version": hidden(form, "expected_version"),
            "request_id": hidden(form, "request_id")}
    assert client.post(f"/sessions/{session_id}/adopt", data=data).status_code == 303
    before = event_count(tracker)
    again = client.post(f"/sessions/{session_id}/adopt", data=data)  # a retry, version stale
    assert again.status_code == 303 and event_count(tracker) == before
    assert "Adopter le procès-verbal : c&#39;était déjà enregistré." in client.get(
        again.location).text


def test_stale_and_refused_session_actions_record_nothing(client, tracker, web_people, clock):
    session_id = record(tracker, web_people, clock)
    tracker.act_on_session(web_people["sec_segou"], UUID(session_id), "write-minutes",
                           minutes="Écrit par quelqu'un d'autre.")
    before = event_count(tracker)
    login(client, "sec_segou")
    stale = client.post(f"/sessions/{session_id}/adopt", data={"expected_version": "1"})
    assert stale.status_code == 409 and "avant vous" in stale.text
    client.post("/logout")
    login(client, "reg_segou")  # reads the commune's session, does not write it
    page = client.get(f"/sessions/{session_id}").text
    assert "Aucune action ne vous revient sur cette session" in page
    assert client.post(f"/sessions/{session_id}/adopt", data={}).status_code == 409
    offered = client.get(f"/sessions/{session_id}/adopt", follow_redirects=True).text
    assert "pas possible pour vous sur cette session" in offered
    client.post("/logout")
    login(client, "auditor")
    assert client.post(f"/sessions/{session_id}/adopt", data={}).status_code == 403
    assert client.get(f"/sessions/{session_id}/voler").status_code == 404
    assert event_count(tracker) == before


# ---- recommendations of a session in one sitting ---------------------------------------------
@pytest.fixture
def session_id(tracker, web_people, clock) -> str:
    return record(tracker, web_people, clock)


def test_the_sitting_form_opens_with_rows_each_with_its_own_key(client, session_id):
    login(client, "sec_segou")
    page = client.get(f"/sessions/{session_id}/recommandations").text
    keys = re.findall(r'name="items-\d+-request_id" value="([^"]+)"', page)
    assert len(keys) == 3 and len(set(keys)) == 3
    assert "Recommandations de la session du 4 mars 2026" in page
    assert 'name="add_row"' in page and ">Une ligne de plus<" in page


def test_one_more_row_without_javascript_records_nothing(client, tracker, session_id):
    login(client, "sec_segou")
    before = event_count(tracker)
    response = client.post(f"/sessions/{session_id}/recommandations", data={
        **row(0, "Lampadaires solaires du marché"), **blank_row(1), "add_row": "1"})
    assert response.status_code == 200
    assert 'value="Lampadaires solaires du marché"' in response.text
    assert 'name="items-2-title"' in response.text and 'name="items-3-title"' not in response.text
    assert hidden(response.text, "items-0-request_id") == "row-0"  # the rows keep their keys
    assert event_count(tracker) == before


def test_one_wrong_row_records_nothing_and_shows_its_own_errors(client, tracker, session_id):
    login(client, "sec_segou")
    before = event_count(tracker)
    response = client.post(f"/sessions/{session_id}/recommandations", data={
        **row(0, "Lampadaires solaires du marché"), **blank_row(1),
        **row(2, "abc"), **row(3, "Patrouilles de nuit", theme="meteo")})
    assert response.status_code == 422
    page = response.text
    assert 'id="items-2-title-errors"' in page and "Entre 5 et 200 caractères." in page
    assert 'id="items-3-theme-errors"' in page and "Choisissez un thème de la liste." in page
    assert 'id="items-0-title-errors"' not in page and 'id="items-1-title-errors"' not in page
    assert "corrigez les lignes 3, 4" in page
    assert 'value="Lampadaires solaires du marché"' in page  # what was typed stays
    assert event_count(tracker) == before


def test_a_sitting_records_every_row_once_and_the_session_lists_them(client, tracker,
                                                                     session_id):
    login(client, "sec_segou")
    data = {**row(0, "Lampadaires solaires du marché", origin_group="femmes",
                  description="Dix lampadaires."),
            **blank_row(1), **row(2, "Patrouilles de nuit au quartier", theme="appui_fds"),
            **row(3, "Émissions radio sur les VBG", theme="sensibilisation")}
    before = event_count(tracker)
    response = client.post(f"/sessions/{session_id}/recommandations", data=data)
    assert response.status_code == 303 and response.location == f"/sessions/{session_id}"
    assert event_count(tracker) == before + 9  # raised, attached, numbered: three times
    page = client.get(response.location).text
    assert "3 recommandations de la session enregistrées." in page
    for title in ("Lampadaires solaires du marché", "Patrouilles de nuit au quartier",
                  "Émissions radio sur les VBG"):
        assert f">{title}</a>" in page
    assert page.count('<span class="badge status-open">Ouverte</span>') == 3
    # The same sitting posted again (a double click, a retry) records nothing more.
    again = client.post(f"/sessions/{session_id}/recommandations", data=data)
    assert again.status_code == 303 and event_count(tracker) == before + 9
    said = client.get(again.location).text
    assert "3 recommandations étaient déjà enregistrées : rien de plus." in said
    assert "recommandations de la session enregistrées" not in said
    # Each file says where it came from.
    file_link = re.search(r'href="(/recommendations/[0-9a-f-]{36})">Lampadaires', page)[1]
    file_page = client.get(file_link).text
    assert f'<a href="/sessions/{session_id}">Issue de la session du 4 mars 2026</a>' in file_page


def test_a_sitting_of_blank_rows_or_too_many_rows_is_refused(client, tracker, session_id):
    login(client, "sec_segou")
    before = event_count(tracker)
    blank = client.post(f"/sessions/{session_id}/recommandations",
                        data={**blank_row(0), **blank_row(1)})
    assert blank.status_code == 422 and "Saisissez au moins une recommandation." in blank.text
    rows = {}
    for index in range(31):
        rows.update(row(index, f"Recommandation numéro {index}"))
    many = client.post(f"/sessions/{session_id}/recommandations", data=rows)
    assert many.status_code == 422 and "De 1 à 30 recommandations par envoi." in many.text
    assert event_count(tracker) == before


def test_one_more_row_with_htmx_is_a_fragment_of_one_row(client, tracker, session_id):
    login(client, "sec_segou")
    before = event_count(tracker)
    fragment = client.get(f"/sessions/{session_id}/recommandations/ligne?index=3",
                          headers=HTMX)
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert fragment.text.lstrip().startswith('<fieldset class="sitting-row" id="row-3">')
    assert "<legend>Recommandation 4</legend>" in fragment.text
    assert 'name="items-3-title"' in fragment.text and 'name="items-3-request_id"' in fragment.text
    # The button that fetches the next row takes the place of the one that asked.
    assert 'hx-swap-oob="true"' in fragment.text and "ligne?index=4" in fragment.text
    last = client.get(f"/sessions/{session_id}/recommandations/ligne?index=29", headers=HTMX)
    assert re.search(r'<button[^>]*id="add-row"[^>]* disabled', last.text)
    plain = client.get(f"/sessions/{session_id}/recommandations/ligne?index=3")
    assert plain.status_code == 303
    assert event_count(tracker) == before


def test_a_sitting_through_htmx(client, tracker, session_id):
    login(client, "sec_segou")
    refused = client.post(f"/sessions/{session_id}/recommandations", headers=HTMX,
                          data={**row(0, "abc")})
    assert refused.status_code == 422
    assert '<form id="sitting-form"' in refused.text and "<html" not in refused.text
    done = client.post(f"/sessions/{session_id}/recommandations", headers=HTMX,
                       data={**row(0, "Lampadaires solaires du marché")})
    assert done.status_code == 200 and done.headers["HX-Redirect"] == f"/sessions/{session_id}"


@pytest.mark.parametrize("username, status", [("sec_niono", 404), ("reg_segou", 403),
                                              ("crss", 403), ("auditor", 403)])
def test_only_the_session_s_secretary_enters_its_recommendations(client, tracker, session_id,
                                                                 username, status):
    login(client, username)
    before = event_count(tracker)
    assert client.get(f"/sessions/{session_id}/recommandations").status_code == status
    assert client.post(f"/sessions/{session_id}/recommandations",
                       data=row(0, "Lampadaires solaires du marché")).status_code == status
    assert event_count(tracker) == before
    if status == 403 and username != "sec_niono":
        page = client.get(f"/sessions/{session_id}").text
        assert "Ajouter les recommandations de la session" not in page


# ---- a file joins its session ------------------------------------------------------------------
def test_attach_to_session_offers_the_commune_s_sessions_in_a_select(client, tracker,
                                                                    web_people, clock):
    held = record(tracker, web_people, clock, days_ago=6, place="Mairie de Ségou")
    cancelled = record(tracker, web_people, clock, days_ago=9, place="Salle annulée")
    tracker.act_on_session(web_people["sec_segou"], UUID(cancelled), "cancel",
                           reason="La réunion n'a pas eu lieu.")
    record(tracker, web_people, clock, by="sec_mopti", place="Mairie de Mopti")
    file_id = str(tracker.raise_recommendation(web_people["sec_segou"],
                                               **raise_fields(clock)).recommendation_id)
    login(client, "sec_segou")
    file_page = client.get(f"/recommendations/{file_id}").text
    assert "Rattacher à une session" in file_page and "Issue de la session" not in file_page
    form = client.get(f"/recommendations/{file_id}/attach-to-session").text
    select = form[form.index('<select id="session_id"'):]
    select = select[:select.index("</select>")]
    assert f'<option value="{held}">4 mars 2026 — Mairie de Ségou</option>' in select
    assert "Salle annulée" not in select and "Mairie de Mopti" not in select
    response = client.post(f"/recommendations/{file_id}/attach-to-session",
                           data={"session_id": held, "expected_version": "1"})
    assert response.status_code == 303
    page = client.get(response.location).text
    assert f'<a href="/sessions/{held}">Issue de la session du 4 mars 2026</a>' in page
    assert "Rattachée à une session du CCS" in page
    assert ">Éclairage public du grand marché</a>" in client.get(f"/sessions/{held}").text


def test_the_raise_form_points_to_sessions(client, web_people):
    login(client, "sec_segou")
    page = client.get("/recommendations/nouvelle").text
    assert "Vous saisissez plusieurs recommandations d'une même session ?" in page
    assert '<a href="/sessions/nouvelle">Enregistrez la session, puis ajoutez-les toutes ' \
           'en une fois.</a>' in page


def test_a_file_s_amendment_reads_as_the_file_s_not_the_session_s(client, tracker,
                                                                   web_people, clock):
    file_id = tracker.raise_recommendation(web_people["sec_segou"],
                                           **raise_fields(clock)).recommendation_id
    tracker.act(web_people["sec_segou"], file_id, "amend", title="Lampadaires du grand marché")
    login(client, "sec_segou")
    page = client.get(f"/recommendations/{file_id}").text
    assert "Recommandation modifiée" in page and "Session modifiée" not in page


def test_the_audit_log_names_and_links_session_events(client, tracker, web_people, clock):
    session_id = record(tracker, web_people, clock)
    login(client, "auditor")
    page = client.get("/audit/").text
    assert f'<a href="/sessions/{session_id}">session du CCS du 4 mars 2026</a>' in page
    assert "Session enregistrée" in page


# ---- hostile text, and English -------------------------------------------------------------------
def test_hostile_text_is_escaped_on_every_session_page(client, tracker, web_people, clock):
    session_id = record(tracker, web_people, clock, place="Mairie " + HOSTILE,
                        agenda=["Point " + HOSTILE], minutes="PV " + HOSTILE,
                        chaired_by="Le maire " + HOSTILE)
    tracker.raise_from_session(web_people["sec_segou"], UUID(session_id), [
        {"title": "Titre " + HOSTILE, "theme": "autre", "request_id": "h"}])
    login(client, "sec_segou")
    for url in ("/sessions", f"/sessions/{session_id}", f"/sessions/{session_id}/amend",
                f"/sessions/{session_id}/recommandations"):
        page = client.get(url).text
        assert "<script>alert" not in page and "<img src=x" not in page, url
        assert "&lt;script&gt;" in page, url


def test_the_session_pages_read_in_english(client, tracker, web_people, clock):
    session_id = record(tracker, web_people, clock, attendance=ATTENDANCE,
                        minutes="Compte rendu.")
    client.set_cookie("lang", "en")
    login(client, "sec_segou")
    listing = client.get("/sessions").text
    assert "CCS sessions" in listing and "Record a session" in listing
    assert "8 women · 9 men · of whom 5 young people" in listing and "4 March 2026" in listing
    page = client.get(f"/sessions/{session_id}").text
    for text in ("Session of 4 March 2026 — CCS of Ségou", "Attendance",
                 "Women: 47.1% of those present.", "Add the session's recommendations",
                 "What you can do", "Adopt the minutes"):
        assert text in page, text
    form = client.get("/sessions/nouvelle").text
    assert "Record a CCS session" in form and "Record the session" in form
    refused = client.post("/sessions/nouvelle", data=record_form(clock, place="x"))
    assert "Between 2 and 200 characters." in refused.text
    sitting = client.get(f"/sessions/{session_id}/recommandations").text
    assert "One more row" in sitting and "Recommendation 1" in sitting


def test_a_full_sitting_of_long_descriptions_is_never_too_large(client, tracker, session_id):
    """30 rows, each description 5000 accented characters: about 900 KB once the form
    writes « é » as « %C3%A9 », within TRACKER_MAX_REQUEST_MB's 1 MB (web/limits.py)."""
    login(client, "sec_segou")
    before = event_count(tracker)
    data = {}
    for index in range(30):
        data.update(row(index, f"Éclairage public du quartier n°{index + 1}",
                        origin_group="femmes", description="é" * 5000))
    response = client.post(f"/sessions/{session_id}/recommandations", data=data)
    assert response.status_code == 303, response.status_code
    assert event_count(tracker) - before == 30 * 3  # per row: the file, its number, the link
