"""Putting the shipped reference data on record (see domain/reference_data.py).

Run by the operator at each deployment (``flask --app wsgi reference publish``, also part
of ``demo``): the first run records the list, later runs record it again only when the
shipped file differs, with what changed."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from domain.reference_data import REFERENCE_ID, ReferenceData
from tracker import authorization as policy
from tracker.authorization import Principal, actor_record
from tracker.clock import on_application_clock


@dataclass(frozen=True)
class Publication:
    recorded: bool  # False: the list on record is already this one
    count: int
    changes: dict[str, list[str]] = field(default_factory=dict)


class ReferenceCommands:
    """Mixed into the Tracker application; ``by`` is None for the operator at the CLI."""

    def reference_rows(self) -> list[dict]:
        """The shipped list, in file order, as it is recorded (each commune's fields)."""
        return [asdict(commune) for commune in self.reference.communes.values()]

    @on_application_clock
    def publish_reference(self, by: Principal | None) -> Publication:
        policy.require_admin(by)
        communes = self.reference_rows()
        while True:  # another process may record a version first: read it and compare again
            try:
                recorded = self.repository.get(REFERENCE_ID)
                if not recorded.publish(communes, by=actor_record(by)):
                    return Publication(False, len(communes))
            except AggregateNotFoundError:
                recorded = ReferenceData.first(communes, by=actor_record(by))
            try:
                self.save(recorded)
            except IntegrityError:
                continue
            return Publication(True, len(communes), recorded.changes)
