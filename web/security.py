"""Headers that tell a browser what the pages may do, on every answer.

The pages run only their own script (web/static/js/app.js and htmx, no inline script, no
``eval``: htmx is configured without it in base.html) and their own styles, are never framed
by another site, and say where a link came from to this site only. A served attachment
keeps its stricter policy (web/attachments.py).

Over HTTPS — ``TRACKER_URL_SCHEME=https``, or a request that came over TLS, directly or
through ``TRACKER_PROXIES`` trusted proxies saying so in ``X-Forwarded-Proto`` (Werkzeug's
ProxyFix) — every cookie is ``Secure`` and the browser is told to come back over HTTPS only
(HSTS), so the session never travels in clear."""

from __future__ import annotations

from flask import request
from werkzeug.middleware.proxy_fix import ProxyFix

from web.assets import SessionWrittenByPagesOnly

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self'",
    "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'",
    "object-src 'none'"))
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
# A year, the usual value once a site is known to work over HTTPS.
STRICT_TRANSPORT_SECURITY = "max-age=31536000"


class SessionOverTls(SessionWrittenByPagesOnly):
    """The session cookie is ``Secure`` when the request came over HTTPS."""

    def get_cookie_secure(self, app) -> bool:
        return super().get_cookie_secure(app) or request.is_secure


def register(app) -> None:
    settings = app.extensions["tracker"].settings
    if settings.proxies:
        # Only as many hops as there are proxies of ours: a client cannot claim HTTPS or
        # another address by sending the headers itself.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.proxies,
                                x_proto=settings.proxies, x_host=settings.proxies)
    if settings.url_scheme == "https":
        app.config.update(SESSION_COOKIE_SECURE=True, PREFERRED_URL_SCHEME="https")
    app.session_interface = SessionOverTls()

    @app.after_request
    def protect(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if request.is_secure or settings.url_scheme == "https":
            response.headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
        return response
