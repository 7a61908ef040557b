"""One process at a time catches up inline (web processes without a projector): the
others serve what the read models hold and wait for it, instead of folding the same
batches only to find the positions moved (a long catch-up, such as a read model rebuilt
after its version changed, would otherwise hold up a request in every process).

The lock is taken without waiting: a PostgreSQL session-level advisory lock, or an
``flock`` on a file beside the SQLite database, which the system releases when the
process dies; threads of one process take turns on a lock of their own."""

from __future__ import annotations

import fcntl
import hashlib
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy.engine import Engine

from tracker.storage import read_model_schema, sqlite_path


class InlineCatchUpLock:
    def __init__(self, engine: Engine, database_url: str):
        self.engine, self.database_url = engine, database_url
        self._threads = threading.Lock()
        self._file = None

    @contextmanager
    def held(self) -> Iterator[bool]:
        """Yields True when this process may catch up now, False when another does."""
        if not self._threads.acquire(blocking=False):
            yield False
            return
        try:
            if self.engine.dialect.name == "postgresql":
                with self._postgres() as got:
                    yield got
            else:
                with self._sqlite() as got:
                    yield got
        finally:
            self._threads.release()

    @contextmanager
    def _postgres(self) -> Iterator[bool]:
        schema = read_model_schema(self.database_url) or "public"
        key = int.from_bytes(hashlib.sha256(f"catch-up:{schema}".encode()).digest()[:8],
                             "big", signed=True)
        with self.engine.connect() as connection:
            got = connection.exec_driver_sql("SELECT pg_try_advisory_lock(%s)",
                                             (key,)).scalar()
            connection.commit()
            try:
                yield bool(got)
            finally:
                if got:
                    connection.exec_driver_sql("SELECT pg_advisory_unlock(%s)", (key,))
                    connection.commit()

    @contextmanager
    def _sqlite(self) -> Iterator[bool]:
        if self._file is None:
            self._file = open(Path(sqlite_path(self.database_url) + ".catch-up.lock"), "a")
        try:
            fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(self._file, fcntl.LOCK_UN)
