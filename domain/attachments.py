"""Attachments as events carry them: evidence (signed minutes, letters, photos) described by
the hashes of its bytes, so the audit chain that covers the events covers the files too.

An event that brings files holds ``attachments``: a list (at most ``MOST_ATTACHMENTS``) of
descriptors, each with
- ``sha256``: of the bytes as stored (after re-encoding, for an image);
- ``original_sha256``: of the bytes as uploaded (never stored: a photo's GPS position stays
  out of the system, but the upload it came from can still be recognised);
- ``size`` (bytes stored), ``media_type`` (one of ``MEDIA_TYPES``), ``name`` (the upload's
  file name, made safe);
- for images, ``width`` and ``height`` (pixels) and ``thumbnail_sha256`` (the small image
  shown in pages); None for a PDF.

The bytes live in a blob store (storage/blobs.py), written before the event; deciding a
file's type and re-encoding it is the application's (tracker/uploads.py)."""

from __future__ import annotations

import re
import unicodedata

from domain.errors import InvalidInput
from domain.messages import N_

MOST_ATTACHMENTS = 5
IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp")
MEDIA_TYPES = IMAGE_TYPES + ("application/pdf",)
LONGEST_NAME = 120
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_KEYS = ("sha256", "original_sha256", "size", "media_type", "name", "width", "height",
         "thumbnail_sha256")


def safe_name(name: str | None, media_type: str) -> str:
    """A file name fit to show and to offer for download: no folders, no control or
    invisible characters, no quotes, at most ``LONGEST_NAME`` characters, with the
    extension of its real type."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFC", name)
    name = "".join(" " if unicodedata.category(char)[0] in "CZ" else char
                   for char in name if char not in "\"'<>:|?*")
    name = " ".join(name.split()).strip(" .")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    extension = EXTENSIONS[media_type]
    return (stem[:LONGEST_NAME - len(extension)] or "piece-jointe") + extension


EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp",
              "application/pdf": ".pdf"}


def clean_attachments(attachments) -> list[dict] | None:
    """The descriptors an event will carry, checked (None: no file, and the event says
    nothing of files); refused (``attachments``) otherwise."""
    if attachments in (None, (), []):
        return None
    if not isinstance(attachments, (list, tuple)):
        raise InvalidInput({"attachments": [N_("Pièces jointes illisibles.")]})
    if len(attachments) > MOST_ATTACHMENTS:
        raise InvalidInput({"attachments": [N_(
            "%(most)d pièces jointes au plus par action.", most=MOST_ATTACHMENTS)]})
    cleaned = []
    for item in attachments:
        if not isinstance(item, dict) or not _valid(item):
            raise InvalidInput({"attachments": [N_("Pièces jointes illisibles.")]})
        cleaned.append({key: item.get(key) for key in _KEYS})
    return cleaned


def _valid(item: dict) -> bool:
    media_type = item.get("media_type")
    if media_type not in MEDIA_TYPES or set(item) - set(_KEYS):
        return False
    if not all(_is_hash(item.get(key)) for key in ("sha256", "original_sha256")):
        return False
    if not _count(item.get("size")) or not isinstance(item.get("name"), str) \
            or not 1 <= len(item["name"]) <= LONGEST_NAME:
        return False
    image = (item.get("width"), item.get("height"), item.get("thumbnail_sha256"))
    if media_type in IMAGE_TYPES:
        return _count(image[0]) and _count(image[1]) and _is_hash(image[2])
    return image == (None, None, None)


def _is_hash(value) -> bool:
    return isinstance(value, str) and _SHA256.match(value) is not None


def _count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def attachments_of(event) -> list[dict]:
    """What an event brought (events recorded before attachments existed brought none)."""
    return list(getattr(event, "attachments", None) or [])


def count_attachments(event, aggregate) -> None:
    """Add the files ``event`` brought to its aggregate's ``attachment_count``."""
    aggregate.attachment_count += len(attachments_of(event))
