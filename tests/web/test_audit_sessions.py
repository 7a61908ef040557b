"""Session events in the auditor's log: every one, with who and when, named by its day."""

from __future__ import annotations

from tests.conftest import login
from tests.web.test_api import Api, api, tracker  # noqa: F401
from tests.web.test_api_sessions import session_body


def test_the_audit_log_shows_session_events_named_by_their_day(api, client, clock):
    session_id = api.post("sec_segou", "/sessions", session_body(clock)).json["id"]
    events = api.get("auditor", "/audit/events").json["items"]
    mine = [item for item in events if item["aggregate"]["id"] == session_id]
    assert [item["type"] for item in mine] == ["MinutesWritten", "AttendanceRecorded",
                                               "Recorded"]
    assert {item["aggregate"]["type"] for item in mine} == {"session"}
    assert mine[0]["actor"] == {"username": "sec_segou", "name": "Sec Segou",
                                "role": "secretary"}
    assert mine[0]["commune"] == "segou"

    login(client, "auditor")
    page = client.get("/audit/").text
    assert "Session enregistrée" in page and "Procès-verbal rédigé" in page
    assert "session du CCS du" in page
