"""Who may do what, where: decided here once, for the web pages, the API and the CLI.

Three questions, asked in this order so that the answer maps to one HTTP status:
1. may this role ever give this command?                     no -> NotPermitted (403)
2. is the recommendation inside this person's territory?       no -> NotFound (404)
3. does this person own the level the file is at right now?    no -> NotYourLevel (409)
The fourth, "is the command possible in this state?", is the aggregate's."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.messages import N_
from domain.catalogue import COMMANDS
from domain.commands import Command
from domain.recommendation import Actor, DomainError
from domain.vocabulary import (
    ADMIN, AUDITOR, COMMUNE, NATIONAL, NATIONAL_OFFICER, REGION, REGIONAL, SECRETARY,
)

READERS = {SECRETARY, REGIONAL, NATIONAL_OFFICER, AUDITOR}


@dataclass(frozen=True)
class Principal:
    """A signed-in person as the application sees them."""

    user_id: UUID
    username: str
    display_name: str
    role: str
    commune: str | None = None
    region: str | None = None
    # The title the person goes by (« Secrétaire générale », « Gouverneur »); None: the
    # role's own label is shown instead.
    title: str | None = None
    # After a reset: the person must choose a new password before anything else.
    must_change_password: bool = False
    # A session signed in under another generation has ended (password changed, reset,
    # account disabled).
    session_generation: int = 0

    @property
    def actor(self) -> Actor:
        return Actor(self.user_id, self.username, self.display_name, self.role)


def role_may(principal: Principal, command: str | Command) -> bool:
    """Whether this person's role gives ``command`` anywhere (the catalogue's givers); a
    name is a command of recommendations, a session's command is given as itself."""
    if isinstance(command, str):
        command = COMMANDS.get(command)
    return command is not None and principal.role in command.roles


def may_read_recommendations(principal: Principal) -> bool:
    return principal.role in READERS


def sees(principal: Principal, commune: str, region: str) -> bool:
    """Whether a recommendation of ``commune``, now filed under ``region``, is in scope."""
    if principal.role == SECRETARY:
        return commune == principal.commune
    if principal.role == REGIONAL:
        return region == principal.region
    return principal.role in (NATIONAL_OFFICER, AUDITOR)


def owns(principal: Principal, command: str | Command, state: tuple[str, str],
         commune: str | None, region: str) -> bool:
    """Whether this person is one who gives ``command`` on a file (or a session) of
    ``commune``, filed under ``region``, in ``state``: a role the catalogue names there,
    in its territory."""
    if isinstance(command, str):
        command = COMMANDS[command]
    if principal.role not in command.givers.get(state, ()):
        return False
    if principal.role == SECRETARY:
        return commune == principal.commune
    if principal.role == REGIONAL:
        return region == principal.region
    return principal.role == NATIONAL_OFFICER


def require_role_may(principal: Principal, command: str | Command) -> None:
    if not role_may(principal, command):
        name = command if isinstance(command, str) else command.name
        raise NotPermitted(N_("Votre rôle ne permet pas l'action « %(command)s ».",
                              command=name))


def require_reader(principal: Principal) -> None:
    if not may_read_recommendations(principal):
        raise NotPermitted(N_("Votre rôle ne donne pas accès aux recommandations."))


def actor_record(principal: Principal | None) -> dict | None:
    """Who gave a command, as events record it; None for the operator at the CLI."""
    return principal.actor.as_record() if principal else None


def require_admin(principal: Principal | None) -> None:
    # None is the operator at the command line, who already holds the server.
    if principal is not None and principal.role != ADMIN:
        raise NotPermitted(N_("Seul un administrateur peut gérer les comptes."))


def require_own_account(principal: Principal | None, username: str) -> None:
    """A password is changed by its owner only, who knows the current one; an
    administrator resets it instead."""
    if principal is None or principal.username.lower() != (username or "").strip().lower():
        raise NotPermitted(N_("Chacun ne change que son propre mot de passe ; un "
                              "administrateur peut le réinitialiser."))


