"""The auditors' desk: every event of every aggregate in global order, filters, keyset
"load more", the chain's head and last verification; auditors only, page and API."""

from __future__ import annotations

from uuid import UUID

import pytest

from tests.conftest import login, raise_fields

OTHER_ROLES = ["sec_segou", "reg_segou", "crss", "admin"]


@pytest.fixture
def tracker(app):
    return app.extensions["tracker"]


@pytest.fixture
def recorded(tracker, web_people, clock):
    """Two recommendations of Ségou and one of Mopti, one escalated; plus the accounts."""
    ids = []
    for by, title in (("sec_segou", "Lampadaires du marché"), ("sec_mopti", "Radio en peul"),
                      ("sec_segou", "Patrouilles de nuit")):
        clock.advance(hours=1)
        result = tracker.raise_recommendation(web_people[by],
                                              **raise_fields(clock, title=title,
                                                             commune=by.split("_")[1]))
        ids.append(str(result.recommendation_id))
    clock.advance(days=1)
    tracker.act(web_people["sec_segou"], UUID(ids[0]), "escalate",
                reason="Au-delà des moyens de la commune.")
    return ids


def api(client, tracker, username, query=""):
    token = tracker.issue_token(None, username)
    return client.get(f"/api/v1/audit/events{query}",
                      headers={"Authorization": f"Bearer {token}"})


def test_the_log_lists_every_event_newest_first_with_who_what_where(
        client, tracker, recorded):
    login(client, "auditor")

    page = client.get("/audit/").text

    assert "Journal d'audit" in page
    for text in ("Transmise à la région", "Compte ouvert", "sec_segou", "Lampadaires du marché",
                 "Radio en peul", "Mopti", "compte reg_mopti"):
        assert text in page
    rows = page.split('<table class="board audit">')[1]  # not the filter's list of types
    assert rows.index("Transmise à la région") < rows.index("Recommandation enregistrée")


def test_the_api_gives_the_same_events_with_their_data_and_no_secrets(
        client, tracker, recorded):
    response = api(client, tracker, "auditor", "?limit=200")

    assert response.status_code == 200
    items = response.json["items"]
    positions = [item["position"] for item in items]
    assert positions == sorted(positions, reverse=True)
    # Every event but the three numbers given (each is in its file's Raised event).
    assert len(items) == tracker.recorder.max_notification_id() - 3
    assert {item["type"] for item in items}.isdisjoint({"Started", "NumberIssued"})
    escalated = items[1]  # the newest before the token the call itself issued
    assert escalated["type"] == "EscalatedToRegion" and escalated["region"] == "segou"
    assert escalated["actor"] == {"username": "sec_segou", "name": "Sec Segou",
                                  "role": "secretary"}
    assert escalated["data"]["reason"] == "Au-delà des moyens de la commune."
    opened = [item for item in items if item["type"] == "Opened"]
    assert len(opened) == 8 and all("password_hash" not in item["data"] for item in opened)
    assert all("token_hash" not in item["data"] for item in items)


@pytest.mark.parametrize("name, value, expected", [
    ("event_type", "Raised", 3),
    ("commune", "mopti", 2),  # the Mopti recommendation and the Mopti secretary's account
    ("region", "segou", 6),
    ("actor", "sec_segou", 3),
    ("role", "secretary", 4),
])
def test_each_filter_narrows_the_log(client, tracker, recorded, name, value, expected):
    items = api(client, tracker, "auditor", f"?{name}={value}&limit=200").json["items"]

    assert len(items) == expected
    key = {"event_type": "type"}.get(name, name)
    for item in items:
        actual = {"actor": item["actor"]["username"], "role": item["actor"]["role"],
                  "type": item["type"]}.get(key, item.get(key))
        assert actual == value


def test_the_recommendation_filter_gives_its_whole_story(client, tracker, recorded):
    items = api(client, tracker, "auditor",
                f"?recommendation={recorded[0]}").json["items"]
    assert [item["type"] for item in items] == ["EscalatedToRegion", "Raised"]


def test_the_date_range_is_inclusive_of_whole_days(client, tracker, recorded, clock):
    today = clock.today.isoformat()
    items = api(client, tracker, "auditor", f"?since={today}&until={today}").json["items"]
    assert {item["type"] for item in items} >= {"EscalatedToRegion"}
    assert "Raised" not in {item["type"] for item in items}


def test_load_more_pages_by_keyset_without_gaps_or_repeats(client, tracker, recorded):
    seen, before = [], ""
    while True:
        body = api(client, tracker, "auditor", f"?limit=4{before}").json
        seen += [item["position"] for item in body["items"]]
        if body["next_before"] is None:
            break
        before = f"&before={body['next_before']}"
    assert seen == sorted(set(seen), reverse=True) and seen[-1] == 1


def test_the_page_loads_more_rows_through_htmx(client, tracker, recorded):
    login(client, "auditor")
    page = client.get("/audit/?limit=3").text
    assert "Charger les événements plus anciens" in page

    fragment = client.get("/audit/?limit=3&before=5", headers={"HX-Request": "true"}).text

    assert "<html" not in fragment and fragment.count("<tr") == 4  # 3 rows + load more


def test_invalid_filters_are_told_in_french(client, tracker, recorded):
    response = api(client, tracker, "auditor", "?role=roi&since=hier")
    assert response.status_code == 422
    assert response.json["errors"]["role"] == ["Rôle inconnu."]
    assert "AAAA-MM-JJ" in response.json["errors"]["since"][0]


def test_the_desk_shows_the_head_and_the_last_verification(app, client, recorded):
    login(client, "auditor")
    assert "Aucune pour le moment" in client.get("/audit/").text

    app.extensions["chain"].verify()
    page = client.get("/audit/").text

    assert "Intacte" in page and app.extensions["chain"].head().hash in page


@pytest.mark.parametrize("username", OTHER_ROLES)
def test_every_other_role_is_refused_the_page(client, recorded, username):
    login(client, username)
    response = client.get("/audit/")
    assert response.status_code == 403 and "réservé aux auditeurs" in response.text


@pytest.mark.parametrize("username", OTHER_ROLES)
def test_every_other_role_is_refused_the_api(client, tracker, recorded, username):
    response = api(client, tracker, username)
    assert response.status_code == 403


def test_only_auditors_see_the_link(client, recorded):
    login(client, "auditor")
    assert 'href="/audit/"' in client.get("/").text
    client.post("/logout")
    login(client, "crss")
    assert 'href="/audit/"' not in client.get("/").text


def test_the_reference_data_on_record_is_in_the_log_without_the_whole_list(
        client, tracker, recorded):
    tracker.publish_reference(None)
    login(client, "auditor")

    page = client.get("/audit/?event_type=ReferencePublished").text
    [event] = api(client, tracker, "auditor", "?event_type=ReferencePublished").json["items"]

    assert "Référentiel des communes enregistré" in page and "référentiel des communes" in page
    assert event["aggregate"]["type"] == "reference"
    assert event["data"]["count"] == 25 and len(event["data"]["digest"]) == 64
    assert "communes" not in event["data"]
