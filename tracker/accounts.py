"""Account commands of the tracker: open, role, title, disable and enable, passwords, API
tokens. Only administrators (or the operator at the CLI, ``by=None``) manage accounts; a
person changes only their own password.

Passwords are hashed with Werkzeug (scrypt); API tokens are random secrets of which only
a SHA-256 is kept: a token names its account, so checking one needs no index."""

from __future__ import annotations

import secrets
from functools import lru_cache
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from domain.account import UserAccount, account_id
from domain.messages import N_
from domain.passwords import password_errors
from domain.recommendation import InvalidInput
from domain.vocabulary import SECRETARY
from tracker import authorization as policy
from tracker.authorization import Principal, actor_record
from tracker.clock import on_application_clock
from tracker.sign_in import SignIn, principal_of, token_digest

# Werkzeug's strongest default; the test suite swaps in a cheap method to stay fast.
PASSWORD_HASH_METHOD = "scrypt"
# Temporary passwords are read out or copied by hand: no 0/o, 1/l/i to confuse.
_TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


class AccountCommands(SignIn):
    """Mixed into the Tracker application; ``by`` is None for the operator at the CLI."""

    @on_application_clock
    def open_account(self, by: Principal | None, *, username: str, role: str, password: str,
                     display_name: str = "", commune: str | None = None,
                     region: str | None = None, title: str | None = None) -> UUID:
        """An account with the password its person (or the operator) chose."""
        return self._open(by, dict(username=username, role=role, display_name=display_name,
                                   commune=commune, region=region, title=title),
                          password, must_change_password=False)

    @on_application_clock
    def create_account(self, by: Principal | None, *, username: str, role: str,
                       display_name: str = "", commune: str | None = None,
                       region: str | None = None, title: str | None = None) -> str:
        """An account with a temporary password, returned to be shown once: its person
        chooses their own at the first sign-in."""
        password = temporary_password(username)
        self._open(by, dict(username=username, role=role, display_name=display_name,
                            commune=commune, region=region, title=title),
                   password, must_change_password=True)
        return password

    def _open(self, by: Principal | None, fields: dict, password: str,
              must_change_password: bool) -> UUID:
        policy.require_admin(by)
        role, commune, region = fields["role"], fields["commune"], fields["region"]
        errors = self._territory_errors(role, commune, region)
        refused = self._password_errors(password, fields["username"], fields["display_name"])
        if refused:
            errors["password"] = refused
        if role == SECRETARY and commune and "commune" not in errors:
            fields["region"] = self.reference.region_of(commune)
        # The aggregate judges the other fields, so that every mistake is said at once;
        # the costly hash is made only for an account that may be saved.
        try:
            account = UserAccount.open(**fields, password_hash="" if errors else _hash(password),
                                       must_change_password=must_change_password,
                                       by=actor_record(by))
        except InvalidInput as refusal:
            raise InvalidInput({**refusal.errors, **errors})
        if errors:
            raise InvalidInput(errors)
        try:
            self.save(account)
        except IntegrityError:
            raise InvalidInput({"username": [N_("Cet identifiant est déjà pris.")]})
        return account.id

    @on_application_clock
    def change_role(self, by: Principal | None, username: str, role: str,
                    commune: str | None = None, region: str | None = None) -> None:
        policy.require_admin(by)
        policy.require_not_self(by, username)
        errors = self._territory_errors(role, commune, region)
        if errors:
            raise InvalidInput(errors)
        if role == SECRETARY and commune:  # no commune: the aggregate says so
            region = self.reference.region_of(commune)
        account = self.account(username)
        account.change_role(role, commune, region, by=actor_record(by))
        self.save(account)

    @on_application_clock
    def change_title(self, by: Principal | None, username: str, title: str | None) -> None:
        """The title shown for the person; empty: their role's own label."""
        self._administered(by, username, lambda account, actor: account.change_title(
            title, by=actor))

    @on_application_clock
    def disable_account(self, by: Principal | None, username: str) -> None:
        """The account signs in no more; its sessions end and its tokens are revoked."""
        policy.require_admin(by)
        policy.require_not_self(by, username)
        account = self.account(username)
        account.disable(by=actor_record(by))
        self.save(account)

    @on_application_clock
    def enable_account(self, by: Principal | None, username: str) -> None:
        """The account signs in again with its password; its old tokens stay revoked."""
        self._administered(by, username, lambda account, actor: account.enable(by=actor))

    @on_application_clock
    def issue_token(self, by: Principal | None, username: str) -> str:
        """A new API token; shown once, only its hash is kept."""
        policy.require_admin(by)
        account = self.account(username)
        token_id, secret = secrets.token_hex(4), secrets.token_urlsafe(32)
        account.issue_token(token_id, token_digest(secret), by=actor_record(by))
        self.save(account)
        return f"{account.id.hex}.{token_id}.{secret}"

    @on_application_clock
    def revoke_token(self, by: Principal | None, username: str, token_id: str) -> None:
        """The token (named by its id, the part after the account's) signs in no more."""
        self._administered(by, username, lambda account, actor: account.revoke_token(
            (token_id or "").strip(), by=actor))

    @on_application_clock
    def revoke_all_tokens(self, by: Principal | None, username: str) -> None:
        """Every token of the account signs in no more (a lost phone, a leaked script)."""
        self._administered(by, username,
                           lambda account, actor: account.revoke_all_tokens(by=actor))

    @on_application_clock
    def end_sessions(self, by: Principal | None, username: str) -> None:
        """« Déconnecter partout »: every session of the person, on every device and every
        web process, ends at its next request; password and tokens are kept."""
        self._administered(by, username, lambda account, actor: account.end_sessions(by=actor))

    @on_application_clock
    def set_password(self, by: Principal | None, username: str, password: str) -> None:
        """A password chosen by the operator for the person (the command line's
        ``users password``), under the same rules as one a person chooses; their sessions
        end, and it is not asked to be changed."""
        policy.require_admin(by)
        account = self.account(username)
        refused = self._password_errors(password, account.username, account.display_name)
        if refused:
            raise InvalidInput({"password": refused})
        account.reset_password(_hash(password), by=actor_record(by), must_change=False)
        self.save(account)

    @on_application_clock
    def change_password(self, by: Principal | None, username: str, current_password: str,
                        new_password: str) -> Principal:
        """The person's own new password, given the current one. Their other sessions end;
        returns who they are now, for the session they keep."""
        policy.require_own_account(by, username)
        account = self.account(username)
        if not check_password_hash(account.password_hash, current_password or ""):
            raise InvalidInput({"current_password": [N_("Mot de passe actuel incorrect.")]})
        refused = self._password_errors(new_password, account.username, account.display_name)
        if not refused and check_password_hash(account.password_hash, new_password):
            refused = [N_("Choisissez un mot de passe différent de l'actuel.")]
        if refused:
            raise InvalidInput({"new_password": refused})
        account.change_password(_hash(new_password), by=actor_record(by))
        self.save(account)
        return principal_of(account)

    @on_application_clock
    def reset_password(self, by: Principal | None, username: str) -> str:
        """A temporary password, returned to be shown once; the person's sessions end and
        they must choose their own password at their next sign-in."""
        policy.require_admin(by)
        account = self.account(username)
        password = temporary_password(account.username)
        account.reset_password(_hash(password), by=actor_record(by), must_change=True)
        self.save(account)
        return password

    @on_application_clock
    def _rehash_if_outdated(self, account: UserAccount, password: str) -> bool:
        """After a sign-in with ``password``: if the account's hash was made with another
        method or other parameters than ``PASSWORD_HASH_METHOD``, hash it again and record
        it (an account event of its own; no session ends). True if it was."""
        if _parameters_of(account.password_hash) == _present_parameters(PASSWORD_HASH_METHOD):
            return False
        account.rehash_password(_hash(password), by=actor_record(principal_of(account)))
        try:
            self.save(account)
        except IntegrityError:  # the account changed meanwhile: the next sign-in tries again
            return False
        return True

    def _administered(self, by: Principal | None, username: str, change) -> None:
        """An administrator's (or the operator's) change to an account: ``change(account,
        actor)`` records its event, saved here."""
        policy.require_admin(by)
        account = self.account(username)
        change(account, actor_record(by))
        self.save(account)

    def account(self, username: str) -> UserAccount:
        try:
            account = self.repository.get(account_id(username or ""))
        except AggregateNotFoundError:
            account = None
        if not isinstance(account, UserAccount):
            raise policy.NotFound(N_("Compte inconnu : « %(username)s ».", username=username))
        return account

    def _password_errors(self, password: str, username: str, display_name: str | None) -> list:
        """domain/passwords.py's rule, the person's name and every commune, cercle and
        region counting as words a person guessing would try."""
        places = [*self.reference.regions.values(), *(
            name for commune in self.reference.communes.values()
            for name in (commune.name, commune.cercle))]
        return password_errors(password, username, known_words=(display_name or "", *places))

    def _territory_errors(self, role: str, commune: str | None, region: str | None) -> dict:
        errors = {}
        if commune and commune not in self.reference.communes:
            errors["commune"] = [N_("Commune inconnue : « %(commune)s ».", commune=commune)]
        if region and region not in self.reference.regions:
            errors["region"] = [N_("Région inconnue : « %(region)s ».", region=region)]
        return errors


def temporary_password(username: str | None = None) -> str:
    """Three groups of four easy-to-read characters (``k7mp-3xq9-tw4h``): 59 bits."""
    while True:
        groups = ("".join(secrets.choice(_TEMPORARY_ALPHABET) for _ in range(4))
                  for _ in range(3))
        password = "-".join(groups)
        if not password_errors(password, username):
            return password


def _hash(password: str) -> str:
    return generate_password_hash(password, method=PASSWORD_HASH_METHOD)


def _parameters_of(password_hash: str) -> str:
    """``scrypt:32768:8:1`` of a Werkzeug hash: its method and parameters, before the salt."""
    return (password_hash or "").split("$", 1)[0]


@lru_cache(maxsize=8)
def _present_parameters(method: str) -> str:
    # Werkzeug fills in the defaults of a bare method ("scrypt"): ask it, once per method.
    return _parameters_of(generate_password_hash("", method=method))
