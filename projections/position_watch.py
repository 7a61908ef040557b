"""Hearing that the read models moved, instead of asking (PostgreSQL).

A web process that serves a write waits until the projector has applied it (read-your-
writes, ``ReadModels.wait_for``). Asking the positions table every 10 ms costs a query per
waiting request and per poll: at 16 clients, hundreds a second, for the database and for
the web process. Instead, every transaction that moves the positions NOTIFYs a channel of
the read models (``announce``), and each web process keeps one connection LISTENing to it
(``PositionWatch``): on a notification, one thread reads the positions once and wakes
every request waiting for them.

The positions table stays the truth: a notification only says « look again ». Should the
listening connection fail, the watch says so (``wait`` returns None) and the requests go
back to asking, while the watch connects again."""

from __future__ import annotations

import logging
import os
import threading
import time
import weakref

from psycopg import sql

from storage.tables import positions
from tracker.storage import postgres_connection, read_model_schema

logger = logging.getLogger(__name__)

# How often a listening watch looks whether it is still wanted.
CHECK_SECONDS = 1.0
# After a lost connection, the watch tries again after this long, then twice as long...
RETRY_SECONDS = (0.5, 1, 2, 5)


def channel(database_url: str) -> str:
    """The read models' channel: one per schema, as their tables are."""
    return f"read_models_{read_model_schema(database_url) or 'public'}"


def listener_name(database_url: str) -> str:
    """The application_name of a watch's connection (pg_stat_activity keeps 63 bytes)."""
    return f"position-watch:{channel(database_url)}"[:63]


def announce(connection, database_url: str) -> None:
    """In a transaction that moves positions: tell the watches, at commit (PostgreSQL
    delivers a NOTIFY when its transaction commits, never if it rolls back)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SELECT pg_notify(%s, '')", (channel(database_url),))


class PositionWatch:
    """The lowest position of the read models, kept current by notifications.

    The watch's thread reads it from the positions table on its own connection, once
    after LISTEN and once per burst of notifications: one statement, without a pool or
    SQLAlchemy (a web process's watch read a few hundred times a second under load). The
    thread ends, and its connection with it, after ``stop`` or once ``owner`` (the read
    models, held weakly) is gone, within ``CHECK_SECONDS``."""

    def __init__(self, database_url: str, owner: object):
        self._database_url = database_url
        self._owner = weakref.ref(owner)
        schema = read_model_schema(database_url) or "public"
        self._lowest_query = sql.SQL("SELECT min(position) FROM {}").format(
            sql.Identifier(schema, positions.name))
        self._stopped = threading.Event()
        self._changed = threading.Condition()
        self._reached: int | None = None  # None: not listening (yet, or any more)
        self._trying = False               # the first connection is being made
        self._pid: int | None = None       # the process whose thread this is

    def wait(self, position: int, timeout: float) -> bool | None:
        """True once the read models include ``position``, False after ``timeout``
        seconds, None if the watch cannot tell (not listening): ask the table then."""
        self._start()
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                if self._reached is None and not self._trying:
                    return None
                if self._reached is not None and self._reached >= position:
                    return True
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(left)

    def stop(self) -> None:
        self._stopped.set()

    def _start(self) -> None:
        # Started on first need, in the process that needs it: a thread does not survive
        # a fork, so a server forking its workers after import still gets one each.
        with self._changed:
            if self._pid == os.getpid():
                return
            self._pid, self._reached, self._trying = os.getpid(), None, True
        threading.Thread(target=self._listen_forever, name="position-watch",
                         daemon=True).start()

    def _listen_forever(self) -> None:
        failures = 0  # in a row, without having listened in between
        while not self._ended():
            try:
                self._listen()
            except Exception as error:  # noqa: BLE001 - any failure: ask, and try again
                logger.warning("Position watch lost its connection (%s); the requests "
                               "ask the positions table meanwhile.", error)
            failures = 0 if self._reached is not None else failures + 1
            self._publish(None)
            self._stopped.wait(RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)])

    def _listen(self) -> None:
        name = listener_name(self._database_url)
        with postgres_connection(self._database_url, application_name=name) as connection:
            connection.execute(sql.SQL("LISTEN {}").format(
                sql.Identifier(channel(self._database_url))))
            # Read after LISTEN: a move committed in between is heard, not missed.
            self._read(connection)
            while not self._ended():
                # Wait for one notification, then take those already there with it:
                # a burst of them costs one read.
                if list(connection.notifies(timeout=CHECK_SECONDS, stop_after=1)):
                    list(connection.notifies(timeout=0))
                    self._read(connection)

    def _ended(self) -> bool:
        return self._stopped.is_set() or self._owner() is None

    def _read(self, connection) -> None:
        lowest = connection.execute(self._lowest_query).fetchone()[0]
        self._publish(0 if lowest is None else lowest)

    def _publish(self, reached: int | None) -> None:
        with self._changed:
            self._reached, self._trying = reached, False
            self._changed.notify_all()
