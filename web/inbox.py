"""« À traiter »: what waits for the signed-in person, their notifications, and the badge in
the navigation that keeps its count current.

The badge is rendered with every page, then refreshed by htmx polling a tiny fragment
(``/a-traiter/badge``, about 200 bytes) every ``INBOX_POLL_SECONDS`` while the tab is in
view; the browser keeps the last answer and asks again with its ETag, so an unchanged
count costs a 304 with no body. Who waits for what is decided by the tracker's
authorisation (``inbox_owner``) and read from the desk read model."""

from __future__ import annotations

import hashlib

from flask import (
    Blueprint, current_app, flash, make_response, redirect, render_template, request, url_for,
)
from flask_login import current_user, login_required
from jinja2 import pass_context
from sqlalchemy.exc import SQLAlchemyError

from domain.deadlines import deadline, is_implementation_overdue
from domain.messages import N_
from domain.vocabulary import ADMIN, AUDITOR
from projections import desk_queries
from tracker.authorization import inbox_owner, session_watch_scope
from web import services
from web.i18n import current_language, gettext as _, ngettext
from web.schemas import LARGEST_NUMBER

blueprint = Blueprint("inbox", __name__)
POLL_SECONDS = 60
# An HTTP status of htmx's own: swap this answer, then stop polling (signed out).
STOP_POLLING = 286
NO_INBOX = frozenset({ADMIN, AUDITOR})  # nothing ever waits for them: no badge

REASONS = {
    "escalated": N_("Transmise à votre niveau"),
    "clarified": N_("Précisions reçues"),
    "clarification_requested": N_("Précisions demandées"),
    "decision": N_("Décision prise"),
    "session_overdue": N_("Session en retard"),
}
# The inbox in parts, in this order; items come sorted within each.
SECTIONS = (
    ("awaiting", N_("Accusés de réception attendus"), ("escalated", "clarified")),
    ("questions", N_("Précisions demandées"), ("clarification_requested",)),
    ("decisions", N_("Décisions sur les recommandations de votre commune"), ("decision",)),
    ("sessions", N_("Sessions du CCS en retard"), ("session_overdue",)),
)
NOTIFICATION_KINDS = {
    "escalated": N_("Recommandation transmise à votre niveau"),
    "clarification_requested": N_("Précisions demandées"),
    "clarified": N_("Précisions apportées"),
    "accepted": N_("Décision : recommandation retenue"),
    "declined": N_("Décision : recommandation non retenue"),
}


@blueprint.route("/a-traiter")
@login_required
def index():
    owner = inbox_owner(services.principal())  # administrators: 403
    services.refresh_read_models()
    engine = services.read_models().reader
    box = desk_queries.inbox(engine, owner, services.now(), sessions=session_watch(owner))
    sections = [(key, title, [item for item in box.items if item["reason"] in reasons])
                for key, title, reasons in SECTIONS]
    unread = desk_queries.unread_count(engine, owner["user_id"]) if owner else 0
    return services.make_page(render_template(
        "inbox/index.html", inbox=box, sections=sections, owner=owner, unread=unread))


@blueprint.route("/a-traiter/badge")
def badge():
    """The navigation link with its count, for htmx to poll."""
    if not current_user.is_authenticated:
        return _stop_polling()
    principal = services.principal()
    if principal.role in NO_INBOX:
        return _stop_polling()
    services.refresh_read_models()
    owner = inbox_owner(principal)
    count = desk_queries.inbox_count(services.read_models().reader, owner, services.now(),
                                     session_watch(owner))
    response = make_response(render_template("inbox/_badge.html", count=count,
                                             poll_seconds=_poll_seconds()))
    # Kept by this browser only, and asked again every time with its ETag.
    response.headers["Cache-Control"] = "private, no-cache"
    tag = f"{principal.user_id}:{count}:{current_language()}:{_poll_seconds()}"
    response.set_etag(hashlib.sha256(tag.encode()).hexdigest()[:16])
    response.vary.add("Cookie")
    return response.make_conditional(request)


def session_watch(owner: dict | None) -> desk_queries.SessionWatch | None:
    """The communes whose late sessions wait in this inbox (the tracker's rule), with the
    interval in force."""
    scope = session_watch_scope(owner)
    if scope is None:
        return None
    tracker = services.tracker()
    return desk_queries.SessionWatch(tracker.reference.communes_in(scope),
                                     tracker.settings.session_interval_days)


