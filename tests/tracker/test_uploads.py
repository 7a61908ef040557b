"""An uploaded file as the tracker keeps it (tracker/uploads.py): its type told by its
bytes, photos re-encoded without their metadata (no GPS position), a light thumbnail,
refusals that store nothing — on a folder, a SQLite table and a PostgreSQL table."""

from __future__ import annotations

import os
from io import BytesIO

import pytest
from PIL import Image
from sqlalchemy import create_engine

from domain.attachments import clean_attachments
from domain.errors import InvalidInput
from storage.blobs import DatabaseBlobStore, FolderBlobStore, sha256_of
from tests.stores import store_url
from tracker.storage import sql_engine
from tracker.uploads import MEGABYTE, prepare_upload, prepare_uploads

LIMIT = 10 * MEGABYTE
GPS_IFD = 0x8825
ORIENTATION = 0x0112
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(params=["folder", "sqlite", "postgres"])
def blobs(request, tmp_path):
    """An empty blob store of each kind."""
    if request.param == "folder":
        yield FolderBlobStore(tmp_path / "blobs")
        return
    if request.param == "sqlite":
        engine = create_engine(f"sqlite:///{tmp_path / 'blobs.sqlite3'}")
    else:
        engine = sql_engine(store_url("postgres", request, tmp_path))
    yield DatabaseBlobStore(engine)
    engine.dispose()


def encoded(image: Image.Image, kind: str = "JPEG", **options) -> bytes:
    out = BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()


def reopened(data: bytes) -> Image.Image:
    return Image.open(BytesIO(data))


def small_photo(colour=(200, 120, 40)) -> bytes:
    return encoded(Image.new("RGB", (64, 48), colour))


@pytest.fixture(scope="module")
def phone_photo() -> bytes:
    """A 12-megapixel photo of about 5 MB (grain keeps a JPEG that large) that says in its
    EXIF where it was taken: Ségou."""
    scene = Image.linear_gradient("L").resize((4000, 3000)).convert("RGB")
    grain = Image.effect_noise((4000, 3000), 40).convert("RGB")
    exif = Image.Exif()
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (13.0, 26.0, 0.0), 3: "W", 4: (6.0, 16.0, 0.0)})
    return encoded(Image.blend(scene, grain, 0.5), quality=85, exif=exif)


def test_a_phone_photo_is_reduced_and_loses_its_gps_position(blobs, phone_photo):
    assert 4 * MEGABYTE < len(phone_photo) < 7 * MEGABYTE
    assert reopened(phone_photo).getexif().get_ifd(GPS_IFD)[1] == "N"  # it really has one

    attachment = prepare_upload("IMG_2041.JPG", phone_photo, max_bytes=LIMIT, blobs=blobs)

    stored = blobs.get(attachment["sha256"])
    image = reopened(stored)
    assert (image.format, image.size) == ("JPEG", (1600, 1200))
    assert len(image.getexif()) == 0 and GPS_IFD not in image.getexif()
    assert b"Exif" not in stored and "exif" not in image.info
    assert attachment == {
        "sha256": sha256_of(stored), "original_sha256": sha256_of(phone_photo),
        "size": len(stored), "media_type": "image/jpeg", "name": "IMG_2041.jpg",
        "width": 1600, "height": 1200, "thumbnail_sha256": attachment["thumbnail_sha256"]}
    assert clean_attachments([attachment]) == [attachment]
    thumbnail = blobs.get(attachment["thumbnail_sha256"])
    assert len(thumbnail) <= 20_000
    assert reopened(thumbnail).size == (320, 240)
    assert len(reopened(thumbnail).getexif()) == 0


def test_the_uploaded_bytes_themselves_are_never_stored(blobs, phone_photo):
    prepare_upload("IMG_2041.JPG", phone_photo, max_bytes=LIMIT, blobs=blobs)
    assert blobs.get(sha256_of(phone_photo)) is None
    assert len(list(blobs.stored())) == 2  # the photo as re-encoded, and its thumbnail


