"""The JSON API of CCS sessions, on the API blueprint (bearer tokens, errors as JSON; see
web/api.py): record and list sessions, read one, give its commands, and raise its
recommendations in one sitting. Authorisation is the tracker's, as everywhere."""

from __future__ import annotations

from uuid import UUID

from flask import abort, jsonify, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import validate

from domain.catalogue import RAISE, RECORD_SESSION, SESSION_ACTIONS
from domain.messages import N_
from projections.session_queries import MAX_PER_PAGE, SessionFilters, session_files, sessions_page
from tracker.authorization import NotFound, require_role_may, visibility
from web.limits import takes_files
from web import services
from web import attachments
from web.api import blueprint, command_body, json_body, with_attachments
from web.api_json import iso
from web.as_of import parse_as_of
from web.session_exports import sessions_csv_response
from web.schemas import (
    SESSION_SCHEMAS, Day, InputSchema, RecordSessionSchema, SittingSchema, Text, WholeNumber,
    load_action, page_field,
)


class SessionListQuerySchema(InputSchema):
    region = Text(load_default=None)
    commune = Text(load_default=None)
    since = Day(load_default=None, data_key="from")
    until = Day(load_default=None, data_key="to")
    page = page_field()
    per_page = WholeNumber(load_default=25, validate=validate.Range(
        min=1, max=MAX_PER_PAGE, error=_l("Entre 1 et %(maximum)d.", maximum=MAX_PER_PAGE)))


@blueprint.post("/sessions")
@takes_files
def record_session():
    principal = services.principal()
    require_role_may(principal, RECORD_SESSION)  # a role that never records hears so first
    fields = RecordSessionSchema().load(command_body())
    fields["commune"] = fields.get("commune") or principal.commune
    fields["region"] = fields.get("region") or principal.region
    result = services.tracker().record_session(
        principal, files=attachments.uploaded_files(), **fields)
    services.wait_for_position(result.position)
    response = jsonify(_session(result.recommendation_id))
    response.status_code = 201 if result.created else 200
    response.headers["Location"] = url_for(".show_session", session_id=result.recommendation_id)
    return response


@blueprint.get("/sessions")
def list_sessions():
    scope = visibility(services.principal())  # administrators: 403
    filters = SessionFilters(**SessionListQuerySchema().load(request.args.to_dict()))
    services.refresh_read_models()
    page = sessions_page(services.read_models().reader, scope, filters)
    return jsonify(items=[session_item_json(row) for row in page.items], total=page.total,
                   page=page.page, per_page=page.per_page)


@blueprint.get("/sessions.csv")
def export_sessions():
    """The list as CSV: the same filters (``page`` and ``per_page`` aside: every row),
    headers and labels in the caller's language (``Accept-Language``)."""
    scope = visibility(services.principal())  # administrators: 403
    filters = SessionFilters(**SessionListQuerySchema().load(request.args.to_dict()))
    services.refresh_read_models()
    return sessions_csv_response(scope, filters)  # every row: the export reads no page


@blueprint.get("/sessions/<session_id>")
def show_session(session_id):
    key = _uuid(session_id)
    as_of = parse_as_of(request.args.get("as_of"))
    if as_of is None:
        return jsonify(_session(key))
    past = services.tracker().session_as_of(services.principal(), key, as_of)
    return jsonify(with_attachments(session_json(past, [], None), past))  # read-only


@blueprint.post("/sessions/<session_id>/recommendations")
def raise_from_session(session_id):
    principal, tracker = services.principal(), services.tracker()
    key = _uuid(session_id)
    require_role_may(principal, RAISE)
    tracker.session(principal, key)  # 404 outside the territory, before judging the input
    items = SittingSchema().load(json_body())["items"]
    result = tracker.raise_from_session(principal, key, items)
    services.wait_for_position(result.position)
    response = jsonify(ids=[str(file_id) for file_id in result.ids])
    response.status_code = 200 if result.repeated else 201
    return response


@blueprint.post("/sessions/<session_id>/<command>")
@takes_files
def act_on_session(session_id, command):
    if command not in SESSION_ACTIONS:
        abort(404, description=_("Action inconnue : « %(command)s ».", command=command))
    principal, tracker = services.principal(), services.tracker()
    key = _uuid(session_id)
    tracker.session(principal, key)
    expected_version, fields = load_action(command, command_body(), SESSION_SCHEMAS)
    result = tracker.act_on_session(principal, key, command, expected_version=expected_version,
                                    files=attachments.uploaded_files(), **fields)
    services.wait_for_position(result.position)
    return jsonify(_session(key))


# ---- shapes ---------------------------------------------------------------------------------
def session_json(session, allowed_actions: list[str], recommendations: list[str] | None) -> dict:
    """One session from its aggregate, with the files it issued (from the read side; None
    for a session as it stood in the past)."""
    return {"id": str(session.id), "level": session.level, "commune": session.commune,
            "region": session.region, "held_on": iso(session.held_on),
            "place": session.place, "chaired_by": session.chaired_by,
            "agenda": list(session.agenda), "attendance": session.attendance,
            "minutes": session.minutes, "status": session.status,
            "version": session.version, "recommendations": recommendations,
            "allowed_actions": allowed_actions}


def session_item_json(row: dict) -> dict:
    return {"id": row["id"], "level": row["level"], "commune": row["commune"],
            "region": row["region"], "held_on": iso(row["held_on"]), "place": row["place"],
            "chaired_by": row["chaired_by"], "status": row["status"],
            "attendance": {"women": row["women"], "men": row["men"], "youth": row["youth"]},
            "has_minutes": row["has_minutes"], "recommendations": row["recommendations"]}


def _session(key: UUID) -> dict:
    principal, tracker = services.principal(), services.tracker()
    session = tracker.session(principal, key)
    services.wait_for_position()
    files = session_files(services.read_models().reader, key)
    return with_attachments(session_json(session, tracker.session_actions(principal, session),
                                         [row["id"] for row in files]), session, waited=True)


def _uuid(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise NotFound(N_("Session introuvable."))
