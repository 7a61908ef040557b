"""A file (and a session) counts the files its events brought, so that the API asks the
attachments' read model only for those that have some: when raised with some, when later
events bring more, and as the events are folded again from the log."""

from __future__ import annotations

from eventsourcing.application import project_aggregate

from tests.domain.lifecycle import give, raised
from tests.domain.test_session import recorded

PDF = dict(sha256="a" * 64, original_sha256="a" * 64, size=1200,
           media_type="application/pdf", name="proces-verbal.pdf")
PHOTO = dict(sha256="b" * 64, original_sha256="c" * 64, size=5400, media_type="image/jpeg",
             name="marche.jpg", width=800, height=600, thumbnail_sha256="d" * 64)


def _folded_again(aggregate):
    return project_aggregate(None, aggregate.collect_events())


def test_a_file_raised_without_files_counts_none_then_what_notes_bring():
    file = raised()
    assert file.attachment_count == 0
    give(file, "note", attachments=[PDF, PHOTO])
    give(file, "note")
    give(file, "note", attachments=[PDF])
    assert file.attachment_count == 3
    assert _folded_again(file).attachment_count == 3


def test_a_file_raised_with_files_counts_them_from_its_first_event():
    file = raised(attachments=[PHOTO])
    assert file.attachment_count == 1
    assert _folded_again(file).attachment_count == 1


def test_a_session_counts_its_files_too():
    assert recorded().attachment_count == 0
    session = recorded(attachments=[PDF])
    assert session.attachment_count == 1
    assert _folded_again(session).attachment_count == 1
