"""Field rules of docs/domain.md, checked by the aggregates and reused by the input schemas.

Each rule returns a list of French messages (empty when the value is fine), so the
domain and the forms say the same thing about the same field."""

import re
import unicodedata
from datetime import date

from domain.messages import N_
from domain.vocabulary import ATTENDANCE_GROUPS, ORIGIN_GROUPS, THEMES

# (minimum, maximum) characters, after trimming surrounding spaces.
TEXT_LIMITS = {
    "title": (5, 200),
    "description": (0, 5000),
    "note": (1, 5000),
    "reason": (10, 2000),
    "question": (10, 2000),
    "answer": (10, 5000),
    "implementation_note": (10, 5000),
    "follow_up": (1, 5000),
    "chase_up": (0, 2000),
    "progress_note": (10, 2000),
    "place": (2, 200),
    "chaired_by": (2, 200),
    "agenda_item": (2, 500),
    "minutes": (1, 20000),
}
MOST_AGENDA_ITEMS = 30
MOST_ATTENDANCE = 10000  # people of one sex in one group at one session
PERCENT_LIMITS = (0, 100)


# Characters no text may hold: C0 controls but tab, line feed and carriage return (a
# browser sends a textarea's lines with CR LF), DEL and the C1 controls, and the halves of
# UTF-16 pairs (a lone one cannot even be stored). NUL first of all: PostgreSQL's text
# columns cannot hold it, and the log keeps what it is given for ever.
_FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# Characters that draw nothing although Unicode counts them as letters or symbols.
_BLANK_GLYPHS = frozenset("\u115f\u1160\u2800\u3164\uffa0")


def character_errors(value: str) -> list:
    """Messages for a text holding control characters, or drawing nothing at all."""
    if _FORBIDDEN_CHARACTERS.search(value):
        return [N_("Ce texte contient des caractères non autorisés (caractères de "
                   "contrôle) : retapez-le au lieu de le coller.")]
    # Spaces alone are an empty text, which the length rule names.
    if value.strip() and not any(_visible(char) for char in value):
        return [N_("Ce texte ne contient que des caractères invisibles.")]
    return []


def _visible(char: str) -> bool:
    return not (char.isspace() or char in _BLANK_GLYPHS
                or unicodedata.category(char) in ("Cf", "Cc", "Mn", "Me"))


def text_errors(value, limits):
    """Messages for a text that is missing, outside its length limits, or holding
    characters no text may hold."""
    minimum, maximum = limits
    if value is None or not isinstance(value, str):
        return [N_("Ce champ est obligatoire.")] if minimum else []
    refused = character_errors(value)
    if refused:
        return refused
    length = len(value.strip())
    if length < minimum:
        if minimum == 1:
            return [N_("Ce champ est obligatoire.")]
        return [N_("Au moins %(minimum)d caractères (actuellement %(length)d).",
                   minimum=minimum, length=length)]
    if length > maximum:
        return [N_("Au plus %(maximum)d caractères (actuellement %(length)d).",
                   maximum=maximum, length=length)]
    return []


def percent_errors(value):
    """A whole percentage, 0 to 100 (a true/false is not a number here)."""
    low, high = PERCENT_LIMITS
    if not isinstance(value, int) or isinstance(value, bool):
        return [N_("Indiquez un pourcentage entier, de %(low)d à %(high)d.", low=low, high=high)]
    if not low <= value <= high:
        return [N_("Indiquez un pourcentage entier, de %(low)d à %(high)d.", low=low, high=high)]
    return []


def agenda_errors(value):
    """An agenda: a list of items (texts), at most MOST_AGENDA_ITEMS of them."""
    if not isinstance(value, (list, tuple)):
        return [N_("L'ordre du jour est une liste de points.")]
    if len(value) > MOST_AGENDA_ITEMS:
        return [N_("Au plus %(most)d points à l'ordre du jour.", most=MOST_AGENDA_ITEMS)]
    for item in value:
        refused = text_errors(item, TEXT_LIMITS["agenda_item"])
        if refused:
            return [N_("Point « %(item)s » : %(message)s", item=str(item)[:40],
                       message=refused[0])]
    return []


def attendance_errors(value):
    """Attendance: for groups of the list, the number of women and of men present."""
    if not isinstance(value, dict):
        return [N_("La présence se donne par groupe : femmes et hommes présents.")]
    for group, counts in value.items():
        if group not in ATTENDANCE_GROUPS:
            return [N_("Groupe inconnu : « %(group)s ».", group=str(group)[:40])]
        if not isinstance(counts, dict) or set(counts) - {"women", "men"}:
            return [N_("Pour chaque groupe, le nombre de femmes et d'hommes présents.")]
        for number in counts.values():
            if number is None:
                continue
            if not isinstance(number, int) or isinstance(number, bool) \
                    or not 0 <= number <= MOST_ATTENDANCE:
                return [N_("Un nombre entier de personnes, de 0 à %(most)d.",
                           most=MOST_ATTENDANCE)]
    return []


def theme_errors(value):
    return [] if value in THEMES else [N_("Choisissez un thème de la liste.")]


def origin_group_errors(value):
    if value in (None, ""):
        return []
    return [] if value in ORIGIN_GROUPS else [N_("Choisissez un groupe de la liste.")]


def meeting_date_errors(value, today: date):
    if not isinstance(value, date):
        return [N_("Indiquez la date de la session du CCS.")]
    if value > today:
        return [N_("La date de la session ne peut pas être dans le futur.")]
    return []


def target_date_errors(value, today: date):
    if value is None:
        return []
    if not isinstance(value, date):
        return [N_("Date invalide.")]
    if value < today:
        return [N_("La date cible ne peut pas être dans le passé.")]
    return []


def clean_text(value):
    """Stored form of a free text: surrounding spaces removed, None kept."""
    return value.strip() if isinstance(value, str) else value
