"""The reference data on record: each version of the communes list put in service is an
event (first publication, then only real changes, with what changed), published by the
operator or an administrator only, and shown in the audit log without the whole list."""

from __future__ import annotations

from dataclasses import replace

import pytest

from domain.reference_data import REFERENCE_ID, ReferenceData, differences, digest_of
from tracker.application import Tracker
from tracker.authorization import NotPermitted
from tracker.reference import Commune, Reference


def test_differences_name_added_removed_and_changed_communes():
    before = [{"slug": "segou", "name": "Ségou"}, {"slug": "bla", "name": "Bla"}]
    after = [{"slug": "segou", "name": "Ségou ville"}, {"slug": "sio", "name": "Sio"}]

    assert differences(before, after) == {"added": ["sio"], "removed": ["bla"],
                                          "changed": ["segou"]}


def test_the_same_list_is_not_recorded_twice_but_a_reordered_one_is():
    communes = [{"slug": "segou", "name": "Ségou"}, {"slug": "bla", "name": "Bla"}]
    reference = ReferenceData.first(communes, by=None)

    assert reference.publish([dict(c) for c in communes], by=None) is False
    assert reference.publish(communes[::-1], by=None) is True
    assert reference.digest == digest_of(communes[::-1]) != digest_of(communes)
    assert [type(e).__name__ for e in reference.collect_events()] == [
        "ReferencePublished", "ReferenceUpdated"]


def test_the_operator_records_the_shipped_list_once(tracker_app):
    first = tracker_app.publish_reference(None)
    again = tracker_app.publish_reference(None)

    assert first.recorded and first.count == len(tracker_app.reference.communes) == 25
    assert first.changes["added"] == list(tracker_app.reference.communes)
    assert not again.recorded
    stream = list(tracker_app.events.get(REFERENCE_ID))
    assert [type(e).__name__ for e in stream] == ["ReferencePublished"]
    assert stream[0].count == 25 and stream[0].by is None


def test_a_new_list_shipped_later_is_recorded_with_what_changed(settings, clock, people):
    shipped = Tracker(settings, clock=clock)
    shipped.publish_reference(None)
    communes = dict(shipped.reference.communes)
    communes["tenenkou"] = Commune("tenenkou", "Ténenkou", "mopti", "Mopti", "Ténenkou", "TNK")
    communes["bla"] = replace(communes["bla"], name="Bla (ville)")
    del communes["timissa"]
    later = Tracker(settings, clock=clock, reference=Reference(
        communes=communes, regions=shipped.reference.regions))
    try:
        publication = later.publish_reference(people["admin"])
    finally:
        shipped.close()
        later.close()

    assert publication.recorded and publication.count == 25
    assert publication.changes == {"added": ["tenenkou"], "removed": ["timissa"],
                                   "changed": ["bla"]}


@pytest.mark.parametrize("username", ["sec_segou", "reg_segou", "crss", "auditor"])
def test_only_the_operator_or_an_administrator_records_the_reference(
        tracker_app, people, username):
    with pytest.raises(NotPermitted):
        tracker_app.publish_reference(people[username])
    assert tracker_app.publish_reference(people["admin"]).recorded
