"""The words of the demo's year (tracker/demo.py): the texts of the files' steps when the
year's data gives none, and each session's agenda, attendance and minutes, made from the
session's own data so that they read like a CCS's and stay the same at every load."""

from __future__ import annotations

import random
import zlib
from datetime import date

from domain.catalogue import (
    ACCEPT, ACKNOWLEDGE, CHASE_UP, CLARIFY, DECLINE, ESCALATE, FOLLOW_UP, NOTE, REOPEN,
    REPORT_IMPLEMENTATION, REPORT_PROGRESS, REQUEST_CLARIFICATION, WITHDRAW,
)
from domain.vocabulary import COMMUNE, NATIONAL, REGION
from tracker.demo_data.shapes import DemoCCS, DemoFile, DemoSession, Step


# ---- the texts of the files' steps -----------------------------------------------------------------------------
# The main text of each command when its step gives none, keyed "command@level" (the
# level the file is at when it is given) or "command"; a file takes one of the variants
# by its key, so that the same sentence does not fill every history.
DEFAULT_TEXTS = {
    f"{ESCALATE.name}@{COMMUNE}": (
        "Le budget communal ne permet pas de financer cette mesure : le CCS communal "
        "sollicite l'appui de la région.",
        "La mesure dépasse les compétences de la commune : le CCS communal la transmet au "
        "Gouverneur.",
        "Les moyens demandés relèvent des services de l'État dans la région ; le maire "
        "transmet le dossier."),
    f"{ESCALATE.name}@{REGION}": (
        "La mesure dépasse les moyens de la région et relève des services centraux : "
        "transmise au CRSS pour décision.",
        "Examinée en session du CCS régional : la décision relève du niveau national ; "
        "transmise au CRSS."),
    f"{ACKNOWLEDGE.name}@{REGION}": (
        "Dossier reçu, inscrit à l'ordre du jour de la prochaine session du CCS régional.",
        "Dossier reçu par le cabinet du Gouverneur ; les services techniques sont saisis."),
    f"{ACKNOWLEDGE.name}@{NATIONAL}": (
        "Dossier reçu par le CRSS ; examen en cours avec les départements concernés.",
        "Reçu au CRSS ; le dossier est transmis pour avis au ministère de la Sécurité et de "
        "la Protection civile."),
    NOTE.name: ("Point fait avec le maire et le commandant de brigade lors de la dernière "
                "session.",),
    f"{REQUEST_CLARIFICATION.name}@{REGION}": (
        "Merci de préciser le coût estimé, les quartiers concernés et la contribution "
        "prévue par la commune.",),
    f"{REQUEST_CLARIFICATION.name}@{NATIONAL}": (
        "Merci de préciser le coût estimé, le calendrier et les moyens déjà engagés par la "
        "région.",),
    f"{CLARIFY.name}@{REGION}": (
        "Devis joint au dossier ; la commune prend en charge l'entretien et la mobilisation "
        "des comités de quartier.",),
    f"{CLARIFY.name}@{NATIONAL}": (
        "Le Gouvernorat précise le coût, le calendrier et les moyens déjà mobilisés "
        "localement ; devis joint.",),
    f"{ACCEPT.name}@{COMMUNE}": (
        "Retenue par le conseil communal ; financement sur le budget communal.",
        "Retenue par le CCS communal ; mise en œuvre confiée aux services de la mairie."),
    f"{ACCEPT.name}@{REGION}": (
        "Retenue par le CCS régional ; inscription au plan d'action régional.",),
    f"{ACCEPT.name}@{NATIONAL}": (
        "Retenue par le CRSS ; mise en œuvre avec les départements ministériels concernés.",),
    DECLINE.name: ("Mesure non prioritaire au regard des ressources disponibles cette "
                   "année.",),
    REPORT_IMPLEMENTATION.name: ("Mesure réalisée ; constat fait sur le terrain par le CCS "
                                 "communal et les FDS.",),
    WITHDRAW.name: ("Le CCS a retiré cette recommandation lors de sa dernière session.",),
    REOPEN.name: ("Éléments nouveaux présentés en session : le CCS souhaite réexaminer le "
                  "dossier.",),
    FOLLOW_UP.name: ("Le CCS communal a de nouveau évoqué ce dossier en session ; la "
                     "population attend une réponse.",),
    f"{CHASE_UP.name}@{REGION}": (
        "Sans nouvelles depuis la transmission : le CCS communal vous prie d'examiner ce "
        "dossier.",
        "Le CCS communal relance la région : la situation sur le terrain ne s'améliore pas."),
    f"{CHASE_UP.name}@{NATIONAL}": (
        "Le dossier attend toujours une réponse du CRSS ; merci de nous indiquer la suite "
        "prévue.",),
    REPORT_PROGRESS.name: ("Mise en œuvre engagée : environ %(percent)d %% réalisés selon le "
                           "constat du CCS.",),
}

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


