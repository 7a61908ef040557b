"""Where the bytes of attachments live: a content-addressed store, named by the sha256 of
the bytes as stored, so the same file attached twice is stored once.

Two kinds (``TRACKER_BLOB_STORE``): a folder (the default, ``instance/blobs/``), sharded
by the first two characters of the hash, each file written to a temporary name and then
renamed, so a crash never leaves half a file under a real name; or ``database``, a table
in the same database as the events, so several web machines share the files with nothing
else to run. A blob is written before the event that references it; one that no event
references (an upload whose command was refused) is removed by ``flask --app wsgi blobs
gc`` once it is older than an hour."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Protocol

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from storage.private import private_folder
from storage.schema import create_tables
from storage.tables import BLOBS, blobs as blob_table

SHA256 = re.compile(r"^[0-9a-f]{64}$")
DATABASE = "database"  # the TRACKER_BLOB_STORE value naming the database store


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_sha256(value) -> bool:
    return isinstance(value, str) and SHA256.match(value) is not None


class BlobStore(Protocol):
    def put(self, data: bytes) -> str:
        """Store ``data`` (once) and return its sha256."""

    def get(self, sha256: str) -> bytes | None:
        """The bytes stored under ``sha256``, or None."""

    def delete(self, sha256: str) -> None:
        """Forget ``sha256`` (nothing happens if it was not stored)."""

    def stored(self) -> Iterator[tuple[str, datetime]]:
        """Every blob's sha256 and when it was stored (UTC), in no particular order."""


class FolderBlobStore:
    """Blobs as files: ``<root>/ab/abcdef…`` for the hash ``abcdef…``."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        if not is_sha256(sha256):
            raise ValueError("not a sha256")
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes) -> str:
        sha256 = sha256_of(data)
        target = self.path(sha256)
        if target.exists():
            # Stored again now: gc counts the hour from here, not from the first copy
            # (an hour-old blob no event names yet may be this upload's).
            try:
                os.utime(target)
                return sha256
            except FileNotFoundError:  # removed by gc meanwhile: written anew below
                pass
        private_folder(target.parent)  # the root too, if it is not there yet
        # A temporary name in the same folder, then one rename: another process reading
        # (or a crash) sees no file or the whole file, never a part of it.
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return sha256

    def get(self, sha256: str) -> bytes | None:
        try:
            return self.path(sha256).read_bytes()
        except (FileNotFoundError, ValueError):
            return None

    def delete(self, sha256: str) -> None:
        try:
            self.path(sha256).unlink(missing_ok=True)
        except ValueError:
            pass

    def stored(self) -> Iterator[tuple[str, datetime]]:
        if not self.root.is_dir():
            return
        for shard in self.root.iterdir():
            if not shard.is_dir():
                continue
            for file in shard.iterdir():
                if is_sha256(file.name):
                    yield file.name, datetime.fromtimestamp(file.stat().st_mtime, timezone.utc)


class DatabaseBlobStore:
    """Blobs as rows of the ``blobs`` table, beside the events."""

    def __init__(self, engine: Engine, clock=lambda: datetime.now(timezone.utc)):
        self.engine = engine
        self.clock = clock
        create_tables(engine, BLOBS)

    def put(self, data: bytes) -> str:
        sha256 = sha256_of(data)
        with self.engine.begin() as connection:
            # Stored again now: gc counts the hour from here, not from the first copy.
            present = connection.execute(update(blob_table).where(
                blob_table.c.sha256 == sha256).values(stored_at=self.clock())).rowcount
        if present:
            return sha256
        try:
            with self.engine.begin() as connection:
                connection.execute(insert(blob_table).values(
                    sha256=sha256, size=len(data), stored_at=self.clock(), data=data))
        except IntegrityError:  # the same bytes, stored by another request meanwhile
            pass
        return sha256

    def get(self, sha256: str) -> bytes | None:
        if not is_sha256(sha256):
            return None
        with self.engine.connect() as connection:
            return connection.execute(select(blob_table.c.data).where(
                blob_table.c.sha256 == sha256)).scalar()

    def delete(self, sha256: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(blob_table).where(blob_table.c.sha256 == sha256))

    def stored(self) -> Iterator[tuple[str, datetime]]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(blob_table.c.sha256, blob_table.c.stored_at)).all()
        yield from ((row.sha256, row.stored_at) for row in rows)
