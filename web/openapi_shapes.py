"""The JSON the API answers with, written down as marshmallow schemas for the OpenAPI
document (web/openapi.py). web/api_json.py and web/api_sessions.py build these answers by
hand; the contract tests (tests/web/test_openapi_contract.py) check every answer against
these shapes, so a key added, renamed or made nullable there without saying so here fails.

Every key is ``required``: the API always sends it, null when it has no value."""

from __future__ import annotations

from marshmallow import INCLUDE, Schema, fields


def _always(field_class, *args, nullable: bool = False, **kwargs):
    return field_class(*args, required=True, allow_none=nullable, **kwargs)


def _text(nullable: bool = False) -> fields.String:
    return _always(fields.String, nullable=nullable)


def _number(nullable: bool = False) -> fields.Integer:
    return _always(fields.Integer, nullable=nullable)


def _day(nullable: bool = False) -> fields.Date:
    return _always(fields.Date, nullable=nullable)


def _moment(nullable: bool = False) -> fields.DateTime:
    return _always(fields.DateTime, nullable=nullable)


def _flag() -> fields.Boolean:
    return _always(fields.Boolean)


def _list(item, nullable: bool = False) -> fields.List:
    return _always(fields.List, item, nullable=nullable)


# ---- errors -----------------------------------------------------------------------------
class Refusal(Schema):
    """Any refusal but invalid input: one sentence in the reader's language."""

    error = _text()


class InvalidInput(Schema):
    """Invalid input: messages by field (``_schema`` when it is the body as a whole); a
    list's items are keyed by their position, so a value may itself be such an object."""

    errors = _always(fields.Dict, keys=fields.String())


# ---- recommendations ---------------------------------------------------------------------
class Attachment(Schema):
    sha256 = _text()
    name = _text()
    media_type = _text()
    size = _number()
    width = _number(nullable=True)
    height = _number(nullable=True)
    url = _text()
    thumbnail_url = _text(nullable=True)


class _FileFields(Schema):
    """What a recommendation and a row of the list both say about a file."""

    id = _text()
    reference = _text(nullable=True)  # files raised before numbering may have none yet
    title = _text()
    description = _text(nullable=True)
    theme = _text()
    commune = _text()
    region = _text()
    level = _text()
    status = _text()
    meeting_date = _day()
    origin_group = _text(nullable=True)
    due_by = _moment(nullable=True)
    overdue = _flag()
    target_date = _day(nullable=True)
    implementation_overdue = _flag()
    progress = _number(nullable=True)
    version = _number()


class Recommendation(_FileFields):
    allowed_actions = _list(fields.String())
    attachments = _list(fields.Nested(Attachment))


class BoardItem(_FileFields):
    raised_at = _moment()
    last_activity = _moment()


class _Paging(Schema):
    """What every paged list says besides its items."""

    total = _number()
    page = _number()
    per_page = _number()


class RecommendationPage(_Paging):
    items = _list(fields.Nested(BoardItem))


class InboxItem(Schema):
    """A file waiting for the caller, or (``reason`` « session_overdue », no file keys) a
    commune whose CCS session is late."""

    id = _text(nullable=True)
    title = _text(nullable=True)
    commune = _text()
    region = _text(nullable=True)
    level = _text()
    status = _text(nullable=True)
    reason = _text()
    since = _moment(nullable=True)
    due_by = _moment(nullable=True)
    overdue = _flag()
    last_session = fields.Date(allow_none=True)
    days_since_last_session = fields.Integer(allow_none=True)


class Inbox(Schema):
    items = _list(fields.Nested(InboxItem))
    total = _number()


class Actor(Schema):
    """Who did it; all null for what the operator did at the command line (no account)."""

    username = _text(nullable=True)
    name = _text(nullable=True)
    role = _text(nullable=True)


class HistoryItem(Schema):
    """One event of a file: these keys, and the fields the command recorded (its free
    text under the command's own name: ``reason``, ``note``, ``question``…)."""

    class Meta:
        unknown = INCLUDE  # the command's own fields: additionalProperties

    type = _text()
    at = _moment()
    actor = _always(fields.Nested, Actor)


class History(Schema):
    items = _list(fields.Nested(HistoryItem))


class AuditAggregate(Schema):
    type = _text()
    id = _text()
    version = _number()
    subject = _text(nullable=True)


class AuditItem(Schema):
    position = _number()
    at = _moment()
    type = _text()
    aggregate = _always(fields.Nested, AuditAggregate)
    actor = _always(fields.Nested, Actor)
    commune = _text(nullable=True)
    region = _text(nullable=True)
    data = _always(fields.Dict, nullable=True)


class AuditPage(Schema):
    items = _list(fields.Nested(AuditItem))
    next_before = _number(nullable=True)


# ---- sessions -----------------------------------------------------------------------------
class _SessionFields(Schema):
    """What a session and a row of the sessions' list both say."""

    id = _text()
    level = _text()
    commune = _text(nullable=True)
    region = _text(nullable=True)
    held_on = _day()
    place = _text()
    chaired_by = _text()
    status = _text()


class Session(_SessionFields):
    agenda = _list(fields.String())
    attendance = _always(fields.Dict, nullable=True)
    minutes = _text(nullable=True)
    version = _number()
    recommendations = _list(fields.String(), nullable=True)  # null for a past state
    allowed_actions = _list(fields.String())
    attachments = _list(fields.Nested(Attachment))


class SessionAttendance(Schema):
    women = _number()
    men = _number()
    youth = _number()


class SessionItem(_SessionFields):
    attendance = _always(fields.Nested, SessionAttendance)
    has_minutes = _flag()
    recommendations = _number()


class SessionPage(_Paging):
    items = _list(fields.Nested(SessionItem))


class RaisedFromSession(Schema):
    ids = _list(fields.String())