def spread(key: str, span: int) -> int:
    """A fixed number in [0, span) for this key, to spread actions over minutes or days."""
    return zlib.crc32(key.encode()) % span


def default_text(file: DemoFile, step: Step, level: str) -> str:
    name = step.command.name
    variants = DEFAULT_TEXTS.get(f"{name}@{level}") or DEFAULT_TEXTS[name]
    text = variants[spread(file.key, len(variants))]
    return text % {"percent": step.percent} if step.percent is not None else text


# ---- a session's agenda, attendance and minutes --------------------------------------------
def agenda(each: DemoCCS, meeting: DemoSession, first: bool) -> list[str]:
    if each.regional:
        return list(meeting.topics)
    opening = ["Situation sécuritaire de la commune (exposé des FDS)"]
    closing = [] if first else ["Suivi des recommandations des sessions précédentes"]
    return (opening + list(meeting.topics) + closing)[:4]


# Who comes to a session, by group: (women, men) as ranges of a draw (None: nobody, and no
# draw). A regional CCS is larger (the Governor's services, every commune's FDS).
_PRESENT = {
    "commune": {"elus": ((1, 3), (5, 9)), "femmes": ((3, 6), None),
                "jeunes": ((1, 3), (2, 5)), "leaders_communautaires": ((0, 1), (3, 6)),
                "fds": ((0, 2), (2, 4)), "autre": ((0, 1), (0, 2))},
    "region": {"elus": ((2, 4), (9, 14)), "femmes": ((3, 6), None),
               "jeunes": ((1, 3), (2, 4)), "leaders_communautaires": ((0, 1), (4, 7)),
               "fds": ((0, 2), (6, 10)), "autre": ((1, 2), (3, 6))},
}


def attendance(meeting: DemoSession, corrected: bool = False) -> dict:
    """Who came, by group and sex: fixed for each session, varying from one to the next.
    Women and young people are there every time, a little more in the second half of the
    year (after the PROSMED workshops on a gender-sensitive co-production of security)."""
    draw = random.Random(f"demo-attendance:{meeting.key}").randint
    if meeting.cancelled:  # the quorum was not reached
        return {"elus": {"women": 0, "men": 3}, "femmes": {"women": 1, "men": 0},
                "fds": {"women": 0, "men": 1}}
    more = 1 if meeting.days_ago < 190 else 0
    ranges = _PRESENT["region" if meeting.region else "commune"]
    present = {group: {"women": draw(*women), "men": draw(*men) if men else 0}
               for group, (women, men) in ranges.items()}
    present["femmes"]["women"] += more
    present["jeunes"]["women"] += more
    if corrected:  # two women's representatives left off the first list
        present["femmes"]["women"] += 2
    return present


def minutes(each: DemoCCS, meeting: DemoSession, held_on: date, first: bool) -> str:
    came = attendance(meeting)
    present = sum(counts["women"] + counts["men"] for counts in came.values())
    women = sum(counts["women"] for counts in came.values())
    youth = came["jeunes"]["women"] + came["jeunes"]["men"]
    chair = meeting.chair or each.chair
    chair = "du " + chair[3:] if chair.startswith("Le ") else "de " + chair
    kind = "régional" if each.regional else "communal"
    lines = [f"Le CCS {kind} de {each.name} s'est réuni le {french_date(held_on)} "
             f"({each.places[meeting.place]}), sous la présidence {chair}.",
             f"{present} membres étaient présents, dont {women} femmes et {youth} jeunes.",
             meeting.situation]
    if each.regional:
        lines.append("Les recommandations transmises par les CCS communaux de la région ont "
                     "été examinées une à une, avec les services techniques.")
    else:
        if not first:
            lines.append("Le secrétaire général a présenté l'état de suivi des "
                         "recommandations des sessions précédentes.")
        titles = " ; ".join(f"« {file.title} »" for file in meeting.files)
        lines.append(f"Le CCS a formulé {len(meeting.files)} recommandation"
                     f"{'s' if len(meeting.files) > 1 else ''} : {titles}." if meeting.files
                     else "Aucune nouvelle recommandation n'a été formulée.")
    lines.append("La séance a été levée après la lecture des conclusions.")
    return " ".join(lines)


def french_date(day: date) -> str:
    return f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]} {day.year}"
