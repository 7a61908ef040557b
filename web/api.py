"""JSON API under /api/v1, for scripts and partner systems.

Authentication is a bearer token (``Authorization: Bearer TOKEN``) checked on every request;
no cookie or session is read or written. Every command goes through the same tracker calls as
the pages, so authorisation is the tracker's; domain refusals become JSON in web/errors.py:
403 the role may never do it, 404 outside the caller's territory, 409 not possible now
(state, level or a stale ``expected_version``), 422 invalid input as
``{"errors": {"field": ["message"]}}``.

Creating with a ``request_id`` already used by the same person answers 200 with the
recommendation created the first time (201 only when it was created by this request).

The commands that take attachments also take ``multipart/form-data``: the files in the
repeated field ``files``, the other fields as form fields (a list or an object, such as a
session's agenda or attendance, as JSON text). Files are served by
``GET /api/v1/attachments/<sha256>`` to whoever may read what they are attached to."""

from __future__ import annotations

import json
from uuid import UUID

from flask import Blueprint, abort, g, jsonify, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError

from domain.messages import N_
from domain.catalogue import ACTIONS, COMMANDS, RAISE, SESSION_COMMANDS
from projections.as_of import board_page_as_of
from projections import desk_queries
from projections.audit_queries import audit_page
from projections.attachment_queries import attachments_of_aggregate
from projections.queries import board_page, history_of
from tracker.application import CommandResult
from tracker.authorization import (
    NotFound, inbox_owner, require_auditor, require_role_may, visibility,
)
from web.limits import takes_files
from web import attachments, exports, services
from web.api_json import (
    InboxQuerySchema, attachment_json, audit_item_json, board_filters, board_item_json, history_item_json,
    inbox_item_json, recommendation_json,
)
from web.as_of import parse_as_of
from web.audit import load_audit_query
from web.i18n import translate_errors
from web.inbox import session_watch
from web.schemas import RaiseSchema, load_action

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")


# ---- every request ----------------------------------------------------------------------
def request_principal():
    """Whom this request's bearer token signs in (None: no token, or not a valid one),
    checked once per request: the write limit (web/limits.py) asks before the views do.
    Looked up on each request, so a revoked token or a disabled account stops at once."""
    if "api_principal" not in g:
        scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
        g.api_principal = (services.tracker().authenticate_token(token.strip())
                           if scheme.lower() == "bearer" and token.strip() else None)
    return g.api_principal


@blueprint.before_request
def authenticate():
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return _unauthorized(_("Authentification requise : envoyez l'en-tête "
                               "« Authorization: Bearer <jeton> »."))
    if request_principal() is None:
        return _unauthorized(_("Jeton invalide ou révoqué, ou compte désactivé."))


@blueprint.after_request
def never_cache(response):
    # Answers hold case files: no proxy or browser cache may keep them.
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.errorhandler(ValidationError)
def invalid_input(error: ValidationError):
    messages = error.messages if isinstance(error.messages, dict) else {
        "_schema": error.messages}
    return jsonify({"errors": translate_errors(messages)}), 422


# ---- reading ------------------------------------------------------------------------------
@blueprint.get("/recommendations")
def list_recommendations():
    scope = visibility(services.principal())  # also refuses administrators (403)
    filters = board_filters(request.args, services.tracker().reference)
    services.refresh_read_models()
    read_models = services.read_models()
    as_of = parse_as_of(request.args.get("as_of"))
    now = as_of or services.now()
    page = (board_page(read_models.reader, scope, filters, now) if as_of is None
            else board_page_as_of(read_models.reader, scope, filters, as_of))
    return jsonify(items=[board_item_json(row, now) for row in page.items], total=page.total,
                   page=page.page, per_page=page.per_page)


@blueprint.get("/recommendations.csv")
def export_recommendations():
    """The list as CSV: the same filters (``page`` and ``per_page`` aside: every row),
    headers and labels in the caller's language (``Accept-Language``)."""
    scope = visibility(services.principal())
    filters = board_filters(request.args, services.tracker().reference)
    as_of = parse_as_of(request.args.get("as_of"))
    services.refresh_read_models()
    return exports.csv_response(exports.export_rows(scope, filters, as_of),
                                exports.export_filename("csv", as_of))


@blueprint.get("/inbox")
def inbox():
    """What waits for the caller's action, in the order of the « À traiter » page: at most
    ``limit`` items (default 100, up to 500); ``total`` counts them all."""
    owner = inbox_owner(services.principal())  # administrators: 403
    limit = InboxQuerySchema().load(request.args.to_dict())["limit"]
    services.refresh_read_models()
    box = desk_queries.inbox(services.read_models().reader, owner, services.now(), limit,
                             sessions=session_watch(owner))
    return jsonify(items=[inbox_item_json(item) for item in box.items], total=box.total)


@blueprint.get("/recommendations/<recommendation_id>")
def show_recommendation(recommendation_id):
    key = _uuid(recommendation_id)
    as_of = parse_as_of(request.args.get("as_of"))
    if as_of is None:
        return jsonify(_recommendation(key))
    past = services.tracker().recommendation_as_of(services.principal(), key, as_of)
    return jsonify(with_attachments(recommendation_json(past, [], as_of), past))  # read-only


