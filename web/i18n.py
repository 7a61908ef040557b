"""Languages of the interface: French by default, English on request.

The catalog ids are the French sentences themselves (French is the source language), so
French needs no catalog and a sentence missing from the English one still reads as
French rather than as an id. Everything people read passes through here: the templates'
``_()``, the domain's :class:`~domain.messages.Message` objects, marshmallow's messages.

The choice is a cookie set by the visible switch (kept a year); a first visit follows the
browser's ``Accept-Language``."""

from __future__ import annotations

from urllib.parse import urlsplit

import flask_babel
from flask import Blueprint, current_app, g, redirect, request, url_for
from flask_babel import get_locale

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


# Where a request keeps its catalog (and the locale it is for) on ``flask.g``.
_HELD_CATALOG = "_i18n_catalog"


def request_translations():
    """The catalog of this request's language. Flask-Babel finds it again for every
    sentence (the request's context walked several times, the locale written out as a
    string: some 30 µs each), and a board page asks for about 250: it is found once per
    request and language here (``force_locale`` gives another locale, so another look)."""
    locale = get_locale()
    if locale is None:  # outside a request: Flask-Babel's own answer (no translation)
        return flask_babel.get_translations()
    held = g.get(_HELD_CATALOG)
    if held is None or held[0] is not locale:
        held = (locale, flask_babel.get_translations())
        setattr(g, _HELD_CATALOG, held)
    return held[1]


def gettext(string: str, **variables) -> str:
    """Flask-Babel's ``gettext``, from the request's catalog found once."""
    text = request_translations().ugettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    """Flask-Babel's ``ngettext`` (``num`` is a variable too), from the catalog found once."""
    variables.setdefault("num", num)
    return request_translations().ungettext(singular, plural, num) % variables


def install_in_templates(app) -> None:
    """The templates' ``_()`` and ``ngettext()`` from the catalog found once per request,
    in place of those Flask-Babel installed (call after ``babel.init_app``)."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda string: request_translations().ugettext(string),
        ngettext=lambda singular, plural, num:
            request_translations().ungettext(singular, plural, num),
        pgettext=lambda context, string: request_translations().upgettext(context, string),
        npgettext=lambda context, singular, plural, num:
            request_translations().unpgettext(context, singular, plural, num),
        newstyle=True)


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
