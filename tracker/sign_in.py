"""Who is signing in: a password or an API token checked against the account's events.

Each check loads the account from the log, so a disable, a reset or a revoked token takes
effect on the next request of every process, with nothing to invalidate."""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from werkzeug.security import check_password_hash, generate_password_hash

from domain.account import UserAccount, account_id
from tracker.authorization import Principal


@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """Compared against when the username is unknown, so a wrong name costs as long as a
    wrong password and does not reveal which accounts exist. Made on first need (the web
    application makes it at start), not at import: scrypt's 32 MB would otherwise be in
    the peak memory of every process that imports the tracker, a rebuild's two among
    them."""
    return generate_password_hash("not-a-real-password")


class SignIn:
    """Mixed into the Tracker application (through AccountCommands, which hashes
    passwords and so says when a hash is outdated: ``_rehash_if_outdated``)."""

    def principal(self, user_id: UUID) -> Principal | None:
        """The active account with this id, or None (unknown or disabled)."""
        account = self._active_account(user_id)
        return principal_of(account) if account else None

    def authenticate_password(self, username: str, password: str) -> Principal | None:
        try:
            account = self.repository.get(account_id(username or ""))
        except AggregateNotFoundError:
            check_password_hash(dummy_hash(), password or "")
            return None
        if account.disabled or not check_password_hash(account.password_hash, password or ""):
            return None
        # The one moment the password is known: a hash of older parameters is made anew.
        self._rehash_if_outdated(account, password)
        return principal_of(account)

    def authenticate_token(self, token: str) -> Principal | None:
        try:
            account_hex, token_id, secret = (token or "").split(".", 2)
            user_id = UUID(hex=account_hex)
        except ValueError:
            return None
        account = self._active_account(user_id)
        if account is None:
            return None
        expected = account.token_hashes.get(token_id)
        if expected is None or not hmac.compare_digest(expected, token_digest(secret)):
            return None
        return principal_of(account)

    def _active_account(self, user_id: UUID) -> UserAccount | None:
        try:
            account = self.repository.get(user_id)
        except AggregateNotFoundError:
            return None
        if not isinstance(account, UserAccount) or account.disabled:
            return None
        return account


def principal_of(account: UserAccount) -> Principal:
    return Principal(account.id, account.username, account.display_name, account.role,
                     account.commune, account.region, title=account.title,
                     must_change_password=account.must_change_password,
                     session_generation=account.session_generation)


def token_digest(secret: str) -> str:
    """What is kept of an API token's secret."""
    return hashlib.sha256(secret.encode()).hexdigest()
