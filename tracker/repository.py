"""Loading aggregates: the library's repository, folding their events without its check.

The library folds an aggregate's events with ``project_aggregate``, which asserts of every
event that it satisfies a ``typing.Protocol``: a check that walks the protocol's members
each time. Every API request loads its account, and every command its file: the check
alone took 2.5% of a web process's time under the load run. The events of this
application are its own domain's classes, each with ``mutate``, so the fold is the same
without it."""

from __future__ import annotations

from eventsourcing.application import Repository


def fold_events(aggregate, events):
    """The aggregate after ``events`` (None before the first)."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


class FoldingRepository(Repository):
    def get(self, aggregate_id, *, projector_func=None, **options):
        return super().get(aggregate_id, projector_func=projector_func or fold_events,
                           **options)
