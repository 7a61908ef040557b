"""The Recommendation aggregate: one CCS recommendation's life, from commune to CRSS.

Public methods are commands: they check the guards and field rules of docs/domain.md and
then trigger exactly one event. The private ``@event`` methods only apply facts, so
replaying old events never re-runs a check whose answer depends on the day."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import NAMESPACE_URL, uuid4, uuid5

from eventsourcing.domain import Aggregate, event

from domain import rules
from domain.attachments import clean_attachments, count_attachments
from domain.command_context import Actor, Circumstances, note_request
# Refusals raised here, imported from here by the layers above.
from domain.errors import (  # noqa: F401
    ChasedUpRecently, DomainError, InvalidInput, NothingChanged, TransitionRefused,
    require_valid,
)
from domain.messages import N_
from domain.time import event_time
from domain.vocabulary import CANCELLED, COMMUNE, FINAL_STATUSES, NATIONAL, REGION

REQUEST_NAMESPACE = uuid5(NAMESPACE_URL, "urn:ccs-tracker:recommendation-request")
AMENDABLE_FIELDS = ("title", "description", "theme", "meeting_date", "origin_group")
# At most one chase-up of a file within this time of the previous one (docs/domain.md).
CHASE_UP_INTERVAL = timedelta(hours=24)


class Recommendation(Aggregate):
    """A CCS recommendation as a case file crossing commune, region and nation.

    Each command checks that the catalogue (domain/catalogue.py) allows it in the file's
    state, then its field rules, then records one event. What an event changes in the
    file is the fold's (domain/fold.py), shared with the read models."""

    # How many files its events brought: none, and the attachments' read model need not
    # be asked (most files have none).
    attachment_count = 0

    class Event(Aggregate.Event):
        """Every event keeps the ``request_id`` of the form or API call that caused it, so
        the tracker can tell a resubmission from a new command."""

        # Events stored before request_id existed load with none (upcast, never rewrite).
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict) -> None:
            state.setdefault("request_id", None)

        create_timestamp = staticmethod(event_time)

        def apply(self, aggregate) -> None:
            # Called after the @event method's body (eventsourcing's DecoratedFuncCaller).
            vars(aggregate).update(fold.file_changes(self))
            count_attachments(self, aggregate)
            note_request(self, aggregate)

    # ---- creation -------------------------------------------------------------
    @classmethod
    def raise_new(cls, *, actor: Actor, commune: str, region: str, title: str,
                  description: str, theme: str, meeting_date: date, now: datetime,
                  origin_group: str | None = None, request_id: str | None = None,
                  attachments: list | None = None, reference: str | None = None):
        """Record a recommendation issued by a communal CCS session; ``reference`` is the
        number the tracker took for it (domain/file_numbers.py)."""
        fields = dict(title=rules.clean_text(title),
                      description=rules.clean_text(description) or "",
                      theme=theme, meeting_date=meeting_date,
                      origin_group=origin_group or None)
        require_valid(cls.field_errors(fields, now.date()))
        return cls(actor=actor.as_record(), commune=commune, region=region,
                   request_id=request_id or None,
                   attachments=clean_attachments(attachments), reference=reference,
                   **fields)

    @staticmethod
    def create_id(actor: dict, request_id: str | None = None, **_):
        # A resubmitted form carries the same key, so it maps to the same id and
        # the store refuses the second creation (see tracker).
        if request_id:
            return uuid5(REQUEST_NAMESPACE, f"{actor['user_id']}:{request_id}")
        return uuid4()

    @event("Raised")
    def __init__(self, *, actor, commune, region, title, description, theme, meeting_date,
                 origin_group, request_id, attachments=None, reference=None):
        # reference: None in files raised before references existed.
        vars(self).update(fold.opened_file(
            commune=commune, region=region, title=title, description=description,
            theme=theme, meeting_date=meeting_date, origin_group=origin_group,
            reference=reference))
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
        from domain.catalogue import COMMANDS  # the catalogue names this module's events

        return self.state in COMMANDS[command].states

    def available_commands(self) -> list[str]:
        from domain.catalogue import COMMANDS

        return [name for name, command in COMMANDS.items()
                if not command.creates and self.state in command.states]

    def _require_allowed(self, command: str) -> None:
        if not self.allows(command):
            raise TransitionRefused(command, self.level, self.status)

    # ---- commands -----------------------------------------------------------------
    def amend(self, actor: Actor, context: Circumstances, *, request_id: str | None = None,
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
        require_valid(self.field_errors(proposed, context.now.date()))
        changes = {name: {"before": getattr(self, name), "after": value}
                   for name, value in proposed.items() if getattr(self, name) != value}
        if not changes:
            raise NothingChanged()
        self._amended(actor=actor.as_record(), changes=changes, request_id=request_id)

    @event("Amended")
    def _amended(self, actor, changes, request_id=None):
        pass

    def note(self, actor: Actor, context: Circumstances, *, note: str,
             request_id: str | None = None, attachments: list | None = None) -> None:
        self._require_allowed("note")
        _require_text("note", note, "note")
        self._noted(actor=actor.as_record(), note=note.strip(), request_id=request_id,
                    attachments=clean_attachments(attachments))

    @event("Noted")
    def _noted(self, actor, note, request_id=None, attachments=None):
        pass

    def escalate(self, actor: Actor, context: Circumstances, *, reason: str,
                 request_id: str | None = None) -> None:
        """Send the file up one level; a first escalation records the commune's region
        of the day."""
        self._require_allowed("escalate")
        _require_text("reason", reason, "reason")
        if self.level == COMMUNE:
            self._escalated_to_region(
                actor=actor.as_record(), reason=reason.strip(),
                region=context.commune_region or self.region,
                due_by=_due_by(context, REGION), request_id=request_id)
        else:
            self._escalated_to_national(actor=actor.as_record(), reason=reason.strip(),
                                        due_by=_due_by(context, NATIONAL),
                                        request_id=request_id)

    @event("EscalatedToRegion")
    def _escalated_to_region(self, actor, reason, region, due_by, request_id=None):
        pass

    @event("EscalatedToNational")
    def _escalated_to_national(self, actor, reason, due_by, request_id=None):
        pass

    def acknowledge(self, actor: Actor, context: Circumstances, *, note: str | None = None,
                    request_id: str | None = None) -> None:
        self._require_allowed("acknowledge")
        note = _optional_text("note", note, "note")
        self._acknowledged(actor=actor.as_record(), note=note, request_id=request_id)

    @event("Acknowledged")
    def _acknowledged(self, actor, note, request_id=None):
        pass

    def request_clarification(self, actor: Actor, context: Circumstances, *, question: str,
                              request_id: str | None = None) -> None:
        self._require_allowed("request-clarification")
        _require_text("question", question, "question")
        self._clarification_requested(actor=actor.as_record(), question=question.strip(),
                                      request_id=request_id)

    @event("ClarificationRequested")
    def _clarification_requested(self, actor, question, request_id=None):
        pass

    def clarify(self, actor: Actor, context: Circumstances, *, answer: str,
                request_id: str | None = None) -> None:
        """Answer the question; the acknowledgement deadline starts again."""
        self._require_allowed("clarify")
        _require_text("answer", answer, "answer")
        self._clarified(actor=actor.as_record(), answer=answer.strip(),
                        due_by=_due_by(context, self.level), request_id=request_id)

    @event("Clarified")
    def _clarified(self, actor, answer, due_by, request_id=None):
        pass

    def accept(self, actor: Actor, context: Circumstances, *, note: str | None = None,
               target_date: date | None = None, request_id: str | None = None,
               attachments: list | None = None) -> None:
        self._require_allowed("accept")
        errors = {"target_date": rules.target_date_errors(target_date, context.now.date())}
        note = rules.clean_text(note) or None
        if note:
            errors["note"] = rules.text_errors(note, rules.TEXT_LIMITS["note"])
        require_valid(errors)
        self._accepted(actor=actor.as_record(), note=note, target_date=target_date,
                       request_id=request_id, attachments=clean_attachments(attachments))

    @event("Accepted")
    def _accepted(self, actor, note, target_date, request_id=None, attachments=None):
        pass

    def decline(self, actor: Actor, context: Circumstances, *, reason: str,
                request_id: str | None = None, attachments: list | None = None) -> None:
        self._require_allowed("decline")
        _require_text("reason", reason, "reason")
        self._declined(actor=actor.as_record(), reason=reason.strip(), request_id=request_id,
                       attachments=clean_attachments(attachments))

    @event("Declined")
    def _declined(self, actor, reason, request_id=None, attachments=None):
        pass

    def report_implementation(self, actor: Actor, context: Circumstances, *, note: str,
                              request_id: str | None = None,
                              attachments: list | None = None) -> None:
        self._require_allowed("report-implementation")
        _require_text("note", note, "implementation_note")
        self._implementation_reported(actor=actor.as_record(), note=note.strip(),
                                      request_id=request_id,
                                      attachments=clean_attachments(attachments))

    @event("ImplementationReported")
    def _implementation_reported(self, actor, note, request_id=None, attachments=None):
        pass

    def withdraw(self, actor: Actor, context: Circumstances, *, reason: str,
                 request_id: str | None = None) -> None:
        self._require_allowed("withdraw")
        _require_text("reason", reason, "reason")
        self._withdrawn(actor=actor.as_record(), reason=reason.strip(), request_id=request_id)

    @event("Withdrawn")
    def _withdrawn(self, actor, reason, request_id=None):
        pass

    def reopen(self, actor: Actor, context: Circumstances, *, reason: str,
               request_id: str | None = None) -> None:
        self._require_allowed("reopen")
        _require_text("reason", reason, "reason")
        self._reopened(actor=actor.as_record(), reason=reason.strip(), request_id=request_id)

    @event("Reopened")
    def _reopened(self, actor, reason, request_id=None):
        pass

    # ---- the commune keeps a voice once its file has gone up ----------------------------
    def follow_up(self, actor: Actor, context: Circumstances, *, note: str,
                  request_id: str | None = None, attachments: list | None = None) -> None:
        """A follow-up note by the commune (or, at national level, the region) on a file
        another level holds; it changes neither level nor status."""
        self._require_allowed("follow-up")
        _require_text("note", note, "follow_up")
        self._followed_up(actor=actor.as_record(), note=note.strip(), request_id=request_id,
                          attachments=clean_attachments(attachments))

    @event("FollowedUp")
    def _followed_up(self, actor, note, request_id=None, attachments=None):
        pass

    def chase_up(self, actor: Actor, context: Circumstances, *, note: str | None = None,
                 request_id: str | None = None) -> None:
        """Remind the level that holds the file; once a day at most."""
        self._require_allowed("chase-up")
        note = _optional_text("note", note, "chase_up")
        if self.chased_up_at is not None and (
                context.now < self.chased_up_at + CHASE_UP_INTERVAL):
            raise ChasedUpRecently(self.chased_up_at + CHASE_UP_INTERVAL)
        self._chased_up(actor=actor.as_record(), note=note, level=self.level,
                        request_id=request_id)

    @event("ChasedUp")
    def _chased_up(self, actor, note, level, request_id=None):
        pass

    def report_progress(self, actor: Actor, context: Circumstances, *, percent: int,
                        note: str, request_id: str | None = None,
                        attachments: list | None = None) -> None:
        """How far the accepted recommendation has come; the owner's
        ``report-implementation`` stays the final step."""
        self._require_allowed("report-progress")
        require_valid({"percent": rules.percent_errors(percent),
                        "note": rules.text_errors(note, rules.TEXT_LIMITS["progress_note"])})
        self._progress_reported(actor=actor.as_record(), percent=percent, note=note.strip(),
                                request_id=request_id,
                                attachments=clean_attachments(attachments))

    @event("ProgressReported")
    def _progress_reported(self, actor, percent, note, request_id=None, attachments=None):
        pass

    # ---- the session the recommendation came from ------------------------------------
    def attach_to_session(self, actor: Actor, context: Circumstances, *, session_id,
                          request_id: str | None = None) -> None:
        """Link the file to the CCS session of its commune that put it forward; its
        meeting date becomes the session's."""
        self._require_allowed("attach-to-session")
        session = context.session_of(str(session_id)) if context.session_of else None
        if session is None or session.commune != self.commune or session.status == CANCELLED:
            raise InvalidInput({"session_id": [N_(
                "Choisissez une session de la commune du dossier, non annulée.")]})
        if self.session_id == str(session_id):
            raise NothingChanged()
        self._attached_to_session(actor=actor.as_record(), session_id=str(session_id),
                                  held_on=session.held_on, request_id=request_id)

    @event("AttachedToSession")
    def _attached_to_session(self, actor, session_id, held_on, request_id=None):
        pass

    # ---- the reference of a file raised before references existed ------------------------
    def assign_reference(self, reference: str) -> None:
        """Give the file the reference it was raised without (the operator's
        ``references assign``, not a person's command); a file keeps its first one."""
        if self.reference:
            raise NothingChanged()
        self._reference_assigned(reference=reference)

    @event("ReferenceAssigned")
    def _reference_assigned(self, reference, request_id=None):
        pass



def _due_by(context: Circumstances, level: str) -> datetime:
    return context.now + timedelta(days=context.acknowledgement_days[level])


def _require_text(field_name: str, value, limits: str) -> None:
    require_valid({field_name: rules.text_errors(value, rules.TEXT_LIMITS[limits])})


def _optional_text(field_name: str, value, limits: str) -> str | None:
    """An optional text as stored: None when left empty, checked otherwise."""
    value = rules.clean_text(value) or None
    if value:
        _require_text(field_name, value, limits)
    return value


# Below the class: the fold names this module's event classes, and is only used once an
# event is applied.
from domain import fold  # noqa: E402
