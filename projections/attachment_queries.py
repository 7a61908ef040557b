"""Reading the attachments read model: the files an aggregate's events brought, and the
aggregates whose events name a blob (as a file or as its thumbnail), whose readers alone
may be served it (web/attachments.py)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import or_, select
from sqlalchemy.engine import Engine

from storage.tables import attachments


@dataclass(frozen=True)
class Naming:
    """An aggregate whose event names a blob, and what the event says the blob is."""

    aggregate_type: str
    aggregate_id: str
    name: str
    media_type: str
    is_thumbnail: bool


def namings_of(engine: Engine, sha256: str) -> list[Naming]:
    """Every aggregate naming ``sha256`` (once each), oldest event first."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(attachments.c.aggregate_type, attachments.c.aggregate_id,
                   attachments.c.name, attachments.c.media_type, attachments.c.sha256)
            .where(or_(attachments.c.sha256 == sha256,
                       attachments.c.thumbnail_sha256 == sha256))
            .order_by(attachments.c.position, attachments.c.ordinal)).all()
    seen, namings = set(), []
    for row in rows:
        if (row.aggregate_type, row.aggregate_id) in seen:
            continue
        seen.add((row.aggregate_type, row.aggregate_id))
        namings.append(Naming(row.aggregate_type, row.aggregate_id, row.name, row.media_type,
                              is_thumbnail=row.sha256 != sha256))
    return namings


def attachments_of_aggregate(engine: Engine, aggregate_id: UUID | str) -> list[dict]:
    """The files a recommendation's or a session's events brought, in the order of the
    log, each with the version of the event that brought it."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(attachments).where(attachments.c.aggregate_id == str(aggregate_id))
            .order_by(attachments.c.position, attachments.c.ordinal)).mappings().all()
    return [dict(row) for row in rows]
