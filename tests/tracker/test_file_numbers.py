"""Reference numbers through the tracker: each raise numbers its file in the commune's year,
in the same atomic write; never twice, even when trackers on one database raise at the
same moment; a repeated request keeps its first number; a sitting numbers each of its
files; a reference leads to its file for its readers only; and the files raised before
references existed get theirs once, in the order they were raised."""

from __future__ import annotations

import csv
import json
import re
import threading
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from domain.file_numbers import FileNumbers, Numbering, register_id
from domain.recommendation import Recommendation
from tests.conftest import raise_fields
from tests.tracker.scenario import raise_one
from tests.tracker.test_sessions import items, record
from tracker.application import Tracker
from tracker.authorization import NotFound, StaleVersion
from tracker.reference import COMMUNES_CSV, load_reference


def reference_of(tracker_app, people, result) -> str:
    return tracker_app.recommendation(people["auditor"], result.recommendation_id).reference


# ---- the communes' codes ------------------------------------------------------------------------
def test_every_shipped_commune_has_a_code_of_its_own():
    communes = load_reference().communes

    codes = [commune.code for commune in communes.values()]
    assert len(codes) == 25 and len(set(codes)) == 25
    assert all(re.fullmatch("[A-Z]{3}", code) for code in codes)
    assert {slug: communes[slug].code for slug in ("segou", "niono", "bankass")} == {
        "segou": "SEG", "niono": "NIO", "bankass": "BKS"}


@pytest.mark.parametrize("change, refusal", [
    ({"niono": "SEG"}, "niono and segou share the code SEG"),
    ({"niono": "Nio"}, "the code of niono ('Nio') is not three capital letters"),
    ({"niono": "NION"}, "the code of niono ('NION') is not three capital letters"),
    ({"niono": ""}, "the code of niono ('') is not three capital letters")])
