"""The Session aggregate: one meeting of a CCS, the monthly session where recommendations
are made (docs/domain.md, « session du CCS »).

A communal CCS session is recorded by the commune's secretary; a regional CCS session,
chaired by the Governor, is the same thing at region level, recorded by a regional
authority. Its life: recorded (date, place, chair, agenda), then attendance and minutes
written and amended while it is ``recorded``; the minutes adopted (``adopted``: from then
on only corrections, each with its reason); or cancelled before adoption (``cancelled``).
As for recommendations, each command checks that the catalogue allows it in the session's
state, then its field rules, then records one event; what an event changes is the fold's
(``apply_session`` below, shared with the read models)."""

from __future__ import annotations

from datetime import date
from functools import singledispatch
from uuid import NAMESPACE_URL, uuid4, uuid5

from eventsourcing.domain import Aggregate, event

from domain import rules
from domain.attachments import clean_attachments, count_attachments
from domain.errors import DomainError, InvalidInput, NothingChanged, require_valid
from domain.messages import N_
from domain.command_context import Actor, Circumstances, note_request
from domain.time import event_time
from domain.vocabulary import (
    ADOPTED, ATTENDANCE_GROUPS, CANCELLED, COMMUNE, RECORDED, REGION, SESSION_STATUSES,
)

SESSION_NAMESPACE = uuid5(NAMESPACE_URL, "urn:ccs-tracker:session-request")
# What an amendment (and a correction) may change.
AMENDABLE = ("held_on", "place", "chaired_by", "agenda")
CORRECTABLE = AMENDABLE + ("attendance", "minutes")


