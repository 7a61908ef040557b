"""Access to the tracker, its read models and the signed-in person from a request."""

from __future__ import annotations

from flask import current_app, flash, g, request
from flask_login import current_user
from flask_babel import gettext as _

from projections.runner import ReadModels, ReadModelsBehind
from tracker.application import Tracker
from tracker.authorization import Principal


def tracker() -> Tracker:
    return current_app.extensions["tracker"]


def now():
    """The time it is for the application: its clock, which tests move (never the wall
    clock read directly), so that what is overdue is decided the same way everywhere."""
    return tracker().clock()


def read_models() -> ReadModels:
    return current_app.extensions["read_models"]


def refresh_read_models() -> None:
    """Before reading the board or a history (a no-op when a projector keeps them current)."""
    _seal_what_was_applied(read_models().refresh())


def _seal_what_was_applied(applied: int) -> None:
    """Without a projector, the process that applies new events to the read models also
    seals them into the audit chain (tracker/chain.py); nothing new, nothing to seal."""
    if applied:
        current_app.extensions["chain"].seal()


def wait_for_position(position: int | None = None) -> bool:
    """Make the read models include ``position`` (default: everything recorded so far),
    so the person sees their own write. False, with a message on pages, if the projector
    did not get there in time: what was recorded is safe, only the display lags."""
    if position is None:
        position = tracker().recorder.max_notification_id() or 0
    try:
        _seal_what_was_applied(read_models().wait_for(position))
    except ReadModelsBehind:
        current_app.logger.warning("read models behind: projector not answering")
        if request.blueprint != "api":
            flash(_("L'enregistrement est fait, mais l'affichage n'est pas encore à jour : "
                    "le service de mise à jour des tableaux ne répond pas. Actualisez la "
                    "page dans un instant ; si cela dure, prévenez l'administrateur."),
                  "warning")
        return False
    return True


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
