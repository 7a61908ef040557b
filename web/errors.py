"""Domain and application refusals mapped to HTTP answers, in one place.

The API answers JSON; pages answer an error page (or, for htmx, a fragment that the page
shows in its message area); both in the reader's language."""

from __future__ import annotations

from flask import current_app, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from domain.account import AccountStateError
from domain.attachments import MOST_ATTACHMENTS
from domain.messages import N_, message_of
from domain.recommendation import (
    ChasedUpRecently, InvalidInput, NothingChanged, TransitionRefused,
)
from domain.session import SessionStateRefused
from tracker.authorization import NotFound, NotPermitted, NotYourLevel, StaleVersion
from web import drafts
from web.i18n import translate, translate_errors

STATUS_OF = {
    InvalidInput: 422,
    NothingChanged: 422,
    NotPermitted: 403,
    NotFound: 404,
    NotYourLevel: 409,
    TransitionRefused: 409,
    StaleVersion: 409,
    ChasedUpRecently: 409,
    AccountStateError: 409,
    SessionStateRefused: 409,
}
TITLES = {
    400: N_("Requête invalide"), 401: N_("Connexion requise"), 403: N_("Action non autorisée"),
    404: N_("Introuvable"), 405: N_("Méthode non permise"),
    409: N_("Action impossible pour le moment"), 413: N_("Envoi trop volumineux"),
    422: N_("Saisie invalide"), 429: N_("Trop de requêtes"),
    500: N_("Erreur du serveur"),
}


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def register(app) -> None:
    for error_class, status in STATUS_OF.items():
        app.register_error_handler(error_class, _domain_handler(status))
    app.register_error_handler(HTTPException, _http_error)


def _domain_handler(status: int):
    def handle(error):
        errors = getattr(error, "errors", None) if status == 422 else None
        if is_api_request():
            body = ({"errors": translate_errors(errors)} if errors
                    else {"error": translate(message_of(error))})
            return jsonify(body), status
        message = translate(message_of(error))
        if errors:  # forms show these beside their fields; a link has no field to show them by
            message = " ".join([message, *(text for texts in translate_errors(errors).values()
                                           for text in texts)])
        return _page(status, message)
    return handle


def _http_error(error: HTTPException):
    if error.code == 429:
        return _too_many_requests()
    if error.code == 413:  # the body was not read: nothing of it is recorded
        error.description = _too_large()
    if is_api_request():
        # Werkzeug's stock descriptions are English: say ours instead.
        described = error.description != type(error).description
        message = (translate(error.description) if described
                   else translate(TITLES.get(error.code, N_("Erreur"))))
        return jsonify({"error": message}), error.code
    if error.code == 400 and "CSRF" in (error.description or ""):
        # Most often a form posted after its session ended: keep what was typed.
        kept = drafts.after_session_expired()
        if kept is not None:
            return kept
        return _page(400, _("Le formulaire a expiré ou n'est pas valide. "
                            "Rechargez la page et recommencez."))
    return _page(error.code or 500, error.description if error.code == 413 else None)


def _too_many_requests():
    """A limit of web/limits.py reached: say how long to wait, in words and in Retry-After."""
    from web import auth, limits

    seconds = limits.seconds_to_wait()
    if request.endpoint == "auth.login":
        response = make_response(auth.too_many_attempts(seconds))
    elif is_api_request():
        response = make_response(jsonify({"error": limits.wait_message(seconds, False)}), 429)
    else:
        response = make_response(_page(429, limits.wait_message(seconds, False)))
    response.headers["Retry-After"] = str(seconds)
    return response


def _too_large() -> str:
    from web import limits

    settings = current_app.extensions["tracker"].settings
    if not limits.may_bring_files():
        return _("L'envoi dépasse la taille permise (%(size)d Mo). Rien n'a été enregistré.",
                 size=settings.max_request_mb)
    return _("L'envoi dépasse la taille permise (%(count)d fichiers de %(size)d Mo au plus). "
             "Rien n'a été enregistré : choisissez des fichiers moins lourds ou moins "
             "nombreux.", count=MOST_ATTACHMENTS, size=settings.max_upload_mb)


def _page(status: int, message: str | None):
    template = "errors/_message.html" if request.headers.get("HX-Request") else "errors/page.html"
    return render_template(template, status=status, title=translate(TITLES.get(status, N_("Erreur"))),
                           message=message), status
