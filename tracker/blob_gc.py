"""Removing the blobs no event references (``flask --app wsgi blobs gc``).

A file is stored before the event that brings it (tracker/uploads.py): when the command is
then refused, or the request dies between the two, its bytes stay behind with nothing
pointing at them. The log is the only judge of what is referenced: every event that ever
carried an attachment keeps its bytes forever, whatever the file's state now."""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.attachments import attachments_of
from tracker.chain import BATCH_SIZE

# Longer than any request takes from storing its files to recording its event: a blob
# this young may belong to an event being written now.
GRACE = timedelta(hours=1)


def referenced_blobs(tracker) -> set[str]:
    """The sha256 of every image, thumbnail and PDF that an event of the log carries."""
    referenced: set[str] = set()
    start = 1
    while True:
        notifications = tracker.recorder.select_notifications(start=start, limit=BATCH_SIZE)
        if not notifications:
            return referenced
        for notification in notifications:
            # Every event is decoded: its stored form is the mapper's to read, and an
            # attachment missed here would be deleted for ever.
            for attachment in attachments_of(tracker.mapper.to_domain_event(notification)):
                referenced.update(attachment[key] for key in ("sha256", "thumbnail_sha256")
                                  if attachment.get(key))
        start = notifications[-1].id + 1


def collect_garbage(tracker, now: datetime, older_than: timedelta = GRACE) -> list[str]:
    """Delete every blob stored before ``now - older_than`` that no event references;
    returns their sha256, sorted."""
    cutoff = now - older_than
    candidates = {sha256 for sha256, stored_at in tracker.blobs.stored()
                  if stored_at < cutoff}
    if not candidates:
        return []
    # The log is read after the blobs are listed: an event recorded meanwhile is seen.
    unreferenced = sorted(candidates - referenced_blobs(tracker))
    for sha256 in unreferenced:
        tracker.blobs.delete(sha256)
    return unreferenced
