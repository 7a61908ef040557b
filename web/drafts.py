"""What a person typed survives a session that ended while the form was open.

A form posted without a valid session (signed out in another tab, the browser restarted, the
session cookie lost) would be refused, by CSRFProtect first (its token is tied to the
session) or by ``login_required``. Instead, the fields typed (never a password or the CSRF
token) are kept as a draft, the person signs in again and comes back to the same form,
filled in, to send it themselves. The ``request_id`` travels with the fields: if the first
post had in fact been recorded, sending again records nothing twice.

Drafts are kept server-side, in a table beside the read models, for ``DRAFT_LIFETIME``,
under a random key held in the session: a description alone may be 5000 characters, past
the 4 KB a browser keeps for a cookie, and every web process (on every machine) must find
the draft another one kept. A draft is given back only to the person the form was shown to:
each form carries its owner's account id, signed (``form_owner``), so no one else signing
in on a shared computer sees it, and another site cannot plant text in someone's form."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import (
    current_app, flash, g, make_response, redirect, request, session, url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_url
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, insert, select

from domain.errors import DomainError
from storage.schema import create_tables
from storage.tables import DRAFTS, form_drafts as drafts
from web import attachments
from web.offline import is_background_fetch, is_outbox_request
from web.extensions import login_manager

DRAFT_LIFETIME = timedelta(days=2)  # long enough to sign in again after a night offline
OWNER_FIELD = "form_owner"
NEVER_KEPT = {"csrf_token", OWNER_FIELD}
# Kept in a draft whose form brought files: a draft keeps text, and a browser lets no page
# fill a file input, so the person is told to choose them again.
FILES_NOT_KEPT = "_files_not_kept"
SESSION_KEY = "drafts"  # {form path: draft key}, the few most recent
MOST_DRAFTS_PER_SESSION = 5
# Past any form of ours, not a dumping ground: the largest is a CCS session's sitting, 30
# rows of five fields (tracker/sessions.py), each description up to 5000 characters.
MOST_FIELDS, LONGEST_VALUE, LONGEST_DRAFT = 200, 20_000, 400_000


@dataclass(frozen=True)
class Draft:
    owner: str
    path: str
    fields: dict


class DraftStore:
    """Drafts in the database of the read models, each for ``DRAFT_LIFETIME``."""

    def __init__(self, engine, clock):
        self.engine, self.clock = engine, clock
        self._table_ready = False

    def keep(self, owner: str, path: str, fields: dict) -> str:
        """Keep ``fields`` typed by ``owner`` into the form at ``path``; returns its key."""
        self._create_table()
        key = secrets.token_urlsafe(32)
        now = self.clock()
        with self.engine.begin() as connection:
            connection.execute(delete(drafts).where(drafts.c.saved_at < now - DRAFT_LIFETIME))
            connection.execute(insert(drafts).values(id=key, owner=owner, path=path,
                                                     fields=fields, saved_at=now))
        return key

    def find(self, key: str) -> Draft | None:
        self._create_table()
        with self.engine.connect() as connection:
            row = connection.execute(select(drafts).where(
                drafts.c.id == key,
                drafts.c.saved_at >= self.clock() - DRAFT_LIFETIME)).first()
        return Draft(row.owner, row.path, dict(row.fields)) if row else None

    def discard(self, key: str) -> None:
        self._create_table()
        with self.engine.begin() as connection:
            connection.execute(delete(drafts).where(drafts.c.id == key))

    def _create_table(self) -> None:
        # On first use only: most processes never keep a draft.
        if self._table_ready:
            return
        create_tables(self.engine, DRAFTS)
        self._table_ready = True


def register(app) -> None:
    app.extensions["drafts"] = DraftStore(app.extensions["read_models"].engine,
                                          app.extensions["tracker"].clock)
    app.context_processor(lambda: {"form_owner": owner_token})
    login_manager.unauthorized_handler(_unauthorized)


# ---- forms: who they were shown to -------------------------------------------------------
def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="form-owner")


def owner_token() -> str:
    """The signed account id of the person a form is shown to (hidden ``form_owner``)."""
    return _signer().dumps(current_user.get_id()) if current_user.is_authenticated else ""


def _owner_of_posted_form() -> str | None:
    try:
        owner = _signer().loads(request.form.get(OWNER_FIELD, ""))
    except BadSignature:
        return None
    return owner if isinstance(owner, str) else None


# ---- a post that arrives without its session ---------------------------------------------
def after_session_expired():
    """For a form post refused for want of a valid session: keep what was typed and send the
    person to sign in (or, already signed in again elsewhere, straight back to the form).
    None when this request is not such a post, or the form is not one we can give back."""
    if not _is_form_post() or is_outbox_request():
        return None
    owner = _owner_of_posted_form()
    signed_in = current_user.is_authenticated
    if owner is None or (signed_in and owner != current_user.get_id()):
        return None
    fields = {name: value for name, value in request.form.items()
              if name not in NEVER_KEPT and "password" not in name}
    lengths = [len(value) for value in fields.values()]
    if attachments.files_chosen():
        fields[FILES_NOT_KEPT] = "1"
    if len(fields) > MOST_FIELDS or max(lengths, default=0) > LONGEST_VALUE \
            or sum(lengths) > LONGEST_DRAFT:
        return None
    _remember(request.path, _store().keep(owner, request.path, fields))
    if signed_in:  # a new session in another tab: only this form's token was stale
        flash(_("Ce formulaire avait expiré : ce que vous aviez saisi est conservé. "
                "Vérifiez, puis envoyez-le à nouveau."), "warning")
        return _go_to(request.path)
    flash(_("Votre session a expiré. Reconnectez-vous : ce que vous aviez saisi est "
            "conservé."), "warning")
    return _go_to(url_for("auth.login", next=request.path))


def _is_form_post() -> bool:
    # A page form whose address also shows it (GET): where the person will come back to.
    rule = request.url_rule
    return (request.method == "POST" and rule is not None and "GET" in rule.methods
            and request.blueprint not in ("api", "auth", "i18n") and bool(request.form))


def _unauthorized():
    # The device's outbox keeps the entry itself, and the service worker keeps nothing it
    # is refused: a plain 401 (a message left for the next page would greet the person
    # after signing in).
    if is_outbox_request() or is_background_fetch():
        return make_response("", 401)
    kept = after_session_expired()
    if kept is not None:
        return kept
    # Flask-Login's own answer, except that htmx is asked to load the sign-in page itself
    # rather than swap it into the part of the page that asked.
    flash(str(login_manager.login_message), login_manager.login_message_category)
    target = login_url(login_manager.login_view, next_url=request.url)
    if request.headers.get("HX-Request"):
        return _go_to(target)
    return redirect(target)


def _go_to(url: str):
    if request.headers.get("HX-Request"):
        response = make_response("", 200)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url, code=303)


# ---- back in the form --------------------------------------------------------------------
def restore() -> dict | None:
    """The fields kept for the form at this address, if they belong to the person now signed
    in; the caller shows them (see ``announce_restored``)."""
    key = session.get(SESSION_KEY, {}).get(request.path)
    if key is None:
        return None
    draft = _store().find(key)
    if draft is None or draft.owner != current_user.get_id():
        forget()
        return None
    fields = dict(draft.fields)
    g.draft_files_not_kept = bool(fields.pop(FILES_NOT_KEPT, None))
    return fields


def not_possible_now(draft: dict | None, earlier, action: str, refusal: str, back: str):
    """The action of a form is no longer offered: if ``draft`` (brought back after signing
    in again) had in fact been recorded on its first post (``earlier(request_id)`` finds
    it), say so and drop it; otherwise say the action is not possible. Back to ``back``."""
    request_id = (draft or {}).get("request_id")
    try:
        recorded = request_id and earlier(request_id)
    except DomainError:
        recorded = None
    if recorded:
        forget()
        flash(_("%(action)s : c'était déjà enregistré.", action=action), "success")
    else:
        flash(refusal, "info")
    return redirect(back, code=303)


def announce_restored() -> None:
    if g.get("draft_files_not_kept"):
        flash(_("Voici ce que vous aviez saisi, sauf les fichiers joints : choisissez-les "
                "à nouveau. Vérifiez, puis envoyez."), "info")
        return
    flash(_("Voici ce que vous aviez saisi. Vérifiez, puis envoyez à nouveau."), "info")


def forget() -> None:
    """Drop the draft of the form at this address: it was sent again, or is not theirs."""
    kept = dict(session.get(SESSION_KEY, {}))
    key = kept.pop(request.path, None)
    if key is None:
        return
    session[SESSION_KEY] = kept
    _store().discard(key)


def _remember(path: str, key: str) -> None:
    kept = dict(session.get(SESSION_KEY, {}))
    earlier = kept.pop(path, None)
    if earlier:
        _store().discard(earlier)
    kept[path] = key
    while len(kept) > MOST_DRAFTS_PER_SESSION:  # the oldest go; their rows expire
        kept.pop(next(iter(kept)))
    session[SESSION_KEY] = kept


def _store() -> DraftStore:
    return current_app.extensions["drafts"]

