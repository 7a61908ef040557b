"""Keeping the read models in step with the event log.

Each batch of notifications is folded and written in one transaction together with the
new position of each read model. The position is moved with a compare-and-set, so two
processes catching up at once never apply the same event twice: the slower one finds
the position moved, rolls back, and reads on from the new one."""

from __future__ import annotations

import copy
import multiprocessing
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass
from typing import Callable

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.schema import CreateIndex, DropIndex

from projections import search
from projections.accounts import AccountsProjection
from projections.audit_log import AuditLogProjection
from projections.board import BoardProjection
from projections.board_versions import BoardVersionsProjection
from projections.desk import DeskProjection
from projections.events import decoded
from projections.history import HistoryProjection
from storage.schema import create_tables
from storage.tables import READ_SIDE, metadata, positions
from tracker.storage import sql_engine

BATCH_SIZE = 5000
# From this many events on, a rebuild replays the read models in two processes.
PARALLEL_REBUILD_FROM = 50_000
# How often a web process looks whether the projector has reached its write.
POLL_SECONDS = 0.01


@dataclass(frozen=True)
class ReadModelStatus:
    name: str
    position: int
    head: int

    @property
    def lag(self) -> int:
        return self.head - self.position


class ReadModelsBehind(Exception):
    """The projector has not reached a position in time (stopped, or far behind)."""

    def __init__(self, wanted: int, reached: int):
        super().__init__(f"read models at {reached}, waited for {wanted}")
        self.wanted, self.reached = wanted, reached


class _PositionMoved(Exception):
    """Another process applied this batch first."""