def test_a_photo_taken_sideways_is_stored_upright(blobs):
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # the camera was turned: show it a quarter turn clockwise
    sideways = encoded(Image.new("RGB", (400, 200), (30, 90, 160)), exif=exif)

    attachment = prepare_upload("portrait.jpg", sideways, max_bytes=LIMIT, blobs=blobs)

    assert (attachment["width"], attachment["height"]) == (200, 400)
    assert reopened(blobs.get(attachment["sha256"])).size == (200, 400)


def test_a_thumbnail_of_fine_detail_is_made_lighter_until_it_fits(blobs):
    # Pure noise at 320 pixels is about three times too heavy at the first quality.
    grain = Image.frombytes("RGB", (320, 240), os.urandom(320 * 240 * 3))
    assert len(encoded(grain, quality=80)) > 20_000

    attachment = prepare_upload("grain.jpg", encoded(grain, quality=95), max_bytes=LIMIT,
                                blobs=blobs)

    assert len(blobs.get(attachment["thumbnail_sha256"])) <= 20_000


def test_a_png_with_transparency_becomes_a_webp(blobs):
    logo = Image.new("RGBA", (2400, 600), (0, 0, 0, 0))
    logo.paste((220, 30, 30, 255), (100, 100, 2300, 500))

    attachment = prepare_upload("logo.png", encoded(logo, "PNG"), max_bytes=LIMIT,
                                blobs=blobs)

    assert (attachment["media_type"], attachment["name"]) == ("image/webp", "logo.webp")
    image = reopened(blobs.get(attachment["sha256"]))
    assert (image.format, image.size, image.mode) == ("WEBP", (1600, 400), "RGBA")
    assert image.getpixel((0, 0))[3] == 0
    assert reopened(blobs.get(attachment["thumbnail_sha256"])).format == "WEBP"


def test_a_png_whose_every_pixel_is_opaque_becomes_a_jpeg(blobs):
    screenshot = encoded(Image.new("RGBA", (300, 200), (10, 200, 10, 255)), "PNG")

    attachment = prepare_upload("capture.png", screenshot, max_bytes=LIMIT, blobs=blobs)

    assert (attachment["media_type"], attachment["name"]) == ("image/jpeg", "capture.jpg")


def test_a_pdf_is_kept_byte_for_byte_whatever_its_name_says(blobs):
    attachment = prepare_upload("proces-verbal.jpg", PDF, max_bytes=LIMIT, blobs=blobs)

    assert attachment == {
        "sha256": sha256_of(PDF), "original_sha256": sha256_of(PDF), "size": len(PDF),
        "media_type": "application/pdf", "name": "proces-verbal.pdf",
        "width": None, "height": None, "thumbnail_sha256": None}
    assert blobs.get(attachment["sha256"]) == PDF
    assert clean_attachments([attachment]) == [attachment]


@pytest.mark.parametrize("data", [
    b"Ceci n'est pas une photo.\n",
    b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",  # an image, but not of an accepted kind
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,      # claims to be a PNG
])
def test_a_file_named_like_a_photo_that_is_none_is_refused(blobs, data):
    with pytest.raises(InvalidInput) as refused:
        prepare_upload("photo.jpg", data, max_bytes=LIMIT, blobs=blobs)
    assert refused.value.errors == {"files": [
        "Le fichier « photo.jpg » n'est ni une image (JPEG, PNG, WebP) ni un PDF."]}
    assert list(blobs.stored()) == []


