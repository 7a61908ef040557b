"""Administrators' pages for accounts: the list, creating one, and on each account its
role and territory, its title, its password (reset), its API tokens and its access.

Without JavaScript every form posts, then redirects to the account (POST → redirect →
GET). With htmx the same handlers answer the account's fragment, refreshed or with the
form in error (422) or refused (409). A secret (temporary password, API token) is shown
once, in the answer to the post that made it, never again."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from marshmallow import ValidationError

from domain.account import AccountStateError
from domain.messages import N_, message_of
from domain.recommendation import InvalidInput
from projections.account_queries import account_cards, account_row, tokens_of
from tracker.authorization import NotFound, require_admin
from web import services
from web.account_forms import CreateAccountSchema, RoleSchema, TitleSchema, territory_choices
from web.extensions import login_manager
from web.i18n import translate

blueprint = Blueprint("accounts", __name__)


@blueprint.before_request
def _administrators_only():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    require_admin(services.principal())  # 403 for anyone else, before any input is read


@blueprint.route("/comptes")
def index():
    services.refresh_read_models()
    return services.make_page(render_template(
        "accounts/index.html", accounts=account_cards(services.read_models().reader)))


@blueprint.route("/comptes/nouveau", methods=["GET", "POST"])
def new():
    values, errors = dict(request.form), {}
    if request.method == "POST":
        try:
            fields = CreateAccountSchema().load(request.form)
            password = services.tracker().create_account(services.principal(), **fields)
        except ValidationError as error:
            errors = error.messages
        except InvalidInput as error:
            errors = error.errors
        else:
            services.wait_for_position()
            return _secret(fields["username"], "created", password)
    template = "accounts/_create_form.html" if request.htmx else "accounts/new.html"
    return services.make_page(render_template(
        template, values=values, errors=errors, **_choices()), 422 if errors else 200)


@blueprint.route("/comptes/<username>")
def show(username):
    services.refresh_read_models()
    return _account_page(username)


@blueprint.route("/comptes/<username>/role", methods=["POST"])
def change_role(username):
    return _act(username, "role", RoleSchema, lambda tracker, by, fields: tracker.change_role(
        by, username, **fields), N_("Rôle et territoire enregistrés."))


@blueprint.route("/comptes/<username>/titre", methods=["POST"])
def change_title(username):
    return _act(username, "title", TitleSchema, lambda tracker, by, fields: tracker.change_title(
        by, username, fields["title"]), N_("Titre enregistré."))


@blueprint.route("/comptes/<username>/desactiver", methods=["POST"])
def disable(username):
    return _act(username, "access", None, lambda tracker, by, _: tracker.disable_account(
        by, username), N_("Compte désactivé : ses sessions et ses jetons ne fonctionnent plus."))


@blueprint.route("/comptes/<username>/reactiver", methods=["POST"])
def enable(username):
    return _act(username, "access", None, lambda tracker, by, _: tracker.enable_account(
        by, username), N_("Compte réactivé."))


@blueprint.route("/comptes/<username>/sessions/fermer", methods=["POST"])
def end_sessions(username):
    return _act(username, "sessions", None, lambda tracker, by, _: tracker.end_sessions(
        by, username), N_("Sessions fermées sur tous les appareils de la personne."))


@blueprint.route("/comptes/<username>/jetons/<token_id>/revoquer", methods=["POST"])
def revoke_token(username, token_id):
    return _act(username, "tokens", None, lambda tracker, by, _: tracker.revoke_token(
        by, username, token_id), N_("Jeton révoqué : il ne fonctionne plus."))


@blueprint.route("/comptes/<username>/mot-de-passe", methods=["POST"])
def reset_password(username):
    return _make_secret(username, "password", lambda tracker, by: tracker.reset_password(
        by, username))


@blueprint.route("/comptes/<username>/jetons", methods=["POST"])
def issue_token(username):
    return _make_secret(username, "token", lambda tracker, by: tracker.issue_token(
        by, username))


# ---- answering -----------------------------------------------------------------------------
def _act(username: str, form: str, schema, command, done):
    """Load the form with ``schema``, give ``command``; then the account, refreshed with
    ``done`` said, or with the form in error and what was typed kept."""
    services.refresh_read_models()
    _row(username)  # 404 before anything else for an unknown account
    try:
        fields = schema().load(request.form) if schema else {}
        command(services.tracker(), services.principal(), fields)
    except ValidationError as error:
        return _account_page(username, form, error.messages, 422)
    except InvalidInput as error:
        return _account_page(username, form, error.errors, 422)
    except AccountStateError as error:  # already done, perhaps by another administrator
        return _account_page(username, form, {"_schema": [message_of(error)]}, 409)
    services.wait_for_position()
    flash(translate(done), "success")
    if request.htmx:
        return _account_page(username)
    return redirect(url_for(".show", username=username), code=303)


def _make_secret(username: str, kind: str, command):
    form = "password" if kind == "password" else "tokens"
    services.refresh_read_models()
    _row(username)
    try:
        secret = command(services.tracker(), services.principal())
    except AccountStateError as error:
        return _account_page(username, form, {"_schema": [message_of(error)]}, 409)
    services.wait_for_position()
    return _secret(username, kind, secret)


def _secret(username: str, kind: str, secret: str):
    template = "accounts/_secret.html" if request.htmx else "accounts/secret.html"
    response = services.make_page(render_template(
        template, account=_row(username), kind=kind, secret=secret))
    response.headers["HX-Push-Url"] = "false"  # the secret's address shows nothing again
    return response


def _account_page(username: str, form: str | None = None, errors: dict | None = None,
                  status: int = 200):
    account = _row(username)
    template = "accounts/_account.html" if request.htmx else "accounts/show.html"
    response = services.make_page(render_template(
        template, account=account, tokens=tokens_of(services.read_models().reader,
                                                    account["id"]),
        form_in_error=form, errors=errors or {},
        values=dict(request.form) if errors else {},
        is_self=account["username"].lower() == services.principal().username.lower(),
        **_choices()), status)
    response.vary.add("HX-Request")
    return response


def _row(username: str) -> dict:
    row = account_row(services.read_models().reader, username)
    if row is None:
        raise NotFound(N_("Compte inconnu : « %(username)s ».", username=username))
    return row


def _choices() -> dict:
    return territory_choices(services.tracker().reference)
