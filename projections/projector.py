"""The projector: a long-running process that keeps the read models current.

Only one projector writes at a time. The others wait as hot standbys on a lock that the
operating system or the database releases by itself when its holder dies: a PostgreSQL
session-level advisory lock, or an exclusive ``flock`` on a file beside the SQLite
database. The leader follows new events as they are committed: on PostgreSQL it LISTENs
on the channel the event store NOTIFYs on every commit; SQLite has no such thing, so it
polls the head of the log.

Correctness does not rest on the lock: each batch moves the read models' positions with a
compare-and-set (see ``batch.py``), so even two writers never apply an event twice. The
lock keeps standbys from doing the same work for nothing."""

from __future__ import annotations

import fcntl
import hashlib
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from psycopg import sql
from sqlalchemy.engine import make_url

from domain.messages import N_
from projections.runner import ReadModels
from tracker.chain import Chain
from tracker.storage import postgres_connection, read_model_schema, sqlite_path


class Stopped(Exception):
    """Asked to stop (signal, or the test's stop event) between two batches."""


class Leadership:
    """An exclusive lock per database (per schema on PostgreSQL), released on death."""

    def try_acquire(self) -> bool:
        raise NotImplementedError

    def release(self) -> None:
        raise NotImplementedError

    def wait_for_news(self, seconds: float, stop: threading.Event) -> None:
        """Return when new events may have been committed, after ``seconds``, or soon
        after ``stop`` is set."""
        raise NotImplementedError

    def acquire(self, stop: threading.Event, standby_seconds: float,
                on_standby: Callable[[], None] = lambda: None) -> bool:
        """Wait as a standby until the lock is ours (True) or ``stop`` is set (False)."""
        told = False
        while not self.try_acquire():
            if not told:
                on_standby()
                told = True
            if stop.wait(standby_seconds):
                return False
        return True


class PostgresLeadership(Leadership):
    def __init__(self, database_url: str, channel: str):
        self.connection = postgres_connection(database_url)
        self.key = lock_key(f"projector:{read_model_schema(database_url) or 'public'}")
        self.channel = channel
        self.listening = False

    def try_acquire(self) -> bool:
        acquired = self.connection.execute(
            "SELECT pg_try_advisory_lock(%s)", (self.key,)).fetchone()[0]
        if acquired and not self.listening:
            # LISTEN before the first catch-up, so no commit slips between the two.
            self.connection.execute(sql.SQL("LISTEN {}").format(
                sql.Identifier(self.channel)))
            self.listening = True
        return bool(acquired)

    def release(self) -> None:
        self.connection.close()  # ends the session: the lock goes with it

    def wait_for_news(self, seconds: float, stop: threading.Event) -> None:
        # Short slices, so a stop request is heard within half a second. A lost
        # connection raises here: the process ends, and a standby takes over.
        deadline = time.monotonic() + seconds
        while not stop.is_set() and time.monotonic() < deadline:
            slice_ = min(STOP_CHECK_SECONDS, max(deadline - time.monotonic(), 0.001))
            if list(self.connection.notifies(timeout=slice_, stop_after=1)):
                return


class FileLeadership(Leadership):
    def __init__(self, lock_path: Path, head: Callable[[], int]):
        self.file = open(lock_path, "a+b")
        self.head = head
        self.seen = 0

    def try_acquire(self) -> bool:
        try:
            fcntl.flock(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        self.file.seek(0)
        self.file.truncate()
        self.file.write(str(os.getpid()).encode())
        self.file.flush()
        return True

    def release(self) -> None:
        self.file.close()  # closing the file drops the flock

    def wait_for_news(self, seconds: float, stop: threading.Event) -> None:
        # SQLite has no notifications: look at the head of the log ten times a second.
        deadline = time.monotonic() + seconds
        while not stop.is_set() and time.monotonic() < deadline:
            head = self.head()
            if head != self.seen:
                self.seen = head
                return
            stop.wait(POLL_SECONDS)


POLL_SECONDS = 0.1
STOP_CHECK_SECONDS = 0.5
# While events keep coming, the projector seals them into the audit chain at most this
# often, and as soon as the log is quiet. Under a steady flow of commands it catches up
# many times a second, and sealing after each catch-up (four queries, a transaction and
# the witness's fsync) took a quarter of its time (py-spy, load run of 16 clients).
SEAL_SECONDS = 1.0


def lock_key(name: str) -> int:
    """A signed 64-bit advisory-lock key from a name."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def leadership_for(read_models: ReadModels) -> Leadership:
    tracker = read_models.tracker
    url = tracker.settings.database_url
    if make_url(url).get_backend_name() == "postgresql":
        return PostgresLeadership(url, tracker.recorder.channel_name)
    return FileLeadership(Path(sqlite_path(url) + ".projector.lock"),
                          lambda: tracker.recorder.max_notification_id() or 0)


class Projector:
    """Follow the event log into the read models until ``stop`` is set."""

    def __init__(self, read_models: ReadModels, *, idle_seconds: float = 1.0,
                 standby_seconds: float = 1.0, batch_size: int | None = None,
                 seal_seconds: float = SEAL_SECONDS,
                 report: Callable[[str], None] = lambda message: None):
        self.read_models = read_models
        self.idle_seconds = idle_seconds
        self.standby_seconds = standby_seconds
        self.batch_size = batch_size
        self.report = report
        # The projector also seals new events into the audit chain (tracker/chain.py).
        self.chain = Chain(read_models.tracker, engine=read_models.engine)
        self.seal_seconds = seal_seconds
        self._sealed_at = float("-inf")

    def run(self, stop: threading.Event, rebuild: bool = False) -> None:
        with self._leading(stop) as leading:
            if not leading:
                return
            self.report(N_("Projecteur actif."))
            try:
                if rebuild:
                    self._rebuild(stop)
                while not stop.is_set():
                    self._catch_up(stop)
                    self._leadership.wait_for_news(self.idle_seconds, stop)
            except Stopped:
                pass
            self.report(N_("Projecteur arrêté."))

    @contextmanager
    def _leading(self, stop: threading.Event) -> Iterator[bool]:
        self._leadership = leadership_for(self.read_models)
        try:
            yield self._leadership.acquire(
                stop, self.standby_seconds,
                on_standby=lambda: self.report(
                    N_("Un autre projecteur est actif : celui-ci attend en secours.")))
        finally:
            self._leadership.release()

    def _options(self, stop: threading.Event) -> dict:
        def between_batches(count: int) -> None:
            if stop.is_set():
                raise Stopped()
        options = {"on_batch": between_batches}
        if self.batch_size:
            options["batch_size"] = self.batch_size
        return options

    def _catch_up(self, stop: threading.Event) -> None:
        applied = self.read_models.catch_up(**self._options(stop))
        if not applied or time.monotonic() - self._sealed_at >= self.seal_seconds:
            self.chain.seal()
            self._sealed_at = time.monotonic()
        if applied:
            self.report(N_("%(count)d événements appliqués (position %(position)d).",
                           count=applied, position=self.read_models.reached))

    def _rebuild(self, stop: threading.Event) -> None:
        self.report(N_("Reconstruction des modèles de lecture…"))
        replayed = self.read_models.rebuild(**self._options(stop))
        self.report(N_("%(count)d événements rejoués.", count=replayed))


@contextmanager
def exclusive(read_models: ReadModels) -> Iterator[bool]:
    """The projector's lock for a one-off job (``projections rebuild``), without waiting:
    yields False when a projector is running."""
    leadership = leadership_for(read_models)
    try:
        yield leadership.try_acquire()
    finally:
        leadership.release()
