"""What a read model is: the contract every one of them fulfils, and the registry of them.

A read model turns events into rows of its own tables. The runner (``batch.py``) gives it
the events of each batch whose class it ``handled`` declares, in log order, with their
positions; ``prepare`` reads what it needs and folds the batch in memory, and returns the
function that writes the result, which the runner calls inside the transaction that also
moves the read model's position. Every event class of every aggregate is either handled or
explicitly ``ignored`` (tests/projections/test_contract.py), so a new event cannot be
forgotten silently.

``version`` is the version of the read model's code: change it when what a fold writes
changes, and the read model is rebuilt by itself from the log at the next start (see
``ReadModels.rebuild_outdated``), never depending on an operator reading release notes."""

from __future__ import annotations

from typing import Callable, ClassVar, Protocol, Sequence, runtime_checkable

from sqlalchemy import Table
from sqlalchemy.engine import Connection

# A batch as given to ``prepare``: (position in the log, domain event), in log order.
NumberedEvents = Sequence[tuple[int, object]]
Write = Callable[[Connection], None]


@runtime_checkable
class ReadModel(Protocol):
    name: ClassVar[str]                 # its row in read_model_positions
    version: ClassVar[int]              # of its code; a change rebuilds it
    tables: ClassVar[tuple[Table, ...]]
    handled: ClassVar[frozenset[type]]  # event classes it applies
    ignored: ClassVar[frozenset[type]]  # event classes it has no use for
    # Relative cost of a replay, to balance a rebuild's two processes.
    replay_weight: ClassVar[int]

    def prepare(self, connection: Connection, numbered_events: NumberedEvents) -> Write:
        """Read what the batch needs and fold it; return the function that writes it."""
