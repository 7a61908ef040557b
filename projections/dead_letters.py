"""Events a read model could not apply: set aside, said, and never a stop.

The log is forever, so whatever an event holds, the read side must go on. When a read
model's fold or write fails on a batch, the runner applies that batch again one event at a
time, each in a savepoint: the events that go through are applied as usual, and each one
that fails is recorded here (read model, position, event type, error) and logged, and the
read model's position moves past it. Pages and the projector carry on; ``projections
status`` and the auditors' page list what was set aside, so it can be looked into and, once
the code is fixed, replayed by a rebuild (which forgets the read model's dead letters
before replaying)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Connection, Engine

from storage.tables import dead_letters

logger = logging.getLogger("tracker.projections")
LONGEST_ERROR = 2000


@dataclass(frozen=True)
class DeadLetter:
    read_model: str
    position: int
    event_type: str
    error: str
    recorded_at: datetime


def record(connection: Connection, read_model: str, position: int, event,
           error: Exception) -> None:
    """Set the event aside for this read model (again, if a rebuild meets it again)."""
    described = f"{type(error).__name__}: {error}"[:LONGEST_ERROR]
    event_type = type(event).__qualname__
    logger.error("Read model %s could not apply the event at position %d (%s): %s",
                 read_model, position, event_type, described)
    connection.execute(delete(dead_letters).where(dead_letters.c.read_model == read_model,
                                                  dead_letters.c.position == position))
    connection.execute(insert(dead_letters).values(
        read_model=read_model, position=position, event_type=event_type, error=described,
        recorded_at=datetime.now(timezone.utc)))


def forget(connection: Connection, read_models) -> None:
    """Before a read model replays the log from the start: it will meet them again."""
    connection.execute(delete(dead_letters).where(
        dead_letters.c.read_model.in_(sorted(read_models))))


def listing(engine: Engine, limit: int = 100) -> list[DeadLetter]:
    with engine.connect() as connection:
        return [DeadLetter(row.read_model, row.position, row.event_type, row.error,
                           row.recorded_at)
                for row in connection.execute(select(dead_letters).order_by(
                    dead_letters.c.position, dead_letters.c.read_model).limit(limit))]


def count(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(dead_letters)).scalar_one()
