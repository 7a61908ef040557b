"""The pages of CCS sessions: the list within the reader's territory, the form that records
a session (attendance and minutes included), a session's page with its actions, history
and recommendations; the recommendations of a session in one sitting are web/sitting.py's.

As for recommendations (web/recommendations.py): without JavaScript every form posts, then
redirects (POST → 303 → GET); with htmx the same handlers answer fragments, and a refused
form comes back in place with its errors (422) or the conflict (409)."""

from __future__ import annotations

from uuid import UUID, uuid4

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from marshmallow import ValidationError
from werkzeug.datastructures import MultiDict

from domain.catalogue import ATTENDANCE_FIELD, MINUTES_FIELD, RECORD_SESSION, SESSION_ACTIONS
from domain.catalogue import SESSION_COMMANDS, SESSION_FIELDS
from domain.messages import N_, message_of
from domain.recommendation import DomainError, InvalidInput, NothingChanged
from domain.vocabulary import ATTENDANCE_GROUPS
from projections.audit_queries import MAX_LIMIT, AuditFilters, audit_page
from projections.session_queries import SessionFilters, session_files, sessions_page
from tracker.authorization import NotFound, NotPermitted, require_role_may, role_may, visibility
from web.limits import takes_files
from web import attachments, drafts, services
from web.board import communes_in, regions_in
from web.dashboard import share
from web.i18n import translate
from web.schemas import (
    ATTENDANCE_PREFIX, SESSION_SCHEMAS, RecordSessionSchema, load_action, page_number,
)

blueprint = Blueprint("sessions", __name__, url_prefix="/sessions")
PER_PAGE = 25
# The record form: the session, its attendance and its minutes (both may come later).
RECORD_FIELDS = (*SESSION_FIELDS, ATTENDANCE_FIELD.optional(), MINUTES_FIELD.optional())
GRAVE_ACTIONS = frozenset(name for name in SESSION_ACTIONS if SESSION_COMMANDS[name].grave)


@blueprint.route("")
@login_required
def index():
    scope = visibility(services.principal())  # administrators: 403
    services.refresh_read_models()
    filters = _filters_from(request.args, scope)
    page = sessions_page(services.read_models().reader, scope, filters)
    template = "sessions/_list.html" if request.htmx else "sessions/index.html"
    return either_way(render_template(
        template, page=page, filters=filters, regions=regions_in(scope),
        communes=communes_in(scope), may_record=role_may(services.principal(), RECORD_SESSION)))


@blueprint.route("/nouvelle", methods=["GET", "POST"])
@takes_files
@login_required
def new():
    principal = services.principal()
    require_role_may(principal, RECORD_SESSION)  # the tracker's own check, before the form
    values, errors = dict(request.form), {}
    if request.method == "GET":
        # One key per opened form: the same post again gives back the same session.
        values = {"request_id": str(uuid4()), **(_restored_draft() or {})}
    else:
        drafts.forget()  # sent again: the draft kept when the sign-in had ended is done
        try:
            fields = RecordSessionSchema().load(attendance_if_given(request.form))
            fields.update(commune=principal.commune, region=principal.region)
            result = services.tracker().record_session(
                principal, files=attachments.uploaded_files(), **fields)
        except ValidationError as error:
            errors = error.messages
        except InvalidInput as error:
            errors = error.errors
        else:
            services.wait_for_position(result.position)
            flash(translate(RECORD_SESSION.done) if result.created
                  else _("Cette session était déjà enregistrée."), "success")
            return go_to(url_for(".show", session_id=result.recommendation_id))
    template = "sessions/_record_form.html" if request.htmx else "sessions/new.html"
    return either_way(render_template(
        template, fields=RECORD_FIELDS, values=values, errors=errors), 422 if errors else 200)


@blueprint.route("/<session_id>")
@login_required
def show(session_id):
    return services.make_page(render_template("sessions/show.html",
                                              **_page_context(session_id)))


@blueprint.route("/<session_id>/<command>", methods=["GET", "POST"])
@takes_files
@login_required
def action(session_id, command):
    if command not in SESSION_ACTIONS:
        abort(404)
    context = _page_context(session_id)
    session = context["session"]
    if request.method == "GET":
        draft = drafts.restore()
        if command not in context["actions"]:
            return _not_possible_now(session_id, command, draft)
        if draft:
            drafts.announce_restored()
        return _form(context, command, {**_initial_values(session, command), **(draft or {})},
                     {}, 200)
    drafts.forget()  # sent again: the draft kept when the sign-in had ended is done
    return _act(context, command)


def _not_possible_now(session_id: str, command: str, draft: dict | None):
    drafts.forget()  # whatever the answer: this form is not offered now
    return drafts.not_possible_now(
        draft, lambda request_id: services.tracker().earlier_session_result(
            services.principal(), UUID(session_id), command, request_id),
        translate(SESSION_COMMANDS[command].label),
        _("Cette action n'est pas possible pour vous sur cette session en ce moment."),
        url_for(".show", session_id=session_id))


def _act(context: dict, command: str):
    """Give the posted command; the session refreshed (or the page again), else the form
    with its errors (422) or the conflict (409)."""
    session_id, values = context["session"]["id"], dict(request.form)
    try:
        expected_version, fields = load_action(command, attendance_if_given(request.form),
                                               SESSION_SCHEMAS)
        result = services.tracker().act_on_session(
            services.principal(), UUID(session_id), command,
            expected_version=expected_version, files=attachments.uploaded_files(),
            **fields)
    except ValidationError as error:
        return _form(context, command, values, error.messages, 422)
    except (InvalidInput, NothingChanged) as error:
        return _form(context, command, values, error.errors, 422)
    except (NotFound, NotPermitted):
        raise
    except DomainError as error:  # someone acted first, or the status no longer allows it
        return _form(context, command, values, {"_schema": [message_of(error)]}, 409)
    services.wait_for_position(result.position)
    label = translate(SESSION_COMMANDS[command].label)
    flash(_("%(action)s : c'était déjà enregistré.", action=label) if result.repeated
          else translate(SESSION_COMMANDS[command].done), "success")
    if request.htmx:
        response = either_way(render_template("sessions/_session.html",
                                              **_page_context(session_id)))
        response.headers["HX-Push-Url"] = url_for(".show", session_id=session_id)
        return response
    return redirect(url_for(".show", session_id=session_id), code=303)


