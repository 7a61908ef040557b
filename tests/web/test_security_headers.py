"""Every answer tells the browser what the page may do: its own scripts and styles only
(no inline script, no eval), never framed, nosniff, a same-origin referrer; a served file
keeps its stricter policy; the session cookie is Secure over HTTPS."""

from __future__ import annotations

import re

import pytest

from tests.conftest import login
from web.security import CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("path", ["/login", "/", "/recommendations/nouvelle", "/sessions"])
def test_pages_carry_the_policy(client, web_people, path):
    login(client, "sec_segou")
    response = client.get(path)
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
    assert "'unsafe-eval'" not in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_hold_no_inline_script_style_or_handler(client, web_people):
    login(client, "sec_segou")
    for path in ("/", "/recommendations/nouvelle", "/indicateurs", "/sessions/nouvelle"):
        page = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), path
        assert not re.search(r"\sstyle=\"|\son[a-z]+=\"", page), path
        assert "[document." not in page, path  # an htmx trigger filter is eval
    assert '"allowEval":false' in client.get("/").text


def test_the_api_answers_carry_them_too(client, web_people):
    response = client.get("/api/v1/recommendations")
    assert response.status_code == 401
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_session_cookie_is_secure_over_https(app, web_people):
    from tests.conftest import PASSWORD
    over_tls = app.test_client()
    response = over_tls.post("/login", base_url="https://ccs.example.ml",
                             data={"username": "sec_segou", "password": PASSWORD})
    cookie = response.headers.get("Set-Cookie", "")
    assert "session=" in cookie and "Secure" in cookie
    plain = app.test_client().post("/login", data={"username": "sec_segou",
                                                   "password": PASSWORD})
    assert "Secure" not in plain.headers.get("Set-Cookie", "")  # a laptop's own http run
