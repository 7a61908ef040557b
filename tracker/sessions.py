"""The tracker's commands on CCS sessions, and recommendations raised from a session in
one sitting. Mixed into ``Tracker`` (tracker/application.py), whose authorisation rules
they follow: role (403), territory (404), state and owner (409), fields (422)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from domain.catalogue import RAISE, RECORD_SESSION, SESSION_COMMANDS
from domain.errors import InvalidInput
from domain.messages import N_
from domain.recommendation import Recommendation
from domain.session import Session
from domain.vocabulary import CANCELLED, COMMUNE, REGION, REGIONAL, SECRETARY
from tracker import authorization as policy
from tracker.authorization import NotFound, NotYourLevel, Principal, StaleVersion
from tracker.clock import on_application_clock
from tracker.file_numbers import NUMBERING_ATTEMPTS, NUMBERS_BUSY

MOST_ITEMS_PER_SITTING = 30


@dataclass(frozen=True)
class SittingResult:
    """The files of a sitting, in the order of its items; ``repeated`` when every one had
    been recorded before (the same sitting sent again); ``position``: the log position to
    wait for before reading the read models."""

    ids: list[UUID]
    position: int
    repeated: bool = False


class SessionCommands:
    """Recording CCS sessions and what came out of them."""

    @on_application_clock
    def record_session(self, principal: Principal, *, held_on: date, place: str,
                       chaired_by: str, agenda: list | None = None,
                       commune: str | None = None, region: str | None = None,
                       attendance: dict | None = None, minutes: str | None = None,
                       request_id: str | None = None, files: list | None = None):
        """Record a session of the person's CCS: a secretary's commune, a regional
        authority's region. Attendance and minutes may come with it (events of their own,
        saved together); the same ``request_id`` again gives back the first session."""
        policy.require_role_may(principal, RECORD_SESSION)
        level, commune, region = self._session_territory(principal, commune, region)
        session = Session.record(actor=principal.actor, level=level, commune=commune,
                                 region=region, held_on=held_on, place=place,
                                 chaired_by=chaired_by, agenda=agenda or [],
                                 now=self.clock(), request_id=request_id,
                                 **self._stored_files(RECORD_SESSION, files))
        context = self._circumstances(None)
        if attendance is not None:
            session.record_attendance(principal.actor, context, attendance=attendance)
        if minutes:
            session.write_minutes(principal.actor, context, minutes=minutes)
        try:
            recordings = self.save(session)
        except IntegrityError:
            if not request_id:
                raise
            existing = self.repository.get(session.id)
            return self._result(existing, self._head(), repeated=True)
        return self._result(session, recordings[-1].notification.id, created=True)

    def session(self, principal: Principal, session_id: UUID,
                version: int | None = None) -> Session:
        """The session as the caller may see it (404 outside their territory)."""
        policy.require_reader(principal)
        try:
            session = self.repository.get(session_id, version=version)
        except AggregateNotFoundError:
            raise NotFound(N_("Session introuvable."))
        if not isinstance(session, Session) or not policy.sees(
                principal, session.commune, session.region):
            raise NotFound(N_("Session introuvable."))
        return session

    def session_as_of(self, principal: Principal, session_id: UUID, as_of) -> Session:
        """The session as it stood at ``as_of`` (read-only), its reader decided today."""
        self.session(principal, session_id)
        past = self._as_of(session_id, as_of)
        if past is None:
            raise NotFound(N_("Cette session n'était pas encore enregistrée à cette date."))
        return past

    def session_actions(self, principal: Principal, session: Session) -> list[str]:
        """The commands this person may give on this session now."""
        return [name for name in session.available_commands()
                if policy.owns(principal, SESSION_COMMANDS[name], session.state,
                               session.commune, session.region)]

    def earlier_session_result(self, principal: Principal, session_id: UUID, command: str,
                               request_id: str):
        """What ``command`` with this ``request_id`` from this person recorded on this
        session, if it was (a form brought back after signing in again)."""
        self.session(principal, session_id)
        return self._earlier_result(principal, session_id, command, request_id)

    @on_application_clock
    def act_on_session(self, principal: Principal, session_id: UUID, command: str,
                       expected_version: int | None = None, request_id: str | None = None,
                       files: list | None = None, **fields):
        """Give a session command of the catalogue (``write-minutes``, ``adopt``, …)."""
        spec = SESSION_COMMANDS.get(command)
        if spec is None or spec.creates:
            raise policy.NotPermitted(N_("Action inconnue : « %(command)s ».", command=command))
        policy.require_role_may(principal, spec)
        session = self.session(principal, session_id)
        earlier = self._earlier_result(principal, session_id, command, request_id,
                                       loaded=session)
        if earlier:
            return earlier
        if expected_version is not None and expected_version != session.version:
            raise StaleVersion(N_("Quelqu'un a modifié cette session avant vous. Rechargez la "
                                  "page pour voir son état actuel, puis recommencez."))
        session._require_allowed(command)
        if not policy.owns(principal, spec, session.state, session.commune, session.region):
            raise NotYourLevel(N_("Cette session est tenue par un autre CCS."))
        unknown = set(fields) - set(spec.field_names())
        if unknown:
            raise InvalidInput({name: [N_("Champ inconnu pour cette action.")] for name in unknown})
        getattr(session, spec.method)(principal.actor, self._circumstances(None),
                                      request_id=request_id,
                                      **self._stored_files(spec, files), **fields)
        try:
            recordings = self.save(session)
        except IntegrityError:
            earlier = self._earlier_result(principal, session_id, command, request_id)
            if earlier:
                return earlier
            raise StaleVersion(N_("Quelqu'un a modifié cette session avant vous."))
        return self._result(session, recordings[-1].notification.id)

    @on_application_clock
    def raise_from_session(self, principal: Principal, session_id: UUID,
                           items: list[dict]) -> SittingResult:
        """The recommendations of a session, in one sitting: each item (title, description,
        theme, origin_group, request_id) becomes a file of the session's commune, raised
        at the session's date and attached to it. Every item is judged first: one wrong
        item and nothing is recorded (``InvalidInput`` with ``{"items": {index: errors}}``).
        An item whose ``request_id`` this person already used is that earlier file: the
        same sitting again records nothing, and the same sitting with one row more records
        only that row."""
        policy.require_role_may(principal, RAISE)
        session = self.session(principal, session_id)
        refusal = self._sitting_refusal(principal, session)
        if refusal:
            raise NotYourLevel(refusal)
        if not isinstance(items, list) or not 1 <= len(items) <= MOST_ITEMS_PER_SITTING:
            raise InvalidInput({"items": [N_(
                "De 1 à %(most)d recommandations par envoi.", most=MOST_ITEMS_PER_SITTING)]})
        for _attempt in range(NUMBERING_ATTEMPTS):
            ids, new_files, numbering = self._sitting_files(principal, session, items)
            if not new_files:
                return SittingResult(ids, self._head(), repeated=True)
            try:
                # One atomic write: every file of the sitting and their numbers, or none.
                recordings = self._save_numbered(numbering, *new_files)
            except IntegrityError:
                # The same sitting sent twice at once (the next turn finds its files), or
                # another file of the commune took these numbers first (it takes the next).
                continue
            return SittingResult(ids, recordings[-1].notification.id)
        raise StaleVersion(NUMBERS_BUSY)

    def _sitting_files(self, principal: Principal, session: Session, items: list[dict]):
        """(ids of the items' files, the new ones, the numbering they took) of a sitting;
        every item is judged (``InvalidInput`` naming the wrong ones)."""
        context = self._circumstances(None)
        numbering = self._numbering(session.commune)
        ids, new_files, errors = [], [], {}
        for index, item in enumerate(items):
            try:
                file = Recommendation.raise_new(
                    actor=principal.actor, commune=session.commune,
                    region=self.reference.region_of(session.commune),
                    title=item.get("title"), description=item.get("description") or "",
                    theme=item.get("theme"), meeting_date=session.held_on,
                    origin_group=item.get("origin_group"), now=context.now,
                    request_id=item.get("request_id"), reference=numbering.next_reference)
                if file.id in ids:  # two rows of one sitting with the same request key
                    raise InvalidInput({"request_id": [N_(
                        "Cette clé de requête a déjà servi pour un autre dossier.")]})
                earlier = self._earlier_file(file.id, session.id)
                if earlier is None:  # numbered only when new: an earlier file has its own
                    numbering.take(file.id)
                    file.attach_to_session(principal.actor, context,
                                           session_id=str(session.id))
                    new_files.append(file)
            except InvalidInput as error:
                errors[str(index)] = error.errors
            else:
                ids.append(file.id)
        if errors:
            raise InvalidInput({"items": errors})
        return ids, new_files, numbering

    def may_raise_from_session(self, principal: Principal, session: Session) -> bool:
        """Whether to offer this person the sitting form of this session."""
        return policy.role_may(principal, RAISE) and \
            self._sitting_refusal(principal, session) is None

    @staticmethod
    def _sitting_refusal(principal: Principal, session: Session):
        if session.level != COMMUNE or session.commune != principal.commune:
            return N_("Seul le secrétaire de la commune de la session y enregistre des "
                      "recommandations.")
        if session.status == CANCELLED:
            return N_("Cette session est annulée : aucune recommandation ne peut y être "
                      "enregistrée.")
        return None

    def _earlier_file(self, file_id: UUID, session_id: UUID) -> Recommendation | None:
        """The file an item's request key already made (None: none yet); refused when it
        was made for another purpose than this session's sitting."""
        try:
            earlier = self.repository.get(file_id)
        except AggregateNotFoundError:
            return None
        if earlier.session_id != str(session_id):
            raise InvalidInput({"request_id": [N_(
                "Cette clé de requête a déjà servi pour un autre dossier.")]})
        return earlier

    def _session_territory(self, principal: Principal, commune: str | None,
                           region: str | None) -> tuple[str, str | None, str]:
        """(level, commune, region) of a session recorded by this person: their own CCS."""
        if principal.role == SECRETARY:
            if commune not in self.reference.communes:
                raise InvalidInput({"commune": [N_("Commune inconnue.")]})
            if commune != principal.commune:
                raise policy.NotPermitted(N_(
                    "Vous ne pouvez enregistrer que les sessions de votre commune."))
            return COMMUNE, commune, self.reference.region_of(commune)
        if principal.role == REGIONAL:
            if region not in self.reference.regions:
                raise InvalidInput({"region": [N_("Région inconnue.")]})
            if region != principal.region:
                raise policy.NotPermitted(N_(
                    "Vous ne pouvez enregistrer que les sessions de votre région."))
            return REGION, None, region
        raise policy.NotPermitted(N_("Votre rôle ne permet pas d'enregistrer une session."))

    def _session_of(self, session_id: str) -> Session | None:
        """A session by its id, for a file joining it (None: there is none)."""
        try:
            session = self.repository.get(UUID(str(session_id)))
        except (ValueError, AggregateNotFoundError):
            return None
        return session if isinstance(session, Session) else None
