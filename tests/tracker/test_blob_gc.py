"""The blob garbage collector (tracker/blob_gc.py): what the log references stays, what it
does not is removed once older than the grace period — on both blob stores, over both
event stores."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from io import BytesIO

import pytest
from eventsourcing.domain import Aggregate
from PIL import Image
from sqlalchemy import update

from storage.blobs import DATABASE, FolderBlobStore
from storage.tables import blobs as blob_table
from tests.conftest import raise_fields
from tracker import blob_gc
from tracker.blob_gc import collect_garbage, referenced_blobs
from tracker.config import Settings
from tracker.uploads import MEGABYTE, prepare_upload

PDF = b"%PDF-1.4\n%%EOF\n"


class Evidence(Aggregate):
    """Stands in for a file whose event brings attachments: an event of the log carrying
    ``attachments``, whichever command records it."""

    def __init__(self, attachments: list):
        self.attachments = attachments


@pytest.fixture(params=["folder", DATABASE])
def blob_store(request, tmp_path) -> str:
    return str(tmp_path / "blobs") if request.param == "folder" else DATABASE


@pytest.fixture
def settings(database_url, blob_store) -> Settings:
    return Settings(database_url=database_url, blob_store=blob_store)


def backdate(store, sha256: str, when: datetime) -> None:
    """Make a blob look stored at ``when``."""
    if isinstance(store, FolderBlobStore):
        os.utime(store.path(sha256), (when.timestamp(), when.timestamp()))
        return
    with store.engine.begin() as connection:
        connection.execute(update(blob_table).where(blob_table.c.sha256 == sha256)
                           .values(stored_at=when))


def photo(colour) -> bytes:
    out = BytesIO()
    Image.new("RGB", (80, 60), colour).save(out, "JPEG")
    return out.getvalue()


def attach(tracker_app, *files: tuple[str, bytes]) -> list[dict]:
    """Upload ``files`` and record an event carrying them."""
    attachments = [prepare_upload(name, data, max_bytes=MEGABYTE, blobs=tracker_app.blobs)
                   for name, data in files]
    tracker_app.save(Evidence(attachments))
    return attachments


def test_a_log_without_attachments_references_nothing(tracker_app, people, clock):
    tracker_app.raise_recommendation(people["sec_segou"], **raise_fields(clock))
    assert referenced_blobs(tracker_app) == set()


def test_every_image_its_thumbnail_and_every_pdf_of_the_log_are_referenced(
        tracker_app, people, clock, monkeypatch):
    monkeypatch.setattr(blob_gc, "BATCH_SIZE", 2)  # the log is read in several batches
    first = attach(tracker_app, ("reunion.jpg", photo((200, 40, 40))), ("pv.pdf", PDF))
    tracker_app.raise_recommendation(people["sec_segou"], **raise_fields(clock))
    second = attach(tracker_app, ("marche.jpg", photo((40, 200, 40))))

    assert referenced_blobs(tracker_app) == {
        first[0]["sha256"], first[0]["thumbnail_sha256"], first[1]["sha256"],
        second[0]["sha256"], second[0]["thumbnail_sha256"]}


def test_gc_removes_only_old_blobs_that_no_event_references(tracker_app):
    now = datetime.now(timezone.utc)
    store = tracker_app.blobs
    kept = attach(tracker_app, ("reunion.jpg", photo((200, 40, 40))))[0]
    orphan = prepare_upload("refusee.jpg", photo((40, 40, 200)), max_bytes=MEGABYTE,
                            blobs=store)
    young = store.put(PDF)  # its event may be being recorded right now
    for sha256 in (kept["sha256"], kept["thumbnail_sha256"], orphan["sha256"],
                   orphan["thumbnail_sha256"]):
        backdate(store, sha256, now - timedelta(days=2))
    backdate(store, young, now - timedelta(minutes=59))

    removed = collect_garbage(tracker_app, now)

    assert removed == sorted([orphan["sha256"], orphan["thumbnail_sha256"]])
    assert {sha256 for sha256, _ in store.stored()} == {
        kept["sha256"], kept["thumbnail_sha256"], young}
    assert collect_garbage(tracker_app, now) == []
    # Past the grace period, the young file goes too.
    assert collect_garbage(tracker_app, now + timedelta(minutes=2)) == [young]


def test_gc_asks_the_log_nothing_when_no_blob_is_old_enough(tracker_app, monkeypatch):
    tracker_app.blobs.put(PDF)
    monkeypatch.setattr(blob_gc, "referenced_blobs", lambda tracker: pytest.fail("read"))
    assert collect_garbage(tracker_app, datetime.now(timezone.utc)) == []


def test_gc_follows_the_references_it_is_given(tracker_app, monkeypatch):
    now = datetime.now(timezone.utc)
    store = tracker_app.blobs
    referenced, unreferenced = store.put(PDF), store.put(PDF + b"\n")
    for sha256 in (referenced, unreferenced):
        backdate(store, sha256, now - timedelta(hours=3))
    monkeypatch.setattr(blob_gc, "referenced_blobs", lambda tracker: {referenced})

    assert collect_garbage(tracker_app, now, older_than=timedelta(hours=2)) == [unreferenced]
    assert store.get(referenced) == PDF and store.get(unreferenced) is None


def test_a_file_uploaded_again_is_young_again(tracker_app):
    """The same bytes stored a day ago by a refused command and uploaded again now, for an
    event being written: gc must not take them from under that event."""
    now = datetime.now(timezone.utc)
    store = tracker_app.blobs
    sha256 = store.put(PDF)
    backdate(store, sha256, now - timedelta(days=1))

    assert store.put(PDF) == sha256

    assert collect_garbage(tracker_app, now + timedelta(minutes=1)) == []
    assert store.get(sha256) == PDF
