"""The tracker's application service: every command, with its authorisation, goes through here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import cached_property
from typing import Callable
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, Transcoding

from domain.messages import N_
from domain.catalogue import COMMAND_OF_EVENT, COMMANDS, RAISE
from domain.commands import Command
from domain.file_numbers import FileNumbers
from domain.recommendation import Circumstances, InvalidInput, Recommendation
from domain.vocabulary import NATIONAL, REGION
from tracker.clock import on_application_clock
from tracker import authorization as policy
from tracker.accounts import AccountCommands
from tracker.authorization import (
    NotFound, NotPermitted, NotYourLevel, Principal, StaleVersion,
)
from tracker.config import Settings
from tracker.file_numbers import (
    NUMBERING_ATTEMPTS, NUMBERS_BUSY, REGISTER_SNAPSHOT_EVERY, FileNumberCommands,
)
from tracker.reference import Reference, load_reference
from tracker.reference_commands import ReferenceCommands
from tracker.repository import FoldingRepository
from tracker.saving import SavesOwnAggregates
from tracker.sessions import SessionCommands
from tracker.storage import event_store_env, one_start_at_a_time, open_blob_store
from tracker.uploads import prepare_uploads


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


@dataclass(frozen=True)
class CommandResult:
    """What a caller needs after a command: the file, its new version, and the log position
    to wait for before reading the read models (read-your-writes)."""

    recommendation_id: UUID
    version: int
    position: int
    created: bool = False
    # The same request had been recorded before: this answer is that first result.
    repeated: bool = False
    # The file (or session) after the command, when the command loaded it: callers
    # answer with it instead of loading it again.
    aggregate: object | None = None

    @property
    def recommendation(self) -> Recommendation | None:
        return self.aggregate if isinstance(self.aggregate, Recommendation) else None


class Tracker(AccountCommands, ReferenceCommands, SessionCommands, FileNumberCommands,
              SavesOwnAggregates, Application):
    """CCS recommendations from commune to CRSS, as event-sourced case files."""

    name = "Tracker"
    # A commune's register of file numbers gains an event with every file of its year. A
    # raise reads only its last event; read whole (a file found by its reference), it
    # starts from a snapshot taken every 100 numbers (tracker/file_numbers.py). Declared
    # here so that the library keeps a snapshot store; snapshots are not events: the log,
    # the chain and the read models never see them.
    snapshotting_intervals = {FileNumbers: REGISTER_SNAPSHOT_EVERY}

    def __init__(self, settings: Settings | None = None,
                 clock: Callable[[], datetime] = utc_now,
                 reference: Reference | None = None):
        self.settings = settings or Settings.from_environment()
        self.clock = clock
        self.reference = reference or load_reference()
        with one_start_at_a_time(self.settings.database_url):
            super().__init__(env=event_store_env(self.settings.database_url))

    @cached_property
    def blobs(self):
        """Where attachments' bytes live (TRACKER_BLOB_STORE; storage/blobs.py)."""
        return open_blob_store(self.settings)

    def construct_repository(self) -> FoldingRepository:
        # No aggregate cache: every load reads the log (several processes write it). No
        # snapshot store either: only registers have snapshots (``registers``), and the
        # library would otherwise look for one before every load of any aggregate, a
        # query each time: two of every API request's seven statements.
        return FoldingRepository(event_store=self.events)

    @cached_property
    def registers(self) -> FoldingRepository:
        """Loads registers of file numbers, from their latest snapshot."""
        return FoldingRepository(event_store=self.events, snapshot_store=self.snapshots)

    def register_transcodings(self, transcoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    # ---- commands -------------------------------------------------------------------
    @on_application_clock
    def raise_recommendation(self, principal: Principal, *, commune: str, title: str,
                             theme: str, meeting_date: date, description: str = "",
                             origin_group: str | None = None,
                             request_id: str | None = None,
                             files: list | None = None) -> CommandResult:
        """Record a recommendation of ``commune``'s CCS, numbered in the commune's year
        (tracker/file_numbers.py); the same ``request_id`` from the same person gives back
        the recommendation it created the first time."""
        policy.require_role_may(principal, RAISE.name)
        if commune not in self.reference.communes:
            raise InvalidInput({"commune": [N_("Commune inconnue.")]})
        if commune != principal.commune:
            raise policy.NotPermitted(N_("Vous ne pouvez enregistrer que pour votre commune."))
        stored_files = self._stored_files(RAISE, files)
        for _attempt in range(NUMBERING_ATTEMPTS):
            numbering = self._numbering(commune)
            recommendation = Recommendation.raise_new(
                actor=principal.actor, commune=commune,
                region=self.reference.region_of(commune), title=title,
                description=description, theme=theme, meeting_date=meeting_date,
                origin_group=origin_group, request_id=request_id, now=self.clock(),
                reference=numbering.next_reference, **stored_files)
            numbering.take(recommendation.id)
            try:
                # One atomic write: the file and its number, or neither; the file's event
                # last, so the position read-your-writes waits for is the command's own.
                recordings = self._save_numbered(numbering, recommendation)
            except IntegrityError:
                existing = request_id and self._existing(recommendation.id)
                if existing:  # this request went through before
                    return CommandResult(existing.id, existing.version, self._head(),
                                         repeated=True)
                continue  # another file took this number first: take the next one
            return CommandResult(recommendation.id, recommendation.version,
                                 recordings[-1].notification.id, created=True,
                                 aggregate=recommendation)
        raise StaleVersion(NUMBERS_BUSY)

    def _existing(self, aggregate_id: UUID):
        try:
            return self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None

    def check(self, principal: Principal, recommendation_id: UUID, command: str,
              loaded: Recommendation | None = None) -> Recommendation:
        """May this person give ``command`` on this file at all? The questions pages and
        API ask before judging any input, in this order: a command of the catalogue, a
        role that gives it (403), a file within the person's territory (404). Returns the
        file, loaded once (or ``loaded``, checked), for :meth:`act`."""
        if command not in COMMANDS or COMMANDS[command].creates:
            raise policy.NotPermitted(N_("Action inconnue : « %(command)s ».", command=command))
        policy.require_role_may(principal, command)
        if loaded is None:
            return self._visible(principal, recommendation_id)
        policy.require_reader(principal)
        if loaded.id != recommendation_id or not policy.sees(principal, loaded.commune,
                                                             loaded.region):
            raise NotFound(N_("Recommandation introuvable."))
        return loaded

    @on_application_clock
    def act(self, principal: Principal, recommendation_id: UUID, command: str,
            expected_version: int | None = None, request_id: str | None = None,
            loaded: Recommendation | None = None, files: list | None = None,
            **fields) -> CommandResult:
        """Give ``command`` (a name of the catalogue, e.g. ``request-clarification``) on
        the file, which is loaded once (``loaded``: already loaded by :meth:`check`).

        The same ``request_id`` from the same person again (a double click, a retry after a
        timeout) gives back the first result and records nothing, whatever happened since."""
        recommendation = self.check(principal, recommendation_id, command, loaded)
        # Before the state checks: after the first copy went through, they would refuse.
        earlier = self._earlier_result(principal, recommendation_id, command, request_id,
                                       loaded=recommendation)
        if earlier:
            return earlier
        if expected_version is not None and expected_version != recommendation.version:
            raise StaleVersion(_STALE_MESSAGE)
        recommendation._require_allowed(command)
        if not policy.owns(principal, command, recommendation.state,
                           recommendation.commune, recommendation.region):
            raise NotYourLevel(N_("Ce dossier est actuellement entre les mains d'un autre "
                                  "niveau ou d'une autre autorité."))
        unknown = set(fields) - set(COMMANDS[command].field_names())
        if unknown:
            raise InvalidInput({name: [N_("Champ inconnu pour cette action.")] for name in unknown})
        method = getattr(recommendation, COMMANDS[command].method)
        method(principal.actor, self._circumstances(recommendation), request_id=request_id,
               **self._stored_files(COMMANDS[command], files), **fields)
        try:
            recordings = self.save(recommendation)
        except IntegrityError:
            # Two copies of one request racing each other: this one lost to its twin.
            earlier = self._earlier_result(principal, recommendation_id, command, request_id)
            if earlier:
                return earlier
            raise StaleVersion(_STALE_MESSAGE)
        return self._result(recommendation, recordings[-1].notification.id)

    def _stored_files(self, command: Command, files: list | None) -> dict:
        """The attachments of a command (``files``: (name, bytes) pairs as uploaded),
        checked and re-encoded, their bytes written to the blob store before the event that
        will name them; refused (422) for a command that takes none."""
        if not files:
            return {}
        if not command.attachments:
            raise InvalidInput({"files": [N_("Cette action ne prend pas de pièce jointe.")]})
        return {"attachments": prepare_uploads(
            files, max_bytes=self.settings.max_upload_mb * 1024 * 1024, blobs=self.blobs)}

    def _circumstances(self, recommendation: Recommendation | None) -> Circumstances:
        """What a command may need besides its fields: the application's time, the
        deadlines in force, the commune's region in today's reference data, the sessions
        on record."""
        commune = recommendation and self.reference.communes.get(recommendation.commune)
        return Circumstances(
            now=self.clock(),
            acknowledgement_days={REGION: self.settings.region_ack_days,
                                  NATIONAL: self.settings.national_ack_days},
            commune_region=commune.region if commune else None,
            session_of=self._session_of)

    @staticmethod
    def _result(aggregate, position: int, created: bool = False,
                repeated: bool = False) -> CommandResult:
        return CommandResult(aggregate.id, aggregate.version, position, created=created,
                             repeated=repeated, aggregate=aggregate)

    def _earlier_result(self, principal: Principal, recommendation_id: UUID, command: str,
                        request_id: str | None, loaded=None) -> CommandResult | None:
        """The result of this person's earlier request ``request_id`` on the file (or
        session), if it was recorded: from the requests ``loaded`` (the aggregate as the
        command loaded it) holds, else from its events read again. The whole stream, not
        only events after expected_version: a client that re-read the file before retrying
        sends a newer version."""
        if not request_id:
            return None
        user_id = str(principal.user_id)
        if loaded is not None:
            made = getattr(loaded, "requests", {}).get((user_id, request_id))
        else:
            made = next(((type(event), event.originator_version)
                         for event in self.events.get(recommendation_id)
                         if event.request_id == request_id
                         and event.actor.get("user_id") == user_id), None)
        if made is None:
            return None
        event_class, version = made
        if COMMAND_OF_EVENT[event_class].name != command:
            raise InvalidInput({"request_id": [N_(
                "Cette clé de requête a déjà servi pour une autre action sur ce dossier.")]})
        return CommandResult(recommendation_id, version, self._head(), repeated=True)

    # ---- queries --------------------------------------------------------------------
    def earlier_result(self, principal: Principal, recommendation_id: UUID, command: str,
                       request_id: str) -> CommandResult | None:
        """What ``command`` with this ``request_id`` from this person recorded, if it was."""
        self._visible(principal, recommendation_id)
        return self._earlier_result(principal, recommendation_id, command, request_id)

    def recommendation(self, principal: Principal, recommendation_id: UUID,
                       version: int | None = None) -> Recommendation:
        """The aggregate as the caller may see it (404 outside their territory)."""
        return self._visible(principal, recommendation_id, version)

    def recommendation_as_of(self, principal: Principal, recommendation_id: UUID,
                             as_of: datetime) -> Recommendation:
        """The recommendation as it stood at ``as_of``, rebuilt from its events up to then
        (who may see it is decided on today's file, as for any reading)."""
        self.recommendation(principal, recommendation_id)
        past = self._as_of(recommendation_id, as_of)
        if past is None:
            raise NotFound(N_("Ce dossier n'existait pas encore à cette date."))
        return past

    def _as_of(self, aggregate_id: UUID, as_of: datetime):
        """An aggregate as it stood at ``as_of`` (None before its first event), folded from
        its events as they are read: the stream is read once."""
        past = None
        for stored in self.recorder.select_events(aggregate_id):
            event = self.mapper.to_domain_event(stored)
            if event.timestamp > as_of:
                break
            past = event.mutate(past)
        return past

    def allowed_actions(self, principal: Principal, recommendation: Recommendation) -> list[str]:
        """The commands this person may give on this file right now, and only those."""
        return [command for command in recommendation.available_commands()
                if policy.owns(principal, command, recommendation.state,
                               recommendation.commune, recommendation.region)]

    def _visible(self, principal: Principal, recommendation_id: UUID,
                 version: int | None = None) -> Recommendation:
        policy.require_reader(principal)
        try:
            recommendation = self.repository.get(recommendation_id, version=version)
        except AggregateNotFoundError:
            raise NotFound(N_("Recommandation introuvable."))
        if not isinstance(recommendation, Recommendation) or not policy.sees(
                principal, recommendation.commune, recommendation.region):
            raise NotFound(N_("Recommandation introuvable."))
        return recommendation

    def may_read(self, principal: Principal, aggregate_type: str, aggregate_id: str) -> bool:
        """Whether this person reads this file (``recommendation``) or session: an
        attachment is served to the readers of what it is attached to."""
        reader = self.session if aggregate_type == "session" else self._visible
        try:
            reader(principal, UUID(aggregate_id))
        except (NotFound, NotPermitted, ValueError):  # NotPermitted: a role that reads none
            return False
        return True

    def _head(self) -> int:
        return self.recorder.max_notification_id() or 0


_STALE_MESSAGE = N_("Quelqu'un a agi sur cette recommandation avant vous. "
                    "Rechargez la page pour voir son état actuel, puis recommencez.")
