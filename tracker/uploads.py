"""What becomes of an uploaded file before an event may carry it (domain/attachments.py).

Its type is decided by its bytes alone: a file name or a browser's content type says what
the sender claims, not what the file is. A PDF is kept as it came. An image is decoded and
written anew: turned upright (EXIF orientation), at most ``LONGEST_SIDE`` pixels, in JPEG
(WebP when it has transparency), and without any of its metadata — a phone's photo carries
where it was taken, and that position must not enter the system. A thumbnail for the pages
goes with it.

Every file of an action is checked before any is stored: a refused upload leaves nothing
in the blob store."""

from __future__ import annotations

import unicodedata
import warnings
from dataclasses import dataclass
from io import BytesIO
from typing import NoReturn

from PIL import Image, ImageOps, UnidentifiedImageError

from domain.attachments import LONGEST_NAME, MOST_ATTACHMENTS, clean_attachments, safe_name
from domain.errors import InvalidInput
from domain.messages import N_
from storage.blobs import sha256_of

MEGABYTE = 1024 * 1024
PDF_SIGNATURE = b"%PDF-"
# The images accepted, as Pillow names their decoders (a JPEG holding several pictures, as
# some phones write, opens too: its first picture is taken).
IMAGE_FORMATS = ("JPEG", "PNG", "WEBP")
# Phones save 12 to 24 megapixels unless told otherwise; past this a file is refused
# before its pixels are decoded (a few kilobytes of PNG can claim gigabytes of pixels).
MOST_MEGAPIXELS = 40
LONGEST_SIDE = 1600
JPEG_QUALITY = 82
WEBP_QUALITY = 80
THUMBNAIL_SIDE = 320
THUMBNAIL_BYTES = 20_000
THUMBNAIL_QUALITIES = (80, 70, 60, 50, 40, 30)


@dataclass(frozen=True)
class _Examined:
    """A file found acceptable, with the bytes to store: nothing is stored yet."""

    name: str
    original_sha256: str
    media_type: str
    data: bytes
    width: int | None = None
    height: int | None = None
    thumbnail: bytes | None = None


def prepare_upload(name: str, data: bytes, *, max_bytes: int, blobs) -> dict:
    """Check one uploaded file, store what is kept of it in ``blobs`` and return the
    descriptor an event carries; refused (``files``) with nothing stored otherwise.
    ``max_bytes`` is the settings' limit (``max_upload_mb * MEGABYTE``)."""
    return _store(_examine(name, data, max_bytes), blobs)


def prepare_uploads(files: list[tuple[str, bytes]], *, max_bytes: int, blobs) -> list[dict]:
    """The descriptors of an action's files, given as (name, bytes). Every file is judged
    first and every refusal is told at once; only when none is refused is any stored."""
    if len(files) > MOST_ATTACHMENTS:
        raise InvalidInput({"files": [N_("%(most)d pièces jointes au plus par action.",
                                         most=MOST_ATTACHMENTS)]})
    examined, refusals = [], []
    for name, data in files:
        try:
            examined.append(_examine(name, data, max_bytes))
        except InvalidInput as refused:
            refusals.extend(refused.errors["files"])
    if refusals:
        raise InvalidInput({"files": refusals})
    return [_store(file, blobs) for file in examined]


def _examine(name: str, data: bytes, max_bytes: int) -> _Examined:
    shown = _shown_name(name)
    if not data:
        _refuse(N_("Le fichier « %(name)s » est vide.", name=shown))
    if len(data) > max_bytes:
        _refuse(N_("Le fichier « %(name)s » dépasse %(most)d Mo.", name=shown,
                   most=max(1, round(max_bytes / MEGABYTE))))
    if data.startswith(PDF_SIGNATURE):
        return _Examined(safe_name(name, "application/pdf"), sha256_of(data),
                         "application/pdf", data)
    return _examine_image(name, shown, data)


def _examine_image(name: str, shown: str, data: bytes) -> _Examined:
    image, transparent = _decoded(shown, data)
    media_type = "image/webp" if transparent else "image/jpeg"
    return _Examined(safe_name(name, media_type), sha256_of(data), media_type,
                     _encoded(image, transparent), image.width, image.height,
                     _thumbnail(image, transparent))


