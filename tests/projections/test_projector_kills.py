"""Projectors and rebuilds killed (SIGKILL) at random moments: each restart catches up, the
read models end as a clean rebuild leaves them, a rebuild's worker process dies with its
parent, and DDL waits for a catch-up in progress instead of deadlocking with it."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from projections.projector import Projector
from projections.registry import read_models as registered_read_models
from projections.runner import ReadModels
from tests.projections.conftest import build_dataset, snapshot
from tests.tracker.scenario import raise_one

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SEED = 20260310
KILLS = 20
# `flask --app wsgi …`, its rebuilds in two processes however short the log (the worker
# is what leaves a process behind).
IN_TWO = ("import sys, projections.replay as replay; replay.PARALLEL_REBUILD_FROM = 1; "
          "from flask.cli import main; sys.argv[0] = 'flask'; main()")


class Command:
    """One `flask projections …` process, its output kept, its children noted."""

    def __init__(self, database_url: str, log: Path, *arguments: str):
        self.log_path = log
        self.log = open(log, "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-c", IN_TWO, "--app", "wsgi", "projections", *arguments],
            cwd=PROJECT_ROOT, stdout=self.log, stderr=subprocess.STDOUT,
            env={**os.environ, "TRACKER_DATABASE_URL": database_url})
        self.children: set[int] = set()

    def said(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def note_children(self) -> None:
        self.children |= {pid for pid in children_of(self.process.pid)
                          if b"resource_tracker" not in command_line(pid)}

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self.log.close()
        for pid in self.children:  # should any have survived a failed assertion
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def children_of(pid: int) -> list[int]:
    try:
        return [int(child) for child in
                Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def command_line(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return b""


def running(pid: int) -> bool:
    try:  # a zombie has ended; only its exit status is left for its (new) parent
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_until(condition, timeout: float, message) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(message())
        time.sleep(0.01)


@pytest.fixture
def commands(database_url, tmp_path):
    started = []

    def start(*arguments: str) -> Command:
        command = Command(database_url, tmp_path / f"command-{len(started)}.log", *arguments)
        started.append(command)
        return command
    yield start
    for command in started:
        command.close()


needs_proc = pytest.mark.skipif(not Path("/proc/self/task").exists(),
                                reason="children are found through /proc (Linux)")


@needs_proc
def test_killing_a_rebuild_ends_its_worker_too(tracker_app, people, clock, read_models,
                                               commands):
    build_dataset(tracker_app, people, clock, count=48)
    rebuild = commands("run", "--rebuild", "--batch-size", "1")

    def worker_replaying() -> bool:  # the worker's read models include the history
        rebuild.note_children()
        return bool(rebuild.children) and history_position(read_models) > 0
    wait_until(worker_replaying, 60, lambda: f"no worker replaying:\n{rebuild.said()}")
    rebuild.process.kill()
    rebuild.process.wait(10)

    # Left alone, the worker would go on replaying some 300 events one at a time.
    wait_until(lambda: not any(running(pid) for pid in rebuild.children), 2,
               lambda: f"the rebuild's worker outlived it: {sorted(rebuild.children)}")


def history_position(read_models) -> int:
    try:  # the rebuild drops and re-creates the positions' table
        return read_models.positions().get("history", 0)
    except Exception:  # noqa: BLE001
        return 0


@needs_proc
@pytest.mark.parametrize("store", ["postgres"])  # the deadlock was PostgreSQL's
def test_twenty_kills_at_random_moments_end_as_a_clean_rebuild(
        store, tracker_app, people, clock, head, commands):
    """Each round kills a projector rebuilding, a projector following the log, or a
    rebuild, at a random moment of its work; a projector then restarts (half the time with
    ``--rebuild``, as a restart after a failed rebuild would) and must catch up."""
    build_dataset(tracker_app, people, clock, count=12)
    rng = random.Random(SEED)
    kinds = [("run", "--rebuild", "--batch-size", "2"), ("rebuild",),
             ("run", "--batch-size", "2")]
    for round_ in range(KILLS):
        for _ in range(rng.randrange(3)):  # new events for the projector to follow
            clock.advance(minutes=5)
            raise_one(tracker_app, people, clock, title=f"Dossier du tour {round_}")
        killed = commands(*rng.choice(kinds))
        delay = rng.uniform(0.0, 1.5)
        # The random moment counts from the end of the process's start (imports, tables),
        # when it has said something: before that, a kill finds nothing to interrupt.
        wait_until(lambda: killed.said() or killed.process.poll() is not None, 60,
                   lambda: "the process never started")
        deadline = time.monotonic() + delay
        while time.monotonic() < deadline and killed.process.poll() is None:
            killed.note_children()
            time.sleep(0.01)
        killed.note_children()
        killed.process.kill()
        killed.process.wait(10)
        wait_until(lambda: not any(running(pid) for pid in killed.children), 5,
                   lambda: f"round {round_}: a worker outlived its parent")

        restart(tracker_app, head(), rebuild=rng.random() < 0.5, round_=round_)

    resumed = snapshot(ReadModels(tracker_app, inline=False).engine)
    clean = ReadModels(tracker_app, inline=False)
    clean.rebuild()
    assert resumed == snapshot(clean.engine)
    assert len(resumed["board"]) >= 12
    clean.engine.dispose()


def restart(tracker_app, head: int, *, rebuild: bool, round_: int) -> None:
    """What `projections run [--rebuild]` does, in a thread: open the read models (create
    and migrate the tables), then follow the log; return once it has caught up."""
    said, failure, stop = [], [], threading.Event()
    read_models = ReadModels(tracker_app, inline=False)
    projector = Projector(read_models, idle_seconds=0.05, standby_seconds=0.05,
                          report=lambda message: said.append(str(message)))

    def run() -> None:
        try:
            projector.run(stop, rebuild=rebuild)
        except BaseException as error:  # noqa: BLE001 - told below
            failure.append(error)
    thread = threading.Thread(target=run)
    thread.start()
    try:
        wait_until(lambda: failure or (
            (not rebuild or any("rejoués" in message for message in said))
            and min(read_models.positions().values()) >= head), 60,
            lambda: f"round {round_}: the restarted projector did not catch up: {said}")
    finally:
        stop.set()
        thread.join(30)
        read_models.engine.dispose()
    assert not failure, f"round {round_}: the restarted projector failed: {failure[0]!r}"


@pytest.mark.parametrize("store", ["postgres"])  # SQLite has one writer at a time
def test_a_rebuild_waits_for_a_catch_up_in_progress_instead_of_deadlocking(
        store, tracker_app, people, clock, head):
    """The catch-up has read its tables and is about to write when a rebuild starts
    dropping them: the rebuild waits for it (both take the schema lock first). Without
    that lock, the rebuild held the positions table while waiting for the catch-up's
    tables, and the catch-up then waited for the positions: a deadlock."""
    build_dataset(tracker_app, people, clock, count=6)
    rebuilder = ReadModels(tracker_app, inline=False)  # creates the tables
    first_write = HeldOnce()
    # As the worker of a rebuild in two: some of the read models.
    catching_up = ReadModels(tracker_app, inline=False, create=False, writing=first_write,
                             projections=[p for p in registered_read_models()
                                          if p.name in ("history", "audit_log",
                                                        "board_versions")])
    failures = []

    def guarded(work):
        def run():
            try:
                work()
            except BaseException as error:  # noqa: BLE001 - told below
                failures.append(error)
        return threading.Thread(target=run)

    writer = guarded(lambda: catching_up.catch_up(batch_size=1000))
    writer.start()
    assert first_write.reached.wait(30)
    rebuild = guarded(rebuilder.rebuild)
    rebuild.start()
    wait_until(lambda: waiting_for_a_lock(rebuilder) or not rebuild.is_alive(), 30,
               lambda: "the rebuild never waited")
    first_write.release.set()
    writer.join(60)
    rebuild.join(60)

    assert not failures, repr(failures)
    catching_up.catch_up()
    resumed = snapshot(rebuilder.engine)
    rebuilder.rebuild()
    assert resumed == snapshot(rebuilder.engine)
    for models in (rebuilder, catching_up):
        models.engine.dispose()


class HeldOnce:
    """The first batch's writes wait, its reads done and its transaction open, until
    released."""

    def __init__(self):
        self.reached, self.release = threading.Event(), threading.Event()

    def __enter__(self):
        if not self.reached.is_set():
            self.reached.set()
            self.release.wait(30)

    def __exit__(self, *exc) -> bool:
        return False


def waiting_for_a_lock(models: ReadModels) -> bool:
    with models.engine.connect() as connection:
        return bool(connection.execute(text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock'")).scalar())