@blueprint.get("/recommendations/<recommendation_id>/history")
def recommendation_history(recommendation_id):
    key = _uuid(recommendation_id)
    services.tracker().recommendation(services.principal(), key)  # 404 outside territory
    as_of = parse_as_of(request.args.get("as_of"))
    services.refresh_read_models()
    read_models = services.read_models()
    return jsonify(items=[history_item_json(row)
                          for row in history_of(read_models.reader, key, until=as_of)])


@blueprint.get("/audit/events")
def audit_events():
    """Every event of every aggregate, newest first, with the audit log's filters; the
    next page is asked with ``before=<next_before>``. Auditors only."""
    require_auditor(services.principal())
    filters, before, limit = load_audit_query(request.args)
    services.refresh_read_models()
    page = audit_page(services.read_models().reader, filters, before, limit)
    return jsonify(items=[audit_item_json(row) for row in page.items],
                   next_before=page.next_before)


# ---- commands -----------------------------------------------------------------------------
@blueprint.post("/recommendations")
@takes_files
def raise_recommendation():
    principal = services.principal()
    require_role_may(principal, RAISE.name)  # a role that may never raise hears so first
    fields = RaiseSchema().load(command_body())
    # Omitted, the commune is the secretary's own; another one is refused by the tracker.
    fields["commune"] = fields.get("commune") or principal.commune
    result = services.tracker().raise_recommendation(
        principal, files=attachments.uploaded_files(), **fields)
    services.wait_for_position(result.position)
    response = jsonify(_recommendation(result.recommendation_id, result))
    response.status_code = 201 if result.created else 200
    response.headers["Location"] = url_for(".show_recommendation",
                                           recommendation_id=result.recommendation_id)
    return response


@blueprint.post("/recommendations/<recommendation_id>/<command>")
@takes_files
def act(recommendation_id, command):
    if command not in ACTIONS:
        abort(404, description=_("Action inconnue : « %(command)s ».", command=command))
    principal, tracker = services.principal(), services.tracker()
    key = _uuid(recommendation_id)
    # Who may act, and where, is answered before the input is judged: a reader outside
    # the territory learns nothing from validation messages. The file is loaded once.
    recommendation = tracker.check(principal, key, command)
    expected_version, fields = load_action(command, command_body())
    result = tracker.act(principal, key, command, expected_version=expected_version,
                         loaded=recommendation, files=attachments.uploaded_files(), **fields)
    services.wait_for_position(result.position)
    return jsonify(_recommendation(key, result))


@blueprint.get("/attachments/<sha256>")
def attachment(sha256):
    """The stored bytes of a file (or of its thumbnail), for a reader of a recommendation
    or session whose events name it; 404 for anyone else."""
    return attachments.served(sha256)


# ---- helpers ------------------------------------------------------------------------------
def _recommendation(key: UUID, result: CommandResult | None = None) -> dict:
    """The file as the API shows it: as a command left it (``result``, whose position
    the caller has waited for), or as it is now."""
    principal, tracker = services.principal(), services.tracker()
    recommendation = result and result.recommendation
    waited = recommendation is not None
    if not waited:  # a read, or a repeated request: the file as it is now
        recommendation = tracker.recommendation(principal, key)
    return with_attachments(recommendation_json(
        recommendation, tracker.allowed_actions(principal, recommendation), services.now()),
        recommendation, waited=waited)


def with_attachments(body: dict, aggregate, waited: bool = False) -> dict:
    """``body`` with the files the aggregate's events brought, up to its version. Unless
    the caller ``waited`` for the position of the aggregate's last event, the read models
    are first brought to the head of the log (a query, and a wait behind everyone's
    writes). An aggregate whose events brought no file (most) needs neither."""
    if not aggregate.attachment_count:
        body["attachments"] = []
        return body
    if not waited:
        services.wait_for_position()
    rows = attachments_of_aggregate(services.read_models().reader, aggregate.id)
    body["attachments"] = [attachment_json(row) for row in rows
                           if row["version"] <= aggregate.version]
    return body


def _uuid(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise NotFound(N_("Recommandation introuvable."))


def json_body() -> dict:
    """The request's JSON object; an empty body is an empty object (e.g. acknowledge)."""
    if not request.get_data():
        return {}
    # The body is parsed whatever the Content-Type: scripts often forget to set it.
    try:
        data = request.get_json(force=True, silent=True)
    except RecursionError:  # nested deeper than any command's fields: refused, not a 500
        data = None
    if not isinstance(data, dict):
        abort(400, description=_("Le corps de la requête doit être un objet JSON."))
    return data


# Fields that hold a list or an object (the catalogue's agenda and attendance kinds): in a
# multipart form, JSON text.
STRUCTURED_FIELDS = frozenset(
    spec.name for command in (*COMMANDS.values(), *SESSION_COMMANDS.values())
    for spec in command.fields if spec.kind in ("agenda", "attendance"))


def command_body() -> dict:
    """A command's fields: the JSON object, or the fields of a ``multipart/form-data``
    request that brings files (see the module's docstring)."""
    if request.mimetype != "multipart/form-data":
        return json_body()
    body = {}
    for name, value in request.form.items():
        if name in STRUCTURED_FIELDS:
            try:
                value = json.loads(value)
            except ValueError:
                pass  # left as text: the schema says what was expected
        body[name] = value
    return body


def _unauthorized(message: str):
    response = jsonify(error=message)
    response.status_code = 401
    response.headers["WWW-Authenticate"] = 'Bearer realm="ccs-tracker"'
    return response
