"""Serving in several processes (web/serving.py, started by scripts/serve.sh): how many,
that they share the port, that a worker that dies is replaced, and that they all end
with their supervisor, whether it is asked to stop or killed."""

from __future__ import annotations

import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.web.test_limits import redis_url
from web import serving

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SERVING = re.compile(r"Service sur http://127\.0\.0\.1:(\d+) : (\d+) processus")


# ---- how many ----------------------------------------------------------------------------------
SHARED = {"TRACKER_RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"}


def test_one_process_unless_more_are_asked_for(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert serving.processes_wanted({}) == 1
    assert serving.processes_wanted(SHARED) == 1
    assert serving.processes_wanted({**SHARED, "TRACKER_WEB_PROCESSES": " "}) == 1


def test_the_number_asked_for_is_taken(monkeypatch):
    assert serving.processes_wanted({**SHARED, "TRACKER_WEB_PROCESSES": "3"}) == 3
    assert serving.processes_wanted({"TRACKER_WEB_PROCESSES": "1"}) == 1
    assert serving.processes_wanted(SHARED, asked=5) == 5


@pytest.mark.parametrize("environ, asked", [({"TRACKER_WEB_PROCESSES": "2"}, None),
                                            ({}, 2)])
def test_several_processes_counting_limits_apart_are_refused(environ, asked):
    with pytest.raises(ValueError, match="TRACKER_RATELIMIT_STORAGE_URI=redis://") as refused:
        serving.processes_wanted(environ, asked)
    assert "multipliée par 2" in str(refused.value)


@pytest.mark.parametrize("raw", ["0", "-1", "deux", "1.5"])
def test_a_number_of_processes_that_is_not_one_is_refused(raw):
    with pytest.raises(ValueError, match="TRACKER_WEB_PROCESSES doit être un nombre entier"):
        serving.processes_wanted({**SHARED, "TRACKER_WEB_PROCESSES": raw})


# ---- served -------------------------------------------------------------------------------------
def environment(tmp_path: Path, **more) -> dict:
    return {**os.environ, "TRACKER_DATABASE_URL": f"sqlite:///{tmp_path / 'served.sqlite3'}",
            "TRACKER_SECRET_KEY": "serving-test-" + "0" * 32,
            "TRACKER_BLOB_STORE": str(tmp_path / "blobs"),
            "TRACKER_CHAIN_WITNESS": str(tmp_path / "witness.txt"), **more}


class Served:
    def __init__(self, tmp_path: Path, *arguments: str, **more):
        self.log = tmp_path / "serving.log"
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "web.serving", "--listen=127.0.0.1:0", "--threads=2",
                 *arguments], cwd=PROJECT_ROOT, env=environment(tmp_path, **more),
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.port = int(self.wait_for(lambda: SERVING.search(self.text()), "announced")[1])

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, found, what: str, seconds: float = 60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            result = found()
            if result:
                return result
            time.sleep(0.1)
        raise AssertionError(f"not {what} within {seconds} s:\n{self.text()}")

    def workers(self) -> set[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return {int(pid) for pid in children.read_text().split()}
        except OSError:
            return set()

    def answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/manifest.webmanifest",
                                        timeout=5) as response:
                return response.status == 200
        except OSError:
            return False

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)


@pytest.fixture
def served(tmp_path):
    started = []

    def start(*arguments, **more):
        started.append(Served(tmp_path, *arguments, **more))
        return started[-1]
    yield start
    for one in started:
        one.stop()


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except OSError:
        return False


def test_two_workers_share_the_port_and_a_dead_one_is_replaced(served, monkeypatch):
    server = served("--processes=2", TRACKER_RATELIMIT_STORAGE_URI=redis_url())
    workers = server.wait_for(lambda: len(server.workers()) == 2 and server.workers(), "forked")
    assert server.wait_for(server.answers, "answering")

    killed = min(workers)
    os.kill(killed, signal.SIGKILL)
    assert all(server.answers() for _ in range(10))  # the other worker serves meanwhile

    replaced = server.wait_for(
        lambda: len(server.workers()) == 2 and killed not in server.workers()
        and server.workers(), "replaced")
    assert replaced - workers and max(workers) in replaced
    assert "arrêté" in server.text()
    assert all(server.answers() for _ in range(10))


def test_the_workers_stop_with_their_supervisor(served):
    server = served()
    workers = server.wait_for(server.workers, "forked")
    assert server.wait_for(server.answers, "answering")

    server.process.send_signal(signal.SIGTERM)

    assert server.process.wait(20) == 0
    server.wait_for(lambda: not any(alive(pid) for pid in workers), "stopped")
    assert not server.answers()


def test_the_workers_end_when_their_supervisor_is_killed(served):
    server = served()
    workers = server.wait_for(server.workers, "forked")

    server.process.kill()  # the supervisor alone, as the OOM killer would

    server.wait_for(lambda: not any(alive(pid) for pid in workers), "ended")
    assert not server.answers()


def test_two_workers_without_a_shared_count_are_refused(tmp_path):
    done = subprocess.run([sys.executable, "-m", "web.serving", "--listen=127.0.0.1:0",
                           "--processes=2"], cwd=PROJECT_ROOT, env=environment(tmp_path),
                          capture_output=True, text=True, timeout=60)

    assert done.returncode == 2
    assert "TRACKER_RATELIMIT_STORAGE_URI=redis://" in done.stderr


def test_the_queue_depth_warning_is_written_once_a_minute_with_the_count_held_back(
        monkeypatch):
    moments = iter([100.0, 100.1, 100.2, 130.0, 160.5, 161.0])
    monkeypatch.setattr(serving.time, "monotonic", lambda: next(moments))
    once = serving.NowAndThen(seconds=60)
    records = [logging.LogRecord("waitress.queue", logging.WARNING, __file__, 1,
                                 "Task queue depth is %d", (depth,), None)
               for depth in (1, 2, 3, 4, 5, 6)]
    passed = [record.getMessage() for record in records if once.filter(record)]
    assert passed == ["Task queue depth is 1",
                      "Task queue depth is 5 (3 more like it held back)"]


def test_a_worker_filters_waitress_queue_warnings(monkeypatch):
    import types

    import waitress

    monkeypatch.setattr(waitress, "serve", lambda app, **options: None)
    monkeypatch.setitem(sys.modules, "wsgi", types.SimpleNamespace(app=object()))
    queue = logging.getLogger("waitress.queue")
    before = list(queue.filters)
    try:
        with socket.socket() as listening:
            serving.serve(listening, {})
        assert any(isinstance(f, serving.NowAndThen) for f in queue.filters)
    finally:
        queue.filters[:] = before