class Session(Aggregate):
    """A meeting of a communal (or regional) CCS, its attendance and its minutes."""

    attachment_count = 0  # as a recommendation's

    class Event(Aggregate.Event):
        create_timestamp = staticmethod(event_time)

        def apply(self, aggregate) -> None:
            vars(aggregate).update(session_changes(self))
            count_attachments(self, aggregate)
            note_request(self, aggregate)

    # ---- creation ---------------------------------------------------------------------
    @classmethod
    def record(cls, *, actor: Actor, level: str, commune: str | None, region: str,
               held_on: date, place: str, chaired_by: str, agenda: list | None,
               now, request_id: str | None = None,
               attachments: list | None = None) -> "Session":
        """Record a session held on ``held_on`` (not in the future)."""
        fields = {"held_on": held_on, "place": rules.clean_text(place),
                  "chaired_by": rules.clean_text(chaired_by),
                  "agenda": _clean_agenda(agenda)}
        require_valid(session_field_errors(fields, now.date()))
        return cls(actor=actor.as_record(), level=level,
                   commune=commune if level == COMMUNE else None, region=region,
                   request_id=request_id or None,
                   attachments=clean_attachments(attachments), **fields)

    @staticmethod
    def create_id(actor: dict, request_id: str | None = None, **_):
        # A resubmitted form maps to the same id: the store refuses the second creation.
        if request_id:
            return uuid5(SESSION_NAMESPACE, f"{actor['user_id']}:{request_id}")
        return uuid4()

    @event("Recorded")
    def __init__(self, *, actor, level, commune, region, held_on, place, chaired_by,
                 agenda, request_id, attachments=None):
        vars(self).update(recorded_session(level=level, commune=commune, region=region,
                                           held_on=held_on, place=place,
                                           chaired_by=chaired_by, agenda=agenda))
        self.recorded_by = actor

    # ---- what may happen now ----------------------------------------------------------
    @property
    def state(self) -> tuple[str, str]:
        return self.level, self.status

    def allows(self, command: str) -> bool:
        from domain.catalogue import SESSION_COMMANDS  # the catalogue names these events

        return self.state in SESSION_COMMANDS[command].states

    def available_commands(self) -> list[str]:
        from domain.catalogue import SESSION_COMMANDS

        return [name for name, command in SESSION_COMMANDS.items()
                if not command.creates and self.state in command.states]

    def _require_allowed(self, command: str) -> None:
        if not self.allows(command):
            raise SessionStateRefused(command, self.status)

    # ---- commands ---------------------------------------------------------------------
    def amend(self, actor: Actor, context: Circumstances, *, request_id: str | None = None,
              **proposed) -> None:
        self._require_allowed("amend")
        changes = self._changes(proposed, AMENDABLE, context)
        self._amended(actor=actor.as_record(), changes=changes, request_id=request_id)

    @event("Amended")
    def _amended(self, actor, changes, request_id=None):
        pass

    def record_attendance(self, actor: Actor, context: Circumstances, *, attendance,
                          request_id: str | None = None) -> None:
        self._require_allowed("record-attendance")
        require_valid({"attendance": rules.attendance_errors(attendance)})
        self._attendance_recorded(actor=actor.as_record(),
                                  attendance=_clean_attendance(attendance),
                                  request_id=request_id)

    @event("AttendanceRecorded")
    def _attendance_recorded(self, actor, attendance, request_id=None):
        pass

    def write_minutes(self, actor: Actor, context: Circumstances, *, minutes: str,
                      request_id: str | None = None, attachments: list | None = None) -> None:
        self._require_allowed("write-minutes")
        require_valid({"minutes": rules.text_errors(minutes, rules.TEXT_LIMITS["minutes"])})
        self._minutes_written(actor=actor.as_record(), minutes=minutes.strip(),
                              request_id=request_id,
                              attachments=clean_attachments(attachments))

    @event("MinutesWritten")
    def _minutes_written(self, actor, minutes, request_id=None, attachments=None):
        pass

    def adopt(self, actor: Actor, context: Circumstances, *,
              request_id: str | None = None, attachments: list | None = None) -> None:
        """The minutes are approved (their signed copy attached, often): from now on, only
        corrections with their reason."""
        self._require_allowed("adopt")
        if not self.minutes:
            raise InvalidInput({"minutes": [N_("Écrivez le procès-verbal avant de l'adopter.")]})
        self._adopted(actor=actor.as_record(), request_id=request_id,
                      attachments=clean_attachments(attachments))

    @event("Adopted")
    def _adopted(self, actor, request_id=None, attachments=None):
        pass

    def correct(self, actor: Actor, context: Circumstances, *, reason: str,
                request_id: str | None = None, attachments: list | None = None,
                **proposed) -> None:
        """A correction after adoption: any field, with why; or only a document added
        (the signed minutes, the attendance sheet), with why."""
        self._require_allowed("correct")
        errors = {"reason": rules.text_errors(reason, rules.TEXT_LIMITS["reason"])}
        require_valid(errors)
        attachments = clean_attachments(attachments)
        try:
            changes = self._changes(proposed, CORRECTABLE, context)
        except NothingChanged:
            if not attachments:
                raise
            changes = {}
        self._corrected(actor=actor.as_record(), changes=changes, reason=reason.strip(),
                        request_id=request_id, attachments=attachments)

    @event("Corrected")
    def _corrected(self, actor, changes, reason, request_id=None, attachments=None):
        pass

    def cancel(self, actor: Actor, context: Circumstances, *, reason: str,
               request_id: str | None = None) -> None:
        """The session did not take place, or was recorded by mistake (before adoption)."""
        self._require_allowed("cancel")
        require_valid({"reason": rules.text_errors(reason, rules.TEXT_LIMITS["reason"])})
        self._cancelled(actor=actor.as_record(), reason=reason.strip(), request_id=request_id)

    @event("Cancelled")
    def _cancelled(self, actor, reason, request_id=None):
        pass

    def _changes(self, proposed: dict, allowed: tuple, context: Circumstances) -> dict:
        unknown = set(proposed) - set(allowed)
        if unknown:
            raise InvalidInput({name: [N_("Ce champ ne peut pas être modifié.")]
                                for name in sorted(unknown)})
        cleaned = {}
        for name, value in proposed.items():
            if name == "agenda":
                value = _clean_agenda(value)
            elif name == "attendance":
                require_valid({"attendance": rules.attendance_errors(value)})
                value = _clean_attendance(value)
            elif name in ("place", "chaired_by", "minutes"):
                value = rules.clean_text(value)
            cleaned[name] = value
        require_valid(session_field_errors(cleaned, context.now.date()))
        changes = {name: {"before": getattr(self, name), "after": value}
                   for name, value in cleaned.items() if getattr(self, name) != value}
        if not changes:
            raise NothingChanged()
        return changes


