"""``flask --app wsgi bench --load``: the application as it is served (waitress and the
external projector, scripts/serve.sh's way) on a PostgreSQL database of its own, under N
API clients for T seconds, beside a page that needs no database on the same server.

The database is created here and dropped at the end (unless ``--keep``); both server
processes run in process groups of their own and are stopped, group and all, whatever
happens. After the run the log is read back: every command the server answered as
recorded must be in it exactly once."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import click
import urllib3
from sqlalchemy.engine import make_url

import tracker.accounts
from bench import cpu, report, stores
from bench.load_clients import COMMANDS, REFERENCE_PAGE, Client, Seat, figures, run_clients
from domain.recommendation import Recommendation
from domain.vocabulary import REGIONAL, SECRETARY
from web import serving

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
THREADS = 8  # scripts/serve.sh's default
SERVING = re.compile(r"Serving on http://127\.0\.0\.1:(\d+)")
TARGETS = {"commands_p95_ms": 100, "throughput_ratio": 0.4}
# The events each command records, by the request id it was sent with.
EVENTS = {"raise": Recommendation.Raised, "escalate": Recommendation.EscalatedToRegion,
          "acknowledge": Recommendation.Acknowledged}


def run(server_url: str, clients: int, seconds: float, reference_seconds: float,
        communes: int, keep: bool, redis_url: str | None = None,
        processes: int | None = None) -> dict:
    """The whole load run; returns its figures. With ``redis_url`` the web processes count
    their limits there, as several must (``processes``, web/serving.py)."""
    folder = Path(tempfile.mkdtemp(prefix="ccs-load-"))  # the servers' logs, blobs, witness
    with stores.postgres_store(server_url, keep=keep) as database_url:
        if keep:
            click.echo(f"Database kept: {database_url}; logs in {folder}")
        environment = server_environment(database_url, folder, redis_url)
        try:
            processes = serving.processes_wanted(environment, processes)
        except ValueError as error:
            raise click.UsageError(str(error)) from None
        environment["TRACKER_WEB_PROCESSES"] = str(processes)
        publish_reference(environment, folder)
        seats = open_seats(database_url, folder, clients, communes)
        with served(environment, folder) as (port, groups):
            result = measure(port, groups, seats, seconds, reference_seconds)
            result["read_side"] = read_side(port, seats, result["check"]["answered"])
        result["check"].update(check_log(database_url, folder, result.pop("answered")))
        result["store"] = stores.versions(database_url)
        result["served"] = {"port": port, "database": make_url(database_url).database}
    if not keep:  # on failure the folder stays, with the servers' logs
        shutil.rmtree(folder, ignore_errors=True)
    result.update(clients=clients, seconds=seconds, reference_seconds=reference_seconds,
                  communes=len({seat.commune for seat in seats}), threads=THREADS,
                  processes=processes)
    result["targets_met"] = verdicts(result)
    return result


# ---- set-up -------------------------------------------------------------------------------
def open_seats(database_url: str, folder: Path, clients: int, communes: int) -> list[Seat]:
    """A secretary per commune for the first ``communes`` communes (at most one per
    client), their regions' authorities, and a token of each for every client."""
    from tracker.application import Tracker

    tracker_app = Tracker(_settings(database_url, folder))
    previous = tracker.accounts.PASSWORD_HASH_METHOD
    # Nobody signs in with these passwords (tokens only): a cheap hash keeps set-up short.
    tracker.accounts.PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    try:
        chosen = list(tracker_app.reference.communes.values())[:min(communes, clients)]
        for commune in chosen:
            _open(tracker_app, f"charge.sg.{commune.slug}", SECRETARY, commune=commune.slug)
        for region in sorted({commune.region for commune in chosen}):
            _open(tracker_app, f"charge.gouv.{region}", REGIONAL, region=region)
        seats = []
        for number in range(clients):
            commune = chosen[number % len(chosen)]
            seats.append(Seat(
                commune.slug, commune.region,
                tracker_app.issue_token(None, f"charge.sg.{commune.slug}"),
                tracker_app.issue_token(None, f"charge.gouv.{commune.region}")))
        return seats
    finally:
        tracker.accounts.PASSWORD_HASH_METHOD = previous
        tracker_app.close()


def _open(tracker_app, username: str, role: str, **territory) -> None:
    tracker_app.open_account(None, username=username, role=role,
                             password=secrets.token_urlsafe(24),
                             display_name=f"Charge {username}", **territory)


