"""Inputs that once answered 500 (seen from outside: the hardening issue) answer a 4xx with a
French message, on both stores, and record nothing: out-of-range pages, cursors and dates,
a superscript digit, a NUL or a lone quote in a search, a JSON body nested too deep."""

from __future__ import annotations

import pytest

from tests.conftest import login
from tests.web.test_api import Api, api, event_count, raised, tracker  # noqa: F401

HUGE = "99999999999999999999"
PAST_BIGINT = "9223372036854775808"
MOMENTS = ["9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00", "9999-12-31",
           "0001-01-01"]


def assert_refused(response, *codes):
    assert response.status_code in (codes or (400, 404, 422)), (
        response.status_code, response.get_data(as_text=True)[:300])


@pytest.mark.parametrize("page", [HUGE, "0", "-3"])
def test_a_page_beyond_reason_on_the_board_and_the_list_api(client, api, web_people, page):
    login(client, "crss")
    response = client.get("/", query_string={"page": page})
    assert response.status_code in (200, 422)  # the board shows its last page, or says why
    assert_refused(api.get("crss", "/recommendations", page=page), 422)


def test_a_cursor_past_the_largest_position_in_the_audit_log(client, api, web_people):
    login(client, "auditor")
    assert client.get(f"/audit/?before={PAST_BIGINT}").status_code == 200  # said in the form
    assert_refused(api.get("auditor", "/audit/events", before=PAST_BIGINT), 422)


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_dates_at_the_ends_of_the_calendar_in_the_audit_filters(client, api, web_people, day):
    login(client, "auditor")
    assert client.get(f"/audit/?until={day}&since={day}").status_code == 200
    assert_refused(api.get("auditor", "/audit/events", until=day), 422)


@pytest.mark.parametrize("moment", MOMENTS)
def test_as_of_at_the_ends_of_the_calendar(client, api, raised, moment):
    login(client, "sec_segou")
    for path in ("/", f"/recommendations/{raised}", "/recommandations.csv"):
        assert_refused(client.get(path, query_string={"as_of": moment}), 422)
    for path in ("/recommendations", f"/recommendations/{raised}",
                 f"/recommendations/{raised}/history", "/recommendations.csv"):
        response = api.get("sec_segou", path, as_of=moment)
        assert_refused(response, 422)
        assert "as_of" in response.get_json()["errors"]


def test_a_notifications_cursor_of_twenty_digits(client, web_people):
    login(client, "sec_segou")
    assert client.get(f"/notifications?avant={HUGE}").status_code == 200


def test_a_superscript_digit_as_a_notification_position(client, web_people):
    login(client, "sec_segou")
    response = client.post("/notifications/lues", data={"position": "²"})
    assert response.status_code in (303, 400, 422)


@pytest.mark.parametrize("q", ["abc\x00def", 'abc"def', "\"", "a*b OR", "NEAR(", "-x"])
def test_a_search_with_a_nul_or_a_lone_quote(client, api, raised, q):
    login(client, "crss")
    assert client.get("/", query_string={"q": q}).status_code in (200, 422)
    response = api.get("crss", "/recommendations", q=q)
    assert response.status_code in (200, 422), response.get_data(as_text=True)[:300]


@pytest.mark.parametrize("field", ["actor", "commune"])
def test_a_nul_in_the_audit_filters(client, api, web_people, field):
    login(client, "auditor")
    assert client.get("/audit/", query_string={field: "a\x00b"}).status_code in (200, 422)
    assert api.get("auditor", "/audit/events", **{field: "a\x00b"}).status_code in (200, 422)


def test_a_json_body_nested_a_hundred_thousand_deep(api, tracker):
    before = event_count(tracker)
    response = api.client.post("/api/v1/recommendations", data="[" * 100_000,
                               headers={**api.headers("sec_segou"),
                                        "Content-Type": "application/json"})
    assert_refused(response, 400)
    assert "JSON" in response.get_json()["error"]
    assert event_count(tracker) == before