def _decoded(shown: str, data: bytes) -> tuple[Image.Image, bool]:
    """The upload's picture, upright, at most ``LONGEST_SIDE`` pixels, in RGB (RGBA when
    it has transparency, told by the second value) and without metadata; refused when
    Pillow does not know it as JPEG, PNG or WebP, cannot decode it, or it has too many
    pixels."""
    with warnings.catch_warnings():
        # Pillow only warns below twice its own limit: a refusal here, like above it.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            # Only these decoders are tried: no other parser ever reads a stranger's bytes,
            # and what opens is one of these formats.
            image = Image.open(BytesIO(data), formats=IMAGE_FORMATS)
        except UnidentifiedImageError:
            _refuse(N_("Le fichier « %(name)s » n'est ni une image (JPEG, PNG, WebP) ni "
                       "un PDF.", name=shown))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            _refuse_too_many_pixels(shown)
        # Asked of the header, before any pixel is decoded.
        if image.width * image.height > MOST_MEGAPIXELS * 1_000_000:
            _refuse_too_many_pixels(shown)
        _decode_reduced(image)
        try:
            image = ImageOps.exif_transpose(image)  # decodes the pixels
            transparent = _has_transparency(image)
            # Palettes and the like would be resized pixel by pixel: converted first.
            image = image.convert("RGBA" if transparent else "RGB")
            image.thumbnail((LONGEST_SIDE, LONGEST_SIDE), Image.Resampling.LANCZOS)
            return _without_metadata(image), transparent
        except (OSError, SyntaxError, ValueError, EOFError):
            _refuse(N_("L'image « %(name)s » est illisible.", name=shown))


def _decode_reduced(image: Image.Image) -> None:
    """Let a large JPEG be decoded at a half, a quarter or an eighth of its size, while
    that leaves twice ``LONGEST_SIDE`` to resize from (Pillow's own margin for quality): a
    40-megapixel photo then costs the server a quarter of the memory. Other formats
    ignore this."""
    scale = 2 * LONGEST_SIDE / max(image.size)
    if scale < 1:
        image.draft(None, (round(image.width * scale), round(image.height * scale)))


def _has_transparency(image: Image.Image) -> bool:
    """Does any pixel let the background through? (An alpha channel left fully opaque, as
    many PNGs have, does not count: such an image is kept as a JPEG.)"""
    if not image.has_transparency_data:
        return False
    if "A" not in image.getbands():  # a palette's or a colour's transparency, say
        image = image.convert("RGBA")
    return image.getchannel("A").getextrema()[0] < 255


def _without_metadata(image: Image.Image) -> Image.Image:
    """The same pixels in a new image: no EXIF (so no GPS position), XMP, ICC profile or
    comment can follow, whatever an encoder would otherwise copy from the original."""
    return Image.frombytes(image.mode, image.size, image.tobytes())


def _encoded(image: Image.Image, transparent: bool, quality: int | None = None) -> bytes:
    out = BytesIO()
    if transparent:
        image.save(out, "WEBP", lossless=False, quality=quality or WEBP_QUALITY)
    else:
        image.save(out, "JPEG", quality=quality or JPEG_QUALITY, optimize=True,
                   progressive=True)
    return out.getvalue()


def _thumbnail(image: Image.Image, transparent: bool) -> bytes:
    """The small image the pages show, in the stored image's type, at most
    ``THUMBNAIL_BYTES``: its quality is lowered step by step, then its size (a page of a
    file's evidence must stay light on a slow connection)."""
    side = THUMBNAIL_SIDE
    while True:
        small = image.copy()
        small.thumbnail((side, side), Image.Resampling.LANCZOS)
        for quality in THUMBNAIL_QUALITIES:
            data = _encoded(small, transparent, quality)
            if len(data) <= THUMBNAIL_BYTES:
                return data
        side = side * 3 // 4  # a few dozen pixels always fit: the loop ends


def _store(file: _Examined, blobs) -> dict:
    sha256 = blobs.put(file.data)
    thumbnail = blobs.put(file.thumbnail) if file.thumbnail is not None else None
    descriptor = {"sha256": sha256,
                  "original_sha256": file.original_sha256,
                  "size": len(file.data), "media_type": file.media_type, "name": file.name,
                  "width": file.width, "height": file.height, "thumbnail_sha256": thumbnail}
    return clean_attachments([descriptor])[0]


def _shown_name(name: str | None) -> str:
    """The upload's name as a refusal quotes it: no folders, no control or invisible
    characters, not too long (its type being unknown, no extension is given to it)."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(" " if unicodedata.category(char)[0] in "CZ" else char for char in name)
    return " ".join(name.split())[:LONGEST_NAME] or "piece-jointe"


def _refuse(message: str) -> NoReturn:
    raise InvalidInput({"files": [message]})


def _refuse_too_many_pixels(shown: str) -> NoReturn:
    _refuse(N_("L'image « %(name)s » est trop grande (%(most)d mégapixels au plus).",
               name=shown, most=MOST_MEGAPIXELS))