def _settings(database_url: str, folder: Path):
    from tracker.config import Settings

    return Settings(database_url, chain_witness=str(folder / "chain-witness.txt"),
                    blob_store=str(folder / "blobs"))


# ---- the served application ----------------------------------------------------------------
def server_environment(database_url: str, folder: Path, redis_url: str | None = None) -> dict:
    """scripts/serve.sh's settings on this database, without the per-person write limit
    (web/limits.py: it would answer 429 to a client writing many times a second)."""
    environment = {**os.environ, "TRACKER_DATABASE_URL": database_url,
                   "TRACKER_PROJECTOR": "external", "TRACKER_WRITES_PER_MINUTE": "0",
                   "TRACKER_SECRET_KEY": "bench-load-" + "0" * 32,
                   "TRACKER_BLOB_STORE": str(folder / "blobs"),
                   "TRACKER_CHAIN_WITNESS": str(folder / "chain-witness.txt")}
    if redis_url:
        environment["TRACKER_RATELIMIT_STORAGE_URI"] = redis_url
    return environment


def publish_reference(env: dict, folder: Path) -> None:
    """What scripts/serve.sh does first: the shipped reference on record, and with it the
    read models' tables, before the projector and the web processes start."""
    log = folder / "publish.log"
    with open(log, "wb") as output:
        done = subprocess.run([str(BIN / "flask"), "--app", "wsgi", "reference", "publish"],
                              cwd=PROJECT_ROOT, env=env, stdin=subprocess.DEVNULL,
                              stdout=output, stderr=subprocess.STDOUT, timeout=120)
    if done.returncode:
        raise click.ClickException("flask reference publish failed:\n" + _tail(log))


@contextmanager
def served(env: dict, folder: Path) -> Iterator[int]:
    """``projections run`` and waitress with ``env``, as scripts/serve.sh starts them;
    yields the port once the application answers and their process groups, and stops both
    at the end. One after the other: each process runs the event store's and the read
    models' CREATE … IF NOT EXISTS as it starts, and PostgreSQL refuses two at once
    ("tuple concurrently updated"), which stops the one that loses."""
    processes = []
    try:
        processes.append(_start("projector", [BIN / "flask", "--app", "wsgi", "projections",
                                              "run"], env, folder))
        # Its first report ("active", or "on standby") comes after its set-up.
        _wait_for(lambda: (folder / "projector.log").stat().st_size > 0, processes, folder)
        processes.append(_start("waitress", [BIN / "python", "-m", "web.serving",
                                             "--listen=127.0.0.1:0",
                                             f"--threads={THREADS}"], env, folder))
        port = _wait_for(_answering(folder), processes, folder)
        yield port, {name: process.pid for name, process in processes}
    finally:
        for name, process in reversed(processes):
            _stop(process)


