"""Recomputing the hash chain from the stored events: the verdict of ``audit verify`` and
of « Vérifier maintenant » (tracker/chain.py seals; this only reads).

The walk goes through the log and its links side by side, in position order: a missing
event, a link that no longer matches, an event slipped in without a link, a link gone
from the tail (against a receipt, the witness, or an earlier verification) each break the
chain at the first position concerned; an event not yet sealed is pending, not broken,
unless it has waited longer than ``SEALING_GRACE``. Attachments named by an event are
checked in the blob store once its link holds (tracker/file_check.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Iterator

from sqlalchemy import select

from domain.messages import N_, Message
from storage.tables import audit_chain as links
from tracker.chain_links import GENESIS, Head, StoredEvent, link
from tracker.file_check import FileCheck
from tracker.witness import Witnessed

# How long an event may wait for its link: whoever follows the log seals it within seconds.
# An event unlinked for longer means the links after it were removed (or the sealing
# stopped): verification says so instead of sealing, which would cover a forged tail.
SEALING_GRACE = timedelta(minutes=15)


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


class ChainWalk:
    """One verification's walk over a chain (``Chain.verify``)."""

    def __init__(self, chain):
        self.chain = chain

    def verdict(self, receipt, on_progress, batch_size, files: FileCheck,
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
                if self.chain.may_name_files(notification):
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
            if self.chain.may_name_files(notification):
                files.check(position, self.chain.attachments_in(notification))
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
            files.check(notification.id, self.chain.attachments_in(notification))
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
        stored = self.chain.read_events(position, 1)[0]
        recorded = self.chain.tracker.mapper.to_domain_event(stored).timestamp
        if self.chain.clock() - recorded <= SEALING_GRACE:
            return None
        return N_("Événements non scellés depuis la position %(position)d, enregistrée le "
                  "%(when)s : les maillons qui suivent ont été supprimés, ou le scellement "
                  "est arrêté. Rien n'a été scellé : examinez le journal avant de relancer "
                  "le service de mise à jour.", position=position,
                  when=recorded.strftime("%Y-%m-%d %H:%M UTC"))

    def _shorter_than_verified(self, position: int, hash_: str) -> Message | None:
        """Why the chain, ending at ``position``, falls short of a head a previous
        verification found (its links were removed since), or no longer passes by it."""
        earlier = self.chain.last_verification()
        if earlier is None or not earlier.ok or earlier.head_position == 0:
            return None
        if earlier.head_position > position:
            return N_("Chaîne raccourcie : une vérification précédente allait jusqu'à la "
                      "position %(verified)d, la chaîne s'arrête maintenant à la position "
                      "%(position)d (maillons supprimés).", verified=earlier.head_position,
                      position=position)
        if self.chain.link_at(earlier.head_position) != earlier.head_hash:
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
            notifications = self.chain.read_events(start, batch_size)
            stop = notifications[-1].id if notifications else None
            with self.chain.engine.connect() as connection:
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
        head = Head(position, previous, self.chain.clock().isoformat(timespec="seconds"), checked)
        return Verdict(False, checked, head, message, first_broken=position)

    def _done(self, checked, position, hash_, receipt, receipt_seen, unsealed,
              files: FileCheck) -> Verdict:
        head = Head(position, hash_, self.chain.clock().isoformat(timespec="seconds"), checked)
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
