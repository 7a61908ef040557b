"""The chain's witness: every seal also writes the new head to a file outside the database.

A forger with the database's keys can change an event and delete the chain's links from
there on; without the witness, the links left would still be a consistent chain. The
witness is a plain text file that only ever grows, one line per seal::

    <position> <link's hash> <when, UTC> <which database>

written with ``O_APPEND`` and flushed to disk (``fsync``) before the seal is done, created
readable by its owner only. Verification checks that the chain still holds the last head
the witness saw for this database, as it does with an auditor's receipt, and the sealer
refuses to seal while it does not (sealing would otherwise cover the forgery and witness
it). Each line names its database, so a witness shared by mistake still serves each."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from sqlalchemy.engine import make_url

from domain.messages import Message, N_
from storage.private import private_folder

READ_BLOCK = 64 * 1024  # the witness is read from its end, a block at a time
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Witnessed:
    """One line of the witness: the head a seal wrote."""

    position: int
    hash: str
    at: str
    database: str


class Witness:
    """The append-only file of one database's sealed heads."""

    def __init__(self, path: str | Path, database: str):
        self.path = Path(path)
        self.database = " ".join(database.split())  # on one line, as it is read back
        self._refusal_told = False

    def check_writable(self) -> None:
        """Raise a ValueError in French, at start, if seals could not write here."""
        folder = self.path.parent
        if self.path.is_dir():
            raise ValueError(N_("TRACKER_CHAIN_WITNESS : %(path)s est un dossier ; indiquez "
                                "un fichier.", path=str(self.path)))
        if not folder.is_dir():
            raise ValueError(N_("TRACKER_CHAIN_WITNESS : le dossier %(folder)s n'existe pas ; "
                                "créez-le ou indiquez un autre chemin.", folder=str(folder)))
        if self.path.exists():
            if not os.access(self.path, os.R_OK | os.W_OK):
                raise ValueError(N_("TRACKER_CHAIN_WITNESS : ce processus ne peut pas lire et "
                                    "écrire le fichier %(path)s.", path=str(self.path)))
        elif not os.access(folder, os.W_OK | os.X_OK):
            raise ValueError(N_("TRACKER_CHAIN_WITNESS : ce processus ne peut pas écrire "
                                "dans le dossier %(folder)s.", folder=str(folder)))

    def record(self, position: int, hash_: str, at: datetime) -> None:
        """Append one head and flush it to disk before returning."""
        line = (f"{position} {hash_} {at.isoformat(timespec='seconds')} "
                f"{self.database}\n").encode("utf-8")
        created = not self.path.exists()
        descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(descriptor, line)  # one write under O_APPEND: lines never interleave
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        if created:  # the file's name must survive a power cut too
            _fsync_folder(self.path.parent)

    def append(self, position: int, hash_: str, at: datetime) -> None:
        """:meth:`record` for the sealer: its links are committed whatever happens here,
        so a failure is logged (the next seal writes a newer head)."""
        try:
            self.record(position, hash_, at)
        except OSError:
            logger.exception("the chain's head could not be written to its witness %s",
                             self.path)

    def allows_sealing(self, link_at: Callable[[int], str | None]) -> bool:
        """Whether the chain still holds the last head witnessed (``link_at(position)``
        gives the chain's link there): if not, links were removed or rewritten since, and
        the sealer must not cover what replaced them. Said once in the server's log."""
        try:
            witnessed = self.last()
        except OSError:
            logger.exception("the chain's witness %s cannot be read", self.path)
            return True  # nothing to hold the chain to: seal, as without a witness
        if witnessed is None or link_at(witnessed.position) == witnessed.hash:
            self._refusal_told = False
            return True
        if not self._refusal_told:  # once, not at every pass of the projector
            logger.error("nothing sealed: the audit chain no longer holds the head its "
                         "witness %s recorded at position %d on %s; run `audit verify`",
                         self.path, witnessed.position, witnessed.at)
            self._refusal_told = True
        return False

    def exists(self) -> bool:
        return self.path.exists()

    def last(self) -> Witnessed | None:
        """The newest head this database's seals wrote, or None (no file, no line);
        raises OSError if the file cannot be read."""
        for line in self._lines_from_the_end():
            witnessed = _parse(line)
            if witnessed is not None and witnessed.database == self.database:
                return witnessed
        return None

    def for_verification(self, sealed: bool) -> tuple[Witnessed | None, Message | None, bool]:
        """The head to hold the chain to, what to say about the witness, and whether
        that is a warning (``sealed``: whether the chain has links at all)."""
        try:
            witnessed = self.last()
        except OSError as error:
            return None, N_("Attention : le témoin %(path)s est illisible (%(error)s) ; la "
                            "chaîne n'a été comparée à aucune tête témoin.",
                            path=str(self.path), error=error.strerror or str(error)), True
        if witnessed is not None:
            return witnessed, N_("Témoin consulté : %(path)s (dernière tête inscrite : "
                                 "position %(position)d, le %(when)s).", path=str(self.path),
                                 position=witnessed.position, when=witnessed.at), False
        if not sealed:
            return None, N_("Témoin : %(path)s (aucune tête inscrite pour le moment).",
                            path=str(self.path)), False
        if not self.exists():
            return None, N_("Attention : le témoin %(path)s n'existe pas alors que la chaîne "
                            "a des maillons scellés (supprimé, déplacé, ou aucun scellement "
                            "depuis sa mise en place) ; la chaîne n'a été comparée à aucune "
                            "tête témoin.", path=str(self.path)), True
        return None, N_("Attention : le témoin %(path)s ne contient aucune tête de cette base "
                        "(%(database)s) ; la chaîne n'a été comparée à aucune tête témoin.",
                        path=str(self.path), database=self.database), True

    def _lines_from_the_end(self):
        try:
            handle = open(self.path, "rb")
        except FileNotFoundError:
            return
        with handle:
            end = handle.seek(0, os.SEEK_END)
            rest = b""
            while end > 0:
                start = max(0, end - READ_BLOCK)
                handle.seek(start)
                block = handle.read(end - start) + rest
                lines = block.split(b"\n")
                # The first piece may be cut in the middle: read with the previous block.
                rest = lines.pop(0) if start > 0 else b""
                for line in reversed(lines):
                    yield line
                end = start
            if rest:
                yield rest


