"""Account commands of the tracker: open, change role, disable, passwords, API tokens.

Passwords are hashed with Werkzeug (scrypt); API tokens are random secrets of which only
a SHA-256 is kept: a token names its account, so checking one needs no index."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from domain.messages import N_
from domain.account import UserAccount, account_id
from domain.recommendation import InvalidInput
from domain.vocabulary import SECRETARY
from tracker.clock import on_application_clock
from tracker import authorization as policy
from tracker.authorization import Principal, actor_record

MINIMUM_PASSWORD_LENGTH = 8
# Werkzeug's strongest default; the test suite swaps in a cheap method to stay fast.
PASSWORD_HASH_METHOD = "scrypt"
# Compared against when the username is unknown, so a wrong name costs as long as a
# wrong password and does not reveal which accounts exist.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class AccountCommands:
    """Mixed into the Tracker application; ``by`` is None for the operator at the CLI."""

    @on_application_clock
    def open_account(self, by: Principal | None, *, username: str, role: str, password: str,
                     display_name: str = "", commune: str | None = None,
                     region: str | None = None) -> UUID:
        policy.require_admin(by)
        errors = self._territory_errors(role, commune, region)
        if not password or len(password) < MINIMUM_PASSWORD_LENGTH:
            errors["password"] = [N_("Au moins %(minimum)d caractères.",
                                       minimum=MINIMUM_PASSWORD_LENGTH)]
        if errors:
            raise InvalidInput(errors)
        if role == SECRETARY and commune:  # no commune: the aggregate says so
            region = self.reference.region_of(commune)
        account = UserAccount.open(username=username, display_name=display_name, role=role,
                                   commune=commune, region=region,
                                   password_hash=_hash(password),
                                   by=actor_record(by))
        try:
            self.save(account)
        except IntegrityError:
            raise InvalidInput({"username": [N_("Cet identifiant est déjà pris.")]})
        return account.id

    @on_application_clock
    def change_role(self, by: Principal | None, username: str, role: str,
                    commune: str | None = None, region: str | None = None) -> None:
        policy.require_admin(by)
        errors = self._territory_errors(role, commune, region)
        if errors:
            raise InvalidInput(errors)
        if role == SECRETARY and commune:  # no commune: the aggregate says so
            region = self.reference.region_of(commune)
        account = self.account(username)
        account.change_role(role, commune, region, by=actor_record(by))
        self.save(account)

    @on_application_clock
    def disable_account(self, by: Principal | None, username: str) -> None:
        policy.require_admin(by)
        account = self.account(username)
        account.disable(by=actor_record(by))
        self.save(account)

    @on_application_clock
    def issue_token(self, by: Principal | None, username: str) -> str:
        """A new API token; shown once, only its hash is kept."""
        policy.require_admin(by)
        account = self.account(username)
        token_id, secret = secrets.token_hex(4), secrets.token_urlsafe(32)
        account.issue_token(token_id, _digest(secret), by=actor_record(by))
        self.save(account)
        return f"{account.id.hex}.{token_id}.{secret}"

    def account(self, username: str) -> UserAccount:
        try:
            return self.repository.get(account_id(username))
        except AggregateNotFoundError:
            raise policy.NotFound(N_("Compte inconnu : « %(username)s ».", username=username))

    def principal(self, user_id: UUID) -> Principal | None:
        """The active account with this id, or None (unknown or disabled)."""
        try:
            account = self.repository.get(user_id)
        except AggregateNotFoundError:
            return None
        if not isinstance(account, UserAccount) or account.disabled:
            return None
        return _principal(account)

    def authenticate_password(self, username: str, password: str) -> Principal | None:
        try:
            account = self.repository.get(account_id(username or ""))
        except AggregateNotFoundError:
            check_password_hash(_DUMMY_HASH, password or "")
            return None
        if account.disabled or not check_password_hash(account.password_hash, password or ""):
            return None
        return _principal(account)

    def authenticate_token(self, token: str) -> Principal | None:
        try:
            account_hex, token_id, secret = (token or "").split(".", 2)
            user_id = UUID(hex=account_hex)
        except ValueError:
            return None
        principal = self.principal(user_id)
        if principal is None:
            return None
        expected = self.repository.get(user_id).token_hashes.get(token_id)
        if expected is None or not hmac.compare_digest(expected, _digest(secret)):
            return None
        return principal

    def _territory_errors(self, role: str, commune: str | None, region: str | None) -> dict:
        errors = {}
        if commune and commune not in self.reference.communes:
            errors["commune"] = [N_("Commune inconnue : « %(commune)s ».", commune=commune)]
        if region and region not in self.reference.regions:
            errors["region"] = [N_("Région inconnue : « %(region)s ».", region=region)]
        return errors


def _principal(account: UserAccount) -> Principal:
    return Principal(account.id, account.username, account.display_name, account.role,
                     account.commune, account.region)


def _hash(password: str) -> str:
    return generate_password_hash(password, method=PASSWORD_HASH_METHOD)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
