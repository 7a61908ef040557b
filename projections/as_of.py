"""The board as it stood at a past moment, from the board's versions
(``board_versions.py``): same filters and scope as the board of today. Free text is
matched against today's wording of each file, and the description shown is today's
(amendments are rare; their past wording is in the history)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select, tuple_
from sqlalchemy.engine import Engine

from projections.queries import (
    MAX_PER_PAGE, BoardFilters, BoardPage, board_conditions, search_words,
)
from storage.tables import board, board_versions as versions


# Every version starts with its event, which is the row's last activity: the board's
# order is the order of valid_from, and the index led by it (board_versions_by_moment,
# which also holds every filter's column) gives the count and the page's keys without
# reading the table. Free text needs today's board.
in_order = (versions.c.valid_from.desc(), versions.c.id)
with_today = versions.join(board, board.c.id == versions.c.id)


def _conditions(scope: dict, filters: BoardFilters, as_of: datetime) -> list:
    return [versions.c.valid_from <= as_of,
            or_(versions.c.valid_to.is_(None), versions.c.valid_to > as_of),
            *board_conditions(scope, filters, as_of, table=versions)]


def board_page_as_of(engine: Engine, scope: dict, filters: BoardFilters,
                     as_of: datetime) -> BoardPage:
    conditions = _conditions(scope, filters, as_of)
    words = search_words(filters.q)
    source = with_today if words else versions
    per_page = min(max(filters.per_page, 1), MAX_PER_PAGE)
    page = max(filters.page, 1)
    with engine.connect() as connection:
        total = connection.execute(
            select(func.count()).select_from(source).where(*conditions)).scalar_one()
        page_keys = (select(versions.c.id, versions.c.version).select_from(source)
                     .where(*conditions).order_by(*in_order)
                     .limit(per_page).offset((page - 1) * per_page))
        rows = connection.execute(
            select(*versions.c, board.c.description).select_from(with_today)
            .where(tuple_(versions.c.id, versions.c.version).in_(page_keys))
            .order_by(*in_order))
        items = [dict(row._mapping) for row in rows]
    return BoardPage(items, total, page, per_page, filters)


def board_rows_as_of(engine: Engine, scope: dict, filters: BoardFilters, as_of: datetime,
                     chunk: int = 1000):
    """Every row of the board as of ``as_of`` that ``board_page_as_of`` would show across
    all its pages, in the same order, read ``chunk`` rows at a time (for exports)."""
    with engine.connect() as connection:
        result = connection.execution_options(stream_results=True, yield_per=chunk).execute(
            select(*versions.c, board.c.description).select_from(with_today)
            .where(*_conditions(scope, filters, as_of)).order_by(*in_order))
        for row in result:
            yield row._mapping
