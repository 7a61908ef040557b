"""The auditors' desk: every event in global order with filters and "load more", the head
of the hash chain and the last verification. Auditors only (tracker/authorization.py)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from marshmallow import ValidationError, validate

from domain.vocabulary import ROLES
from projections.audit_queries import MAX_LIMIT, AuditFilters, audit_page
from tracker.authorization import require_auditor
from web import services
from web.filters import EVENT_LABELS
from web.schemas import Day, InputSchema, Text, WholeNumber

blueprint = Blueprint("audit", __name__, url_prefix="/audit")
PAGE_SIZE = 50


class AuditQuerySchema(InputSchema):
    """The filters of the audit log, for the page and the API alike."""

    actor = Text(load_default=None, validate=validate.Length(max=64))
    role = Text(load_default=None, validate=validate.OneOf(
        list(ROLES), error=_l("Rôle inconnu.")))
    event_type = Text(load_default=None, validate=validate.OneOf(
        sorted(EVENT_LABELS), error=_l("Type d'événement inconnu.")))
    commune = Text(load_default=None, validate=validate.Length(max=64))
    region = Text(load_default=None, validate=validate.Length(max=64))
    recommendation = Text(load_default=None, validate=validate.Length(equal=36, error=_l(
        "Identifiant de dossier invalide.")))
    since = Day(load_default=None)
    until = Day(load_default=None)
    before = WholeNumber(load_default=None, validate=validate.Range(min=1))
    limit = WholeNumber(load_default=PAGE_SIZE, validate=validate.Range(
        min=1, max=MAX_LIMIT, error=_l("Entre 1 et %(maximum)d.", maximum=MAX_LIMIT)))


def load_audit_query(args) -> tuple[AuditFilters, int | None, int]:
    """Filters, cursor and page size from a query string; raises ValidationError."""
    loaded = AuditQuerySchema().load(args.to_dict())
    before, limit = loaded.pop("before"), loaded.pop("limit")
    return AuditFilters(**loaded), before, limit


@blueprint.route("/")
@login_required
def log():
    require_auditor(services.principal())
    services.refresh_read_models()
    errors = {}
    try:
        filters, before, limit = load_audit_query(request.args)
    except ValidationError as error:
        errors, filters, before, limit = error.messages, AuditFilters(), None, PAGE_SIZE
    page = audit_page(services.read_models().engine, filters, before, limit)
    if request.htmx and before:  # "load more": the next rows only
        return services.make_page(render_template(
            "audit/_rows.html", page=page, filters=filters, limit=limit))
    chain = current_app.extensions["chain"]
    return services.make_page(render_template(
        "audit/index.html", page=page, filters=filters, errors=errors, limit=limit,
        event_types=sorted(EVENT_LABELS),
        head=dict(zip(("position", "hash"), chain.last_link())),
        verification=chain.last_verification()))
