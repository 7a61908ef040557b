"""The record for the archive: every event as JSON Lines, with its link in the chain, and
a manifest (count, head, checksum of the file) that lets anyone check the export offline,
without the database."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Callable

from eventsourcing.persistence import Notification

from domain.messages import N_, Message
from tracker.chain import GENESIS, BATCH_SIZE, link

EVENTS_FILE = "events.jsonl"
MANIFEST_FILE = "manifest.json"


def export(chain, directory: Path, exported_by: str, exported_at: str,
           on_progress: Callable[[int], None] = lambda count: None) -> dict:
    """Write the sealed log to ``directory``; returns the manifest."""
    chain.seal()
    directory.mkdir(parents=True, exist_ok=True)
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
                count, position = count + 1, notification.id
            on_progress(len(notifications))
            start = notifications[-1].id + 1
    manifest = {"events": count, "head_position": position, "head_hash": previous,
                "file": EVENTS_FILE, "sha256": checksum.hexdigest(),
                "exported_at": exported_at, "exported_by": exported_by,
                "chain": "sha256(previous link + position, aggregate id, version, topic, "
                         "stored bytes), starting from sha256('ccs-tracker: chain of "
                         "recorded events')"}
    (directory / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


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


def verify_export(directory: Path) -> tuple[bool, Message]:
    """Check an export on its own: file checksum, every link, count and head."""
    try:
        manifest = json.loads((directory / MANIFEST_FILE).read_text(encoding="utf-8"))
        path = directory / manifest["file"]
        data = path.read_bytes()
    except (OSError, ValueError, KeyError):
        return False, N_("Export illisible : %(directory)s doit contenir manifest.json et "
                         "le fichier d'événements.", directory=str(directory))
    if hashlib.sha256(data).hexdigest() != manifest.get("sha256"):
        return False, N_("Le fichier d'événements ne correspond pas à l'empreinte du "
                         "manifeste : il a été modifié.")
    previous, count, position = GENESIS, 0, 0
    for number, raw in enumerate(data.splitlines(), start=1):
        line = json.loads(raw)
        stored = Notification(id=line["position"], originator_id=line["originator_id"],
                              originator_version=line["originator_version"],
                              topic=line["topic"], state=base64.b64decode(line["state"]))
        previous = link(previous, stored)
        if previous != line["hash"]:
            return False, N_("Chaîne rompue à la ligne %(line)d (position %(position)d).",
                             line=number, position=stored.id)
        count, position = count + 1, stored.id
    if (count, position, previous) != (manifest["events"], manifest["head_position"],
                                       manifest["head_hash"]):
        return False, N_("Le nombre d'événements ou la tête ne correspondent pas au "
                         "manifeste.")
    return True, N_("Export intact : %(count)d événements, tête %(position)d "
                    "(%(hash)s).", count=count, position=position, hash=previous)