def test_a_photo_cut_short_is_refused(blobs):
    photo = encoded(Image.effect_noise((400, 300), 60).convert("RGB"))
    with pytest.raises(InvalidInput) as refused:
        prepare_upload("photo.jpg", photo[:len(photo) // 2], max_bytes=LIMIT, blobs=blobs)
    assert refused.value.errors == {"files": ["L'image « photo.jpg » est illisible."]}


def test_an_image_of_too_many_pixels_is_refused_before_it_is_decoded(blobs):
    # 8000 × 6000 = 48 megapixels in a few kilobytes of PNG.
    bomb = encoded(Image.new("L", (8000, 6000)), "PNG")
    with pytest.raises(InvalidInput) as refused:
        prepare_upload("plan.png", bomb, max_bytes=LIMIT, blobs=blobs)
    assert refused.value.errors == {"files": [
        "L'image « plan.png » est trop grande (40 mégapixels au plus)."]}


def test_an_empty_or_too_big_file_is_refused(blobs):
    with pytest.raises(InvalidInput) as refused:
        prepare_upload("vide.pdf", b"", max_bytes=LIMIT, blobs=blobs)
    assert refused.value.errors == {"files": ["Le fichier « vide.pdf » est vide."]}

    with pytest.raises(InvalidInput) as refused:
        prepare_upload("scan.pdf", PDF + b"0" * LIMIT, max_bytes=LIMIT, blobs=blobs)
    assert refused.value.errors == {"files": ["Le fichier « scan.pdf » dépasse 10 Mo."]}
    assert list(blobs.stored()) == []


def test_a_refusal_quotes_the_name_without_folders_or_control_characters(blobs):
    with pytest.raises(InvalidInput) as refused:
        prepare_upload("C:\\Users\\awa\\note\u202e\x00.txt", b"bonjour", max_bytes=LIMIT,
                       blobs=blobs)
    assert refused.value.errors["files"][0].startswith("Le fichier « note .txt » ")


def test_six_files_are_refused(blobs):
    files = [(f"photo-{number}.jpg", small_photo()) for number in range(6)]
    with pytest.raises(InvalidInput) as refused:
        prepare_uploads(files, max_bytes=LIMIT, blobs=blobs)
    assert refused.value.errors == {"files": ["5 pièces jointes au plus par action."]}
    assert list(blobs.stored()) == []


def test_one_bad_file_among_good_ones_stores_nothing_and_every_refusal_is_told(blobs):
    files = [("reunion.jpg", small_photo()), ("notes.jpg", b"du texte"),
             ("pv.pdf", PDF), ("vide.png", b"")]
    with pytest.raises(InvalidInput) as refused:
        prepare_uploads(files, max_bytes=LIMIT, blobs=blobs)
    assert refused.value.errors == {"files": [
        "Le fichier « notes.jpg » n'est ni une image (JPEG, PNG, WebP) ni un PDF.",
        "Le fichier « vide.png » est vide."]}
    assert list(blobs.stored()) == []


def test_five_files_are_stored_in_their_order(blobs):
    files = [(f"photo-{number}.jpg", small_photo((number * 50, 80, 80)))
             for number in range(4)] + [("pv.pdf", PDF)]

    attachments = prepare_uploads(files, max_bytes=LIMIT, blobs=blobs)

    assert [item["name"] for item in attachments] == [
        "photo-0.jpg", "photo-1.jpg", "photo-2.jpg", "photo-3.jpg", "pv.pdf"]
    assert clean_attachments(attachments) == attachments
    assert all(blobs.get(item["sha256"]) for item in attachments)


def test_the_same_image_twice_is_stored_once(blobs):
    photo = small_photo()

    first, second = prepare_uploads([("a.jpg", photo), ("b.jpg", photo)], max_bytes=LIMIT,
                                    blobs=blobs)
    again = prepare_upload("c.jpg", photo, max_bytes=LIMIT, blobs=blobs)

    assert first["sha256"] == second["sha256"] == again["sha256"]
    assert (first["name"], second["name"]) == ("a.jpg", "b.jpg")
    assert len(list(blobs.stored())) == 2  # the image and its thumbnail


def test_no_file_stores_nothing(blobs):
    assert prepare_uploads([], max_bytes=LIMIT, blobs=blobs) == []
    assert list(blobs.stored()) == []