def session_field_errors(fields: dict, today: date) -> dict:
    """Messages for the fields given (only those), by name."""
    checks = {
        "held_on": lambda value: rules.meeting_date_errors(value, today),
        "place": lambda value: rules.text_errors(value, rules.TEXT_LIMITS["place"]),
        "chaired_by": lambda value: rules.text_errors(value, rules.TEXT_LIMITS["chaired_by"]),
        "agenda": rules.agenda_errors,
        "minutes": lambda value: rules.text_errors(value, rules.TEXT_LIMITS["minutes"]),
    }
    errors = {name: checks[name](value) for name, value in fields.items() if name in checks}
    return {name: messages for name, messages in errors.items() if messages}


def _clean_agenda(agenda) -> list:
    if not isinstance(agenda, (list, tuple)):
        return agenda  # the rule names it
    return [rules.clean_text(item) for item in agenda
            if not (isinstance(item, str) and not item.strip())]


def _clean_attendance(attendance: dict) -> dict:
    """Every group, in the vocabulary's order, with both counts (0 when not given)."""
    return {group: {"women": int((attendance.get(group) or {}).get("women") or 0),
                    "men": int((attendance.get(group) or {}).get("men") or 0)}
            for group in ATTENDANCE_GROUPS}


# ---- the fold: a session's state after each event --------------------------------------------
SESSION_STATE = ("level", "commune", "region", "held_on", "place", "chaired_by", "agenda",
                 "attendance", "minutes", "status")


def recorded_session(*, level, commune, region, held_on, place, chaired_by, agenda) -> dict:
    return {"level": level, "commune": commune, "region": region, "held_on": held_on,
            "place": place, "chaired_by": chaired_by, "agenda": list(agenda),
            "attendance": None, "minutes": None, "status": RECORDED}


@singledispatch
def session_changes(event) -> dict:
    raise TypeError(f"the session fold does not know {type(event).__qualname__}")


@session_changes.register
def _(event: Session.Recorded) -> dict:
    return recorded_session(level=event.level, commune=event.commune, region=event.region,
                            held_on=event.held_on, place=event.place,
                            chaired_by=event.chaired_by, agenda=event.agenda)


@session_changes.register(Session.Amended)
@session_changes.register(Session.Corrected)
def _changed(event) -> dict:
    return {name: change["after"] for name, change in event.changes.items()}


@session_changes.register
def _(event: Session.AttendanceRecorded) -> dict:
    return {"attendance": event.attendance}


@session_changes.register
def _(event: Session.MinutesWritten) -> dict:
    return {"minutes": event.minutes}


@session_changes.register
def _(event: Session.Adopted) -> dict:
    return {"status": ADOPTED}


@session_changes.register
def _(event: Session.Cancelled) -> dict:
    return {"status": CANCELLED}


class SessionStateRefused(DomainError):
    """The command is not possible in the session's current status (HTTP 409)."""

    def __init__(self, command: str, status: str):
        super().__init__(N_("Action « %(command)s » impossible : la session est « %(status)s ».",
                            command=command, status=SESSION_STATUSES[status]))
        self.command, self.status = command, status


LEVELS_OF_SESSIONS = (COMMUNE, REGION)
