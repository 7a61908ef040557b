"""Languages of the interface: French by default, English on request.

The catalog ids are the French sentences themselves (French is the source language), so
French needs no catalog and a sentence missing from the English one still reads as
French rather than as an id. Everything people read passes through here: the templates'
``_()``, the domain's :class:`~domain.messages.Message` objects, marshmallow's messages.

The choice is a cookie set by the visible switch (kept a year); a first visit follows the
browser's ``Accept-Language``."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, request, url_for
from flask_babel import get_locale, gettext

from domain.messages import Message

LANGUAGES = {"fr": "Français", "en": "English"}
DEFAULT_LANGUAGE = "fr"
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600

blueprint = Blueprint("i18n", __name__)


def select_locale() -> str:
    """Flask-Babel's locale selector: the switch's cookie, else the browser's wish."""
    if not request:
        return DEFAULT_LANGUAGE
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(list(LANGUAGES), default=DEFAULT_LANGUAGE)


def current_language() -> str:
    return str(get_locale() or DEFAULT_LANGUAGE)


def translate(text):
    """A sentence in the reader's language: Messages are looked up by id and their values
    (translated too when they are Messages) put back; lazy strings are evaluated; plain
    strings are looked up as ids."""
    if isinstance(text, Message):
        return gettext(text.msgid, **{name: translate(value) if isinstance(value, str)
                                      else value for name, value in text.params.items()})
    if isinstance(text, str):
        return gettext(text) if text else text
    return str(text) if text is not None else text


def translate_errors(errors) -> dict:
    """Field errors (from the domain or marshmallow) in the reader's language."""
    if isinstance(errors, dict):
        return {field: translate_errors(messages) for field, messages in errors.items()}
    if isinstance(errors, (list, tuple)):
        return [translate_errors(message) for message in errors]
    return translate(errors)


@blueprint.route("/langue/<code>")
def choose(code: str):
    """The switch: remember the language and go back to the page it was clicked on."""
    target = request.args.get("next") or ""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        target = url_for("board.index")
    response = redirect(target, code=303)
    if code in LANGUAGES:
        secure = request.is_secure or current_app.config["SESSION_COOKIE_SECURE"]
        response.set_cookie(COOKIE, code, max_age=COOKIE_MAX_AGE, samesite="Lax",
                            httponly=True, secure=secure)
    return response
