"""Input schemas (marshmallow) shared by the HTML forms and the JSON API.

They check shape and length with the limits of domain/rules.py; rules that depend on
the day (a meeting date in the future, a target date in the past) are the domain's,
which answers with the same ``{"field": ["message"]}`` shape."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate

from domain.catalogue import ACTIONS, COMMANDS, RAISE, Command, Field
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

    def _validated(self, value):
        # marshmallow would take 1.5 as 1: a number with a fraction is not a whole number.
        if isinstance(value, float) and not value.is_integer():
            raise self.make_error("invalid")
        return super()._validated(value)


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


def _text(spec: Field) -> Text:
    low, high = spec.bounds
    low = max(low, 1) if spec.required else 0
    message = (_l("Entre %(low)d et %(high)d caractères.", low=low, high=high) if low > 1
               else _l("Au plus %(high)d caractères.", high=high))
    return Text(required=spec.required, allow_none=not spec.required,
                validate=validate.Length(min=low, max=high, error=message))


def _choice(options: dict, required: bool, message) -> Text:
    return Text(required=required, allow_none=not required,
                validate=validate.OneOf(list(options), error=message))


def _percent(spec: Field) -> WholeNumber:
    low, high = spec.bounds
    return WholeNumber(required=spec.required, allow_none=not spec.required, validate=
                       validate.Range(min=low, max=high, error=_l(
                           "Indiquez un pourcentage entier, de %(low)d à %(high)d.",
                           low=low, high=high)))


def _day(spec: Field) -> Day:
    return Day(required=True) if spec.required else Day(load_default=None, allow_none=True)


# How each kind of catalogue field is read from a form or a JSON body.
_FIELD_OF_KIND = {
    "text": _text,
    "textarea": _text,
    "date": _day,
    "theme": lambda spec: _choice(THEMES, spec.required, _l("Choisissez un thème de la liste.")),
    "origin_group": lambda spec: _choice(ORIGIN_GROUPS, spec.required,
                                         _l("Choisissez un groupe de la liste.")),
    "percent": _percent,
}


def _request_id() -> Text:
    # One key per opened form or API call: the same key again is the same command.
    return Text(load_default=None, allow_none=True,
                validate=validate.Length(max=100, error=_l("Au plus %(high)d caractères.",
                                                           high=100)))


def schema_of(command: Command) -> type[InputSchema]:
    """The input schema of a catalogue command: its fields, the request's key and, on an
    existing file, the version the person saw."""
    declared = {spec.name: _FIELD_OF_KIND[spec.kind](spec) for spec in command.fields}
    declared["request_id"] = _request_id()
    if not command.creates:
        declared["expected_version"] = WholeNumber(
            load_default=None, allow_none=True, strict=False,
            error_messages={"invalid": _l("Numéro de version invalide.")})
    return InputSchema.from_dict(declared, name=f"{command.method.title()}Schema")


class RaiseSchema(schema_of(RAISE)):
    commune = Text(load_default=None, allow_none=True)


ACTION_SCHEMAS = {name: schema_of(COMMANDS[name]) for name in ACTIONS}


def load_action(command: str, data) -> tuple[int | None, dict]:
    """Validated fields of ``command`` (with its ``request_id`` when one was sent) and the
    expected version; raises marshmallow.ValidationError."""
    loaded = ACTION_SCHEMAS[command]().load(data)
    expected_version = loaded.pop("expected_version", None)
    request_id = loaded.pop("request_id", None)
    # A field left out is not given (an amendment changes only what was sent); one sent
    # empty on purpose (JSON null) is given as such.
    loaded = {name: value for name, value in loaded.items()
              if value is not None or _was_sent(data, name)}
    if request_id:
        loaded["request_id"] = request_id
    return expected_version, loaded


def _was_sent(data, name: str) -> bool:
    return name in data
