"""The accounts list, for administrators: who has which role and territory."""

from __future__ import annotations

from sqlalchemy import bindparam, insert, select, update

from projections.events import aggregate_kind, event_name
from storage.tables import accounts

_COLUMNS = [column.name for column in accounts.columns if column.name != "id"]


class AccountsProjection:
    name = "accounts"
    tables = (accounts,)
    replay_weight = 0  # a handful of events

    def handles(self, event) -> bool:
        return aggregate_kind(event) == "UserAccount"

    def prepare(self, connection, numbered_events):
        events = [event for _, event in numbered_events]
        ids = [str(e.originator_id) for e in events if event_name(e) != "Opened"]
        rows = {row.id: dict(row._mapping) for row in connection.execute(
            select(accounts).where(accounts.c.id.in_(ids)))} if ids else {}
        known = set(rows)
        for event in events:
            key = str(event.originator_id)
            if event_name(event) == "Opened":
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
    name = event_name(event)
    row["last_change"] = event.timestamp
    if name == "RoleChanged":
        row.update(role=event.role, commune=event.commune, region=event.region)
    elif name == "Disabled":
        row.update(disabled=True, token_count=0)
    elif name == "Enabled":
        row["disabled"] = False
    elif name == "ApiTokenIssued":
        row["token_count"] += 1
    elif name == "ApiTokenRevoked":
        row["token_count"] -= 1
