"""« À traiter », the notifications and the navigation badge in the pages, and GET
/api/v1/inbox: for every role (secretary, regional, national, auditor, admin), what each
sees and what is refused; the badge fragment is tiny, conditional and stops when signed out."""

from __future__ import annotations

import re

import pytest

from tests.conftest import login, raise_fields
from tests.web.test_api import Api

REASON = "Le budget communal ne suffit pas."
READERS = ("sec_segou", "sec_niono", "sec_mopti", "reg_segou", "reg_mopti", "crss", "auditor")
# What waits for each person in the scene below, in the order of their inbox.
EXPECTED_INBOX = {
    "sec_segou": ["Question à Ségou", "Décision pour Ségou"],
    "sec_niono": [],
    "sec_mopti": [],
    "reg_segou": ["Lampadaires de Ségou", "Patrouilles de Niono"],
    "reg_mopti": [],
    "crss": ["Radio de Mopti"],
    "auditor": [],
}
# Communes whose CCS session is late in each inbox (no session is on record in the scene):
# a secretary's own commune, every commune of a regional authority's region.
LATE_SESSIONS = {"sec_segou": 1, "sec_niono": 1, "sec_mopti": 1, "reg_segou": 5,
                 "reg_mopti": 4, "crss": 0, "auditor": 0}


@pytest.fixture
def tracker(app):
    return app.extensions["tracker"]


@pytest.fixture
def scene(tracker, web_people, clock):
    """Files in several states, the first one overdue by four days."""
    people = web_people

    def raised(by, title, *commands):
        principal = people[by]
        recommendation_id = tracker.raise_recommendation(
            principal, **raise_fields(clock, commune=principal.commune, title=title)
        ).recommendation_id
        for who, command, fields in commands:
            tracker.act(people[who], recommendation_id, command, **fields)
        return str(recommendation_id)

    escalate = ("escalate", {"reason": REASON})
    ids = {"segou": raised("sec_segou", "Lampadaires de Ségou", ("sec_segou", *escalate))}
    clock.advance(days=5)
    ids["niono"] = raised("sec_niono", "Patrouilles de Niono", ("sec_niono", *escalate))
    ids["mopti"] = raised("sec_mopti", "Radio de Mopti", ("sec_mopti", *escalate),
                          ("reg_mopti", "acknowledge", {}), ("reg_mopti", *escalate))
    ids["question"] = raised("sec_segou", "Question à Ségou", ("sec_segou", *escalate), (
        "reg_segou", "request-clarification", {"question": "Combien de lampadaires ?"}))
    ids["decision"] = raised("sec_segou", "Décision pour Ségou", ("sec_segou", *escalate),
                             ("reg_segou", "acknowledge", {}),
                             ("reg_segou", "decline", {"reason": "Hors de notre champ."}))
    raised("sec_niono", "Encore à la commune")
    clock.advance(days=14)  # 29 March: the first file, due on the 25th, is four days late
    return ids


def titles_in(page: str) -> list[str]:
    return re.findall(r'<p class="what"><a href="/recommendations/[^"]+">([^<]+)</a>', page)


# ---- the page ---------------------------------------------------------------------------------
@pytest.mark.parametrize("username", READERS)
def test_each_reader_sees_what_waits_for_them_and_nothing_else(client, scene, username):
    login(client, username)

    page = client.get("/a-traiter")

    assert page.status_code == 200
    assert titles_in(page.text) == EXPECTED_INBOX[username]


def test_the_regional_inbox_says_how_late_and_how_long_is_left(client, scene):
    login(client, "reg_segou")

    page = client.get("/a-traiter").text

    assert "2 dossiers attendent votre action" in page
    assert "en retard de 4 jours" in page and "échéance dans 1 jour" in page
    assert page.index("Lampadaires de Ségou") < page.index("Patrouilles de Niono")


def test_the_auditor_is_told_nothing_waits_for_them(client, scene):
    login(client, "auditor")
    assert "votre rôle consulte les dossiers sans agir" in client.get("/a-traiter").text


@pytest.mark.parametrize("path", ["/a-traiter", "/notifications"])
def test_administrators_have_no_inbox(client, web_people, path):
    login(client, "admin")
    assert client.get(path).status_code == 403


def test_the_inbox_requires_signing_in(client):
    assert client.get("/a-traiter").status_code == 302


def test_the_inbox_speaks_english_when_asked(client, scene):
    login(client, "reg_segou")
    client.set_cookie("lang", "en")

    page = client.get("/a-traiter").text

    assert "2 files await your action" in page and "4 days overdue" in page


# ---- the badge ----------------------------------------------------------------------------------
@pytest.mark.parametrize("username, count", [(name, len(EXPECTED_INBOX[name]))
                                              for name in READERS if name != "auditor"])
def test_the_navigation_shows_the_count_on_every_page(client, scene, username, count):
    login(client, username)

    page = client.get("/").text

    link = re.search(r'<a id="inbox-link".*?</a>', page, re.S).group()
    assert 'hx-get="/a-traiter/badge"' in link and "every 60s" in link
    assert (f'data-count="{count + LATE_SESSIONS[username]}"' in link) is bool(
        count + LATE_SESSIONS[username])
    assert 'href="/indicateurs"' in page


