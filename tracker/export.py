"""The record for the archive: every event as JSON Lines, with its link in the chain, the
files its events reference (``blobs/<sha256>``, each once), and a manifest (count, head,
checksum of the file, files) that lets anyone check the export offline, without the
database."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Callable

from eventsourcing.persistence import Notification

from domain.messages import N_, Message
from storage.blobs import is_sha256
from tracker.chain import BATCH_SIZE
from tracker.chain_links import GENESIS, link
from tracker.file_check import FILE_KEY, MOST_NAMED, FileCheck, FileProblem

EVENTS_FILE = "events.jsonl"
MANIFEST_FILE = "manifest.json"
BLOBS_FOLDER = "blobs"


def export(chain, directory: Path, exported_by: str, exported_at: str,
           on_progress: Callable[[int], None] = lambda count: None) -> dict:
    """Write the sealed log to ``directory``; returns the manifest.

    Every file an event references is copied to ``blobs/<sha256>`` once its bytes are
    checked against that hash. A file missing from the blob store, or altered there, is not
    copied: the export is still written whole (the events are the record, and the files
    that are intact are worth keeping), and the manifest lists each such file under
    ``blobs_missing`` so that the export says itself that it is incomplete; the caller
    then reports it as a failure."""
    chain.seal()
    directory.mkdir(parents=True, exist_ok=True)
    (directory / BLOBS_FOLDER).mkdir(exist_ok=True)
    files = FileCheck(chain.tracker.blobs.get, keep=lambda sha256, data: (
        directory / BLOBS_FOLDER / sha256).write_bytes(data))
    path = directory / EVENTS_FILE
    checksum, count, previous, position = hashlib.sha256(), 0, GENESIS, 0
    with path.open("wb") as out:
        start = 1
        while True:
            notifications = chain.recorder.select_notifications(start=start, limit=BATCH_SIZE)
            if not notifications:
                break
            for notification in notifications:
                previous = link(previous, notification)
                line = (json.dumps(_line(notification, previous), ensure_ascii=False,
                                   sort_keys=True) + "\n").encode()
                out.write(line)
                checksum.update(line)
                if chain.may_name_files(notification):
                    files.check(notification.id, chain.attachments_in(notification))
                count, position = count + 1, notification.id
            on_progress(len(notifications))
            start = notifications[-1].id + 1
    manifest = {"events": count, "head_position": position, "head_hash": previous,
                "file": EVENTS_FILE, "sha256": checksum.hexdigest(),
                "exported_at": exported_at, "exported_by": exported_by,
                "chain": "sha256(previous link + position, aggregate id, version, topic, "
                         "stored bytes), starting from sha256('ccs-tracker: chain of "
                         "recorded events')",
                "blobs_folder": BLOBS_FOLDER,
                "blobs": files.checked - len(files.problems),
                "blobs_missing": [_missing(problem) for problem in files.problems]}
    (directory / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def files_not_exported(manifest: dict) -> tuple[Message, ...]:
    """The first files an export could not copy (``blobs_missing``), named."""
    return tuple(FileProblem(item["sha256"], item["name"], item["position"],
                             item["thumbnail"], altered=item["problem"] == "altered").message()
                 for item in manifest["blobs_missing"][:MOST_NAMED])


def _missing(problem: FileProblem) -> dict:
    return {"sha256": problem.sha256, "name": problem.name, "position": problem.position,
            "thumbnail": problem.thumbnail,
            "problem": "altered" if problem.altered else "absent"}


def _line(notification, hash_: str) -> dict:
    line = {"position": notification.id, "originator_id": str(notification.originator_id),
            "originator_version": notification.originator_version,
            "topic": notification.topic,
            "state": base64.b64encode(notification.state).decode(), "hash": hash_}
    try:  # readable copy of the event's data; the check uses the exact bytes above
        line["data"] = json.loads(notification.state)
    except ValueError:
        pass
    return line


def verify_export(directory: Path) -> tuple[bool, Message, tuple[Message, ...]]:
    """Check an export on its own: file checksum, every link, count and head, and every
    file the events reference, in ``blobs/`` with the right hash. Returns the verdict, its
    sentence and the first faulty files named.

    The files an event references are read from its stored bytes, which the chain covers,
    not from the readable copy beside them, which only the file's checksum does."""
    try:
        manifest = json.loads((directory / MANIFEST_FILE).read_text(encoding="utf-8"))
        path = directory / manifest["file"]
        data = path.read_bytes()
    except (OSError, ValueError, KeyError):
        return False, N_("Export illisible : %(directory)s doit contenir manifest.json et "
                         "le fichier d'événements.", directory=str(directory)), ()
    if hashlib.sha256(data).hexdigest() != manifest.get("sha256"):
        return False, N_("Le fichier d'événements ne correspond pas à l'empreinte du "
                         "manifeste : il a été modifié."), ()
    files = FileCheck(lambda sha256: _exported_blob(directory, sha256))
    previous, count, position = GENESIS, 0, 0
    for number, raw in enumerate(data.splitlines(), start=1):
        line = json.loads(raw)
        stored = Notification(id=line["position"], originator_id=line["originator_id"],
                              originator_version=line["originator_version"],
                              topic=line["topic"], state=base64.b64decode(line["state"]))
        previous = link(previous, stored)
        if previous != line["hash"]:
            return False, N_("Chaîne rompue à la ligne %(line)d (position %(position)d).",
                             line=number, position=stored.id), ()
        files.check(stored.id, _attachments_stored(stored.state))
        count, position = count + 1, stored.id
    if (count, position, previous) != (manifest["events"], manifest["head_position"],
                                       manifest["head_hash"]):
        return False, N_("Le nombre d'événements ou la tête ne correspondent pas au "
                         "manifeste."), ()
    if files.problems:
        return False, N_("Export incomplet : chaîne intacte (%(count)d événements), mais "
                         "%(faulty)d fichiers joints sur %(files)d sont absents de blobs/ ou "
                         "altérés.", count=count, faulty=len(files.problems),
                         files=files.checked), files.named()
    return True, N_("Export intact : %(count)d événements, %(files)d fichiers joints, tête "
                    "%(position)d (%(hash)s).", count=count, files=files.checked,
                    position=position, hash=previous), ()


def _attachments_stored(state: bytes) -> list:
    """The attachments an exported event's stored bytes reference. Like the readable copy,
    this reads the bytes as plain JSON: a store that encrypts or compresses its events
    would have its files checked by ``audit verify`` on the database only."""
    if FILE_KEY not in state:
        return []
    try:
        return json.loads(state).get("attachments") or []
    except ValueError:
        return []


def _exported_blob(directory: Path, sha256) -> bytes | None:
    # Only a hash names a file: nothing an event says may reach outside blobs/.
    if not is_sha256(sha256):
        return None
    try:
        return (directory / BLOBS_FOLDER / sha256).read_bytes()
    except OSError:
        return None
