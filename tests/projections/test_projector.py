"""The projector process (`projections run`): it follows new events, only one writes at a
time, a standby takes over when the leader dies, and a projector killed mid-rebuild and
started again ends with the read models of a clean rebuild. On SQLite and PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from projections import staging
from projections.projector import Projector
from projections.runner import ReadModels
from tests.projections.conftest import build_dataset, snapshot
from storage.tables import positions
from tests.tracker.scenario import raise_one

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class ProjectorProcess:
    """`flask --app wsgi projections run` in a child process, its stderr kept to read."""

    def __init__(self, database_url: str, log: Path, *options: str):
        self.log_path = log
        self.log = open(log, "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "projections", "run", *options],
            cwd=PROJECT_ROOT, stdout=self.log, stderr=subprocess.STDOUT,
            env={**os.environ, "TRACKER_DATABASE_URL": database_url})

    def said(self) -> str:
        return self.log_path.read_text(encoding="utf-8")

    def wait_until_said(self, text: str, timeout: float = 30) -> None:
        wait_until(lambda: text in self.said(), timeout,
                   lambda: f"the projector never said {text!r}; it said:\n{self.said()}")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(30)

    def close(self) -> None:
        if self.process.poll() is None:
            self.kill()
        self.log.close()


def wait_until(condition, timeout: float, message) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(message())
        time.sleep(0.005)


@pytest.fixture
def projectors(database_url, tmp_path):
    started = []

    def start(*options: str) -> ProjectorProcess:
        process = ProjectorProcess(database_url, tmp_path / f"projector-{len(started)}.log",
                                   *options)
        started.append(process)
        return process
    yield start
    for process in started:
        process.close()


def positions_reach(read_models, position: int) -> bool:
    return min(read_models.positions().values()) >= position


def test_a_projector_killed_mid_rebuild_and_restarted_ends_as_a_clean_rebuild(
        tracker_app, people, clock, read_models, head, projectors):
    build_dataset(tracker_app, people, clock, count=24)
    read_models.catch_up()
    last = head()
    before = snapshot(read_models.engine)
    beside = staging.applies(read_models.engine)  # PostgreSQL: rebuilt in a staging schema
    rebuilding = (staging.staging_engine(tracker_app.settings.database_url) if beside
                  else read_models.engine)

    first = projectors("--rebuild", "--batch-size", "1")
    # Mid-rebuild: the new tables are being filled one event at a time.
    wait_until(lambda: 0 < min(_positions_or_zero(rebuilding).values()) < last - 20, 60,
               lambda: f"no rebuild in progress seen; the projector said:\n{first.said()}")
    first.kill()
    if beside:
        # The pages never saw a half-made read model: those in service are untouched.
        assert snapshot(read_models.engine) == before
        assert min(read_models.positions().values()) == last
        rebuilding.dispose()
    else:
        interrupted_at = min(read_models.positions().values())
        assert 0 < interrupted_at < last

    second = projectors()
    second.wait_until_said("Projecteur actif")
    wait_until(lambda: positions_reach(read_models, last), 60,
               lambda: f"the restarted projector did not catch up:\n{second.said()}")
    assert second.stop() == 0
    resumed = snapshot(read_models.engine)

    read_models.rebuild()
    assert resumed == snapshot(read_models.engine) == before
    assert len(resumed["board"]) == 24


def _positions_or_zero(engine) -> dict:
    # Between the drop and the re-creation the position table briefly does not exist.
    try:
        with engine.connect() as connection:
            return dict(connection.execute(select(positions.c.name, positions.c.position))
                        .all()) or {"none": 0}
    except Exception:
        return {"none": 0}


def test_a_standby_waits_then_takes_over_when_the_leader_dies(
        tracker_app, people, clock, read_models, head, projectors):
    leader = projectors()
    leader.wait_until_said("Projecteur actif")
    standby = projectors()
    standby.wait_until_said("attend en secours")
    assert "Projecteur actif" not in standby.said()

    leader.kill()
    standby.wait_until_said("Projecteur actif")
    raise_one(tracker_app, people, clock)
    wait_until(lambda: positions_reach(read_models, head()), 30,
               lambda: f"the new leader did not apply the event:\n{standby.said()}")
    assert standby.stop() == 0


def test_rebuild_is_refused_while_a_projector_runs(database_url, tracker_app, projectors):
    leader = projectors()
    leader.wait_until_said("Projecteur actif")

    refused = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "projections", "rebuild"],
        cwd=PROJECT_ROOT, capture_output=True, text=True,
        env={**os.environ, "TRACKER_DATABASE_URL": database_url})

    assert refused.returncode != 0
    assert "un projecteur" in refused.stderr and "projections run --rebuild" in refused.stderr


def test_the_projector_follows_new_events_without_waiting_for_its_idle_timeout(
        tracker_app, people, clock, head):
    # One minute of idle wait: only a notification (PostgreSQL) or the head poll (SQLite)
    # can wake the projector in time.
    read_models = ReadModels(tracker_app, inline=False)
    stop = threading.Event()
    projector = Projector(read_models, idle_seconds=60)
    thread = threading.Thread(target=projector.run, args=(stop,))
    thread.start()
    try:
        for _ in range(3):
            wait_until(lambda: positions_reach(read_models, head()), 10, lambda: "idle")
            time.sleep(0.2)  # the projector is now waiting for news
            raise_one(tracker_app, people, clock)
            wait_until(lambda: positions_reach(read_models, head()), 5,
                       lambda: "the projector did not wake up for a committed event")
    finally:
        stop.set()
        thread.join(70)
        read_models.engine.dispose()
    assert not thread.is_alive()


def test_the_projector_seals_at_most_once_a_while_under_a_flow_and_all_once_quiet(
        tracker_app, people, clock, head):
    # Under a steady flow a catch-up follows another many times a second: sealing after
    # each cost a quarter of the projector's time. The chain may lag by ``seal_seconds``
    # at most while events come, and nothing stays unsealed once the log is quiet.
    read_models = ReadModels(tracker_app, inline=False)
    projector = Projector(read_models, seal_seconds=3600)
    sealed = lambda: projector.chain.last_link()[0]  # noqa: E731
    never = threading.Event()
    try:
        raise_one(tracker_app, people, clock)
        projector._catch_up(never)  # the first catch-up seals
        assert sealed() == head()
        raise_one(tracker_app, people, clock)
        projector._catch_up(never)  # applied, but sealed less than an hour ago
        assert positions_reach(read_models, head()) and sealed() < head()
        projector._catch_up(never)  # nothing new: the log is quiet, seal what is pending
        assert sealed() == head()
        projector.seal_seconds = 0  # the time between two seals has gone by
        raise_one(tracker_app, people, clock)
        projector._catch_up(never)
        assert sealed() == head()
    finally:
        read_models.engine.dispose()
