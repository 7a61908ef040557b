"""Refusals by the domain: nothing is recorded when one is raised."""

from __future__ import annotations

from datetime import datetime

from domain.messages import N_
from domain.vocabulary import LEVELS, STATUSES


class DomainError(Exception):
    """Base of every refusal by the domain; nothing is recorded when one is raised."""


class InvalidInput(DomainError):
    """One or more fields break the rules of docs/domain.md."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(N_("Certains champs sont invalides."))
        self.errors = errors


def require_valid(errors: dict) -> None:
    errors = {name: messages for name, messages in errors.items() if messages}
    if errors:
        raise InvalidInput(errors)


class TransitionRefused(DomainError):
    """The command is not possible in the recommendation's current state."""

    def __init__(self, command: str, level: str, status: str):
        super().__init__(
            N_("Action « %(command)s » impossible : la recommandation est au niveau "
               "« %(level)s », statut « %(status)s ».",
               command=command, level=LEVELS[level], status=STATUSES[status]))
        self.command, self.level, self.status = command, level, status


class ChasedUpRecently(DomainError):
    """A file is chased up at most once within 24 hours (HTTP 409)."""

    def __init__(self, next_allowed: datetime):
        super().__init__(N_("Ce dossier a déjà été relancé il y a moins de 24 heures : "
                            "nouvelle relance possible à partir du %(moment)s.",
                            moment=next_allowed.strftime("%d/%m/%Y %H:%M GMT")))
        self.next_allowed = next_allowed


class NothingChanged(DomainError):
    """An amendment must change at least one field."""

    def __init__(self):
        super().__init__(N_("Aucune modification : changez au moins un champ."))
        self.errors = {"_schema": [str(self)]}
