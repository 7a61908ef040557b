"""Reading the read models for pages and the API. Rows come back as plain dicts."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from math import ceil

from sqlalchemy import Table, func, select
from sqlalchemy.engine import Engine

from domain.file_numbers import canonical_reference
from domain.vocabulary import ACCEPTED, AWAITING_ACKNOWLEDGEMENT
from projections import search
from projections.text import searchable
from storage.tables import accounts, board, history

MAX_PER_PAGE = 100


@dataclass(frozen=True)
class BoardFilters:
    region: str | None = None
    commune: str | None = None
    level: str | None = None
    status: str | None = None
    theme: str | None = None
    q: str | None = None
    # Awaiting acknowledgement past the due time, at the moment given to board_page.
    overdue: bool = False
    # Accepted, and the target date of its implementation passed, at that moment too.
    implementation_overdue: bool = False
    page: int = 1
    per_page: int = 25

    def active(self) -> dict:
        """The filters that narrow the board, for links that keep them."""
        return {name: value for name, value in vars(self).items()
                if value not in (None, "", False) and name not in ("page", "per_page")}


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


def search_words(q: str | None) -> list[str]:
    """The words of a board search as the search text holds them; a reference typed
    without its leading zeros (« seg-2026-14 ») is looked for as files carry it."""
    return [searchable(canonical_reference(word) or word)
            for word in searchable(q or "").split()]


def board_conditions(scope: dict, filters: BoardFilters, now: datetime | None = None,
                     table: Table = board) -> list:
    """The WHERE of the board: the caller's territory and the filters; ``now`` (the
    application's clock) decides what is overdue. ``table`` is the board or a table of
    its rows' past versions (joined to the board: free text matches today's wording)."""
    conditions = [table.c[name] == value for name, value in scope.items()]
    for name in ("region", "commune", "level", "status", "theme"):
        value = getattr(filters, name)
        if value:
            conditions.append(table.c[name] == value)
    if filters.q and filters.q.strip():
        for word in search_words(filters.q):
            conditions.append(board.c.search_text.contains(word, autoescape=True))
    if filters.overdue:
        if now is None:
            raise ValueError("the overdue filter needs the time it is")
        conditions += [table.c.status == AWAITING_ACKNOWLEDGEMENT, table.c.due_by < now]
    if filters.implementation_overdue:
        if now is None:
            raise ValueError("the implementation_overdue filter needs the time it is")
        conditions += [table.c.status == ACCEPTED, table.c.target_date < now.date()]
    return conditions


def board_page(engine: Engine, scope: dict, filters: BoardFilters,
               now: datetime | None = None) -> BoardPage:
    """One page of the board within ``scope`` (the caller's territory, from the tracker's
    authorisation), most recent activity first."""
    # The words searched for go through the board's text index (see search.py).
    conditions = board_conditions(scope, replace(filters, q=None), now)
    words = search_words(filters.q)
    per_page = min(max(filters.per_page, 1), MAX_PER_PAGE)
    page = max(filters.page, 1)
    in_order = (board.c.last_activity.desc(), board.c.id)
    with engine.connect() as connection:
        if words and engine.dialect.name == "postgresql":
            total, page_ids = _searched_once(connection, conditions, words, per_page, page)
        else:
            total, page_ids = _counted_then_walked(connection, conditions, words, per_page,
                                                   page, in_order)
        # Only the page's rows are read whole, instead of sorting whole rows.
        rows = connection.execute(
            select(board).where(board.c.id.in_(page_ids)).order_by(*in_order))
        items = [dict(row._mapping) for row in rows]
    return BoardPage(items, total, page, per_page, filters)


def _counted_then_walked(connection, conditions: list, words: list[str], per_page: int,
                         page: int, in_order: tuple):
    """The total, then the page's ids (a query of them) walking an index that holds every
    filter's column (see storage/tables.py)."""
    dialect = connection.dialect
    # Words alone, over the whole country: SQLite's text index counts by itself.
    total = None if conditions else search.count(connection, words)
    if total is None:  # otherwise walk the index of the filters, checking the words
        total = connection.execute(select(func.count()).select_from(board).where(
            *conditions, *search.conditions(dialect, words,
                                            walking=bool(conditions)))).scalar_one()
    page_ids = (select(board.c.id)
                .where(*conditions, *search.conditions(dialect, words, walking=True))
                .order_by(*in_order).limit(per_page).offset((page - 1) * per_page))
    return total, page_ids


def _searched_once(connection, conditions: list, words: list[str], per_page: int, page: int):
    """The total and the page's ids from one pass over the rows that contain the words
    (PostgreSQL). The trigram index only proposes rows: each is read again to check its
    words, 4,000 table pages for a common word at 100,000 files, which the count and the
    page would otherwise each do."""
    matches = (select(board.c.id, board.c.last_activity)
               .where(*conditions, *search.conditions(connection.dialect, words))
               .cte("matches").prefix_with("MATERIALIZED"))
    counted = select(func.count()).select_from(matches).scalar_subquery()
    rows = connection.execute(
        select(matches.c.id, counted.label("total"))
        .order_by(matches.c.last_activity.desc(), matches.c.id)
        .limit(per_page).offset((page - 1) * per_page)).all()
    if rows:
        return rows[0].total, [row.id for row in rows]
    # A page past the last one: no row to carry the total.
    return connection.execute(select(counted)).scalar_one(), []


# What an export gives of each row: everything but the search index.
EXPORT_COLUMNS = tuple(column for column in board.columns if column.name != "search_text")


def board_rows(engine: Engine, scope: dict, filters: BoardFilters,
               now: datetime | None = None, chunk: int = 1000):
    """Every row of the board that ``board_page`` would show across all its pages, in
    the same order, read ``chunk`` rows at a time (a server-side cursor on PostgreSQL)
    so that an export of 100,000 rows never holds them all."""
    conditions = board_conditions(scope, filters, now)
    with engine.connect() as connection:
        result = connection.execution_options(stream_results=True, yield_per=chunk).execute(
            select(*EXPORT_COLUMNS).where(*conditions)
            .order_by(board.c.last_activity.desc(), board.c.id))
        for row in result:
            yield row._mapping


def board_row(engine: Engine, recommendation_id: str) -> dict | None:
    with engine.connect() as connection:
        row = connection.execute(select(board).where(board.c.id == str(recommendation_id))).first()
    return dict(row._mapping) if row else None


def history_of(engine: Engine, recommendation_id: str,
               until: datetime | None = None) -> list[dict]:
    """The recommendation's events, oldest first (those up to ``until``, if given)."""
    query = select(history).where(history.c.recommendation_id == str(recommendation_id))
    if until is not None:
        query = query.where(history.c.at <= until)
    with engine.connect() as connection:
        rows = connection.execute(query.order_by(history.c.version))
        return [dict(row._mapping) for row in rows]


def account_list(engine: Engine) -> list[dict]:
    with engine.connect() as connection:
        rows = connection.execute(select(accounts).order_by(accounts.c.role,
                                                             accounts.c.username))
        return [dict(row._mapping) for row in rows]
