"""Tamper evidence: one hash chain over every stored event, in the order of the log.

Each link is ``sha256(previous link + the event as stored)`` (tracker/chain_links.py).
Changing, reordering, inserting or deleting
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
Verification only reads: it never seals (the walk is tracker/chain_walk.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from typing import Callable

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from domain.attachments import attachments_of
from storage.schema import create_tables
from storage.tables import CHAIN, audit_chain as links, audit_verifications as verifications
from tracker.chain_links import GENESIS, Head, link, stored_events_reader
from tracker.chain_walk import ChainWalk, Verdict
from tracker.file_check import FILE_KEY, FileCheck
from tracker.storage import sql_engine
from tracker.witness import open_witness

BATCH_SIZE = 5000


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
                    and not self.witness.allows_sealing(self.link_at):
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
            if len(notifications) < batch_size:
                return done  # that was the head: asking again would cost two queries

    def link_at(self, position: int) -> str | None:
        """The link sealed at ``position``, None if there is none."""
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
        verdict = ChainWalk(self).verdict(receipt, on_progress, batch_size,
                                          FileCheck(self.tracker.blobs.get), witnessed)
        verdict = replace(verdict, witness=note, witness_warning=warning)
        with self.engine.begin() as connection:
            connection.execute(insert(verifications).values(
                verified_at=self.clock(), ok=verdict.ok, checked=verdict.checked,
                head_position=verdict.head.position, head_hash=verdict.head.hash,
                message=str(verdict.message)))
        return verdict

    def last_verification(self):
        with self.engine.connect() as connection:
            return connection.execute(select(verifications).order_by(
                verifications.c.id.desc()).limit(1)).first()
