"""Everyone's own password: changing it (the current one required), and, after an
administrator's reset, choosing it before anything else.

Passwords are read from the form as typed (no trimming: a space is a character of a
passphrase) and never kept in a draft or sent back in a page."""

from __future__ import annotations

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from domain.passwords import MINIMUM_PASSWORD_LENGTH
from domain.recommendation import InvalidInput
from web import services
from web.auth import remember_session_generation

blueprint = Blueprint("password", __name__)
# What a person who must choose a password may still reach.
_OPEN_WHILE_CHOOSING = frozenset({"password.change", "auth.logout", "auth.login", "static",
                                  "i18n.choose"})
# An htmx status of its own: swap nothing and stop polling (the inbox badge).
_STOP_POLLING = 286


@blueprint.route("/mot-de-passe", methods=["GET", "POST"])
@login_required
def change():
    principal = services.principal()
    errors = {}
    if request.method == "POST":
        new_password = request.form.get("new_password", "")
        if new_password != request.form.get("confirmation", ""):
            errors = {"confirmation": [_("Les deux nouveaux mots de passe ne sont pas "
                                         "identiques.")]}
        else:
            try:
                now = services.tracker().change_password(
                    principal, principal.username, request.form.get("current_password", ""),
                    new_password)
            except InvalidInput as error:
                errors = error.errors
            else:
                # This session goes on; every other one of the person has ended.
                remember_session_generation(now)
                services.wait_for_position()
                flash(_("Mot de passe changé."), "success")
                return _go_to(url_for("board.index"))
    template = "password/_form.html" if request.htmx else "password/change.html"
    return services.make_page(render_template(
        template, errors=errors, forced=principal.must_change_password,
        minimum=MINIMUM_PASSWORD_LENGTH), 422 if errors else 200)


@blueprint.before_app_request
def _choose_a_password_first():
    """After a reset, the temporary password opens only the page that replaces it."""
    if request.blueprint == "api" or request.endpoint in _OPEN_WHILE_CHOOSING:
        return None
    if not current_user.is_authenticated or not current_user.principal.must_change_password:
        return None
    if request.headers.get("HX-Request") and request.method == "GET":
        return make_response("", _STOP_POLLING)  # a poll would reload the page being typed in
    return _go_to(url_for("password.change"))


def _go_to(url: str):
    if request.headers.get("HX-Request"):
        response = make_response("", 200)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url, code=303)