class ReadModels:
    """The read models of one tracker (board, history, accounts, audit log, desk, board
    versions), kept up to date from its log."""

    # Held around each batch's writes and commit: a lock shared with the other process of
    # a rebuild in two (see ``_replay_in_two``), otherwise nothing.
    _writing = nullcontext()

    def __init__(self, tracker, engine: Engine | None = None, inline: bool | None = None):
        self.tracker = tracker
        # Inline: this process applies events itself when it reads (see Settings.projector).
        self.inline = tracker.settings.projector == "inline" if inline is None else inline
        self.engine = engine or sql_engine(tracker.settings.database_url)
        self.projections = [BoardProjection(), HistoryProjection(), AccountsProjection(),
                            AuditLogProjection(), DeskProjection(), BoardVersionsProjection()]
        self._create_tables()

    # ---- following the log ----------------------------------------------------------
    def catch_up(self, batch_size: int = BATCH_SIZE,
                 on_batch: Callable[[int], None] | None = None) -> int:
        """Apply every event not yet applied; returns how many notifications were read.

        Once a full batch says there is more to come, the next batch is read and decoded
        by a helper thread while this one is written: the database drivers let go of the
        GIL while they work, so on two cores reading and writing overlap."""
        done, ahead = 0, None  # ahead: (start, future) of the batch read in advance
        with ExitStack() as stack:
            reader = None
            names = {projection.name for projection in self.projections}
            while True:
                current = {name: position for name, position in self.positions().items()
                           if name in names}
                start = min(current.values()) + 1
                if ahead is not None and ahead[0] == start:
                    decoded = ahead[1].result()
                else:  # nothing read ahead, or another process moved the positions
                    decoded = self._read(start, batch_size)
                ahead = None
                if not decoded:
                    return done
                if len(decoded) == batch_size:
                    if reader is None:
                        reader = stack.enter_context(ThreadPoolExecutor(1, "read-ahead"))
                    following = decoded[-1][0] + 1
                    ahead = (following, reader.submit(self._read, following, batch_size))
                try:
                    self._apply_batch(current, decoded)
                except _PositionMoved:
                    continue
                done += len(decoded)
                if on_batch:
                    on_batch(len(decoded))

    def _read(self, start: int, limit: int) -> list:
        """Notifications from ``start`` on, as (position, domain event) pairs."""
        to_domain_event = self.tracker.mapper.to_domain_event
        return [(n.id, decoded(n, to_domain_event)) for n in
                self.tracker.recorder.select_notifications(start=start, limit=limit)]

    def refresh(self) -> int:
        """Before a read: bring the read models up to date, unless a projector does it;
        returns how many events this process applied."""
        return self.catch_up() if self.inline else 0

    def wait_for(self, position: int, timeout: float | None = None) -> int:
        """Return once every read model includes ``position`` (read-your-writes), with how
        many events this process applied to get there.

        Inline, catch up at once. With a separate projector, poll the positions (a one-row
        read) until it has got there, and raise :class:`ReadModelsBehind` after
        ``timeout`` seconds (default: the ``read_wait_seconds`` setting)."""
        if min(self.positions().values()) >= position:
            return 0
        if self.inline:
            return self.catch_up()
        timeout = self.tracker.settings.read_wait_seconds if timeout is None else timeout
        deadline = time.monotonic() + timeout
        while min(self.positions().values()) < position:
            if time.monotonic() >= deadline:
                raise ReadModelsBehind(position, min(self.positions().values()))
            time.sleep(POLL_SECONDS)
        return 0

    def _apply_batch(self, current: dict[str, int], decoded: list) -> None:
        """Fold the batch into each read model, then write it all in one transaction.

        Each read model first reads what it needs and folds (``prepare``), then writes
        (the function ``prepare`` returns). Only the writes hold the lock shared with the
        other process of a rebuild in two, so that one folds while the other writes: on
        SQLite the transaction begins with its first write (the driver's deferred BEGIN),
        which is the compare-and-set of the positions. Should another process have moved
        a position since ``current`` was read, the batch is dropped (nothing written), so
        what was read before is always the state the writes continue (positions only
        move forward, and a read model's rows only change with its position)."""
        last = decoded[-1][0]
        with self.engine.connect() as connection:
            writes = []
            for projection in self.projections:
                seen = current[projection.name]
                if seen >= last:
                    continue
                events = [(position, event) for position, event in decoded
                          if position > seen and projection.handles(event)]
                try:
                    write = projection.prepare(connection, events) if events else None
                except Exception as error:
                    # What it read may be another process's newer state, which this batch
                    # does not continue: that process has moved the position.
                    if self.positions()[projection.name] != seen:
                        raise _PositionMoved() from error
                    raise
                writes.append((projection.name, seen, write))
            with self._writing:
                for name, seen, write in writes:
                    claimed = connection.execute(
                        update(positions)
                        .where(positions.c.name == name, positions.c.position == seen)
                        .values(position=last))
                    if claimed.rowcount != 1:
                        raise _PositionMoved()
                    if write is not None:
                        write(connection)
                connection.commit()

    # ---- inspecting and rebuilding ----------------------------------------------------
    def positions(self) -> dict[str, int]:
        with self.engine.connect() as connection:
            return {row.name: row.position for row in connection.execute(select(positions))}

    def status(self) -> list[ReadModelStatus]:
        head = self.tracker.recorder.max_notification_id() or 0
        return [ReadModelStatus(name, position, head)
                for name, position in sorted(self.positions().items())]

    def head(self) -> int:
        return self.tracker.recorder.max_notification_id() or 0

    def rebuild(self, batch_size: int = BATCH_SIZE,
                on_batch: Callable[[int], None] | None = None) -> int:
        """Drop every read model and replay the whole log into it.

        A long log is replayed by two processes at once, each for some of the read
        models (see ``_replay_in_two``); ``on_batch`` follows this process's share."""
        tables = [table for projection in self.projections for table in projection.tables]
        with self.engine.begin() as connection:
            search.drop(connection)
        metadata.drop_all(self.engine, tables=tables + [positions])
        self._create_tables()
        # Secondary indexes are built once at the end, one sort each, instead of being
        # updated row by row (a random B-tree write per row). Should the rebuild stop
        # half-way, the next start creates them again (CREATE INDEX IF NOT EXISTS).
        indexes = [index for table in tables for index in table.indexes]
        with self.engine.begin() as connection:
            for index in indexes:
                connection.execute(DropIndex(index, if_exists=True))
            search.drop(connection)
        if self.head() >= PARALLEL_REBUILD_FROM and len(self.projections) > 1:
            replayed = self._replay_in_two(batch_size, on_batch)
        else:
            replayed = self.catch_up(batch_size, on_batch)
        with self.engine.begin() as connection:
            for index in indexes:
                connection.execute(CreateIndex(index, if_not_exists=True))
            search.create(connection)
            _analyze(connection, tables)
        return replayed

    def _replay_in_two(self, batch_size: int, on_batch) -> int:
        """Catch up half of the read models here and the other half in a child process.

        Decoding the log is Python work that one core does at the speed of the
        ``eventsourcing`` library, and the folds are Python too: two processes each read
        the log and write only their own read models and positions (same transactions,
        same compare-and-set), so the work spreads over two cores."""
        here, there = _two_groups(self.projections)
        context = multiprocessing.get_context("spawn")  # no inherited connections
        outcome = context.Queue()
        # SQLite has one writer at a time, and a writer kept waiting polls with growing
        # sleeps: the two processes take turns on a lock that wakes the waiter at once.
        writing = context.Lock() if self.engine.dialect.name == "sqlite" else None
        child = context.Process(target=_replay_group, daemon=True, args=(
            self.tracker.settings, [p.name for p in there], batch_size, outcome, writing))
        child.start()
        try:
            mine = copy.copy(self)
            mine.projections = here
            mine._writing = writing or nullcontext()
            replayed = mine.catch_up(batch_size, on_batch)
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

    def _create_tables(self) -> None:
        with self.engine.begin() as connection:
            create_tables(connection, READ_SIDE)  # and migrates them (storage.schema)
            search.create(connection)  # the board's text index (FTS5 / pg_trgm)
        try:
            self._ensure_position_rows()
        except IntegrityError:  # the other process inserted them first
            self._ensure_position_rows()

    def _ensure_position_rows(self) -> None:
        with self.engine.begin() as connection:
            existing = {row.name for row in connection.execute(select(positions.c.name))}
            missing = [{"name": p.name, "position": 0} for p in self.projections
                       if p.name not in existing]
            if missing:
                connection.execute(insert(positions), missing)


