"""What a command is, as the catalogue (domain/catalogue.py) declares each one: the states
it may be given in and by whom, its fields and their rules, the events it records, and
its wording."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from domain.messages import Message
from domain.rules import PERCENT_LIMITS, TEXT_LIMITS
from domain.vocabulary import (
    COMMUNE, LEVELS, NATIONAL, NATIONAL_OFFICER, REGION, REGIONAL, SECRETARY, STATUSES,
)

# The state of what does not exist yet: where a command that creates it is given.
NEW = (None, None)
LEVEL_OWNER = {COMMUNE: SECRETARY, REGION: REGIONAL, NATIONAL: NATIONAL_OFFICER}
FIELD_KINDS = ("text", "textarea", "date", "theme", "origin_group", "percent", "agenda",
               "attendance", "session")


@dataclass(frozen=True)
class Field:
    """One thing a person fills in: its name in forms, the API and the event."""

    name: str
    label: Message
    help: Message
    kind: str = "textarea"
    required: bool = True
    limits: str | None = None  # a key of rules.TEXT_LIMITS (texts) or "percent"

    @property
    def bounds(self) -> tuple[int, int] | None:
        """(minimum, maximum): characters of a text, or the range of a number."""
        if self.limits == "percent":
            return PERCENT_LIMITS
        return TEXT_LIMITS[self.limits] if self.limits else None

    @property
    def maxlength(self) -> int | None:
        """The most characters of a text field (None for other kinds)."""
        return self.bounds[1] if self.bounds and self.kind in ("text", "textarea") else None

    def optional(self) -> "Field":
        return Field(self.name, self.label, self.help, self.kind, False, self.limits)


@dataclass(frozen=True)
class Command:
    """One command of the lifecycle, and everything derived from it."""

    name: str
    # (level, status) -> the roles that give the command there (the owner of a level, the
    # commune's secretary on its own file, ...); their territory is checked by the tracker.
    givers: Mapping[tuple, frozenset]
    fields: tuple[Field, ...]
    events: Mapping[type, Message]  # each event it may record -> how the history says it
    label: Message                  # the button and the form's title
    done: Message                   # said once it is recorded
    # What the form says about where the file goes, by the level it is at now.
    destination: Mapping[str, Message] = field(default_factory=dict)
    # What the command does, in one line beside its button: one sentence, or one by the
    # level the file is at now (« the commune commits itself… », « the region… »).
    purpose: Message | Mapping[str, Message] | None = None
    # Said once it is recorded, by the level the file was at, when that says more than
    # ``done`` (« transmise à la région de Ségou »).
    done_from: Mapping[str, Message] = field(default_factory=dict)
    grave: bool = False             # closes or refuses the file: a warning style
    awaited: bool = False           # the file waits for it: it puts the file in an inbox
    # Files may come with it (domain/attachments.py): evidence of what the command says.
    attachments: bool = False
    # It may be written without a connection and sent later (web/offline.py): what happened
    # on the ground, kept on the device; a decision waits for a connection.
    offline: bool = False

    @property
    def method(self) -> str:
        """The aggregate method that gives it."""
        return self.name.replace("-", "_")

    @property
    def creates(self) -> bool:
        return NEW in self.givers

    @property
    def states(self) -> frozenset:
        return frozenset(self.givers)

    @property
    def roles(self) -> frozenset:
        """Every role that may give it somewhere."""
        return frozenset().union(*self.givers.values())

    def field_names(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.fields)

    def purpose_at(self, level: str) -> Message | None:
        """The line that says what the command does on a file at ``level``."""
        if isinstance(self.purpose, Mapping):
            return self.purpose.get(level)
        return self.purpose


def states(levels=LEVELS, statuses=STATUSES) -> list[tuple[str, str]]:
    return [(level, status) for level in levels for status in statuses]


def by_owner(states) -> dict:
    return {state: frozenset({LEVEL_OWNER[state[0]]}) for state in states}


def by(roles: set, states) -> dict:
    return {state: frozenset(roles) for state in states}


