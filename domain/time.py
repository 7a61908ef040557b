"""When an event happened: the application's clock while it runs a command, else the wall
clock. The application sets it (tracker/application.py), so events and deadlines read
the same clock, and tests and the benchmark can replay a past year exactly."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone
from typing import Callable, Iterator

_clock: ContextVar[Callable[[], datetime] | None] = ContextVar("event_clock", default=None)


def event_time() -> datetime:
    clock = _clock.get()
    return clock() if clock is not None else datetime.now(timezone.utc)


@contextmanager
def events_timed_by(clock: Callable[[], datetime]) -> Iterator[None]:
    token = _clock.set(clock)
    try:
        yield
    finally:
        _clock.reset(token)