def _analyze(connection, tables: list) -> None:
    """Fresh statistics for the query planner, now that the tables are full."""
    if connection.dialect.name in ("sqlite", "postgresql"):
        for table in tables:
            connection.exec_driver_sql(
                f"ANALYZE {connection.dialect.identifier_preparer.quote(table.name)}")


def _two_groups(projections: list) -> tuple[list, list]:
    """Split the read models in two groups of about the same replay cost (each
    projection's ``replay_weight``, 1 unless it says otherwise)."""
    groups, weights = ([], []), [0, 0]
    for projection in sorted(projections, key=lambda p: -getattr(p, "replay_weight", 1)):
        lighter = 0 if weights[0] <= weights[1] else 1
        groups[lighter].append(projection)
        weights[lighter] += getattr(projection, "replay_weight", 1)
    return groups


class _ReplayGroup(ReadModels):
    """Some of the read models, replayed in a child process during a rebuild: their
    tables exist already, and their indexes are left out until the end."""

    def __init__(self, tracker, names: list[str]):
        super().__init__(tracker, inline=True)
        self.projections = [p for p in self.projections if p.name in names]

    def _create_tables(self) -> None:
        pass


def _replay_group(settings, names: list[str], batch_size: int, outcome, writing) -> None:
    """In the child process of ``ReadModels._replay_in_two``; puts None, or the error."""
    try:
        from tracker.application import Tracker

        models = _ReplayGroup(Tracker(settings), names)
        models._writing = writing or nullcontext()
        try:
            models.catch_up(batch_size)
        finally:
            models.engine.dispose()
    except BaseException:  # noqa: BLE001 - told to the parent, which raises
        outcome.put(traceback.format_exc())
    else:
        outcome.put(None)
