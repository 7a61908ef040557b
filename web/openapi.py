"""GET /api/v1/openapi.json: the JSON API's contract, as an OpenAPI 3.1 document.

It is generated, not written: request bodies and query strings come from the same
marshmallow schemas that validate them (web/schemas.py, web/api_json.py, web/audit.py,
web/api_sessions.py), answers from web/openapi_shapes.py, and one path per catalogue
command (domain/catalogue.py), so a new field or command is documented by being declared.
tests/web/test_openapi_contract.py fails if an /api/v1 route is missing here, and fuzzes
every operation against the document with Schemathesis.

The document is public (it says how to call the API, nothing about the files), built once
per process on first request (it depends on nothing that changes while the process runs)
and in French, the API's language: it is not translated per reader."""

from __future__ import annotations

import json

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Blueprint, Response, current_app, request

from domain.attachments import MEDIA_TYPES
from domain.catalogue import ACTIONS, COMMANDS, RAISE, RECORD_SESSION, SESSION_ACTIONS, \
    SESSION_COMMANDS
from web import openapi_shapes as shapes
from web.api_json import InboxQuerySchema, ListQuerySchema
from web.api_sessions import SessionListQuerySchema
from web.attachments import FIELD as FILES_FIELD
from web.audit import AuditQuerySchema
from web.schemas import (
    ACTION_SCHEMAS, SESSION_SCHEMAS, Agenda, Attendance, RaiseSchema, RecordSessionSchema,
    SittingSchema,
)

# Its own blueprint: the API's one authenticates every request, and this one must not.
blueprint = Blueprint("openapi", __name__, url_prefix="/api/v1")
PREFIX = "/api/v1"
# Public and the same for everyone until the next deployment.
CACHE_CONTROL = "public, max-age=3600"
BEARER = "jeton"  # the security scheme's name in the document


@blueprint.get("/openapi.json")
def document():
    body = current_app.extensions.get("openapi_document")
    if body is None:  # first request of this process: building twice in a race is harmless
        body = json.dumps(build_document(current_app.extensions["tracker"].reference),
                          ensure_ascii=False, separators=(",", ":"))
        current_app.extensions["openapi_document"] = body
    response = Response(body, mimetype="application/json")
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.add_etag()
    return response.make_conditional(request)


def build_document(reference) -> dict:
    """The whole document; ``reference`` (regions and communes) validates the list's
    filters, as it does in the API."""
    plugin = MarshmallowPlugin()
    spec = APISpec(
        title="Suivi des recommandations des CCS — API", version="1", openapi_version="3.1.0",
        plugins=[plugin], security=[{BEARER: []}],
        info={"description": (
            "Les mêmes opérations que les pages, pour les scripts et les systèmes partenaires. "
            "Chaque requête porte un jeton : « Authorization: Bearer <jeton> » (émis par un "
            "administrateur). Les refus sont en JSON : {\"error\": \"…\"}, ou, pour une "
            "saisie invalide (422), {\"errors\": {\"champ\": [\"…\"]}} ; rien n'est "
            "enregistré. Les messages suivent Accept-Language (français par défaut).")})
    plugin.converter.add_attribute_function(_structured_fields)
    spec.components.security_scheme(BEARER, {
        "type": "http", "scheme": "bearer",
        "description": "Jeton d'API d'un compte actif ; révoqué ou compte désactivé : 401."})
    _declare_refusals(spec)
    _declare_inputs(spec)
    for path, operations in _reading_paths(reference) + _command_paths():
        spec.path(path=PREFIX + path, operations=operations)
    spec.path(path=PREFIX + "/openapi.json", operations={"get": {
        "summary": "Ce document", "security": [], "tags": ["contrat"],
        "responses": {"200": {"description": "Le contrat OpenAPI de l'API.",
                              "content": {"application/json": {"schema": {"type": "object"}}}},
                      "304": {"description": "Inchangé depuis la version en cache."}}}})
    document = spec.to_dict()
    _no_null_in_query_strings(document)
    return document


def _no_null_in_query_strings(document: dict) -> None:
    """A query string cannot say null: a filter is given or left out. The schemas allow
    None only as "left out" (``load_default=None``)."""
    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] != "query":
                    continue
                schema = parameter["schema"]
                if isinstance(schema.get("type"), list):
                    schema["type"] = next(kind for kind in schema["type"] if kind != "null")
                if "enum" in schema:
                    schema["enum"] = [value for value in schema["enum"] if value is not None]
                if schema.get("default", "") is None:
                    del schema["default"]


def _structured_fields(converter, field, **_) -> dict:
    """The two input fields marshmallow cannot describe: an agenda is a list of texts, an
    attendance counts women and men present by group."""
    if isinstance(field, Agenda):
        return {"type": ["array", "null"] if field.allow_none else "array",
                "items": {"type": "string"}}
    if isinstance(field, Attendance):
        count = {"type": "integer", "minimum": 0}
        return {"type": ["object", "null"] if field.allow_none else "object",
                "additionalProperties": {"type": "object", "properties": {
                    "women": count, "men": count}}}
    return {}


