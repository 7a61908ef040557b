"""Keeping the read models in step with the event log.

Each batch of notifications is folded and written in one transaction together with the
new position of each read model (projections/batch.py). The position is moved with a compare-and-set, so two
processes catching up at once never apply the same event twice: the slower one finds
the position moved, rolls back, and reads on from the new one."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass
from typing import Callable

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from projections import dead_letters, search
from projections.batch import PositionMoved, apply_batch, tell
from projections.contract import ReadModel
from projections.decoding import Decoder
from projections.inline_lock import InlineCatchUpLock
from projections.position_watch import PositionWatch, announce
from projections.registry import read_models as registered_read_models
from storage.schema import create_tables, lock_schema, share_schema
from storage.tables import READ_SIDE, board, metadata, positions
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


class RebuildInterrupted(Exception):
    """Another process moved a read model's position while a rebuild held its rows in
    memory (it found the rebuild unfinished and started it again)."""


class ReadModels:
    """The read models of one tracker (those of ``projections/registry.py``), kept up to
    date from its log.

    ``projections`` narrows them to some (the child process of a rebuild in two), which
    then find their tables made (``create=False``) and hold ``writing`` around each
    batch's writes: a lock shared with the other process of that rebuild."""

    def __init__(self, tracker, engine: Engine | None = None, inline: bool | None = None,
                 projections: list[ReadModel] | None = None, create: bool = True,
                 writing=None):
        self.tracker = tracker
        # Inline: this process applies events itself when it reads (see Settings.projector).
        self.inline = tracker.settings.projector == "inline" if inline is None else inline
        self.engine = engine or sql_engine(tracker.settings.database_url)
        # For what only reads, one statement or a few that need no common snapshot (the
        # pages' queries): on PostgreSQL without a transaction, which would cost a BEGIN
        # and a ROLLBACK, two round trips, around every read (READ COMMITTED gives each
        # statement its own snapshot either way). SQLite keeps its transactions.
        self.reader = (self.engine.execution_options(isolation_level="AUTOCOMMIT")
                       if self.engine.dialect.name == "postgresql" else self.engine)
        self.projections = projections if projections is not None else registered_read_models()
        self.writing = writing or nullcontext()
        self._inline_lock = InlineCatchUpLock(self.engine, tracker.settings.database_url)
        self.decoder = Decoder(tracker)
        # A rebuild's replay: the read models hold rows in memory (replay.replay_held).
        self.holding = False
        # Keep the rows each batch wrote for the next (projections/recent.py)? Not in a
        # rebuild: its batches are large, and its memory is counted.
        self.keeps_rows = True
        # The last position this process applied, and the read models' positions it left.
        self.reached: int | None = None
        self._moved_to: dict[str, int] | None = None
        self._watch = (PositionWatch(tracker.settings.database_url, self)
                       if self.engine.dialect.name == "postgresql" else None)
        if create:
            self._create_tables()
            self.rebuild_outdated()

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
                # Where the last batch left the positions, if this process moved them: a
                # query less per batch. Should another process have moved them since, the
                # compare-and-set refuses the batch and they are read again; and nothing
                # new after them is only believed of positions read from the table (a
                # rebuild elsewhere may have set them back).
                remembered, self._moved_to = self._moved_to, None
                if remembered and set(remembered) == names:
                    current = remembered
                else:
                    current = {name: position for name, position in self.positions().items()
                               if name in names}
                    # The rows kept from this process's batches (projections/recent.py)
                    # may no longer be the tables'.
                    tell(self.projections, "forget")
                start = min(current.values()) + 1
                if ahead is not None and ahead[0] == start:
                    decoded = ahead[1].result()
                else:  # nothing read ahead, or another process moved the positions
                    decoded = self._read(start, batch_size)
                ahead = None
                if not decoded:
                    if current is remembered:
                        continue  # read the positions, and look again from there
                    return done
                if len(decoded) == batch_size:
                    if reader is None:
                        reader = stack.enter_context(ThreadPoolExecutor(1, "read-ahead"))
                    following = decoded[-1][0] + 1
                    ahead = (following, reader.submit(self._read, following, batch_size))
                try:
                    apply_batch(self, current, decoded)
                except PositionMoved:
                    if self.holding:
                        raise RebuildInterrupted() from None
                    continue
                self.reached = decoded[-1][0]
                self._moved_to = {name: max(position, self.reached)
                                  for name, position in current.items()}
                done += len(decoded)
                if on_batch:
                    on_batch(len(decoded))
                if len(decoded) < batch_size:
                    # That was the head of the log when it was read: asking again would
                    # cost two more queries for nothing. What was committed since is news
                    # to the next catch-up (the projector is notified of it).
                    return done

    def _read(self, start: int, limit: int) -> list:
        """Notifications from ``start`` on, as (position, domain event) pairs, each decoded
        once for every read model (projections/decoding.py)."""
        return self.decoder.read(start, limit)

    def refresh(self) -> int:
        """Before a read: bring the read models up to date, unless a projector does it or
        another process is doing it now; returns how many events this process applied."""
        if not self.inline:
            return 0
        with self._inline_lock.held() as mine:
            return self.catch_up() if mine else 0

    def wait_for(self, position: int, timeout: float | None = None) -> int:
        """Return once every read model includes ``position`` (read-your-writes), with how
        many events this process applied to get there.

        Inline, catch up at once. With a separate projector, wait until it has got
        there, and raise :class:`ReadModelsBehind` after ``timeout`` seconds (default:
        the ``read_wait_seconds`` setting): on PostgreSQL woken by its notification
        (projections/position_watch.py), on SQLite by asking the positions every 10 ms."""
        if self.inline:
            if self.lowest_position() >= position:
                return 0
            with self._inline_lock.held() as mine:
                if mine:
                    return self.catch_up()
            # Another process is catching up: wait for it, as for a projector.
        timeout = self.tracker.settings.read_wait_seconds if timeout is None else timeout
        deadline = time.monotonic() + timeout
        heard = self._watch.wait(position, timeout) if self._watch else None
        if heard:
            return 0
        if heard is False:
            raise ReadModelsBehind(position, self.lowest_position())
        # Nothing to listen to (SQLite), or the watch is not listening: ask the table.
        while (reached := self.lowest_position()) < position:
            if time.monotonic() >= deadline:
                raise ReadModelsBehind(position, reached)
            time.sleep(POLL_SECONDS)
        return 0

    # ---- inspecting and rebuilding ----------------------------------------------------
    def dead_letters(self, limit: int = 100) -> list[dead_letters.DeadLetter]:
        """The events some read model set aside (see ``dead_letters.py``)."""
        return dead_letters.listing(self.engine, limit)


    def positions(self) -> dict[str, int]:
        with self.reader.connect() as connection:
            return {row.name: row.position for row in connection.execute(select(positions))}

    def close(self) -> None:
        """Let go of the database: the pool's connections, and the watch's."""
        if self._watch:
            self._watch.stop()
        self.engine.dispose()

    def lowest_position(self) -> int:
        """The position every read model has reached."""
        return min(self.positions().values())

    def status(self) -> list[ReadModelStatus]:
        head = self.tracker.recorder.max_notification_id() or 0
        return [ReadModelStatus(name, position, head)
                for name, position in sorted(self.positions().items())]

    def head(self) -> int:
        return self.tracker.recorder.max_notification_id() or 0

    def rebuild(self, batch_size: int | None = None,
                on_batch: Callable[[int], None] | None = None) -> int:
        """Drop every read model and replay the whole log into it (see ``replay.py``);
        ``on_batch`` follows this process's share."""
        from projections import replay  # replay.py makes ReadModels of its own

        self._moved_to = None  # the positions go back to the start
        return replay.rebuild(self, batch_size or replay.REBUILD_BATCH_SIZE, on_batch)

    # ---- versions -----------------------------------------------------------------------
    def rebuild_outdated(self) -> list[str]:
        """Empty the read models whose rows an earlier version of their code wrote, and set
        them back to the start of the log; the next catch-up (the projector's, or with
        none the first web process's) replays the log into them. Returns their names.

        The version is moved with a compare-and-set in the transaction that empties the
        tables: of several processes starting at once, one does it."""
        stored = self.versions()
        reset = []
        for projection in self.projections:
            if stored.get(projection.name) in (None, projection.version):
                continue
            with self.engine.begin() as connection:
                lock_schema(connection)  # DDL follows: before any table (see storage.schema)
                claimed = connection.execute(
                    update(positions).where(positions.c.name == projection.name,
                                            positions.c.version == stored[projection.name])
                    .values(version=projection.version, position=0))
                if claimed.rowcount != 1:
                    continue  # another process did it
                dead_letters.forget(connection, [projection.name])
                searched = board in projection.tables
                if searched:
                    search.drop(connection)
                metadata.drop_all(connection, tables=list(projection.tables))
                create_tables(connection, projection.tables)
                if searched:
                    search.create(connection)
                announce(connection, self.tracker.settings.database_url)
            reset.append(projection.name)
        if reset:
            self._moved_to = None
        return reset

    def versions(self) -> dict[str, int]:
        with self.engine.connect() as connection:
            return {row.name: row.version for row in connection.execute(
                select(positions.c.name, positions.c.version))}

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
            share_schema(connection)
            self.insert_missing_positions(connection)

    def insert_missing_positions(self, connection) -> None:
        """A position row at the start of the log for each read model that has none."""
        existing = {row.name for row in connection.execute(select(positions.c.name))}
        missing = [{"name": p.name, "position": 0, "version": p.version}
                   for p in self.projections if p.name not in existing]
        if missing:
            connection.execute(insert(positions), missing)
