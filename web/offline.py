"""Working without a connection: the installable shell, the service worker, and the outbox.

Communes with a CCS often have mobile data that comes and goes. With JavaScript, the
tracker keeps working through a cut (web/static/js/offline.js, web/static/js/sw.js):

- the **service worker** (``/sw.js``, served from the site's root so that it covers every
  page) keeps the static files, the forms and the pages last seen, and shows a page seen
  before, marked « hors connexion — vu le … », when the network does not answer;
- a form that can be written offline (a recommendation, a CCS session and its sitting, a
  note, a follow-up) is kept on the device, in IndexedDB, with a ``request_id`` of its
  own and the account it belongs to, and sent again through the same form once the network
  is back: the server records a ``request_id`` once, so a repeated send never doubles;
- ``/hors-ligne`` lists what waits, with its state and the server's refusal if any.

Without JavaScript nothing changes: the forms post as they always did. Nothing here records
anything by itself: entries go through the pages' own views, rules and limits."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, current_app, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf

from domain.catalogue import OFFLINE_ACTIONS
from web import services

blueprint = Blueprint("offline", __name__)
STATIC = Path(__file__).resolve().parent / "static"
# Sent by the service worker with each fetch of its own (sw.js reads the name from CONFIG).
BACKGROUND_HEADER = "X-Background"
# What the service worker keeps from its installation on: the shell and the outbox page.
SHELL = ("css/app.css", "vendor/htmx.min.js", "js/app.js", "js/offline.js", "icons/icon.svg")
# A page seen offline says so, in the language it was seen in.
SEEN_OFFLINE = {"fr": "Hors connexion — page vue le {when}.",
                "en": "Offline — page seen on {when}."}
NOT_SEEN = {"fr": "Hors connexion : cette page n'a pas encore été ouverte sur cet appareil.",
            "en": "Offline: this page has not been opened on this device yet."}


@blueprint.get("/sw.js")
def service_worker():
    """The service worker, with this release's version and file names written in: a new
    release is a new script, which replaces the old one and its caches by itself."""
    shell = [url_for("static", filename=name) for name in SHELL]
    shell.append(url_for("offline.outbox"))
    script = _script("js/sw.js").replace(
        "/*CONFIG*/", json.dumps({
            "version": _release(shell), "shell": shell,
            "seenOffline": SEEN_OFFLINE, "notSeen": NOT_SEEN,
            "backgroundHeader": BACKGROUND_HEADER,
            # Never kept: answers that change with every request or that are files.
            "neverKept": ["/api/", "/pieces/", "/login", "/logout", "/langue/",
                          "/hors-ligne/qui", "/sw.js"],
        }, ensure_ascii=False))
    response = current_app.response_class(script, mimetype="text/javascript")
    # Looked at again on each visit (browsers check at most once a day anyway).
    response.headers["Cache-Control"] = "no-cache"
    return response


@blueprint.get("/manifest.webmanifest")
def manifest():
    """What makes the tracker installable on a phone's home screen."""
    body = {
        "name": _("Suivi des recommandations des CCS"), "short_name": _("Suivi des CCS"),
        "lang": "fr", "start_url": url_for("board.index"), "scope": "/",
        "display": "standalone", "background_color": "#ffffff", "theme_color": "#1d4e89",
        "icons": [{"src": url_for("static", filename="icons/icon.svg"), "sizes": "any",
                   "type": "image/svg+xml", "purpose": "any"},
                  {"src": url_for("static", filename="icons/icon-192.png"),
                   "sizes": "192x192", "type": "image/png"},
                  {"src": url_for("static", filename="icons/icon-512.png"),
                   "sizes": "512x512", "type": "image/png"}],
    }
    response = current_app.response_class(json.dumps(body, ensure_ascii=False),
                                          mimetype="application/manifest+json")
    response.headers["Cache-Control"] = "no-cache"
    return response


@blueprint.get("/hors-ligne")
@login_required
def outbox():
    """The entries waiting on this device; the list is drawn by offline.js from IndexedDB
    (the server never sees them until they are sent)."""
    return services.make_page(render_template("offline/outbox.html"))


@blueprint.get("/hors-ligne/qui")
def who():
    """Who is signed in, and a fresh form token, just before the outbox sends: it sends an
    entry only under the session of the person who saved it (401: nobody signed in)."""
    if not current_user.is_authenticated:
        return jsonify({"user": None}), 401
    response = jsonify({"user": current_user.get_id(), "csrf_token": generate_csrf()})
    response.headers["Cache-Control"] = "no-store"
    return response


def is_outbox_request() -> bool:
    """A post sent again by the outbox: it wants a plain status, never a draft kept or a
    redirection to the sign-in page (web/drafts.py), which would look like success."""
    return request.headers.get("X-Outbox") == "1"


def is_background_fetch() -> bool:
    """A fetch of the service worker's own (its shell, the forms kept ahead of need), not
    something the person asked for: it never writes the session cookie (web/assets.py) nor
    leaves a message for the next page (web/drafts.py)."""
    return request.headers.get(BACKGROUND_HEADER) == "1"


@lru_cache(maxsize=8)
def _script_cached(name: str, modified_ns: int) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def _script(name: str) -> str:
    return _script_cached(name, (STATIC / name).stat().st_mtime_ns)


def _release(shell: list[str]) -> str:
    """Changes whenever the shell's files or the service worker change."""
    digest = hashlib.sha256("\n".join(shell).encode())
    digest.update(_script("js/sw.js").encode())
    return digest.hexdigest()[:12]


def register(app) -> None:
    app.register_blueprint(blueprint)
    # The file actions whose forms may be kept offline: the catalogue says which.
    app.jinja_env.globals.update(OFFLINE_COMMANDS=OFFLINE_ACTIONS)
