"""Template helpers: French labels for stored keys, and dates in French, Mali time (GMT)."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import format_date, format_datetime

from domain.vocabulary import LEVELS, ORIGIN_GROUPS, ROLES, STATUSES, THEMES
from tracker.reference import load_reference

EVENT_LABELS = {
    "Raised": "Recommandation enregistrée",
    "Amended": "Recommandation modifiée",
    "Noted": "Note ajoutée",
    "EscalatedToRegion": "Transmise à la région",
    "EscalatedToNational": "Transmise au CRSS",
    "Acknowledged": "Accusé de réception",
    "ClarificationRequested": "Précisions demandées",
    "Clarified": "Précisions apportées",
    "Accepted": "Retenue",
    "Declined": "Non retenue",
    "ImplementationReported": "Mise en œuvre signalée",
    "Withdrawn": "Retirée",
    "Reopened": "Rouverte",
}
ACTION_LABELS = {
    "amend": "Modifier",
    "note": "Ajouter une note",
    "escalate": "Transmettre au niveau supérieur",
    "acknowledge": "Accuser réception",
    "request-clarification": "Demander des précisions",
    "clarify": "Apporter les précisions",
    "accept": "Retenir",
    "decline": "Ne pas retenir",
    "report-implementation": "Signaler la mise en œuvre",
    "withdraw": "Retirer",
    "reopen": "Rouvrir",
}
FIELD_LABELS = {
    "title": "Titre", "description": "Description", "theme": "Thème",
    "meeting_date": "Date de la session du CCS", "origin_group": "Proposée par",
    "note": "Note", "reason": "Motif", "question": "Question", "answer": "Réponse",
    "target_date": "Date cible de mise en œuvre", "commune": "Commune", "region": "Région",
    "due_by": "Échéance", "request_id": "Clé de requête",
}


def french_date(value) -> str:
    """« 3 juin 2025 »; accepts a date, a datetime or their ISO text (event details)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    return format_date(value, "d MMMM y") if value else ""


def french_datetime(value) -> str:
    return format_datetime(value, "d MMMM y 'à' HH:mm 'GMT'") if value else ""


def register(app) -> None:
    reference = load_reference()
    app.jinja_env.filters.update(
        date_fr=french_date,
        datetime_fr=french_datetime,
        theme_label=lambda key: THEMES.get(key, key or ""),
        status_label=lambda key: STATUSES.get(key, key or ""),
        level_label=lambda key: LEVELS.get(key, key or ""),
        role_label=lambda key: ROLES.get(key, key or ""),
        origin_label=lambda key: ORIGIN_GROUPS.get(key, key or ""),
        commune_name=reference.commune_name,
        region_name=reference.region_name,
        event_label=lambda key: EVENT_LABELS.get(key, key),
        action_label=lambda key: ACTION_LABELS.get(key, key),
        field_label=lambda key: FIELD_LABELS.get(key, key),
    )
    app.jinja_env.globals.update(THEMES=THEMES, STATUSES=STATUSES, LEVELS=LEVELS,
                                 ORIGIN_GROUPS=ORIGIN_GROUPS, REFERENCE=reference)
