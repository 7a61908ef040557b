"""Input schemas (marshmallow) shared by the HTML forms and the JSON API.

They check shape and length with the limits of domain/rules.py; rules that depend on
the day (a meeting date in the future, a target date in the past) are the domain's,
which answers with the same ``{"field": ["message"]}`` shape."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, pre_load, validate

from domain.recommendation import AMENDABLE_FIELDS
from domain.rules import TEXT_LIMITS
from domain.vocabulary import ORIGIN_GROUPS, THEMES

REQUIRED = "Ce champ est obligatoire."
DATE_ERRORS = {"required": REQUIRED, "null": REQUIRED,
               "invalid": "Date invalide : utilisez le format AAAA-MM-JJ."}
TEXT_ERRORS = {"required": REQUIRED, "null": REQUIRED, "invalid": "Texte attendu."}


def _text(limit_name: str, required: bool = True) -> fields.String:
    low, high = TEXT_LIMITS[limit_name]
    low = max(low, 1) if required else 0
    message = f"Entre {low} et {high} caractères." if low > 1 else f"Au plus {high} caractères."
    return fields.String(
        required=required, allow_none=not required, error_messages=TEXT_ERRORS,
        validate=validate.Length(min=low, max=high, error=message))


def _choice(options: dict, required: bool, message: str) -> fields.String:
    return fields.String(required=required, allow_none=not required,
                         error_messages={"required": REQUIRED, "null": REQUIRED},
                         validate=validate.OneOf(list(options), error=message))


class InputSchema(Schema):
    """Trims text, turns empty form fields into "not given", ignores unknown keys."""

    class Meta:
        unknown = EXCLUDE

    @pre_load
    def _blank_means_missing(self, data, **_):
        cleaned = {}
        for key, value in dict(data).items():
            if isinstance(value, str):
                value = value.strip()
                if value == "":
                    continue
            cleaned[key] = value
        return cleaned


class ActionSchema(InputSchema):
    expected_version = fields.Integer(
        load_default=None, allow_none=True, strict=False,
        error_messages={"invalid": "Numéro de version invalide."})


class RaiseSchema(InputSchema):
    commune = fields.String(load_default=None, allow_none=True)
    title = _text("title")
    description = _text("description", required=False)
    theme = _choice(THEMES, True, "Choisissez un thème de la liste.")
    meeting_date = fields.Date(required=True, error_messages=DATE_ERRORS)
    origin_group = _choice(ORIGIN_GROUPS, False, "Choisissez un groupe de la liste.")
    request_id = fields.String(load_default=None, allow_none=True,
                               validate=validate.Length(max=100))


class AmendSchema(ActionSchema):
    title = _text("title", required=False)
    description = _text("description", required=False)
    theme = _choice(THEMES, False, "Choisissez un thème de la liste.")
    meeting_date = fields.Date(load_default=None, allow_none=True, error_messages=DATE_ERRORS)
    origin_group = _choice(ORIGIN_GROUPS, False, "Choisissez un groupe de la liste.")


class NoteSchema(ActionSchema):
    note = _text("note")


class ReasonSchema(ActionSchema):
    reason = _text("reason")


class AcknowledgeSchema(ActionSchema):
    note = _text("note", required=False)


class RequestClarificationSchema(ActionSchema):
    question = _text("question")


class ClarifySchema(ActionSchema):
    answer = _text("answer")


class AcceptSchema(ActionSchema):
    note = _text("note", required=False)
    target_date = fields.Date(load_default=None, allow_none=True, error_messages=DATE_ERRORS)


class ReportImplementationSchema(ActionSchema):
    note = _text("implementation_note")


ACTION_SCHEMAS = {
    "amend": AmendSchema,
    "note": NoteSchema,
    "escalate": ReasonSchema,
    "acknowledge": AcknowledgeSchema,
    "request-clarification": RequestClarificationSchema,
    "clarify": ClarifySchema,
    "accept": AcceptSchema,
    "decline": ReasonSchema,
    "report-implementation": ReportImplementationSchema,
    "withdraw": ReasonSchema,
    "reopen": ReasonSchema,
}


def load_action(command: str, data) -> tuple[int | None, dict]:
    """Validated fields of ``command`` and the expected version; raises
    marshmallow.ValidationError."""
    loaded = ACTION_SCHEMAS[command]().load(data)
    expected_version = loaded.pop("expected_version", None)
    if command == "amend":
        # Only fields actually sent count as proposed changes.
        loaded = {name: value for name, value in loaded.items()
                  if name in AMENDABLE_FIELDS and _was_sent(data, name)}
    else:
        loaded = {name: value for name, value in loaded.items() if value is not None}
    return expected_version, loaded


def _was_sent(data, name: str) -> bool:
    return name in data
