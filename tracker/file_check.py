"""Checking the files the events reference against the blob store: the part of a
verification (tracker/chain.py) and of an export's check (tracker/export.py) that looks
at attachments' bytes rather than at the chain's links."""

from __future__ import annotations

from typing import Callable, NamedTuple

from domain.messages import N_, Message
from storage.blobs import sha256_of

MOST_NAMED = 20  # faulty files named one by one; the others are only counted
# In an event stored as plain JSON, every attachment's descriptor writes this key.
FILE_KEY = b'"sha256"'


class FileProblem(NamedTuple):
    """A file an event references that is not where it should be, or not as it was."""

    sha256: str
    name: str
    position: int
    thumbnail: bool
    altered: bool  # present, but its bytes no longer hash to ``sha256``

    def message(self) -> Message:
        values = dict(sha256=self.sha256, name=self.name, position=self.position)
        if self.thumbnail:
            return (N_("Vignette altérée : %(sha256)s (de « %(name)s », événement "
                       "%(position)d).", **values) if self.altered else
                    N_("Vignette absente : %(sha256)s (de « %(name)s », événement "
                       "%(position)d).", **values))
        return (N_("Pièce jointe altérée : %(sha256)s (« %(name)s », événement "
                   "%(position)d).", **values) if self.altered else
                N_("Pièce jointe absente : %(sha256)s (« %(name)s », événement "
                   "%(position)d).", **values))


class FileCheck:
    """Every file the events reference (an attachment and its thumbnail), checked once
    against where its bytes are kept: present, and hashing to the sha256 the event
    recorded. ``read(sha256)`` gives the bytes or None; ``keep(sha256, data)`` is told of
    each intact file (an export copies it). Only the hashes already seen are remembered,
    so memory grows with the files, not with the events."""

    def __init__(self, read: Callable[[str], bytes | None],
                 keep: Callable[[str, bytes], None] = lambda sha256, data: None):
        self.read, self.keep = read, keep
        self.seen: set[str] = set()
        self.problems: list[FileProblem] = []

    def check(self, position: int, attachments: list[dict]) -> None:
        for attachment in attachments:
            self._check_one(attachment.get("sha256"), attachment, position, thumbnail=False)
            if attachment.get("thumbnail_sha256"):
                self._check_one(attachment["thumbnail_sha256"], attachment, position,
                                thumbnail=True)

    def _check_one(self, sha256, attachment: dict, position: int, thumbnail: bool) -> None:
        if sha256 in self.seen:
            return
        self.seen.add(sha256)
        data = self.read(sha256)
        if data is not None and sha256_of(data) == sha256:
            self.keep(sha256, data)
            return
        self.problems.append(FileProblem(str(sha256), str(attachment.get("name")), position,
                                         thumbnail, altered=data is not None))

    @property
    def checked(self) -> int:
        return len(self.seen)

    def named(self) -> tuple[Message, ...]:
        """The first problems, in the order of the log, as sentences."""
        return tuple(problem.message() for problem in self.problems[:MOST_NAMED])
