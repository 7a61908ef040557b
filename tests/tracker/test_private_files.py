"""The files of the tracker's data are created readable by their owner only: the SQLite
database and the journal files beside it, the blobs folder and its files, the instance
folder and its secret key (storage/private.py)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from projections.runner import ReadModels
from storage.blobs import FolderBlobStore
from storage.private import private_file, private_folder
from tracker.application import Tracker
from tracker.config import Settings
from tests.stores import store_url


@pytest.fixture(autouse=True)
def permissive_umask():
    # The usual umask lets others read what is created: the modes must not come from it.
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_sqlite_database_its_journal_and_its_folder_are_the_owner_s_alone(tmp_path,
                                                                                  clock):
    folder = tmp_path / "new" / "data"
    tracker = Tracker(Settings(database_url=f"sqlite:///{folder / 'tracker.sqlite3'}",
                               blob_store=str(tmp_path / "blobs")), clock=clock)
    read_models = ReadModels(tracker)
    try:
        tracker.open_account(None, username="crss", role="national",
                             password="lanterne-baobab-pirogue")
        read_models.catch_up()
        files = sorted(path.name for path in folder.iterdir())
        assert {"tracker.sqlite3", "tracker.sqlite3-wal", "tracker.sqlite3-shm"} <= set(files)
        assert {name: mode(folder / name) for name in files} == dict.fromkeys(files, 0o600)
        assert mode(folder) == mode(folder.parent) == 0o700
    finally:
        read_models.engine.dispose()
        tracker.close()


def test_the_read_models_opening_the_database_first_make_it_private_too(tmp_path):
    from tracker.storage import sql_engine

    path = tmp_path / "first" / "tracker.sqlite3"
    engine = sql_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    engine.dispose()
    assert mode(path) == 0o600 and mode(path.parent) == 0o700


def test_an_existing_database_keeps_its_mode(tmp_path):
    path = tmp_path / "tracker.sqlite3"
    path.touch(mode=0o640)
    assert private_file(path) is False and mode(path) == 0o640


def test_blobs_and_their_folders_are_the_owner_s_alone(store, request, tmp_path, clock):
    root = tmp_path / "instance" / "blobs"
    tracker = Tracker(Settings(database_url=store_url(store, request, tmp_path),
                               blob_store=str(root)), clock=clock)
    try:
        sha256 = tracker.blobs.put(b"%PDF-1.4 proces-verbal")
    finally:
        tracker.close()
    blob = FolderBlobStore(root).path(sha256)
    assert mode(blob) == 0o600
    assert mode(blob.parent) == mode(root) == mode(root.parent) == 0o700


def test_the_instance_folder_and_its_secret_key_are_the_owner_s_alone(tmp_path, monkeypatch):
    from web import _secret_key

    monkeypatch.delenv("TRACKER_SECRET_KEY", raising=False)
    instance = tmp_path / "instance"
    key = _secret_key(str(instance))
    assert len(key) == 64 and _secret_key(str(instance)) == key  # made once, then kept
    assert mode(instance) == 0o700 and mode(instance / "secret_key") == 0o600
    assert sorted(path.name for path in instance.iterdir()) == ["secret_key"]


def test_a_private_folder_leaves_existing_folders_as_they_are(tmp_path):
    (tmp_path / "shared").mkdir(mode=0o755)
    private_folder(tmp_path / "shared" / "a" / "b")
    assert mode(tmp_path / "shared") == 0o755
    assert mode(tmp_path / "shared" / "a") == mode(tmp_path / "shared" / "a" / "b") == 0o700