# ---- shared with web/sitting.py ----------------------------------------------------------
def session_key(session_id: str) -> UUID:
    try:
        return UUID(session_id)
    except ValueError:
        raise NotFound(N_("Session introuvable."))


def session_view(session) -> dict:
    """What the templates show of a session (a plain dict, not the aggregate)."""
    return {"id": str(session.id), "level": session.level, "commune": session.commune,
            "region": session.region, "held_on": session.held_on, "place": session.place,
            "chaired_by": session.chaired_by, "agenda": list(session.agenda),
            "minutes": session.minutes, "status": session.status, "version": session.version,
            "attendance": attendance_table(session.attendance)}


def attendance_table(attendance: dict | None) -> dict | None:
    """Attendance by group with its totals, and the shares of women and of youth."""
    if attendance is None:
        return None
    rows = [(group, (attendance.get(group) or {}).get("women", 0),
             (attendance.get(group) or {}).get("men", 0)) for group in ATTENDANCE_GROUPS]
    women, men = sum(row[1] for row in rows), sum(row[2] for row in rows)
    youth = sum((attendance.get("jeunes") or {}).values())
    return {"rows": rows, "women": women, "men": men, "total": women + men, "youth": youth,
            "women_share": share(women, women + men), "youth_share": share(youth, women + men)}


def either_way(body: str, status: int = 200):
    """A page or, for htmx, its fragment, from the same address: caches must tell them apart."""
    response = services.make_page(body, status)
    response.vary.add("HX-Request")
    return response


def go_to(url: str):
    """After a form: redirect (303); through htmx, ask the browser to load the page itself."""
    if request.htmx:
        response = services.make_page("", 200)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url, code=303)


def attendance_if_given(form) -> MultiDict:
    """The form's fields, without the attendance boxes when all were left empty: the
    attendance is then not known yet, rather than known to be nobody."""
    boxes = [name for name in form if name.startswith(ATTENDANCE_PREFIX)]
    if any(form.get(name, "").strip() for name in boxes):
        return form
    return MultiDict([(name, value) for name, value in form.items(multi=True)
                      if name not in boxes])


# ---- helpers ------------------------------------------------------------------------------
def _filters_from(args, scope: dict) -> SessionFilters:
    """List filters from the query string; values outside the reader's choices are dropped."""
    def pick(name: str, allowed: dict):
        value = args.get(name, "").strip()
        return value if value in allowed else None

    page = page_number(args.get("page"))
    return SessionFilters(region=pick("region", regions_in(scope)),
                          commune=pick("commune", communes_in(scope)), page=page,
                          per_page=PER_PAGE)


def _restored_draft() -> dict | None:
    draft = drafts.restore()
    if draft:
        drafts.announce_restored()
    return draft


def _page_context(session_id: str) -> dict:
    key = session_key(session_id)
    principal, tracker = services.principal(), services.tracker()
    session = tracker.session(principal, key)
    actions = tracker.session_actions(principal, session)
    services.wait_for_position()
    view = session_view(session)
    engine = services.read_models().reader
    return {"session": view, "actions": actions, "grave_actions": GRAVE_ACTIONS,
            "files": session_files(engine, key), "history": _history(engine, key),
            "may_add": tracker.may_raise_from_session(principal, session)}


def _history(engine, key: UUID) -> list[dict]:
    """The session's events, oldest first, from the audit log's read model."""
    entries, before = [], None
    while True:
        page = audit_page(engine, AuditFilters(recommendation=str(key)), before=before,
                          limit=MAX_LIMIT)
        entries += page.items
        if page.next_before is None:
            return entries[::-1]
        before = page.next_before


def _form(context: dict, command: str, values: dict, errors: dict, status: int):
    template = "sessions/_action_form.html" if request.htmx else "sessions/action.html"
    response = either_way(render_template(
        template, command=command, fields=SESSION_COMMANDS[command].fields, values=values,
        errors=errors, takes_files=SESSION_COMMANDS[command].attachments, **context), status)
    if request.htmx and status != 200:
        # The form was posted from inside the page: show it again where it was.
        response.headers["HX-Retarget"] = "#action-panel"
        response.headers["HX-Reswap"] = "innerHTML"
    return response


def _initial_values(session: dict, command: str) -> dict:
    """One key per opened form; a form that changes the session's own fields (amend,
    correct, the attendance, the minutes) starts from what they are now."""
    values = {"expected_version": session["version"], "request_id": str(uuid4())}
    for spec in SESSION_COMMANDS[command].fields:
        current = session.get(spec.name)
        if spec.kind == "date" and current is not None:
            values[spec.name] = current.isoformat()
        elif spec.kind == "agenda":
            values[spec.name] = "\n".join(current or [])
        elif spec.kind == "attendance" and current is not None:
            for group, women, men in current["rows"]:
                values[f"{ATTENDANCE_PREFIX}{group}-women"] = women
                values[f"{ATTENDANCE_PREFIX}{group}-men"] = men
        elif isinstance(current, str):
            values[spec.name] = current
    return values