def test_auditors_have_no_badge_but_their_dashboards(client, scene):
    login(client, "auditor")
    page = client.get("/").text
    assert 'id="inbox-link"' not in page and 'href="/indicateurs"' in page
    assert client.get("/a-traiter/badge").status_code == 286


def test_the_badge_is_a_tiny_fragment_asked_again_with_its_etag(client, scene, tracker,
                                                                 web_people):
    login(client, "reg_segou")

    first = client.get("/a-traiter/badge", headers={"HX-Request": "true"})

    assert first.status_code == 200 and len(first.data) < 600
    assert "<html" not in first.text and 'data-count="7"' in first.text  # 2 files, 5 communes
    assert first.headers["Cache-Control"] == "private, no-cache" and first.headers["ETag"]
    same = client.get("/a-traiter/badge", headers={"If-None-Match": first.headers["ETag"]})
    assert same.status_code == 304 and same.data == b""

    recommendation_id = tracker.raise_recommendation(web_people["sec_segou"], **raise_fields(
        tracker.clock, title="Nouvelle demande")).recommendation_id
    tracker.act(web_people["sec_segou"], recommendation_id, "escalate", reason=REASON)

    changed = client.get("/a-traiter/badge", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and 'data-count="8"' in changed.text


def test_the_badge_stops_polling_once_signed_out_and_for_administrators(client, web_people):
    assert client.get("/a-traiter/badge").status_code == 286  # htmx: stop polling
    login(client, "admin")
    assert client.get("/a-traiter/badge").status_code == 286
    assert 'id="inbox-link"' not in client.get("/comptes").text


# ---- notifications --------------------------------------------------------------------------------
def test_notifications_newest_first_each_unread_until_read_one_by_one_or_all(client, scene):
    login(client, "reg_segou")
    page = client.get("/notifications").text
    assert page.count("Non lue") == 4  # the four files escalated to the Ségou region
    assert page.count("Recommandation transmise à votre niveau") == 4
    assert page.index("Décision pour Ségou") < page.index("Lampadaires de Ségou")

    position = re.search(r'name="position" value="(\d+)"', page).group(1)
    answer = client.post("/notifications/lues", data={"position": position})
    assert answer.status_code == 303
    assert client.get("/notifications").text.count("Non lue") == 3

    client.post("/notifications/lues")
    assert "Non lue" not in client.get("/notifications").text


def test_opening_a_file_marks_what_was_said_of_it_read_and_a_read_decision_leaves_the_inbox(
        client, scene):
    login(client, "sec_segou")
    assert "Décision pour Ségou" in client.get("/a-traiter").text

    client.get(f"/recommendations/{scene['decision']}")

    page = client.get("/a-traiter").text
    assert "Décision pour Ségou" not in page and "Question à Ségou" in page


def test_marking_read_never_touches_another_persons_notifications(client, scene, app,
                                                                  web_people):
    login(client, "crss")
    client.post("/notifications/lues")
    other = app.test_client()
    login(other, "reg_segou")
    assert other.get("/notifications").text.count("Non lue") == 4


# ---- the API ------------------------------------------------------------------------------------
@pytest.fixture
def api(client, tracker, web_people) -> Api:
    return Api(client, tracker)


@pytest.mark.parametrize("username", READERS)
def test_the_api_inbox_gives_each_caller_their_items_and_total(api, scene, username):
    answer = api.get(username, "/inbox")

    assert answer.status_code == 200
    body = answer.get_json()
    files = [item["title"] for item in body["items"] if item["reason"] != "session_overdue"]
    assert files == EXPECTED_INBOX[username]
    assert body["total"] == len(EXPECTED_INBOX[username]) + LATE_SESSIONS[username]
    assert body["items"][len(files):] == [item for item in body["items"]
                                          if item["reason"] == "session_overdue"]


def test_an_api_inbox_item_says_why_and_how_late(api, scene):
    first, second, *late_sessions = api.get("reg_segou", "/inbox").get_json()["items"]

    assert first == {"id": scene["segou"], "title": "Lampadaires de Ségou",
                     "commune": "segou", "region": "segou", "level": "region",
                     "status": "awaiting_acknowledgement", "reason": "escalated",
                     "since": "2026-03-10T09:00:00+00:00",
                     "due_by": "2026-03-25T09:00:00+00:00", "overdue": True}
    assert second["overdue"] is False
    assert len(late_sessions) == 5
    decision = api.get("sec_segou", "/inbox").get_json()["items"][1]
    assert (decision["reason"], decision["status"]) == ("decision", "declined")


def test_the_api_inbox_limit_and_its_errors(api, scene):
    body = api.get("reg_segou", "/inbox", limit=1).get_json()
    assert (len(body["items"]), body["total"]) == (1, 7)  # 2 files, 5 late sessions
    assert api.get("reg_segou", "/inbox", limit=0).status_code == 422
    assert api.get("reg_segou", "/inbox", limit=501).status_code == 422


def test_the_api_inbox_refuses_administrators_and_strangers(api, client, web_people):
    assert api.get("admin", "/inbox").status_code == 403
    assert client.get("/api/v1/inbox").status_code == 401
