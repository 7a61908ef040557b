"""Rebuilding every read model from the whole log (``projections rebuild``, ``projections
run --rebuild``), in two processes when the log is long."""

from __future__ import annotations

import multiprocessing
import os
import traceback
from typing import Callable

from sqlalchemy import update
from sqlalchemy.schema import CreateIndex, CreateTable, DropIndex

from projections import dead_letters, search, staging
from projections.decoding import fewer_collections
from projections.position_watch import announce
from projections.runner import BATCH_SIZE, PARALLEL_REBUILD_FROM, ReadModels
from storage.schema import create_tables, lock_schema, share_schema
from storage.tables import READ_SIDE, metadata, positions
from storage.tables import dead_letters as dead_letters_table
from tracker.processes import die_with_parent


def rebuild(models: ReadModels, batch_size: int,
            on_batch: Callable[[int], None] | None = None) -> int:
    """Replay the whole log into empty read models in place of ``models``.

    On PostgreSQL the new tables are made beside those in service and swapped in once
    complete (projections/staging.py); elsewhere the tables are emptied and refilled.
    A long log is replayed by two processes at once, each for some of the read models
    (see ``_replay_in_two``); ``on_batch`` follows this process's share."""
    tables = [table for projection in models.projections for table in projection.tables]
    if (staging.applies(models.engine)
            and staging.prepare(models.engine, models.tracker.settings.database_url)):
        return _rebuild_beside(models, tables, batch_size, on_batch)
    with models.engine.begin() as connection:
        # One transaction, and the schema lock before any table: a catch-up still writing
        # (a process dying, a web process) is waited for, never deadlocked with.
        lock_schema(connection)
        search.drop(connection)
        metadata.drop_all(connection, tables=tables + [positions])
        create_tables(connection, READ_SIDE)
        for index in _indexes(tables):
            connection.execute(DropIndex(index, if_exists=True))
        models.insert_missing_positions(connection)
        # Until its held rows are written, a read model's tables are incomplete: with an
        # unknown version, a rebuild stopped half-way is redone at the next start
        # (ReadModels.rebuild_outdated).
        if HOLD_IN_MEMORY:
            connection.execute(update(positions).values(version=UNFINISHED))
        # The replay will meet them again.
        dead_letters.forget(connection, [projection.name for projection in models.projections])
        announce(connection, models.tracker.settings.database_url)
    replayed = _replay(models, batch_size, on_batch)
    _finish(models.engine, tables)
    return replayed


def _rebuild_beside(models: ReadModels, tables: list, batch_size: int, on_batch) -> int:
    """The PostgreSQL rebuild: the new tables are filled in the staging schema (made by
    ``staging.prepare``) while the pages read the old ones, then take their place in one
    transaction."""
    url = models.tracker.settings.database_url
    engine = staging.staging_engine(url)
    try:
        staged = ReadModels(models.tracker, engine=engine, inline=True,
                            projections=models.projections, create=False)
        with engine.begin() as connection:
            # Only the rebuilt tables (without their indexes): any other table is found
            # in service, behind the staging schema in the search path. Never a DROP
            # here: a name not yet made in the staging schema would find the one in
            # service.
            lock_schema(connection)
            for table in tables + [positions, dead_letters_table]:
                connection.execute(CreateTable(table))
            staged.insert_missing_positions(connection)
        replayed = _replay(staged, batch_size, on_batch, staged=True)
        _finish(engine, tables)
        staging.swap(models.engine, url, tables)
    finally:
        engine.dispose()
    return replayed


def _indexes(tables: list) -> list:
    # Secondary indexes are built once at the end, one sort each, instead of being
    # updated row by row (a random B-tree write per row). Should the rebuild stop
    # half-way, the next start creates them again (CREATE INDEX IF NOT EXISTS).
    return [index for table in tables for index in table.indexes]