def _start(name: str, command: list, env: dict, folder: Path):
    log = open(folder / f"{name}.log", "wb")
    # A session of its own (setsid): the whole group is stopped at the end.
    process = subprocess.Popen([str(part) for part in command], cwd=PROJECT_ROOT, env=env,
                               stdin=subprocess.DEVNULL, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    log.close()
    return name, process


def _stop(process: subprocess.Popen) -> None:
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            pass
        try:
            process.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _wait_for(ready, processes: list, folder: Path, timeout: float = 60):
    """What ``ready()`` gives once it is something, while every process is still running."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for name, process in processes:
            if process.poll() is not None:
                raise click.ClickException(f"The {name} stopped (exit {process.returncode}):\n"
                                           + _tail(folder / f"{name}.log"))
        found = ready()
        if found:
            return found
        time.sleep(0.2)
    name = processes[-1][0]
    raise click.ClickException(f"The {name} was not ready within {timeout:.0f} s:\n"
                               + _tail(folder / f"{name}.log"))


def _answering(folder: Path):
    """The port waitress chose (port 0: no other process can take it between a probe and
    waitress's bind), once the reference page answers 200 on it."""
    pools = []

    def port() -> int | None:
        if not pools:
            serving = SERVING.search((folder / "waitress.log").read_text(errors="replace"))
            if not serving:
                return None
            pools.append(urllib3.HTTPConnectionPool("127.0.0.1", int(serving[1]),
                                                    retries=False, timeout=5))
        try:
            return pools[0].port if pools[0].request("GET", REFERENCE_PAGE).status == 200 \
                else None
        except urllib3.exceptions.HTTPError:
            return None
    return port


def _tail(path: Path, lines: int = 20) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


# ---- measuring -----------------------------------------------------------------------------
def measure(port: int, groups: dict, seats: list[Seat], seconds: float,
            reference_seconds: float) -> dict:
    """Warm-up, the reference page, then the mix, all with the same clients."""
    run_id = uuid.uuid4().hex[:8]
    clients = [Client(number, port, seat, run_id) for number, seat in enumerate(seats)]
    run_clients(clients, 1.0, "reference")  # waitress's threads and the imports, untimed
    load_before = os.getloadavg()
    click.echo(f"Reference {REFERENCE_PAGE}: {len(clients)} clients, {reference_seconds:g} s…")
    reference_tally, reference_elapsed = run_clients(clients, reference_seconds, "reference")
    click.echo(f"Load: {len(clients)} clients, {seconds:g} s…")
    before = cpu.snapshot(groups)
    tally, elapsed = run_clients(clients, seconds, "cycle")
    cores = cpu.split(before, cpu.snapshot(groups))
    load = figures(tally, elapsed)
    reference = {"page": REFERENCE_PAGE,
                 **figures(reference_tally, reference_elapsed, ("reference",))}
    rate = reference["requests_per_second"]
    return {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "machine": report.machine(), "load": load, "reference": reference,
            "cpu": cores, "ratio": round(load["requests_per_second"] / rate, 3) if rate else None,
            "errors": load["errors"] + reference["errors"],
            "check": {"answered": {name: len(tally.recorded[name]) for name in COMMANDS}},
            "answered": tally.recorded,
            "load_average": {"before": [round(x, 2) for x in load_before],
                             "after": [round(x, 2) for x in os.getloadavg()]}}


def read_side(port: int, seats: list[Seat], answered: dict, timeout: float = 20) -> dict:
    """What the regional authorities' lists show once the projector has caught up: every
    file raised, once, and as many acknowledged as acknowledgements answered."""
    tokens = {seat.region: seat.regional_token for seat in seats}
    http = urllib3.HTTPConnectionPool("127.0.0.1", port, retries=False, timeout=30)

    def total(region: str, query: str = "") -> int:
        response = http.request("GET", f"/api/v1/recommendations?per_page=1{query}",
                                headers={"Authorization": f"Bearer {tokens[region]}"})
        return response.json()["total"]

    deadline = time.monotonic() + timeout
    while True:
        shown = {"files": sum(total(region) for region in tokens),
                 "acknowledged": sum(total(region, "&status=acknowledged")
                                     for region in tokens)}
        caught_up = (shown["files"] == answered["raise"]
                     and shown["acknowledged"] == answered["acknowledge"])
        if caught_up or time.monotonic() > deadline:
            return {**shown, "matches": caught_up}
        time.sleep(0.5)


def check_log(database_url: str, folder: Path, answered: dict) -> dict:
    """Each command answered as recorded is in the log once (lost: not at all; doubled:
    more than once); ``unanswered``: this run's events whose answer was not a success."""
    from projections.decoding import Decoder
    from tracker.application import Tracker

    tracker_app = Tracker(_settings(database_url, folder))
    try:
        found = {name: Counter() for name in COMMANDS}
        decoder, start = Decoder(tracker_app), 1
        while batch := decoder.read(start, 1000):
            for _position, event in batch:
                for name, event_class in EVENTS.items():
                    if type(event) is event_class and event.request_id:
                        found[name][event.request_id] += 1
            start = batch[-1][0] + 1
    finally:
        tracker_app.close()
    result = {"lost": 0, "doubled": 0, "unanswered": 0, "events": {}}
    for name in COMMANDS:
        result["events"][name] = sum(found[name].values())
        result["lost"] += sum(1 for key in answered[name] if found[name][key] == 0)
        result["doubled"] += sum(1 for count in found[name].values() if count > 1)
        result["unanswered"] += sum(1 for key in found[name] if key not in answered[name])
    return result


def verdicts(result: dict) -> dict:
    check, commands = result["check"], result["load"].get("commands", {})
    return {"errors": result["errors"] == 0,
            "lost_or_doubled": check["lost"] == 0 and check["doubled"] == 0,
            "read_side": result["read_side"]["matches"],
            "commands_p95_ms": commands.get("p95_ms", float("inf"))
            < TARGETS["commands_p95_ms"],
            "throughput_ratio": (result["ratio"] or 0) >= TARGETS["throughput_ratio"]}
