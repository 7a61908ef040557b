"""The reference data in force (communes with a CCS, their regions), recorded as events.

The list itself ships with the code (tracker/data/communes.csv) and every command reads
it from there; what is recorded here is each version of it that was put in service, with
what it added, removed or changed, so that the audit log shows when the territory of the
tracker changed, and the hash chain covers it like any other event."""

from __future__ import annotations

import hashlib
import json
from uuid import NAMESPACE_URL, uuid5

from eventsourcing.domain import Aggregate, event

from domain.time import event_time

REFERENCE_ID = uuid5(NAMESPACE_URL, "urn:ccs-tracker:reference:communes")


def digest_of(communes: list[dict]) -> str:
    """The fingerprint of one version of the list, order and spelling included."""
    return hashlib.sha256(json.dumps(communes, ensure_ascii=False, sort_keys=True)
                          .encode()).hexdigest()


def differences(before: list[dict], after: list[dict]) -> dict[str, list[str]]:
    """The communes (by slug) added, removed, and whose name, region or cercle changed."""
    old = {commune["slug"]: commune for commune in before}
    new = {commune["slug"]: commune for commune in after}
    return {"added": [slug for slug in new if slug not in old],
            "removed": [slug for slug in old if slug not in new],
            "changed": [slug for slug in new if slug in old and new[slug] != old[slug]]}


class ReferenceData(Aggregate):
    """The communes list, one version per event."""

    class Event(Aggregate.Event):
        create_timestamp = staticmethod(event_time)

    @staticmethod
    def create_id(**_):
        return REFERENCE_ID  # one list for the whole tracker

    @event("ReferencePublished")
    def __init__(self, *, communes: list[dict], digest: str, count: int, by: dict | None):
        self.communes, self.digest = communes, digest
        self.changes = differences([], communes)  # what the latest version changed

    @classmethod
    def first(cls, communes: list[dict], by: dict | None) -> "ReferenceData":
        return cls(communes=communes, digest=digest_of(communes), count=len(communes), by=by)

    def publish(self, communes: list[dict], by: dict | None) -> bool:
        """Record ``communes`` as the list in force; False if it is the one already."""
        digest = digest_of(communes)
        if digest == self.digest:
            return False
        self._updated(communes=communes, digest=digest, count=len(communes),
                      by=by, **differences(self.communes, communes))
        return True

    @event("ReferenceUpdated")
    def _updated(self, *, communes, digest, count, by, added, removed, changed):
        self.communes, self.digest = communes, digest
        self.changes = {"added": added, "removed": removed, "changed": changed}