def _replay(models: ReadModels, batch_size: int, on_batch, staged: bool = False) -> int:
    if models.head() >= PARALLEL_REBUILD_FROM and len(models.projections) > 1:
        return _replay_in_two(models, batch_size, on_batch, staged)
    return replay_held(models, batch_size, on_batch)


def _finish(engine, tables: list) -> None:
    """The indexes, the board's text index and fresh statistics, once the rows are in."""
    with engine.begin() as connection:
        lock_schema(connection)
        for index in _indexes(tables):
            connection.execute(CreateIndex(index, if_not_exists=True))
        search.create(connection)
        if engine.dialect.name != "postgresql":
            _analyze(connection, tables)
    if engine.dialect.name == "postgresql":
        _vacuum(engine, tables)


def _vacuum(engine, tables: list) -> None:
    """VACUUM (ANALYZE) the new tables: statistics, and the visibility map, without which
    a count reads every row of the table instead of an index (the board's total at
    100,000 files: 35 ms before, 3.4 ms after). VACUUM runs outside a transaction."""
    quote = engine.dialect.identifier_preparer.quote
    with engine.connect() as connection:
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        for table in tables:
            connection.exec_driver_sql(f"VACUUM (ANALYZE) {quote(table.name)}")


# Events per batch of a rebuild (20,000 was measured no faster, and held 100 MB more).
REBUILD_BATCH_SIZE = BATCH_SIZE
# Fold in memory (``replay_held``)? Measured on a busy 2-core machine (two processes):
# 20,000 files, 197,882 events: 21,080 events/s and 327 MB against 13,659 and 273 MB
# replaying through the tables; but 100,000 files, 990,194 events: 11,974 events/s and
# 717 MB, over the 300 MB budget (a dict per file in each of four read models). Off until
# the held rows are compact (or folded in id-ranges); the tests run it.
HOLD_IN_MEMORY = False
# The version of a read model whose rebuild has not finished.
UNFINISHED = -1


def replay_held(models: ReadModels, batch_size: int, on_batch=None) -> int:
    """Replay the log into empty read models, folding in memory: the rows that later
    events change (a file's board row, its last version, its desk row, an aggregate's
    audit subject...) are held in memory (each read model's ``hold``) and inserted once
    at the end (``release``); the rows each event adds are inserted batch by batch.

    The batches go through the runner as in a catch-up (``ReadModels.catch_up``): one
    decoding of each batch for every read model, the positions moved with each, and a
    batch that a read model cannot fold applied again event by event, its failures set
    aside as dead letters."""
    on_batch = _with_statistics(models, on_batch)
    models.keeps_rows = False  # batches of thousands: keeping their rows costs memory
    try:
        return _replay_held(models, batch_size, on_batch)
    finally:
        models.keeps_rows = True


def _replay_held(models: ReadModels, batch_size: int, on_batch) -> int:
    if not HOLD_IN_MEMORY:
        with fewer_collections():
            return models.catch_up(batch_size, on_batch)
    holding = [projection for projection in models.projections
               if hasattr(projection, "hold")]
    for projection in holding:
        projection.hold()
    models.holding = True  # another process moving a position now is an error
    try:
        with fewer_collections():
            replayed = models.catch_up(batch_size, on_batch)
    finally:
        models.holding = False
    with models.engine.connect() as connection:
        share_schema(connection)
        for projection in holding:
            projection.release(connection)
        for projection in models.projections:
            connection.execute(update(positions).where(positions.c.name == projection.name)
                               .values(version=projection.version))
        connection.commit()
    return replayed


# A PostgreSQL rebuild refreshes its tables' statistics after this many events, then each
# time it has replayed this many times more.
ANALYZE_FIRST, ANALYZE_GROWTH = 20_000, 4


