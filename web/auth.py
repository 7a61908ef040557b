"""Signing in and out of the pages (the API uses bearer tokens instead, see web/api.py)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import UserMixin, current_user, login_required, login_user, logout_user

from tracker.authorization import Principal
from web import services
from web.extensions import login_manager
from web.limits import sign_in_limits, wait_message
from web.session_lifetime import lifetime

blueprint = Blueprint("auth", __name__)
# The account's session generation when this session was signed in (tracker/sign_in.py).
GENERATION_KEY = "account_generation"


class SessionUser(UserMixin):
    """Flask-Login's view of a principal; the session keeps only the account id."""

    def __init__(self, principal: Principal):
        self.principal = principal

    def get_id(self) -> str:
        return self.principal.user_id.hex


@login_manager.user_loader
def load_user(user_id: str):
    from uuid import UUID

    try:
        principal = services.tracker().principal(UUID(hex=user_id))
    except ValueError:
        return None
    # Signed in before a password change, a reset, a disable or an administrator's
    # « déconnecter partout »: this session has ended. So has one signed out of, idle too
    # long or too old (web/session_lifetime.py).
    if (principal is None or session.get(GENERATION_KEY) != principal.session_generation
            or not lifetime().is_current()):
        return None
    return SessionUser(principal)


def remember_session_generation(principal: Principal) -> None:
    """Tie this session to the account's present generation (at sign-in, and after the
    person changed their own password here)."""
    session[GENERATION_KEY] = principal.session_generation


@blueprint.route("/login", methods=["GET", "POST"])
@sign_in_limits
def login():
    if current_user.is_authenticated:
        return redirect(url_for("board.index"))
    error = None
    if request.method == "POST":
        principal = services.tracker().authenticate_password(
            request.form.get("username", "").strip(), request.form.get("password", ""))
        if principal:
            login_user(SessionUser(principal))
            lifetime().begin()
            remember_session_generation(principal)
            flash(_("Bienvenue, %(name)s.", name=principal.display_name), "success")
            return redirect(_safe_next(request.args.get("next")))
        error = _("Identifiant ou mot de passe incorrect.")
    status = 401 if error else 200
    return render_template("auth/login.html", error=error,
                           username=request.form.get("username", "")), status


@blueprint.route("/logout", methods=["POST"])
@login_required
def logout():
    lifetime().end()
    logout_user()
    flash(_("Déconnexion effectuée."), "info")
    return redirect(url_for("auth.login"))


def too_many_attempts(seconds: int):
    """The sign-in page again, saying how long to wait (web/limits.py)."""
    return render_template("auth/login.html", error=wait_message(seconds, sign_in=True),
                           username=request.form.get("username", "")), 429


def _safe_next(target: str | None) -> str:
    """Only return to a page of this site after signing in (no open redirect)."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/"):
            return target
    return url_for("board.index")
