"""Input schemas (marshmallow) shared by the HTML forms and the JSON API.

They check shape and length with the limits of domain/rules.py; rules that depend on
the day (a meeting date in the future, a target date in the past) are the domain's,
which answers with the same ``{"field": ["message"]}`` shape."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate

from domain.catalogue import (
    ACTIONS, COMMANDS, RAISE, RECORD_SESSION, SESSION_ACTIONS, SESSION_COMMANDS, Command, Field,
)
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


# The days and numbers any input may name. Past them a computation overflows (a day after
# 9999-12-31, a database's 64-bit integer): they are refused as input instead.
EARLIEST_DAY, LATEST_DAY = date(2000, 1, 1), date(2199, 12, 31)
LARGEST_NUMBER = 2**63 - 1


class Day(_Translated, fields.Date):
    default_error_messages = {
        **COMMON_ERRORS, "invalid": _l("Date invalide : utilisez le format AAAA-MM-JJ."),
        "format": _l("Date invalide : utilisez le format AAAA-MM-JJ."),
        "out_of_range": _l("Date hors de la période couverte (de 2000 à 2199).")}

    def _deserialize(self, value, attr, data, **kwargs):
        day = super()._deserialize(value, attr, data, **kwargs)
        if not EARLIEST_DAY <= day <= LATEST_DAY:
            raise self.make_error("out_of_range")
        return day


class WholeNumber(_Translated, fields.Integer):
    default_error_messages = {**COMMON_ERRORS, "invalid": _l("Nombre entier attendu."),
                              "too_large": _l("Nombre trop grand.")}

    def _validated(self, value):
        # marshmallow would take 1.5 as 1: a number with a fraction is not a whole number.
        if isinstance(value, float) and not value.is_integer():
            raise self.make_error("invalid")
        value = super()._validated(value)
        if value is not None and abs(value) > LARGEST_NUMBER:
            raise self.make_error("too_large")
        return value


# Past this a page's offset leaves the databases' integers; nobody pages that far.
MOST_PAGES = 1_000_000


def page_number(text: str | None) -> int:
    """A page asked for by a link: 1 unless a whole number, at most ``MOST_PAGES``."""
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()):
        return 1
    return min(max(int(text), 1), MOST_PAGES)


def page_field() -> "WholeNumber":
    """``page`` of a list in the API: refused, not guessed, outside 1 to ``MOST_PAGES``."""
    return WholeNumber(load_default=1, validate=validate.Range(
        min=1, max=MOST_PAGES, error=_l("Entre 1 et %(maximum)d.", maximum=MOST_PAGES)))


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
        gathered = _gathered_attendance(data)
        if gathered is not None:
            cleaned["attendance"] = gathered
        from_a_form = hasattr(data, "getlist")
        for key, value in dict(data).items():
            # A multipart part whose name cannot be read comes keyed None: no field of ours.
            if not isinstance(key, str) or key.startswith(ATTENDANCE_PREFIX):
                continue
            if isinstance(value, str):
                value = value.strip()
                if value == "":
                    continue
                if from_a_form and key == "agenda":
                    value = value.splitlines()
            cleaned[key] = value
        return cleaned


ATTENDANCE_PREFIX = "attendance-"


def _gathered_attendance(data) -> dict | None:
    """A form's attendance numbers (``attendance-jeunes-women``) as the command takes them;
    an empty box counts 0, and a box that is not a whole number stays as typed, for the
    domain's rule to name it."""
    boxes = {key: value for key, value in dict(data).items()
             if isinstance(key, str) and key.startswith(ATTENDANCE_PREFIX)}
    if not boxes:
        return None
    attendance: dict = {}
    for key, value in boxes.items():
        group, _, sex = key[len(ATTENDANCE_PREFIX):].rpartition("-")
        value = value.strip() if isinstance(value, str) else value
        number = int(value) if isinstance(value, str) and value.isascii() and value.isdigit() \
            else (0 if value in ("", None) else value)
        attendance.setdefault(group, {})[sex] = number
    return attendance


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


class Agenda(_Translated, fields.Field):
    """An agenda: a list of texts (a form's textarea, one item per line, is made a list by
    ``InputSchema``)."""

    default_error_messages = {**COMMON_ERRORS,
                              "invalid": _l("L'ordre du jour est une liste de points.")}

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.make_error("invalid")
        for item in value:
            refused = character_errors(item)
            if refused:
                raise ValidationError([translate(message) for message in refused])
        return value


class Attendance(_Translated, fields.Field):
    """Attendance by group: ``{"femmes": {"women": 3, "men": 0}, …}``; a form sends one
    number per group and sex (``attendance-femmes-women``), gathered by ``InputSchema``."""

    default_error_messages = {**COMMON_ERRORS, "invalid": _l(
        "La présence se donne par groupe : femmes et hommes présents.")}

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, dict):
            raise self.make_error("invalid")
        return value


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
    "agenda": lambda spec: Agenda(required=spec.required, allow_none=not spec.required),
    "attendance": lambda spec: Attendance(required=spec.required, allow_none=not spec.required),
    "session": lambda spec: Text(required=spec.required, validate=validate.Length(
        max=36, error=_l("Choisissez une session de la liste."))),
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
SESSION_SCHEMAS = {name: schema_of(SESSION_COMMANDS[name]) for name in SESSION_ACTIONS}


class RecordSessionSchema(schema_of(RECORD_SESSION)):
    """A session as recorded: where (the secretary's commune, or the authority's region),
    and its attendance and minutes when they come with it."""

    commune = Text(load_default=None, allow_none=True)
    region = Text(load_default=None, allow_none=True)
    attendance = Attendance(load_default=None, allow_none=True)
    minutes = Text(load_default=None, allow_none=True, validate=validate.Length(
        max=TEXT_LIMITS["minutes"][1], error=_l("Au plus %(high)d caractères.",
                                                 high=TEXT_LIMITS["minutes"][1])))


class SittingItemSchema(InputSchema):
    """One recommendation of a sitting: the raise fields but the date (the session's)."""

    title = _text(RAISE.fields[0])
    description = _text(RAISE.fields[1])
    theme = _choice(THEMES, True, _l("Choisissez un thème de la liste."))
    origin_group = _choice(ORIGIN_GROUPS, False, _l("Choisissez un groupe de la liste."))
    request_id = _request_id()


class SittingSchema(InputSchema):
    items = fields.List(fields.Nested(SittingItemSchema), required=True,
                        error_messages={"required": REQUIRED, "null": REQUIRED,
                                        "invalid": _l("Une liste de recommandations attendue.")})


def load_action(command: str, data, schemas: dict = ACTION_SCHEMAS) -> tuple[int | None, dict]:
    """Validated fields of ``command`` (with its ``request_id`` when one was sent) and the
    expected version; raises marshmallow.ValidationError. ``schemas``: those of the file's
    commands, or ``SESSION_SCHEMAS``."""
    loaded = schemas[command]().load(data)
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
