"""Reference numbers: how they are written and read, the register that gives each number
once, and the reference a file carries from its raise (or from the operator's assignment)."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain.errors import NothingChanged
from domain.file_numbers import (
    FileNumbers, Numbering, canonical_reference, format_reference, parse_reference,
    register_id,
)
from domain.fold import file_changes
from tests.domain.lifecycle import raised


@pytest.mark.parametrize("number, written", [
    (1, "SEG-2026-001"), (14, "SEG-2026-014"), (999, "SEG-2026-999"),
    (1000, "SEG-2026-1000"), (12345, "SEG-2026-12345")])
def test_the_number_has_three_digits_at_least_and_more_past_999(number, written):
    assert format_reference("SEG", 2026, number) == written


@pytest.mark.parametrize("typed, read", [
    ("SEG-2026-014", ("SEG", 2026, 14)), ("seg-2026-14", ("SEG", 2026, 14)),
    ("  Nio-2025-1 ", ("NIO", 2025, 1)), ("BKS-2026-1000", ("BKS", 2026, 1000))])
def test_a_reference_is_read_in_any_case_with_or_without_its_zeros(typed, read):
    assert parse_reference(typed) == read


@pytest.mark.parametrize("typed", [
    "", None, "SEG-2026", "SEGO-2026-014", "SE-2026-014", "SEG-26-014", "SEG-2026-000",
    "SEG 2026 014", "SEG-2026-014x", "1EG-2026-014", "SEG-2026--14"])
def test_what_is_not_a_reference_is_not_read_as_one(typed):
    assert parse_reference(typed) is None
    assert canonical_reference(typed) is None


def test_a_typed_reference_is_written_back_as_files_carry_it():
    assert canonical_reference("seg-2026-14") == "SEG-2026-014"


def test_each_prefix_has_its_own_register():
    assert register_id("SEG", 2026) == register_id("SEG", 2026)
    assert len({register_id("SEG", 2026), register_id("SEG", 2027),
                register_id("NIO", 2026)}) == 3


def test_numbers_are_taken_one_after_the_other_from_one():
    numbering = Numbering(None, code="SEG", year=2026, commune="segou")
    files = [uuid4() for _ in range(3)]

    assert numbering.next_reference == "SEG-2026-001"
    assert numbering.next_reference == "SEG-2026-001"  # looking is not taking
    assert [numbering.take(file) for file in files] == [
        "SEG-2026-001", "SEG-2026-002", "SEG-2026-003"]
    register = numbering.register
    assert register.id == register_id("SEG", 2026)
    assert [register.file_numbered(n) for n in (1, 2, 3)] == [str(file) for file in files]
    assert register.file_numbered(4) is None and register.file_numbered(0) is None
    assert [type(e).__name__ for e in register.collect_events()] == [
        "Started", "NumberIssued", "NumberIssued"]


def test_numbers_continue_from_the_register_on_record():
    register = FileNumbers(code="NIO", year=2026, commune="niono", number=1,
                           recommendation_id=str(uuid4()))
    register.collect_events()  # as if saved
    numbering = Numbering(register=register, code="NIO", year=2026, commune="niono")

    assert numbering.take(uuid4()) == "NIO-2026-002"
    [issued] = register.collect_events()
    assert issued.number == 2 and issued.originator_version == 2


def test_numbers_continue_from_the_last_number_on_record_without_the_register():
    numbering = Numbering((41, 41), code="NIO", year=2026, commune="niono")
    files = [uuid4(), uuid4()]

    assert numbering.next_reference == "NIO-2026-042"
    assert [numbering.take(file) for file in files] == ["NIO-2026-042", "NIO-2026-043"]
    issued = numbering.to_save
    assert [type(event).__name__ for event in issued] == ["NumberIssued", "NumberIssued"]
    assert [(e.originator_id, e.originator_version, e.number, e.recommendation_id)
            for e in issued] == [(register_id("NIO", 2026), 42, 42, str(files[0])),
                                 (register_id("NIO", 2026), 43, 43, str(files[1]))]
    assert numbering.register is None and numbering.numbers == [42, 43]


def test_a_file_carries_the_reference_it_was_raised_with():
    file = raised(reference="SEG-2026-014")

    assert file.reference == "SEG-2026-014"
    [event] = file.collect_events()
    assert event.reference == "SEG-2026-014"
    assert file_changes(event)["reference"] == "SEG-2026-014"


def test_a_file_raised_without_a_reference_is_given_one_once():
    file = raised()
    assert file.reference is None

    file.assign_reference("SEG-2025-003")

    assert file.reference == "SEG-2025-003"
    assert type(file.collect_events()[-1]).__name__ == "ReferenceAssigned"
    with pytest.raises(NothingChanged):
        file.assign_reference("SEG-2025-004")
    assert file.reference == "SEG-2025-003" and not file.collect_events()
