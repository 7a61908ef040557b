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

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Callable

from eventsourcing.utils import get_topic

from domain.account import UserAccount
from domain.catalogue import (
    ADOPT_MINUTES, ATTACH_TO_SESSION, CANCEL_SESSION, CORRECT_SESSION, ESCALATE, REOPEN, Command,
    acting_role, free_text_field,
)
from domain.messages import N_
from domain.vocabulary import (
    ADMIN, AUDITOR, COMMUNE, NATIONAL, NATIONAL_OFFICER, REGION, REGIONAL, SECRETARY,
)
from tracker.authorization import NotFound
from tracker.demo_data import ALL_CCS
from tracker.demo_data.shapes import DemoCCS, DemoFile, DemoSession, Step
from tracker.demo_texts import agenda, attendance, default_text, minutes, spread


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
    DemoAccount("sg.segou", "lampe-marche-fleuve", SECRETARY,
                "Aminata Traoré (SG Ségou)", "segou"),
    DemoAccount("sg.niono", "riziere-canal-matin", SECRETARY,
                "Moussa Coulibaly (SG Niono)", "niono"),
    DemoAccount("sg.mopti", "pirogue-port-soleil", SECRETARY, "Hawa Cissé (SG Mopti)", "mopti"),
    DemoAccount("sg.djenne", "mosquee-banco-argile", SECRETARY,
                "Oumar Touré (SG Djenné)", "djenne"),
    DemoAccount("sg.san", "tamarin-puits-ecole", SECRETARY, "Fatoumata Dembélé (SG San)", "san"),
    DemoAccount("gouv.segou", "tambour-verger-nord", REGIONAL,
                "Cabinet du Gouverneur de Ségou", region="segou"),
    DemoAccount("gouv.mopti", "tambour-dune-est", REGIONAL,
                "Cabinet du Gouverneur de Mopti", region="mopti"),
    DemoAccount("crss", "bureau-rapport-veille", NATIONAL_OFFICER, "Mariam Keïta (CRSS)"),
    DemoAccount("auditeur", "registre-sceau-loupe", AUDITOR, "Ibrahim Sangaré (auditeur CRSS)"),
    DemoAccount("admin", "clef-badge-armoire", ADMIN, "Administrateur de la plateforme"),
)

# The accounts are opened the day before the year begins (before the first session).
ACCOUNTS_DAYS_AGO = 366
REQUEST_PREFIX = "demo-year"

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


def _session_actions(each: DemoCCS, meeting: DemoSession, first: bool,
                     today: date) -> list[Action]:
    held_on = today - timedelta(days=meeting.days_ago)
    recorded = _moment(held_on + timedelta(days=1), 9, spread(meeting.key, 90))
    actions = [Action(recorded, meeting.key, _record_session(each, meeting, held_on, first))]
    before = [file for file in meeting.files if file.raised_before_session]
    in_sitting = [file for file in meeting.files if not file.raised_before_session]
    for file in before:
        actions.append(Action(_moment(held_on, 17, 30 + spread(file.key, 30)), file.key,
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
        adopted = held_on + timedelta(days=meeting.adopted_after + spread(meeting.key, 5))
        actions.append(Action(_moment(adopted, 16), f"{meeting.key}:adopt",
                              _on_session(meeting, ADOPT_MINUTES)))
        if meeting.correction:
            actions.append(Action(
                _moment(adopted + timedelta(days=9), 11), f"{meeting.key}:correct",
                _on_session(meeting, CORRECT_SESSION, reason=meeting.correction,
                            attendance=attendance(meeting, corrected=True))))
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
                         spread(file.key, 480) + 5 * number)
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
            chaired_by=meeting.chair or each.chair, agenda=agenda(each, meeting, first),
            attendance=attendance(meeting),
            minutes=None if meeting.cancelled else minutes(each, meeting, held_on, first),
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
        fields[text_field] = step.text or default_text(file, step, level)
    if step.target is not None:
        fields["target_date"] = today + timedelta(days=step.target)
    if step.percent is not None:
        fields["percent"] = step.percent
    return fields


# ---- loading ------------------------------------------------------------------------------
def load_demo(tracker) -> DemoReport:
    """Open the demo accounts and play the demo's year through the tracker, each action at
    its own moment; what a previous run recorded is found by its request id and left as
    it is."""
    _refuse_other_accounts(tracker)
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
    # A demo loaded before files had references: its files get theirs, once.
    tracker.assign_references()
    return report


def _refuse_other_accounts(tracker) -> None:
    """The demo's passwords are public: loaded beside real accounts, they would open the
    real files to anyone who has read the README. Only a database that is empty or holds
    the demo's own accounts (the same names, opened with the demo's display names) takes
    it; read from the log, before anything is recorded."""
    demo = {account.username: account.display_name for account in DEMO_ACCOUNTS}
    others, start = [], 1
    topics = [get_topic(UserAccount.Opened)]
    while batch := tracker.recorder.select_notifications(start, 500, topics=topics):
        for notification in batch:
            opened = tracker.mapper.to_domain_event(notification)
            if demo.get(opened.username) != opened.display_name:
                others.append(opened.username)
        start = batch[-1].id + 1
    if others:
        raise NotADemoDatabase(N_(
            "Cette base contient des comptes qui ne sont pas ceux de la démonstration "
            "(%(usernames)s) : ses mots de passe étant publics, la démo ne se charge que dans "
            "une base vide ou de démonstration. Indiquez une autre base avec "
            "TRACKER_DATABASE_URL.",
            usernames=", ".join(f"« {name} »" for name in others[:3])
            + (", …" if len(others) > 3 else "")))


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


class DemoRefused(Exception):
    """The demo cannot be loaded into this database."""


class NotADemoDatabase(DemoRefused):
    """The database holds accounts other than the demo's."""


class DemoAccountDisabled(DemoRefused):
    """A demo account exists but is disabled, so the demo cannot act in its name."""

