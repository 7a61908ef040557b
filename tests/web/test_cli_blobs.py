"""``flask --app wsgi blobs gc`` through Flask's CLI runner, on both blob stores."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from storage.blobs import DATABASE
from tests.tracker.test_blob_gc import PDF, backdate


@pytest.fixture(autouse=True, params=["folder", DATABASE])
def blob_store(request, tmp_path, monkeypatch) -> str:
    """The app's blob store, named in the environment before the app is made (autouse:
    this fixture runs first), however the app reads its settings."""
    store = str(tmp_path / "blobs") if request.param == "folder" else DATABASE
    monkeypatch.setenv("TRACKER_BLOB_STORE", store)
    return store


@pytest.fixture
def blobs(app):
    return app.extensions["tracker"].blobs


def test_gc_removes_old_unreferenced_files_and_says_how_many(runner, blobs):
    old = datetime.now(timezone.utc) - timedelta(days=1)
    for data in (PDF, PDF + b"\n"):
        backdate(blobs, blobs.put(data), old)
    young = blobs.put(PDF + b"\n\n")

    result = runner.invoke(args=["blobs", "gc"])

    assert result.exit_code == 0, result.output
    assert result.output == "2 fichiers non référencés supprimés.\n"
    assert [sha256 for sha256, _ in blobs.stored()] == [young]


def test_gc_says_one_file_in_the_singular(runner, blobs):
    backdate(blobs, blobs.put(PDF), datetime.now(timezone.utc) - timedelta(hours=2))

    result = runner.invoke(args=["blobs", "gc"])

    assert result.exit_code == 0, result.output
    assert result.output == "1 fichier non référencé supprimé.\n"


def test_gc_with_nothing_old_enough_removes_nothing(runner, blobs):
    blobs.put(PDF)

    result = runner.invoke(args=["blobs", "gc"])

    assert result.exit_code == 0, result.output
    assert result.output.startswith("0 ")
    assert len(list(blobs.stored())) == 1


def test_gc_is_listed_with_its_help(runner):
    result = runner.invoke(args=["blobs", "--help"])
    assert result.exit_code == 0
    assert "gc" in result.output and "aucun événement ne référence" in result.output
