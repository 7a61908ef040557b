"""The accounts list, for administrators: who has which role, territory and title, and the
API tokens each account holds (their ids and dates, never a secret)."""

from __future__ import annotations

from sqlalchemy import and_, bindparam, delete, insert, select, update

from domain.account import UserAccount
from projections.events import (
    ACCOUNT_EVENTS, NUMBERING_EVENTS, RECOMMENDATION_EVENTS, REFERENCE_EVENTS, SESSION_EVENTS,
)
from storage.tables import account_tokens, accounts

_COLUMNS = [column.name for column in accounts.columns if column.name != "id"]


class AccountsProjection:
    name = "accounts"
    version = 2  # 2: title, must_change_password, and the tokens of each account
    tables = (accounts, account_tokens)
    handled = ACCOUNT_EVENTS
    ignored = RECOMMENDATION_EVENTS | REFERENCE_EVENTS | SESSION_EVENTS | NUMBERING_EVENTS
    replay_weight = 0  # a handful of events
    # A rebuild's accounts and tokens in force, in memory (``hold``).
    held: dict[str, dict] | None = None
    held_tokens: dict[tuple[str, str], dict] | None = None

    def hold(self) -> None:
        self.held, self.held_tokens = {}, {}

    def release(self, connection) -> None:
        held, tokens = self.held, self.held_tokens
        self.held = self.held_tokens = None
        if held:
            connection.execute(insert(accounts), [held[key] for key in sorted(held)])
        if tokens:
            connection.execute(insert(account_tokens), [tokens[key] for key in sorted(tokens)])

    def prepare(self, connection, numbered_events):
        events = [event for _, event in numbered_events]
        ids = [str(e.originator_id) for e in events if type(e) is not UserAccount.Opened]
        if self.held is not None:  # copies: the write keeps them
            rows = {key: dict(self.held[key]) for key in ids if key in self.held}
            known = set()
        else:
            rows = {row.id: dict(row._mapping) for row in connection.execute(
                select(accounts).where(accounts.c.id.in_(ids)))} if ids else {}
            known = set(rows)
        tokens = _Tokens()
        for event in events:
            key = str(event.originator_id)
            if type(event) is UserAccount.Opened:
                rows[key] = _opened(key, event)
            else:
                _fold(rows[key], event)
            tokens.fold(key, event)
        if self.held is not None:
            held, held_tokens = self.held, self.held_tokens

            def write_held(connection) -> None:
                held.update(rows)
                tokens.keep(held_tokens)
            return write_held
        new = [row for key, row in rows.items() if key not in known]
        changed = [{**row, "row_id": key} for key, row in rows.items() if key in known]

        def write(connection) -> None:
            if new:
                connection.execute(insert(accounts), new)
            if changed:
                connection.execute(
                    update(accounts).where(accounts.c.id == bindparam("row_id"))
                    .values({name: bindparam(name) for name in _COLUMNS}), changed)
            tokens.write(connection)
        return write


def _opened(key: str, event) -> dict:
    # Accounts opened before titles and temporary passwords existed have neither.
    return {"id": key, "username": event.username, "display_name": event.display_name,
            "role": event.role, "commune": event.commune, "region": event.region,
            "title": getattr(event, "title", None),
            "must_change_password": getattr(event, "must_change_password", False),
            "disabled": False, "token_count": 0,
            "opened_at": event.timestamp, "last_change": event.timestamp}


def _fold(row: dict, event) -> None:
    row["last_change"] = event.timestamp
    _FOLDS[type(event)](row, event)


# How each account event changes its row (besides the time of the last change).
_FOLDS = {
    UserAccount.RoleChanged: lambda row, event: row.update(
        role=event.role, commune=event.commune, region=event.region),
    UserAccount.TitleChanged: lambda row, event: row.update(title=event.title),
    UserAccount.Disabled: lambda row, event: row.update(disabled=True, token_count=0),
    UserAccount.Enabled: lambda row, event: row.update(disabled=False),
    UserAccount.ApiTokenIssued: lambda row, event: row.update(
        token_count=row["token_count"] + 1),
    UserAccount.ApiTokenRevoked: lambda row, event: row.update(
        token_count=row["token_count"] - 1),
    UserAccount.AllApiTokensRevoked: lambda row, event: row.update(token_count=0),
    UserAccount.SessionsEnded: lambda row, event: None,
    UserAccount.PasswordRehashed: lambda row, event: None,
    UserAccount.PasswordChanged: lambda row, event: row.update(must_change_password=False),
    UserAccount.PasswordReset: lambda row, event: row.update(
        must_change_password=event.must_change),
}


class _Tokens:
    """A batch's changes to the tokens in force: added, revoked, and accounts whose
    tokens all went (disabled); a token issued and revoked in one batch is never written."""

    def __init__(self):
        self.added: dict[tuple[str, str], dict] = {}
        self.revoked: set[tuple[str, str]] = set()
        self.cleared: set[str] = set()

    def fold(self, account: str, event) -> None:
        kind = type(event)
        if kind is UserAccount.ApiTokenIssued:
            by = event.by or {}
            self.added[(account, event.token_id)] = {
                "account_id": account, "token_id": event.token_id,
                "issued_at": event.timestamp, "issued_by": by.get("display_name")}
        elif kind is UserAccount.ApiTokenRevoked:
            if self.added.pop((account, event.token_id), None) is None:
                self.revoked.add((account, event.token_id))
        elif kind in (UserAccount.Disabled, UserAccount.AllApiTokensRevoked):
            self.added = {key: row for key, row in self.added.items() if key[0] != account}
            self.cleared.add(account)

    def keep(self, held: dict[tuple[str, str], dict]) -> None:
        """These changes to the tokens a rebuild holds in memory."""
        for key in [key for key in held if key[0] in self.cleared]:
            del held[key]
        for key in self.revoked:
            held.pop(key, None)
        held.update(self.added)

    def write(self, connection) -> None:
        if self.cleared:
            connection.execute(delete(account_tokens).where(
                account_tokens.c.account_id.in_(sorted(self.cleared))))
        if self.revoked:
            connection.execute(delete(account_tokens).where(and_(
                account_tokens.c.account_id == bindparam("account"),
                account_tokens.c.token_id == bindparam("token"))),
                [{"account": account, "token": token} for account, token in self.revoked])
        if self.added:
            connection.execute(insert(account_tokens), list(self.added.values()))
