"""The load run's clients: threads, each with a keep-alive HTTP connection and its own
tokens, walking files through the issue's mix against the served application.

One cycle of a client: raise (its secretary), read that file, escalate it (the secretary,
with a reason), acknowledge it (the regional authority), read the list. Every command
carries a request id of its own, so that the log can be searched for each answer given:
nothing lost, nothing doubled. A cycle stops at its first failure; the next one starts on
a new file."""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import urllib3

from bench.web import summary

REASON = "Au-delà des moyens de la commune : transmis pour la charge."
COMMANDS = ("raise", "escalate", "acknowledge")
OPERATIONS = (*COMMANDS, "read one", "list")
REFERENCE_PAGE = "/manifest.webmanifest"  # no database: offline.manifest renders a dict
# What each command leaves the file in (level, status): anything else is an error.
EXPECTED = {"escalate": ("region", "awaiting_acknowledgement"),
            "acknowledge": ("region", "acknowledged")}


@dataclass
class Seat:
    """Whom one client acts as: a secretary and the authority of that commune's region,
    each with a token of this client's own."""

    commune: str
    region: str
    secretary_token: str
    regional_token: str


@dataclass
class Tally:
    """What one client did: durations per operation, errors, and the request ids of the
    commands the server said it recorded."""

    samples: dict = field(default_factory=lambda: defaultdict(list))
    unanswered: int = 0  # requests that got no answer at all (an exception)
    errors: dict = field(default_factory=lambda: defaultdict(int))
    error_examples: list = field(default_factory=list)
    recorded: dict = field(default_factory=lambda: {name: set() for name in COMMANDS})

    def merge(self, other: "Tally") -> None:
        for name, values in other.samples.items():
            self.samples[name].extend(values)
        for name, count in other.errors.items():
            self.errors[name] += count
        self.unanswered += other.unanswered
        self.error_examples.extend(other.error_examples[:5])
        for name in COMMANDS:
            self.recorded[name] |= other.recorded[name]


class Client:
    def __init__(self, number: int, port: int, seat: Seat, run_id: str):
        self.number, self.seat, self.run_id = number, seat, run_id
        self.http = urllib3.HTTPConnectionPool("127.0.0.1", port, maxsize=1, block=True,
                                               retries=False, timeout=30.0)
        self.tally = Tally()
        self.files = 0

    def call(self, operation: str, method: str, path: str, token: str | None = None,
             body: dict | None = None) -> dict | None:
        """One timed request; its JSON (``{}`` when none) on 2xx/3xx, else None."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        try:
            response = self.http.request(method, path, body=payload, headers=headers,
                                         redirect=False)
        except Exception as error:  # a refused or broken connection is an error too
            self.tally.unanswered += 1
            return self._failed(operation, repr(error))
        self.tally.samples[operation].append(time.perf_counter() - started)
        if not 200 <= response.status < 400:
            return self._failed(operation, f"{response.status} {response.data[:200]!r}")
        is_json = response.headers.get("Content-Type", "").startswith("application/json")
        return response.json() if is_json and response.data else {}

    def _failed(self, operation: str, what: str) -> None:
        self.tally.errors[operation] += 1
        if len(self.tally.error_examples) < 5:
            self.tally.error_examples.append(f"{operation}: {what}")
        return None

    def cycle(self) -> None:
        """One file through the mix; stops at the first thing that goes wrong."""
        seat, self.files = self.seat, self.files + 1
        key = f"{self.run_id}-{self.number}-{self.files}"
        raised = self.call("raise", "POST", "/api/v1/recommendations", seat.secretary_token,
                           raise_body(key))
        if raised is None:
            return
        self.tally.recorded["raise"].add(key)
        path = f"/api/v1/recommendations/{raised['id']}"
        if self.call("read one", "GET", path, seat.secretary_token) is None:
            return
        for command, token, body in (
                ("escalate", seat.secretary_token, {"reason": REASON}),
                ("acknowledge", seat.regional_token, {})):
            request_id = f"{key}-{command}"
            after = self.call(command, "POST", f"{path}/{command}", token,
                              {**body, "request_id": request_id})
            if after is None:
                return
            if (after.get("level"), after.get("status")) != EXPECTED[command]:
                self._failed(command, f"state {after.get('level')}/{after.get('status')}")
                return
            self.tally.recorded[command].add(request_id)
        self.call("list", "GET", "/api/v1/recommendations?per_page=25",
                  seat.secretary_token)

    def reference(self) -> None:
        self.call("reference", "GET", REFERENCE_PAGE)


def raise_body(key: str) -> dict:
    meeting = (datetime.now(timezone.utc) - timedelta(days=3)).date()
    return {"title": f"Charge {key} : éclairage public du marché",
            "description": "Installer dix lampadaires solaires autour du marché.",
            "theme": "eclairage_public", "meeting_date": meeting.isoformat(),
            "origin_group": "femmes", "request_id": key}


def run_clients(clients: list[Client], seconds: float, step: str) -> tuple[Tally, float]:
    """Every client repeats ``step`` ("cycle" or "reference") until ``seconds`` have passed;
    returns what they did, together, and the seconds until the last one stopped."""
    deadline = time.perf_counter() + seconds

    def loop(client: Client) -> None:
        while time.perf_counter() < deadline:
            getattr(client, step)()

    for client in clients:
        client.tally = Tally()
    threads = [threading.Thread(target=loop, args=(client,), daemon=True)
               for client in clients]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    total = Tally()
    for client in clients:
        total.merge(client.tally)
    return total, elapsed


def figures(tally: Tally, seconds: float, operations=OPERATIONS) -> dict:
    """Requests/s and p50/p95 per operation (and for the three commands together)."""
    requests = sum(len(values) for values in tally.samples.values()) + tally.unanswered
    result = {"requests": requests, "seconds": round(seconds, 2),
              "requests_per_second": round(requests / seconds, 1) if seconds else 0.0,
              "errors": sum(tally.errors.values()), "error_examples": tally.error_examples,
              "operations": {}}
    for name in operations:
        values = tally.samples.get(name, [])
        result["operations"][name] = {**(summary(values) if values else {"n": 0}),
                                      "errors": tally.errors.get(name, 0)}
    commands = [value for name in COMMANDS for value in tally.samples.get(name, [])]
    if commands and set(operations) >= set(COMMANDS):
        result["commands"] = summary(commands)
    return result
