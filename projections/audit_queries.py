"""Reading the audit log: newest first, narrowed by filters, a page at a time by keyset
(``before`` = the last position shown), so the millionth event costs what the first does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.engine import Engine

from storage.tables import audit_log

MAX_LIMIT = 200


@dataclass(frozen=True)
class AuditFilters:
    actor: str | None = None
    role: str | None = None
    event_type: str | None = None
    commune: str | None = None
    region: str | None = None
    recommendation: str | None = None  # an aggregate id (recommendation or account)
    since: date | None = None
    until: date | None = None  # inclusive: the whole day

    def active(self) -> dict:
        return {name: value.isoformat() if isinstance(value, date) else value
                for name, value in vars(self).items() if value not in (None, "")}


@dataclass(frozen=True)
class AuditPage:
    items: list[dict]
    next_before: int | None  # pass as ``before`` for the next page; None at the end


_COLUMNS = {"actor": audit_log.c.actor_username, "role": audit_log.c.actor_role,
            "event_type": audit_log.c.event_type, "commune": audit_log.c.commune,
            "region": audit_log.c.region, "recommendation": audit_log.c.aggregate_id}


def audit_page(engine: Engine, filters: AuditFilters, before: int | None = None,
               limit: int = 50) -> AuditPage:
    limit = max(1, min(limit, MAX_LIMIT))
    query = select(audit_log)
    for name, column in _COLUMNS.items():
        value = getattr(filters, name)
        if value:
            query = query.where(column == value)
    if filters.since:
        query = query.where(audit_log.c.at >= _start_of(filters.since))
    if filters.until:
        query = query.where(audit_log.c.at < _start_of(filters.until + timedelta(days=1)))
    if before is not None:
        query = query.where(audit_log.c.position < before)
    query = query.order_by(audit_log.c.position.desc()).limit(limit + 1)
    with engine.connect() as connection:
        rows = [dict(row._mapping) for row in connection.execute(query)]
    more = len(rows) > limit
    rows = rows[:limit]
    return AuditPage(rows, rows[-1]["position"] if more and rows else None)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)
