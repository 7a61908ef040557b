"""Files and folders of the tracker's data are its owner's alone: the SQLite database (and
the journal files SQLite makes beside it, which take the database's mode), the blobs, the
instance folder and its secret key. They are created with that mode, not changed to it
afterwards, so there is no moment when another account of the machine may open them.
Folders and files that already exist are left as they are."""

from __future__ import annotations

import os
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def private_folder(path: str | os.PathLike) -> Path:
    """``path`` and each missing folder above it, created readable by their owner only."""
    path = Path(path)
    missing = [folder for folder in (path, *path.parents) if not folder.exists()]
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=FOLDER_MODE)
        except FileExistsError:  # another process made it meanwhile
            pass
    return path


def private_file(path: str | os.PathLike) -> bool:
    """An empty file at ``path``, readable by its owner only, if there is none; True if it
    was created here."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return False
    os.close(descriptor)
    return True
