"""Commands run on the application's clock: the events they record carry its time."""

from __future__ import annotations

from functools import wraps

from domain.time import events_timed_by


def on_application_clock(command):
    """Decorate a command method of the tracker so its events are timed by ``self.clock``."""
    @wraps(command)
    def timed(self, *args, **kwargs):
        with events_timed_by(self.clock):
            return command(self, *args, **kwargs)
    return timed
