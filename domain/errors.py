"""Refusals by the domain: nothing is recorded when one is raised."""

from __future__ import annotations

from domain.messages import N_


class DomainError(Exception):
    """Base of every refusal by the domain; nothing is recorded when one is raised."""


class InvalidInput(DomainError):
    """One or more fields break the rules of docs/domain.md."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(N_("Certains champs sont invalides."))
        self.errors = errors
