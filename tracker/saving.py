"""Saving aggregates: the library's ``Application.save``, collecting their new events
without its ``typing.Protocol`` checks.

The library asks of every object given to ``save`` whether it satisfies two runtime
protocols (is it an event? can it give its events?): on this Python each check walks the
protocol's members, some 25 µs, four of them for a raise (the file and its register's
number), about a tenth of a command's own time. The objects this application saves are
its own aggregates and their events, whose classes say what they are; anything else is
left to the library's own collection."""

from __future__ import annotations

from eventsourcing.application import ProcessingEvent
from eventsourcing.domain import Aggregate, DomainEvent


def collected(objs, kwargs: dict) -> ProcessingEvent:
    """What ``ProcessingEvent.collect_events(*objs, **kwargs)`` collects."""
    processing_event = ProcessingEvent()
    for obj in objs:
        if isinstance(obj, Aggregate):
            processing_event.events.extend(obj.collect_events())
            processing_event.aggregates[obj.id] = obj
        elif isinstance(obj, DomainEvent):
            processing_event.events.append(obj)
        else:  # None, or an object of another kind: as the library does it
            processing_event.collect_events(obj)
    processing_event.saved_kwargs.update(kwargs)
    return processing_event


class SavesOwnAggregates:
    """Mixed into the application before ``Application``: the same steps as its ``save``."""

    def save(self, *objs, **kwargs):
        processing_event = collected(objs, kwargs)
        recordings = self._record(processing_event)
        self._take_snapshots(processing_event)
        self._notify(recordings)
        self.notify(processing_event.events)  # the library's deprecated hook, kept in step
        return recordings
