"""Headers that tell a browser what the pages may do, on every answer.

The pages run only their own script (web/static/js/app.js and htmx, no inline script, no
``eval``: htmx is configured without it in base.html) and their own styles, are never framed
by another site, and say where a link came from to this site only. A served attachment
keeps its stricter policy (web/attachments.py). The session cookie is marked ``Secure``
whenever the request came over HTTPS (behind a proxy, see ``TRACKER_PROXIES``), so it
never travels in clear once the site is served over TLS."""

from __future__ import annotations

from flask import request
from flask.sessions import SecureCookieSessionInterface

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


class SessionOverTls(SecureCookieSessionInterface):
    """The session cookie is ``Secure`` when the request came over HTTPS."""

    def get_cookie_secure(self, app) -> bool:
        return super().get_cookie_secure(app) or request.is_secure


def register(app) -> None:
    app.session_interface = SessionOverTls()

    @app.after_request
    def protect(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response
