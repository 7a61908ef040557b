"""Template helpers: labels for stored keys in the reader's language, and dates written
out (« 3 juin 2025 », "3 June 2025") in Mali time (GMT)."""

from __future__ import annotations

import json
import re
from datetime import date, datetime

from flask_babel import format_date, format_datetime, format_decimal

from domain import catalogue
from domain.file_numbers import FileNumbers
from domain.messages import N_
from domain.rules import MOST_ATTENDANCE
from domain.session import Session
from domain.vocabulary import (
    ATTENDANCE_GROUPS, LEVELS, ORIGIN_GROUPS, ROLES, SESSION_STATUSES, SEXES, STATUSES, THEMES,
)
from tracker.reference import load_reference
from web.i18n import LANGUAGES, current_language, gettext, translate

# Labels by the names the read models store (the event class's name, the command's). A
# session and a file both record "Amended": each reads as its own, the file's by default.
_SESSION_EVENTS = frozenset(catalogue.aggregate_events(Session))
# The registers of reference numbers are on no page (each number is in its file's own
# events): nothing to name, nor to filter the audit log by.
_NOT_SHOWN = frozenset(catalogue.aggregate_events(FileNumbers))
SESSION_EVENT_LABELS = {event.__name__: label for event, label in catalogue.EVENT_LABELS.items()
                        if event in _SESSION_EVENTS}
EVENT_LABELS = {**SESSION_EVENT_LABELS,
                **{event.__name__: label for event, label in catalogue.EVENT_LABELS.items()
                   if event not in _SESSION_EVENTS | _NOT_SHOWN}}
ACTION_LABELS = {name: command.label for name, command in catalogue.COMMANDS.items()}
SESSION_ACTION_LABELS = {name: command.label
                         for name, command in catalogue.SESSION_COMMANDS.items()}
# Fields of events that no command form names, as the audit log shows them.
FIELD_LABELS = {**catalogue.FIELD_LABELS,
                "username": N_("Identifiant"), "display_name": N_("Nom affiché"),
                "role": N_("Rôle"), "title": N_("Titre"), "attachments": N_("Pièces jointes"),
                "changes": N_("Modifications"), "communes": N_("Communes"),
                "status": N_("Statut"), "reopened_from": N_("Rouverte depuis")}
# How a stored value reads, by the field that holds it.
_VALUE_LABELS = {"theme": THEMES, "origin_group": ORIGIN_GROUPS, "role": ROLES,
                 "level": LEVELS, "status": STATUSES}
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}(T[\d:.+-]+)?$")


def french_date(value) -> str:
    """« 3 juin 2025 »; accepts a date, a datetime or their ISO text (event details)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    return format_date(value, "d MMMM y") if value else ""  # same pattern in both languages


def french_datetime(value) -> str:
    # The pattern itself is translated: « 3 juin 2025 à 14:05 GMT », "3 June 2025 at 14:05 GMT".
    return format_datetime(value, gettext("d MMMM y 'à' HH:mm 'GMT'")) if value else ""


def number(value) -> str:
    """« 12 345 » in French, "12,345" in English."""
    return format_decimal(value, format="#,##0.#")


def register(app) -> None:
    reference = load_reference()
    app.jinja_env.filters.update(
        date_fr=french_date,
        datetime_fr=french_datetime,
        theme_label=_label(THEMES),
        status_label=_label(STATUSES),
        level_label=_label(LEVELS),
        role_label=_label(ROLES),
        origin_label=_label(ORIGIN_GROUPS),
        commune_name=reference.commune_name,
        region_name=reference.region_name,
        event_label=event_label,
        action_label=_label(ACTION_LABELS),
        session_action_label=_label(SESSION_ACTION_LABELS),
        session_status_label=_label(SESSION_STATUSES),
        field_label=_label(FIELD_LABELS),
        t=translate,
        number=number,
        data_value=data_value,
        as_json=lambda value: json.dumps(value, ensure_ascii=False, default=str),
    )
    app.jinja_env.globals.update(THEMES=THEMES, STATUSES=STATUSES, LEVELS=LEVELS,
                                 ORIGIN_GROUPS=ORIGIN_GROUPS, REFERENCE=reference, ROLES=ROLES,
                                 ATTENDANCE_GROUPS=ATTENDANCE_GROUPS, SEXES=SEXES,
                                 MOST_ATTENDANCE=MOST_ATTENDANCE,
                                 LANGUAGES=LANGUAGES, current_language=current_language)


def data_value(value, name: str = "") -> str:
    """A value of an event's data as a person reads it: labels for stored keys, dates
    written out, files by their names, yes or no; anything else as compact JSON."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return gettext("oui") if value else gettext("non")
    if name in _VALUE_LABELS and isinstance(value, str):
        return _label(_VALUE_LABELS[name])(value)
    if name == "commune" and isinstance(value, str):
        return load_reference().commune_name(value)
    if name == "region" and isinstance(value, str):
        return load_reference().region_name(value)
    if name == "attachments" and isinstance(value, list):
        return ", ".join(str(item.get("name", "")) for item in value if isinstance(item, dict))
    if isinstance(value, str):
        if not _ISO_DAY.match(value):
            return value
        try:  # a date as typed by a client may still be no date at all: shown as it is
            return french_datetime(datetime.fromisoformat(value)) if "T" in value \
                else french_date(value)
        except ValueError:
            return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return " ; ".join(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def event_label(key, aggregate_type: str | None = None) -> str:
    """How the history names an event; ``aggregate_type`` "session" for a session's."""
    labels = SESSION_EVENT_LABELS if aggregate_type == "session" else EVENT_LABELS
    return translate(labels.get(key) or EVENT_LABELS.get(key) or key or "")


def _label(labels: dict):
    """A filter giving the translated label of a stored key (the key itself if unknown)."""
    def label(key) -> str:
        return translate(labels[key]) if key in labels else (key or "")
    return label
