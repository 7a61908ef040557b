"""Verifying the chain from the auditors' page: « Vérifier maintenant ».

A verification reads the whole log (minutes at a million events), longer than a request
may last: it runs in a thread of the web process that started it, and writes how far it
has got into ``audit_runs`` after each batch, so that whichever web process the auditor's
next poll reaches can show the progress. The row records who asked and, once done, the
verdict and what the chain's witness held (the verification itself is recorded by
:meth:`Chain.verify`, as from the command line). Like the command line, it only reads:
nothing is sealed.

Only one runs at a time. A run whose row has not moved for ``ABANDONED_AFTER`` is taken to
have died with its process (a restart, a crash): it is closed as interrupted, and another
may start."""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert, select, update

from domain.messages import Message, N_
from storage.tables import audit_runs as runs
from tracker.chain import Chain

ABANDONED_AFTER = timedelta(minutes=2)
INTERRUPTED = N_("Vérification interrompue (le serveur a redémarré) : relancez-la.")
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Run:
    id: int
    started_by: str
    started_by_name: str
    started_at: datetime
    total: int
    checked: int
    finished_at: datetime | None
    ok: bool | None
    message: Message | None
    witness: Message | None = None  # which witness was read, or why none was compared

    @property
    def running(self) -> bool:
        return self.finished_at is None

    @property
    def percent(self) -> int:
        if not self.running:
            return 100
        return min(99, self.checked * 100 // self.total) if self.total else 0


class Verifications:
    """The runs of one chain's verification (its engine holds ``audit_runs``)."""

    def __init__(self, chain: Chain):
        self.chain = chain
        self.engine = chain.engine
        self.clock = chain.clock
        self._lock = threading.Lock()

    def start(self, principal, background: bool = True) -> Run:
        """Start a verification on behalf of ``principal`` (an auditor, checked by the
        caller), or give back the one already running."""
        with self._lock:
            current = self.latest()
            if current is not None and current.running:
                if self.clock() - self._updated_at(current.id) < ABANDONED_AFTER:
                    return current
                self._finish(current.id, False, INTERRUPTED)
            now = self.clock()
            total = self.chain.recorder.max_notification_id() or 0
            with self.engine.begin() as connection:
                run_id = connection.execute(insert(runs).values(
                    started_by=principal.username, started_by_name=principal.display_name,
                    started_at=now, updated_at=now, total=total, checked=0)
                ).inserted_primary_key[0]
        if background:
            threading.Thread(target=self._run, args=(run_id,), daemon=True,
                             name=f"verification-{run_id}").start()
        else:
            self._run(run_id)
        return self.find(run_id)

    def latest(self) -> Run | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(runs).order_by(runs.c.id.desc()).limit(1)).first()
        return _run_of(row)

    def find(self, run_id: int) -> Run | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(runs).where(runs.c.id == run_id)).first()
        return _run_of(row)

    # ---- the work -----------------------------------------------------------------------
    def _run(self, run_id: int) -> None:
        checked = 0

        def progress(count: int) -> None:
            nonlocal checked
            checked += count
            with self.engine.begin() as connection:
                connection.execute(update(runs).where(runs.c.id == run_id).values(
                    checked=checked, updated_at=self.clock()))

        try:
            # As found, and only read: sealing could cover a forged tail.
            verdict = self.chain.verify(on_progress=progress)
        except Exception:  # said on the page, told in the log: never a silent stop
            logger.exception("verification %s failed", run_id)
            self._finish(run_id, False, N_("La vérification a échoué sur une erreur du "
                                           "serveur : consultez le journal du serveur."))
            return
        self._finish(run_id, verdict.ok, verdict.message, checked=verdict.checked,
                     witness=verdict.witness)

    def _finish(self, run_id: int, ok: bool, message: Message,
                checked: int | None = None, witness: Message | None = None) -> None:
        now = self.clock()
        values = dict(finished_at=now, updated_at=now, ok=ok,
                      message=_stored(message, witness))
        if checked is not None:
            values["checked"] = checked
        with self.engine.begin() as connection:
            connection.execute(update(runs).where(runs.c.id == run_id).values(**values))

    def _updated_at(self, run_id: int) -> datetime:
        with self.engine.connect() as connection:
            return connection.execute(select(runs.c.updated_at).where(
                runs.c.id == run_id)).scalar()


def _stored(message: Message | str, witness: Message | None = None) -> str:
    """The message (and the witness's) as its id and values, so each reader sees it in
    their language."""
    kept = _kept(message)
    if witness is not None:
        kept["witness"] = _kept(witness)
    return json.dumps(kept, ensure_ascii=False)


def _kept(message: Message | str) -> dict:
    return {"msgid": getattr(message, "msgid", str(message)),
            "params": getattr(message, "params", {})}


def _run_of(row) -> Run | None:
    if row is None:
        return None
    message = witness = None
    if row.message:
        kept = json.loads(row.message)
        message = N_(kept["msgid"], **kept["params"])
        if "witness" in kept:
            witness = N_(kept["witness"]["msgid"], **kept["witness"]["params"])
    return Run(row.id, row.started_by, row.started_by_name, row.started_at, row.total,
               row.checked, row.finished_at, row.ok, message, witness)
