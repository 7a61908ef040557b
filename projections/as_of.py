"""The board as it stood at a past moment, from the board's versions
(``board_versions.py``): same filters and scope as the board of today. Free text is
matched against today's wording of each file, and the description shown is today's
(amendments are rare; their past wording is in the history)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.engine import Engine

from projections.queries import MAX_PER_PAGE, BoardFilters, BoardPage, board_conditions
from projections.schema import board, board_versions as versions


def board_page_as_of(engine: Engine, scope: dict, filters: BoardFilters,
                     as_of: datetime) -> BoardPage:
    conditions = [versions.c.valid_from <= as_of,
                  or_(versions.c.valid_to.is_(None), versions.c.valid_to > as_of),
                  *board_conditions(scope, filters, as_of, table=versions)]
    # Today's description and search text go with each past version (see above).
    source = versions.join(board, board.c.id == versions.c.id)
    per_page = min(max(filters.per_page, 1), MAX_PER_PAGE)
    page = max(filters.page, 1)
    with engine.connect() as connection:
        total = connection.execute(
            select(func.count()).select_from(source).where(*conditions)).scalar_one()
        rows = connection.execute(
            select(*versions.c, board.c.description).select_from(source).where(*conditions)
            .order_by(versions.c.last_activity.desc(), versions.c.id)
            .limit(per_page).offset((page - 1) * per_page))
        items = [dict(row._mapping) for row in rows]
    return BoardPage(items, total, page, per_page, filters)
