"""Reference numbers in the tracker (domain/file_numbers.py): taken from the commune's
register of the year in the same save as the files they number, looked up for
``/r/SEG-2026-014``, and given by the operator to the files raised before they existed
(``flask --app wsgi references assign``). Mixed into ``Tracker``."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from datetime import datetime
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic

from domain.file_numbers import Numbering, parse_reference, register_id
from domain.messages import N_
from domain.recommendation import Recommendation
from tracker.authorization import NotFound, Principal, StaleVersion
from tracker.clock import on_application_clock

# A save that lost its numbers to another raise takes the next ones and tries again; a
# commune's secretary raises a few files a month, so losing this often means a fault.
NUMBERING_ATTEMPTS = 8
NUMBERS_BUSY = N_("D'autres dossiers de la commune étaient enregistrés au même moment. "
                  "Rien n'a été enregistré : recommencez.")
_READ_BATCH = 1000
# A register read whole (a file found by its reference) replays at most this many events
# after its last snapshot; each snapshot holds the year's list of files, and a raise no
# longer reads it.
REGISTER_SNAPSHOT_EVERY = 100


@dataclass
class Assignment:
    """What ``references assign`` did: references given now (file id -> reference, in
    the order given), files that had one already, files whose commune has no code today."""

    assigned: dict[str, str] = field(default_factory=dict)
    already_numbered: int = 0
    without_code: list[str] = field(default_factory=list)


class FileNumberCommands:
    """Numbering files; the raise commands take their numbers through ``_numbering``."""

    def _numbering(self, commune: str, year: int | None = None) -> Numbering:
        """The numbers of the commune's year (by default the year on the application's
        clock): from the register's last event alone, which says the last number given
        and the register's version (a busy commune's year holds thousands of numbers, and
        a raise needs only the next one).

        What this process saved last is taken as the register's state without reading
        it: should another process have numbered a file since, the save finds the
        version taken and fails as a whole (``_save_numbered``), and the next attempt
        reads the register."""
        code = self.reference.communes[commune].code
        year = self.clock().year if year is None else year
        key = register_id(code, year)
        last = self._last_numbers.get(key)
        if last is None:
            for stored in self.recorder.select_events(key, desc=True, limit=1):
                event = self.mapper.to_domain_event(stored)
                last = (event.number, event.originator_version)
        return Numbering(last, code=code, year=year, commune=commune)

    @cached_property
    def _last_numbers(self) -> dict[UUID, tuple[int, int]]:
        """(last number, version) of the registers this process saved last."""
        return {}

    def _save_numbered(self, numbering: Numbering, *files) -> list:
        """Save the files with the numbers they took, in one atomic write (the files'
        events last); the register is snapshotted every ``REGISTER_SNAPSHOT_EVERY``
        numbers, so that reading it whole (a file found by its reference) replays a few
        events, not the year's."""
        key = register_id(numbering.code, numbering.year)
        try:
            recordings = self.save(*numbering.to_save, *files)
        except IntegrityError:
            self._last_numbers.pop(key, None)  # read it again: another process moved it
            raise
        self._last_numbers[key] = numbering.last
        if any(number % REGISTER_SNAPSHOT_EVERY == 0 for number in numbering.numbers):
            try:
                self._snapshot_register(key)
            except IntegrityError:
                pass  # another process took this snapshot, or a later one, first
        return recordings

    def _snapshot_register(self, key) -> None:
        """The library's ``take_snapshot``, with the register read from its last snapshot
        (``registers``) rather than from its first event."""
        register = self.registers.get(key)
        snapshot_class = getattr(type(register), "Snapshot", type(self).snapshot_class)
        self.snapshots.put([snapshot_class.take(register)])

    def file_by_reference(self, principal: Principal, reference: str) -> Recommendation:
        """The file numbered ``reference`` (any case, leading zeros optional), as this
        person may read it; an unknown number and a file outside their territory are the
        same 404, so a number tells nothing of a file one may not see."""
        not_found = NotFound(N_("Aucun dossier accessible ne porte le numéro « %(reference)s ».",
                                reference=reference))
        parsed = parse_reference(reference)
        if parsed is None:
            raise not_found
        code, year, number = parsed
        try:
            register = self.registers.get(register_id(code, year))
        except AggregateNotFoundError:
            raise not_found from None
        file_id = register.file_numbered(number)
        if file_id is None:
            raise not_found
        try:
            return self._visible(principal, UUID(file_id))
        except NotFound:
            raise not_found from None

    @on_application_clock
    def assign_references(self) -> Assignment:
        """Give each file raised before references existed its own, by an event of the file
        (its history is not rewritten): in the order the files were raised, so numbers
        follow that order within each commune's year of raise. A file that has a reference
        keeps it: a second run gives none."""
        unnumbered, already = self._files_without_reference()
        result = Assignment(already_numbered=already)
        for file_id, commune, raised_at in unnumbered:
            if commune not in self.reference.communes:  # removed from the list since
                result.without_code.append(str(file_id))
                continue
            reference = self._assign_reference(file_id, raised_at.year)
            if reference:
                result.assigned[str(file_id)] = reference
        return result

    def _assign_reference(self, file_id: UUID, year: int) -> str | None:
        for _attempt in range(NUMBERING_ATTEMPTS):
            file = self.repository.get(file_id)
            if file.reference:  # another run of the command got there first
                return None
            numbering = self._numbering(file.commune, year)
            reference = numbering.take(file.id)
            file.assign_reference(reference)
            try:
                self._save_numbered(numbering, file)
            except IntegrityError:  # a raise took the number meanwhile: take the next
                continue
            return reference
        raise StaleVersion(NUMBERS_BUSY)

    def _files_without_reference(self) -> tuple[list[tuple[UUID, str, datetime]], int]:
        """(id, commune, time raised) of the files without a reference, in the order
        they were raised, and how many files have one; read from the log, not from a
        read model that may lag behind it."""
        raised_without, assigned, files = [], set(), 0
        topics = [get_topic(Recommendation.Raised), get_topic(Recommendation.ReferenceAssigned)]
        start = 1
        while batch := self.recorder.select_notifications(start, _READ_BATCH, topics=topics):
            for notification in batch:
                event = self.mapper.to_domain_event(notification)
                if isinstance(event, Recommendation.ReferenceAssigned):
                    assigned.add(event.originator_id)
                    continue
                files += 1
                if not getattr(event, "reference", None):  # raised before references
                    raised_without.append((event.originator_id, event.commune,
                                           event.timestamp))
            start = batch[-1].id + 1
        # The log's order is the order of raise; sorted by time all the same, the time
        # being the application's clock at the raise.
        unnumbered = sorted((file for file in raised_without if file[0] not in assigned),
                            key=lambda file: file[2])
        return unnumbered, files - len(unnumbered)