# ---- refusals -------------------------------------------------------------------------------
REFUSALS = {
    400: ("BadRequest", "Corps illisible : pas un objet JSON."),
    401: ("Unauthorized", "Jeton absent, invalide ou révoqué, ou compte désactivé."),
    403: ("Forbidden", "Ce rôle ne peut pas faire cela."),
    404: ("NotFound", "Introuvable, ou hors du territoire de l'appelant (sans le dire)."),
    409: ("Conflict", "Impossible dans l'état du dossier, ou version périmée "
                      "(expected_version)."),
    413: ("TooLarge", "Envoi trop volumineux : rien n'est lu ni enregistré."),
    429: ("TooManyWrites", "Trop d'écritures de ce compte en une minute : réessayer après "
                           "Retry-After secondes."),
}


def _declare_refusals(spec: APISpec) -> None:
    spec.components.schema("InvalidInput", schema=shapes.InvalidInput)
    spec.components.schema("Refusal", schema=shapes.Refusal)
    for status, (name, description) in REFUSALS.items():
        answer = {"description": description,
                  "content": {"application/json": {"schema": shapes.Refusal}}}
        if status == 401:
            answer["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}}}
        if status == 429:
            answer["headers"] = {"Retry-After": {"schema": {"type": "integer", "minimum": 1}}}
        spec.components.response(name, answer)
    # Most 422s name fields; a change that changes nothing is one sentence.
    spec.components.response("Invalid", {
        "description": "Saisie invalide : messages par champ ; rien n'est enregistré.",
        "content": {"application/json": {"schema": {"anyOf": [
            {"$ref": "#/components/schemas/InvalidInput"},
            {"$ref": "#/components/schemas/Refusal"}]}}}})


def _answers(ok: dict, *statuses: int) -> dict:
    """``ok`` (status → answer) with the refusals named, and 401 always (every operation
    but the document itself needs a token)."""
    answers = dict(ok)
    for status in sorted({401, *statuses}):
        answers[str(status)] = "Invalid" if status == 422 else REFUSALS[status][0]
    return answers


def _json(description: str, schema) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


CSV = {"description": "Toutes les lignes, en-têtes et libellés dans la langue de l'appelant.",
       "content": {"text/csv": {"schema": {"type": "string"}}}}
AS_OF = {"in": "query", "name": "as_of", "required": False, "schema": {"type": "string"},
         "description": "Tel que c'était à ce moment : AAAA-MM-JJ (fin du jour) ou "
                        "AAAA-MM-JJTHH:MM avec le décalage horaire."}


def _path_id(name: str) -> dict:
    return {"in": "path", "name": name, "required": True,
            "schema": {"type": "string", "format": "uuid"}}


# ---- reading ---------------------------------------------------------------------------------
def _reading_paths(reference) -> list[tuple[str, dict]]:
    file_id, session_id = _path_id("recommendation_id"), _path_id("session_id")
    listing = [{"in": "query", "schema": ListQuerySchema(reference)}, AS_OF]
    sessions = [{"in": "query", "schema": SessionListQuerySchema}]
    return [
        ("/recommendations", {"get": {
            "summary": "Les recommandations du territoire de l'appelant, filtrées, par pages",
            "tags": ["recommandations"], "parameters": listing,
            "responses": _answers({"200": _json("Une page.", shapes.RecommendationPage)},
                                  403, 422)}}),
        ("/recommendations.csv", {"get": {
            "summary": "La même liste en CSV (toutes les lignes)",
            "tags": ["recommandations"], "parameters": listing,
            "responses": _answers({"200": CSV}, 403, 422)}}),
        ("/inbox", {"get": {
            "summary": "Ce qui attend l'action de l'appelant (« À traiter »)", "tags": ["desk"],
            "parameters": [{"in": "query", "schema": InboxQuerySchema}],
            "responses": _answers({"200": _json("Les éléments.", shapes.Inbox)}, 403, 422)}}),
        ("/recommendations/{recommendation_id}", {"get": {
            "summary": "Une recommandation (telle qu'elle était à as_of, si donné)",
            "tags": ["recommandations"], "parameters": [file_id, AS_OF],
            "responses": _answers({"200": _json("La recommandation.",
                                                shapes.Recommendation)}, 403, 404, 422)}}),
        ("/recommendations/{recommendation_id}/history", {"get": {
            "summary": "L'historique d'une recommandation, du plus ancien au plus récent",
            "tags": ["recommandations"], "parameters": [file_id, AS_OF],
            "responses": _answers({"200": _json("Les événements.", shapes.History)},
                                  403, 404, 422)}}),
        ("/audit/events", {"get": {
            "summary": "Le journal d'audit, du plus récent au plus ancien (auditeurs)",
            "tags": ["audit"], "parameters": [{"in": "query", "schema": AuditQuerySchema}],
            "responses": _answers({"200": _json("Une page ; la suivante avec "
                                                "before=next_before.", shapes.AuditPage)},
                                  403, 422)}}),
        ("/attachments/{sha256}", {"get": {
            "summary": "Les octets d'une pièce jointe (ou de sa vignette)",
            "tags": ["pièces jointes"],
            "parameters": [{"in": "path", "name": "sha256", "required": True,
                            "schema": {"type": "string", "pattern": "^[0-9a-f]{64}$"}}],
            "responses": _answers({
                "200": {"description": "Le fichier, de son type enregistré.",
                        "content": {media: {"schema": {"type": "string"}}
                                    for media in MEDIA_TYPES}},
                "304": {"description": "Inchangé (If-None-Match)."}}, 404)}}),
        ("/sessions", {"get": {
            "summary": "Les sessions du CCS du territoire de l'appelant, par pages",
            "tags": ["sessions"], "parameters": sessions,
            "responses": _answers({"200": _json("Une page.", shapes.SessionPage)},
                                  403, 422)}}),
        ("/sessions.csv", {"get": {
            "summary": "La même liste en CSV (toutes les lignes)", "tags": ["sessions"],
            "parameters": sessions, "responses": _answers({"200": CSV}, 403, 422)}}),
        ("/sessions/{session_id}", {"get": {
            "summary": "Une session (telle qu'elle était à as_of, si donné)",
            "tags": ["sessions"], "parameters": [session_id, AS_OF],
            "responses": _answers({"200": _json("La session.", shapes.Session)},
                                  403, 404, 422)}}),
    ]


# ---- commands --------------------------------------------------------------------------------
# A command's answers: the refused input records nothing, whatever the status. Writes are
# counted per account (web/limits.py): past the limit, 429.
COMMAND_REFUSALS = (400, 403, 404, 409, 413, 422, 429)


def _input_name(command, session: bool = False) -> str:
    """A command's body in components/schemas: « EscalateInput », « SessionAmendInput »
    (the two kinds of file share command names)."""
    words = command.name.replace("-", " ").title().replace(" ", "")
    return ("Session" if session else "") + words + "Input"


def _declare_inputs(spec: APISpec) -> None:
    spec.components.schema(_input_name(RAISE), schema=RaiseSchema)
    spec.components.schema(_input_name(RECORD_SESSION, True), schema=RecordSessionSchema)
    spec.components.schema("SittingInput", schema=SittingSchema)
    for name in ACTIONS:
        spec.components.schema(_input_name(COMMANDS[name]), schema=ACTION_SCHEMAS[name])
    for name in SESSION_ACTIONS:
        spec.components.schema(_input_name(SESSION_COMMANDS[name], True),
                               schema=SESSION_SCHEMAS[name])


def _body(name: str, command, files: bool) -> dict:
    """A command's body: JSON, and multipart when files may come with it (the other fields
    as form fields, an agenda or an attendance as JSON text)."""
    schema = {"$ref": f"#/components/schemas/{name}"}
    content = {"application/json": {"schema": schema}}
    if files:
        structured = {spec.name: {"contentType": "application/json"}
                      for spec in command.fields if spec.kind in ("agenda", "attendance")}
        content["multipart/form-data"] = {
            "schema": {"allOf": [schema, {"type": "object", "properties": {FILES_FIELD: {
                "type": "array", "items": {"type": "string", "format": "binary"},
                "description": "Photos (JPEG, PNG, WebP) ou PDF, cinq au plus."}}}]},
            **({"encoding": structured} if structured else {})}
    return {"required": False, "content": content}


def _command(command, answer, parameters=(), created=False, session=False,
             input_name=None, files=None) -> dict:
    ok = {"200": _json("L'état après la commande (ou, pour une requête répétée avec le même "
                       "request_id, le premier résultat).", answer)}
    if created:
        ok["201"] = _json("Créé ; son adresse dans Location.", answer)
    body = _body(input_name or _input_name(command, session), command,
                 command.attachments if files is None else files)
    return {"post": {"summary": command.label.msgid,
                     "tags": ["sessions" if session else "recommandations"],
                     "parameters": list(parameters), "requestBody": body,
                     "responses": _answers(ok, *COMMAND_REFUSALS)}}


def _command_paths() -> list[tuple[str, dict]]:
    file_id, session_id = _path_id("recommendation_id"), _path_id("session_id")
    paths = [("/recommendations", _command(RAISE, shapes.Recommendation, created=True)),
             ("/sessions", _command(RECORD_SESSION, shapes.Session, created=True,
                                    session=True))]
    paths += [(f"/recommendations/{{recommendation_id}}/{name}",
               _command(COMMANDS[name], shapes.Recommendation, [file_id])) for name in ACTIONS]
    paths += [(f"/sessions/{{session_id}}/{name}",
               _command(SESSION_COMMANDS[name], shapes.Session, [session_id], session=True))
              for name in SESSION_ACTIONS]
    # A sitting's recommendations come as JSON only (web/api_sessions.py reads no files).
    sitting = _command(RAISE, shapes.RaisedFromSession, [session_id], created=True,
                       session=True, input_name="SittingInput", files=False)
    sitting["post"]["summary"] = "Enregistrer les recommandations d'une session"
    return paths + [("/sessions/{session_id}/recommendations", sitting)]
