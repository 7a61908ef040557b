"""Reading the log fast: notifications straight from the event store's table, decoded with
orjson into the same domain events the library's mapper gives.

Measured on the benchmark's log (197,882 events, SQLite): the library's
``select_notifications`` took 1.0 s (a ``UUID`` and a dataclass per row) and its mapper
0.65 s (the standard library's JSON decoder calling a Python hook for every object);
``orjson.loads`` alone takes 0.13 s. Here rows are read as plain tuples, the JSON is
parsed by orjson, and only the few nested objects the transcoder wrote
(``{"_type_": …, "_data_": …}``: times, dates, ids) are turned back into values by the
library's own transcodings. The catch-up, the rebuild and the benchmark's ceiling all
read through this one decoder."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from datetime import date, datetime
from functools import lru_cache
from typing import Callable, Iterator
from uuid import UUID

import orjson
from eventsourcing.persistence import DatetimeAsISO, JSONTranscoder, Notification, UUIDAsHex
from eventsourcing.utils import resolve_topic

from projections.events import decoded as _decoded_by_mapper
from projections.events import with_nul_replaced
from tracker.application import DateAsISO

_CONTAINERS = (dict, list)


class Decoder:
    """Reads and decodes notifications of one tracker's log, as (position, event) pairs."""

    def __init__(self, tracker):
        self.tracker = tracker
        mapper, recorder = tracker.mapper, tracker.recorder
        transcoder = mapper.transcoder
        # Only the library's JSON transcoder without cipher or compressor is read here;
        # anything else goes through the library's own mapper.
        self.fast = (type(transcoder) is JSONTranscoder and mapper.cipher is None
                     and mapper.compressor is None)
        self._names = _decoders(transcoder) if self.fast else {}
        self._select = _raw_select(recorder) if self.fast else None

    def read(self, start: int, limit: int) -> list[tuple[int, object]]:
        """Notifications from ``start`` on (at most ``limit``), decoded."""
        if self._select is None:
            to_domain_event = self.tracker.mapper.to_domain_event
            return [(n.id, _decoded_by_mapper(n, to_domain_event)) for n in
                    self.tracker.recorder.select_notifications(start=start, limit=limit)]
        event = self.event
        return [(row[0], event(row)) for row in self._select(start, limit)]

    def event(self, row) -> object:
        """The domain event of a row (position, originator id, version, topic, state)."""
        _, originator_id, originator_version, topic, state = row
        if type(state) is not bytes:
            state = bytes(state)
        cls, class_version = _event_class(topic)
        values = _loads(state)
        names, revive = self._names, self._revive
        # Top-level values inline: most are text; a transcoded value is a two-key dict.
        for name, value in values.items():
            kind = type(value)
            if kind is dict:
                if len(value) == 2 and "_type_" in value:
                    data = value["_data_"]
                    values[name] = names[value["_type_"]](
                        revive(data) if type(data) in _CONTAINERS else data)
                else:
                    values[name] = revive(value)
            elif kind is list:
                values[name] = revive(value)
        values["originator_id"] = _uuid(originator_id)
        values["originator_version"] = originator_version
        if class_version > 1 or "class_version" in values:
            from_version = values.pop("class_version", 1)
            while from_version < class_version:
                getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(values)
                from_version += 1
        event = _new(cls)
        _set(event, "__dict__", values)
        if b"\\u0000" in state:
            with_nul_replaced(event)
        return event

    def _revive(self, value):
        """Nested values as the library's transcoder decodes them (innermost first, as
        its object hook is called)."""
        if type(value) is list:
            return [self._revive(item) if type(item) in _CONTAINERS else item
                    for item in value]
        for name, item in value.items():
            if type(item) in _CONTAINERS:
                value[name] = self._revive(item)
        if len(value) == 2 and "_type_" in value and "_data_" in value:
            return self._names[value["_type_"]](value["_data_"])
        return value


_loads, _new, _set = orjson.loads, object.__new__, object.__setattr__


def _decoders(transcoder) -> dict[str, Callable]:
    """Each transcoding's decode, by name; the library's and ours for times, dates and ids
    replaced by the C function they call (the same value, without a Python frame)."""
    fast = {(DatetimeAsISO, "datetime_iso"): datetime.fromisoformat,
            (DateAsISO, "date_iso"): date.fromisoformat,
            (UUIDAsHex, "uuid_hex"): UUID}
    return {name: fast.get((type(transcoding), name), transcoding.decode)
            for name, transcoding in transcoder.names.items()}


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Around a long read of the log: the garbage collector's passes over every object
    alive (a rebuild holds one row per file) cost as much as decoding; objects already
    there are left out of them, and a pass waits for many more new objects."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold[0], 50_000), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


@lru_cache(maxsize=None)
def _event_class(topic: str) -> tuple[type, int]:
    cls = resolve_topic(topic)
    return cls, getattr(cls, "class_version", 1)


@lru_cache(maxsize=1 << 14)
def _uuid(originator_id) -> UUID:
    # Cached: a file's events come back many times in a rebuild, and the read models
    # cache its text by the UUID object (projections.events.id_text). Files in progress
    # at once number in the thousands: 65,536 entries held 50 MB more than these in a
    # rebuild's two processes at 1M events, for the same speed.
    return originator_id if isinstance(originator_id, UUID) else UUID(originator_id)


def _raw_select(recorder) -> Callable[[int, int], list] | None:
    """A function reading rows (position, originator id, version, topic, state) from the
    recorder's table, or None for a recorder this module does not know."""
    module = type(recorder).__module__
    if module == "eventsourcing.sqlite":
        statement = (f"SELECT rowid, originator_id, originator_version, topic, state "
                     f"FROM {recorder.events_table_name} WHERE rowid >= ? "
                     f"ORDER BY rowid LIMIT ?")

        def select(start: int, limit: int) -> list:
            with recorder.datastore.transaction(commit=False) as cursor:
                cursor.execute(statement, (start, limit))
                return [tuple(row) for row in cursor.fetchall()]
        return select
    if module == "eventsourcing.postgres":
        from psycopg.rows import tuple_row

        schema = recorder.datastore.schema or "public"
        statement = (f'SELECT notification_id, originator_id, originator_version, topic, '
                     f'state FROM "{schema}"."{recorder.events_table_name}" '
                     f'WHERE notification_id >= %s ORDER BY notification_id LIMIT %s')

        def select(start: int, limit: int) -> list:
            with recorder.datastore.get_connection() as connection:
                with connection.cursor(row_factory=tuple_row) as cursor:
                    cursor.execute(statement, (start, limit), prepare=True)
                    return cursor.fetchall()
        return select
    return None


def as_notification(row) -> Notification:
    """A raw row as the library's notification (for callers that want one)."""
    position, originator_id, version, topic, state = row
    return Notification(id=position, originator_id=originator_id, originator_version=version,
                        topic=topic, state=state)
