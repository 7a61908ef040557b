"""Putting the shipped reference data on record (see domain/reference_data.py).

Run by the operator at each deployment (``flask --app wsgi reference publish``, also part
of ``demo``): the first run records the list, later runs record it again only when the
shipped file differs, with what changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from domain.reference_data import REFERENCE_ID, ReferenceData, differences
from tracker import authorization as policy
from tracker.authorization import Principal
from tracker.clock import on_application_clock


@dataclass(frozen=True)
class Publication:
    recorded: bool  # False: the list on record is already this one
    count: int
    changes: dict[str, list[str]] = field(default_factory=dict)


class ReferenceCommands:
    """Mixed into the Tracker application; ``by`` is None for the operator at the CLI."""

    def reference_rows(self) -> list[dict]:
        """The shipped list, in file order, as it is recorded."""
        return [{"slug": c.slug, "name": c.name, "region": c.region,
                 "region_name": c.region_name, "cercle": c.cercle}
                for c in self.reference.communes.values()]

    @on_application_clock
    def publish_reference(self, by: Principal | None) -> Publication:
        policy.require_admin(by)
        communes = self.reference_rows()
        actor = by.actor.as_record() if by else None
        for _attempt in range(2):  # another process may record the same list first
            try:
                recorded = self.repository.get(REFERENCE_ID)
            except AggregateNotFoundError:
                recorded = None
            before = recorded.communes if recorded else []
            if recorded is None:
                recorded, changed = ReferenceData.first(communes, by=actor), True
            else:
                changed = recorded.publish(communes, by=actor)
            if not changed:
                return Publication(False, len(communes))
            try:
                self.save(recorded)
            except IntegrityError:
                continue
            return Publication(True, len(communes), differences(before, communes))
        return Publication(False, len(communes))