def require_not_self(principal: Principal | None, username: str) -> None:
    """An administrator does not disable their own account nor take away their own role:
    the platform would be left without anyone to manage it."""
    if principal is not None and principal.username.lower() == (username or "").strip().lower():
        raise NotPermitted(N_("Vous ne pouvez pas faire cela sur votre propre compte : "
                              "demandez-le à un autre administrateur."))


def require_auditor(principal: Principal) -> None:
    """The audit log shows every event of every territory and every account: auditors only."""
    if principal.role != AUDITOR:
        raise NotPermitted(N_("Le journal d'audit est réservé aux auditeurs du CRSS."))


def visibility(principal: Principal) -> dict:
    """The board columns that bound what this person may see, e.g. ``{"commune": "segou"}``."""
    require_reader(principal)
    if principal.role == SECRETARY:
        return {"commune": principal.commune}
    if principal.role == REGIONAL:
        return {"region": principal.region}
    return {}


def inbox_owner(principal: Principal) -> dict | None:
    """Whose inbox this person reads: role, territory and id; None for an auditor, for
    whom nothing ever waits (they only read). Administrators see no case files (403)."""
    require_reader(principal)
    if principal.role == AUDITOR:
        return None
    return {"role": principal.role, "commune": principal.commune,
            "region": principal.region, "user_id": str(principal.user_id)}


def dashboard_scope(principal: Principal, region: str | None = None) -> dict:
    """The territory of the figures this person may read, e.g. ``{"region": "segou"}``.

    A secretary reads their commune's, a regional authority their region's; the CRSS and
    its auditors read the nation's, or one region's when they name it. Naming a region
    outside one's own territory is refused (403): regions are public, their figures not."""
    scope = visibility(principal)
    if not region:
        return scope
    if scope and scope.get("region") != region:
        raise NotPermitted(N_("Ces indicateurs sont hors de votre territoire."))
    return {"region": region}


def session_watch_scope(owner: dict | None) -> dict | None:
    """Whose CCS sessions wait in this inbox owner's inbox when late: a regional
    authority's region's communes, a secretary's own commune; nobody's for the others
    (the CRSS reads them on its dashboards)."""
    if owner is None:
        return None
    if owner["role"] == SECRETARY:
        return {"commune": owner["commune"]}
    if owner["role"] == REGIONAL:
        return {"region": owner["region"]}
    return None


def require_commune_reader(principal: Principal, commune: str, region: str) -> None:
    """A commune's page (its sessions, its regularity): readers whose territory holds the
    commune, today in ``region``; outside it the commune "does not exist" (404)."""
    require_reader(principal)
    if not sees(principal, commune, region):
        raise NotFound(N_("Commune introuvable."))


def oversees_region(principal: Principal, region: str) -> bool:
    """Whether this person reads the communes of ``region`` side by side: its regional
    authority, the CRSS and its auditors."""
    if principal.role == REGIONAL:
        return principal.region == region
    return principal.role in (NATIONAL_OFFICER, AUDITOR)


def require_region_overseer(principal: Principal, region: str) -> None:
    """Regions are public, their figures not: anyone else is refused (403), as for
    dashboards; administrators first, as everywhere."""
    require_reader(principal)
    if not oversees_region(principal, region):
        raise NotPermitted(N_("Les communes de cette région sont hors de votre territoire."))


def scope_label(principal: Principal) -> str:
    if principal.role == SECRETARY:
        return COMMUNE
    if principal.role == REGIONAL:
        return REGION
    return NATIONAL


class NotPermitted(DomainError):
    """The caller's role may never do this (HTTP 403)."""


class NotFound(DomainError):
    """No such recommendation, or not within the caller's territory (HTTP 404)."""


class NotYourLevel(DomainError):
    """The role may do this, but the file is at a level someone else owns (HTTP 409)."""


class StaleVersion(DomainError):
    """Someone acted on the recommendation first (HTTP 409)."""

