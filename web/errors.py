"""Domain and application refusals mapped to HTTP answers, in one place.

The API answers JSON; pages answer a French error page (or, for htmx, a fragment that
the page shows in its message area)."""

from __future__ import annotations

from flask import jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from domain.account import AccountStateError
from domain.recommendation import InvalidInput, NothingChanged, TransitionRefused
from tracker.authorization import NotFound, NotPermitted, NotYourLevel, StaleVersion

STATUS_OF = {
    InvalidInput: 422,
    NothingChanged: 422,
    NotPermitted: 403,
    NotFound: 404,
    NotYourLevel: 409,
    TransitionRefused: 409,
    StaleVersion: 409,
    AccountStateError: 409,
}
TITLES = {
    400: "Requête invalide", 401: "Connexion requise", 403: "Action non autorisée",
    404: "Introuvable", 405: "Méthode non permise", 409: "Action impossible pour le moment",
    422: "Saisie invalide", 500: "Erreur du serveur",
}


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def register(app) -> None:
    for error_class, status in STATUS_OF.items():
        app.register_error_handler(error_class, _domain_handler(status))
    app.register_error_handler(HTTPException, _http_error)


def _domain_handler(status: int):
    def handle(error):
        if is_api_request():
            errors = getattr(error, "errors", None)
            body = {"errors": errors} if status == 422 and errors else {"error": str(error)}
            return jsonify(body), status
        return _page(status, str(error))
    return handle


def _http_error(error: HTTPException):
    if is_api_request():
        return jsonify({"error": error.description}), error.code
    if error.code == 400 and "CSRF" in (error.description or ""):
        return _page(400, "Le formulaire a expiré ou n'est pas valide. "
                          "Rechargez la page et recommencez.")
    return _page(error.code or 500, None)


def _page(status: int, message: str | None):
    template = "errors/_message.html" if request.headers.get("HX-Request") else "errors/page.html"
    return render_template(template, status=status, title=TITLES.get(status, "Erreur"),
                           message=message), status
