"""Reference numbers of case files: « SEG-2026-014 », the commune's code, the year of the
raise and the file's number in that commune's year (docs/domain.md, « numéro de dossier »).

Each prefix (code and year) has a register, an aggregate of its own whose every event
gives the next number to one file. The tracker saves the register with the file in one
atomic write: two raises that took the same number both write the register's next
version, and the store lets only one of them through (optimistic concurrency), so a
number is never given twice and, the write being atomic, never lost or reused."""

from __future__ import annotations

import re
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.time import event_time

_NAMESPACE = uuid5(NAMESPACE_URL, "urn:ccs-tracker:file-numbers")
# Lenient on reading: any case, the number with or without its leading zeros.
_REFERENCE = re.compile(r"([A-Za-z]{3})-(\d{4})-(\d{1,9})")
CODE_PATTERN = re.compile(r"[A-Z]{3}")


def format_reference(code: str, year: int, number: int) -> str:
    """« SEG-2026-014 »: the number on three digits at least (more past 999)."""
    return f"{code}-{year}-{number:03d}"


def parse_reference(text: str | None) -> tuple[str, int, int] | None:
    """(code, year, number) of a reference as a person may type it (« seg-2026-14 »);
    None when it is not one."""
    match = _REFERENCE.fullmatch((text or "").strip())
    if not match or int(match.group(3)) < 1:
        return None
    return match.group(1).upper(), int(match.group(2)), int(match.group(3))


def canonical_reference(text: str | None) -> str | None:
    """The reference as it is written on the file, from a typed one (None: not one)."""
    parsed = parse_reference(text)
    return format_reference(*parsed) if parsed else None


def register_id(code: str, year: int) -> UUID:
    # By the prefix itself, not the commune: whatever happens to the list of communes,
    # two files can only share a reference by sharing a register.
    return uuid5(_NAMESPACE, f"{code}-{year}")


class FileNumbers(Aggregate):
    """The numbers given in one commune's year: ``files[n - 1]`` holds number n."""

    class Event(Aggregate.Event):
        create_timestamp = staticmethod(event_time)

    @staticmethod
    def create_id(code: str, year: int, **_):
        return register_id(code, year)

    @event("Started")
    def __init__(self, *, code: str, year: int, commune: str, number: int,
                 recommendation_id: str):
        self.code, self.year, self.commune = code, year, commune
        self.files = [recommendation_id]

    @event("NumberIssued")
    def _issued(self, number: int, recommendation_id: str):
        self.files.append(recommendation_id)

    def file_numbered(self, number: int) -> str | None:
        """The id (text) of the file that has this number, None if none has it yet."""
        return self.files[number - 1] if 1 <= number <= len(self.files) else None


class Numbering:
    """Numbers being taken from one register while files are raised.

    A raise needs only how many numbers the register has given and at which version,
    not the year's list of files: ``last`` is (number, version) of the register's last
    event (None before its year's first file), and the numbers taken here become events
    at the versions that follow, saved with the files (``to_save``). A register read
    whole (``register=``) is continued through its own methods."""

    def __init__(self, last: tuple[int, int] | None = None, *, code: str, year: int,
                 commune: str, register: FileNumbers | None = None):
        self.code, self.year, self.commune = code, year, commune
        self.register = register  # the aggregate, when read whole or started here
        if register is not None:
            last = (len(register.files), register.version)
        self.taken, self.version = last or (0, 0)
        self.issued: list = []  # events of numbers given on a register not read whole
        self.numbers: list[int] = []  # taken here

    @property
    def next_reference(self) -> str:
        """The reference the next file will get, if it is taken with :meth:`take`."""
        return format_reference(self.code, self.year, self.taken + 1)

    def take(self, recommendation_id: UUID) -> str:
        """Give the next number to this file; returns its reference."""
        reference, number = self.next_reference, self.taken + 1
        if self.register is not None:
            self.register._issued(number=number, recommendation_id=str(recommendation_id))
        elif self.version == 0:  # the year's first file
            self.register = FileNumbers(code=self.code, year=self.year, commune=self.commune,
                                        number=number, recommendation_id=str(recommendation_id))
        else:
            self.version += 1
            self.issued.append(FileNumbers.NumberIssued(
                originator_id=register_id(self.code, self.year), originator_version=self.version,
                timestamp=event_time(), number=number,
                recommendation_id=str(recommendation_id)))
        self.taken = number
        self.numbers.append(number)
        return reference

    @property
    def last(self) -> tuple[int, int]:
        """(last number, version) of the register once what was taken here is saved."""
        return self.taken, (self.register.version if self.register is not None
                            else self.version)

    @property
    def to_save(self) -> list:
        """What to save with the numbered files: the register, or its new events."""
        return ([self.register] if self.register is not None else []) + self.issued
