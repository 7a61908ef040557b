"""Reading the read models for pages and the API. Rows come back as plain dicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from math import ceil

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from projections.schema import accounts, board, history
from projections.text import searchable

MAX_PER_PAGE = 100


@dataclass(frozen=True)
class BoardFilters:
    region: str | None = None
    commune: str | None = None
    level: str | None = None
    status: str | None = None
    theme: str | None = None
    q: str | None = None
    page: int = 1
    per_page: int = 25

    def active(self) -> dict:
        """The filters that narrow the board, for links that keep them."""
        return {name: value for name, value in vars(self).items()
                if value not in (None, "") and name not in ("page", "per_page")}


@dataclass(frozen=True)
class BoardPage:
    items: list[dict]
    total: int
    page: int
    per_page: int
    filters: BoardFilters = field(default_factory=BoardFilters)

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))


def board_page(engine: Engine, scope: dict, filters: BoardFilters) -> BoardPage:
    """One page of the board within ``scope`` (the caller's territory, from the tracker's
    authorisation), most recent activity first."""
    conditions = [board.c[name] == value for name, value in scope.items()]
    for name in ("region", "commune", "level", "status", "theme"):
        value = getattr(filters, name)
        if value:
            conditions.append(board.c[name] == value)
    if filters.q and filters.q.strip():
        for word in searchable(filters.q).split():
            conditions.append(board.c.search_text.contains(word, autoescape=True))
    per_page = min(max(filters.per_page, 1), MAX_PER_PAGE)
    page = max(filters.page, 1)
    with engine.connect() as connection:
        total = connection.execute(
            select(func.count()).select_from(board).where(*conditions)).scalar_one()
        rows = connection.execute(
            select(board).where(*conditions)
            .order_by(board.c.last_activity.desc(), board.c.id)
            .limit(per_page).offset((page - 1) * per_page))
        items = [dict(row._mapping) for row in rows]
    return BoardPage(items, total, page, per_page, filters)


def board_row(engine: Engine, recommendation_id: str) -> dict | None:
    with engine.connect() as connection:
        row = connection.execute(select(board).where(board.c.id == str(recommendation_id))).first()
    return dict(row._mapping) if row else None


def history_of(engine: Engine, recommendation_id: str) -> list[dict]:
    """The recommendation's events, oldest first."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(history).where(history.c.recommendation_id == str(recommendation_id))
            .order_by(history.c.version))
        return [dict(row._mapping) for row in rows]


def account_list(engine: Engine) -> list[dict]:
    with engine.connect() as connection:
        rows = connection.execute(select(accounts).order_by(accounts.c.role,
                                                             accounts.c.username))
        return [dict(row._mapping) for row in rows]
