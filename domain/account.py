"""User accounts as aggregates, so every change of access is part of the audited history.

Passwords and API tokens reach this module already hashed: the domain never sees a
secret."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain import rules
from domain.messages import N_
from domain.time import event_time
from domain.errors import DomainError, InvalidInput
from domain.vocabulary import REGIONAL, ROLES, SECRETARY

ACCOUNT_NAMESPACE = uuid5(NAMESPACE_URL, "urn:ccs-tracker:account")
USERNAME_LIMITS = (3, 64)
DISPLAY_NAME_LIMITS = (1, 200)
# The title shown instead of the role's label (« Secrétaire générale », « Gouverneur »);
# none: the role's own label.
TITLE_LIMITS = (0, 80)


def account_id(username: str) -> UUID:
    """Accounts are found by username without an index: the id is derived from it."""
    return uuid5(ACCOUNT_NAMESPACE, username.strip().lower())


def scope_errors(role: str, commune: str | None, region: str | None) -> dict:
    """A secretary belongs to one commune, a regional authority to one region."""
    if role not in ROLES:
        return {"role": [N_("Rôle inconnu.")]}
    if role == SECRETARY and not commune:
        return {"commune": [N_("Un secrétaire doit être rattaché à une commune.")]}
    if role == REGIONAL and not region:
        return {"region": [N_("Une autorité régionale doit être rattachée à une région.")]}
    return {}


class UserAccount(Aggregate):
    """Someone who may sign in, with one role and (for some roles) a territory."""

    class Event(Aggregate.Event):
        create_timestamp = staticmethod(event_time)

    @classmethod
    def open(cls, *, username: str, display_name: str, role: str, commune: str | None,
             region: str | None, password_hash: str, by: dict | None,
             title: str | None = None, must_change_password: bool = False):
        username = (username or "").strip()
        errors = scope_errors(role, commune, region)
        title, title_errors = _cleaned_title(title)
        if title_errors:
            errors["title"] = title_errors
        low, high = USERNAME_LIMITS
        if not (low <= len(username) <= high) or not username.replace("-", "").replace(
                "_", "").replace(".", "").isalnum():
            errors["username"] = [
                N_("Identifiant de %(low)d à %(high)d caractères : lettres, chiffres, « . », « - », « _ ».",
                   low=low, high=high)]
        display_name = (display_name or username).strip()
        display_name_errors = rules.text_errors(display_name, DISPLAY_NAME_LIMITS)
        if display_name_errors:
            errors["display_name"] = display_name_errors
        if errors:
            raise InvalidInput(errors)
        return cls(username=username, display_name=display_name,
                   role=role, commune=commune if role == SECRETARY else None,
                   region=region if role in (SECRETARY, REGIONAL) else None,
                   password_hash=password_hash, by=by, title=title,
                   must_change_password=must_change_password)

    @staticmethod
    def create_id(username: str, **_):
        return account_id(username)

    # The last two are optional: accounts opened before they existed have neither.
    @event("Opened")
    def __init__(self, *, username, display_name, role, commune, region, password_hash, by,
                 title=None, must_change_password=False):
        self.username, self.display_name = username, display_name
        self.role, self.commune, self.region = role, commune, region
        self.title = title
        self.password_hash = password_hash
        # Opened or reset with a temporary password: the person chooses their own first.
        self.must_change_password = must_change_password
        # Goes up whenever the sessions signed in until then must end: a new password,
        # a reset, a disable (so that enabling again does not bring them back), an
        # administrator's « déconnecter partout ».
        self.session_generation = 0
        self.disabled = False
        self.token_hashes: dict[str, str] = {}

    def change_role(self, role: str, commune: str | None, region: str | None, by: dict | None):
        errors = scope_errors(role, commune, region)
        if errors:
            raise InvalidInput(errors)
        commune = commune if role == SECRETARY else None
        region = region if role in (SECRETARY, REGIONAL) else None
        if (role, commune, region) == (self.role, self.commune, self.region):
            raise InvalidInput({"role": [N_("Ce compte a déjà ce rôle et ce territoire.")]})
        self._role_changed(role=role, commune=commune, region=region, by=by)

    @event("RoleChanged")
    def _role_changed(self, role, commune, region, by):
        self.role, self.commune, self.region = role, commune, region

    def change_title(self, title: str | None, by: dict | None):
        title, errors = _cleaned_title(title)
        if errors:
            raise InvalidInput({"title": errors})
        if title == self.title:
            raise InvalidInput({"title": [N_("C'est déjà le titre de ce compte.")]})
        self._title_changed(title=title, by=by)

    @event("TitleChanged")
    def _title_changed(self, title, by):
        self.title = title

    def change_password(self, password_hash: str, by: dict | None):
        """The person's own new password (or the operator's): no change is asked any more."""
        if self.disabled:
            raise AccountStateError(N_("Ce compte est désactivé."))
        self._password_changed(password_hash=password_hash, by=by)

    @event("PasswordChanged")
    def _password_changed(self, password_hash, by):
        self.password_hash = password_hash
        self.must_change_password = False
        self.session_generation += 1

    def rehash_password(self, password_hash: str, by: dict | None):
        """The same password kept under a hash of the present method and parameters (made
        when the person signs in, the only moment the password is known): nothing else
        changes, and no session ends."""
        self._password_rehashed(password_hash=password_hash, by=by)

    @event("PasswordRehashed")
    def _password_rehashed(self, password_hash, by):
        self.password_hash = password_hash

    def reset_password(self, password_hash: str, by: dict | None, must_change: bool = True):
        """A temporary password given by an administrator; with ``must_change`` the person
        chooses their own at their next sign-in."""
        if self.disabled:
            raise AccountStateError(N_("Réactivez d'abord ce compte."))
        self._password_reset(password_hash=password_hash, must_change=must_change, by=by)

    @event("PasswordReset")
    def _password_reset(self, password_hash, must_change, by):
        self.password_hash = password_hash
        self.must_change_password = must_change
        self.session_generation += 1

    def disable(self, by: dict | None):
        if self.disabled:
            raise AccountStateError(N_("Ce compte est déjà désactivé."))
        self._disabled(by=by)

    @event("Disabled")
    def _disabled(self, by):
        self.disabled = True
        self.token_hashes = {}
        self.session_generation += 1

    def enable(self, by: dict | None):
        if not self.disabled:
            raise AccountStateError(N_("Ce compte est déjà actif."))
        self._enabled(by=by)

    @event("Enabled")
    def _enabled(self, by):
        self.disabled = False

    def issue_token(self, token_id: str, token_hash: str, by: dict | None):
        if self.disabled:
            raise AccountStateError(N_("Un compte désactivé ne peut pas recevoir de jeton."))
        self._token_issued(token_id=token_id, token_hash=token_hash, by=by)

    @event("ApiTokenIssued")
    def _token_issued(self, token_id, token_hash, by):
        self.token_hashes = {**self.token_hashes, token_id: token_hash}

    def revoke_token(self, token_id: str, by: dict | None):
        if token_id not in self.token_hashes:
            raise AccountStateError(N_("Jeton inconnu ou déjà révoqué."))
        self._token_revoked(token_id=token_id, by=by)

    @event("ApiTokenRevoked")
    def _token_revoked(self, token_id, by):
        self.token_hashes = {k: v for k, v in self.token_hashes.items() if k != token_id}

    def revoke_all_tokens(self, by: dict | None):
        if not self.token_hashes:
            raise AccountStateError(N_("Ce compte n'a aucun jeton d'API en vigueur."))
        self._all_tokens_revoked(by=by)

    @event("AllApiTokensRevoked")
    def _all_tokens_revoked(self, by):
        self.token_hashes = {}

    def end_sessions(self, by: dict | None):
        """« Déconnecter partout » : every session signed in until now ends (the password
        and the tokens stay as they are)."""
        self._sessions_ended(by=by)

    @event("SessionsEnded")
    def _sessions_ended(self, by):
        self.session_generation += 1


def _cleaned_title(title) -> tuple[str | None, list]:
    """The title as recorded (None for none) and what is wrong with it."""
    if title is not None and not isinstance(title, str):
        return None, [N_("Saisie invalide")]
    title = (title or "").strip()
    return title or None, rules.text_errors(title, TITLE_LIMITS)


class AccountStateError(DomainError):
    """The account is not in a state that allows this change."""
