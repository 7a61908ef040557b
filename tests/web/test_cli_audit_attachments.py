"""`flask --app wsgi audit verify|export` with attachments: verification names a file
missing from the blob store or altered there and exits 1; an export copies every file once
to ``blobs/<sha256>``, says which it could not, and ``verify --export`` checks them offline
— on both event stores and both blob stores."""

from __future__ import annotations

import hashlib
import json

import pytest

from storage.blobs import DATABASE
from tests.conftest import raise_fields
from tests.tracker.test_attachment_audit import alter, pdf, png


@pytest.fixture(params=["folder", DATABASE])
def blob_store(request, tmp_path) -> str:
    return str(tmp_path / "blobs") if request.param == "folder" else DATABASE


@pytest.fixture
def tracker(app):
    return app.extensions["tracker"]


@pytest.fixture
def filed(tracker, web_people, clock):
    """Minutes and a photo noted on a file of Ségou: (the note's position, its attachments)."""
    secretary = web_people["sec_segou"]
    result = tracker.raise_recommendation(secretary, **raise_fields(clock))
    noted = tracker.act(secretary, result.recommendation_id, "note",
                        note="Procès-verbal et photo du marché.",
                        files=[("pv-séance.pdf", pdf()), ("marché.png", png())])
    event = tracker.mapper.to_domain_event(
        tracker.recorder.select_notifications(start=noted.position, limit=1)[0])
    return noted.position, event.attachments


def exported(runner, out):
    return runner.invoke(args=["audit", "export", "--out", str(out), "--auditor", "auditor"])


def test_verify_counts_the_files_of_an_intact_log(runner, filed):
    result = runner.invoke(args=["audit", "verify"])

    assert result.exit_code == 0, result.output
    assert "3 fichiers joints présents et conformes" in result.stdout


def test_verify_names_a_file_altered_in_the_store_and_fails(runner, tracker, filed):
    position, (minutes, _photo) = filed
    alter(tracker, minutes["sha256"])

    result = runner.invoke(args=["audit", "verify"])

    assert result.exit_code == 1
    assert "1 fichiers joints sur 3 sont absents ou altérés" in result.stderr
    assert (f"Pièce jointe altérée : {minutes['sha256']} (« pv-séance.pdf », "
            f"événement {position}).") in result.stderr


def test_verify_names_a_file_deleted_from_the_store_and_fails(runner, tracker, filed):
    position, (_minutes, photo) = filed
    tracker.blobs.delete(photo["sha256"])

    result = runner.invoke(args=["audit", "verify"])

    assert result.exit_code == 1
    assert (f"Pièce jointe absente : {photo['sha256']} (« marché.jpg », "
            f"événement {position}).") in result.stderr


def test_export_copies_each_file_once_and_verifies_offline(runner, tracker, filed, tmp_path):
    _position, (minutes, photo) = filed
    out = tmp_path / "export"

    result = exported(runner, out)

    assert result.exit_code == 0, result.output
    assert "3 fichiers joints exportés" in result.stdout
    expected = {minutes["sha256"], photo["sha256"], photo["thumbnail_sha256"]}
    assert {path.name for path in (out / "blobs").iterdir()} == expected
    for path in (out / "blobs").iterdir():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == path.name
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["blobs"] == 3 and manifest["blobs_missing"] == []
    checked = runner.invoke(args=["audit", "verify", "--export", str(out)])
    assert checked.exit_code == 0 and "3 fichiers joints" in checked.stdout


def test_a_file_altered_in_an_export_is_named_offline(runner, filed, tmp_path):
    position, (minutes, _photo) = filed
    out = tmp_path / "export"
    exported(runner, out)
    (out / "blobs" / minutes["sha256"]).write_bytes(b"%PDF-1.7\n% autre chose\n%%EOF\n")

    result = runner.invoke(args=["audit", "verify", "--export", str(out)])

    assert result.exit_code == 1 and "Export incomplet" in result.stderr
    assert (f"Pièce jointe altérée : {minutes['sha256']} (« pv-séance.pdf », "
            f"événement {position}).") in result.stderr


def test_a_file_removed_from_an_export_is_named_even_if_the_readable_copy_hides_it(
        runner, filed, tmp_path):
    # The readable data is covered by the file's checksum only, which a forger recomputes;
    # the files are read from the stored bytes, which the chain covers.
    position, (_minutes, photo) = filed
    out = tmp_path / "export"
    exported(runner, out)
    (out / "blobs" / photo["thumbnail_sha256"]).unlink()
    events, manifest_path = out / "events.jsonl", out / "manifest.json"
    lines = [json.loads(line) for line in events.read_text().splitlines()]
    for line in lines:
        line.get("data", {}).pop("attachments", None)
    events.write_text("".join(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n"
                              for line in lines))
    manifest = json.loads(manifest_path.read_text())
    manifest["sha256"] = hashlib.sha256(events.read_bytes()).hexdigest()
    manifest_path.write_text(json.dumps(manifest))

    result = runner.invoke(args=["audit", "verify", "--export", str(out)])

    assert result.exit_code == 1
    assert (f"Vignette absente : {photo['thumbnail_sha256']} (de « marché.jpg », "
            f"événement {position}).") in result.stderr


def test_an_export_short_of_a_file_is_written_says_so_and_fails(
        runner, tracker, filed, tmp_path):
    position, (minutes, photo) = filed
    tracker.blobs.delete(minutes["sha256"])
    out = tmp_path / "export"

    result = exported(runner, out)

    assert result.exit_code == 1
    assert "2 fichiers joints exportés" in result.stdout and "Export incomplet" in result.stderr
    assert (f"Pièce jointe absente : {minutes['sha256']} (« pv-séance.pdf », "
            f"événement {position}).") in result.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["blobs"] == 2 and manifest["blobs_missing"] == [
        {"sha256": minutes["sha256"], "name": "pv-séance.pdf", "position": position,
         "thumbnail": False, "problem": "absent"}]
    assert {path.name for path in (out / "blobs").iterdir()} == {
        photo["sha256"], photo["thumbnail_sha256"]}
    checked = runner.invoke(args=["audit", "verify", "--export", str(out)])
    assert checked.exit_code == 1 and minutes["sha256"] in checked.stderr
