"""What a link of the hash chain is, and how the log is read for it (tracker/chain.py).

Each link is ``sha256(previous link + the event as stored)``: its position in the log,
aggregate id, version, topic and stored bytes, read straight from the event store's table
without decoding. A receipt (``Head``) is the last sealed position, its link, and when it
was read."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Callable, NamedTuple

from sqlalchemy import text

GENESIS = hashlib.sha256(b"ccs-tracker: chain of recorded events").hexdigest()


def link(previous: str, notification) -> str:
    """The chain's link for one stored event, given the link before it."""
    # One buffer and one call: verification runs this a million times.
    return hashlib.sha256(b"%b%d\n%b\n%d\n%b\n%b" % (
        bytes.fromhex(previous), notification.id, str(notification.originator_id).encode(),
        notification.originator_version, notification.topic.encode(), notification.state,
    )).hexdigest()


class StoredEvent(NamedTuple):
    """An event as stored, read straight from the event store's table: the chain covers
    the stored bytes, and a million of them are read without decoding a single one."""

    id: int
    originator_id: str
    originator_version: int
    topic: str
    state: bytes


def stored_events_reader(engine, recorder) -> Callable[[int, int], list[StoredEvent]]:
    """``read(start, limit)``: the stored events from position ``start`` in log order.
    The library's own reader would turn every aggregate id into a UUID object and back
    to text here: that alone was a third of the time of a verification."""
    table = recorder.events_table_name  # same schema: the engine's search path
    if engine.dialect.name == "postgresql":
        statement = text(
            f"SELECT notification_id, originator_id::text, originator_version, topic, state "
            f"FROM {table} WHERE notification_id >= :start "
            f"ORDER BY notification_id LIMIT :limit")
    else:
        # SQLite keeps a UUID as its 32 hex digits: the chain covers the id in its usual
        # written form, the dashes put back here and no character changed.
        written = ("substr(originator_id, 1, 8) || '-' || substr(originator_id, 9, 4) || '-' "
                   "|| substr(originator_id, 13, 4) || '-' || substr(originator_id, 17, 4) "
                   "|| '-' || substr(originator_id, 21)")
        statement = text(
            f"SELECT rowid, {written}, originator_version, topic, state FROM {table} "
            f"WHERE rowid >= :start ORDER BY rowid LIMIT :limit")

    def read(start: int, limit: int) -> list[StoredEvent]:
        with engine.connect() as connection:
            return [StoredEvent(*row) for row in connection.execute(
                statement, {"start": start, "limit": limit})]
    return read


@dataclass(frozen=True)
class Head:
    """What a receipt holds: the last sealed position, its link, and when it was read."""

    position: int
    hash: str
    at: str
    events: int

    def as_json(self) -> str:
        return json.dumps(asdict(self), indent=2)

    @classmethod
    def from_json(cls, text: str) -> "Head":
        data = json.loads(text)
        return cls(int(data["position"]), str(data["hash"]), str(data["at"]),
                   int(data.get("events", 0)))
