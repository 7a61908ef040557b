"""The API's JSON written by orjson reads exactly as Flask's own encoder wrote it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from uuid import UUID

import pytest
from flask import Flask
from flask.json.provider import DefaultJSONProvider

from web.json_answers import FastJSONProvider


@dataclass
class _Shape:
    side: int
    name: str


DOCUMENTS = [
    {"zeta": 1, "alpha": "Ségou — lampadaires", "list": [1.5, None, True, -3]},
    {"at": datetime(2026, 3, 10, 9, 30, tzinfo=timezone.utc), "on": date(2026, 3, 10),
     "id": UUID("12345678-1234-5678-1234-567812345678"), "shape": _Shape(3, "carré"),
     "amount": Decimal("12.50")},
    {"wide": 2**70, "nested": {"b": {"d": 1, "c": 2}, "a": []}},
    {7: "a key that is not text"},
    ["a list at the top", {"y": 1, "x": 2}],
]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_text_reads_as_flasks_own(document):
    app = Flask(__name__)
    flasks, ours = DefaultJSONProvider(app), FastJSONProvider(app)
    assert json.loads(ours.dumps(document)) == json.loads(flasks.dumps(document))
    # Keys in the same order as Flask's (sorted), not only the same values.
    assert list(json.loads(ours.dumps(document)) if isinstance(document, dict) else []) \
        == list(json.loads(flasks.dumps(document)) if isinstance(document, dict) else [])


def test_an_answer_is_compact_utf8_json_unless_debugging():
    app = Flask(__name__)
    app.json = FastJSONProvider(app)
    with app.app_context():
        answer = app.json.response({"b": "é", "a": 1})
        assert answer.mimetype == "application/json"
        assert answer.get_data() == '{"a":1,"b":"é"}\n'.encode()
        app.debug = True
        assert b'\n  "a": 1' in app.json.response({"b": "é", "a": 1}).get_data()


def test_the_application_answers_through_it(client):
    assert isinstance(client.application.json, FastJSONProvider)
