"""Reading the read models for pages and the API. Rows come back as plain dicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from math import ceil

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from projections import search
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
    # The words searched for go through the board's text index (see search.py).
    words = searchable(filters.q or "").split()
    per_page = min(max(filters.per_page, 1), MAX_PER_PAGE)
    page = max(filters.page, 1)
    in_order = (board.c.last_activity.desc(), board.c.id)
    with engine.connect() as connection:
        # Words alone, over the whole country: the text index counts by itself.
        total = None if conditions else search.count(connection, words)
        if total is None:  # otherwise walk the index of the filters, checking the words
            total = connection.execute(select(func.count()).select_from(board).where(
                *conditions, *search.conditions(engine.dialect, words,
                                                walking=bool(conditions)))).scalar_one()
        # The page's ids first, walking an index that holds every filter's column (see
        # schema.py); then only those rows are read, instead of sorting whole rows.
        page_ids = (select(board.c.id)
                    .where(*conditions, *search.conditions(engine.dialect, words, walking=True))
                    .order_by(*in_order).limit(per_page).offset((page - 1) * per_page))
        rows = connection.execute(
            select(board).where(board.c.id.in_(page_ids)).order_by(*in_order))
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
