"""Verification checks attachments' files too: the chain proves which sha256 each event
named, and ``Chain.verify`` checks that the blob store still holds bytes hashing to each of
them; a file missing or altered is named (its hash, its name, its event) — on both event
stores and both blob stores."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image
from sqlalchemy import update

from storage.blobs import DATABASE
from storage.tables import blobs as blob_table
from tests.tracker.scenario import raise_one
from tests.tracker.test_chain import EventTable, flip_a_byte
from tracker.chain import Chain
from tracker.file_check import MOST_NAMED


@pytest.fixture(params=["folder", DATABASE])
def blob_store(request, tmp_path) -> str:
    """Each test here runs on a folder of blobs and on the blobs' table."""
    return str(tmp_path / "blobs") if request.param == "folder" else DATABASE


@pytest.fixture
def chain(tracker_app, clock):
    chain = Chain(tracker_app, clock=clock)
    yield chain
    chain.engine.dispose()


def pdf(text: str = "Procès-verbal") -> bytes:
    return b"%PDF-1.7\n% " + text.encode() + b"\n%%EOF\n"


def png() -> bytes:
    image = BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(image, "PNG")
    return image.getvalue()


def note_with_files(tracker, people, recommendation_id, files) -> tuple[int, list[dict]]:
    """The secretary's note bringing ``files`` ((name, bytes) pairs): its position and the
    attachments its event recorded."""
    result = tracker.act(people["sec_segou"], recommendation_id, "note",
                         note="Pièces du dossier jointes.", files=files)
    event = tracker.mapper.to_domain_event(
        tracker.recorder.select_notifications(start=result.position, limit=1)[0])
    return result.position, event.attachments


@pytest.fixture
def filed(tracker_app, people, clock, chain):
    """A recommendation with minutes (PDF) and a photo (a JPEG once stored, with its
    thumbnail), the minutes attached again later; sealed. Returns (position, attachments)
    of the first note."""
    recommendation_id = raise_one(tracker_app, people, clock).recommendation_id
    noted = note_with_files(tracker_app, people, recommendation_id,
                            [("pv-séance.pdf", pdf()), ("marché.png", png())])
    note_with_files(tracker_app, people, recommendation_id, [("pv-séance.pdf", pdf())])
    chain.seal()
    return noted


def alter(tracker, sha256: str) -> None:
    """Change a stored file's bytes behind the application's back, in either store."""
    if tracker.settings.blob_store == DATABASE:
        with tracker.blobs.engine.begin() as connection:
            connection.execute(update(blob_table).where(blob_table.c.sha256 == sha256)
                               .values(data=b"%PDF-1.7\n% autre chose\n%%EOF\n"))
    else:
        tracker.blobs.path(sha256).write_bytes(b"%PDF-1.7\n% autre chose\n%%EOF\n")


def test_intact_files_are_counted_once_each_with_thumbnails(chain, filed):
    verdict = chain.verify()

    # The minutes (attached twice), the photo and its thumbnail.
    assert verdict.ok and verdict.files == 3 and verdict.faulty_files == 0
    assert "3 fichiers joints présents et conformes" in verdict.message


def test_a_file_altered_in_the_store_is_named_with_its_name_and_event(
        tracker_app, chain, filed):
    position, (minutes, _photo) = filed
    alter(tracker_app, minutes["sha256"])

    verdict = chain.verify()

    assert not verdict.ok and verdict.first_broken is None and verdict.faulty_files == 1
    assert "1 fichiers joints sur 3" in verdict.message
    assert verdict.file_problems == (
        f"Pièce jointe altérée : {minutes['sha256']} (« pv-séance.pdf », "
        f"événement {position}).",)
    assert chain.last_verification().ok is False


def test_a_deleted_file_and_a_deleted_thumbnail_are_named(tracker_app, chain, filed):
    position, (minutes, photo) = filed
    tracker_app.blobs.delete(minutes["sha256"])
    tracker_app.blobs.delete(photo["thumbnail_sha256"])

    verdict = chain.verify()

    assert not verdict.ok and verdict.faulty_files == 2
    assert verdict.file_problems == (
        f"Pièce jointe absente : {minutes['sha256']} (« pv-séance.pdf », "
        f"événement {position}).",
        f"Vignette absente : {photo['thumbnail_sha256']} (de « marché.jpg », "
        f"événement {position}).")


def test_the_files_of_events_not_sealed_yet_are_checked_too(
        tracker_app, people, clock, chain, filed):
    recommendation_id = raise_one(tracker_app, people, clock).recommendation_id
    position, (late,) = note_with_files(tracker_app, people, recommendation_id,
                                        [("lettre.pdf", pdf("Lettre du maire"))])
    tracker_app.blobs.delete(late["sha256"])

    verdict = chain.verify()

    # Unsealed: the file, its number, the note.
    assert not verdict.ok and verdict.unsealed == 3
    assert verdict.file_problems == (
        f"Pièce jointe absente : {late['sha256']} (« lettre.pdf », événement {position}).",)


def test_past_the_first_twenty_faulty_files_are_counted_not_named(
        tracker_app, people, clock, chain):
    recommendation_id = raise_one(tracker_app, people, clock).recommendation_id
    for batch in range(5):
        note_with_files(tracker_app, people, recommendation_id,
                        [(f"pv-{batch}-{number}.pdf", pdf(f"Pièce {batch}-{number}"))
                         for number in range(5)])
    for sha256, _stored_at in list(tracker_app.blobs.stored()):
        tracker_app.blobs.delete(sha256)

    verdict = chain.verify()

    assert verdict.faulty_files == 25 and len(verdict.file_problems) == MOST_NAMED == 20
    assert "25 fichiers joints sur 25" in verdict.message
    assert "pv-0-0.pdf" in verdict.file_problems[0]  # in the order of the log


def test_a_tampered_event_that_brought_files_is_the_chains_to_name(chain, filed):
    position, _attachments = filed
    table = EventTable(chain)
    table.set_state(position, flip_a_byte(table.state(position)))

    verdict = chain.verify()

    assert not verdict.ok and verdict.first_broken == position
    assert "Chaîne rompue" in verdict.message


def test_only_events_that_may_name_files_are_decoded(
        tracker_app, chain, filed, monkeypatch):
    # Decoding every event would double a verification of a million of them.
    decoded = []
    original = tracker_app.mapper.to_domain_event
    monkeypatch.setattr(tracker_app.mapper, "to_domain_event",
                        lambda stored: decoded.append(stored.id) or original(stored))

    assert chain.verify().ok

    assert decoded == [filed[0], filed[0] + 1]
