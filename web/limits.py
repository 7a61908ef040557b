"""How much one person or one address may ask of the server: sign-in attempts, writes, and
the size of a request.

- **Sign-in**: after 10 failed attempts for one username within 15 minutes, or 50 from one
  address, further attempts answer 429 with ``Retry-After`` and the page says how long to
  wait. Only failures count, and the window slides, so nobody is kept out for more than
  15 minutes after their last failure ages out — guessing costs an attacker weeks, and a
  flood of wrong passwords (each ~100 ms of scrypt) cannot tie up the server.
- **Writes**: ``TRACKER_WRITES_PER_MINUTE`` (120) per person, pages and API together;
  0 means no limit (the benchmark and load runs).
- **Request size**: ``TRACKER_MAX_REQUEST_MB`` (1) for JSON and forms; the views that take
  files (marked ``takes_files``) have room for the most files an action takes at the upload
  limit (web/attachments.py), which is also the application's and waitress's ceiling.

The counts live in memory, per process, unless ``TRACKER_RATELIMIT_STORAGE_URI`` names a
shared store (``redis://127.0.0.1:6379/0``) for several processes; if that store stops
answering, each process counts in memory until it is back: a limit is never a 500."""

from __future__ import annotations

import time
from math import ceil

from flask import current_app, request
from flask_babel import gettext as _, ngettext
from flask_limiter import ApplicationLimit, Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user

from tracker.uploads import MEGABYTE

SIGN_IN_PER_USERNAME = "10 per 15 minutes"
SIGN_IN_PER_ADDRESS = "50 per 15 minutes"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def takes_files(view):
    """Marks a view whose requests may bring files (the larger request size)."""
    view.takes_files = True
    return view


# ---- who is asking -------------------------------------------------------------------------
def writer() -> str | None:
    """The account id of the person making this request (API token or page session), or
    None for nobody signed in. The API's token is checked once per request (web/api.py)."""
    if request.blueprint == "api":
        from web.api import request_principal

        principal = request_principal()
        return principal.user_id.hex if principal else None
    return current_user.get_id() if current_user.is_authenticated else None


def _not_a_counted_write() -> bool:
    if request.method in SAFE_METHODS or not _writes_per_minute():
        return True
    return writer() is None  # refused anyway; sign-in has its own limits


def _writes_per_minute() -> int:
    return current_app.extensions["tracker"].settings.writes_per_minute


def _writes_limit() -> str:
    return f"{_writes_per_minute()} per minute"


def attempted_username() -> str:
    return "sign-in:" + request.form.get("username", "").strip().lower()


def failed_sign_in(response) -> bool:
    return response.status_code == 401


limiter = Limiter(
    key_func=get_remote_address,
    strategy="moving-window",
    application_limits=[ApplicationLimit(
        limit_provider=_writes_limit, key_function=lambda: "writes:" + (writer() or ""),
        scope="writes", exempt_when=_not_a_counted_write)],
    in_memory_fallback_enabled=True,
    swallow_errors=True,
)


def sign_in_limits(view):
    """The two sign-in limits on the sign-in view (its posts only, failures only)."""
    for limit, key in ((SIGN_IN_PER_USERNAME, attempted_username),
                       (SIGN_IN_PER_ADDRESS, get_remote_address)):
        view = limiter.limit(limit, key_func=key, methods=["POST"], deduct_when=failed_sign_in,
                             override_defaults=False)(view)
    return view


def seconds_to_wait() -> int:
    """How long until the limit just reached lets a request through again."""
    limit = limiter.current_limit
    if limit is None:
        return 60
    # The store rounds the reset time up to a whole second: never say more than the window.
    return max(1, min(ceil(limit.reset_at - time.time()), limit.limit.get_expiry()))


def wait_message(seconds: int, sign_in: bool) -> str:
    """« Trop de tentatives… » at sign-in, « Trop d'envois… » for writes; how long in
    seconds under a minute and a half, in minutes past it."""
    if seconds < 90:
        delay = ngettext("%(num)d seconde", "%(num)d secondes", seconds)
    else:
        delay = ngettext("%(num)d minute", "%(num)d minutes", ceil(seconds / 60))
    if sign_in:
        return _("Trop de tentatives de connexion. Réessayez dans %(delay)s.", delay=delay)
    return _("Trop d'envois en peu de temps. Réessayez dans %(delay)s.", delay=delay)


# ---- request size --------------------------------------------------------------------------
def may_bring_files() -> bool:
    """Whether this request may be as large as files make it: a multipart post to a view
    that takes files (JSON and plain forms carry text only, wherever they go)."""
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "takes_files", False) and request.mimetype == "multipart/form-data"


def _limit_request_size() -> None:
    if not may_bring_files():
        settings = current_app.extensions["tracker"].settings
        request.max_content_length = settings.max_request_mb * MEGABYTE


def register(app) -> None:
    """Before any other hook reads the body (CSRF, the sign-in limit's username)."""
    settings = app.extensions["tracker"].settings
    app.before_request(_limit_request_size)
    app.config.setdefault("RATELIMIT_STORAGE_URI", settings.ratelimit_storage_uri)
    limiter.init_app(app)
