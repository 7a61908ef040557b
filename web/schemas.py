"""Input schemas (marshmallow) shared by the HTML forms and the JSON API.

They check shape and length with the limits of domain/rules.py; rules that depend on
the day (a meeting date in the future, a target date in the past) are the domain's,
which answers with the same ``{"field": ["message"]}`` shape."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate

from domain.recommendation import AMENDABLE_FIELDS
from domain.rules import TEXT_LIMITS, character_errors
from domain.vocabulary import ORIGIN_GROUPS, THEMES
from web.i18n import translate

# marshmallow's own messages are English; every one a person can meet is replaced by a
# catalog sentence here, evaluated (lazily) in the reader's language.
REQUIRED = _l("Ce champ est obligatoire.")
COMMON_ERRORS = {"required": REQUIRED, "null": REQUIRED,
                 "validator_failed": _l("Valeur invalide.")}


class _Translated:
    """Field messages read in the reader's language at the moment the error is made
    (marshmallow only formats plain ``str`` messages and would keep the lazy object)."""

    def make_error(self, key: str, **kwargs) -> ValidationError:
        return ValidationError(str(self.error_messages[key]).format(**kwargs))


class Text(_Translated, fields.String):
    """Any text field, keys and slugs included: control characters are refused here by the
    domain's rule, so nothing the domain does not check (a request id) reaches the log."""

    default_error_messages = {**COMMON_ERRORS, "invalid": _l("Texte attendu."),
                              "invalid_utf8": _l("Texte attendu.")}

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        refused = character_errors(value)
        if refused:
            raise ValidationError([translate(message) for message in refused])
        return value


class Day(_Translated, fields.Date):
    default_error_messages = {
        **COMMON_ERRORS, "invalid": _l("Date invalide : utilisez le format AAAA-MM-JJ."),
        "format": _l("Date invalide : utilisez le format AAAA-MM-JJ.")}


class WholeNumber(_Translated, fields.Integer):
    default_error_messages = {**COMMON_ERRORS, "invalid": _l("Nombre entier attendu."),
                              "too_large": _l("Nombre trop grand.")}


def _text(limit_name: str, required: bool = True) -> Text:
    low, high = TEXT_LIMITS[limit_name]
    low = max(low, 1) if required else 0
    message = (_l("Entre %(low)d et %(high)d caractères.", low=low, high=high) if low > 1
               else _l("Au plus %(high)d caractères.", high=high))
    return Text(required=required, allow_none=not required,
                validate=validate.Length(min=low, max=high, error=message))


def _choice(options: dict, required: bool, message) -> Text:
    return Text(required=required, allow_none=not required,
                validate=validate.OneOf(list(options), error=message))


class InputSchema(Schema):
    """Trims text, turns empty form fields into "not given", ignores unknown keys."""

    class Meta:
        unknown = EXCLUDE

    error_messages = {"type": _l("Données invalides : un objet JSON est attendu."),
                      "unknown": _l("Champ inconnu.")}

    @pre_load
    def _blank_means_missing(self, data, **_):
        if not hasattr(data, "items"):
            return data  # not an object: marshmallow answers with its "type" message
        cleaned = {}
        for key, value in dict(data).items():
            if isinstance(value, str):
                value = value.strip()
                if value == "":
                    continue
            cleaned[key] = value
        return cleaned


def _request_id() -> Text:
    # One key per opened form or API call: the same key again is the same command.
    return Text(load_default=None, allow_none=True,
                validate=validate.Length(max=100, error=_l("Au plus %(high)d caractères.",
                                                           high=100)))


class ActionSchema(InputSchema):
    expected_version = WholeNumber(
        load_default=None, allow_none=True, strict=False,
        error_messages={"invalid": _l("Numéro de version invalide.")})
    request_id = _request_id()


class RaiseSchema(InputSchema):
    commune = Text(load_default=None, allow_none=True)
    title = _text("title")
    description = _text("description", required=False)
    theme = _choice(THEMES, True, _l("Choisissez un thème de la liste."))
    meeting_date = Day(required=True)
    origin_group = _choice(ORIGIN_GROUPS, False, _l("Choisissez un groupe de la liste."))
    request_id = _request_id()


class AmendSchema(ActionSchema):
    title = _text("title", required=False)
    description = _text("description", required=False)
    theme = _choice(THEMES, False, _l("Choisissez un thème de la liste."))
    meeting_date = Day(load_default=None, allow_none=True)
    origin_group = _choice(ORIGIN_GROUPS, False, _l("Choisissez un groupe de la liste."))


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
    target_date = Day(load_default=None, allow_none=True)


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
    """Validated fields of ``command`` (with its ``request_id`` when one was sent) and the
    expected version; raises marshmallow.ValidationError."""
    loaded = ACTION_SCHEMAS[command]().load(data)
    expected_version = loaded.pop("expected_version", None)
    request_id = loaded.pop("request_id", None)
    if command == "amend":
        # Only fields actually sent count as proposed changes.
        loaded = {name: value for name, value in loaded.items()
                  if name in AMENDABLE_FIELDS and _was_sent(data, name)}
    else:
        loaded = {name: value for name, value in loaded.items() if value is not None}
    if request_id:
        loaded["request_id"] = request_id
    return expected_version, loaded


def _was_sent(data, name: str) -> bool:
    return name in data
