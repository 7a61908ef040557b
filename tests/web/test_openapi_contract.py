"""The published API contract (GET /api/v1/openapi.json, web/openapi.py): it documents
every /api/v1 route, and Schemathesis fuzzes every operation against it on both stores:
no answer is a server error, and every status, content type and body is the one the
document promises.

The fuzzing is bounded (a few examples per operation, derandomized so that a run is the
same every time): it is a tripwire for contract breaks and 5xx, not a soak test."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance, ignored_auth, response_schema_conformance,
    status_code_conformance,
)

from domain.catalogue import ACTIONS, SESSION_ACTIONS
from tests.conftest import raise_fields
from tracker.reference import load_reference
from web.openapi import build_document

DOCUMENT = "/api/v1/openapi.json"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, ignored_auth]
# Boundary values (the coverage phase) and fuzzing, valid and invalid input alike; not the
# stateful phase: the document declares no links from one operation's answer to another.
CONFIG = {"generation": {"mode": "all", "deterministic": True},
          "phases": {"stateful": {"enabled": False}}}


# ---- the document --------------------------------------------------------------------------
def test_the_document_is_public_and_may_be_cached(client):
    response = client.get(DOCUMENT)
    assert response.status_code == 200
    assert response.json["openapi"] == "3.1.0"
    assert response.headers["Cache-Control"] == "public, max-age=3600"
    again = client.get(DOCUMENT, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_the_document_is_built_once_per_process(app, client):
    first = client.get(DOCUMENT).get_data()
    app.extensions["openapi_document"] = '{"openapi": "3.1.0", "built": "once"}'
    assert client.get(DOCUMENT).json["built"] == "once"  # not rebuilt: served as kept
    assert first != client.get(DOCUMENT).get_data()


def test_the_document_lists_every_api_route_and_method(app, client):
    """A new /api/v1 route without documentation fails here; so does a documented path
    that no route answers."""
    paths = client.get(DOCUMENT).json["paths"]
    adapter = app.url_map.bind("localhost")
    documented = set()
    for path, operations in paths.items():
        concrete = (path.replace("{recommendation_id}", "6f1c2a9e-0000-4000-8000-000000000000")
                    .replace("{session_id}", "6f1c2a9e-0000-4000-8000-000000000001")
                    .replace("{sha256}", "0" * 64))
        assert "{" not in concrete, f"{path}: a path parameter this test does not know"
        for method in operations:
            endpoint, _arguments = adapter.match(concrete, method=method.upper())
            documented.add((endpoint, method.upper()))
    routes = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/v1/")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes - documented == set()


def test_every_command_has_its_own_documented_path(client):
    paths = client.get(DOCUMENT).json["paths"]
    assert {path.rsplit("/", 1)[1] for path in paths
            if path.startswith("/api/v1/recommendations/{recommendation_id}/")} \
        == {*ACTIONS, "history"}
    assert {path.rsplit("/", 1)[1] for path in paths
            if path.startswith("/api/v1/sessions/{session_id}/")} \
        == {*SESSION_ACTIONS, "recommendations"}


def test_every_operation_but_the_document_needs_a_bearer_token(client):
    document = client.get(DOCUMENT).json
    scheme = document["components"]["securitySchemes"]["jeton"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert document["security"] == [{"jeton": []}]
    public = [(path, method) for path, operations in document["paths"].items()
              for method, operation in operations.items() if "security" in operation]
    assert public == [(DOCUMENT, "get")]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if path != DOCUMENT:
                assert "401" in operation["responses"], (path, method)


# ---- fuzzing -----------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def unlimited_writes(monkeypatch):
    # Fuzzing writes far more than a person does in a minute; the limit would answer most
    # of them 429 (documented) before their input is even read.
    monkeypatch.setenv("TRACKER_WRITES_PER_MINUTE", "0")


@pytest.fixture
def scene(app, web_people, clock):
    """Tokens (a secretary for everything, the auditor for the audit log, which only
    auditors read) and one file and one session of the secretary's commune, which the
    fuzzed requests act on instead of random ids that would only ever answer 404."""
    tracker = app.extensions["tracker"]
    secretary = web_people["sec_segou"]
    file_id = tracker.raise_recommendation(secretary, **raise_fields(clock)).recommendation_id
    session_id = tracker.record_session(
        secretary, commune="segou", region="segou", held_on=clock.today - timedelta(days=2),
        place="Mairie de Ségou", chaired_by="Le maire", agenda=["Éclairage"]
    ).recommendation_id
    return {"secretary": tracker.issue_token(None, "sec_segou"),
            "auditor": tracker.issue_token(None, "auditor"),
            "recommendation_id": str(file_id), "session_id": str(session_id)}


# The document as the app builds it, loaded once at collection so that each operation is a
# test of its own; test_the_fuzzed_document_is_the_published_one ties it to what is served.
contract = schemathesis.openapi.from_dict(build_document(load_reference()),
                                          config=SchemathesisConfig.from_dict(CONFIG))


def test_the_fuzzed_document_is_the_published_one(client):
    assert client.get(DOCUMENT).json == json.loads(json.dumps(contract.raw_schema))


@contract.parametrize()
@settings(max_examples=20, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_every_answer_keeps_the_contract(case, app, scene):
    for name in ("recommendation_id", "session_id"):
        if name in (case.path_parameters or {}):
            case.path_parameters[name] = scene[name]
    holder = "auditor" if case.path.startswith("/api/v1/audit/") else "secretary"
    # The document was loaded before any app existed: requests, and the checks' own probes
    # (a call without the token), go to this test's app.
    case.operation.app = case.operation.schema.app = app
    # identity: the app compresses large answers (flask-compress) and Schemathesis's WSGI
    # transport asks for gzip as a browser would, but hands the checks the bytes undecoded.
    case.call_and_validate(headers={"Authorization": f"Bearer {scene[holder]}",
                                    "Accept-Encoding": "identity"}, checks=CHECKS)


# ---- what the fuzzing found, kept as plain tests --------------------------------------------
def multipart(parts: dict[str, str], boundary: str = "frontiere") -> bytes:
    lines = []
    for name, value in parts.items():
        lines += [f"--{boundary}", f'Content-Disposition: form-data; name="{name}"', "", value]
    return "\r\n".join([*lines, f"--{boundary}--", ""]).encode()


def test_a_form_part_whose_name_cannot_be_read_is_ignored_not_a_500(app, web_people, clock):
    token = app.extensions["tracker"].issue_token(None, "sec_segou")
    body = multipart({"\r": "null", "title": "Lampadaires au marché", "theme": "autre",
                      "meeting_date": (clock.today - timedelta(days=1)).isoformat()})
    response = app.test_client().post(
        "/api/v1/recommendations", data=body, headers={"Authorization": f"Bearer {token}"},
        content_type="multipart/form-data; boundary=frontiere")
    assert response.status_code == 201
    assert response.json["title"] == "Lampadaires au marché"
