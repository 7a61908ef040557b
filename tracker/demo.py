"""Demo data: one account per role, and a year of CCS life in the demo communes (Ségou,
Niono, Mopti, Djenné, San) and two regions (Ségou, Mopti), so that the board, the
deadlines, the dashboards and time travel have something to show on first run.

The year (tracker/demo_data.py) ends the day the demo is loaded: monthly sessions, a few
months missed and one cancelled, each with its attendance and minutes, adopted a few days
later; the recommendations each session issued, raised in one sitting; then their lives,
step by step: escalations, acknowledgements (some late), questions and answers,
acceptances with target dates (some passed), progress, follow-ups, chase-ups,
implementations, refusals, a withdrawal and reopened files.

**Time.** The year is first written down as a plan of (moment, action), sorted by moment,
then played with the tracker's clock set to each moment in turn (``DemoClock``, put in
place of ``Tracker.clock`` for the run and given back after): every event carries the
moment its action happened, deadlines run from those moments, and the log's order is
time's order. No moment is later than yesterday.

**Idempotent.** Every action carries a ``request_id`` made from a fixed key
(« demo-year:segou-03-2:4 », the fourth step of Ségou's third session's second
recommendation): loading the demo again finds each one recorded and records nothing."""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Callable

from domain.catalogue import (
    ACCEPT, ACKNOWLEDGE, ADOPT_MINUTES, ATTACH_TO_SESSION, CANCEL_SESSION, CHASE_UP, CLARIFY,
    CORRECT_SESSION, DECLINE, ESCALATE, FOLLOW_UP, NOTE, REOPEN, REPORT_IMPLEMENTATION,
    REPORT_PROGRESS, REQUEST_CLARIFICATION, WITHDRAW, Command, acting_role, free_text_field,
)
from domain.messages import N_
from domain.vocabulary import (
    ADMIN, AUDITOR, COMMUNE, NATIONAL, NATIONAL_OFFICER, REGION, REGIONAL, SECRETARY,
)
from tracker.authorization import NotFound
from tracker.demo_data import ALL_CCS, DemoCCS, DemoFile, DemoSession, Step


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    display_name: str
    commune: str | None = None
    region: str | None = None


# Fixed on purpose: they are printed by `flask demo` and listed in the README.
DEMO_ACCOUNTS = (
    DemoAccount("sg.segou", "demo-segou", SECRETARY, "Aminata Traoré (SG Ségou)", "segou"),
    DemoAccount("sg.niono", "demo-niono", SECRETARY, "Moussa Coulibaly (SG Niono)", "niono"),
    DemoAccount("sg.mopti", "demo-mopti", SECRETARY, "Hawa Cissé (SG Mopti)", "mopti"),
    DemoAccount("sg.djenne", "demo-djenne", SECRETARY, "Oumar Touré (SG Djenné)", "djenne"),
    DemoAccount("sg.san", "demo-san", SECRETARY, "Fatoumata Dembélé (SG San)", "san"),
    DemoAccount("gouv.segou", "demo-region-segou", REGIONAL,
                "Cabinet du Gouverneur de Ségou", region="segou"),
    DemoAccount("gouv.mopti", "demo-region-mopti", REGIONAL,
                "Cabinet du Gouverneur de Mopti", region="mopti"),
    DemoAccount("crss", "demo-crss", NATIONAL_OFFICER, "Mariam Keïta (CRSS)"),
    DemoAccount("auditeur", "demo-audit", AUDITOR, "Ibrahim Sangaré (auditeur CRSS)"),
    DemoAccount("admin", "demo-admin", ADMIN, "Administrateur de la plateforme"),
)

# The accounts are opened the day before the year begins (before the first session).
ACCOUNTS_DAYS_AGO = 366
REQUEST_PREFIX = "demo-year"

# ---- texts -----------------------------------------------------------------------------
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


