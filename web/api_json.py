"""What the JSON API reads and writes: the list query schema and the JSON shapes of a
recommendation, a board row and a history entry. Kept apart from the routes so that
web/api.py stays a list of short handlers."""

from __future__ import annotations

from datetime import date, datetime

from flask import url_for
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, validate, validates_schema

from domain.catalogue import COMMAND_OF_EVENT, free_text_field
from domain.deadlines import is_implementation_overdue, is_overdue
from domain.vocabulary import LEVELS, STATUSES, THEMES
from projections.desk_queries import INBOX_LIMIT, MOST_INBOX_ITEMS
from projections.queries import MAX_PER_PAGE, BoardFilters
from web.schemas import InputSchema, Text, WholeNumber, _Translated, page_field

DEFAULT_PER_PAGE = 25
# Board columns a client gets; search_text is an index, not information.
BOARD_ITEM_COLUMNS = ("id", "reference", "title", "description", "theme", "commune", "region",
                      "level", "status", "meeting_date", "origin_group", "due_by", "target_date",
                      "progress", "raised_at", "last_activity", "version")
# The history keeps an event's one free text in a "text" column; the API gives it back
# under the name the command used, so a client reads "reason" where it sent "reason".
TEXT_FIELD_OF_EVENT = {event.__name__: free_text_field(command)
                       for event, command in COMMAND_OF_EVENT.items()
                       if free_text_field(command)}


class Flag(_Translated, fields.Boolean):
    """``true``/``false`` (also 1/0, yes/no, on/off) in a query string."""

    default_error_messages = {"invalid": _l("Valeur attendue : true ou false.")}


def _one_of(options, message) -> Text:
    return Text(load_default=None, validate=validate.OneOf(list(options), error=message))


class ListQuerySchema(InputSchema):
    """The query string of GET /recommendations; a value we do not know is an error, so a
    typo in a script is told rather than silently widening or emptying the list."""

    status = _one_of(STATUSES, _l("Statut inconnu."))
    level = _one_of(LEVELS, _l("Niveau inconnu."))
    theme = _one_of(THEMES, _l("Thème inconnu."))
    region = Text(load_default=None)
    commune = Text(load_default=None)
    overdue = Flag(load_default=False)
    implementation_overdue = Flag(load_default=False)
    q = Text(load_default=None, validate=validate.Length(
        max=200, error=_l("Au plus %(high)d caractères.", high=200)))
    page = page_field()
    per_page = WholeNumber(load_default=DEFAULT_PER_PAGE, validate=validate.Range(
        min=1, max=MAX_PER_PAGE, error=_l("Entre 1 et %(maximum)d.", maximum=MAX_PER_PAGE)))

    def __init__(self, reference, **kwargs):
        super().__init__(**kwargs)
        self.reference = reference  # regions and communes are data, not code

    @validates_schema
    def _known_territory(self, data, **_):
        errors = {}
        if data.get("region") and data["region"] not in self.reference.regions:
            errors["region"] = [_l("Région inconnue.")]
        if data.get("commune") and data["commune"] not in self.reference.communes:
            errors["commune"] = [_l("Commune inconnue.")]
        if errors:
            raise ValidationError(errors)


class InboxQuerySchema(InputSchema):
    """The query string of GET /inbox."""

    limit = WholeNumber(load_default=INBOX_LIMIT, validate=validate.Range(
        min=1, max=MOST_INBOX_ITEMS,
        error=_l("Entre 1 et %(maximum)d.", maximum=MOST_INBOX_ITEMS)))


def board_filters(args, reference) -> BoardFilters:
    """Filters from a query string; raises marshmallow.ValidationError."""
    return BoardFilters(**ListQuerySchema(reference).load(args.to_dict()))


def iso(value):
    """Dates as 2026-03-25, datetimes as 2026-03-25T09:00:00+00:00 (stored aware, in UTC)."""
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def recommendation_json(recommendation, allowed_actions: list[str], now: datetime) -> dict:
    """One recommendation from its aggregate: always current, whatever the read models;
    ``overdue`` (acknowledgement) and ``implementation_overdue`` at ``now``, the
    application's time; ``progress`` the last percentage reported, or null."""
    return {
        "id": str(recommendation.id),
        "reference": recommendation.reference,
        "title": recommendation.title,
        "description": recommendation.description,
        "theme": recommendation.theme,
        "commune": recommendation.commune,
        "region": recommendation.region,
        "level": recommendation.level,
        "status": recommendation.status,
        "meeting_date": iso(recommendation.meeting_date),
        "origin_group": recommendation.origin_group,
        "due_by": iso(recommendation.due_by),
        "overdue": is_overdue(recommendation.status, recommendation.due_by, now),
        "target_date": iso(recommendation.target_date),
        "implementation_overdue": is_implementation_overdue(
            recommendation.status, recommendation.target_date, now),
        "progress": recommendation.progress,
        "version": recommendation.version,
        "allowed_actions": allowed_actions,
    }


def attachment_json(row: dict) -> dict:
    """One file an event brought, with where the API serves it and its thumbnail."""
    thumbnail = row.get("thumbnail_sha256")
    return {"sha256": row["sha256"], "name": row["name"], "media_type": row["media_type"],
            "size": row["size"], "width": row.get("width"), "height": row.get("height"),
            "url": url_for("api.attachment", sha256=row["sha256"]),
            "thumbnail_url": url_for("api.attachment", sha256=thumbnail) if thumbnail else None}


def board_item_json(row: dict, now: datetime) -> dict:
    item = {name: iso(row[name]) for name in BOARD_ITEM_COLUMNS}
    item["overdue"] = is_overdue(row["status"], row["due_by"], now)
    item["implementation_overdue"] = is_implementation_overdue(row["status"],
                                                               row["target_date"], now)
    return item


def inbox_item_json(item: dict) -> dict:
    """One item of ``GET /inbox``: the file, why it waits for the caller, and its deadline;
    or a commune whose CCS session is late, with the day of its last session (or null)."""
    if item["reason"] == "session_overdue":  # the same keys, none about a file
        return {"id": None, "title": None, "commune": item["commune"],
                "region": item["region"], "level": item["level"], "status": None,
                "reason": item["reason"], "since": None, "due_by": None, "overdue": True,
                "last_session": iso(item["last_session"]),
                "days_since_last_session": item["days_since"]}
    return {"id": item["id"], "title": item["title"], "commune": item["commune"],
            "region": item["region"], "level": item["level"], "status": item["status"],
            "reason": item["reason"], "since": iso(item["since"]),
            "due_by": iso(item["due_by"]), "overdue": item["overdue"]}


def history_item_json(row: dict) -> dict:
    item = dict(row["details"] or {})
    text_field = TEXT_FIELD_OF_EVENT.get(row["event_type"])
    if text_field:
        item[text_field] = row["text"]
    # Set last, so no detail of an event can pass itself off as these.
    item.update(type=row["event_type"], at=iso(row["at"]),
                actor={"username": row["actor_username"], "name": row["actor_name"],
                       "role": row["actor_role"]})
    return item


def audit_item_json(row: dict) -> dict:
    return {"position": row["position"], "at": iso(row["at"]), "type": row["event_type"],
            "aggregate": {"type": row["aggregate_type"], "id": row["aggregate_id"],
                          "version": row["version"], "subject": row["subject"]},
            "actor": {"username": row["actor_username"], "name": row["actor_name"],
                      "role": row["actor_role"]},
            "commune": row["commune"], "region": row["region"], "data": row["data"]}
