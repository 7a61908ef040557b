"""The accounts list, for administrators: who has which role and territory."""

from __future__ import annotations

from sqlalchemy import bindparam, insert, select, update

from domain.account import UserAccount
from projections.events import (
    ACCOUNT_EVENTS, NUMBERING_EVENTS, RECOMMENDATION_EVENTS, REFERENCE_EVENTS, SESSION_EVENTS,
)
from storage.tables import accounts

_COLUMNS = [column.name for column in accounts.columns if column.name != "id"]


class AccountsProjection:
    name = "accounts"
    version = 1
    tables = (accounts,)
    handled = ACCOUNT_EVENTS
    ignored = RECOMMENDATION_EVENTS | REFERENCE_EVENTS | SESSION_EVENTS | NUMBERING_EVENTS
    replay_weight = 0  # a handful of events

    def prepare(self, connection, numbered_events):
        events = [event for _, event in numbered_events]
        ids = [str(e.originator_id) for e in events if type(e) is not UserAccount.Opened]
        rows = {row.id: dict(row._mapping) for row in connection.execute(
            select(accounts).where(accounts.c.id.in_(ids)))} if ids else {}
        known = set(rows)
        for event in events:
            key = str(event.originator_id)
            if type(event) is UserAccount.Opened:
                rows[key] = {"id": key, "username": event.username,
                             "display_name": event.display_name, "role": event.role,
                             "commune": event.commune, "region": event.region,
                             "disabled": False, "token_count": 0,
                             "opened_at": event.timestamp, "last_change": event.timestamp}
            else:
                _fold(rows[key], event)
        new = [row for key, row in rows.items() if key not in known]
        changed = [{**row, "row_id": key} for key, row in rows.items() if key in known]

        def write(connection) -> None:
            if new:
                connection.execute(insert(accounts), new)
            if changed:
                connection.execute(
                    update(accounts).where(accounts.c.id == bindparam("row_id"))
                    .values({name: bindparam(name) for name in _COLUMNS}), changed)
        return write


def _fold(row: dict, event) -> None:
    row["last_change"] = event.timestamp
    _FOLDS[type(event)](row, event)


# How each account event changes its row (besides the time of the last change).
_FOLDS = {
    UserAccount.RoleChanged: lambda row, event: row.update(
        role=event.role, commune=event.commune, region=event.region),
    UserAccount.Disabled: lambda row, event: row.update(disabled=True, token_count=0),
    UserAccount.Enabled: lambda row, event: row.update(disabled=False),
    UserAccount.ApiTokenIssued: lambda row, event: row.update(
        token_count=row["token_count"] + 1),
    UserAccount.ApiTokenRevoked: lambda row, event: row.update(
        token_count=row["token_count"] - 1),
    UserAccount.PasswordChanged: lambda row, event: None,
}
