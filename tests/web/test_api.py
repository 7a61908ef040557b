"""The JSON API, reading side and raising: bearer-token authentication, the list in each
role's territory with its filters and pages, raising with an idempotency key, one
recommendation, and its history. Commands are in test_api_commands.py."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.conftest import login, raise_fields

ONE_FIELD_KEYS = {"id", "reference", "title", "description", "theme", "commune", "region", "level",
                  "status", "meeting_date", "origin_group", "due_by", "overdue", "target_date",
                  "implementation_overdue", "progress", "version", "allowed_actions",
                  "attachments"}
# A fixed id, not uuid4(): pytest-xdist workers must collect the same test ids.
NO_SUCH_ID = "6f1c2a9e-0000-4000-8000-000000000000"
HOSTILE = "<script>alert('x')</script> \"guillemets\" & <b>gras</b> {{ 7*7 }} 🚨 \\n é"


# ---- helpers shared with test_api_commands.py -------------------------------------------
class Api:
    """A test client that speaks JSON with the bearer token of the person named."""

    def __init__(self, client, tracker):
        self.client, self.tracker = client, tracker
        self.tokens = {}

    def token(self, username: str) -> str:
        if username not in self.tokens:
            self.tokens[username] = self.tracker.issue_token(None, username)
        return self.tokens[username]

    def headers(self, username: str) -> dict:
        return {"Authorization": f"Bearer {self.token(username)}"}

    def get(self, username: str, path: str, **params):
        return self.client.get(f"/api/v1{path}", query_string=params,
                               headers=self.headers(username))

    def post(self, username: str, path: str, body=None, **kwargs):
        return self.client.post(f"/api/v1{path}", json=body, headers=self.headers(username),
                                **kwargs)

    def act(self, username: str, recommendation_id: str, command: str, body=None):
        return self.post(username, f"/recommendations/{recommendation_id}/{command}", body)


@pytest.fixture
def tracker(app):
    return app.extensions["tracker"]


@pytest.fixture
def api(client, tracker, web_people) -> Api:
    api = Api(client, tracker)
    for username in web_people:  # tokens first, so event counts below see only the test
        api.token(username)
    return api


def event_count(tracker) -> int:
    return tracker.recorder.max_notification_id() or 0


def raise_body(clock, **overrides) -> dict:
    """Raise fields as a client sends them: dates as ISO strings."""
    body = raise_fields(clock, **overrides)
    return {name: value.isoformat() if isinstance(value, date) else value
            for name, value in body.items()}


def raise_directly(tracker, people, username: str, clock, **overrides) -> str:
    """A recommendation recorded through the tracker, to set the scene quickly."""
    secretary = people[username]
    fields = raise_fields(clock, commune=secretary.commune, **overrides)
    return str(tracker.raise_recommendation(secretary, **fields).recommendation_id)


@pytest.fixture
def raised(tracker, web_people, clock) -> str:
    return raise_directly(tracker, web_people, "sec_segou", clock)


# ---- authentication ----------------------------------------------------------------------
def test_request_without_token_gets_401_in_french_json(client, web_people):
    response = client.get("/api/v1/recommendations")
    assert response.status_code == 401
    assert response.is_json and "Authorization" in response.json["error"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", [
    "Bearer", "Bearer   ", "Bearer pas-un-jeton", "Bearer a.b.c", "Basic c2VjOnB3",
    "Token {token}", "Bearer {token}x",
])
def test_malformed_or_wrong_token_gets_401(api, header):
    header = header.format(token=api.token("sec_segou"))
    response = api.client.get("/api/v1/recommendations", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json["error"]


def test_revoked_token_gets_401(api, tracker):
    token = api.token("sec_segou")
    assert api.get("sec_segou", "/recommendations").status_code == 200
    account = tracker.account("sec_segou")
    account.revoke_token(token.split(".")[1], by=None)
    tracker.save(account)
    assert api.get("sec_segou", "/recommendations").status_code == 401


def test_token_of_a_disabled_account_gets_401(api, tracker):
    assert api.get("sec_segou", "/recommendations").status_code == 200
    tracker.disable_account(None, "sec_segou")
    response = api.get("sec_segou", "/recommendations")
    assert response.status_code == 401
    assert "désactivé" in response.json["error"]


def test_a_signed_in_browser_session_is_not_enough_for_the_api(client, web_people):
    login(client, "sec_segou")
    assert client.get("/api/v1/recommendations").status_code == 401


def test_api_answers_json_sets_no_cookie_and_forbids_caching(api, raised):
    response = api.get("sec_segou", f"/recommendations/{raised}")
    assert response.is_json
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_token_follows_a_change_of_commune_at_once(api, tracker, clock, web_people):
    niono = raise_directly(tracker, web_people, "sec_niono", clock)
    assert api.get("sec_segou", f"/recommendations/{niono}").status_code == 404
    tracker.change_role(None, "sec_segou", "secretary", commune="niono")
    assert api.get("sec_segou", f"/recommendations/{niono}").status_code == 200


def test_unknown_api_address_answers_json_404(api):
    response = api.get("sec_segou", "/nulle-part")
    assert response.status_code == 404 and response.is_json


# ---- the list, by territory --------------------------------------------------------------
@pytest.fixture
def spread(tracker, web_people, clock) -> dict:
    """One recommendation in Ségou and one in Niono (both Ségou region), one in Mopti."""
    return {commune: raise_directly(tracker, web_people, f"sec_{commune}", clock,
                                    title=f"Lampadaires à {commune}")
            for commune in ("segou", "niono", "mopti")}


def listed_ids(response) -> set[str]:
    assert response.status_code == 200, response.json
    return {item["id"] for item in response.json["items"]}


def test_secretary_lists_only_her_own_commune(api, spread):
    assert listed_ids(api.get("sec_segou", "/recommendations")) == {spread["segou"]}


def test_regional_lists_only_the_communes_of_his_region(api, spread):
    assert listed_ids(api.get("reg_segou", "/recommendations")) == {spread["segou"],
                                                                    spread["niono"]}
    assert listed_ids(api.get("reg_mopti", "/recommendations")) == {spread["mopti"]}


@pytest.mark.parametrize("username", ["crss", "auditor"])
def test_national_officer_and_auditor_list_everything(api, spread, username):
    response = api.get(username, "/recommendations")
    assert listed_ids(response) == set(spread.values())
    assert response.json["total"] == 3


def test_administrator_may_not_list_recommendations(api, spread):
    response = api.get("admin", "/recommendations")
    assert response.status_code == 403 and response.json["error"]


def test_a_filter_cannot_widen_the_territory(api, spread):
    assert listed_ids(api.get("sec_segou", "/recommendations", commune="niono")) == set()
    assert listed_ids(api.get("reg_mopti", "/recommendations", region="segou")) == set()


def test_list_items_are_plain_json_with_iso_dates(api, raised, clock):
    item = api.get("sec_segou", "/recommendations").json["items"][0]
    assert item["id"] == raised and item["commune"] == "segou"
    assert item["meeting_date"] == (clock.today - timedelta(days=3)).isoformat()
    assert item["raised_at"].endswith("+00:00")
    assert "search_text" not in item


# ---- filters and pages ------------------------------------------------------------------
def test_list_filters_by_status_level_theme_commune_region_and_words(api, tracker, spread,
                                                                     web_people, clock):
    api.act("sec_niono", spread["niono"], "escalate",
            {"reason": "Au-delà des moyens de la commune."})
    segou_theme = raise_directly(tracker, web_people, "sec_segou", clock,
                                 theme="stupefiants", title="Vente de drogue au marché")
    expectations = [
        ({"status": "awaiting_acknowledgement"}, {spread["niono"]}),
        ({"level": "commune"}, {spread["segou"], spread["mopti"], segou_theme}),
        ({"theme": "stupefiants"}, {segou_theme}),
        ({"commune": "segou"}, {spread["segou"], segou_theme}),
        ({"region": "mopti"}, {spread["mopti"]}),
        ({"q": "drogue"}, {segou_theme}),
        ({"q": "LAMPADAIRES a niono"}, {spread["niono"]}),
        ({"status": "open", "commune": "segou", "theme": "eclairage_public"}, {spread["segou"]}),
    ]
    for params, expected in expectations:
        assert listed_ids(api.get("crss", "/recommendations", **params)) == expected, params


def test_list_comes_in_pages(api, tracker, web_people, clock):
    for number in range(5):
        raise_directly(tracker, web_people, "sec_segou", clock, title=f"Recommandation {number}")
    pages = [api.get("auditor", "/recommendations", per_page=2, page=page).json
             for page in (1, 2, 3, 4)]
    assert [len(page["items"]) for page in pages] == [2, 2, 1, 0]
    assert all(page["total"] == 5 and page["per_page"] == 2 for page in pages)
    assert [page["page"] for page in pages] == [1, 2, 3, 4]
    every_id = [item["id"] for page in pages for item in page["items"]]
    assert len(set(every_id)) == 5


def test_list_defaults_to_first_page_of_25(api, raised):
    body = api.get("sec_segou", "/recommendations").json
    assert (body["page"], body["per_page"], body["total"]) == (1, 25, 1)


@pytest.mark.parametrize("field, value", [
    ("status", "ouverte"), ("level", "village"), ("theme", "meteo"), ("region", "atlantide"),
    ("commune", "atlantide"), ("page", "deux"), ("page", "0"), ("per_page", "101"),
    ("per_page", "0"), ("per_page", "dix"), ("q", "x" * 201),
])
def test_invalid_list_filter_is_422_naming_the_field(api, raised, field, value):
    response = api.get("crss", "/recommendations", **{field: value})
    assert response.status_code == 422
    assert list(response.json["errors"]) == [field]
    assert all(isinstance(message, str) for message in response.json["errors"][field])


def test_empty_filter_values_mean_no_filter(api, raised):
    response = api.get("sec_segou", "/recommendations", status="", theme="", q="")
    assert listed_ids(response) == {raised}


# ---- raising -----------------------------------------------------------------------------
def test_secretary_raises_a_recommendation_and_gets_201_with_it(api, tracker, clock):
    response = api.post("sec_segou", "/recommendations", raise_body(clock))
    assert response.status_code == 201
    body = response.json
    assert response.headers["Location"].endswith(f"/api/v1/recommendations/{body['id']}")
    assert set(body) == ONE_FIELD_KEYS
    assert (body["commune"], body["region"], body["level"], body["status"]) == (
        "segou", "segou", "commune", "open")
    assert body["version"] == 1 and "escalate" in body["allowed_actions"]
    assert api.get("sec_segou", f"/recommendations/{body['id']}").json == body


def test_raised_recommendation_is_listed_at_once(api, clock):
    created = api.post("sec_segou", "/recommendations", raise_body(clock)).json
    assert listed_ids(api.get("sec_segou", "/recommendations")) == {created["id"]}


def test_commune_may_be_left_out_and_is_then_the_secretary_s_own(api, clock):
    body = raise_body(clock)
    del body["commune"]
    response = api.post("sec_niono", "/recommendations", body)
    assert response.status_code == 201
    assert (response.json["commune"], response.json["region"]) == ("niono", "segou")


def test_origin_group_and_description_are_optional(api, clock):
    body = raise_body(clock)
    del body["origin_group"], body["description"]
    response = api.post("sec_segou", "/recommendations", body)
    assert response.status_code == 201
    assert response.json["origin_group"] is None and response.json["description"] == ""


def test_same_request_id_again_gives_back_the_same_recommendation_with_200(api, tracker,
                                                                             clock):
    body = raise_body(clock, request_id="formulaire-42")
    first = api.post("sec_segou", "/recommendations", body)
    count = event_count(tracker)
    replay = api.post("sec_segou", "/recommendations", body)
    assert (first.status_code, replay.status_code) == (201, 200)
    assert replay.json == first.json
    assert event_count(tracker) == count
    history = api.get("sec_segou", f"/recommendations/{first.json['id']}/history").json
    assert [item["type"] for item in history["items"]] == ["Raised"]
    assert api.get("sec_segou", "/recommendations").json["total"] == 1


def test_same_request_id_from_another_person_is_another_recommendation(api, clock):
    first = api.post("sec_segou", "/recommendations", raise_body(clock, request_id="k1"))
    other = api.post("sec_niono", "/recommendations",
                     raise_body(clock, commune="niono", request_id="k1"))
    assert other.status_code == 201 and other.json["id"] != first.json["id"]


def test_secretary_may_not_raise_for_another_commune(api, tracker, clock):
    count = event_count(tracker)
    response = api.post("sec_segou", "/recommendations", raise_body(clock, commune="niono"))
    assert response.status_code == 403 and response.json["error"]
    assert event_count(tracker) == count


@pytest.mark.parametrize("username", ["reg_segou", "crss", "auditor", "admin"])
def test_only_secretaries_raise(api, tracker, clock, username):
    count = event_count(tracker)
    response = api.post(username, "/recommendations", raise_body(clock))
    assert response.status_code == 403
    assert event_count(tracker) == count


@pytest.mark.parametrize("field, value", [
    ("title", None), ("title", "abc"), ("title", "x" * 201), ("title", 12345),
    ("description", "x" * 5001), ("theme", None), ("theme", "meteo"),
    ("meeting_date", None), ("meeting_date", "10/03/2026"), ("meeting_date", "2026-02-30"),
    ("meeting_date", "future"), ("origin_group", "enfants"), ("commune", "atlantide"),
    ("request_id", "x" * 101),
])
def test_invalid_raise_field_is_422_naming_it_and_records_nothing(api, tracker, clock,
                                                                   field, value):
    if value == "future":  # a rule of the domain, not of the schema
        value = (clock.today + timedelta(days=1)).isoformat()
    body = raise_body(clock)
    if value is None:
        del body[field]
    else:
        body[field] = value
    count = event_count(tracker)
    response = api.post("sec_segou", "/recommendations", body)
    assert response.status_code == 422
    assert field in response.json["errors"]
    assert all(isinstance(message, str) for message in response.json["errors"][field])
    assert event_count(tracker) == count


def test_every_missing_field_is_reported_at_once(api):
    response = api.post("sec_segou", "/recommendations", {})
    assert response.status_code == 422
    assert {"title", "theme", "meeting_date"} <= set(response.json["errors"])


@pytest.mark.parametrize("data", ["pas du json", "[1, 2]", "\"texte\"", "{\"title\": "])
def test_a_body_that_is_not_a_json_object_is_400_with_a_message(api, tracker, data):
    count = event_count(tracker)
    response = api.client.post("/api/v1/recommendations", data=data,
                               content_type="application/json",
                               headers=api.headers("sec_segou"))
    assert response.status_code == 400
    assert "JSON" in response.json["error"]
    assert event_count(tracker) == count


def test_hostile_text_round_trips_unchanged(api, clock):
    created = api.post("sec_segou", "/recommendations",
                       raise_body(clock, title=HOSTILE, description=HOSTILE)).json
    assert created["title"] == HOSTILE and created["description"] == HOSTILE
    listed = api.get("sec_segou", "/recommendations").json["items"][0]
    assert listed["title"] == HOSTILE
    api.act("sec_segou", created["id"], "note", {"note": HOSTILE})
    items = api.get("sec_segou", f"/recommendations/{created['id']}/history").json["items"]
    assert items[0]["title"] == HOSTILE and items[1]["note"] == HOSTILE


# ---- one recommendation -----------------------------------------------------------------
def test_recommendation_has_its_fields_and_what_the_caller_may_do(api, raised, clock):
    body = api.get("sec_segou", f"/recommendations/{raised}").json
    assert set(body) == ONE_FIELD_KEYS
    assert body["id"] == raised and body["title"] == "Éclairage public du grand marché"
    assert body["meeting_date"] == (clock.today - timedelta(days=3)).isoformat()
    assert body["due_by"] is None and body["target_date"] is None
    assert body["progress"] is None and body["implementation_overdue"] is False
    assert body["allowed_actions"] == ["amend", "note", "escalate", "accept", "withdraw",
                                       "attach-to-session"]
    assert api.get("auditor", f"/recommendations/{raised}").json["allowed_actions"] == []
    assert api.get("reg_segou", f"/recommendations/{raised}").json["allowed_actions"] == []


@pytest.mark.parametrize("username", ["sec_niono", "sec_mopti", "reg_mopti"])
def test_recommendation_outside_the_territory_is_404(api, raised, username):
    response = api.get(username, f"/recommendations/{raised}")
    assert response.status_code == 404 and response.json["error"]


@pytest.mark.parametrize("recommendation_id", ["pas-un-uuid", "123", NO_SUCH_ID])
def test_malformed_or_unknown_id_is_404(api, recommendation_id):
    assert api.get("crss", f"/recommendations/{recommendation_id}").status_code == 404
    assert api.get("crss", f"/recommendations/{recommendation_id}/history").status_code == 404


def test_administrator_may_not_read_a_recommendation(api, raised):
    assert api.get("admin", f"/recommendations/{raised}").status_code == 403
    assert api.get("admin", f"/recommendations/{raised}/history").status_code == 403


# ---- history -------------------------------------------------------------------------------
def test_history_lists_events_oldest_first_with_actor_time_and_fields(api, raised, clock):
    api.act("sec_segou", raised, "amend", {"title": "Éclairage solaire du grand marché"})
    api.act("sec_segou", raised, "escalate", {"reason": "Le budget communal ne suffit pas."})
    api.act("reg_segou", raised, "acknowledge", {})
    items = api.get("auditor", f"/recommendations/{raised}/history").json["items"]
    assert [item["type"] for item in items] == ["Raised", "Amended", "EscalatedToRegion",
                                                "Acknowledged"]
    assert [item["actor"] for item in items] == [
        {"username": "sec_segou", "name": "Sec Segou", "role": "secretary"}] * 3 + [
        {"username": "reg_segou", "name": "Reg Segou", "role": "regional"}]
    assert all(item["at"].endswith("+00:00") for item in items)
    assert [item["at"] for item in items] == sorted(item["at"] for item in items)
    raised_item, amended, escalated, acknowledged = items
    assert raised_item["title"] == "Éclairage public du grand marché"
    assert raised_item["theme"] == "eclairage_public" and raised_item["commune"] == "segou"
    assert amended["changes"]["title"] == {"before": "Éclairage public du grand marché",
                                           "after": "Éclairage solaire du grand marché"}
    assert escalated["reason"] == "Le budget communal ne suffit pas."
    assert escalated["region"] == "segou"
    assert escalated["due_by"] == (clock.now + timedelta(days=15)).isoformat()
    assert acknowledged["note"] is None


def test_history_outside_the_territory_is_404(api, raised):
    assert api.get("reg_mopti", f"/recommendations/{raised}/history").status_code == 404
    assert api.get("sec_niono", f"/recommendations/{raised}/history").status_code == 404


@pytest.mark.parametrize("username", ["sec_segou", "reg_segou", "crss", "auditor"])
def test_everyone_in_the_territory_reads_the_history(api, raised, username):
    response = api.get(username, f"/recommendations/{raised}/history")
    assert response.status_code == 200 and len(response.json["items"]) == 1
