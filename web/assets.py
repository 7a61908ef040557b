"""Static files with their content hash in the URL, cached for a year; pages compressed.

``url_for('static', filename='css/app.css')`` gives ``/static/css/app.<hash>.css``: a phone
on a slow link downloads the stylesheet and htmx once, and a new release changes the URL
instead of waiting for a cache to expire. Pages themselves stay ``no-store``
(web/services.py): they hold case files."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

from flask import Flask, abort, request, send_from_directory
from flask.sessions import SecureCookieSessionInterface
from werkzeug.security import safe_join

from web.extensions import compress
from web.offline import is_background_fetch

IMMUTABLE = "public, max-age=31536000, immutable"
# `name.0123456789ab.ext`: the hash sits before the last extension.
FINGERPRINTED = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{12})(?P<suffix>\.[^./]+)$")


def register(app: Flask) -> None:
    app.config.setdefault("COMPRESS_MIMETYPES", [
        "text/html", "text/css", "text/javascript", "application/javascript",
        "application/json", "image/svg+xml", "text/csv"])
    compress.init_app(app)
    app.session_interface = SessionWrittenByPagesOnly()
    folder = Path(app.static_folder)

    @app.after_request
    def pages_are_not_stored(response):
        # Every page holds case files or a form token: no cache may keep one, unless the
        # view said otherwise (static files, below).
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.url_defaults
    def fingerprint(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values:
            values["filename"] = fingerprinted_name(folder, values["filename"])

    def static(filename: str):
        if safe_join(str(folder), filename) is None:
            abort(404)
        match = FINGERPRINTED.match(filename)
        if match:
            original = match["stem"] + match["suffix"]
            if fingerprinted_name(folder, original) == filename:
                response = send_from_directory(folder, original)
                response.headers["Cache-Control"] = IMMUTABLE
                return response
        # An old or unhashed name: still served, but checked again on each use.
        response = send_from_directory(folder, filename)
        response.headers["Cache-Control"] = "no-cache"
        return response

    app.view_functions["static"] = static


def fingerprinted_name(folder: Path, filename: str) -> str:
    """``css/app.css`` → ``css/app.<first 12 hex of its sha256>.css``; unchanged if absent."""
    joined = safe_join(str(folder), filename)
    suffix = Path(filename).suffix
    if joined is None or not suffix:
        return filename
    path = Path(joined)
    try:
        stat = path.stat()
    except OSError:
        return filename
    if not path.is_file():
        return filename
    digest = _digest(path, stat.st_mtime_ns, stat.st_size)
    return f"{filename.removesuffix(suffix)}.{digest}{suffix}"


@lru_cache(maxsize=256)
def _digest(path: Path, modified_ns: int, size: int) -> str:
    # Keyed on the file's time and size too, so an edited file gets a new URL at once.
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


class SessionWrittenByPagesOnly(SecureCookieSessionInterface):
    """The session cookie is written by what the person asked for, nothing else.

    - Static files neither set it nor vary on it: with ``Vary: Cookie`` (Flask-Login reads
      the session on every request) a browser would fetch them again each time the session
      changes, i.e. after nearly every action.
    - The service worker's fetches in the background (its shell, the forms kept ahead of
      need) never set it: one that set out before a sign-in and came back after it would
      put the cookie it left with back in place, signing the person out again (on a slow
      link the worker's first fetches take seconds, time enough to sign in)."""

    def save_session(self, app, session, response) -> None:
        if request.endpoint == "static" or is_background_fetch():
            return
        super().save_session(app, session, response)
