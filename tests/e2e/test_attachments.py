"""A photo as evidence, in a real browser on a phone (360 × 740) over a slow link: the
secretary of Ségou attaches a 5 MB, 4000 × 3000 photo that says in its EXIF where it was
taken to her report that the street lamps are up. The form says the file's size before
sending, a bar follows the upload, the history shows a thumbnail under 20 KB, the stored
image has no GPS position left, and the auditor's `audit verify` names the file by its
sha256 once its bytes are changed in the store — on SQLite with a folder of blobs and on
PostgreSQL with the blobs' table. Without JavaScript the same form posts as plain
multipart; axe finds nothing serious on the page of a file with its attachments."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.test_accessibility import assert_no_serious_violations
from tests.e2e.test_sessions import PHONE, assert_fits_a_phone
from tests.stores import STORES
from tests.tracker.test_attachment_audit import alter
from storage.blobs import DATABASE
from storage.tables import blobs as blob_table

GPS_IFD = 0x8825
# A slow mobile link: 4 Mbit/s up, 8 down, 150 ms each way (the upload takes seconds).
SLOW_LINK = {"offline": False, "latency": 150, "uploadThroughput": 4_000_000 / 8,
             "downloadThroughput": 8_000_000 / 8}


@pytest.fixture(params=STORES)
def server(request):
    return request.getfixturevalue("live_server" if request.param == "sqlite"
                                   else "live_server_postgres")


@pytest.fixture(scope="module")
def phone_photo(tmp_path_factory):
    """A 12-megapixel photo of about 5 MB (its grain keeps a JPEG that large), taken in
    Ségou according to its EXIF."""
    scene = Image.linear_gradient("L").resize((4000, 3000)).convert("RGB")
    grain = Image.effect_noise((4000, 3000), 40).convert("RGB")
    exif = Image.Exif()
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (13.0, 26.0, 0.0), 3: "W", 4: (6.0, 16.0, 0.0)})
    path = tmp_path_factory.mktemp("photos") / "lampadaires-marche.jpg"
    Image.blend(scene, grain, 0.5).save(path, "JPEG", quality=85, exif=exif)
    assert 4_000_000 < path.stat().st_size < 7_000_000
    assert Image.open(path).getexif().get_ifd(GPS_IFD)[1] == "N"  # it does say where
    return path


def accepted_file(server):
    recommendation_id = server.raise_recommendation(title="Lampadaires solaires du marché")
    server.act("sec_segou", recommendation_id, "accept")
    return recommendation_id


def report_with(page: Page, recommendation_id, photo) -> None:
    page.goto(f"/recommendations/{recommendation_id}")
    page.get_by_role("link", name="Signaler la mise en œuvre").click()
    form = page.locator("form.action-form")
    form.get_by_label("Ce qui a été fait").fill("Dix lampadaires posés et allumés.")
    form.get_by_label("Pièces jointes").set_input_files(str(photo))


def thumbnail_and_full(page: Page) -> tuple[str, str]:
    entry = page.locator(".timeline li", has_text="Dix lampadaires posés et allumés.")
    image = entry.locator(".attachments img")
    expect(image).to_have_count(1)
    expect(image).to_have_attribute("alt", "lampadaires-marche.jpg")
    # The thumbnail really loaded, at its size, without pushing the page sideways.
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=image.element_handle())
    return image.get_attribute("src"), entry.locator(".attachments a").get_attribute("href")


def test_a_phone_photo_sent_over_a_slow_link_is_light_safe_and_audited(
        sign_in, server, phone_photo):
    recommendation_id = accepted_file(server)
    secretary = sign_in("sec_segou", server=server, **PHONE)
    cdp = secretary.context.new_cdp_session(secretary)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_LINK)

    report_with(secretary, recommendation_id, phone_photo)
    size = f"{phone_photo.stat().st_size / 1048576:.1f}".replace(".", ",")
    expect(secretary.locator("#files-chosen")).to_have_text(f"1 fichier choisi, {size} Mo")
    assert_fits_a_phone(secretary)
    secretary.get_by_role("button", name="Signaler la mise en œuvre").click()
    bar = secretary.locator("form.action-form .upload-progress")
    expect(bar).to_be_visible()  # seconds of upload, followed
    expect(secretary.get_by_text("Mise en œuvre enregistrée.")).to_be_visible(timeout=60_000)
    cdp.send("Network.emulateNetworkConditions", {**SLOW_LINK, "latency": 0,
                                                  "uploadThroughput": -1,
                                                  "downloadThroughput": -1})

    thumbnail, full = thumbnail_and_full(secretary)
    assert_fits_a_phone(secretary)
    small = secretary.request.get(thumbnail)
    assert small.ok and len(small.body()) < 20_000
    stored = secretary.request.get(full)
    image = Image.open(BytesIO(stored.body()))
    assert image.format == "JPEG" and max(image.size) == 1600
    assert GPS_IFD not in image.getexif() and len(image.getexif()) == 0
    assert len(stored.body()) < phone_photo.stat().st_size / 4

    # The auditor checks the log and its files, then someone changes the photo on disk.
    sha256 = full.rsplit("/", 1)[-1]
    runner = server.app.test_cli_runner()
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
    original = server.tracker.blobs.get(sha256)
    try:
        alter(server.tracker, sha256)
        checked = runner.invoke(args=["audit", "verify"])
        assert checked.exit_code == 1
        assert sha256 in checked.output and "lampadaires-marche.jpg" in checked.output
    finally:
        _put_back(server.tracker, sha256, original)
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0


def test_without_javascript_the_form_posts_its_files_as_plain_multipart(
        sign_in, live_server, tmp_path):
    recommendation_id = accepted_file(live_server)
    photo = tmp_path / "lampadaires-marche.jpg"
    Image.new("RGB", (1200, 900), (30, 90, 160)).save(photo, "JPEG")
    secretary = sign_in("sec_segou", javascript=False, **PHONE)
    report_with(secretary, recommendation_id, photo)
    secretary.get_by_role("button", name="Signaler la mise en œuvre").click()
    expect(secretary.get_by_text("Mise en œuvre enregistrée.")).to_be_visible()
    assert re.search(r"/recommendations/[0-9a-f-]+$", secretary.url)
    thumbnail, full = thumbnail_and_full(secretary)
    assert secretary.request.get(thumbnail).ok and secretary.request.get(full).ok
    assert_fits_a_phone(secretary)


def test_a_refused_file_keeps_the_text_typed_and_asks_for_the_files_again(
        sign_in, live_server, tmp_path):
    recommendation_id = accepted_file(live_server)
    fake = tmp_path / "photo.jpg"
    fake.write_bytes(b"<html>not a photo</html>")
    secretary = sign_in("sec_segou", **PHONE)
    report_with(secretary, recommendation_id, fake)
    secretary.get_by_role("button", name="Signaler la mise en œuvre").click()
    form = secretary.locator("form.action-form")
    expect(form.locator("#files-errors")).to_contain_text(
        "Le fichier « photo.jpg » n'est ni une image (JPEG, PNG, WebP) ni un PDF.")
    expect(form.get_by_label("Ce qui a été fait")).to_have_value(
        "Dix lampadaires posés et allumés.")
    expect(form).to_contain_text("choisissez-les à nouveau")
    assert_no_serious_violations(secretary)


def test_a_file_with_its_attachments_is_accessible(signed_in, live_server, tmp_path):
    recommendation_id = accepted_file(live_server)
    photo = BytesIO()
    Image.new("RGB", (640, 480), (160, 90, 30)).save(photo, "JPEG")
    live_server.act("sec_segou", recommendation_id, "report-implementation",
                    note="Dix lampadaires posés et allumés.",
                    files=[("lampadaires-marche.jpg", photo.getvalue()),
                           ("pv-reception.pdf", b"%PDF-1.7\n%%EOF\n")])
    page = signed_in("reg_segou")
    page.goto(f"/recommendations/{recommendation_id}")
    expect(page.locator(".attachments li")).to_have_count(2)
    expect(page.locator(".attachment-document")).to_contain_text("pv-reception.pdf")
    assert_no_serious_violations(page)


def _put_back(tracker, sha256: str, data: bytes) -> None:
    """The live server is shared by the process's tests: the altered file is restored."""
    if tracker.settings.blob_store == DATABASE:
        with tracker.blobs.engine.begin() as connection:
            connection.execute(blob_table.update().where(blob_table.c.sha256 == sha256)
                               .values(data=data))
    else:
        tracker.blobs.path(sha256).write_bytes(data)