def _with_statistics(models: ReadModels, on_batch):
    """``on_batch``, and on PostgreSQL an ANALYZE of the read models' tables as they grow.

    The rebuild's tables are new: without statistics the planner takes them for small
    and answers the folds' look-ups (a file's last version, an aggregate's subject) by
    reading the whole table, once per batch. Measured at 990,194 events: one process's
    share took 560 s instead of 55, 112 million rows read from board_versions by 518
    sequential scans. An ANALYZE samples a table, whatever its size."""
    if models.engine.dialect.name != "postgresql":
        return on_batch
    tables = [table for projection in models.projections for table in projection.tables]
    replayed, due = 0, ANALYZE_FIRST

    def counted(count: int) -> None:
        nonlocal replayed, due
        replayed += count
        if replayed >= due:
            due = replayed * ANALYZE_GROWTH
            with models.engine.connect() as connection:
                share_schema(connection)
                _analyze(connection, tables)
                connection.commit()
        if on_batch:
            on_batch(count)
    return counted


def _replay_in_two(models: ReadModels, batch_size: int, on_batch, staged: bool) -> int:
    """Catch up half of the read models here and the other half in a child process.

    Decoding the log is Python work that one core does at the speed of the
    ``eventsourcing`` library, and the folds are Python too: two processes each read
    the log and write only their own read models and positions (same transactions,
    same compare-and-set), so the work spreads over two cores."""
    here, there = two_groups(models.projections)
    context = multiprocessing.get_context("spawn")  # no inherited connections
    outcome = context.Queue()
    # SQLite has one writer at a time, and a writer kept waiting polls with growing
    # sleeps: the two processes take turns on a lock that wakes the waiter at once.
    writing = context.Lock() if models.engine.dialect.name == "sqlite" else None
    child = context.Process(target=_replay_group, daemon=True, args=(
        models.tracker.settings, [p.name for p in there], batch_size, outcome, writing,
        os.getpid(), staged))
    child.start()
    try:
        mine = ReadModels(models.tracker, engine=models.engine, inline=True,
                          projections=here, create=False, writing=writing)
        replayed = replay_held(mine, batch_size, on_batch)
        failure = outcome.get()
    except BaseException:
        # Stopped (the projector's on_batch) or failed here: the child's half is
        # not wanted either; its open transaction rolls back, positions stay right.
        child.terminate()
        raise
    finally:
        child.join()
    if failure:
        raise RuntimeError(f"rebuilding {[p.name for p in there]} failed:\n{failure}")
    return replayed


def two_groups(projections: list) -> tuple[list, list]:
    """Split the read models in two groups of about the same replay cost (each read
    model's ``replay_weight``)."""
    groups, weights = ([], []), [0, 0]
    for projection in sorted(projections, key=lambda p: -p.replay_weight):
        lighter = 0 if weights[0] <= weights[1] else 1
        groups[lighter].append(projection)
        weights[lighter] += projection.replay_weight
    return groups


def _replay_group(settings, names: list[str], batch_size: int, outcome, writing,
                  parent: int, staged: bool) -> None:
    """In the child process of ``_replay_in_two``; puts None, or the error. The tables
    exist already (in the staging schema if ``staged``), their indexes left out until
    the end."""
    die_with_parent(parent)
    try:
        from tracker.application import Tracker
        from projections.registry import read_models

        engine = staging.staging_engine(settings.database_url) if staged else None
        models = ReadModels(Tracker(settings), engine=engine, inline=True, create=False,
                            writing=writing,
                            projections=[p for p in read_models() if p.name in names])
        try:
            replay_held(models, batch_size)
        finally:
            models.engine.dispose()
    except BaseException:  # noqa: BLE001 - told to the parent, which raises
        outcome.put(traceback.format_exc())
    else:
        outcome.put(None)


def _analyze(connection, tables: list) -> None:
    """Fresh statistics for the query planner, now that the tables are full."""
    if connection.dialect.name in ("sqlite", "postgresql"):
        for table in tables:
            connection.exec_driver_sql(
                f"ANALYZE {connection.dialect.identifier_preparer.quote(table.name)}")
