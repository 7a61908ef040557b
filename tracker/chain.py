"""Tamper evidence: one hash chain over every stored event, in the order of the log.

Each link is ``sha256(previous link + the event as stored)``: its position in the log,
aggregate id, version, topic and stored bytes. Changing, reordering, inserting or deleting
any past event breaks every later link; rewriting an event and recomputing its own link
breaks the next one. Someone able to rewrite the whole database could recompute the whole
chain: that is what receipts are for. ``audit head`` prints the head (position, hash,
time) for an auditor to keep outside the system; ``audit verify --receipt`` proves the log
still extends what the receipt saw.

Links are written by a sealer that follows the log (the projector, or the web process
when there is none), so commands do not wait for it; an event not yet sealed is reported
as such by verification, never as broken.

Attachments' bytes are not in the log, only their sha256 (domain/attachments.py): the
chain proves which hashes the events named, and verification checks that the blob store
still holds, under each of them, bytes that hash to it.

Each seal also writes the new head to a witness outside the database (tracker/witness.py):
verification checks the chain against the last witnessed head as against a receipt, so
deleting the links from a forged event on is no longer enough to hide it; and the sealer
refuses to seal while the chain does not hold that head, which would cover the forgery.
Verification only reads: it never seals."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta, timezone
from typing import Callable, Iterator, NamedTuple

from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import IntegrityError

from domain.attachments import attachments_of
from domain.messages import N_, Message
from storage.schema import create_tables
from storage.tables import CHAIN, audit_chain as links, audit_verifications as verifications
from tracker.file_check import FILE_KEY, FileCheck
from tracker.storage import sql_engine
from tracker.witness import Witnessed, open_witness

GENESIS = hashlib.sha256(b"ccs-tracker: chain of recorded events").hexdigest()
BATCH_SIZE = 5000
# How long an event may wait for its link: whoever follows the log seals it within seconds.
# An event unlinked for longer means the links after it were removed (or the sealing
# stopped): verification says so instead of sealing, which would cover a forged tail.
SEALING_GRACE = timedelta(minutes=15)


def link(previous: str, notification) -> str:
    """The chain's link for one stored event, given the link before it."""
    # One buffer and one call: verification runs this a million times.
    return hashlib.sha256(b"%b%d\n%b\n%d\n%b\n%b" % (
        bytes.fromhex(previous), notification.id, str(notification.originator_id).encode(),
        notification.originator_version, notification.topic.encode(), notification.state,
    )).hexdigest()


class StoredEvent(NamedTuple):
    """An event as stored, read straight from the event store's table: the chain covers
    the stored bytes, and a million of them are read without decoding a single one."""

    id: int
    originator_id: str
    originator_version: int
    topic: str
    state: bytes


def stored_events_reader(engine, recorder) -> Callable[[int, int], list[StoredEvent]]:
    """``read(start, limit)``: the stored events from position ``start`` in log order.
    The library's own reader would turn every aggregate id into a UUID object and back
    to text here: that alone was a third of the time of a verification."""
    table = recorder.events_table_name  # same schema: the engine's search path
    if engine.dialect.name == "postgresql":
        statement = text(
            f"SELECT notification_id, originator_id::text, originator_version, topic, state "
            f"FROM {table} WHERE notification_id >= :start "
            f"ORDER BY notification_id LIMIT :limit")
    else:
        # SQLite keeps a UUID as its 32 hex digits: the chain covers the id in its usual
        # written form, the dashes put back here and no character changed.
        written = ("substr(originator_id, 1, 8) || '-' || substr(originator_id, 9, 4) || '-' "
                   "|| substr(originator_id, 13, 4) || '-' || substr(originator_id, 17, 4) "
                   "|| '-' || substr(originator_id, 21)")
        statement = text(
            f"SELECT rowid, {written}, originator_version, topic, state FROM {table} "
            f"WHERE rowid >= :start ORDER BY rowid LIMIT :limit")

    def read(start: int, limit: int) -> list[StoredEvent]:
        with engine.connect() as connection:
            return [StoredEvent(*row) for row in connection.execute(
                statement, {"start": start, "limit": limit})]
    return read


@dataclass(frozen=True)
class Head:
    """What a receipt holds: the last sealed position, its link, and when it was read."""

    position: int
    hash: str
    at: str
    events: int

    def as_json(self) -> str:
        return json.dumps(asdict(self), indent=2)

    @classmethod
    def from_json(cls, text: str) -> "Head":
        data = json.loads(text)
        return cls(int(data["position"]), str(data["hash"]), str(data["at"]),
                   int(data.get("events", 0)))


