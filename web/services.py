"""Access to the tracker, its read models and the signed-in person from a request."""

from __future__ import annotations

from flask import current_app, g
from flask_login import current_user

from projections.runner import ReadModels
from tracker.application import Tracker
from tracker.authorization import Principal


def tracker() -> Tracker:
    return current_app.extensions["tracker"]


def read_models() -> ReadModels:
    return current_app.extensions["read_models"]


def principal() -> Principal:
    """The person acting: the API's bearer-token holder, else the signed-in user."""
    if getattr(g, "api_principal", None) is not None:
        return g.api_principal
    return current_user.principal


def make_page(body: str, status: int = 200):
    """A page or fragment response; it holds case files, so no shared cache may keep it."""
    from flask import make_response

    response = make_response(body, status)
    response.headers["Cache-Control"] = "no-store"
    return response
