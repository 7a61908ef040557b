"""« Session en retard » in the pages and the API: the inbox items of the communes whose
CCS session is late (the region's authority for its communes, the secretary for their
own), their counts per role, the boundary and a changed setting; the commune's page and
the region's communes with their twelve-month calendar, each within its readers'
territory (404 outside a commune's, 403 outside a region's, administrators 403)."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest

from tests.conftest import login, open_people
from tests.tracker.test_sessions import record
from tests.web.test_api import Api

CANCEL = "La session n'a finalement pas eu lieu."
# No session on record but Ségou's (3 days ago) and Niono's (50 days ago): late are the
# four other communes of the Ségou region, the four of Mopti's, and so on.
LATE_IN_INBOX = {"sec_segou": [], "sec_niono": ["niono"], "sec_mopti": ["mopti"],
                 "reg_segou": ["macina", "markala", "sana", "niono"],
                 "reg_mopti": ["djenne", "konna", "mopti", "sio"], "crss": [], "auditor": []}


@pytest.fixture
def tracker(app):
    return app.extensions["tracker"]


@pytest.fixture
def scene(tracker, web_people, clock):
    record(tracker, web_people, clock, held_on=clock.today - timedelta(days=3),
           attendance={"femmes": {"women": 4, "men": 0}}, request_id="segou-1")
    record(tracker, web_people, clock, held_on=date(2026, 2, 5), request_id="segou-2")
    record(tracker, web_people, clock, held_on=date(2026, 2, 20), request_id="segou-3")
    record(tracker, web_people, clock, by="sec_niono", held_on=clock.today - timedelta(days=50))


@pytest.fixture
def api(client, tracker, web_people) -> Api:
    return Api(client, tracker)


def late_communes(page: str) -> list[str]:
    return re.findall(r'<p class="what"><a href="/communes/([a-z_-]+)">', page)


def badge(page: str) -> int:
    found = re.search(r'data-count="(\d+)"', page)
    return int(found.group(1)) if found else 0


# ---- the inbox ------------------------------------------------------------------------------------
@pytest.mark.parametrize("username", list(LATE_IN_INBOX))
def test_each_inbox_holds_the_late_sessions_of_its_communes_and_no_others(client, api, scene,
                                                                          username):
    login(client, username)
    page = client.get("/a-traiter").text
    body = api.get(username, "/inbox").get_json()

    assert late_communes(page) == LATE_IN_INBOX[username]
    assert [item["commune"] for item in body["items"]] == LATE_IN_INBOX[username]
    assert body["total"] == len(LATE_IN_INBOX[username])
    if username != "auditor":  # auditors have no badge
        assert badge(client.get("/").text) == len(LATE_IN_INBOX[username])


def test_an_api_item_names_the_commune_and_the_day_of_its_last_session(api, scene):
    items = api.get("reg_segou", "/inbox").get_json()["items"]
    assert items[0] == {"id": None, "title": None, "commune": "macina", "region": "segou",
                        "level": "commune", "status": None, "reason": "session_overdue",
                        "since": None, "due_by": None, "overdue": True, "last_session": None,
                        "days_since_last_session": None}
    assert (items[-1]["commune"], items[-1]["last_session"],
            items[-1]["days_since_last_session"]) == ("niono", "2026-01-19", 50)


def test_the_inbox_page_says_which_communes_are_late_and_since_when(client, scene):
    login(client, "reg_segou")
    page = html.unescape(client.get("/a-traiter").text)

    assert "dossier" not in re.search(r'id="inbox-total">(.*?)</p>', page).group(1)  # none
    assert "4 communes ont une session du CCS en retard" in page
    assert "Sessions du CCS en retard" in page
    assert "dernière session le 19 janvier 2026 (il y a 50 jours)" in page
    assert page.count("aucune session enregistrée") == 3
    client.set_cookie("lang", "en")
    english = client.get("/a-traiter").text
    assert "Overdue CCS sessions" in english and "last session on 19 January 2026" in english


def test_a_commune_enters_the_inbox_on_the_32nd_day_and_leaves_it_with_a_session(
        client, tracker, web_people, clock, scene):
    login(client, "sec_segou")
    clock.advance(days=28)  # 31 days after Ségou's last session: still on time
    assert late_communes(client.get("/a-traiter").text) == []
    clock.advance(days=1)
    assert late_communes(client.get("/a-traiter").text) == ["segou"]
    assert badge(client.get("/").text) == 1
    session_id = record(tracker, web_people, clock, held_on=clock.today,
                        request_id="today").recommendation_id
    assert late_communes(client.get("/a-traiter").text) == []
    tracker.act_on_session(web_people["sec_segou"], session_id, "cancel", reason=CANCEL)
    assert late_communes(client.get("/a-traiter").text) == ["segou"]  # cancelled: not held


@pytest.fixture
def app_with(database_url, clock):
    """``app_with(days)``: the application with that session interval."""
    from web import create_app

    made = []

    def app_with(days: int):
        app = create_app({"TESTING": True, "SECRET_KEY": "test-secret",
                          "TRACKER_DATABASE_URL": database_url, "TRACKER_CLOCK": clock,
                          "WTF_CSRF_ENABLED": False, "TRACKER_SESSION_INTERVAL_DAYS": days})
        made.append(app)
        return app
    yield app_with
    for app in made:
        app.extensions["read_models"].engine.dispose()
        app.extensions["tracker"].close()


def test_a_changed_setting_changes_who_is_late_at_once(app_with, clock, monkeypatch):
    first = app_with(31)
    people = open_people(first.extensions["tracker"])
    record(first.extensions["tracker"], people, clock, held_on=clock.today - timedelta(days=40))
    assert "segou" in [item["commune"] for item in Api(
        first.test_client(), first.extensions["tracker"]).get("sec_segou", "/inbox")
        .get_json()["items"]]

    later = app_with(45)  # the operator allows 45 days, then restarts
    client = later.test_client()
    login(client, "sec_segou")
    assert late_communes(client.get("/a-traiter").text) == []
    assert "plus de 45 jours" in html.unescape(client.get("/communes/segou").text)
    monkeypatch.setenv("TRACKER_SESSION_INTERVAL_DAYS", "39")  # read from the environment too
    from web import create_app
    from_environment = create_app({"TESTING": True, "SECRET_KEY": "s",
                                   "TRACKER_DATABASE_URL": later.config["TRACKER_DATABASE_URL"],
                                   "TRACKER_CLOCK": clock})
    try:
        assert from_environment.extensions["tracker"].settings.session_interval_days == 39
    finally:
        from_environment.extensions["read_models"].engine.dispose()
        from_environment.extensions["tracker"].close()


# ---- the commune's page ------------------------------------------------------------------------------
@pytest.mark.parametrize("username, slug, status", [
    ("sec_segou", "segou", 200), ("sec_segou", "niono", 404), ("sec_niono", "segou", 404),
    ("reg_segou", "segou", 200), ("reg_segou", "niono", 200), ("reg_segou", "mopti", 404),
    ("reg_mopti", "segou", 404), ("reg_mopti", "mopti", 200), ("crss", "segou", 200),
    ("auditor", "mopti", 200), ("admin", "segou", 403), ("admin", "atlantide", 403),
    ("crss", "atlantide", 404)])
def test_a_communes_page_is_for_readers_whose_territory_holds_it(client, scene, username,
                                                                 slug, status):
    login(client, username)
    assert client.get(f"/communes/{slug}").status_code == status


def calendar_cells(page: str) -> list[tuple[str, str]]:
    """(visible mark, words for screen readers) of each month of the first calendar."""
    calendar = re.search(r'<ol class="calendar">(.*?)</ol>', page, re.S).group(1)
    return [(mark, html.unescape(words)) for mark, words in re.findall(
        r'<b>([^<]*)</b></span><span class="visually-hidden">([^<]*)</span>', calendar)]


def test_a_communes_page_shows_its_last_session_and_its_twelve_months(client, scene):
    login(client, "sec_segou")
    page = client.get("/communes/segou")
    text = html.unescape(page.text)

    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "<h1>Commune de Ségou</h1>" in text
    assert "7 mars 2026 (il y a 3 jours)" in text and "Sessions à jour" in text
    cells = calendar_cells(page.text)
    assert len(cells) == 12
    assert cells[0] == ("✗", "avril 2025 : aucune session")
    assert cells[10] == ("✓2", "février 2026 : 2 sessions")   # written, not coloured
    assert cells[11] == ("✓1", "mars 2026 : 1 session")
    assert [mark for mark, _ in cells[:10]] == ["✗"] * 10
    assert "3 sessions sur les 12 derniers mois" in text
    assert 'href="/?commune=segou"' in text                      # its files on the board
    assert 'href="/sessions.csv?commune=segou"' in text          # its sessions
    assert 'href="/regions/segou/communes"' not in text          # not a secretary's page


def test_a_communes_page_says_when_it_is_late_and_reads_in_english(client, scene):
    login(client, "reg_segou")
    text = html.unescape(client.get("/communes/sana").text)
    assert "Session en retard" in text and "aucune session enregistrée" in text
    assert 'href="/regions/segou/communes"' in text
    client.set_cookie("lang", "en")
    english = client.get("/communes/niono").text
    assert "Commune of Niono" in english and "Session overdue" in english
    assert "19 January 2026 (50 days ago)" in english
    assert "January 2026: 0" not in english and "January 2026: 1 session" in english


# ---- the region's communes ---------------------------------------------------------------------------
@pytest.mark.parametrize("username, slug, status", [
    ("reg_segou", "segou", 200), ("reg_segou", "mopti", 403), ("reg_mopti", "segou", 403),
    ("sec_segou", "segou", 403), ("crss", "mopti", 200), ("auditor", "segou", 200),
    ("admin", "segou", 403), ("crss", "atlantide", 404)])
def test_a_regions_communes_are_for_its_authority_the_crss_and_the_auditors(client, scene,
                                                                            username, slug,
                                                                            status):
    login(client, username)
    assert client.get(f"/regions/{slug}/communes").status_code == status


def test_the_regions_view_lists_its_communes_late_first_each_with_its_calendar(client,
                                                                               scene):
    login(client, "reg_segou")
    page = client.get("/regions/segou/communes").text
    text = html.unescape(page)

    communes = re.findall(r'<h2><a href="/communes/([a-z_-]+)">', page)
    assert communes == ["macina", "markala", "niono", "sana", "segou"]  # late first
    assert "4 communes sur 5 ont une session du CCS en retard" in text
    assert page.count('<ol class="calendar">') == 5
    assert text.count("Session en retard") == 4 and text.count("Sessions à jour") == 1
    assert "mopti" not in communes and "Mopti" not in text.split("<main")[1]
    assert 'href="/sessions.csv?region=segou"' in page


def test_the_regions_view_requires_signing_in(client):
    assert client.get("/regions/segou/communes").status_code == 302
    assert client.get("/communes/segou").status_code == 302