@dataclass(frozen=True)
class Verdict:
    ok: bool
    checked: int
    head: Head
    message: Message
    first_broken: int | None = None
    unsealed: int = 0
    files: int = 0  # distinct attachments' files (and thumbnails) checked
    faulty_files: int = 0
    file_problems: tuple[Message, ...] = ()  # the first MOST_NAMED of them
    witness: Message | None = None  # which witness was read and what it held
    witness_warning: bool = False  # the witness could not be compared (missing, unreadable)


class Chain:
    """The chain of one tracker's event log: sealing, head, verification."""

    def __init__(self, tracker, engine=None, clock: Callable[[], datetime] | None = None):
        self.tracker = tracker
        self.recorder = tracker.recorder
        self.engine = engine or sql_engine(tracker.settings.database_url)
        self.read_events = stored_events_reader(self.engine, self.recorder)
        dialect = self.engine.dialect
        marker = "?" if dialect.paramstyle == "qmark" else "%s"
        self._insert_links = (f"INSERT INTO {links.name} (position, hash, sealed_at) "
                              f"VALUES ({marker}, {marker}, {marker})")
        self._stored_time = (links.c.sealed_at.type.bind_processor(dialect)
                             or (lambda value: value))
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        mapper = tracker.mapper
        # Encrypted or compressed events cannot be searched for FILE_KEY: each is decoded.
        self._opaque = mapper.cipher is not None or mapper.compressor is not None
        self.witness = open_witness(tracker.settings)  # checked writable: fails at start
        create_tables(self.engine, CHAIN)

    # ---- sealing ------------------------------------------------------------------------
    def seal(self, batch_size: int = BATCH_SIZE) -> int:
        """Link every event recorded since the last seal; returns how many were linked."""
        done = 0
        while True:
            last_position, last_hash = self.last_link()
            notifications = self.read_events(last_position + 1, batch_size)
            if not notifications:
                return done
            # Sealing over links removed or rewritten would cover what replaced them.
            if not done and self.witness is not None \
                    and not self.witness.allows_sealing(self._link_at):
                return 0
            rows, previous = [], last_hash
            now = self._stored_time(self.clock())
            for notification in notifications:
                previous = link(previous, notification)
                rows.append((notification.id, previous, now))
            try:
                with self.engine.begin() as connection:
                    # Straight to the driver: Core's executemany would process a dict
                    # per link, which cost more than the hashing.
                    connection.exec_driver_sql(self._insert_links, rows)
            except IntegrityError:
                continue  # another process sealed these first: read on from its links
            done += len(rows)
            if self.witness is not None:
                self.witness.append(rows[-1][0], previous, self.clock())

    def _link_at(self, position: int) -> str | None:
        with self.engine.connect() as connection:
            return connection.execute(select(links.c.hash).where(
                links.c.position == position)).scalar()

    def last_link(self) -> tuple[int, str]:
        """(position, hash) of the newest link, as sealed so far."""
        with self.engine.connect() as connection:
            row = connection.execute(
                select(links.c.position, links.c.hash)
                .order_by(links.c.position.desc()).limit(1)).first()
        return (row.position, row.hash) if row else (0, GENESIS)

    def head(self) -> Head:
        """Seal what is pending, then the head a receipt records."""
        self.seal()
        with self.engine.connect() as connection:
            events = connection.execute(select(func.count()).select_from(links)).scalar()
        position, hash_ = self.last_link()
        return Head(position, hash_, self.clock().isoformat(timespec="seconds"), events or 0)

    # ---- attachments --------------------------------------------------------------------
    def may_name_files(self, notification) -> bool:
        """Whether a stored event may reference files: asked of its bytes before decoding
        it, because decoding every event would double a verification's time."""
        return self._opaque or FILE_KEY in notification.state

    def attachments_in(self, notification) -> list[dict]:
        """The attachments a stored event references, decoded."""
        return attachments_of(self.tracker.mapper.to_domain_event(notification))

    # ---- verification -------------------------------------------------------------------
    def verify(self, receipt: Head | None = None,
               on_progress: Callable[[int], None] = lambda count: None,
               batch_size: int = BATCH_SIZE) -> Verdict:
        """Recompute every link from the stored events and compare; with a receipt, also
        check that the log still holds the head it recorded; check every attachment's file
        in the blob store as its event is read (a broken chain is the verdict on its own:
        past it, nothing the events say can be trusted). The verdict is kept for the
        auditors' page. It only reads: events not sealed yet are pending, never sealed
        here. With a witness, the chain must hold the last head it recorded."""
        witnessed, note, warning = (self.witness.for_verification(self.last_link()[0] > 0)
                                    if self.witness is not None else (None, None, False))
        verdict = self._verify(receipt, on_progress, batch_size,
                               FileCheck(self.tracker.blobs.get), witnessed)
        verdict = replace(verdict, witness=note, witness_warning=warning)
        with self.engine.begin() as connection:
            connection.execute(insert(verifications).values(
                verified_at=self.clock(), ok=verdict.ok, checked=verdict.checked,
                head_position=verdict.head.position, head_hash=verdict.head.hash,
                message=str(verdict.message)))
        return verdict

    def _verify(self, receipt, on_progress, batch_size, files: FileCheck,
                witnessed: Witnessed | None = None) -> Verdict:
        previous, checked, last_position = GENESIS, 0, 0
        receipt_seen = receipt is None or receipt.position == 0
        witness_seen = witnessed is None or witnessed.position == 0
        unlinked: list[int] = []  # events without a link: recent, unless links follow
        pending: list[StoredEvent] = []  # those of them that may reference files
        for notification, position, stored in self._pairs(batch_size):
            if notification is None:
                return self._broken(checked, position, previous, N_(
                    "Événement manquant à la position %(position)d : il a été supprimé du "
                    "journal.", position=position))
            if stored is None:
                unlinked.append(position)
                if self.may_name_files(notification):
                    pending.append(notification)  # checked once known to be the tail
                continue
            if unlinked:  # an unlinked event before linked ones was slipped in afterwards
                return self._broken(checked, unlinked[0], previous, N_(
                    "Événement inséré à la position %(position)d : il ne figure pas dans la "
                    "chaîne scellée.", position=unlinked[0]))
            if link(previous, notification) != stored:
                return self._broken(checked, position, previous, N_(
                    "Chaîne rompue à la position %(position)d : l'événement enregistré là, ou "
                    "un événement avant lui, a été modifié, déplacé ou inséré.",
                    position=position))
            # Decoded only once its link holds: a tampered event is the chain's to name.
            if self.may_name_files(notification):
                files.check(position, self.attachments_in(notification))
            if receipt is not None and position == receipt.position:
                if stored != receipt.hash:
                    return self._broken(checked, position, previous, N_(
                        "Le journal ne prolonge plus le reçu : à la position %(position)d, "
                        "l'empreinte diffère de celle du reçu (historique réécrit).",
                        position=position))
                receipt_seen = True
            if witnessed is not None and position == witnessed.position:
                if stored != witnessed.hash:
                    return self._broken(checked, position, previous, N_(
                        "Chaîne réécrite : le maillon de la position %(position)d n'est plus "
                        "celui que le témoin a inscrit le %(when)s.", position=position,
                        when=witnessed.at))
                witness_seen = True
            previous, last_position = stored, position
            checked += 1
            if checked % batch_size == 0:
                on_progress(batch_size)
        for notification in pending:  # recorded, not sealed yet: their files must be there
            files.check(notification.id, self.attachments_in(notification))
        if not witness_seen:  # the links from there on were removed: so may be events
            return self._broken(checked, last_position + 1, previous, N_(
                "Chaîne raccourcie : elle s'arrête à la position %(end)d, avant la tête "
                "que le témoin a inscrite le %(when)s (position %(position)d) : des "
                "maillons ont été supprimés.", end=last_position, when=witnessed.at,
                position=witnessed.position))
        if unlinked:
            overdue = self._unsealed_too_long(unlinked[0])
            if overdue is not None:
                return self._broken(checked, unlinked[0], previous, overdue)
        cut = self._shorter_than_verified(last_position, previous)
        if cut is not None:
            return self._broken(checked, last_position + 1, previous, cut)
        return self._done(checked, last_position, previous, receipt, receipt_seen,
                          len(unlinked), files)

    def _unsealed_too_long(self, position: int) -> Message | None:
        """Why the first unlinked event, at ``position``, cannot be a recent one."""
        stored = self.read_events(position, 1)[0]
        recorded = self.tracker.mapper.to_domain_event(stored).timestamp
        if self.clock() - recorded <= SEALING_GRACE:
            return None
        return N_("Événements non scellés depuis la position %(position)d, enregistrée le "
                  "%(when)s : les maillons qui suivent ont été supprimés, ou le scellement "
                  "est arrêté. Rien n'a été scellé : examinez le journal avant de relancer "
                  "le service de mise à jour.", position=position,
                  when=recorded.strftime("%Y-%m-%d %H:%M UTC"))

    def _shorter_than_verified(self, position: int, hash_: str) -> Message | None:
        """Why the chain, ending at ``position``, falls short of a head a previous
        verification found (its links were removed since), or no longer passes by it."""
        earlier = self.last_verification()
        if earlier is None or not earlier.ok or earlier.head_position == 0:
            return None
        if earlier.head_position > position:
            return N_("Chaîne raccourcie : une vérification précédente allait jusqu'à la "
                      "position %(verified)d, la chaîne s'arrête maintenant à la position "
                      "%(position)d (maillons supprimés).", verified=earlier.head_position,
                      position=position)
        with self.engine.connect() as connection:
            stored = connection.execute(select(links.c.hash).where(
                links.c.position == earlier.head_position)).scalar()
        if stored != earlier.head_hash:
            return N_("Chaîne réécrite : le maillon de la position %(position)d n'est plus "
                      "celui qu'une vérification précédente avait trouvé.",
                      position=earlier.head_position)
        return None

    def _pairs(self, batch_size: int) -> Iterator[tuple]:
        """(stored event, position, its link) in log order; None for the event or the link
        that is missing. Links are read as plain tuples: at a million events, building
        row objects would cost more than the hashing."""
        start = 1
        while True:
            notifications = self.read_events(start, batch_size)
            stop = notifications[-1].id if notifications else None
            with self.engine.connect() as connection:
                query = select(links.c.position, links.c.hash).where(
                    links.c.position >= start).order_by(links.c.position)
                # Up to the batch's last event; past the log's end, links left without
                # their events (deleted), a batch at a time.
                query = (query.where(links.c.position <= stop) if stop is not None
                         else query.limit(batch_size))
                stored = connection.execute(query).tuples().all()
            if not notifications and not stored:
                return
            # Both sides are in position order: walk them together.
            index, count = 0, len(stored)
            for notification in notifications:
                position = notification.id
                while index < count and stored[index][0] < position:
                    yield None, stored[index][0], stored[index][1]  # a link without event
                    index += 1
                if index < count and stored[index][0] == position:
                    yield notification, position, stored[index][1]
                    index += 1
                else:
                    yield notification, position, None
            if not notifications:
                for position, hash_ in stored:
                    yield None, position, hash_
                return
            start = stop + 1

    def _broken(self, checked, position, previous, message) -> Verdict:
        head = Head(position, previous, self.clock().isoformat(timespec="seconds"), checked)
        return Verdict(False, checked, head, message, first_broken=position)

    def _done(self, checked, position, hash_, receipt, receipt_seen, unsealed,
              files: FileCheck) -> Verdict:
        head = Head(position, hash_, self.clock().isoformat(timespec="seconds"), checked)
        if not receipt_seen:
            return Verdict(False, checked, head, N_(
                "Le journal s'arrête avant le reçu : la position %(position)d du reçu "
                "n'existe plus (événements supprimés).", position=receipt.position),
                first_broken=receipt.position)
        found = dict(files=files.checked, faulty_files=len(files.problems),
                     file_problems=files.named())
        if files.problems:
            return Verdict(False, checked, head, N_(
                "Chaîne intacte : %(checked)d événements vérifiés, mais %(faulty)d fichiers "
                "joints sur %(files)d sont absents ou altérés.", checked=checked,
                faulty=len(files.problems), files=files.checked),
                unsealed=unsealed, **found)
        if unsealed:
            return Verdict(True, checked, head, N_(
                "Chaîne intacte : %(checked)d événements vérifiés ; %(files)d fichiers "
                "joints présents et conformes ; %(unsealed)d événements récents pas encore "
                "scellés.", checked=checked, files=files.checked, unsealed=unsealed),
                unsealed=unsealed, **found)
        return Verdict(True, checked, head, N_(
            "Chaîne intacte : %(checked)d événements vérifiés ; %(files)d fichiers joints "
            "présents et conformes.", checked=checked, files=files.checked), **found)

    def last_verification(self):
        with self.engine.connect() as connection:
            return connection.execute(select(verifications).order_by(
                verifications.c.id.desc()).limit(1)).first()
