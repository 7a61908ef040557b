"""The auditors' desk: every event in global order with filters and "load more", the head
of the hash chain, its receipt to download, and the verification, started from the page
and followed while it runs (tracker/verification.py). Auditors only
(tracker/authorization.py)."""

from __future__ import annotations

import unicodedata
from uuid import UUID
from datetime import datetime, timezone

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import login_required
from marshmallow import ValidationError, validate

from domain.file_numbers import parse_reference
from domain.messages import message_of
from domain.vocabulary import ROLES
from projections.audit_queries import MAX_LIMIT, AuditFilters, audit_page
from tracker.authorization import NotFound, require_auditor
from web import services
from web.filters import EVENT_LABELS, event_label
from web.i18n import translate
from web.schemas import Day, InputSchema, Text, WholeNumber

blueprint = Blueprint("audit", __name__, url_prefix="/audit")
PAGE_SIZE = 25  # a phone screen holds a few: « load more » brings the next


class AuditQuerySchema(InputSchema):
    """The filters of the audit log, for the page and the API alike."""

    actor = Text(load_default=None, validate=validate.Length(max=64))
    role = Text(load_default=None, validate=validate.OneOf(
        list(ROLES), error=_l("Rôle inconnu.")))
    event_type = Text(load_default=None, validate=validate.OneOf(
        sorted(EVENT_LABELS), error=_l("Type d'événement inconnu.")))
    commune = Text(load_default=None, validate=validate.Length(max=64))
    region = Text(load_default=None, validate=validate.Length(max=64))
    # A file's number (« SEG-2026-014 ») or its 36-character id.
    recommendation = Text(load_default=None, validate=validate.Length(max=64))
    since = Day(load_default=None)
    until = Day(load_default=None)
    before = WholeNumber(load_default=None, validate=validate.Range(min=1))
    limit = WholeNumber(load_default=PAGE_SIZE, validate=validate.Range(
        min=1, max=MAX_LIMIT, error=_l("Entre 1 et %(maximum)d.", maximum=MAX_LIMIT)))


def load_audit_query(args) -> tuple[AuditFilters, int | None, int]:
    """Filters, cursor and page size from a query string; raises ValidationError."""
    loaded = AuditQuerySchema().load(args.to_dict())
    before, limit = loaded.pop("before"), loaded.pop("limit")
    if loaded.get("recommendation"):
        loaded["recommendation"] = _file_id(loaded["recommendation"])
    return AuditFilters(**loaded), before, limit


def _file_id(text: str) -> str:
    """The id of the file a filter names by its number or by its id."""
    if parse_reference(text) is not None:
        try:
            return str(services.tracker().file_by_reference(services.principal(), text).id)
        except NotFound as missing:
            raise ValidationError({"recommendation": [translate(message_of(missing))]})
    try:
        return str(UUID(text))
    except ValueError:
        raise ValidationError({"recommendation": [
            _("Numéro ou identifiant de dossier invalide : un numéro s'écrit comme "
              "SEG-2026-014.")]})


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
    page = audit_page(services.read_models().reader, filters, before, limit)
    if request.htmx and before:  # "load more": the next rows only
        return services.make_page(render_template(
            "audit/_rows.html", page=page, filters=filters, limit=limit))
    return services.make_page(render_template(
        "audit/index.html", page=page, filters=filters, errors=errors, limit=limit,
        event_types=event_types_by_label(), dead_letters=services.read_models().dead_letters(),
        **_chain_state()))


@blueprint.post("/verifier")
@login_required
def verify():
    """« Vérifier maintenant »: starts a verification (or joins the one running)."""
    principal = services.principal()
    require_auditor(principal)
    current_app.extensions["verifications"].start(principal)
    if request.htmx:
        return _verification_panel()
    return redirect(url_for(".log") + "#verification", code=303)


@blueprint.get("/verification")
@login_required
def verification():
    """The chain's panel, which polls itself while a verification runs."""
    require_auditor(services.principal())
    if not request.htmx:
        return redirect(url_for(".log") + "#verification", code=303)
    return _verification_panel()


@blueprint.get("/recu.json")
@login_required
def receipt():
    """The chain's head as a receipt, for the auditor to keep outside the system."""
    require_auditor(services.principal())
    head = current_app.extensions["chain"].head()
    response = services.make_page(head.as_json())
    response.mimetype = "application/json"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="recu-journal-{head.position}.json"')
    return response


def event_types_by_label() -> list[str]:
    """The event types, in the order of their names in the reader's language."""
    return sorted(EVENT_LABELS, key=lambda key: strxfrm_label(event_label(key)))


def strxfrm_label(label: str) -> tuple[str, str]:
    """A label as a dictionary sorts it: by its letters first, case and accents ignored
    (« Précisions » before « Premier »), then accents to tell twins apart."""
    folded = unicodedata.normalize("NFD", label.casefold())
    return "".join(char for char in folded if not unicodedata.combining(char)), folded


def _verification_panel():
    return services.make_page(render_template("audit/_verification.html", **_chain_state()))


def _utc(moment: datetime) -> datetime:
    """SQLite gives back the verifications' times without their (UTC) offset."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _chain_state() -> dict:
    """The head of the chain, the latest verification (from the page or the command
    line, whichever is newer) and the run in progress, if any."""
    chain = current_app.extensions["chain"]
    run = current_app.extensions["verifications"].latest()
    verification = chain.last_verification()
    if run is not None and not run.running and verification is not None \
            and _utc(verification.verified_at) > run.finished_at:
        run = None  # a verification from the command line came after it
    return {"head": dict(zip(("position", "hash"), chain.last_link())),
            "verification": verification, "run": run}