# ---- the clock the demo moves --------------------------------------------------------------
class DemoClock:
    """The tracker's clock while the demo plays its year: the moment of the action."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


# ---- the plan ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Action:
    """Something that happened at ``moment``, replayed through the tracker."""

    moment: datetime
    key: str
    run: Callable[["_Run"], None]


@dataclass
class DemoReport:
    accounts_created: list[str] = field(default_factory=list)
    accounts_kept: list[str] = field(default_factory=list)
    sessions_created: int = 0
    sessions_kept: int = 0
    recommendations_created: int = 0
    recommendations_kept: int = 0


def plan_year(now: datetime) -> list[Action]:
    """Every action of the demo's year ending at ``now``, in the order they happened
    (by moment; actions at the same moment in the order written)."""
    today = now.date()
    actions: list[Action] = []
    for each in ALL_CCS:
        for number, meeting in enumerate(each.sessions):
            actions += _session_actions(each, meeting, first=number == 0, today=today)
    actions.sort(key=lambda action: action.moment)  # stable: ties keep their order
    last_moment = datetime.combine(today, time(0), timezone.utc)
    late = [action.key for action in actions if action.moment >= last_moment]
    if late:
        raise ValueError(f"demo actions on or after the day of loading: {late}")
    return actions


def _moment(day: date, hour: int, minutes: int = 0) -> datetime:
    return datetime.combine(day, time(hour), timezone.utc) + timedelta(minutes=minutes)


def _spread(key: str, span: int) -> int:
    """A fixed number in [0, span) for this key, to spread actions over minutes or days."""
    return zlib.crc32(key.encode()) % span


def _session_actions(each: DemoCCS, meeting: DemoSession, first: bool,
                     today: date) -> list[Action]:
    held_on = today - timedelta(days=meeting.days_ago)
    recorded = _moment(held_on + timedelta(days=1), 9, _spread(meeting.key, 90))
    actions = [Action(recorded, meeting.key, _record_session(each, meeting, held_on, first))]
    before = [file for file in meeting.files if file.raised_before_session]
    in_sitting = [file for file in meeting.files if not file.raised_before_session]
    for file in before:
        actions.append(Action(_moment(held_on, 17, 30 + _spread(file.key, 30)), file.key,
                              _raise_alone(meeting, file, held_on)))
        actions.append(Action(recorded + timedelta(minutes=30), f"{file.key}:attach",
                              _attach(meeting, file)))
    if in_sitting:
        actions.append(Action(recorded + timedelta(minutes=20), f"{meeting.key}:items",
                              _raise_in_sitting(meeting, in_sitting)))
    if meeting.cancelled:
        actions.append(Action(_moment(held_on + timedelta(days=2), 10), f"{meeting.key}:cancel",
                              _on_session(meeting, CANCEL_SESSION, reason=meeting.cancelled)))
    elif meeting.adopted_after is not None:
        adopted = held_on + timedelta(days=meeting.adopted_after + _spread(meeting.key, 5))
        actions.append(Action(_moment(adopted, 16), f"{meeting.key}:adopt",
                              _on_session(meeting, ADOPT_MINUTES)))
        if meeting.correction:
            actions.append(Action(
                _moment(adopted + timedelta(days=9), 11), f"{meeting.key}:correct",
                _on_session(meeting, CORRECT_SESSION, reason=meeting.correction,
                            attendance=_attendance(meeting, corrected=True))))
    for file in meeting.files:
        actions += _file_actions(meeting, file, held_on)
    return actions


def _file_actions(meeting: DemoSession, file: DemoFile, held_on: date) -> list[Action]:
    actions, level, previous_day = [], COMMUNE, 2
    for number, step in enumerate(file.life, start=1):
        if step.day < previous_day:
            raise ValueError(f"demo file {file.key}: step {number} comes before the one "
                             "before it, or before the file was raised")
        previous_day = step.day
        moment = _moment(held_on + timedelta(days=step.day), 8,
                         _spread(file.key, 480) + 5 * number)
        actions.append(Action(moment, f"{file.key}:{number}",
                              _step(meeting, file, step, level, number)))
        level = _level_after(step.command, level)
    return actions


def _level_after(command: Command, level: str) -> str:
    if command is ESCALATE:
        return {COMMUNE: REGION, REGION: NATIONAL}[level]
    if command is REOPEN:
        return COMMUNE
    return level


# ---- what each action does ---------------------------------------------------------------
@dataclass
class _Run:
    tracker: object
    people: dict
    report: DemoReport
    ids: dict = field(default_factory=dict)  # key -> id of a session or a file

    def person(self, role: str, commune: str | None, region: str | None):
        return self.people[(role, {SECRETARY: commune, REGIONAL: region}.get(role))]

    def recorder_of(self, meeting: DemoSession):
        if meeting.commune:
            return self.person(SECRETARY, meeting.commune, None)
        return self.person(REGIONAL, None, meeting.region)


def _request_id(key: str) -> str:
    return f"{REQUEST_PREFIX}:{key}"


def _record_session(each: DemoCCS, meeting: DemoSession, held_on: date, first: bool):
    def run(demo: _Run) -> None:
        where = ({"commune": meeting.commune} if meeting.commune
                 else {"region": meeting.region})
        result = demo.tracker.record_session(
            demo.recorder_of(meeting), held_on=held_on, place=each.places[meeting.place],
            chaired_by=meeting.chair or each.chair, agenda=_agenda(each, meeting, first),
            attendance=_attendance(meeting),
            minutes=None if meeting.cancelled else _minutes(each, meeting, held_on, first),
            request_id=_request_id(meeting.key), **where)
        demo.ids[meeting.key] = result.recommendation_id
        if result.created:
            demo.report.sessions_created += 1
        else:
            demo.report.sessions_kept += 1
    return run


def _raise_in_sitting(meeting: DemoSession, files: list[DemoFile]):
    def run(demo: _Run) -> None:
        tracker = demo.tracker
        result = tracker.raise_from_session(
            demo.recorder_of(meeting), demo.ids[meeting.key],
            [{"title": file.title, "description": file.description, "theme": file.theme,
              "origin_group": file.origin_group, "request_id": _request_id(file.key)}
             for file in files])
        demo.ids.update({file.key: file_id for file, file_id in zip(files, result.ids)})
        if not result.repeated:
            demo.report.recommendations_created += len(files)
        else:
            demo.report.recommendations_kept += len(files)
    return run


def _raise_alone(meeting: DemoSession, file: DemoFile, held_on: date):
    def run(demo: _Run) -> None:
        result = demo.tracker.raise_recommendation(
            demo.recorder_of(meeting), commune=meeting.commune, title=file.title,
            description=file.description, theme=file.theme, meeting_date=held_on,
            origin_group=file.origin_group, request_id=_request_id(file.key))
        demo.ids[file.key] = result.recommendation_id
        if result.created:
            demo.report.recommendations_created += 1
        else:
            demo.report.recommendations_kept += 1
    return run


def _attach(meeting: DemoSession, file: DemoFile):
    def run(demo: _Run) -> None:
        demo.tracker.act(demo.recorder_of(meeting), demo.ids[file.key], ATTACH_TO_SESSION.name,
                         session_id=str(demo.ids[meeting.key]),
                         request_id=_request_id(f"{file.key}:attach"))
    return run


def _on_session(meeting: DemoSession, command: Command, **fields):
    def run(demo: _Run) -> None:
        demo.tracker.act_on_session(demo.recorder_of(meeting), demo.ids[meeting.key],
                                    command.name, request_id=_request_id(
                                        f"{meeting.key}:{command.name}"), **fields)
    return run


def _step(meeting: DemoSession, file: DemoFile, step: Step, level: str, number: int):
    def run(demo: _Run) -> None:
        tracker = demo.tracker
        region = tracker.reference.region_of(meeting.commune)
        role = step.by or acting_role(step.command.name, level)
        tracker.act(demo.person(role, meeting.commune, region), demo.ids[file.key],
                    step.command.name, request_id=_request_id(f"{file.key}:{number}"),
                    **_fields(file, step, level, tracker.clock().date()))
    return run


def _fields(file: DemoFile, step: Step, level: str, today: date) -> dict:
    command, fields = step.command, {}
    text_field = free_text_field(command)
    if text_field:
        fields[text_field] = step.text or _default_text(file, step, level)
    if step.target is not None:
        fields["target_date"] = today + timedelta(days=step.target)
    if step.percent is not None:
        fields["percent"] = step.percent
    return fields


def _default_text(file: DemoFile, step: Step, level: str) -> str:
    name = step.command.name
    variants = DEFAULT_TEXTS.get(f"{name}@{level}") or DEFAULT_TEXTS[name]
    text = variants[_spread(file.key, len(variants))]
    return text % {"percent": step.percent} if step.percent is not None else text


# ---- a session's agenda, attendance and minutes --------------------------------------------
def _agenda(each: DemoCCS, meeting: DemoSession, first: bool) -> list[str]:
    if each.regional:
        return list(meeting.topics)
    opening = ["Situation sécuritaire de la commune (exposé des FDS)"]
    closing = [] if first else ["Suivi des recommandations des sessions précédentes"]
    return (opening + list(meeting.topics) + closing)[:4]


def _attendance(meeting: DemoSession, corrected: bool = False) -> dict:
    """Who came, by group and sex: fixed for each session, varying from one to the next.
    Women and young people are there every time, a little more in the second half of the
    year (after the PROSMED workshops on a gender-sensitive co-production of security)."""
    draw = random.Random(f"demo-attendance:{meeting.key}").randint
    if meeting.cancelled:  # the quorum was not reached
        return {"elus": {"women": 0, "men": 3}, "femmes": {"women": 1, "men": 0},
                "fds": {"women": 0, "men": 1}}
    more = 1 if meeting.days_ago < 190 else 0
    if meeting.region:
        attendance = {
            "elus": {"women": draw(2, 4), "men": draw(9, 14)},
            "femmes": {"women": draw(3, 6) + more, "men": 0},
            "jeunes": {"women": draw(1, 3) + more, "men": draw(2, 4)},
            "leaders_communautaires": {"women": draw(0, 1), "men": draw(4, 7)},
            "fds": {"women": draw(0, 2), "men": draw(6, 10)},
            "autre": {"women": draw(1, 2), "men": draw(3, 6)},
        }
    else:
        attendance = {
            "elus": {"women": draw(1, 3), "men": draw(5, 9)},
            "femmes": {"women": draw(3, 6) + more, "men": 0},
            "jeunes": {"women": draw(1, 3) + more, "men": draw(2, 5)},
            "leaders_communautaires": {"women": draw(0, 1), "men": draw(3, 6)},
            "fds": {"women": draw(0, 2), "men": draw(2, 4)},
            "autre": {"women": draw(0, 1), "men": draw(0, 2)},
        }
    if corrected:  # two women's representatives left off the first list
        attendance["femmes"]["women"] += 2
    return attendance


def _minutes(each: DemoCCS, meeting: DemoSession, held_on: date, first: bool) -> str:
    attendance = _attendance(meeting)
    present = sum(counts["women"] + counts["men"] for counts in attendance.values())
    women = sum(counts["women"] for counts in attendance.values())
    youth = attendance["jeunes"]["women"] + attendance["jeunes"]["men"]
    chair = meeting.chair or each.chair
    chair = "du " + chair[3:] if chair.startswith("Le ") else "de " + chair
    kind = "régional" if each.regional else "communal"
    lines = [f"Le CCS {kind} de {each.name} s'est réuni le {_french_date(held_on)} "
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


def _french_date(day: date) -> str:
    return f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]} {day.year}"


# ---- loading ------------------------------------------------------------------------------
def load_demo(tracker) -> DemoReport:
    """Open the demo accounts and play the demo's year through the tracker, each action at
    its own moment; what a previous run recorded is found by its request id and left as
    it is."""
    report = DemoReport()
    now = tracker.clock()
    plan = plan_year(now)
    own_clock = tracker.clock
    clock = DemoClock(_moment(now.date() - timedelta(days=ACCOUNTS_DAYS_AGO), 8))
    tracker.clock = clock
    try:
        demo = _Run(tracker, _open_accounts(tracker, report), report)
        for action in plan:
            clock.now = action.moment
            action.run(demo)
    finally:
        tracker.clock = own_clock
    return report


def _open_accounts(tracker, report: DemoReport) -> dict:
    """(role, territory) -> principal for every demo account."""
    people = {}
    for demo in DEMO_ACCOUNTS:
        try:
            user_id = tracker.account(demo.username).id
            report.accounts_kept.append(demo.username)
        except NotFound:
            user_id = tracker.open_account(
                None, username=demo.username, role=demo.role, password=demo.password,
                display_name=demo.display_name, commune=demo.commune, region=demo.region)
            report.accounts_created.append(demo.username)
        principal = tracker.principal(user_id)
        if principal is None:
            raise DemoAccountDisabled(N_(
                "Le compte de démonstration « %(username)s » est désactivé ; réactivez-le "
                "avant de recharger la démo.", username=demo.username))
        people[(principal.role, principal.commune or principal.region)] = principal
    return people


class DemoAccountDisabled(Exception):
    """A demo account exists but is disabled, so the demo cannot act in its name."""