def _parse(line: bytes) -> Witnessed | None:
    """A line as written by :meth:`Witness.record`; None for a partial or foreign one."""
    fields = line.decode("utf-8", errors="replace").strip().split(" ", 3)
    if len(fields) != 4 or not fields[0].isdigit() or len(fields[1]) != 64:
        return None
    return Witnessed(int(fields[0]), fields[1], fields[2], fields[3])


def _fsync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some filesystems refuse it on a folder: the line itself is on disk
    finally:
        os.close(descriptor)


def database_name(database_url: str) -> str:
    """How a witness line names its database: the SQLite file's absolute path, or the
    PostgreSQL server, database and schema (never the password)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return "sqlite:///" + os.path.abspath(url.database or "")
    url = url.set(drivername=url.get_backend_name(), password=None,
                  host=url.host or "127.0.0.1", port=url.port or 5432,
                  database=url.database or "postgres")
    url = url.set(query={"schema": url.query["schema"]} if url.query.get("schema") else {})
    return url.render_as_string()


def open_witness(settings) -> Witness | None:
    """The witness the settings name, checked writable; None for an in-memory database,
    which has nothing to outlive."""
    path = settings.chain_witness_path
    if path is None:
        return None
    witness = Witness(path, database_name(settings.database_url))
    if settings.chain_witness is None:  # the default's folder, as for the database
        private_folder(witness.path.parent)
    witness.check_writable()
    return witness
