"""The Flask interface: pages enhanced by htmx, and a JSON API, over the tracker."""

from __future__ import annotations

import os
import secrets
import tempfile
from dataclasses import replace
from pathlib import Path

from flask import Flask

from projections.runner import ReadModels
from storage.private import private_folder
from tracker.application import Tracker, utc_now
from tracker.chain import Chain
from tracker.config import Settings
from tracker.sign_in import dummy_hash
from tracker.verification import Verifications
from web import assets, attachments, drafts, errors, filters, i18n, security
from web import limits, offline, session_lifetime
from web.json_answers import FastJSONProvider
from web.extensions import babel, csrf, htmx, login_manager


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(Path(__file__).resolve().parent.parent / "instance"))
    app.json = FastJSONProvider(app)
    app.config.update(
        BABEL_DEFAULT_LOCALE="fr",
        BABEL_DEFAULT_TIMEZONE="UTC",  # Mali time is GMT all year
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,  # a form left open on a slow day must still post
    )
    app.config.update(config or {})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(app.instance_path)

    settings = Settings.from_environment()
    overrides = {field: app.config[key] for key, field in _SETTING_OVERRIDES.items()
                 if app.config.get(key) is not None}
    settings = replace(settings, **overrides)
    tracker = Tracker(settings, clock=app.config.get("TRACKER_CLOCK", utc_now))
    app.extensions["tracker"] = tracker
    dummy_hash()  # now, so that the first unknown username costs what every other one does
    app.extensions["read_models"] = ReadModels(tracker)
    app.extensions["chain"] = Chain(tracker, engine=app.extensions["read_models"].engine,
                                    clock=tracker.clock)
    app.extensions["verifications"] = Verifications(app.extensions["chain"])

    limits.register(app)  # first: the request size is set before any hook reads the body
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.install_in_templates(app)
    htmx.init_app(app)
    assets.register(app)
    filters.register(app)
    errors.register(app)
    drafts.register(app)
    session_lifetime.register(app)
    offline.register(app)
    attachments.register(app)
    security.register(app)
    _register_blueprints(app)
    return app


# Flask config keys that override the environment's settings (tests, embedding).
_SETTING_OVERRIDES = {"TRACKER_DATABASE_URL": "database_url", "TRACKER_PROJECTOR": "projector",
                      "TRACKER_READ_WAIT_SECONDS": "read_wait_seconds",
                      "TRACKER_SESSION_INTERVAL_DAYS": "session_interval_days",
                      "TRACKER_BLOB_STORE": "blob_store", "TRACKER_MAX_UPLOAD_MB": "max_upload_mb",
                      "TRACKER_CHAIN_WITNESS": "chain_witness",
                      "TRACKER_SESSION_IDLE_HOURS": "session_idle_hours",
                      "TRACKER_SESSION_MAX_DAYS": "session_max_days",
                      "TRACKER_URL_SCHEME": "url_scheme", "TRACKER_PROXIES": "proxies",
                      "TRACKER_WRITES_PER_MINUTE": "writes_per_minute",
                      "TRACKER_MAX_REQUEST_MB": "max_request_mb",
                      "TRACKER_RATELIMIT_STORAGE_URI": "ratelimit_storage_uri"}


def _register_blueprints(app: Flask) -> None:
    from web import accounts, communes, dashboard, exports, inbox, password, session_exports
    from web import api, audit, auth, board, cli, recommendations, references, sessions
    from web import sitting  # noqa: F401 - its routes join the sessions blueprint
    from web import api_sessions  # noqa: F401 - its routes join the API blueprint
    from web import openapi

    app.register_blueprint(auth.blueprint)
    app.register_blueprint(i18n.blueprint)
    app.register_blueprint(board.blueprint)
    app.register_blueprint(recommendations.blueprint)
    app.register_blueprint(references.blueprint)
    app.register_blueprint(sessions.blueprint)
    app.register_blueprint(inbox.blueprint)
    app.register_blueprint(dashboard.blueprint)
    app.register_blueprint(exports.blueprint)
    app.register_blueprint(session_exports.blueprint)
    app.register_blueprint(communes.blueprint)
    app.register_blueprint(api.blueprint)
    app.register_blueprint(openapi.blueprint)  # public: outside the API's token check
    app.register_blueprint(audit.blueprint)
    app.register_blueprint(accounts.blueprint)
    app.register_blueprint(password.blueprint)
    csrf.exempt(api.blueprint)  # bearer tokens, not cookies: no cross-site forgery to fear
    cli.register(app)


def _secret_key(instance_path: str) -> str:
    """TRACKER_SECRET_KEY, or a key made once and kept in instance/ (no set-up step)."""
    if os.environ.get("TRACKER_SECRET_KEY"):
        return os.environ["TRACKER_SECRET_KEY"]
    path = private_folder(instance_path) / "secret_key"
    if not path.exists():
        # Written whole to a file readable by its owner only (mkstemp's mode), then linked
        # in place: two processes starting at once end up with the same key.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret_key-")
        with os.fdopen(handle, "w") as file:
            file.write(secrets.token_hex(32))
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    return path.read_text().strip()
