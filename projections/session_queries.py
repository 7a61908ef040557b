"""Reading the sessions read model for pages, the API and exports: a page of sessions
within a territory, the files a session issued, a commune's sessions, and the last
session of each commune (regularity: a CCS meets at least once a month)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from math import ceil

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from domain.vocabulary import CANCELLED, COMMUNE
from storage.tables import board, sessions

MAX_PER_PAGE = 100


@dataclass(frozen=True)
class SessionFilters:
    region: str | None = None
    commune: str | None = None
    since: date | None = None   # held on or after
    until: date | None = None   # held on or before
    page: int = 1
    per_page: int = 25


@dataclass(frozen=True)
class SessionPage:
    items: list[dict]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))


def session_conditions(scope: dict, filters: SessionFilters) -> list:
    """The caller's territory (from the tracker's authorisation) and the filters."""
    conditions = [sessions.c[name] == value for name, value in scope.items()]
    for name in ("region", "commune"):
        value = getattr(filters, name)
        if value:
            conditions.append(sessions.c[name] == value)
    if filters.since:
        conditions.append(sessions.c.held_on >= filters.since)
    if filters.until:
        conditions.append(sessions.c.held_on <= filters.until)
    return conditions


def sessions_page(engine: Engine, scope: dict, filters: SessionFilters) -> SessionPage:
    """One page of sessions, the most recent meeting first."""
    conditions = session_conditions(scope, filters)
    per_page = min(max(filters.per_page, 1), MAX_PER_PAGE)
    page = max(filters.page, 1)
    with engine.connect() as connection:
        total = connection.execute(select(func.count()).select_from(sessions)
                                   .where(*conditions)).scalar_one()
        rows = connection.execute(select(sessions).where(*conditions)
                                  .order_by(sessions.c.held_on.desc(), sessions.c.id)
                                  .limit(per_page).offset((page - 1) * per_page))
        return SessionPage([dict(row._mapping) for row in rows], total, page, per_page)


def session_rows(engine: Engine, scope: dict, filters: SessionFilters):
    """Every session under the filters, in the page's order (exports)."""
    with engine.connect() as connection:
        for row in connection.execute(
                select(sessions).where(*session_conditions(scope, filters))
                .order_by(sessions.c.held_on.desc(), sessions.c.id)):
            yield dict(row._mapping)


def session_files(engine: Engine, session_id) -> list[dict]:
    """The recommendations a session issued (its board rows), in the order raised."""
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(
            select(board).where(board.c.session_id == str(session_id))
            .order_by(board.c.raised_at, board.c.id))]


def commune_sessions(engine: Engine, commune: str) -> list[dict]:
    """The sessions of a commune's CCS that a file may join (not cancelled), newest first."""
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(
            select(sessions.c.id, sessions.c.held_on, sessions.c.place)
            .where(sessions.c.level == COMMUNE, sessions.c.commune == commune,
                   sessions.c.status != CANCELLED)
            .order_by(sessions.c.held_on.desc()))]


def last_sessions(engine: Engine, communes: list[str]) -> dict[str, date | None]:
    """The day of each commune's last session held (not cancelled); None: none on record."""
    found = dict.fromkeys(communes)
    if not communes:
        return found
    with engine.connect() as connection:
        for commune, held_on in connection.execute(
                select(sessions.c.commune, func.max(sessions.c.held_on))
                .where(sessions.c.level == COMMUNE, sessions.c.status != CANCELLED,
                       sessions.c.commune.in_(communes))
                .group_by(sessions.c.commune)):
            found[commune] = held_on if isinstance(held_on, date) else date.fromisoformat(
                held_on)
    return found
