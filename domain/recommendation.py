"""The Recommendation aggregate: one CCS recommendation's life, from commune to CRSS.

Public methods are commands: they check the guards and field rules of DOMAIN.md and
then trigger exactly one event. The private ``@event`` methods only apply facts, so
replaying old events never re-runs a check whose answer depends on the day."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from eventsourcing.domain import Aggregate, event

from domain import rules
from domain.messages import N_
from domain.time import event_time
from domain.vocabulary import (
    ACCEPTED, ACKNOWLEDGED, AWAITING_ACKNOWLEDGEMENT, CLARIFICATION_REQUESTED, COMMUNE,
    DECLINED, FINAL_STATUSES, IMPLEMENTED, LEVELS, NATIONAL, NATIONAL_OFFICER, OPEN,
    REGION, REGIONAL, SECRETARY, STATUSES, WITHDRAWN,
)

REQUEST_NAMESPACE = uuid5(NAMESPACE_URL, "urn:ccs-tracker:recommendation-request")

_ALL_STATES = {(level, status) for level in LEVELS for status in STATUSES}
# Where each command may be given: the "allowed from" column of DOMAIN.md.
ALLOWED_FROM = {
    "amend": {(COMMUNE, OPEN)},
    "note": {state for state in _ALL_STATES if state[1] not in FINAL_STATUSES},
    "escalate": {(COMMUNE, OPEN), (REGION, ACKNOWLEDGED)},
    "acknowledge": {(REGION, AWAITING_ACKNOWLEDGEMENT), (NATIONAL, AWAITING_ACKNOWLEDGEMENT)},
    "request-clarification": {(REGION, AWAITING_ACKNOWLEDGEMENT),
                              (NATIONAL, AWAITING_ACKNOWLEDGEMENT)},
    "clarify": {(REGION, CLARIFICATION_REQUESTED), (NATIONAL, CLARIFICATION_REQUESTED)},
    "accept": {(COMMUNE, OPEN), (REGION, ACKNOWLEDGED), (NATIONAL, ACKNOWLEDGED)},
    "decline": {(REGION, ACKNOWLEDGED), (NATIONAL, ACKNOWLEDGED)},
    "report-implementation": {(level, ACCEPTED) for level in LEVELS},
    "withdraw": {(COMMUNE, OPEN)},
    "reopen": {state for state in _ALL_STATES if state[1] in FINAL_STATUSES},
}
COMMANDS = tuple(ALLOWED_FROM)
LEVEL_OWNER = {COMMUNE: SECRETARY, REGION: REGIONAL, NATIONAL: NATIONAL_OFFICER}
AMENDABLE_FIELDS = ("title", "description", "theme", "meeting_date", "origin_group")
# The fields a person fills in for each command (the "fields" column of DOMAIN.md).
COMMAND_FIELDS = {
    "amend": AMENDABLE_FIELDS,
    "note": ("note",),
    "escalate": ("reason",),
    "acknowledge": ("note",),
    "request-clarification": ("question",),
    "clarify": ("answer",),
    "accept": ("note", "target_date"),
    "decline": ("reason",),
    "report-implementation": ("note",),
    "withdraw": ("reason",),
    "reopen": ("reason",),
}


def acting_role(command: str, level: str) -> str:
    """The role that gives ``command`` at ``level`` (the "by" column of DOMAIN.md)."""
    if command in ("amend", "withdraw", "reopen"):
        return SECRETARY
    if command == "clarify":  # the level below answers the level that asked
        return SECRETARY if level == REGION else REGIONAL
    return LEVEL_OWNER[level]


@dataclass(frozen=True)
class Actor:
    """Who gives a command, as recorded in every event."""

    user_id: UUID
    username: str
    display_name: str
    role: str

    def as_record(self) -> dict:
        record = asdict(self)
        record["user_id"] = str(self.user_id)
        return record


class Recommendation(Aggregate):
    """A CCS recommendation as a case file crossing commune, region and nation."""

    class Event(Aggregate.Event):
        """Every event keeps the ``request_id`` of the form or API call that caused it, so
        the tracker can tell a resubmission from a new command."""

        # Events stored before request_id existed load with none (upcast, never rewrite).
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict) -> None:
            state.setdefault("request_id", None)

        create_timestamp = staticmethod(event_time)

    # ---- creation -------------------------------------------------------------
    @classmethod
    def raise_new(cls, *, actor: Actor, commune: str, region: str, title: str,
                  description: str, theme: str, meeting_date: date, now: datetime,
                  origin_group: str | None = None, request_id: str | None = None):
        """Record a recommendation issued by a communal CCS session."""
        fields = dict(title=rules.clean_text(title),
                      description=rules.clean_text(description) or "",
                      theme=theme, meeting_date=meeting_date,
                      origin_group=origin_group or None)
        _require_valid(cls.field_errors(fields, now.date()))
        return cls(actor=actor.as_record(), commune=commune, region=region,
                   request_id=request_id or None, **fields)

    @staticmethod
    def create_id(actor: dict, request_id: str | None = None, **_):
        # A resubmitted form carries the same key, so it maps to the same id and
        # the store refuses the second creation (see tracker).
        if request_id:
            return uuid5(REQUEST_NAMESPACE, f"{actor['user_id']}:{request_id}")
        return uuid4()

    @event("Raised")
    def __init__(self, *, actor, commune, region, title, description, theme, meeting_date,
                 origin_group, request_id):
        self.commune, self.region = commune, region
        self.title, self.description, self.theme = title, description, theme
        self.meeting_date, self.origin_group = meeting_date, origin_group
        self.level, self.status = COMMUNE, OPEN
        self.due_by: datetime | None = None
        self.target_date: date | None = None
        self.raised_by = actor

    @staticmethod
    def field_errors(fields: dict, today: date) -> dict:
        errors = {
            "title": rules.text_errors(fields.get("title"), rules.TEXT_LIMITS["title"]),
            "description": rules.text_errors(fields.get("description"),
                                             rules.TEXT_LIMITS["description"]),
            "theme": rules.theme_errors(fields.get("theme")),
            "meeting_date": rules.meeting_date_errors(fields.get("meeting_date"), today),
            "origin_group": rules.origin_group_errors(fields.get("origin_group")),
        }
        return {name: messages for name, messages in errors.items() if name in fields and messages}

    # ---- what may happen now ----------------------------------------------------
    @property
    def state(self) -> tuple[str, str]:
        return self.level, self.status

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    def allows(self, command: str) -> bool:
        return self.state in ALLOWED_FROM[command]

    def available_commands(self) -> list[str]:
        return [command for command in COMMANDS if self.allows(command)]

    def _require_allowed(self, command: str) -> None:
        if not self.allows(command):
            raise TransitionRefused(command, self.level, self.status)

    # ---- commands -----------------------------------------------------------------
    def amend(self, actor: Actor, now: datetime, *, request_id: str | None = None,
              **proposed) -> None:
        self._require_allowed("amend")
        unknown = set(proposed) - set(AMENDABLE_FIELDS)
        if unknown:
            raise InvalidInput({name: [N_("Ce champ ne peut pas être modifié.")] for name in unknown})
        proposed = {name: rules.clean_text(value) for name, value in proposed.items()}
        if "origin_group" in proposed:
            proposed["origin_group"] = proposed["origin_group"] or None
        if "description" in proposed:
            proposed["description"] = proposed["description"] or ""
        _require_valid(self.field_errors(proposed, now.date()))
        changes = {name: {"before": getattr(self, name), "after": value}
                   for name, value in proposed.items() if getattr(self, name) != value}
        if not changes:
            raise NothingChanged()
        self._amended(actor=actor.as_record(), changes=changes, request_id=request_id)

    @event("Amended")
    def _amended(self, actor, changes, request_id=None):
        for name, change in changes.items():
            setattr(self, name, change["after"])

    def note(self, actor: Actor, note: str, *, request_id: str | None = None) -> None:
        self._require_allowed("note")
        _require_valid({"note": rules.text_errors(note, rules.TEXT_LIMITS["note"])})
        self._noted(actor=actor.as_record(), note=note.strip(), request_id=request_id)

    @event("Noted")
    def _noted(self, actor, note, request_id=None):
        pass

    def escalate(self, actor: Actor, reason: str, now: datetime, deadline_days: int,
                 region: str | None = None, *, request_id: str | None = None) -> None:
        """Send the file up one level; ``region`` is the commune's region today."""
        self._require_allowed("escalate")
        _require_valid({"reason": rules.text_errors(reason, rules.TEXT_LIMITS["reason"])})
        due_by = now + timedelta(days=deadline_days)
        if self.level == COMMUNE:
            self._escalated_to_region(actor=actor.as_record(), reason=reason.strip(),
                                      region=region or self.region, due_by=due_by,
                                      request_id=request_id)
        else:
            self._escalated_to_national(actor=actor.as_record(), reason=reason.strip(),
                                        due_by=due_by, request_id=request_id)

    @event("EscalatedToRegion")
    def _escalated_to_region(self, actor, reason, region, due_by, request_id=None):
        self.level, self.status, self.region, self.due_by = (
            REGION, AWAITING_ACKNOWLEDGEMENT, region, due_by)

    @event("EscalatedToNational")
    def _escalated_to_national(self, actor, reason, due_by, request_id=None):
        self.level, self.status, self.due_by = NATIONAL, AWAITING_ACKNOWLEDGEMENT, due_by

    def acknowledge(self, actor: Actor, note: str | None = None, *,
                    request_id: str | None = None) -> None:
        self._require_allowed("acknowledge")
        note = rules.clean_text(note) or None
        if note:
            _require_valid({"note": rules.text_errors(note, rules.TEXT_LIMITS["note"])})
        self._acknowledged(actor=actor.as_record(), note=note, request_id=request_id)

    @event("Acknowledged")
    def _acknowledged(self, actor, note, request_id=None):
        self.status, self.due_by = ACKNOWLEDGED, None

    def request_clarification(self, actor: Actor, question: str, *,
                              request_id: str | None = None) -> None:
        self._require_allowed("request-clarification")
        _require_valid({"question": rules.text_errors(question, rules.TEXT_LIMITS["question"])})
        self._clarification_requested(actor=actor.as_record(), question=question.strip(),
                                      request_id=request_id)

    @event("ClarificationRequested")
    def _clarification_requested(self, actor, question, request_id=None):
        self.status = CLARIFICATION_REQUESTED

    def clarify(self, actor: Actor, answer: str, now: datetime, deadline_days: int, *,
                request_id: str | None = None) -> None:
        """Answer the question; the acknowledgement deadline starts again."""
        self._require_allowed("clarify")
        _require_valid({"answer": rules.text_errors(answer, rules.TEXT_LIMITS["answer"])})
        self._clarified(actor=actor.as_record(), answer=answer.strip(),
                        due_by=now + timedelta(days=deadline_days), request_id=request_id)

    @event("Clarified")
    def _clarified(self, actor, answer, due_by, request_id=None):
        self.status, self.due_by = AWAITING_ACKNOWLEDGEMENT, due_by

    def accept(self, actor: Actor, now: datetime, note: str | None = None,
               target_date: date | None = None, *, request_id: str | None = None) -> None:
        self._require_allowed("accept")
        note = rules.clean_text(note) or None
        errors = {"target_date": rules.target_date_errors(target_date, now.date())}
        if note:
            errors["note"] = rules.text_errors(note, rules.TEXT_LIMITS["note"])
        _require_valid(errors)
        self._accepted(actor=actor.as_record(), note=note, target_date=target_date,
                       request_id=request_id)

    @event("Accepted")
    def _accepted(self, actor, note, target_date, request_id=None):
        self.status, self.target_date = ACCEPTED, target_date

    def decline(self, actor: Actor, reason: str, *, request_id: str | None = None) -> None:
        self._require_allowed("decline")
        _require_valid({"reason": rules.text_errors(reason, rules.TEXT_LIMITS["reason"])})
        self._declined(actor=actor.as_record(), reason=reason.strip(), request_id=request_id)

    @event("Declined")
    def _declined(self, actor, reason, request_id=None):
        self.status = DECLINED

    def report_implementation(self, actor: Actor, note: str, *,
                              request_id: str | None = None) -> None:
        self._require_allowed("report-implementation")
        _require_valid({"note": rules.text_errors(note,
                                                  rules.TEXT_LIMITS["implementation_note"])})
        self._implementation_reported(actor=actor.as_record(), note=note.strip(),
                                      request_id=request_id)

    @event("ImplementationReported")
    def _implementation_reported(self, actor, note, request_id=None):
        self.status = IMPLEMENTED

    def withdraw(self, actor: Actor, reason: str, *, request_id: str | None = None) -> None:
        self._require_allowed("withdraw")
        _require_valid({"reason": rules.text_errors(reason, rules.TEXT_LIMITS["reason"])})
        self._withdrawn(actor=actor.as_record(), reason=reason.strip(), request_id=request_id)

    @event("Withdrawn")
    def _withdrawn(self, actor, reason, request_id=None):
        self.status = WITHDRAWN

    def reopen(self, actor: Actor, reason: str, *, request_id: str | None = None) -> None:
        self._require_allowed("reopen")
        _require_valid({"reason": rules.text_errors(reason, rules.TEXT_LIMITS["reason"])})
        self._reopened(actor=actor.as_record(), reason=reason.strip(), request_id=request_id)

    @event("Reopened")
    def _reopened(self, actor, reason, request_id=None):
        self.level, self.status, self.due_by, self.target_date = COMMUNE, OPEN, None, None


def _require_valid(errors: dict) -> None:
    errors = {name: messages for name, messages in errors.items() if messages}
    if errors:
        raise InvalidInput(errors)


class DomainError(Exception):
    """Base of every refusal by the domain; nothing is recorded when one is raised."""


class InvalidInput(DomainError):
    """One or more fields break the rules of DOMAIN.md."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(N_("Certains champs sont invalides."))
        self.errors = errors


class TransitionRefused(DomainError):
    """The command is not possible in the recommendation's current state."""

    def __init__(self, command: str, level: str, status: str):
        super().__init__(
            N_("Action « %(command)s » impossible : la recommandation est au niveau "
               "« %(level)s », statut « %(status)s ».",
               command=command, level=LEVELS[level], status=STATUSES[status]))
        self.command, self.level, self.status = command, level, status


class NothingChanged(DomainError):
    """An amendment must change at least one field."""

    def __init__(self):
        super().__init__(N_("Aucune modification : changez au moins un champ."))
        self.errors = {"_schema": [str(self)]}