def test_a_list_whose_codes_are_missing_malformed_or_shared_is_refused_when_loaded(
        tmp_path, change, refusal):
    with COMMUNES_CSV.open(encoding="utf-8", newline="") as shipped:
        rows = list(csv.DictReader(shipped))
    for row in rows:
        row["code"] = change.get(row["commune_slug"], row["code"])
    path = tmp_path / "communes.csv"
    with path.open("w", encoding="utf-8", newline="") as changed:
        writer = csv.DictWriter(changed, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    with pytest.raises(ValueError, match=re.escape(refusal)):
        load_reference(path)


# ---- at raise -------------------------------------------------------------------------------
def test_files_are_numbered_in_their_commune_s_year_from_one(tracker_app, people, clock):
    segou = [raise_one(tracker_app, people, clock) for _ in range(2)]
    niono = raise_one(tracker_app, people, clock, by="sec_niono", commune="niono")
    segou.append(raise_one(tracker_app, people, clock))

    assert [reference_of(tracker_app, people, r) for r in segou] == [
        "SEG-2026-001", "SEG-2026-002", "SEG-2026-003"]
    assert reference_of(tracker_app, people, niono) == "NIO-2026-001"


def test_the_year_is_the_application_clock_s_and_a_new_year_starts_again_at_one(
        tracker_app, people, clock):
    clock.now = datetime(2026, 12, 31, 23, 30, tzinfo=timezone.utc)
    last = raise_one(tracker_app, people, clock, meeting_date=clock.today)
    clock.advance(hours=1)
    first = raise_one(tracker_app, people, clock, meeting_date=clock.today)

    assert reference_of(tracker_app, people, last) == "SEG-2026-001"
    assert reference_of(tracker_app, people, first) == "SEG-2027-001"


def test_the_reference_is_in_the_raised_event_saved_with_the_number(
        tracker_app, people, clock, head):
    before = head()
    result = raise_one(tracker_app, people, clock)

    [raised] = tracker_app.events.get(result.recommendation_id)
    assert raised.reference == "SEG-2026-001"
    register = tracker_app.repository.get(register_id("SEG", 2026))
    assert register.file_numbered(1) == str(result.recommendation_id)
    assert head() == before + 2 == result.position  # the file and its number, together


def test_a_repeated_request_keeps_its_first_number_and_takes_none(tracker_app, people, clock):
    first = raise_one(tracker_app, people, clock, request_id="formulaire-1")
    again = raise_one(tracker_app, people, clock, request_id="formulaire-1")
    other = raise_one(tracker_app, people, clock)

    assert again.repeated and again.recommendation_id == first.recommendation_id
    assert reference_of(tracker_app, people, again) == "SEG-2026-001"
    assert reference_of(tracker_app, people, other) == "SEG-2026-002"


def test_a_refused_raise_takes_no_number(tracker_app, people, clock, head):
    before = head()
    with pytest.raises(Exception):
        raise_one(tracker_app, people, clock, title="abc")
    assert head() == before

    assert reference_of(tracker_app, people, raise_one(tracker_app, people, clock)) == \
        "SEG-2026-001"


def test_a_raise_whose_number_was_taken_meanwhile_takes_the_next(
        tracker_app, settings, people, clock, monkeypatch):
    other_worker = Tracker(settings, clock=clock)
    read_numbers = other_worker._numbering

    def read_then_let_the_first_worker_raise(*args, **kwargs):
        numbering = read_numbers(*args, **kwargs)
        if not hasattr(read_then_let_the_first_worker_raise, "done"):
            read_then_let_the_first_worker_raise.done = True
            raise_one(tracker_app, people, clock)  # takes SEG-2026-001 first
        return numbering

    monkeypatch.setattr(other_worker, "_numbering", read_then_let_the_first_worker_raise)
    try:
        late = other_worker.raise_recommendation(people["sec_segou"], **raise_fields(clock))
    finally:
        other_worker.close()

    assert late.created and reference_of(tracker_app, people, late) == "SEG-2026-002"
    register = tracker_app.repository.get(register_id("SEG", 2026))
    assert register.file_numbered(2) == str(late.recommendation_id)


def test_a_raise_that_keeps_losing_its_number_is_refused_and_records_nothing(
        tracker_app, people, clock, head, monkeypatch):
    raise_one(tracker_app, people, clock)
    before = head()
    # Always the register as it was before that first file: every save is stale.
    monkeypatch.setattr(tracker_app, "_numbering", lambda commune, year=None: Numbering(
        None, code="SEG", year=2026, commune="segou"))

    with pytest.raises(StaleVersion):
        raise_one(tracker_app, people, clock)
    assert head() == before


@pytest.mark.parametrize("workers, raises_each", [(2, 4)])
def test_trackers_raising_at_once_get_distinct_consecutive_numbers(
        tracker_app, settings, people, clock, workers, raises_each):
    # Two web workers (two Tracker instances, one database) raising at the same moment.
    instances = [tracker_app] + [Tracker(settings, clock=clock) for _ in range(workers - 1)]
    start = threading.Barrier(workers)
    results: list = [[] for _ in range(workers)]
    failures: list = []

    def worker(index):
        start.wait()
        try:
            for _ in range(raises_each):
                results[index].append(instances[index].raise_recommendation(
                    people["sec_segou"], **raise_fields(clock)))
        except Exception as error:  # noqa: BLE001 - reported in the assertion below
            failures.append(repr(error))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for instance in instances[1:]:
        instance.close()

    assert not failures
    references = [reference_of(tracker_app, people, result)
                  for mine in results for result in mine]
    assert sorted(references) == [f"SEG-2026-{n:03d}" for n in range(1, 1 + workers * 4)]
    register = tracker_app.repository.get(register_id("SEG", 2026))
    assert sorted(register.files) == sorted(str(result.recommendation_id)
                                            for mine in results for result in mine)


# ---- a sitting --------------------------------------------------------------------------------
def test_a_sitting_numbers_each_of_its_files_in_the_order_of_its_rows(
        tracker_app, people, clock, head):
    raise_one(tracker_app, people, clock)  # SEG-2026-001
    session_id = record(tracker_app, people, clock).recommendation_id
    before = head()

    sitting = tracker_app.raise_from_session(people["sec_segou"], session_id, items(3))

    assert [tracker_app.recommendation(people["auditor"], file_id).reference
            for file_id in sitting.ids] == ["SEG-2026-002", "SEG-2026-003", "SEG-2026-004"]
    assert head() == before + 9  # per file: raised, attached, numbered
    again = tracker_app.raise_from_session(people["sec_segou"], session_id, items(4))
    assert again.ids[:3] == sitting.ids
    assert tracker_app.recommendation(people["auditor"], again.ids[3]).reference == \
        "SEG-2026-005"


def test_a_sitting_with_one_request_key_on_two_rows_is_refused(tracker_app, people, clock,
                                                               head):
    session_id = record(tracker_app, people, clock).recommendation_id
    rows = items(2)
    rows[1]["request_id"] = rows[0]["request_id"]
    before = head()

    with pytest.raises(Exception) as refusal:
        tracker_app.raise_from_session(people["sec_segou"], session_id, rows)

    assert list(refusal.value.errors["items"]) == ["1"]
    assert head() == before


# ---- reading a reference ----------------------------------------------------------------------
@pytest.mark.parametrize("typed", ["SEG-2026-002", "seg-2026-2", " Seg-2026-0002 "])
def test_a_reference_leads_to_its_file_however_it_is_typed(tracker_app, people, clock, typed):
    raise_one(tracker_app, people, clock)
    second = raise_one(tracker_app, people, clock)

    for reader in ("sec_segou", "reg_segou", "crss", "auditor"):
        assert tracker_app.file_by_reference(people[reader], typed).id == \
            second.recommendation_id


@pytest.mark.parametrize("typed, reader", [
    ("SEG-2026-003", "crss"), ("SEG-2025-001", "crss"), ("ABC-2026-001", "crss"),
    ("n'importe quoi", "crss"), ("SEG-2026-001", "sec_mopti"), ("SEG-2026-001", "reg_mopti"),
    ("SEG-2026-001", "sec_niono")])
def test_an_unknown_reference_and_a_file_out_of_territory_are_the_same_404(
        tracker_app, people, clock, typed, reader):
    raise_one(tracker_app, people, clock)
    raise_one(tracker_app, people, clock)

    with pytest.raises(NotFound) as refusal:
        tracker_app.file_by_reference(people[reader], typed)
    assert str(refusal.value) == f"Aucun dossier accessible ne porte le numéro « {typed} »."


# ---- files raised before references existed ---------------------------------------------------
def raised_before_references(tracker_app, people, clock, commune="segou", at=None):
    """A file as stored before this release: its Raised event has no reference at all."""
    by = {"segou": "sec_segou", "niono": "sec_niono", "mopti": "sec_mopti"}[commune]
    now = at or clock.now
    file = Recommendation.raise_new(
        actor=people[by].actor, now=now, region=tracker_app.reference.region_of(commune),
        **{**raise_fields(clock, commune=commune), "meeting_date": now.date()})
    [event] = file.collect_events()
    object.__setattr__(event, "timestamp", now)
    stored = tracker_app.mapper.to_stored_event(event)
    state = json.loads(stored.state)
    del state["reference"]
    tracker_app.recorder.insert_events([replace(stored, state=json.dumps(state).encode())])
    return file.id


def test_a_file_raised_before_references_loads_without_one(tracker_app, people, clock):
    file_id = raised_before_references(tracker_app, people, clock)

    file = tracker_app.recommendation(people["sec_segou"], file_id)
    assert file.reference is None and file.title == "Éclairage public du grand marché"


def test_older_files_get_their_references_once_in_the_order_they_were_raised(
        tracker_app, people, clock):
    def moment(day):
        return datetime.fromisoformat(day).replace(hour=9, tzinfo=timezone.utc)

    # Stored out of order: the numbers follow the time of raise, not the log.
    late_2025 = raised_before_references(tracker_app, people, clock, at=moment("2025-11-02"))
    early_2025 = raised_before_references(tracker_app, people, clock, at=moment("2025-03-01"))
    niono = raised_before_references(tracker_app, people, clock, "niono", moment("2025-06-01"))
    in_2026 = raised_before_references(tracker_app, people, clock, at=moment("2026-01-15"))
    numbered = raise_one(tracker_app, people, clock)  # after the release: SEG-2026-001

    assignment = tracker_app.assign_references()

    assert assignment.assigned == {
        str(early_2025): "SEG-2025-001", str(niono): "NIO-2025-001",
        str(late_2025): "SEG-2025-002", str(in_2026): "SEG-2026-002"}
    assert assignment.already_numbered == 1 and assignment.without_code == []
    file = tracker_app.recommendation(people["auditor"], early_2025)
    assert file.reference == "SEG-2025-001"
    events = list(tracker_app.events.get(early_2025))
    assert [type(e).__name__ for e in events] == ["Raised", "ReferenceAssigned"]
    assert not hasattr(events[0], "reference")  # the Raised event is as it was
    assert tracker_app.file_by_reference(people["crss"], "SEG-2025-2").id == late_2025
    assert reference_of(tracker_app, people, numbered) == "SEG-2026-001"

    again = tracker_app.assign_references()

    assert again.assigned == {} and again.already_numbered == 5
    assert len(list(tracker_app.events.get(early_2025))) == 2
    following = raise_one(tracker_app, people, clock)
    assert reference_of(tracker_app, people, following) == "SEG-2026-003"


def test_two_runs_at_once_give_each_older_file_one_reference(tracker_app, settings, people,
                                                            clock):
    files = [raised_before_references(tracker_app, people, clock, at=clock.now - timedelta(
        days=30 - day)) for day in range(6)]
    other = Tracker(settings, clock=clock)
    start = threading.Barrier(2)
    runs: list = []

    def run(instance):
        start.wait()
        runs.append(instance.assign_references())

    threads = [threading.Thread(target=run, args=(instance,))
               for instance in (tracker_app, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    other.close()

    given = [reference for result in runs for reference in result.assigned.values()]
    assert sorted(given) == [f"SEG-2026-{n:03d}" for n in range(1, 7)]
    assert [tracker_app.recommendation(people["auditor"], file_id).reference
            for file_id in files] == [f"SEG-2026-{n:03d}" for n in range(1, 7)]
    register: FileNumbers = tracker_app.repository.get(register_id("SEG", 2026))
    assert register.files == [str(file_id) for file_id in files]


# ---- what a process remembers of a register ---------------------------------------------------
def test_a_process_numbers_its_next_file_without_reading_the_register_again(
        tracker_app, people, clock, monkeypatch):
    raise_one(tracker_app, people, clock)
    register = register_id("SEG", clock.today.year)
    read, real_select = [], tracker_app.recorder.select_events

    def select_events(originator_id, *args, **kwargs):
        read.append(originator_id)
        return real_select(originator_id, *args, **kwargs)
    monkeypatch.setattr(tracker_app.recorder, "select_events", select_events)

    second = raise_one(tracker_app, people, clock)

    assert register not in read
    assert reference_of(tracker_app, people, second) == f"SEG-{clock.today.year}-002"


def test_a_process_that_missed_another_ones_numbers_takes_the_next_one(
        tracker_app, settings, people, clock):
    other = Tracker(settings, clock=clock)
    try:
        first = raise_one(tracker_app, people, clock)   # remembered here: 001
        second = raise_one(other, people, clock)        # taken elsewhere: 002
        third = raise_one(tracker_app, people, clock)   # 002 is taken: read again, 003
        fourth = raise_one(other, people, clock)        # and the other way round: 004
    finally:
        other.close()

    year = clock.today.year
    assert [reference_of(tracker_app, people, result)
            for result in (first, second, third, fourth)] == [
        f"SEG-{year}-{n:03d}" for n in (1, 2, 3, 4)]
    register = tracker_app.repository.get(register_id("SEG", year))
    assert register.files == [str(result.recommendation_id)
                              for result in (first, second, third, fourth)]
