"""Writing one batch of the log into the read models, in one transaction.

Each read model first reads what it needs and folds (``prepare``), then writes (the
function ``prepare`` returns). Only the writes hold the lock shared with the other
process of a rebuild in two (``ReadModels.writing``), so that one folds while the other
writes: on SQLite the transaction begins with its first write (the driver's deferred
BEGIN), which is the compare-and-set of the positions. Should another process have moved
a position since ``current`` was read, the batch is dropped (nothing written), so what was
read before is always the state the writes continue (positions only move forward, and a
read model's rows only change with its position).

The writes are made together. Should one fail, the transaction is rolled back and the
batch written again read model by read model, each in a savepoint, the events one cannot
take set aside as dead letters (``_apply_one_by_one``): a savepoint for every read model of
every batch would cost the projector two round trips each.

The read models that keep the rows they wrote (projections/recent.py) are told when the
batch committed with every write together (``remember``), and otherwise to ``forget``."""

from __future__ import annotations

from sqlalchemy import update

from projections import dead_letters
from projections.contract import ReadModel
from projections.position_watch import announce
from storage.schema import share_schema
from storage.tables import positions


class PositionMoved(Exception):
    """Another process applied this batch first."""


# A batch that a read model could not fold as a whole: it is applied one event at a time.
_ONE_BY_ONE = object()


def apply_batch(models, current: dict[str, int], decoded: list) -> None:
    """Fold ``decoded`` ((position, event) pairs) into each of ``models``' read models
    from its position in ``current``, and write it all with the new positions."""
    try:
        together = _write(models, current, decoded)
    except BaseException:
        tell(models.projections, "forget")  # what they noted was rolled back
        raise
    # Written read model by read model, some events perhaps set aside: what was noted
    # may not be what the tables hold, and this is rare. Read them next time.
    tell(models.projections, "remember" if together and models.keeps_rows else "forget")


def tell(projections: list, what: str) -> None:
    """``remember`` (the batch committed) or ``forget`` (the rows kept may not be the
    tables'), to the read models that keep rows."""
    for projection in projections:
        told = getattr(projection, what, None)
        if told is not None:
            told()


def _write(models, current: dict[str, int], decoded: list) -> bool:
    """``apply_batch``'s transaction; True if every write was made together."""
    last = decoded[-1][0]
    with models.engine.connect() as connection:
        share_schema(connection)  # before any table: never beside DDL (PostgreSQL)
        writes = [(projection, current[projection.name],
                   *_prepared(models, connection, projection, current[projection.name],
                              decoded))
                  for projection in models.projections if current[projection.name] < last]
        with models.writing:
            _claim(connection, writes, last)
            if not (models.holding or _ONE_BY_ONE in (write for *_, write in writes)):
                try:
                    # The usual case: every write at once, no savepoint around each (two
                    # round trips per read model).
                    for *_, write in writes:
                        if write is not None:
                            write(connection)
                except Exception:
                    connection.rollback()  # and again, read model by read model
                    share_schema(connection)
                    _claim(connection, writes, last)
                else:
                    writes = []
            if writes:  # from here on, each read model reads its rows from its tables
                tell(models.projections, "forget")
            for projection, _, events, write in writes:
                if write is _ONE_BY_ONE:
                    _apply_one_by_one(connection, projection, events)
                elif write is not None:
                    try:
                        with connection.begin_nested():
                            write(connection)
                    except Exception:
                        _apply_one_by_one(connection, projection, events)
            announce(connection, models.tracker.settings.database_url)
            connection.commit()
    return not writes


def _prepared(models, connection, projection: ReadModel, seen: int,
              decoded: list) -> tuple[list, object]:
    """The events of the batch this read model takes, and its write (None: nothing to
    write; ``_ONE_BY_ONE``: some event cannot be folded)."""
    handled = projection.handled
    events = [(position, event) for position, event in decoded
              if position > seen and type(event) in handled]
    try:
        return events, (projection.prepare(connection, events) if events else None)
    except Exception as error:
        # What it read may be another process's newer state, which this batch does not
        # continue: that process has moved the position.
        if models.positions()[projection.name] != seen:
            raise PositionMoved() from error
        # Some event of the batch cannot be folded: after the writes begin, each is
        # applied alone. What was read so far is kept in memory; a failed read may have
        # ended PostgreSQL's transaction: start a new one.
        connection.rollback()
        share_schema(connection)
        return events, _ONE_BY_ONE


def _claim(connection, writes: list, last: int) -> None:
    """Move the positions of the batch's read models to ``last``, each only from the
    position its fold continued (compare-and-set): one statement for those that were
    at the same place, which is all of them but after a rebuild of some."""
    by_seen: dict[int, list[str]] = {}
    for projection, seen, *_ in writes:
        by_seen.setdefault(seen, []).append(projection.name)
    for seen, names in by_seen.items():
        claimed = connection.execute(
            update(positions).where(positions.c.name.in_(names), positions.c.position == seen)
            .values(position=last))
        if claimed.rowcount != len(names):
            raise PositionMoved()


def _apply_one_by_one(connection, projection: ReadModel, events: list) -> None:
    """Apply each event of the batch alone, in a savepoint of its own; one that cannot be
    folded or written is set aside as a dead letter and the read model goes on."""
    for position, event in events:
        try:
            with connection.begin_nested():
                projection.prepare(connection, [(position, event)])(connection)
        except Exception as error:
            with connection.begin_nested():
                dead_letters.record(connection, projection.name, position, event, error)
