"""Template helpers: labels for stored keys in the reader's language, and dates written
out (« 3 juin 2025 », "3 June 2025") in Mali time (GMT)."""

from __future__ import annotations

import json
from datetime import date, datetime

from flask_babel import format_date, format_datetime, gettext

from domain.messages import N_
from domain.vocabulary import LEVELS, ORIGIN_GROUPS, ROLES, STATUSES, THEMES
from tracker.reference import load_reference
from web.i18n import LANGUAGES, current_language, translate

EVENT_LABELS = {
    "Raised": N_("Recommandation enregistrée"),
    "Amended": N_("Recommandation modifiée"),
    "Noted": N_("Note ajoutée"),
    "EscalatedToRegion": N_("Transmise à la région"),
    "EscalatedToNational": N_("Transmise au CRSS"),
    "Acknowledged": N_("Accusé de réception"),
    "ClarificationRequested": N_("Précisions demandées"),
    "Clarified": N_("Précisions apportées"),
    "Accepted": N_("Retenue"),
    "Declined": N_("Non retenue"),
    "ImplementationReported": N_("Mise en œuvre signalée"),
    "Withdrawn": N_("Retirée"),
    "Reopened": N_("Rouverte"),
    # Accounts, as the audit log shows them.
    "Opened": N_("Compte ouvert"),
    "RoleChanged": N_("Rôle ou territoire changé"),
    "PasswordChanged": N_("Mot de passe changé"),
    "Disabled": N_("Compte désactivé"),
    "Enabled": N_("Compte réactivé"),
    "ApiTokenIssued": N_("Jeton d'API créé"),
    "ApiTokenRevoked": N_("Jeton d'API révoqué"),
    # The reference data (communes and regions).
    "ReferencePublished": N_("Référentiel des communes enregistré"),
    "ReferenceUpdated": N_("Référentiel des communes mis à jour"),
}
ACTION_LABELS = {
    "amend": N_("Modifier"),
    "note": N_("Ajouter une note"),
    "escalate": N_("Transmettre au niveau supérieur"),
    "acknowledge": N_("Accuser réception"),
    "request-clarification": N_("Demander des précisions"),
    "clarify": N_("Apporter les précisions"),
    "accept": N_("Retenir"),
    "decline": N_("Ne pas retenir"),
    "report-implementation": N_("Signaler la mise en œuvre"),
    "withdraw": N_("Retirer"),
    "reopen": N_("Rouvrir"),
}
FIELD_LABELS = {
    "title": N_("Titre"), "description": N_("Description"), "theme": N_("Thème"),
    "meeting_date": N_("Date de la session du CCS"), "origin_group": N_("Proposée par"),
    "note": N_("Note"), "reason": N_("Motif"), "question": N_("Question"), "answer": N_("Réponse"),
    "target_date": N_("Date cible de mise en œuvre"), "commune": N_("Commune"), "region": N_("Région"),
    "due_by": N_("Échéance"), "request_id": N_("Clé de requête"),
}


def french_date(value) -> str:
    """« 3 juin 2025 »; accepts a date, a datetime or their ISO text (event details)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    return format_date(value, "d MMMM y") if value else ""  # same pattern in both languages


def french_datetime(value) -> str:
    # The pattern itself is translated: « 3 juin 2025 à 14:05 GMT », "3 June 2025 at 14:05 GMT".
    return format_datetime(value, gettext("d MMMM y 'à' HH:mm 'GMT'")) if value else ""


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
        event_label=_label(EVENT_LABELS),
        action_label=_label(ACTION_LABELS),
        field_label=_label(FIELD_LABELS),
        t=translate,
        as_json=lambda value: json.dumps(value, ensure_ascii=False, default=str),
    )
    app.jinja_env.globals.update(THEMES=THEMES, STATUSES=STATUSES, LEVELS=LEVELS,
                                 ORIGIN_GROUPS=ORIGIN_GROUPS, REFERENCE=reference, ROLES=ROLES,
                                 LANGUAGES=LANGUAGES, current_language=current_language)


def _label(labels: dict):
    """A filter giving the translated label of a stored key (the key itself if unknown)."""
    def label(key) -> str:
        return translate(labels[key]) if key in labels else (key or "")
    return label