def _stop_polling():
    response = make_response("", STOP_POLLING)
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.route("/notifications")
@login_required
def notifications():
    owner = inbox_owner(services.principal())
    services.refresh_read_models()
    before = position_of(request.args.get("avant"))
    items = (desk_queries.notifications_of(services.read_models().reader, owner["user_id"],
                                           before=before) if owner else [])
    more = len(items) == desk_queries.NOTIFICATIONS_PER_PAGE
    return services.make_page(render_template(
        "inbox/notifications.html", items=items, owner=owner, before=before,
        next_before=items[-1]["position"] if more else None))


def position_of(text: str | None) -> int | None:
    """A position of the log as a form or a link gives it: ASCII digits (« ² » is a digit
    to ``str.isdigit``, not to ``int``), within a database's integers; None otherwise."""
    if not text or not (text.isascii() and text.isdigit()):
        return None
    position = int(text)
    return position if position <= LARGEST_NUMBER else None


@blueprint.route("/notifications/lues", methods=["POST"])
@login_required
def mark_read():
    """Mark one notification read (``position``), or all of them (no position)."""
    owner = inbox_owner(services.principal())
    if owner is None:
        return redirect(url_for(".notifications"), code=303)
    positions = [position for position in map(position_of, request.form.getlist("position"))
                 if position is not None]
    marked = desk_queries.mark_read(services.read_models().engine, owner["user_id"],
                                    services.now(), positions=positions or None)
    if not positions:
        flash(ngettext("%(num)d notification marquée comme lue.",
                       "%(num)d notifications marquées comme lues.", marked), "success")
    return redirect(url_for(".notifications"), code=303)


def mark_read_about(recommendation_id) -> None:
    """The person opened the file: what they were told about it is read."""
    owner = inbox_owner(services.principal())
    if owner is not None:
        desk_queries.mark_read(services.read_models().engine, owner["user_id"],
                               services.now(), recommendation_id=str(recommendation_id))


# ---- for every template ---------------------------------------------------------------------
@blueprint.app_context_processor
def navigation():
    def inbox_count() -> int | None:
        """The badge's count when the page is drawn; None for whom nothing ever waits
        (auditors, administrators), or when it cannot be read (an error page must still
        be drawn when the database is what failed)."""
        if not current_user.is_authenticated or current_user.principal.role in NO_INBOX:
            return None
        try:
            owner = inbox_owner(current_user.principal)
            return desk_queries.inbox_count(services.read_models().reader, owner,
                                            services.now(), session_watch(owner))
        except SQLAlchemyError:
            current_app.logger.warning("inbox count not read", exc_info=True)
            return None
    return {"inbox_count": inbox_count, "inbox_poll_seconds": _poll_seconds,
            "INBOX_REASONS": REASONS, "NOTIFICATION_KINDS": NOTIFICATION_KINDS}


@blueprint.app_template_filter("deadline")
@pass_context
def deadline_text(context, row) -> str:
    """« en retard de 4 jours », « échéance dans 3 jours », or nothing if nothing is awaited;
    ``row`` is a board or inbox row, or a recommendation. A page showing a past day (its
    ``as_of``) reads the deadline as it stood that day."""
    due = _deadline_of(context, row)
    if due is None:
        return ""
    if due.overdue:
        if due.days == 0:
            return _("en retard depuis aujourd'hui")
        return ngettext("en retard de %(num)d jour", "en retard de %(num)d jours", due.days)
    if due.days == 0:
        return _("échéance aujourd'hui")
    return ngettext("échéance dans %(num)d jour", "échéance dans %(num)d jours", due.days)


@blueprint.app_template_test("overdue")
@pass_context
def is_overdue(context, row) -> bool:
    due = _deadline_of(context, row)
    return bool(due and due.overdue)


@blueprint.app_template_test("implementation_overdue")
@pass_context
def is_late_in_implementation(context, row) -> bool:
    """Accepted, its target date passed (at the page's moment): « mise en œuvre en retard »."""
    def value(name):
        return row.get(name) if isinstance(row, dict) else getattr(row, name, None)
    return is_implementation_overdue(value("status"), value("target_date"),
                                     context.get("as_of") or services.now())


def _deadline_of(context, row):
    status = row.get("status") if isinstance(row, dict) else getattr(row, "status", None)
    due_by = row.get("due_by") if isinstance(row, dict) else getattr(row, "due_by", None)
    return deadline(status, due_by, context.get("as_of") or services.now())


def _poll_seconds() -> int:
    return int(current_app.config.get("INBOX_POLL_SECONDS", POLL_SECONDS))
